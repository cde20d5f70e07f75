/**
 * One pass over an Inventory into lookup tables, so the planner never scans lists per alias:
 * alias → the resource holding it in a reachable account (every account of `inventory.accounts`,
 * else the caller's alone), id → resource, ARN (or IAM certificate id) → certificate, alias →
 * foreign owner (a holder outside every reachable account), zone lookup by name (public zones,
 * longest suffix) and record lookup by (zone, name, type). Built once per plan; read only afterwards.
 *
 * Resources that hold aliases are standard distributions and distribution tenants. The planner
 * treats both the same way (an id, a DNS target, an enabled flag, a status, an alias set, a
 * certificate), so a tenant enters `distributions` as a `Distribution` projected from it: its
 * `domains` as aliases, its connection group's routing endpoint as `domainName`, and its own
 * certificate or else its multi-tenant distribution's. `isTenantId` tells the two apart.
 */
import { fromFqdn } from '../hostnames.js';
import type {
  Certificate,
  Distribution,
  DistributionTenant,
  DnsRecord,
  ForeignOwner,
  HostedZone,
  Inventory,
  UnknownOwner,
} from './inventory.js';

export interface InventoryIndex {
  readonly inventory: Inventory;
  /**
   * Distributions and tenants (projected, see above) of every reachable account (`inventory.accounts`,
   * else the caller's account), by id.
   */
  readonly distributions: ReadonlyMap<string, Distribution>;
  /** Alias → the distribution or tenant of a reachable account holding it (exact string). */
  readonly owners: ReadonlyMap<string, Distribution>;
  /**
   * No alias is listed twice across the reachable distributions and tenants: then the one whose
   * list holds an alias is its owner (`owners`), whichever distribution or tenant asks.
   */
  readonly ownersListedOnce: boolean;
  /** Tenants of the reachable accounts as read, by id. */
  readonly tenants: ReadonlyMap<string, DistributionTenant>;
  /** Multi-tenant distribution id → its tenants' ids, sorted. */
  readonly tenantsOf: ReadonlyMap<string, readonly string[]>;
  /** By ACM ARN, IAM ARN and IAM server certificate id. */
  readonly certificates: ReadonlyMap<string, Certificate>;
  /**
   * Alias → holders outside every reachable account (from `foreignOwners`, and distributions of
   * other accounts when present); an alias a reachable resource holds is never here.
   */
  readonly foreignOwners: ReadonlyMap<string, ForeignOwner>;
  /** Alias → why its holder outside the account is unknown. */
  readonly unknownOwners: ReadonlyMap<string, UnknownOwner>;
  /** The public hosted zone `name` (with or without trailing dot) belongs to: longest suffix match. */
  zoneFor(name: string): HostedZone | undefined;
  /**
   * `zoneFor(host)` for a name in alias form (lowercase, no trailing dot), without normalising
   * it: the planner asks once per alias.
   */
  zoneOfHost(host: string): HostedZone | undefined;
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

/** Certificates by ARN, and IAM server certificates by their id too (distributions may name either). */
function indexCertificates(list: readonly Certificate[]): Map<string, Certificate> {
  const certificates = new Map<string, Certificate>();
  for (const c of list) {
    certificates.set(c.arn, c);
    if (c.iamCertificateId !== undefined) certificates.set(c.iamCertificateId, c);
  }
  return certificates;
}

/**
 * The hosted zones' records by zone and name, their record lists, and the public zones by name.
 * Private zones never answer public queries, so they never decide where an alias points.
 */
function indexZones(hostedZones: readonly HostedZone[]): {
  zonesByName: Map<string, HostedZone>;
  records: Map<string, Map<string, DnsRecord[]>>;
  zoneRecordLists: Map<string, readonly DnsRecord[]>;
} {
  const zonesByName = new Map<string, HostedZone>();
  // zone id → record name (lowercase, no trailing dot) → the record sets at that name.
  const records = new Map<string, Map<string, DnsRecord[]>>();
  const zoneRecordLists = new Map<string, readonly DnsRecord[]>();
  for (const zone of [...hostedZones].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    zoneRecordLists.set(zone.id, zone.records);
    const byName = new Map<string, DnsRecord[]>();
    zone.records.forEach((r) => {
      const name = recordKey(r.name);
      const list = byName.get(name);
      if (list) list.push(r);
      else byName.set(name, [r]);
    });
    records.set(zone.id, byName);
    if (zone.privateZone) continue;
    const name = fromFqdn(zone.name.toLowerCase());
    // Two public zones with one name (a delegation in flight): the lowest id wins, deterministically.
    if (!zonesByName.has(name)) zonesByName.set(name, zone);
  }
  return { zonesByName, records, zoneRecordLists };
}

/**
 * The public zone a name in alias form belongs to: longest suffix, the name itself, else its
 * parent's zone (memoised: aliases share few parents).
 */
function zoneLookup(zonesByName: ReadonlyMap<string, HostedZone>): (host: string) => HostedZone | undefined {
  const parentZones = new Map<string, HostedZone | undefined>();
  // The parent asked last and its zone: aliases come in order, so a neighbour under the same
  // parent is answered by a comparison, without slicing its parent out.
  let lastParent = '';
  let lastParentZone: HostedZone | undefined;
  const zoneOfHost = (host: string): HostedZone | undefined => {
    const zone = zonesByName.get(host);
    if (zone) return zone;
    const dot = host.indexOf('.');
    if (dot < 0) return undefined;
    if (host.length - dot - 1 === lastParent.length && host.endsWith(lastParent)) return lastParentZone;
    const parent = host.slice(dot + 1);
    let found = parentZones.get(parent);
    if (found === undefined && !parentZones.has(parent)) {
      found = zoneOfHost(parent);
      parentZones.set(parent, found);
    }
    lastParent = parent;
    lastParentZone = found;
    return found;
  };
  return zoneOfHost;
}

/** The accounts whose resources cfalias can change: `inventory.accounts`, else the caller's account alone. */
export function reachableAccounts(inventory: Pick<Inventory, 'account' | 'accounts'>): ReadonlySet<string> {
  return new Set([inventory.account, ...(inventory.accounts ?? [])]);
}

export function indexInventory(inventory: Inventory): InventoryIndex {
  const distributions = new Map<string, Distribution>();
  const owners = new Map<string, Distribution>();
  let listed = 0;
  const foreignOwners = new Map<string, ForeignOwner>();
  const reachable = reachableAccounts(inventory);
  for (const d of inventory.distributions) {
    if (reachable.has(d.accountId)) {
      distributions.set(d.id, d);
      // forEach rather than for-of, here and below: a loop that runs once over every alias
      // allocates an iterator result per element until V8 optimizes it.
      d.aliases.forEach((alias) => owners.set(alias, d));
      listed += d.aliases.length;
    } else {
      for (const alias of d.aliases) {
        if (!foreignOwners.has(alias)) foreignOwners.set(alias, { alias, distributionId: d.id, accountId: d.accountId });
      }
    }
  }
  const tenants = new Map<string, DistributionTenant>();
  const tenantsOf = new Map<string, string[]>();
  for (const t of inventory.tenants ?? []) {
    if (!reachable.has(t.accountId)) {
      for (const alias of t.domains) {
        if (!foreignOwners.has(alias)) {
          foreignOwners.set(alias, { alias, distributionId: t.id, accountId: t.accountId, resourceType: 'distribution-tenant' });
        }
      }
      continue;
    }
    tenants.set(t.id, t);
    const siblings = tenantsOf.get(t.distributionId);
    if (siblings) siblings.push(t.id);
    else tenantsOf.set(t.distributionId, [t.id]);
    const resource = tenantResource(t, distributions.get(t.distributionId));
    distributions.set(t.id, resource);
    t.domains.forEach((alias) => owners.set(alias, resource));
    listed += t.domains.length;
  }
  for (const list of tenantsOf.values()) list.sort();
  // A conflict listing read from one account names a holder in another declared account too: that
  // holder is reachable (it is in `owners`), not foreign.
  for (const owner of inventory.foreignOwners) {
    if (!foreignOwners.has(owner.alias) && !owners.has(owner.alias)) foreignOwners.set(owner.alias, owner);
  }
  const unknownOwners = new Map<string, UnknownOwner>();
  for (const u of inventory.unknownOwners ?? []) if (!unknownOwners.has(u.alias)) unknownOwners.set(u.alias, u);

  const certificates = indexCertificates(inventory.certificates);
  const { zonesByName, records, zoneRecordLists } = indexZones(inventory.hostedZones);

  const recordsAtHost = (zoneId: string, host: string): readonly DnsRecord[] => records.get(zoneId)?.get(host) ?? NONE;
  const recordsAt = (zoneId: string, name: string): readonly DnsRecord[] => recordsAtHost(zoneId, recordKey(name));

  const zoneOfHost = zoneLookup(zonesByName);
  const zoneFor = (name: string): HostedZone | undefined => zoneOfHost(fromFqdn(name.toLowerCase()));

  return {
    inventory,
    distributions,
    owners,
    ownersListedOnce: owners.size === listed,
    tenants,
    tenantsOf,
    certificates,
    foreignOwners,
    unknownOwners,
    zoneFor,
    zoneOfHost,
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

/**
 * A tenant as the planner sees a resource holding aliases: its domains, its DNS target (the
 * connection group's routing endpoint) and the certificate that serves its domains (its own, else
 * its multi-tenant distribution's).
 */
export function tenantResource(tenant: DistributionTenant, parent: Distribution | undefined): Distribution {
  return {
    id: tenant.id,
    accountId: tenant.accountId,
    domainName: tenant.routingEndpoint,
    enabled: tenant.enabled,
    status: tenant.status,
    aliases: tenant.domains,
    certificateArn: tenant.certificateArn ?? parent?.certificateArn ?? null,
  };
}
