/**
 * One pass over an Inventory into lookup tables, so the planner never scans lists per alias:
 * alias → owning distribution (caller's account), id → distribution, ARN → certificate, alias →
 * foreign owner, zone lookup by name (public zones, longest suffix) and record lookup by
 * (zone, name, type). Built once per plan; read only afterwards.
 */
import { fromFqdn } from '../hostnames.js';
import type { Certificate, Distribution, DnsRecord, ForeignOwner, HostedZone, Inventory } from './inventory.js';

export interface InventoryIndex {
  readonly inventory: Inventory;
  /** Distributions of the caller's account, by id. */
  readonly distributions: ReadonlyMap<string, Distribution>;
  /** Alias → the distribution of the caller's account holding it (exact string). */
  readonly owners: ReadonlyMap<string, Distribution>;
  readonly certificates: ReadonlyMap<string, Certificate>;
  /** Alias → holders outside the account (from `foreignOwners`, and distributions of other accounts when present). */
  readonly foreignOwners: ReadonlyMap<string, ForeignOwner>;
  /** The public hosted zone `name` (with or without trailing dot) belongs to: longest suffix match. */
  zoneFor(name: string): HostedZone | undefined;
  /** The record set (name, type) in the zone; `name` is fully qualified with trailing dot. */
  record(zoneId: string, name: string, type: string): DnsRecord | undefined;
  /** Every record set at `name` in the zone (any type). */
  recordsAt(zoneId: string, name: string): readonly DnsRecord[];
  /**
   * Every record set at `host` (lowercase, no trailing dot: an alias) in the zone. The same as
   * `recordsAt(zoneId, host + '.')`, without building that name: the planner asks once per alias.
   */
  recordsAtHost(zoneId: string, host: string): readonly DnsRecord[];
  /** Every record of the zone, in inventory order. */
  zoneRecords(zoneId: string): readonly DnsRecord[];
}

/** Records are keyed by lowercase name without the trailing dot, the form aliases already have. */
function recordKey(name: string): string {
  return fromFqdn(name.toLowerCase());
}

const NONE: readonly DnsRecord[] = [];

export function indexInventory(inventory: Inventory): InventoryIndex {
  const distributions = new Map<string, Distribution>();
  const owners = new Map<string, Distribution>();
  const foreignOwners = new Map<string, ForeignOwner>();
  for (const d of inventory.distributions) {
    if (d.accountId === inventory.account) {
      distributions.set(d.id, d);
      for (const alias of d.aliases) owners.set(alias, d);
    } else {
      for (const alias of d.aliases) {
        if (!foreignOwners.has(alias)) foreignOwners.set(alias, { alias, distributionId: d.id, accountId: d.accountId });
      }
    }
  }
  for (const owner of inventory.foreignOwners) {
    if (!foreignOwners.has(owner.alias)) foreignOwners.set(owner.alias, owner);
  }

  const certificates = new Map<string, Certificate>();
  for (const c of inventory.certificates) certificates.set(c.arn, c);

  // Private zones never answer public queries, so they never decide where an alias points.
  const zonesByName = new Map<string, HostedZone>();
  // zone id → record name (lowercase, no trailing dot) → the record sets at that name.
  const records = new Map<string, Map<string, DnsRecord[]>>();
  const zoneRecordLists = new Map<string, readonly DnsRecord[]>();
  for (const zone of [...inventory.hostedZones].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    zoneRecordLists.set(zone.id, zone.records);
    const byName = new Map<string, DnsRecord[]>();
    for (const r of zone.records) {
      const name = recordKey(r.name);
      const list = byName.get(name);
      if (list) list.push(r);
      else byName.set(name, [r]);
    }
    records.set(zone.id, byName);
    if (zone.privateZone) continue;
    const name = fromFqdn(zone.name.toLowerCase());
    // Two public zones with one name (a delegation in flight): the lowest id wins, deterministically.
    if (!zonesByName.has(name)) zonesByName.set(name, zone);
  }

  const recordsAtHost = (zoneId: string, host: string): readonly DnsRecord[] => records.get(zoneId)?.get(host) ?? NONE;
  const recordsAt = (zoneId: string, name: string): readonly DnsRecord[] => recordsAtHost(zoneId, recordKey(name));

  // Longest suffix: the name itself, else its parent's zone (memoised: aliases share few parents).
  const parentZones = new Map<string, HostedZone | undefined>();
  const zoneOfHost = (host: string): HostedZone | undefined => {
    const zone = zonesByName.get(host);
    if (zone) return zone;
    const dot = host.indexOf('.');
    if (dot < 0) return undefined;
    const parent = host.slice(dot + 1);
    const known = parentZones.get(parent);
    if (known !== undefined || parentZones.has(parent)) return known;
    const found = zoneOfHost(parent);
    parentZones.set(parent, found);
    return found;
  };
  const zoneFor = (name: string): HostedZone | undefined => zoneOfHost(fromFqdn(name.toLowerCase()));

  return {
    inventory,
    distributions,
    owners,
    certificates,
    foreignOwners,
    zoneFor,
    record(zoneId: string, name: string, type: string): DnsRecord | undefined {
      const wanted = type.toUpperCase();
      return recordsAt(zoneId, name).find((r) => r.type.toUpperCase() === wanted);
    },
    recordsAt,
    recordsAtHost,
    zoneRecords(zoneId: string): readonly DnsRecord[] {
      return zoneRecordLists.get(zoneId) ?? [];
    },
  };
}
