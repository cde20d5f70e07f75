/**
 * One inventory from the inventories of a registry's accounts, each read with that account's own
 * credentials: every account's distributions, tenants, certificates and hosted zones (each zone
 * naming its account), `account` the default account and `accounts` every account read.
 *
 * Owners: an account reports an alias it does not hold as a foreign owner (masked, as CloudFront
 * masks another account's resources) or as an unknown owner. When the holder is a distribution or
 * tenant of another account of the registry, it is reachable: the entry is dropped, since that
 * account's own inventory lists the holder in full. An alias stays an unknown owner only when no
 * account could ask CloudFront about it (every account reports it unknown) and no account holds it.
 */
import type { Certificate, DistributionTenant, ForeignOwner, HostedZone, Inventory, UnknownOwner } from '@cfalias/core';

/** One account's inventory, under the account id the registry declares for it. */
export interface AccountInventory {
  readonly accountId: string;
  readonly inventory: Inventory;
}

/**
 * True when `masked` (stars, then the end of the id: `******112233`, `*******GNFOREI`) can stand
 * for `id`. An unmasked value must equal it.
 */
export function maskMatches(masked: string, id: string): boolean {
  const tail = masked.replace(/^\*+/, '');
  if (tail === masked) return masked === id;
  return tail.length > 0 && id.endsWith(tail);
}

interface Holder {
  readonly id: string;
  readonly accountId: string;
  readonly domains: readonly string[];
}

/** True when a distribution or tenant of the merged accounts is the holder the entry masks. */
function isReachable(owner: ForeignOwner, holders: readonly Holder[]): boolean {
  return holders.some(
    (h) => h.domains.includes(owner.alias) && maskMatches(owner.distributionId, h.id) && maskMatches(owner.accountId, h.accountId),
  );
}

/** Merges the accounts' inventories; `defaultAccount` must be one of them. */
export function mergeInventories(defaultAccount: string, parts: readonly AccountInventory[]): Inventory {
  const home = parts.find((p) => p.accountId === defaultAccount)?.inventory;
  if (home === undefined) throw new Error(`the default account ${defaultAccount} is not one of the accounts read`);
  const distributions = parts.flatMap((p) => p.inventory.distributions);
  const tenants: DistributionTenant[] = parts.flatMap((p) => p.inventory.tenants ?? []);
  const holders: Holder[] = [
    ...distributions.map((d) => ({ id: d.id, accountId: d.accountId, domains: d.aliases })),
    ...tenants.map((t) => ({ id: t.id, accountId: t.accountId, domains: t.domains })),
  ];
  const foreignOwners = uniqueBy(
    parts.flatMap((p) => p.inventory.foreignOwners).filter((o) => !isReachable(o, holders)),
    (o) => `${o.alias} ${o.distributionId} ${o.accountId}`,
  );
  const known = new Set([...holders.flatMap((h) => h.domains), ...foreignOwners.map((o) => o.alias)]);
  // An account that does not report an alias as unknown either holds it or asked CloudFront
  // about it: only an alias no account could ask about stays unknown.
  const unknownEverywhere = (alias: string) => parts.every((p) => (p.inventory.unknownOwners ?? []).some((u) => u.alias === alias));
  const unknownOwners: UnknownOwner[] = uniqueBy(
    parts.flatMap((p) => p.inventory.unknownOwners ?? []).filter((u) => !known.has(u.alias) && unknownEverywhere(u.alias)),
    (u) => u.alias,
  );
  const hostedZones: HostedZone[] = parts.flatMap((p) =>
    p.inventory.hostedZones.map((z) => ({ ...z, accountId: z.accountId ?? p.accountId })),
  );
  const certificates: Certificate[] = uniqueBy(
    parts.flatMap((p) => p.inventory.certificates),
    (c) => c.arn,
  );
  const limits = mergeLimits(parts.map((p) => p.inventory.limits));
  const timing = mergeTiming(parts.map((p) => p.inventory.timing));
  return {
    account: defaultAccount,
    accounts: parts.map((p) => p.accountId),
    // The oldest read: every fact is at least that fresh.
    readAt: parts.map((p) => p.inventory.readAt).reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a)),
    distributions,
    ...(tenants.length > 0 || parts.some((p) => p.inventory.tenants !== undefined) ? { tenants } : {}),
    certificates,
    hostedZones,
    foreignOwners,
    ...(unknownOwners.length > 0 ? { unknownOwners } : {}),
    ...(limits !== undefined ? { limits } : {}),
    ...(timing !== undefined ? { timing } : {}),
    ...(home.environment !== undefined ? { environment: home.environment } : {}),
  };
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/** The strictest quota any account reports: a plan must fit every account it touches. */
function mergeLimits(all: readonly Inventory['limits'][]): Inventory['limits'] {
  const given = all.filter((l) => l !== undefined);
  if (given.length === 0) return undefined;
  const tenantQuotas = given.map((l) => l.domainsPerTenant).filter((q) => q !== undefined);
  return {
    aliasesPerDistribution: Math.min(...given.map((l) => l.aliasesPerDistribution)),
    ...(tenantQuotas.length > 0 ? { domainsPerTenant: Math.min(...tenantQuotas) } : {}),
  };
}

/** The slowest durations any account reports: estimates must hold in every account. */
function mergeTiming(all: readonly Inventory['timing'][]): Inventory['timing'] {
  const given = all.filter((t) => t !== undefined);
  if (given.length === 0) return undefined;
  return {
    deploySeconds: Math.max(...given.map((t) => t.deploySeconds)),
    dnsSyncSeconds: Math.max(...given.map((t) => t.dnsSyncSeconds)),
  };
}
