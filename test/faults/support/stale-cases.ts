/**
 * The stale-plan matrix's case table: the demo cutover (fixtures/demo) planned with `--out`, then
 * the world file changed in exactly one way, then the saved plan applied. Each case says what the
 * change is and what apply must do about it: refuse the plan (exit 4, world file byte-identical,
 * each difference named in words) or, for a change the plan does not depend on, apply cleanly.
 *
 * The base world is the demo's plus two things the cases need: a third distribution of the
 * account (`OTHER`, holding an unmanaged alias) and another account (`FOREIGN`) with a
 * distribution of its own, holding nothing. Neither changes the demo plan.
 */
import { parseWorldDocument } from '@cfalias/providers';
import { BLUE, demoFixtureDocument, GREEN, ZONE_COM, ZONE_NET } from './demo-world.js';

export const OTHER = 'E3OTHER8J5N2WQ';
export const OTHER_DOMAIN = 'd3other8j5n2wq.cloudfront.net';
export const FOREIGN_ACCOUNT = '222222222222';
export const FOREIGN = 'E5FOREIGN6H3KT';
const FOREIGN_CERT = 'arn:aws:acm:us-east-1:222222222222:certificate/foreign-wild';
export const BLUE_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/3f1c9a52-8d4e-4b7a-9c21-6e0f5b8d2a17';
export const GREEN_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/a7d04e6b-25c3-4f18-b9e0-c4d2f7361b85';
const CLOUDFRONT_ZONE = 'Z2FDTNDATAQYW2';

/** The world file's shape, mutable, as far as the cases edit it. */
export interface MutableWorld {
  caller: string;
  now: string;
  settings?: Record<string, unknown>;
  accounts: MutableAccount[];
}

interface MutableAccount {
  id: string;
  distributions?: MutableDistribution[];
  certificates?: MutableCertificate[];
  hostedZones?: MutableZone[];
}

interface MutableDistribution {
  id: string;
  domainName: string;
  enabled: boolean;
  status: string;
  deployedAt?: string;
  aliases: string[];
  certificateArn?: string | null;
  config?: Record<string, unknown>;
}

interface MutableCertificate {
  arn: string;
  domainName: string;
  subjectAlternativeNames: string[];
  status: string;
  notAfter?: string | null;
}

interface MutableRecord {
  name: string;
  type: string;
  ttl?: number;
  values?: string[];
  aliasTarget?: { dnsName: string; hostedZoneId: string; evaluateTargetHealth?: boolean };
}

interface MutableZone {
  id: string;
  name: string;
  records: MutableRecord[];
}

/** What apply must do with the saved plan after the change. */
export type StaleExpectation =
  /** Exit 4, nothing written; `differences` are the report's lines, exactly (in any order). */
  | { readonly outcome: 'stale'; readonly differences: readonly string[] }
  /** The plan does not depend on the change: exit 0 (saying `notice` when given) and a re-plan with no changes. */
  | { readonly outcome: 'applies'; readonly notice?: string }
  /** Refused before anything is read from the account (another account): `code`, `message`, world untouched. */
  | { readonly outcome: 'refused'; readonly code: number; readonly message: string };

export interface StaleCase {
  readonly name: string;
  /** A change to the base world before the plan is made (the case's own starting point). */
  readonly prepare?: (world: MutableWorld) => void;
  /** The one change made to the world between the plan and the apply. */
  readonly change: (world: MutableWorld) => void;
  /** Or to the desired file (`cfalias.yaml`) instead. */
  readonly editDesired?: (text: string) => string;
  readonly expect: StaleExpectation;
}

export function baseWorldText(): string {
  const world = JSON.parse(JSON.stringify(demoFixtureDocument())) as MutableWorld;
  const caller = world.accounts[0]!;
  caller.distributions!.push({
    id: OTHER,
    domainName: OTHER_DOMAIN,
    enabled: true,
    status: 'Deployed',
    aliases: ['legacy.example.com'],
    certificateArn: BLUE_CERT,
    config: { Comment: 'another team' },
  });
  world.accounts.push({
    id: FOREIGN_ACCOUNT,
    distributions: [
      {
        id: FOREIGN,
        domainName: 'd5foreign6h3kt.cloudfront.net',
        enabled: true,
        status: 'Deployed',
        aliases: [],
        certificateArn: FOREIGN_CERT,
      },
    ],
    certificates: [
      {
        arn: FOREIGN_CERT,
        domainName: 'example.com',
        subjectAlternativeNames: ['example.com', '*.example.com', 'shop.example.net'],
        status: 'ISSUED',
        notAfter: '2027-09-30T23:59:59Z',
      },
    ],
  });
  return worldText(world);
}

/** A world as a file: validated (a case that breaks the world's own rules fails loudly), pretty JSON. */
export function worldText(world: MutableWorld): string {
  const text = `${JSON.stringify(world, null, 2)}\n`;
  parseWorldDocument(text, 'world.json');
  return text;
}

function account(world: MutableWorld, id: string): MutableAccount {
  const found = world.accounts.find((a) => a.id === id);
  if (!found) throw new Error(`no account ${id} in the world`);
  return found;
}

function distribution(world: MutableWorld, id: string): MutableDistribution {
  for (const a of world.accounts) {
    const found = a.distributions?.find((d) => d.id === id);
    if (found) return found;
  }
  throw new Error(`no distribution ${id} in the world`);
}

function certificate(world: MutableWorld, arn: string): MutableCertificate {
  const found = world.accounts.flatMap((a) => a.certificates ?? []).find((c) => c.arn === arn);
  if (!found) throw new Error(`no certificate ${arn} in the world`);
  return found;
}

function zone(world: MutableWorld, id: string): MutableZone {
  const found = world.accounts.flatMap((a) => a.hostedZones ?? []).find((z) => z.id === id);
  if (!found) throw new Error(`no hosted zone ${id} in the world`);
  return found;
}

/** Moves `alias` off whichever distribution holds it and onto `to` (undefined: onto none). */
function moveAlias(world: MutableWorld, alias: string, to: string | undefined): void {
  for (const d of world.accounts.flatMap((a) => a.distributions ?? [])) d.aliases = d.aliases.filter((x) => x !== alias);
  if (to !== undefined) distribution(world, to).aliases.push(alias);
}

function withoutRecords(world: MutableWorld, zoneId: string, name: string, type?: string): void {
  const z = zone(world, zoneId);
  z.records = z.records.filter((r) => !(r.name === name && (type === undefined || r.type === type)));
}

function aliasRecord(name: string, type: 'A' | 'AAAA', domain: string): MutableRecord {
  return { name, type, aliasTarget: { dnsName: `${domain}.`, hostedZoneId: CLOUDFRONT_ZONE, evaluateTargetHealth: false } };
}

/** Points the A/AAAA alias records at `name` to `domain`. */
function repoint(world: MutableWorld, zoneId: string, name: string, domain: string): void {
  for (const r of zone(world, zoneId).records) if (r.name === name && r.aliasTarget) r.aliasTarget.dnsName = `${domain}.`;
}

const BLUE_NAMED = `${BLUE} (blue)`;
const GREEN_NAMED = `${GREEN} (green)`;
const STALE_CASES: readonly StaleCase[] = [
  {
    name: 'alias moved to a third distribution',
    change: (w) => moveAlias(w, 'www.example.com', OTHER),
    expect: { outcome: 'stale', differences: [`www.example.com (holder): expected on ${BLUE_NAMED}; found on ${OTHER}`] },
  },
  {
    name: 'alias already on the target',
    change: (w) => moveAlias(w, 'api.example.com', GREEN),
    expect: { outcome: 'stale', differences: [`api.example.com (holder): expected on ${BLUE_NAMED}; found on ${GREEN_NAMED}`] },
  },
  {
    name: 'source already detached (detach-attach alias on no distribution)',
    change: (w) => moveAlias(w, 'static.example.com', undefined),
    expect: { outcome: 'stale', differences: [`static.example.com (holder): expected on ${BLUE_NAMED}; found on no distribution`] },
  },
  {
    name: 'alias to detach already detached',
    change: (w) => moveAlias(w, 'old.example.com', undefined),
    expect: { outcome: 'stale', differences: [`old.example.com (holder): expected on ${BLUE_NAMED}; found on no distribution`] },
  },
  {
    name: 'target disabled',
    change: (w) => {
      distribution(w, GREEN).enabled = false;
    },
    expect: { outcome: 'stale', differences: [`${GREEN_NAMED} (enabled): expected enabled; found disabled`] },
  },
  {
    name: 'target deleted',
    change: (w) => {
      const caller = account(w, '111111111111');
      caller.distributions = caller.distributions!.filter((d) => d.id !== GREEN);
    },
    expect: {
      outcome: 'stale',
      differences: [
        `${GREEN_NAMED} (exists): expected exists in the account; found not found (deleted, or in another account)`,
        `media.example.com (holder): expected on ${GREEN_NAMED}; found on no distribution`,
      ],
    },
  },
  {
    name: 'certificate replaced on the target (no longer covering)',
    change: (w) => {
      const arn = 'arn:aws:acm:us-east-1:111111111111:certificate/narrow';
      account(w, '111111111111').certificates!.push({
        arn,
        domainName: 'status.example.com',
        subjectAlternativeNames: ['status.example.com', 'media.example.com'],
        status: 'ISSUED',
        notAfter: '2027-09-30T23:59:59Z',
      });
      distribution(w, GREEN).certificateArn = arn;
    },
    expect: {
      outcome: 'stale',
      differences: [`${GREEN_NAMED} (certificate): expected ${GREEN_CERT}; found arn:aws:acm:us-east-1:111111111111:certificate/narrow`],
    },
  },
  {
    name: 'certificate reissued under the same ARN without the aliases',
    change: (w) => {
      certificate(w, GREEN_CERT).subjectAlternativeNames = ['example.com', 'status.example.com', 'media.example.com'];
    },
    expect: {
      outcome: 'stale',
      differences: [
        `certificate ${GREEN_CERT} (coverage): expected covers shop.example.net, api.example.com, www.example.com, static.example.com; ` +
          'found does not cover shop.example.net, api.example.com, www.example.com, static.example.com (SANs: example.com, status.example.com, media.example.com)',
      ],
    },
  },
  {
    name: 'certificate expired',
    change: (w) => {
      certificate(w, GREEN_CERT).notAfter = '2026-11-30T00:00:00Z';
    },
    expect: {
      outcome: 'stale',
      differences: [
        `certificate ${GREEN_CERT} (expiry): expected valid (until 2027-09-30T23:59:59.000Z); found expired at 2026-11-30T00:00:00.000Z`,
      ],
    },
  },
  {
    name: 'certificate revoked',
    change: (w) => {
      certificate(w, GREEN_CERT).status = 'REVOKED';
    },
    expect: { outcome: 'stale', differences: [`certificate ${GREEN_CERT} (status): expected ISSUED; found REVOKED`] },
  },
  {
    name: 'certificate renewed under the same ARN, still covering (not stale)',
    change: (w) => {
      certificate(w, GREEN_CERT).notAfter = '2028-09-30T23:59:59Z';
    },
    expect: { outcome: 'applies' },
  },
  {
    name: 'an unrelated alias added to the target (not stale)',
    change: (w) => {
      distribution(w, GREEN).aliases.push('beta.example.com');
    },
    expect: { outcome: 'applies' },
  },
  {
    name: 'another writer fills the target up to its alias quota',
    prepare: (w) => {
      // The plan's peak on green is 5 aliases (2 now, media leaves, www, api, static, shop come).
      w.settings = { ...w.settings, aliasQuota: 5 };
    },
    change: (w) => {
      distribution(w, GREEN).aliases.push('beta.example.com');
    },
    expect: {
      outcome: 'stale',
      differences: [
        `${GREEN_NAMED} (alias quota): expected 2 aliases, room for the plan's peak of 5 (quota 5); found 3 aliases: the plan would need 6`,
      ],
    },
  },
  {
    name: 'another config field of a touched distribution changed (not stale)',
    change: (w) => {
      distribution(w, BLUE).config = { Comment: 'blue: edited by hand after the plan' };
    },
    expect: { outcome: 'applies' },
  },
  {
    name: 'an unrelated distribution changed (not stale)',
    change: (w) => {
      const other = distribution(w, OTHER);
      other.aliases = ['legacy.example.com', 'legacy2.example.com'];
      other.enabled = false;
    },
    expect: { outcome: 'applies' },
  },
  {
    name: 'DNS record of a moved alias repointed',
    change: (w) => repoint(w, ZONE_COM, 'www.example.com.', OTHER_DOMAIN),
    expect: {
      outcome: 'stale',
      differences: [
        `www.example.com. A/AAAA/CNAME (records): expected www.example.com. A ALIAS d1blue7qx4m2zk.cloudfront.net.; www.example.com. AAAA ALIAS d1blue7qx4m2zk.cloudfront.net.; ` +
          `found www.example.com. A ALIAS ${OTHER_DOMAIN}.; www.example.com. AAAA ALIAS ${OTHER_DOMAIN}.`,
      ],
    },
  },
  {
    name: 'DNS record of a detach-attach alias repointed',
    change: (w) => repoint(w, ZONE_COM, 'static.example.com.', OTHER_DOMAIN),
    expect: {
      outcome: 'stale',
      differences: [
        `static.example.com. A/AAAA/CNAME (records): expected static.example.com. A ALIAS d1blue7qx4m2zk.cloudfront.net.; found static.example.com. A ALIAS ${OTHER_DOMAIN}.`,
      ],
    },
  },
  {
    name: 'DNS record deleted',
    change: (w) => withoutRecords(w, ZONE_COM, 'api.example.com.', 'CNAME'),
    expect: {
      outcome: 'stale',
      differences: [
        'api.example.com. A/AAAA/CNAME (records): expected api.example.com. CNAME "d1blue7qx4m2zk.cloudfront.net"; found no A/AAAA/CNAME record',
      ],
    },
  },
  {
    name: 'DNS record created where the plan creates one',
    change: (w) => {
      zone(w, ZONE_NET).records.push(aliasRecord('shop.example.net.', 'A', OTHER_DOMAIN));
    },
    expect: {
      outcome: 'stale',
      differences: [
        `shop.example.net. A/AAAA/CNAME (records): expected no A/AAAA/CNAME record; found shop.example.net. A ALIAS ${OTHER_DOMAIN}.`,
      ],
    },
  },
  {
    name: 'TXT ownership record removed',
    change: (w) => withoutRecords(w, ZONE_COM, '_api.example.com.', 'TXT'),
    expect: {
      outcome: 'stale',
      differences: ['_api.example.com. TXT (records): expected _api.example.com. TXT "d2green5t8w3pr.cloudfront.net"; found no TXT record'],
    },
  },
  {
    name: 'TXT ownership record changed to name another distribution',
    change: (w) => {
      const txt = zone(w, ZONE_COM).records.find((r) => r.name === '_api.example.com.' && r.type === 'TXT')!;
      txt.values = ['"d5foreign6h3kt.cloudfront.net"'];
    },
    expect: {
      outcome: 'stale',
      differences: [
        '_api.example.com. TXT (records): expected _api.example.com. TXT "d2green5t8w3pr.cloudfront.net"; found _api.example.com. TXT "d5foreign6h3kt.cloudfront.net"',
      ],
    },
  },
  {
    name: 'TXT record added where the plan expected none',
    change: (w) => {
      zone(w, ZONE_COM).records.push({ name: '_www.example.com.', type: 'TXT', ttl: 300, values: ['"d5foreign6h3kt.cloudfront.net"'] });
    },
    expect: {
      outcome: 'stale',
      differences: ['_www.example.com. TXT (records): expected no TXT record; found _www.example.com. TXT "d5foreign6h3kt.cloudfront.net"'],
    },
  },
  {
    name: 'a new foreign owner (an alias to attach taken in another account)',
    change: (w) => moveAlias(w, 'shop.example.net', FOREIGN),
    expect: {
      outcome: 'stale',
      differences: ['shop.example.net (holder): expected on no distribution; found on distribution *******GN6H3KT of account ******222222'],
    },
  },
  {
    name: 'an alias to move taken by another account',
    change: (w) => moveAlias(w, 'www.example.com', FOREIGN),
    expect: {
      outcome: 'stale',
      differences: [`www.example.com (holder): expected on ${BLUE_NAMED}; found on distribution *******GN6H3KT of account ******222222`],
    },
  },
  {
    name: 'wildcard parent added elsewhere',
    change: (w) => moveAlias(w, '*.example.com', FOREIGN),
    expect: {
      outcome: 'stale',
      differences: ['*.example.com (holder): expected on no distribution; found on distribution *******GN6H3KT of account ******222222'],
    },
  },
  {
    name: 'status InProgress on a touched distribution (not stale)',
    change: (w) => {
      const green = distribution(w, GREEN);
      green.status = 'InProgress';
      green.deployedAt = '2026-12-01T02:04:00Z';
    },
    expect: { outcome: 'applies' },
  },
  {
    name: 'the desired file edited after the plan (applies as reviewed, says so)',
    change: () => undefined,
    editDesired: (text) => `${text}\n# reviewed by the platform team\n`,
    expect: {
      outcome: 'applies',
      notice:
        'note: cfalias.yaml has changed since plan.json was made from it: the plan applies as it was reviewed; ' +
        'to apply the file as it is now, make a new plan (cfalias --sandbox world.json plan --out FILE)\n',
    },
  },
  {
    name: 'credentials of another account',
    change: (w) => {
      w.caller = FOREIGN_ACCOUNT;
    },
    expect: {
      outcome: 'refused',
      code: 1,
      message:
        'error: plan.json is for account 111111111111, but the credentials in use reach account 222222222222: nothing was read or changed; ' +
        'use credentials (or --profile) for account 111111111111\n',
    },
  },
  {
    name: 'zone of the moved aliases deleted',
    change: (w) => {
      const caller = account(w, '111111111111');
      caller.hostedZones = caller.hostedZones!.filter((z) => z.id !== ZONE_COM);
    },
    expect: {
      outcome: 'stale',
      differences: [
        `hosted zone ${ZONE_COM} (exists): expected exists, with the records at _api.example.com., _www.example.com., api.example.com., ` +
          'media.example.com., old.example.com., static.example.com., www.example.com.; found not found (deleted, or in another account)',
      ],
    },
  },
  {
    name: 'zone of an alias to attach deleted',
    change: (w) => {
      const caller = account(w, '111111111111');
      caller.hostedZones = caller.hostedZones!.filter((z) => z.id !== ZONE_NET);
    },
    expect: {
      outcome: 'stale',
      differences: [
        `hosted zone ${ZONE_NET} (exists): expected exists, with the records at shop.example.net.; found not found (deleted, or in another account)`,
      ],
    },
  },
];

export function staleCases(): readonly StaleCase[] {
  return STALE_CASES;
}
