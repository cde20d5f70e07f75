/**
 * fast-check arbitraries for the property test: small random worlds (2–5 distributions in the
 * caller's account, certificates that cover some names and not others, zero to two zones with A,
 * CNAME and TXT records pointing wherever), desired files over them (written as YAML text and read
 * by the real parser), and fault schedules (world `faults`, any mutating or reading operation).
 */
import fc from 'fast-check';
import type { WorldDocument } from '@cfalias/providers';

export const CALLER = '111111111111';
export const ALIAS_POOL = [
  'a.example.com',
  'b.example.com',
  'www.example.com',
  'example.com',
  'api.example.net',
  'shop.example.net',
] as const;
const SAN_CHOICES = [
  ['example.com', '*.example.com'],
  ['*.example.com'],
  ['example.com', '*.example.com', '*.example.net'],
  ['*.example.net'],
  ['example.com', '*.example.com', 'api.example.net', 'shop.example.net'],
] as const;
const FAULT_OPERATIONS = [
  'UpdateDistribution',
  'UpdateDomainAssociation',
  'ChangeResourceRecordSets',
  'GetDistribution',
  'ListResourceRecordSets',
  'GetChange',
] as const;
const FAULT_ERRORS = ['Throttling', 'PreconditionFailed', 'CNAMEAlreadyExists', 'InternalError', 'ConnectionReset', 'Timeout'] as const;

export function distributionId(i: number): string {
  return `E${i}DIST${'ABCDE'[i]}Q7K2M`;
}

export function domainOf(i: number): string {
  return `d${i}dist${'abcde'[i]}.cloudfront.net`;
}

function certArn(i: number): string {
  return `arn:aws:acm:us-east-1:${CALLER}:certificate/c${i}`;
}

function covers(sans: readonly string[], alias: string): boolean {
  return sans.some(
    (san) => san === alias || (san.startsWith('*.') && alias.endsWith(san.slice(1)) && alias.split('.').length === san.split('.').length),
  );
}

export interface RandomCutover {
  readonly world: WorldDocument;
  readonly desiredYaml: string;
  readonly maxAttempts: number;
}

interface Shape {
  readonly count: number;
  readonly sans: readonly number[];
  readonly placement: readonly number[];
  readonly dns: readonly number[];
  readonly dnsKind: readonly ('A' | 'CNAME')[];
  readonly txt: readonly number[];
  readonly zones: { readonly com: boolean; readonly net: boolean };
  readonly managed: readonly { readonly alias: number; readonly target: number; readonly strategy: number }[];
  readonly dnsMode: 'route53' | 'none';
  readonly faults: readonly {
    readonly operation: number;
    readonly error: number;
    readonly when: 'before' | 'after';
    readonly times: number;
    readonly after: number;
    readonly narrowed: boolean;
  }[];
  readonly maxAttempts: number;
}

const N = ALIAS_POOL.length;

const shape: fc.Arbitrary<Shape> = fc.record({
  count: fc.integer({ min: 2, max: 5 }),
  sans: fc.array(fc.integer({ min: 0, max: SAN_CHOICES.length - 1 }), { minLength: 5, maxLength: 5 }),
  // Index into the distributions (modulo the count); -1: on no distribution.
  placement: fc.array(fc.integer({ min: -1, max: 4 }), { minLength: N, maxLength: N }),
  // -2: no record; -1: a record at the holder; 0..4: a record at that distribution (maybe elsewhere).
  dns: fc.array(fc.integer({ min: -2, max: 4 }), { minLength: N, maxLength: N }),
  dnsKind: fc.array(fc.constantFrom('A' as const, 'CNAME' as const), { minLength: N, maxLength: N }),
  // -1: no `_alias` TXT; 0..4: a TXT naming that distribution's domain.
  txt: fc.array(fc.integer({ min: -1, max: 4 }), { minLength: N, maxLength: N }),
  zones: fc.record({ com: fc.boolean(), net: fc.boolean() }),
  managed: fc.uniqueArray(
    fc.record({
      alias: fc.integer({ min: 0, max: N - 1 }),
      target: fc.integer({ min: -1, max: 4 }),
      strategy: fc.integer({ min: 0, max: 2 }),
    }),
    { minLength: 1, maxLength: 4, selector: (m) => m.alias },
  ),
  dnsMode: fc.constantFrom('route53' as const, 'none' as const),
  faults: fc.array(
    fc.record({
      operation: fc.integer({ min: 0, max: FAULT_OPERATIONS.length - 1 }),
      error: fc.integer({ min: 0, max: FAULT_ERRORS.length - 1 }),
      when: fc.constantFrom('before' as const, 'after' as const),
      times: fc.integer({ min: 1, max: 3 }),
      after: fc.integer({ min: 0, max: 3 }),
      narrowed: fc.boolean(),
    }),
    { maxLength: 3 },
  ),
  maxAttempts: fc.integer({ min: 1, max: 4 }),
});

export const randomCutover: fc.Arbitrary<RandomCutover> = shape.map(build);

type ZoneRecord = NonNullable<NonNullable<WorldDocument['accounts'][number]['hostedZones']>[number]['records']>[number];

/** The records of zone `name`: each alias's routing record where the shape points it, and its ownership TXT. */
function zoneRecords(s: Shape, name: 'example.com' | 'example.net', holderOf: readonly number[]): ZoneRecord[] {
  const records: ZoneRecord[] = [];
  ALIAS_POOL.forEach((alias, a) => {
    if (!(alias === name || alias.endsWith(`.${name}`))) return;
    const pick = s.dns[a]!;
    const at = pick === -2 ? undefined : pick === -1 ? (holderOf[a]! >= 0 ? holderOf[a]! : undefined) : pick % s.count;
    if (at !== undefined) {
      // A CNAME cannot sit at a zone apex.
      const kind = alias === name ? 'A' : s.dnsKind[a]!;
      records.push(
        kind === 'A'
          ? { name: `${alias}.`, type: 'A', aliasTarget: { dnsName: `${domainOf(at)}.`, hostedZoneId: 'Z2FDTNDATAQYW2' } }
          : { name: `${alias}.`, type: 'CNAME', ttl: 300, values: [domainOf(at)] },
      );
    }
    // `_example.com.` would sit outside the zone `example.com.`: no ownership TXT for an apex.
    if (s.txt[a]! >= 0 && alias !== name)
      records.push({ name: `_${alias}.`, type: 'TXT', ttl: 300, values: [`"${domainOf(s.txt[a]! % s.count)}"`] });
  });
  return records;
}

function build(s: Shape): RandomCutover {
  const ids = Array.from({ length: s.count }, (_, i) => i);
  const sansOf = (i: number): readonly string[] => SAN_CHOICES[s.sans[i]!]!;
  // An alias starts only where the certificate covers it (a world CloudFront could have produced).
  const holderOf = ALIAS_POOL.map((alias, a) => {
    const p = s.placement[a]!;
    if (p < 0) return -1;
    const i = p % s.count;
    return covers(sansOf(i), alias) ? i : -1;
  });
  const hostedZones = [
    ...(s.zones.com ? [{ id: 'Z1COMZONE', name: 'example.com.', records: zoneRecords(s, 'example.com', holderOf) }] : []),
    ...(s.zones.net ? [{ id: 'Z2NETZONE', name: 'example.net.', records: zoneRecords(s, 'example.net', holderOf) }] : []),
  ];
  const faultResources = [...ids.map(distributionId), ...hostedZones.map((z) => z.id)];
  const world: WorldDocument = {
    version: 1,
    caller: CALLER,
    now: '2026-12-01T02:00:00Z',
    settings: { deploySeconds: 300, dnsSyncSeconds: 60 },
    accounts: [
      {
        id: CALLER,
        distributions: ids.map((i) => ({
          id: distributionId(i),
          domainName: domainOf(i),
          enabled: true,
          status: 'Deployed' as const,
          aliases: ALIAS_POOL.filter((_, a) => holderOf[a] === i),
          certificateArn: certArn(i),
        })),
        certificates: ids.map((i) => ({
          arn: certArn(i),
          domainName: sansOf(i)[0]!,
          subjectAlternativeNames: [...sansOf(i)],
          status: 'ISSUED' as const,
          notAfter: '2027-09-30T23:59:59Z',
        })),
        hostedZones,
      },
    ],
    faults: s.faults.map((f, n) => ({
      operation: FAULT_OPERATIONS[f.operation]!,
      ...(f.narrowed && faultResources.length > 0 ? { resource: faultResources[n % faultResources.length]! } : {}),
      error: FAULT_ERRORS[f.error]!,
      when: f.when,
      times: f.times,
      after: f.after,
    })),
  };
  const strategies = ['auto', 'move', 'detach-attach'];
  const desiredYaml = [
    'version: 1',
    'distributions:',
    ...ids.map((i) => `  d${i}: ${distributionId(i)}`),
    'defaults:',
    `  dns: ${s.dnsMode}`,
    'aliases:',
    ...s.managed.map((m) => {
      const alias = ALIAS_POOL[m.alias]!;
      const target = m.target < 0 ? 'null' : `d${m.target % s.count}`;
      return m.target < 0 ? `  "${alias}": null` : `  "${alias}":\n    distribution: ${target}\n    strategy: ${strategies[m.strategy]}`;
    }),
    '',
  ].join('\n');
  return { world, desiredYaml, maxAttempts: s.maxAttempts };
}
