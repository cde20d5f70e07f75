/**
 * The provider contract suite: what every CutoverProvider must do, run against a sandbox world.
 * `describeProviderContract(name, makeFixture)` registers mocha tests; the fixture builds a provider
 * over a world made from the given document (in process, or through the HTTP emulator) and exposes
 * the world, so the tests assert live state and mutating-call counts on the one model.
 *
 * Notes for fixtures:
 * - Injected retryable faults (Throttling, InternalError, ConnectionReset, Timeout) fire 10 times,
 *   so a provider whose client retries on its own must be configured with fewer attempts
 *   (`maxAttempts: 1` is best) for the error to surface.
 * - The document uses `deploySeconds: 300, dnsSyncSeconds: 30`; a fixture on real time may lower
 *   them (`contractWorldDocument({ deploySeconds, dnsSyncSeconds })`). No test here asserts durations.
 * - Read-only calls are not counted (a provider may read with GetDistribution or GetDistributionConfig);
 *   writes are (UpdateDistribution, UpdateDistributionTenant, AssociateAlias, UpdateDomainAssociation,
 *   ChangeResourceRecordSets). The one exception: the reads of a target's ETag for moves with
 *   UpdateDomainAssociation, one per target (provider-contract-moves.ts).
 * - The suites on distribution tenants (provider-contract-tenants.ts) and on what moves cost
 *   (provider-contract-moves.ts) run inside this one.
 */
import { expect } from 'chai';
import {
  AbortedError,
  AliasConflictError,
  InvalidCertificateError,
  OwnershipProofError,
  PreconditionFailedError,
  RequestRejectedError,
  ResourceNotFoundError,
  StalePlanError,
  ThrottlingError,
  TransientError,
  type CutoverProvider,
  type DnsRecord,
  type LiveDistribution,
} from '@cfalias/core';
import type { FaultDocument, WorldDocument, WorldSettings } from '../sandbox/world-document.js';
import { describeEnabledContract } from './provider-contract-enabled.js';
import { describeMoveCostContract } from './provider-contract-moves.js';
import { describeTenantContract } from './provider-contract-tenants.js';
import type { SandboxWorld } from '../sandbox/world-model.js';
import { rejection } from './rejection.js';

export interface ProviderFixture {
  readonly provider: CutoverProvider;
  /** The world the provider acts on, as account `CONTRACT_ACCOUNT`. */
  readonly world: SandboxWorld;
  /** Releases what the fixture started (an emulator server, clients). */
  close?(): Promise<void>;
}

export type MakeProviderFixture = (doc: WorldDocument) => Promise<ProviderFixture> | ProviderFixture;

export const CONTRACT_ACCOUNT = '111111111111';
export const CONTRACT_FOREIGN_ACCOUNT = '222222222222';
const A = CONTRACT_ACCOUNT;
const B = CONTRACT_FOREIGN_ACCOUNT;
const BLUE = 'E1BLUEBLUEBLUE';
const GREEN = 'E2GREENGREENGR';
const RED = 'E5REDREDREDRED';
const FOREIGN = 'E3FOREIGNFOREI';
const OLD = 'E4OLDOLDOLDOLD';
const CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/example';
const NARROW = 'arn:aws:acm:us-east-1:111111111111:certificate/narrow';
const CERT_B = 'arn:aws:acm:us-east-1:222222222222:certificate/b';
const ZONE = 'Z1EXAMPLE';

function txt(name: string, domain: string) {
  return { name, type: 'TXT', ttl: 300, values: [`"${domain}"`] };
}

/**
 * Account 111111111111: blue (www, api), green (empty), red (certificate for www only); zone
 * example.com with www → blue (A alias), api → blue (CNAME), * → blue, cdn → foreign, TXT
 * `_www`/`_old`/`_shop` → green. Account 222222222222: foreign (shop, enabled), old (old, disabled).
 */
export function contractWorldDocument(settings: WorldSettings = {}, faults: readonly FaultDocument[] = []): WorldDocument {
  return {
    version: 1,
    caller: A,
    now: '2026-01-01T00:00:00.000Z',
    settings: { deploySeconds: 300, dnsSyncSeconds: 30, ...settings },
    credentials: { AKIDCONTRACTAAAAAAAA: A, AKIDCONTRACTBBBBBBBB: B },
    accounts: [
      {
        id: A,
        distributions: [
          {
            id: BLUE,
            domainName: 'd1blue.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['www.example.com', 'api.example.com'],
            certificateArn: CERT,
          },
          { id: GREEN, domainName: 'd2green.cloudfront.net', enabled: true, status: 'Deployed', aliases: [], certificateArn: CERT },
          { id: RED, domainName: 'd5red.cloudfront.net', enabled: false, status: 'Deployed', aliases: [], certificateArn: NARROW },
        ],
        certificates: [
          {
            arn: CERT,
            domainName: 'example.com',
            subjectAlternativeNames: ['example.com', '*.example.com'],
            status: 'ISSUED',
            notAfter: '2027-06-01T00:00:00.000Z',
          },
          {
            arn: NARROW,
            domainName: 'www.example.com',
            subjectAlternativeNames: ['www.example.com'],
            status: 'ISSUED',
            notAfter: '2027-01-01T00:00:00.000Z',
          },
        ],
        hostedZones: [
          {
            id: ZONE,
            name: 'example.com.',
            records: [
              { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
              { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
              { name: '*.example.com.', type: 'CNAME', ttl: 60, values: ['d1blue.cloudfront.net'] },
              { name: 'cdn.example.com.', type: 'CNAME', ttl: 300, values: ['d3foreign.cloudfront.net'] },
              txt('_www.example.com.', 'd2green.cloudfront.net'),
              txt('_old.example.com.', 'd2green.cloudfront.net'),
              txt('_shop.example.com.', 'd2green.cloudfront.net'),
            ],
          },
        ],
      },
      {
        id: B,
        distributions: [
          {
            id: FOREIGN,
            domainName: 'd3foreign.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['shop.example.com'],
            certificateArn: CERT_B,
          },
          {
            id: OLD,
            domainName: 'd4old.cloudfront.net',
            enabled: false,
            status: 'Deployed',
            aliases: ['old.example.com'],
            certificateArn: CERT_B,
          },
        ],
        certificates: [{ arn: CERT_B, domainName: '*.example.com', subjectAlternativeNames: ['*.example.com'], status: 'ISSUED' }],
      },
    ],
    ...(faults.length > 0 ? { faults } : {}),
  };
}

const MUTATING = [
  'UpdateDistribution',
  'UpdateDistributionTenant',
  'AssociateAlias',
  'UpdateDomainAssociation',
  'ChangeResourceRecordSets',
] as const;

/** A guard that writes unless the edit is already in place (the executor's idempotence rule). */
function skipWhenDone(edit: { remove: string[]; add: string[] }) {
  return (live: LiveDistribution) =>
    edit.add.every((a) => live.aliases.includes(a)) && edit.remove.every((a) => !live.aliases.includes(a))
      ? ('skip' as const)
      : ('apply' as const);
}

function recordSummary(records: readonly DnsRecord[]): string[] {
  return records.map((r) => `${r.name} ${r.type} ${r.aliasTarget ? `alias:${r.aliasTarget.dnsName}` : (r.values ?? []).join(',')}`).sort();
}

export function describeProviderContract(name: string, makeFixture: MakeProviderFixture): void {
  describe(`provider contract: ${name}`, function () {
    let fixture: ProviderFixture | undefined;
    const open = async (settings: WorldSettings = {}, ...faults: FaultDocument[]): Promise<ProviderFixture> => {
      fixture = await makeFixture(contractWorldDocument(settings, faults));
      return fixture;
    };
    const writes = (world: SandboxWorld): number => MUTATING.reduce((sum, op) => sum + world.callCount(op), 0);

    afterEach(async () => {
      await fixture?.close?.();
      fixture = undefined;
    });

    describe('readInventory', () => {
      it('reads the account: distributions, certificates in use, zones and records, foreign owners', async () => {
        const { provider } = await open();
        const inventory = await provider.readInventory({
          aliases: ['www.example.com', 'shop.example.com', 'new.example.com'],
          distributionIds: [GREEN],
        });
        expect(inventory.account).to.equal(A);
        expect(Number.isNaN(Date.parse(inventory.readAt))).to.equal(false);
        expect([...inventory.distributions].sort((x, y) => x.id.localeCompare(y.id))).to.deep.equal([
          {
            id: BLUE,
            accountId: A,
            domainName: 'd1blue.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['www.example.com', 'api.example.com'],
            certificateArn: CERT,
          },
          {
            id: GREEN,
            accountId: A,
            domainName: 'd2green.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: [],
            certificateArn: CERT,
          },
          {
            id: RED,
            accountId: A,
            domainName: 'd5red.cloudfront.net',
            enabled: false,
            status: 'Deployed',
            aliases: [],
            certificateArn: NARROW,
          },
        ]);
        expect([...inventory.certificates].sort((x, y) => x.arn.localeCompare(y.arn))).to.deep.equal([
          {
            arn: CERT,
            domainName: 'example.com',
            subjectAlternativeNames: ['example.com', '*.example.com'],
            status: 'ISSUED',
            notAfter: '2027-06-01T00:00:00.000Z',
          },
          {
            arn: NARROW,
            domainName: 'www.example.com',
            subjectAlternativeNames: ['www.example.com'],
            status: 'ISSUED',
            notAfter: '2027-01-01T00:00:00.000Z',
          },
        ]);
        expect(inventory.hostedZones.map((z) => [z.id, z.name])).to.deep.equal([[ZONE, 'example.com.']]);
        expect(recordSummary(inventory.hostedZones[0]!.records)).to.deep.equal([
          '*.example.com. CNAME d1blue.cloudfront.net',
          '_old.example.com. TXT "d2green.cloudfront.net"',
          '_shop.example.com. TXT "d2green.cloudfront.net"',
          '_www.example.com. TXT "d2green.cloudfront.net"',
          'api.example.com. CNAME d1blue.cloudfront.net',
          'cdn.example.com. CNAME d3foreign.cloudfront.net',
          'www.example.com. A alias:d1blue.cloudfront.net.',
        ]);
        expect(inventory.foreignOwners).to.deep.equal([
          { alias: 'shop.example.com', distributionId: '*******GNFOREI', accountId: '******222222' },
        ]);
      });

      it('reads one distribution live, and reports unknown or foreign ones as not found', async () => {
        const { provider } = await open();
        expect(await provider.readDistribution(BLUE)).to.deep.equal({
          id: BLUE,
          domainName: 'd1blue.cloudfront.net',
          enabled: true,
          status: 'Deployed',
          aliases: ['www.example.com', 'api.example.com'],
          certificateArn: CERT,
        });
        expect(await rejection(provider.readDistribution('ENOSUCHDISTRIB'))).to.be.instanceOf(ResourceNotFoundError);
        expect(await rejection(provider.readDistribution(FOREIGN))).to.be.instanceOf(ResourceNotFoundError);
      });
    });

    describe('updateAliases', () => {
      it('removes and adds in one UpdateDistribution, keeping the order of the others', async () => {
        const { provider, world } = await open();
        const seen: LiveDistribution[] = [];
        const decision = await provider.updateAliases(BLUE, { remove: ['api.example.com'], add: ['new.example.com'] }, (live) => {
          seen.push(live);
          return 'apply';
        });
        expect(decision).to.equal('apply');
        expect(seen.map((l) => l.aliases)).to.deep.equal([['www.example.com', 'api.example.com']]);
        expect(world.distribution(BLUE)).to.deep.include({ aliases: ['www.example.com', 'new.example.com'], status: 'InProgress' });
        expect(world.callCount('UpdateDistribution')).to.equal(1);
      });

      it("writes nothing when the guard says 'skip', or when it refuses", async () => {
        const { provider, world } = await open();
        expect(await provider.updateAliases(BLUE, { remove: ['www.example.com'], add: [] }, () => 'skip')).to.equal('skip');
        const stale = new StalePlanError('update-aliases:E1BLUEBLUEBLUE:1', BLUE, [
          { field: 'aliases', expected: [], found: ['www.example.com'] },
        ]);
        const refused = await rejection(
          provider.updateAliases(BLUE, { remove: ['www.example.com'], add: [] }, () => {
            throw stale;
          }),
        );
        expect(refused).to.equal(stale);
        expect(writes(world)).to.equal(0);
        expect(world.distribution(BLUE)!.aliases).to.deep.equal(['www.example.com', 'api.example.com']);
      });

      it('is idempotent: a re-run finds the edit in place and skips', async () => {
        const { provider, world } = await open();
        const edit = { remove: ['www.example.com'], add: ['www2.example.com'] };
        expect(await provider.updateAliases(BLUE, edit, skipWhenDone(edit))).to.equal('apply');
        expect(await provider.updateAliases(BLUE, edit, skipWhenDone(edit))).to.equal('skip');
        expect(world.callCount('UpdateDistribution')).to.equal(1);
        expect(world.distribution(BLUE)!.aliases).to.deep.equal(['api.example.com', 'www2.example.com']);
      });

      it('raises AliasConflictError for an alias held elsewhere, and for DNS pointing at another distribution', async () => {
        const { provider, world } = await open();
        const held = await rejection(provider.updateAliases(GREEN, { remove: [], add: ['shop.example.com'] }, () => 'apply'));
        expect(held).to.be.instanceOf(AliasConflictError);
        expect(held).to.include({ alias: 'shop.example.com', distribution: GREEN });
        const dns = await rejection(provider.updateAliases(GREEN, { remove: [], add: ['cdn.example.com'] }, () => 'apply'));
        expect(dns).to.be.instanceOf(AliasConflictError);
        expect(dns.message).to.include('points to another CloudFront distribution');
        expect(world.distribution(GREEN)!.aliases).to.deep.equal([]);
      });

      it('raises InvalidCertificateError when the certificate does not cover an added alias', async () => {
        const { provider } = await open();
        const error = await rejection(provider.updateAliases(RED, { remove: [], add: ['img.example.com'] }, () => 'apply'));
        expect(error).to.be.instanceOf(InvalidCertificateError);
        expect(error).to.include({ distribution: RED });
      });

      it('raises PreconditionFailedError on a stale ETag', async () => {
        const { provider, world } = await open({}, { operation: 'UpdateDistribution', error: 'PreconditionFailed' });
        const error = await rejection(provider.updateAliases(BLUE, { remove: ['api.example.com'], add: [] }, () => 'apply'));
        expect(error).to.be.instanceOf(PreconditionFailedError);
        expect(error).to.include({ resource: BLUE });
        expect(world.distribution(BLUE)!.aliases).to.deep.equal(['www.example.com', 'api.example.com']);
      });

      it("raises TransientError when the answer is lost after the change was made ('when: after')", async () => {
        const { provider, world } = await open({}, { operation: 'UpdateDistribution', error: 'ConnectionReset', when: 'after', times: 10 });
        const error = await rejection(provider.updateAliases(BLUE, { remove: ['api.example.com'], add: [] }, () => 'apply'));
        expect(error).to.be.instanceOf(TransientError);
        expect(error).to.include({ reason: 'connection-reset' });
        expect(world.distribution(BLUE)!.aliases).to.deep.equal(['www.example.com']);
      });
    });

    describe('error classes', () => {
      it('ThrottlingError for Throttling', async () => {
        const { provider } = await open({}, { operation: 'GetDistribution', error: 'Throttling', times: 10 });
        expect(await rejection(provider.readDistribution(BLUE))).to.be.instanceOf(ThrottlingError);
      });

      it("TransientError 'server-error' for a 500", async () => {
        const { provider } = await open({}, { operation: 'ListDistributions', error: 'InternalError', times: 10 });
        const error = await rejection(provider.readInventory({ aliases: [], distributionIds: [] }));
        expect(error).to.be.instanceOf(TransientError);
        expect(error).to.include({ reason: 'server-error' });
      });

      it("TransientError 'timeout' for an answer that never comes", async () => {
        const { provider } = await open({}, { operation: 'GetDistribution', error: 'Timeout', times: 10 });
        const error = await rejection(provider.readDistribution(BLUE));
        expect(error).to.be.instanceOf(TransientError);
        expect(error).to.include({ reason: 'timeout' });
      });

      it('RequestRejectedError with the AWS code for other refusals', async () => {
        const { provider, world } = await open();
        const noTxt = await rejection(provider.moveAlias(GREEN, 'api.example.com', 'associate-alias'));
        expect(noTxt).to.be.instanceOf(OwnershipProofError);
        expect(noTxt).to.include({ code: 'IllegalUpdate', alias: 'api.example.com' });
        const badBatch = await rejection(
          provider.changeRecords(ZONE, [
            { action: 'DELETE', record: { name: 'nope.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1'] } },
          ]),
        );
        expect(badBatch).to.be.instanceOf(RequestRejectedError);
        expect(badBatch).to.include({ code: 'InvalidChangeBatch' });
        expect(world.distribution(BLUE)!.aliases).to.deep.equal(['www.example.com', 'api.example.com']);
      });

      it('ResourceNotFoundError for an unknown hosted zone', async () => {
        const { provider } = await open();
        expect(await rejection(provider.readRecords('ZNOSUCHZONE', ['www.example.com.']))).to.be.instanceOf(ResourceNotFoundError);
      });

      it('AbortedError, without a call, when the signal has fired', async () => {
        const { provider, world } = await open();
        const controller = new AbortController();
        controller.abort();
        expect(await rejection(provider.readDistribution(BLUE, { signal: controller.signal }))).to.be.instanceOf(AbortedError);
        expect(world.callCount()).to.equal(0);
      });
    });

    describe('moveAlias with AssociateAlias', () => {
      it('moves the alias in one call', async () => {
        const { provider, world } = await open();
        await provider.moveAlias(GREEN, 'www.example.com', 'associate-alias');
        expect(world.distribution(GREEN)!.aliases).to.deep.equal(['www.example.com']);
        expect(world.distribution(BLUE)!.aliases).to.deep.equal(['api.example.com']);
        expect(world.callCount('AssociateAlias')).to.equal(1);
      });

      it('takes an alias from another account only when its distribution is disabled', async () => {
        const { provider, world } = await open();
        const enabled = await rejection(provider.moveAlias(GREEN, 'shop.example.com', 'associate-alias'));
        expect(enabled).to.be.instanceOf(RequestRejectedError);
        expect(enabled).to.include({ code: 'IllegalUpdate' });
        await provider.moveAlias(GREEN, 'old.example.com', 'associate-alias');
        expect(world.distribution(GREEN)!.aliases).to.deep.equal(['old.example.com']);
        expect(world.distribution(OLD)!.aliases).to.deep.equal([]);
      });
    });

    describe('waits', () => {
      it('waitDeployed resolves once the distribution is Deployed', async () => {
        const { provider, world } = await open();
        await provider.updateAliases(BLUE, { remove: ['api.example.com'], add: [] }, () => 'apply');
        expect(world.distribution(BLUE)!.status).to.equal('InProgress');
        await provider.waitDeployed(BLUE);
        expect(world.distribution(BLUE)!.status).to.equal('Deployed');
        expect((await provider.readDistribution(BLUE)).status).to.equal('Deployed');
      });
    });

    describe('DNS', () => {
      it('readRecords returns the record sets of the given names, any type, wildcards decoded', async () => {
        const { provider } = await open();
        const records = await provider.readRecords(ZONE, ['www.example.com.', '*.example.com.', 'none.example.com.']);
        expect(recordSummary(records)).to.deep.equal([
          '*.example.com. CNAME d1blue.cloudfront.net',
          'www.example.com. A alias:d1blue.cloudfront.net.',
        ]);
        const www = records.find((r) => r.name === 'www.example.com.')!;
        expect(www.aliasTarget).to.deep.include({ dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' });
      });

      it('changeRecords applies one atomic batch; waitRecordsSynced resolves when it is INSYNC', async () => {
        const { provider, world } = await open();
        const { changeId } = await provider.changeRecords(ZONE, [
          {
            action: 'UPSERT',
            record: {
              name: 'www.example.com.',
              type: 'A',
              aliasTarget: { dnsName: 'd2green.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' },
            },
          },
          { action: 'DELETE', record: { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] } },
        ]);
        expect(changeId)
          .to.be.a('string')
          .and.not.match(/^\/change\//);
        expect(world.callCount('ChangeResourceRecordSets')).to.equal(1);
        const records = world.zoneRecords(ZONE)!;
        expect(records.find((r) => r.name === 'www.example.com.')!.aliasTarget!.dnsName).to.equal('d2green.cloudfront.net.');
        expect(records.some((r) => r.name === 'api.example.com.')).to.equal(false);
        await provider.waitRecordsSynced(changeId);
        expect(world.changeDueAt(changeId)).to.equal(null);
      });

      it("raises TransientError when the change's answer is lost, with the change made", async () => {
        const { provider, world } = await open(
          {},
          { operation: 'ChangeResourceRecordSets', error: 'ConnectionReset', when: 'after', times: 10 },
        );
        const error = await rejection(
          provider.changeRecords(ZONE, [
            { action: 'DELETE', record: { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] } },
          ]),
        );
        expect(error).to.be.instanceOf(TransientError);
        expect(world.zoneRecords(ZONE)!.some((r) => r.name === 'api.example.com.')).to.equal(false);
      });
    });
    describeEnabledContract(open);
    describeTenantContract(makeFixture);
    describeMoveCostContract(makeFixture);
  });
}
