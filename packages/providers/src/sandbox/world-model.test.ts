/**
 * The world model's rules, each with its AWS error code and HTTP status, on a small two-account
 * world. Expected values are worked out by hand from the document below.
 */
import { expect } from 'chai';
import { SimulatedClock } from '@cfalias/core';
import { SandboxServiceError, SandboxTransportFault } from '../errors.js';
import type { DistributionConfigShape } from './aws-shapes.js';
import type { FaultDocument, WorldDocument } from './world-document.js';
import { SandboxWorld } from './world-model.js';

const A = '111111111111';
const B = '222222222222';
const BLUE = 'E1BLUEBLUEBLUE';
const GREEN = 'E2GREENGREENGR';
const RED = 'E5REDREDREDRED';
const FOREIGN = 'E3FOREIGNFOREI';
const OLD = 'E4OLDOLDOLDOLD';
const CERT_A = 'arn:aws:acm:us-east-1:111111111111:certificate/a';
const CERT_PENDING = 'arn:aws:acm:us-east-1:111111111111:certificate/pending';
const CERT_EU = 'arn:aws:acm:eu-west-1:111111111111:certificate/eu';
const CERT_NARROW = 'arn:aws:acm:us-east-1:111111111111:certificate/narrow';
const CERT_B = 'arn:aws:acm:us-east-1:222222222222:certificate/b';
const NOW = Date.parse('2026-01-01T00:00:00Z');

function txt(name: string, domain: string) {
  return { name, type: 'TXT', ttl: 300, values: [`"${domain}"`] };
}

function baseDocument(overrides: Partial<WorldDocument> = {}): WorldDocument {
  return {
    version: 1,
    caller: A,
    now: '2026-01-01T00:00:00Z',
    settings: { deploySeconds: 300, dnsSyncSeconds: 30 },
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
            certificateArn: CERT_A,
          },
          { id: GREEN, domainName: 'd2green.cloudfront.net', enabled: true, status: 'Deployed', aliases: [], certificateArn: CERT_A },
          { id: RED, domainName: 'd5red.cloudfront.net', enabled: true, status: 'Deployed', aliases: [], certificateArn: CERT_NARROW },
        ],
        certificates: [
          {
            arn: CERT_A,
            domainName: 'example.com',
            subjectAlternativeNames: ['example.com', '*.example.com'],
            status: 'ISSUED',
            notAfter: '2027-06-01T00:00:00Z',
          },
          {
            arn: CERT_PENDING,
            domainName: '*.example.com',
            subjectAlternativeNames: ['*.example.com'],
            status: 'PENDING_VALIDATION',
            notAfter: null,
          },
          { arn: CERT_EU, domainName: '*.example.com', subjectAlternativeNames: ['*.example.com'], status: 'ISSUED' },
          { arn: CERT_NARROW, domainName: 'www.example.com', subjectAlternativeNames: ['www.example.com'], status: 'ISSUED' },
        ],
        hostedZones: [
          {
            id: 'Z1EXAMPLE',
            name: 'example.com.',
            records: [
              { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
              {
                name: 'www.example.com.',
                type: 'AAAA',
                aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' },
              },
              { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
              { name: 'cdn.example.com.', type: 'CNAME', ttl: 300, values: ['d3foreign.cloudfront.net'] },
              txt('_www.example.com.', 'd2green.cloudfront.net'),
              txt('_old.example.com.', 'd2green.cloudfront.net'),
              txt('_shop.example.com.', 'd2green.cloudfront.net'),
              { name: '*.example.com.', type: 'CNAME', ttl: 60, values: ['d1blue.cloudfront.net'] },
              { name: 'example.com.', type: 'NS', ttl: 172800, values: ['ns-1.awsdns-01.org.'] },
            ],
          },
          { id: 'Z3EXAMPLEORG', name: 'example.org.', records: [] },
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
        hostedZones: [{ id: 'Z2EXAMPLENET', name: 'example.net.', records: [] }],
      },
    ],
    ...overrides,
  };
}

function makeWorld(overrides: Partial<WorldDocument> = {}): { world: SandboxWorld; clock: SimulatedClock } {
  const clock = new SimulatedClock(NOW);
  return { world: SandboxWorld.fromDocument(baseDocument(overrides), { clock }), clock };
}

/** The error a call throws (fails the test when it does not throw). */
function thrown(call: () => unknown): SandboxServiceError {
  try {
    call();
  } catch (error) {
    if (error instanceof SandboxServiceError) return error;
    throw error;
  }
  expect.fail('expected a SandboxServiceError');
}

function withAliases(config: DistributionConfigShape, items: string[]): DistributionConfigShape {
  return { ...config, Aliases: items.length > 0 ? { Quantity: items.length, Items: items } : { Quantity: 0 } };
}

/** Read-modify-write of the aliases, as a provider does it. */
function setAliases(world: SandboxWorld, id: string, items: string[], caller = A) {
  const { DistributionConfig, ETag } = world.getDistributionConfig(caller, id);
  return world.updateDistribution(caller, id, withAliases(DistributionConfig, items), ETag);
}

describe('SandboxWorld: CloudFront', () => {
  describe('UpdateDistribution', () => {
    it('refuses an alias held by a distribution in another account: CNAMEAlreadyExists, 409', () => {
      const { world } = makeWorld();
      const error = thrown(() => setAliases(world, GREEN, ['shop.example.com']));
      expect([error.code, error.httpStatus, error.faultType]).to.deep.equal(['CNAMEAlreadyExists', 409, 'Sender']);
      expect(error.message).to.include('shop.example.com');
      expect(world.distribution(GREEN)!.aliases).to.deep.equal([]);
    });

    it('refuses an alias held by another distribution of the same account', () => {
      const { world } = makeWorld();
      expect(thrown(() => setAliases(world, GREEN, ['www.example.com'])).code).to.equal('CNAMEAlreadyExists');
    });

    it('refuses an alias whose DNS points at another distribution (the DNS rule), 409', () => {
      const { world } = makeWorld();
      const error = thrown(() => setAliases(world, GREEN, ['cdn.example.com']));
      expect([error.code, error.httpStatus]).to.deep.equal(['CNAMEAlreadyExists', 409]);
      expect(error.message).to.include('points to another CloudFront distribution');
      expect(error.message).to.include('cdn.example.com points to d3foreign.cloudfront.net');
    });

    it('accepts an alias whose DNS points at the target itself', () => {
      const { world, clock } = makeWorld();
      setAliases(world, BLUE, ['api.example.com']);
      clock.advance(1000);
      setAliases(world, BLUE, ['api.example.com', 'www.example.com']);
      expect(world.distribution(BLUE)!.aliases).to.deep.equal(['api.example.com', 'www.example.com']);
    });

    it('needs If-Match (InvalidIfMatchVersion, 400) and refuses a stale ETag (PreconditionFailed, 412)', () => {
      const { world } = makeWorld();
      const { DistributionConfig, ETag } = world.getDistributionConfig(A, BLUE);
      expect(ETag).to.equal('E001EBLUEBLUE');
      const missing = thrown(() => world.updateDistribution(A, BLUE, DistributionConfig, undefined));
      expect([missing.code, missing.httpStatus]).to.deep.equal(['InvalidIfMatchVersion', 400]);
      const updated = world.updateDistribution(A, BLUE, withAliases(DistributionConfig, ['www.example.com']), ETag);
      expect(updated.ETag).to.equal('E002EBLUEBLUE');
      const stale = thrown(() => world.updateDistribution(A, BLUE, DistributionConfig, ETag));
      expect([stale.code, stale.httpStatus, stale.retryable]).to.deep.equal(['PreconditionFailed', 412, false]);
      expect(world.distribution(BLUE)!.aliases).to.deep.equal(['www.example.com']);
    });

    it('refuses Aliases.Quantity that differs from the item count: InconsistentQuantities, 400', () => {
      const { world } = makeWorld();
      const { DistributionConfig, ETag } = world.getDistributionConfig(A, BLUE);
      const config = { ...DistributionConfig, Aliases: { Quantity: 3, Items: ['www.example.com'] } };
      const error = thrown(() => world.updateDistribution(A, BLUE, config, ETag));
      expect([error.code, error.httpStatus]).to.deep.equal(['InconsistentQuantities', 400]);
      expect(error.message).to.include('Aliases');
    });

    it('refuses an uppercase alias: InvalidArgument, 400', () => {
      const { world } = makeWorld();
      const error = thrown(() => setAliases(world, GREEN, ['WWW2.example.com']));
      expect([error.code, error.httpStatus]).to.deep.equal(['InvalidArgument', 400]);
      expect(error.message).to.include('uppercase');
    });

    it('refuses more aliases than the quota: TooManyDistributionCNAMEs, 400', () => {
      const { world } = makeWorld({ settings: { deploySeconds: 300, dnsSyncSeconds: 30, aliasQuota: 2 } });
      const error = thrown(() => setAliases(world, BLUE, ['www.example.com', 'api.example.com', 'a.example.com']));
      expect([error.code, error.httpStatus]).to.deep.equal(['TooManyDistributionCNAMEs', 400]);
    });

    describe('certificate coverage on add: InvalidViewerCertificate, 400', () => {
      const cases: [string, string | null, string, string][] = [
        ['a SAN must cover the alias', CERT_A, 'a.b.example.com', "doesn't cover"],
        ['the certificate must be ISSUED', CERT_PENDING, 'a.example.com', 'PENDING_VALIDATION'],
        ['the certificate must be in us-east-1', CERT_EU, 'a.example.com', 'us-east-1'],
        ["the certificate must be in the caller's account", CERT_B, 'a.example.com', 'does not exist in account 111111111111'],
        ['the default certificate serves no alias', null, 'a.example.com', 'default certificate'],
      ];
      for (const [title, arn, alias, fragment] of cases) {
        it(title, () => {
          const { world } = makeWorld();
          const { DistributionConfig, ETag } = world.getDistributionConfig(A, GREEN);
          const viewerCertificate =
            arn === null ? { CloudFrontDefaultCertificate: true } : { ACMCertificateArn: arn, SSLSupportMethod: 'sni-only' };
          const config = { ...withAliases(DistributionConfig, [alias]), ViewerCertificate: viewerCertificate };
          const error = thrown(() => world.updateDistribution(A, GREEN, config, ETag));
          expect([error.code, error.httpStatus]).to.deep.equal(['InvalidViewerCertificate', 400]);
          expect(error.message).to.include(fragment);
        });
      }

      it('is not checked when aliases are only removed', () => {
        const { world } = makeWorld();
        setAliases(world, RED, []);
        expect(world.distribution(RED)!.aliases).to.deep.equal([]);
      });
    });

    it('goes InProgress for deploySeconds, then reads Deployed, keeping the opaque config', () => {
      const { world, clock } = makeWorld();
      const { DistributionConfig, ETag } = world.getDistributionConfig(A, BLUE);
      const config = {
        ...withAliases(DistributionConfig, ['www.example.com']),
        Comment: 'cutover',
        PriceClass: 'PriceClass_100',
        CustomMember: { Kept: true },
      };
      clock.advance(10_000);
      const out = world.updateDistribution(A, BLUE, config, ETag);
      expect(out.Distribution.Status).to.equal('InProgress');
      expect(out.Distribution.LastModifiedTime.toISOString()).to.equal('2026-01-01T00:00:10.000Z');
      expect(world.deploymentDueAt(BLUE)).to.equal(NOW + 310_000);
      clock.advance(299_999);
      expect(world.getDistribution(A, BLUE).Distribution.Status).to.equal('InProgress');
      clock.advance(1);
      expect(world.getDistribution(A, BLUE).Distribution.Status).to.equal('Deployed');
      const read = world.getDistributionConfig(A, BLUE).DistributionConfig;
      expect([read.Comment, read['PriceClass'], read['CustomMember']]).to.deep.equal(['cutover', 'PriceClass_100', { Kept: true }]);
      expect(read.Aliases).to.deep.equal({ Quantity: 1, Items: ['www.example.com'] });
      expect(read.ViewerCertificate?.ACMCertificateArn).to.equal(CERT_A);
    });

    it("answers NoSuchDistribution (404) for another account's distribution and for unknown ids", () => {
      const { world } = makeWorld();
      for (const id of [FOREIGN, 'ENOSUCHDIST']) {
        const error = thrown(() => world.getDistribution(A, id));
        expect([error.code, error.httpStatus]).to.deep.equal(['NoSuchDistribution', 404]);
      }
    });
  });

  describe('AssociateAlias', () => {
    it('moves the alias to the target; both distributions go InProgress', () => {
      const { world } = makeWorld();
      world.associateAlias(A, GREEN, 'www.example.com');
      expect(world.distribution(BLUE)).to.include({ status: 'InProgress', etag: 'E002EBLUEBLUE' });
      expect(world.distribution(BLUE)!.aliases).to.deep.equal(['api.example.com']);
      expect(world.distribution(GREEN)!.aliases).to.deep.equal(['www.example.com']);
      expect(world.distribution(GREEN)!.status).to.equal('InProgress');
    });

    it('needs the TXT record _<alias> with the target domain name: IllegalUpdate, 400', () => {
      const { world } = makeWorld();
      const error = thrown(() => world.associateAlias(A, GREEN, 'api.example.com'));
      expect([error.code, error.httpStatus]).to.deep.equal(['IllegalUpdate', 400]);
      expect(error.message).to.include('_api.example.com.');
      expect(error.message).to.include('"d2green.cloudfront.net"');
      expect(world.distribution(BLUE)!.aliases).to.deep.equal(['www.example.com', 'api.example.com']);
    });

    it("needs the target's certificate to cover the alias: IllegalUpdate", () => {
      const { world } = makeWorld();
      const error = thrown(() => world.associateAlias(A, RED, 'api.example.com'));
      expect(error.code).to.equal('IllegalUpdate');
      expect(error.message).to.include("doesn't cover");
    });

    it('needs a source in another account to be disabled', () => {
      const { world } = makeWorld();
      const error = thrown(() => world.associateAlias(A, GREEN, 'shop.example.com'));
      expect(error.code).to.equal('IllegalUpdate');
      expect(error.message).to.include('still enabled');
      world.associateAlias(A, GREEN, 'old.example.com');
      expect(world.distribution(OLD)!.aliases).to.deep.equal([]);
      expect(world.distribution(GREEN)!.aliases).to.deep.equal(['old.example.com']);
    });

    it('answers NoSuchDistribution for a target outside the account', () => {
      const { world } = makeWorld();
      expect(thrown(() => world.associateAlias(A, FOREIGN, 'www.example.com')).code).to.equal('NoSuchDistribution');
    });
  });

  describe('ListDistributions and ListConflictingAliases', () => {
    it('pages distribution summaries with NextMarker', () => {
      const { world } = makeWorld();
      const first = world.listDistributions(A, { maxItems: 2 }).DistributionList;
      expect(first.Items.map((d) => d.Id)).to.deep.equal([BLUE, GREEN]);
      expect([first.IsTruncated, first.NextMarker, first.Quantity]).to.deep.equal([true, RED, 2]);
      expect(first.Items[0]).to.include({
        ARN: 'arn:aws:cloudfront::111111111111:distribution/E1BLUEBLUEBLUE',
        ETag: 'E001EBLUEBLUE',
        Status: 'Deployed',
        DomainName: 'd1blue.cloudfront.net',
        Enabled: true,
      });
      expect(first.Items[0]!.Aliases).to.deep.equal({ Quantity: 2, Items: ['www.example.com', 'api.example.com'] });
      expect(first.Items[0]!.ViewerCertificate.ACMCertificateArn).to.equal(CERT_A);
      const second = world.listDistributions(A, { marker: RED, maxItems: 2 }).DistributionList;
      expect(second.Items.map((d) => d.Id)).to.deep.equal([RED]);
      expect([second.IsTruncated, second.NextMarker]).to.deep.equal([false, undefined]);
    });

    it('lists equal and overlapping aliases in every account with masked ids, paged', () => {
      const { world } = makeWorld();
      const first = world.listConflictingAliases(A, GREEN, '*.example.com', { maxItems: 2 }).ConflictingAliasesList;
      expect(first.Items).to.deep.equal([
        { Alias: 'api.example.com', DistributionId: '******UEBLUE', AccountId: '******111111' },
        { Alias: 'old.example.com', DistributionId: '******OLDOLD', AccountId: '******222222' },
      ]);
      expect(first.NextMarker).to.equal('2');
      const second = world.listConflictingAliases(A, GREEN, '*.example.com', { marker: '2', maxItems: 2 }).ConflictingAliasesList;
      expect(second.Items.map((i) => [i.Alias, i.DistributionId])).to.deep.equal([
        ['shop.example.com', '******NFOREI'],
        ['www.example.com', '******UEBLUE'],
      ]);
      expect(second.NextMarker).to.equal(undefined);
      const exact = world.listConflictingAliases(A, GREEN, 'shop.example.com').ConflictingAliasesList;
      expect(exact.Items).to.deep.equal([{ Alias: 'shop.example.com', DistributionId: '******NFOREI', AccountId: '******222222' }]);
    });
  });
});

describe('SandboxWorld: ACM', () => {
  it('lists the caller’s certificates of a region, with InUse', () => {
    const { world } = makeWorld();
    const list = world.listCertificates(A, { region: 'us-east-1' }).CertificateSummaryList;
    expect(list.map((c) => [c.CertificateArn, c.InUse])).to.deep.equal([
      [CERT_A, true],
      [CERT_PENDING, false],
      [CERT_NARROW, true],
    ]);
  });

  it('describes a certificate with SANs, status, NotAfter and InUseBy computed from distributions', () => {
    const { world } = makeWorld();
    const { Certificate: c } = world.describeCertificate(A, CERT_A);
    expect(c.SubjectAlternativeNames).to.deep.equal(['example.com', '*.example.com']);
    expect([c.Status, c.NotAfter?.toISOString()]).to.deep.equal(['ISSUED', '2027-06-01T00:00:00.000Z']);
    expect(c.InUseBy).to.deep.equal([
      'arn:aws:cloudfront::111111111111:distribution/E1BLUEBLUEBLUE',
      'arn:aws:cloudfront::111111111111:distribution/E2GREENGREENGR',
    ]);
  });

  it("answers ResourceNotFoundException (400) for another account's certificate", () => {
    const { world } = makeWorld();
    const error = thrown(() => world.describeCertificate(A, CERT_B));
    expect([error.service, error.code, error.httpStatus]).to.deep.equal(['acm', 'ResourceNotFoundException', 400]);
  });
});

describe('SandboxWorld: Route 53', () => {
  it('pages hosted zones with /hostedzone/ ids', () => {
    const { world } = makeWorld();
    const first = world.listHostedZones(A, { maxItems: 1 });
    expect(first.HostedZones.map((z) => [z.Id, z.Name, z.ResourceRecordSetCount])).to.deep.equal([
      ['/hostedzone/Z1EXAMPLE', 'example.com.', 9],
    ]);
    expect([first.IsTruncated, first.NextMarker]).to.deep.equal([true, 'Z3EXAMPLEORG']);
    const second = world.listHostedZones(A, { marker: 'Z3EXAMPLEORG', maxItems: 1 });
    expect(second.HostedZones.map((z) => z.Id)).to.deep.equal(['/hostedzone/Z3EXAMPLEORG']);
    expect(second.IsTruncated).to.equal(false);
  });

  it('lists record sets in Route 53 order (reversed labels, then type), * as \\052, paged by name and type', () => {
    const { world } = makeWorld();
    const page = (start: { startName?: string; startType?: string }) =>
      world.listResourceRecordSets(A, '/hostedzone/Z1EXAMPLE', { ...start, maxItems: 4 });
    const first = page({});
    expect(first.ResourceRecordSets.map((r) => `${r.Name} ${r.Type}`)).to.deep.equal([
      'example.com. NS',
      '\\052.example.com. CNAME',
      '_old.example.com. TXT',
      '_shop.example.com. TXT',
    ]);
    expect([first.IsTruncated, first.NextRecordName, first.NextRecordType]).to.deep.equal([true, '_www.example.com.', 'TXT']);
    const second = page({ startName: first.NextRecordName!, startType: first.NextRecordType! });
    expect(second.ResourceRecordSets.map((r) => `${r.Name} ${r.Type}`)).to.deep.equal([
      '_www.example.com. TXT',
      'api.example.com. CNAME',
      'cdn.example.com. CNAME',
      'www.example.com. A',
    ]);
    const third = page({ startName: second.NextRecordName!, startType: second.NextRecordType! });
    expect(third.ResourceRecordSets.map((r) => `${r.Name} ${r.Type}`)).to.deep.equal(['www.example.com. AAAA']);
    expect([third.IsTruncated, third.NextRecordName]).to.deep.equal([false, undefined]);
    expect(third.ResourceRecordSets[0]!.AliasTarget).to.deep.equal({
      HostedZoneId: 'Z2FDTNDATAQYW2',
      DNSName: 'd1blue.cloudfront.net.',
      EvaluateTargetHealth: false,
    });
  });

  it('refuses a start type without a start name (InvalidInput) and a foreign zone (NoSuchHostedZone, 404)', () => {
    const { world } = makeWorld();
    expect(thrown(() => world.listResourceRecordSets(A, 'Z1EXAMPLE', { startType: 'A' })).code).to.equal('InvalidInput');
    const error = thrown(() => world.listResourceRecordSets(A, 'Z2EXAMPLENET'));
    expect([error.code, error.httpStatus]).to.deep.equal(['NoSuchHostedZone', 404]);
  });

  describe('ChangeResourceRecordSets', () => {
    const upsertTxt = {
      Action: 'UPSERT' as const,
      ResourceRecordSet: { Name: '_api.example.com.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"d2green.cloudfront.net"' }] },
    };

    it('applies a batch and returns a PENDING change that reads INSYNC after dnsSyncSeconds', () => {
      const { world, clock } = makeWorld();
      const out = world.changeResourceRecordSets(A, 'Z1EXAMPLE', { Changes: [upsertTxt] });
      expect(out.ChangeInfo).to.deep.equal({ Id: '/change/C0000000000001', Status: 'PENDING', SubmittedAt: new Date(NOW) });
      expect(world.zoneRecords('Z1EXAMPLE')!.find((r) => r.name === '_api.example.com.')).to.deep.equal({
        name: '_api.example.com.',
        type: 'TXT',
        ttl: 300,
        values: ['"d2green.cloudfront.net"'],
      });
      clock.advance(29_999);
      expect(world.getChange(A, '/change/C0000000000001').ChangeInfo.Status).to.equal('PENDING');
      clock.advance(1);
      expect(world.getChange(A, 'C0000000000001').ChangeInfo.Status).to.equal('INSYNC');
    });

    it('answers NoSuchChange (404) for an unknown change or one of another account', () => {
      const { world } = makeWorld();
      world.changeResourceRecordSets(A, 'Z1EXAMPLE', { Changes: [upsertTxt] });
      for (const [caller, id] of [
        [A, 'C9999999999999'],
        [B, 'C0000000000001'],
      ] as const) {
        const error = thrown(() => world.getChange(caller, id));
        expect([error.code, error.httpStatus]).to.deep.equal(['NoSuchChange', 404]);
      }
    });

    it('refuses CREATE of an existing record set, DELETE of a missing one or with other values, listing each', () => {
      const { world } = makeWorld();
      const error = thrown(() =>
        world.changeResourceRecordSets(A, 'Z1EXAMPLE', {
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: 'api.example.com.',
                Type: 'CNAME',
                TTL: 300,
                ResourceRecords: [{ Value: 'd1blue.cloudfront.net' }],
              },
            },
            {
              Action: 'DELETE',
              ResourceRecordSet: { Name: 'nope.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] },
            },
            {
              Action: 'DELETE',
              ResourceRecordSet: {
                Name: 'cdn.example.com.',
                Type: 'CNAME',
                TTL: 300,
                ResourceRecords: [{ Value: 'd2green.cloudfront.net' }],
              },
            },
          ],
        }),
      );
      expect([error.code, error.httpStatus]).to.deep.equal(['InvalidChangeBatch', 400]);
      expect(error.message).to.equal(
        "[Tried to create resource record set [name='api.example.com.', type='CNAME'] but it already exists, " +
          "Tried to delete resource record set [name='nope.example.com.', type='A'] but it was not found, " +
          "Tried to delete resource record set [name='cdn.example.com.', type='CNAME'] but the values provided do not match the current values]",
      );
    });

    it('refuses a CNAME beside another type at one name', () => {
      const { world } = makeWorld();
      const error = thrown(() =>
        world.changeResourceRecordSets(A, 'Z1EXAMPLE', {
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: 'www.example.com.',
                Type: 'CNAME',
                TTL: 300,
                ResourceRecords: [{ Value: 'd2green.cloudfront.net' }],
              },
            },
          ],
        }),
      );
      expect(error.code).to.equal('InvalidChangeBatch');
      expect(error.message).to.include('RRSet of type CNAME with DNS name www.example.com. is not permitted');
    });

    it('is atomic: a failing change leaves the earlier ones of the batch unapplied', () => {
      const { world } = makeWorld();
      const before = world.zoneRecords('Z1EXAMPLE');
      thrown(() =>
        world.changeResourceRecordSets(A, 'Z1EXAMPLE', {
          Changes: [
            upsertTxt,
            {
              Action: 'DELETE',
              ResourceRecordSet: { Name: 'nope.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] },
            },
          ],
        }),
      );
      expect(world.zoneRecords('Z1EXAMPLE')).to.deep.equal(before);
      expect(world.changeDueAt('C0000000000001')).to.equal(null);
    });

    it('deletes a record set given with its exact values, and accepts the \\052 escape', () => {
      const { world } = makeWorld();
      world.changeResourceRecordSets(A, 'Z1EXAMPLE', {
        Changes: [
          {
            Action: 'DELETE',
            ResourceRecordSet: {
              Name: '\\052.example.com.',
              Type: 'CNAME',
              TTL: 60,
              ResourceRecords: [{ Value: 'd1blue.cloudfront.net' }],
            },
          },
        ],
      });
      expect(world.zoneRecords('Z1EXAMPLE')!.some((r) => r.name === '*.example.com.')).to.equal(false);
    });
  });
});

describe('SandboxWorld: faults and the call log', () => {
  function faulted(...faults: FaultDocument[]) {
    return makeWorld({ faults });
  }

  it('fires `times` times, then lets calls through; the log records injected outcomes', () => {
    const { world } = faulted({ operation: 'GetDistribution', error: 'Throttling', times: 2 });
    const outcomes = [1, 2, 3].map(() => {
      try {
        world.getDistribution(A, BLUE);
        return 'ok';
      } catch (error) {
        return `${(error as SandboxServiceError).code}/${(error as SandboxServiceError).httpStatus}/${String((error as SandboxServiceError).retryable)}`;
      }
    });
    expect(outcomes).to.deep.equal(['Throttling/400/true', 'Throttling/400/true', 'ok']);
    expect(world.calls.map((c) => [c.operation, c.outcome, c.injected])).to.deep.equal([
      ['GetDistribution', 'Throttling', true],
      ['GetDistribution', 'Throttling', true],
      ['GetDistribution', 'ok', false],
    ]);
    expect(world.calls[0]).to.deep.equal({
      service: 'cloudfront',
      operation: 'GetDistribution',
      account: A,
      resource: BLUE,
      at: NOW,
      outcome: 'Throttling',
      injected: true,
    });
  });

  it('`after: N` lets the first N matching calls through; `resource` limits the match', () => {
    const { world } = faulted({ operation: 'GetDistribution', resource: GREEN, error: 'InternalError', after: 1 });
    world.getDistribution(A, BLUE);
    world.getDistribution(A, GREEN);
    const error = thrown(() => world.getDistribution(A, GREEN));
    expect([error.code, error.httpStatus, error.retryable, error.faultType]).to.deep.equal(['InternalError', 500, true, 'Receiver']);
    world.getDistribution(A, GREEN);
    expect(world.callCount('GetDistribution')).to.equal(4);
  });

  it("`when: 'after'` makes the change and then loses the answer", () => {
    const { world } = faulted({ operation: 'UpdateDistribution', error: 'ConnectionReset', when: 'after' });
    let fault: unknown;
    try {
      setAliases(world, BLUE, ['www.example.com']);
    } catch (error) {
      fault = error;
    }
    expect(fault).to.be.instanceOf(SandboxTransportFault);
    expect(fault).to.include({ kind: 'ConnectionReset', effectApplied: true, operation: 'UpdateDistribution' });
    expect(world.distribution(BLUE)).to.deep.include({ aliases: ['www.example.com'], etag: 'E002EBLUEBLUE', status: 'InProgress' });
  });

  it("a 'before' fault has no effect", () => {
    const { world } = faulted({ operation: 'UpdateDistribution', error: 'Timeout' });
    let fault: unknown;
    try {
      setAliases(world, BLUE, ['www.example.com']);
    } catch (error) {
      fault = error;
    }
    expect(fault).to.include({ kind: 'Timeout', effectApplied: false });
    expect(world.distribution(BLUE)!.aliases).to.deep.equal(['www.example.com', 'api.example.com']);
  });

  it('injects PreconditionFailed (412), CNAMEAlreadyExists (409) and ACM ThrottlingException', () => {
    const { world } = faulted(
      { operation: 'UpdateDistribution', error: 'PreconditionFailed' },
      { operation: 'AssociateAlias', error: 'CNAMEAlreadyExists' },
      { operation: 'DescribeCertificate', error: 'Throttling' },
    );
    expect(thrown(() => setAliases(world, BLUE, [])).httpStatus).to.equal(412);
    expect(thrown(() => world.associateAlias(A, GREEN, 'www.example.com')).httpStatus).to.equal(409);
    const acm = thrown(() => world.describeCertificate(A, CERT_A));
    expect([acm.service, acm.code, acm.httpStatus]).to.deep.equal(['acm', 'ThrottlingException', 400]);
  });

  it('keeps unfired faults, with what is left of them, in toDocument', () => {
    const { world } = faulted(
      { operation: 'GetDistribution', error: 'Throttling', times: 3 },
      { operation: 'GetChange', error: 'Timeout', after: 2 },
      { operation: 'ListHostedZones', error: 'InternalError' },
    );
    thrown(() => world.getDistribution(A, BLUE));
    thrown(() => world.listHostedZones(A));
    expect(world.toDocument().faults).to.deep.equal([
      { operation: 'GetDistribution', error: 'Throttling', times: 2 },
      { operation: 'GetChange', error: 'Timeout', after: 2 },
    ]);
  });

  it('counts calls by operation and resets the log', () => {
    const { world } = makeWorld();
    world.listDistributions(A);
    world.getDistribution(A, BLUE);
    thrown(() => world.getDistribution(A, FOREIGN));
    expect([world.callCount(), world.callCount('GetDistribution'), world.callCount('UpdateDistribution')]).to.deep.equal([3, 2, 0]);
    expect(world.calls[2]!.outcome).to.equal('NoSuchDistribution');
    world.resetCalls();
    expect(world.callCount()).to.equal(0);
  });

  it('refuses an unknown fault operation', () => {
    const { world } = makeWorld();
    expect(() => world.addFault({ operation: 'DeleteDistribution', error: 'Throttling' })).to.throw(
      'unknown operation "DeleteDistribution"',
    );
  });
});

describe('SandboxWorld: time', () => {
  it('settle() advances the clock past every pending deployment and DNS change', () => {
    const { world, clock } = makeWorld();
    setAliases(world, BLUE, ['www.example.com']);
    clock.advance(100_000);
    world.changeResourceRecordSets(A, 'Z1EXAMPLE', {
      Changes: [
        { Action: 'UPSERT', ResourceRecordSet: { Name: 'x.example.com.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"x"' }] } },
      ],
    });
    world.settle();
    expect(clock.now()).to.equal(NOW + 300_000);
    expect(world.distribution(BLUE)!.status).to.equal('Deployed');
    expect(world.getChange(A, 'C0000000000001').ChangeInfo.Status).to.equal('INSYNC');
  });

  it('an InProgress distribution without deployedAt deploys deploySeconds after load', () => {
    const doc = baseDocument();
    const accounts = doc.accounts.map((a, i) =>
      i === 0 ? { ...a, distributions: a.distributions!.map((d) => (d.id === GREEN ? { ...d, status: 'InProgress' as const } : d)) } : a,
    );
    const world = SandboxWorld.fromDocument({ ...doc, accounts }, { clock: new SimulatedClock(NOW) });
    expect(world.distribution(GREEN)).to.include({ status: 'InProgress', deployedAt: NOW + 300_000 });
  });
});
