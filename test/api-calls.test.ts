/**
 * The request count of an apply, as docs/api-calls.md states it: a cutover applied through the AWS
 * SDK against the emulator, its requests counted by operation from the emulator's call log and
 * compared with the formula's figures for this case, written out by hand (docs/api-calls.md,
 * "Worked example"): K = 12 aliases, 2 sources and 2 targets, 2 zones, one certificate.
 */
import { expect } from 'chai';
import {
  applyPlan,
  CLOUDFRONT_HOSTED_ZONE_ID,
  inventoryScope,
  planCutover,
  SimulatedClock,
  type DesiredState,
  type MoveApi,
  type StrategyChoice,
  type TxtProof,
} from '@cfalias/core';
import { createAwsProvider, createEmulator, SANDBOX_ACCESS_KEY_ID, SandboxWorld, type WorldDocument } from '@cfalias/providers';

const ACCOUNT = '111111111111';
const NOW = '2026-12-01T02:00:00.000Z';
const CERT = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/calls`;
const ZONES = [
  { id: 'ZCALLS1', domain: 'example.com' },
  { id: 'ZCALLS2', domain: 'example.org' },
] as const;
const SOURCES = ['ESRC0000000001', 'ESRC0000000002'];
const TARGETS = ['ETGT0000000001', 'ETGT0000000002'];
const domainOf = (id: string): string => `d${id.toLowerCase()}.cloudfront.net`;

/** Alias i: zone i mod 2, from source i mod 2 to target i mod 2; its A record points at its source. */
const MOVES = Array.from({ length: 12 }, (_, i) => ({
  alias: `m${String(i).padStart(2, '0')}.${ZONES[i % 2]!.domain}`,
  zone: i % 2,
  source: SOURCES[i % 2]!,
  target: TARGETS[i % 2]!,
}));

function world(): WorldDocument {
  return {
    version: 1,
    caller: ACCOUNT,
    now: NOW,
    settings: { deploySeconds: 300, dnsSyncSeconds: 60 },
    accounts: [
      {
        id: ACCOUNT,
        distributions: [...SOURCES, ...TARGETS].map((id) => ({
          id,
          domainName: domainOf(id),
          enabled: true,
          status: 'Deployed' as const,
          aliases: MOVES.filter((m) => m.source === id).map((m) => m.alias),
          certificateArn: CERT,
        })),
        certificates: [
          {
            arn: CERT,
            domainName: 'example.com',
            subjectAlternativeNames: ZONES.map((z) => `*.${z.domain}`),
            status: 'ISSUED',
            notAfter: '2027-12-01T00:00:00Z',
          },
        ],
        hostedZones: ZONES.map((zone, z) => ({
          id: zone.id,
          name: `${zone.domain}.`,
          records: MOVES.filter((m) => m.zone === z).map((m) => ({
            name: `${m.alias}.`,
            type: 'A',
            aliasTarget: { dnsName: `${domainOf(m.source)}.`, hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID },
          })),
        })),
      },
    ],
  };
}

/** `move` as the formula's worked example counts it: AssociateAlias with the TXT record planned up front. */
function desired(strategy: StrategyChoice, moveApi: MoveApi = 'associate-alias', txtProof: TxtProof = 'always'): DesiredState {
  return {
    version: 1,
    file: 'cfalias.yaml',
    digest: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
    account: ACCOUNT,
    distributions: {},
    defaults: { strategy, dns: 'route53', moveApi, txtProof },
    // Every managed alias moves, on purpose.
    safety: { maxChangePercent: 100 },
    aliases: MOVES.map((m) => ({ alias: m.alias, target: m.target, strategy, dns: 'route53' as const, moveApi, txtProof })),
  };
}

async function countApply(
  strategy: StrategyChoice,
  moveApi: MoveApi = 'associate-alias',
  txtProof: TxtProof = 'always',
): Promise<Record<string, number>> {
  const clock = new SimulatedClock(Date.parse(NOW));
  const sandbox = SandboxWorld.fromDocument(world(), { clock });
  const emulator = await createEmulator(sandbox, { quietMs: 20 });
  const aws = createAwsProvider({
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: 'sandbox' },
    maxAttempts: 1,
    waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitSeconds: 3600 },
  });
  try {
    const target = desired(strategy, moveApi, txtProof);
    const plan = planCutover(target, await aws.readInventory(inventoryScope(target)), { now: new Date(clock.now()) });
    sandbox.resetCalls();
    const result = await applyPlan(plan, { provider: aws, clock });
    expect(result.status).to.equal('succeeded');
    const counts: Record<string, number> = {};
    for (const call of sandbox.calls) counts[call.operation] = (counts[call.operation] ?? 0) + 1;
    return counts;
  } finally {
    aws.destroy();
    await emulator.close();
  }
}

describe('API requests of an apply (docs/api-calls.md, worked example)', function () {
  this.timeout(60_000);

  it('move: 45 requests for 12 aliases over 4 distributions and 2 zones', async () => {
    expect(await countApply('move')).to.deep.equal({
      ListDistributions: 1,
      ListHostedZones: 1,
      ListDistributionTenants: 1,
      ListConnectionGroups: 1,
      DescribeCertificate: 1,
      ListResourceRecordSets: 8,
      ChangeResourceRecordSets: 4,
      GetChange: 4,
      GetDistribution: 12,
      AssociateAlias: 12,
    });
  });

  it('move with the defaults (UpdateDomainAssociation, no TXT record): 37 requests, one ETag read per target', async () => {
    expect(await countApply('move', 'update-domain-association', 'when-needed')).to.deep.equal({
      ListDistributions: 1,
      ListHostedZones: 1,
      ListDistributionTenants: 1,
      ListConnectionGroups: 1,
      DescribeCertificate: 1,
      ListResourceRecordSets: 6,
      ChangeResourceRecordSets: 2,
      GetChange: 2,
      GetDistribution: 10,
      UpdateDomainAssociation: 12,
    });
  });

  it('detach-attach: 37 requests, the same distributions and zones', async () => {
    expect(await countApply('detach-attach')).to.deep.equal({
      ListDistributions: 1,
      ListHostedZones: 1,
      ListDistributionTenants: 1,
      ListConnectionGroups: 1,
      ListDomainConflicts: 2,
      DescribeCertificate: 1,
      ListResourceRecordSets: 8,
      GetDistribution: 14,
      UpdateDistribution: 4,
      ChangeResourceRecordSets: 2,
      GetChange: 2,
    });
  });
});
