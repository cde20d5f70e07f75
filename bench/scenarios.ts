/**
 * Benchmark worlds, generated: sandbox world documents and desired states for
 * - cutovers (`cutoverScenario`): K aliases moving from D/2 source distributions to D/2 targets,
 *   alias i from source i mod D/2 to target i mod D/2, spread over Z hosted zones (alias i in zone
 *   i mod Z), each with an A alias record pointing at its source (so DNS is repointed) and no TXT
 *   ownership record (so the `move` strategy has to create it);
 * - planning at scale (`scaleScenario`): D distributions of 100 aliases each in pairs, 10% of each
 *   distribution's aliases moving to its partner, one certificate and one hosted zone per pair.
 * Names are deterministic, so every figure derived from them is too.
 */
import {
  CLOUDFRONT_HOSTED_ZONE_ID,
  type DesiredAlias,
  type DesiredState,
  type DnsRecord,
  type Inventory,
  type StrategyChoice,
  type WorldDocument,
} from './packages.js';

export const ACCOUNT = '111111111111';
export const WORLD_NOW = '2026-12-01T02:00:00.000Z';
export const DEPLOY_SECONDS = 300;
export const DNS_SYNC_SECONDS = 60;

const ZONE_DOMAINS = ['example.com', 'example.org', 'example.net', 'example.io'] as const;
const CERT_ARN = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/bench`;

export interface CutoverScenario {
  /** Aliases moving (K). */
  readonly aliases: number;
  /** Distributions (D, even): D/2 sources and D/2 targets. */
  readonly distributions: number;
  readonly strategy: 'move' | 'detach-attach';
  /** Hosted zones the aliases are spread over (1 to 4). Default 2. */
  readonly zones?: number;
  readonly mutationRateLimit?: { readonly perSecond: number; readonly burst?: number };
}

export interface ScenarioShape {
  readonly sources: readonly string[];
  readonly targets: readonly string[];
  /** Per alias: source, target, zone index. Sorted by alias. */
  readonly moves: readonly { readonly alias: string; readonly source: string; readonly target: string; readonly zone: number }[];
  readonly zoneIds: readonly string[];
}

export function sourceId(n: number): string {
  return `ESRC${String(n).padStart(10, '0')}`;
}

export function targetId(n: number): string {
  return `ETGT${String(n).padStart(10, '0')}`;
}

export function domainOf(id: string): string {
  return `d${id.toLowerCase()}.cloudfront.net`;
}

function zoneIdOf(z: number): string {
  return `ZBENCH${z + 1}`;
}

/** Who holds what, and where everything goes, in a cutover scenario. */
export function cutoverShape(s: CutoverScenario): ScenarioShape {
  const half = s.distributions / 2;
  const zones = s.zones ?? 2;
  if (!Number.isInteger(half) || half < 1) throw new RangeError(`distributions must be even and at least 2 (got ${s.distributions})`);
  if (zones < 1 || zones > ZONE_DOMAINS.length) throw new RangeError(`zones must be 1 to ${ZONE_DOMAINS.length}`);
  const sources = Array.from({ length: half }, (_, n) => sourceId(n + 1));
  const targets = Array.from({ length: half }, (_, n) => targetId(n + 1));
  const width = String(s.aliases).length;
  const moves = Array.from({ length: s.aliases }, (_, i) => ({
    alias: `m${String(i).padStart(width, '0')}.${ZONE_DOMAINS[i % zones]}`,
    source: sources[i % half]!,
    target: targets[i % half]!,
    zone: i % zones,
  })).sort((a, b) => (a.alias < b.alias ? -1 : 1));
  return { sources, targets, moves, zoneIds: Array.from({ length: zones }, (_, z) => zoneIdOf(z)) };
}

export function aliasRecordTo(alias: string, domain: string): DnsRecord {
  return { name: `${alias}.`, type: 'A', aliasTarget: { dnsName: `${domain}.`, hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID } };
}

export function cutoverWorld(s: CutoverScenario): WorldDocument {
  const shape = cutoverShape(s);
  const held = new Map<string, string[]>();
  for (const m of shape.moves) held.set(m.source, [...(held.get(m.source) ?? []), m.alias]);
  const zones = shape.zoneIds.length;
  return {
    version: 1,
    caller: ACCOUNT,
    now: WORLD_NOW,
    settings: {
      deploySeconds: DEPLOY_SECONDS,
      dnsSyncSeconds: DNS_SYNC_SECONDS,
      ...(s.mutationRateLimit ? { mutationRateLimit: s.mutationRateLimit } : {}),
    },
    accounts: [
      {
        id: ACCOUNT,
        distributions: [...shape.sources, ...shape.targets].map((id) => ({
          id,
          domainName: domainOf(id),
          enabled: true,
          status: 'Deployed' as const,
          aliases: held.get(id) ?? [],
          certificateArn: CERT_ARN,
        })),
        certificates: [
          {
            arn: CERT_ARN,
            domainName: ZONE_DOMAINS[0],
            subjectAlternativeNames: ZONE_DOMAINS.slice(0, zones).map((d) => `*.${d}`),
            status: 'ISSUED',
            notAfter: '2027-12-01T00:00:00Z',
          },
        ],
        hostedZones: shape.zoneIds.map((id, z) => ({
          id,
          name: `${ZONE_DOMAINS[z]}.`,
          records: shape.moves.filter((m) => m.zone === z).map((m) => aliasRecordTo(m.alias, domainOf(m.source))),
        })),
      },
    ],
  };
}

/** What every benchmark alias leaves at its default. */
/**
 * What every benchmark alias is given: the default move API, and `txtProof: always`, so a `move`
 * creates its `_<alias>` TXT record up front (the longest path a move has: a same-account move
 * with the default `when-needed` skips the TXT sync and is one DNS sync shorter).
 */
const ALIAS_DEFAULTS = { dns: 'route53', moveApi: 'update-domain-association', txtProof: 'always' } as const;

export function desiredState(aliases: readonly DesiredAlias[]): DesiredState {
  return {
    version: 1,
    file: 'cfalias.yaml',
    digest: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
    account: ACCOUNT,
    distributions: {},
    defaults: { strategy: 'auto', dns: 'route53', moveApi: 'update-domain-association', txtProof: 'always' },
    // A benchmark moves everything it manages on purpose.
    safety: { maxChangePercent: 100 },
    aliases,
  };
}

export function cutoverDesired(s: CutoverScenario): DesiredState {
  const strategy: StrategyChoice = s.strategy;
  return desiredState(cutoverShape(s).moves.map((m) => ({ alias: m.alias, target: m.target, strategy, ...ALIAS_DEFAULTS })));
}

// ---------------------------------------------------------------- planning at scale

export const SCALE_ALIASES_PER_DISTRIBUTION = 100;
export const SCALE_MOVING_PER_DISTRIBUTION = 10;

function scaleId(n: number): string {
  return `ESCALE${String(n).padStart(8, '0')}`;
}

function scaleAlias(distribution: number, j: number): string {
  return `d${distribution}-a${String(j).padStart(2, '0')}.p${distribution >> 1}.bench.example`;
}

/**
 * D distributions (even) in pairs (2p, 2p+1) sharing certificate `*.p<p>.bench.example` and hosted
 * zone `p<p>.bench.example.`; each holds 100 aliases with an A record pointing at it; the first
 * 10 aliases of each move to its partner (the `auto` strategy picks `move`, creating the TXT
 * records). The alias quota is raised to 200 (AWS raises it on request): moving into a full
 * distribution before moving out of it would otherwise be refused.
 */
export function scaleWorld(distributions: number): WorldDocument {
  if (distributions % 2 !== 0) throw new RangeError('scale worlds need an even number of distributions');
  const pairs = distributions / 2;
  const certArn = (p: number): string => `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/pair-${p}`;
  const aliasesOf = (d: number): string[] => Array.from({ length: SCALE_ALIASES_PER_DISTRIBUTION }, (_, j) => scaleAlias(d, j));
  return {
    version: 1,
    caller: ACCOUNT,
    now: WORLD_NOW,
    settings: { deploySeconds: DEPLOY_SECONDS, dnsSyncSeconds: DNS_SYNC_SECONDS, aliasQuota: 200 },
    accounts: [
      {
        id: ACCOUNT,
        distributions: Array.from({ length: distributions }, (_, d) => ({
          id: scaleId(d),
          domainName: domainOf(scaleId(d)),
          enabled: true,
          status: 'Deployed' as const,
          aliases: aliasesOf(d),
          certificateArn: certArn(d >> 1),
        })),
        certificates: Array.from({ length: pairs }, (_, p) => ({
          arn: certArn(p),
          domainName: `*.p${p}.bench.example`,
          subjectAlternativeNames: [`*.p${p}.bench.example`],
          status: 'ISSUED' as const,
          notAfter: '2027-12-01T00:00:00Z',
        })),
        hostedZones: Array.from({ length: pairs }, (_, p) => ({
          id: `ZP${p}`,
          name: `p${p}.bench.example.`,
          records: [2 * p, 2 * p + 1].flatMap((d) => aliasesOf(d).map((alias) => aliasRecordTo(alias, domainOf(scaleId(d))))),
        })),
      },
    ],
  };
}

export function scaleDesired(distributions: number): DesiredState {
  const aliases: DesiredAlias[] = [];
  for (let d = 0; d < distributions; d++) {
    for (let j = 0; j < SCALE_ALIASES_PER_DISTRIBUTION; j++) {
      const target = j < SCALE_MOVING_PER_DISTRIBUTION ? scaleId(d ^ 1) : scaleId(d);
      aliases.push({ alias: scaleAlias(d, j), target, strategy: 'auto', ...ALIAS_DEFAULTS });
    }
  }
  return desiredState(aliases);
}

/**
 * The inventory a snapshot of `doc` gives (the caller's account as the world document holds it),
 * without going through a provider: for measuring the planner alone.
 */
export function inventoryOfWorld(doc: WorldDocument): Inventory {
  const account = doc.accounts.find((a) => a.id === doc.caller);
  if (!account) throw new Error(`the world has no account ${doc.caller}`);
  return {
    account: doc.caller,
    readAt: doc.now ?? WORLD_NOW,
    distributions: (account.distributions ?? []).map((d) => ({
      id: d.id,
      accountId: doc.caller,
      domainName: d.domainName,
      enabled: d.enabled,
      status: d.status,
      aliases: d.aliases,
      certificateArn: d.certificateArn ?? null,
    })),
    certificates: (account.certificates ?? []).map((c) => ({
      arn: c.arn,
      domainName: c.domainName,
      subjectAlternativeNames: c.subjectAlternativeNames,
      status: c.status,
      notAfter: c.notAfter ?? null,
    })),
    hostedZones: (account.hostedZones ?? []).map((z) => ({ id: z.id, name: z.name, records: z.records })),
    foreignOwners: [],
    limits: { aliasesPerDistribution: doc.settings?.aliasQuota ?? 100 },
    timing: {
      deploySeconds: doc.settings?.deploySeconds ?? DEPLOY_SECONDS,
      dnsSyncSeconds: doc.settings?.dnsSyncSeconds ?? DNS_SYNC_SECONDS,
    },
  };
}
