/**
 * The live facts about each alias, for display: who holds it (in the account or outside it),
 * whether the holder's certificate covers it, where its DNS records point, and which wildcard or
 * specific aliases on other distributions overlap it. Managed aliases by default; with `all`,
 * every alias on a distribution of the account too. Display only: the planner decides.
 */
import {
  aliasMatches,
  certificateCovers,
  fromFqdn,
  isTenantId,
  isWildcard,
  toFqdn,
  zoneFor,
  type Certificate,
  type DesiredState,
  type Inventory,
} from '@cfalias/core';
import { distributionLabeler, type Colors } from './format.js';

export interface InventoryOwner {
  readonly distribution: string;
  readonly account: string;
  /** Held outside the caller's account (ids as ListDomainConflicts reports them, partly masked). */
  readonly foreign: boolean;
  /** The holder is a distribution tenant. */
  readonly tenant?: boolean;
}

export interface InventoryDnsRecord {
  readonly type: string;
  /** CloudFront domain or other target, without trailing dot. */
  readonly target: string;
  /** The account's distribution with that domain, when there is one. */
  readonly distribution: string | null;
}

/** An alias on another distribution that overlaps this one (a wildcard and a name it matches). */
export interface WildcardOverlap {
  readonly alias: string;
  readonly distribution: string;
  /** Held outside the caller's account. */
  readonly foreign: boolean;
}

export interface InventoryRow {
  readonly alias: string;
  /** Listed in the desired file. */
  readonly managed: boolean;
  /** Distribution id the desired file wants it on; null: detach, or not managed. */
  readonly desired: string | null;
  readonly owner: InventoryOwner | null;
  /** Why the holder outside the account could not be learned, when it could not. */
  readonly ownerUnknown?: string;
  /** Does the owner's certificate cover the alias? null when there is no owner in the account. */
  readonly certificateCovers: boolean | null;
  /** The managed (public) hosted zone the alias belongs to; null when none. */
  readonly zone: string | null;
  readonly records: readonly InventoryDnsRecord[];
  /**
   * Aliases on OTHER distributions that overlap this one: for a name, the wildcards matching it
   * (they take its traffic if it is detached); for a wildcard, the names it matches.
   */
  readonly wildcardOverlaps: readonly WildcardOverlap[];
}

export interface InventoryRowOptions {
  /** Every alias on a distribution of the account, not only the managed ones. */
  readonly all?: boolean;
}

const POINTING_TYPES = new Set(['A', 'AAAA', 'CNAME']);

/** Distributions and tenants alike: id, account, DNS name, aliases, and the certificate that serves them. */
function holdingResources(inventory: Inventory) {
  const parents = new Map(inventory.distributions.map((d) => [d.id, d] as const));
  return [
    ...inventory.distributions,
    ...(inventory.tenants ?? []).map((t) => ({
      id: t.id,
      accountId: t.accountId,
      domainName: t.routingEndpoint,
      aliases: t.domains,
      certificateArn: t.certificateArn ?? parents.get(t.distributionId)?.certificateArn ?? null,
    })),
  ];
}

export function inventoryRows(desired: DesiredState, inventory: Inventory, options: InventoryRowOptions = {}): InventoryRow[] {
  const resources = holdingResources(inventory);
  const ownerOf = new Map<string, string>();
  for (const d of resources) for (const alias of d.aliases) ownerOf.set(alias, d.id);
  const byId = new Map(resources.map((d) => [d.id, d] as const));
  const byDomain = new Map(resources.map((d) => [d.domainName.toLowerCase(), d.id] as const));
  const certificates = new Map<string, Certificate>();
  for (const c of inventory.certificates) {
    certificates.set(c.arn, c);
    if (c.iamCertificateId !== undefined) certificates.set(c.iamCertificateId, c);
  }
  const foreign = new Map(inventory.foreignOwners.map((f) => [f.alias, f] as const));
  const unknown = new Map((inventory.unknownOwners ?? []).map((u) => [u.alias, u.reason] as const));
  const publicZones = inventory.hostedZones.filter((z) => !z.privateZone);

  // Every alias known to be held somewhere: the account's, then foreign owners ListDomainConflicts reported.
  const held: WildcardOverlap[] = [
    ...resources.flatMap((d) => d.aliases.map((alias) => ({ alias, distribution: d.id, foreign: false }))),
    ...inventory.foreignOwners.map((f) => ({ alias: f.alias, distribution: f.distributionId, foreign: true })),
  ];
  const desiredTarget = new Map(desired.aliases.map((a) => [a.alias, a.target] as const));
  const names = new Set(desired.aliases.map((a) => a.alias));
  if (options.all) for (const d of resources) for (const alias of d.aliases) names.add(alias);

  return [...names].sort().map((alias) => {
    const target = desiredTarget.get(alias) ?? null;
    const ownerId = ownerOf.get(alias);
    const owner = ownerId === undefined ? undefined : byId.get(ownerId);
    const foreignOwner = foreign.get(alias);
    const certificate = owner?.certificateArn ? certificates.get(owner.certificateArn) : undefined;
    const zone = zoneFor(alias, publicZones);
    const name = toFqdn(alias);
    const records = (zone?.records ?? [])
      .filter((r) => r.name === name && POINTING_TYPES.has(r.type))
      .map((r) => {
        const raw = r.aliasTarget?.dnsName ?? r.values?.[0] ?? '';
        const targetDomain = fromFqdn(raw.toLowerCase());
        return { type: r.type, target: targetDomain, distribution: byDomain.get(targetDomain) ?? null };
      });
    const holder = owner?.id ?? foreignOwner?.distributionId;
    const wildcardOverlaps = held
      .filter((h) => h.alias !== alias && h.distribution !== holder)
      .filter((h) => (isWildcard(alias) ? aliasMatches(alias, h.alias) : aliasMatches(h.alias, alias)))
      .sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
    return {
      alias,
      managed: desiredTarget.has(alias),
      desired: target,
      owner: owner
        ? { distribution: owner.id, account: owner.accountId, foreign: false, ...(isTenantId(owner.id) && { tenant: true }) }
        : foreignOwner
          ? {
              distribution: foreignOwner.distributionId,
              account: foreignOwner.accountId,
              foreign: true,
              ...(foreignOwner.resourceType === 'distribution-tenant' && { tenant: true }),
            }
          : null,
      ...(!owner && !foreignOwner && unknown.has(alias) && { ownerUnknown: unknown.get(alias)! }),
      certificateCovers: owner ? certificate !== undefined && certificateCovers(certificate.subjectAlternativeNames, alias) : null,
      zone: zone?.name ?? null,
      records,
      wildcardOverlaps,
    };
  });
}

/** `E2GREEN (green)`: as in plans, each id with the first (sorted) logical name the desired file gives it. */
export function desiredLabeler(desired: DesiredState): (id: string) => string {
  const names = new Map<string, string>();
  for (const name of Object.keys(desired.distributions).sort()) {
    const id = desired.distributions[name]!;
    if (!names.has(id)) names.set(id, name);
  }
  return distributionLabeler([...names].map(([id, name]) => ({ id, name, domainName: '' })));
}

export interface InventoryTableOptions {
  /** Distribution ids to logical names (the desired file's `distributions:`), shown as `E2GREEN (green)`. */
  readonly label?: (id: string) => string;
  /** Every overlap in NOTES; by default the first few and how many more. */
  readonly wide?: boolean;
}

/** NOTES lists this many overlaps before "and N more" unless `wide`. */
const NOTES_SHOWN = 2;

export function renderInventoryTable(rows: readonly InventoryRow[], colors: Colors, options: InventoryTableOptions = {}): string {
  if (rows.length === 0) return 'No aliases are managed by the desired file.\n';
  const label = options.label ?? ((id: string): string => id);
  const notes = (row: InventoryRow): string => describeNotes(row, label, options.wide === true);
  const withNotes = rows.some((row) => notes(row) !== '');
  const header = ['ALIAS', 'DESIRED', 'OWNER', 'OWNER CERT', 'DNS', ...(withNotes ? ['NOTES'] : [])];
  const body = rows.map((row) => [
    row.alias,
    !row.managed ? '(unmanaged)' : row.desired === null ? '(detach)' : label(row.desired),
    row.owner === null
      ? row.ownerUnknown !== undefined
        ? 'unknown'
        : 'none'
      : row.owner.foreign
        ? `${row.owner.distribution} (account ${row.owner.account}, foreign${row.owner.tenant ? ' tenant' : ''})`
        : `${label(row.owner.distribution)}${row.owner.tenant ? ' (tenant)' : ''}`,
    row.certificateCovers === null ? '-' : row.certificateCovers ? 'covers' : 'does not cover',
    describeDns(row, label),
    ...(withNotes ? [notes(row)] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  let text = `${colors.bold(line(header))}\n`;
  for (const cells of body) text += `${line(cells)}\n`;
  text += colors.dim('\nOWNER CERT: whether the certificate of the distribution holding the alias now covers it.\n');
  return text;
}

function describeDns(row: InventoryRow, label: (id: string) => string): string {
  if (row.zone === null) return 'no managed zone';
  if (row.records.length === 0) return `no record in ${row.zone}`;
  return row.records.map((r) => `${r.type} → ${r.target}${r.distribution ? ` (${label(r.distribution)})` : ''}`).join(', ');
}

/** Why the owner is unknown, and wildcard overlaps with the distribution holding the other alias; the first few unless `wide`. */
function describeNotes(row: InventoryRow, label: (id: string) => string, wide: boolean): string {
  const all = row.wildcardOverlaps.map(
    (o) => `overlaps ${o.alias} on ${o.foreign ? `${o.distribution} (foreign)` : label(o.distribution)}`,
  );
  const overlaps =
    wide || all.length <= NOTES_SHOWN + 1
      ? all.join(', ')
      : `${all.slice(0, NOTES_SHOWN).join(', ')} and ${all.length - NOTES_SHOWN} more (--wide lists them)`;
  const unknown = row.ownerUnknown !== undefined ? `owner unknown: ${row.ownerUnknown}` : '';
  return [unknown, overlaps].filter((note) => note !== '').join(', ');
}
