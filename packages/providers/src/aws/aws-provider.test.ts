/**
 * The AWS provider on the real SDK v3 against the sandbox HTTP emulator: request counts of a
 * refresh, full-config fidelity of `updateAliases`, waits and error translation over the wire.
 */
import { expect } from 'chai';
import { AccountMismatchError } from '@cfalias/core';
import { describeProviderContract } from '../contract/provider-contract.js';
import { tenantContractDocument } from '../contract/provider-contract-tenants.js';
import { createEmulator } from '../emulator/index.js';
import { SandboxWorld, type WorldDocument } from '../sandbox/index.js';
import { createAwsProvider } from './aws-provider.js';
import { ACCOUNT, CERTS, KEY, OTHER, OTHER_KEY, start, stop, type Running } from '../testing/aws-emulator-rig.js';

const distributionId = (i: number): string => `EDIST${String(i).padStart(9, '0')}`;

/**
 * 250 distributions (3 list pages of 100), 3 distinct certificates plus the default one, two
 * zones: one of 350 record sets (2 record pages of 300) and one of 3, and a foreign account.
 */
function countingWorld(): WorldDocument {
  const big = Array.from({ length: 348 }, (_, i) => ({
    name: `host${String(i).padStart(3, '0')}.example.com.`,
    type: 'CNAME',
    ttl: 300,
    values: ['d0.cloudfront.net'],
  }));
  return {
    version: 1,
    caller: ACCOUNT,
    now: '2026-12-01T00:00:00Z',
    credentials: { [KEY]: ACCOUNT, [OTHER_KEY]: OTHER },
    accounts: [
      {
        id: ACCOUNT,
        distributions: Array.from({ length: 250 }, (_, i) => ({
          id: distributionId(i),
          domainName: `d${i}.cloudfront.net`,
          enabled: true,
          status: 'Deployed' as const,
          aliases: [`site${i}.example.com`],
          certificateArn: i % 4 === 3 ? null : CERTS[i % 4]!,
        })),
        certificates: CERTS.map((arn) => ({
          arn,
          domainName: 'example.com',
          subjectAlternativeNames: ['example.com', '*.example.com'],
          status: 'ISSUED' as const,
          notAfter: '2027-06-01T00:00:00Z',
        })),
        hostedZones: [
          {
            id: 'Z1EXAMPLE',
            name: 'example.com.',
            records: [
              ...big,
              { name: '*.example.com.', type: 'A', aliasTarget: { dnsName: 'd1.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
              { name: '_site1.example.com.', type: 'TXT', ttl: 300, values: ['"d2.cloudfront.net"'] },
            ],
          },
          {
            id: 'Z2OTHER',
            name: 'other.org.',
            records: [
              { name: 'www.other.org.', type: 'CNAME', ttl: 60, values: ['d3.cloudfront.net'] },
              { name: 'api.other.org.', type: 'CNAME', ttl: 60, values: ['d4.cloudfront.net'] },
              { name: 'other.org.', type: 'TXT', ttl: 60, values: ['"v=spf1 -all"'] },
            ],
          },
        ],
      },
      {
        id: OTHER,
        distributions: [
          {
            id: 'E9FOREIGNFOREI',
            domainName: 'd9foreign.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['shop.example.com'],
            certificateArn: `arn:aws:acm:us-east-1:${OTHER}:certificate/x`,
          },
        ],
        certificates: [
          {
            arn: `arn:aws:acm:us-east-1:${OTHER}:certificate/x`,
            domainName: 'shop.example.com',
            subjectAlternativeNames: ['shop.example.com'],
            status: 'ISSUED',
            notAfter: '2027-01-01T00:00:00Z',
          },
        ],
      },
    ],
  };
}

describe('AWS provider over the sandbox emulator', function () {
  this.timeout(60_000);
  let running: Running | undefined;
  afterEach(async () => {
    await stop(running);
    running = undefined;
  });

  describe('readInventory', () => {
    it('costs ceil(D/100) list pages + one DescribeCertificate per certificate + one call per zone page + one tenant and connection group page', async () => {
      running = await start(countingWorld());
      const inventory = await running.provider.readInventory({
        aliases: ['site0.example.com', 'shop.example.com'],
        distributionIds: [distributionId(7)],
      });
      const { world } = running;
      expect(world.callCount('ListDistributions'), 'list pages').to.equal(3);
      expect(world.callCount('DescribeCertificate'), 'certificates').to.equal(3);
      expect(world.callCount('ListHostedZones'), 'zone list pages').to.equal(1);
      expect(world.callCount('ListResourceRecordSets'), 'record pages: 2 + 1').to.equal(3);
      expect(world.callCount('ListDistributionTenants'), 'tenant pages').to.equal(1);
      expect(world.callCount('ListConnectionGroups'), 'connection group pages').to.equal(1);
      expect(world.callCount('ListDomainConflicts'), 'one managed alias outside the account').to.equal(1);
      expect(world.callCount('ListConflictingAliases'), 'the older call is not used').to.equal(0);
      expect(world.callCount('GetDistribution'), 'no per-distribution read').to.equal(0);
      expect(world.calls.length, 'nothing else').to.equal(13);

      expect(inventory.account).to.equal(ACCOUNT);
      expect(inventory.readAt).to.be.a('string');
      expect(inventory.distributions.length).to.equal(250);
      expect(inventory.distributions[3]).to.deep.equal({
        id: 'EDIST000000003',
        accountId: ACCOUNT,
        domainName: 'd3.cloudfront.net',
        enabled: true,
        status: 'Deployed',
        aliases: ['site3.example.com'],
        certificateArn: null,
      });
      expect(inventory.certificates.map((c) => c.arn)).to.deep.equal(CERTS);
      expect(inventory.certificates[0]).to.deep.equal({
        arn: CERTS[0],
        domainName: 'example.com',
        subjectAlternativeNames: ['example.com', '*.example.com'],
        status: 'ISSUED',
        notAfter: '2027-06-01T00:00:00.000Z',
      });
      const zones = new Map(inventory.hostedZones.map((z) => [z.id, z]));
      expect([...zones.keys()].sort()).to.deep.equal(['Z1EXAMPLE', 'Z2OTHER']);
      const example = zones.get('Z1EXAMPLE')!;
      expect(example.name).to.equal('example.com.');
      // 348 CNAMEs + wildcard + TXT + the zone's own SOA and NS.
      expect(example.records.filter((r) => r.type === 'CNAME').length).to.equal(348);
      expect(example.records.find((r) => r.type === 'A')).to.deep.equal({
        name: '*.example.com.',
        type: 'A',
        aliasTarget: { dnsName: 'd1.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' },
      });
      expect(inventory.foreignOwners).to.have.length(1);
      expect(inventory.foreignOwners[0]!.alias).to.equal('shop.example.com');
      expect(inventory.foreignOwners[0]!.distributionId).to.not.equal('E9FOREIGNFOREI');
      expect(inventory.foreignOwners[0]!.distributionId.endsWith('FOREI')).to.equal(true);
    });

    it('takes the account from STS when the account has no distribution', async () => {
      running = await start({ ...countingWorld(), accounts: [{ id: ACCOUNT }, { id: OTHER }] }, {}, OTHER_KEY);
      const inventory = await running.provider.readInventory({ aliases: ['www.example.com'], distributionIds: [] });
      expect(inventory.account).to.equal(OTHER);
      expect(inventory.distributions).to.deep.equal([]);
      expect(inventory.foreignOwners, 'no distribution to ask ListConflictingAliases from').to.deep.equal([]);
      expect(running.world.callCount('ListConflictingAliases')).to.equal(0);
    });
  });

  /*
   * Z1EXAMPLE of countingWorld in Route 53's order: `*` (0), `_site1` (1), host000…host347 (2–349).
   * From `*`: a page of 300 (positions 0–299, next: host298), then from host298 (298–347, last).
   */
  it('reads names across pages in Route 53 order: continues where a wanted name is next, jumps over the rest', async () => {
    running = await start(countingWorld());
    const names = [
      'host340.example.com.',
      '*.example.com.',
      'host010.example.com.',
      'HOST297.example.com',
      'host298.example.com.',
      'missing.example.com.',
    ];
    const records = await running.provider.readRecords('Z1EXAMPLE', names);
    expect(records.map((r) => r.name)).to.deep.equal([
      '*.example.com.',
      'host010.example.com.',
      'host297.example.com.',
      'host298.example.com.',
      'host340.example.com.',
    ]);
    expect(running.world.callCount('ListResourceRecordSets')).to.equal(2);
    running.world.resetCalls();
    // From `_site1`: positions 1–300 (next: host299); host299–host339 are not wanted: jump to host345 (last page).
    const far = await running.provider.readRecords('Z1EXAMPLE', ['_site1.example.com.', 'host345.example.com.']);
    expect(far.map((r) => r.name)).to.deep.equal(['_site1.example.com.', 'host345.example.com.']);
    expect(running.world.callCount('ListResourceRecordSets')).to.equal(2);
  });

  describe('configuration from the environment', () => {
    const names = [
      'AWS_ENDPOINT_URL',
      'AWS_ENDPOINT_URL_CLOUDFRONT',
      'AWS_ENDPOINT_URL_ACM',
      'AWS_ENDPOINT_URL_ROUTE_53',
      'AWS_ENDPOINT_URL_STS',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_PROFILE',
    ] as const;
    const saved = new Map<string, string | undefined>();
    beforeEach(() => names.forEach((name) => saved.set(name, process.env[name])));
    afterEach(() => {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it('reaches each service at its AWS_ENDPOINT_URL_<SERVICE>, with credentials from the standard chain', async () => {
      const world = SandboxWorld.fromDocument(countingWorld());
      const emulator = await createEmulator(world, { port: 0 });
      process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9'; // the generic one loses to every service's own
      for (const service of ['CLOUDFRONT', 'ACM', 'ROUTE_53', 'STS']) process.env[`AWS_ENDPOINT_URL_${service}`] = emulator.endpoint;
      process.env.AWS_ACCESS_KEY_ID = KEY;
      process.env.AWS_SECRET_ACCESS_KEY = 'sandbox-secret';
      delete process.env.AWS_PROFILE;
      running = { world, emulator, provider: createAwsProvider({ maxAttempts: 1 }) };
      const inventory = await running.provider.readInventory({ aliases: [], distributionIds: [] });
      expect(inventory.account).to.equal(ACCOUNT);
      expect(inventory.certificates).to.have.length(3);
      expect(inventory.hostedZones).to.have.length(2);
      expect(await running.provider.readAccount()).to.equal(ACCOUNT);
    });
  });

  describe('account', () => {
    it('reads the caller account and refuses another', async () => {
      running = await start(countingWorld());
      expect(await running.provider.readAccount()).to.equal(ACCOUNT);
      expect(await running.provider.assertAccount(ACCOUNT)).to.equal(ACCOUNT);
      try {
        await running.provider.assertAccount(OTHER);
        expect.fail('assertAccount accepted another account');
      } catch (error) {
        expect(error).to.be.instanceOf(AccountMismatchError);
        expect((error as AccountMismatchError).found).to.equal(ACCOUNT);
      }
    });
  });
});

// ---------------------------------------------------------------- the shared contract

/*
 * One attempt per request, so injected faults surface and writes are counted exactly; a request
 * timeout below the emulator's hold of a silent connection (2 s), so that fault reads as a
 * timeout, yet above what GetServerCertificate takes to sign a real X.509 certificate on a busy
 * machine.
 */
before(function () {
  // The sandbox generates its signing key once per process (a few hundred milliseconds): do it
  // before any request is timed.
  this.timeout(30_000);
  SandboxWorld.fromDocument(tenantContractDocument()).getServerCertificate(ACCOUNT, 'legacy-cert');
});

describeProviderContract('aws (SDK v3 over the HTTP emulator)', async (doc) => {
  const world = SandboxWorld.fromDocument(doc);
  const emulator = await createEmulator(world, { port: 0, timeoutHoldMs: 2_000 });
  const accessKeyId = Object.entries(doc.credentials ?? {}).find(([, account]) => account === doc.caller)![0];
  const provider = createAwsProvider({
    endpoint: emulator.endpoint,
    credentials: { accessKeyId, secretAccessKey: 'sandbox-secret' },
    maxAttempts: 1,
    requestTimeoutMs: 1_500,
    waiter: { minDelay: 0.01, maxDelay: 0.05, maxWaitSeconds: 10 },
  });
  return {
    provider,
    world,
    close: async () => {
      provider.destroy();
      await emulator.close();
    },
  };
});
