/**
 * Who holds the managed aliases that no resource of the account holds: one `ListDomainConflicts`
 * probe per alias, asked from a resource of the account (a distribution or a tenant) whose
 * certificate covers the alias. CloudFront answers only from such a resource (domain control
 * validation), and a probe from any other resource would be refused or say nothing, so none is
 * made: the alias is reported as an unknown owner instead. A probe that fails makes its alias an
 * unknown owner too; it never aborts the inventory read (only an abort does).
 *
 * Shared by the AWS provider and the in-process sandbox provider; each supplies the paginated
 * listing with its own mechanics.
 */
import {
  AbortedError,
  certificateCovers,
  type Certificate,
  type Distribution,
  type DistributionTenant,
  type ForeignOwner,
  type HolderResourceType,
  type UnknownOwner,
} from '@cfalias/core';

/** A resource that may vouch for aliases its certificate covers. */
export interface ControlResource {
  readonly id: string;
  readonly type: HolderResourceType;
  /** The SANs of the certificate that serves it (its own, or a tenant's distribution's). */
  readonly names: readonly string[];
}

/** One conflict as ListDomainConflicts reports it (ids of other accounts masked). */
export interface DomainConflict {
  readonly domain: string;
  readonly resourceType: HolderResourceType;
  readonly resourceId: string;
  readonly accountId: string;
}

/** Every page of ListDomainConflicts for `domain` asked from `resource`. */
export type ListAllDomainConflicts = (domain: string, resource: ControlResource) => Promise<readonly DomainConflict[]>;

export interface OwnerReading {
  readonly foreignOwners: ForeignOwner[];
  readonly unknownOwners: UnknownOwner[];
}

export const NO_COVERING_RESOURCE = 'no distribution or tenant of the account has a certificate covering it';

/** An account id as CloudFront masks another account's: six `*` and its last six digits. */
export function maskAccountId(account: string): string {
  return `******${account.slice(-6)}`;
}

/**
 * The resources of the account that can vouch for aliases, each with the names its certificate
 * covers; resources without a usable certificate (none, or not read) are left out. Standard
 * distributions first, then tenants, each by id: the first that covers an alias asks for it.
 */
export function controlResources(
  distributions: readonly Distribution[],
  tenants: readonly DistributionTenant[],
  certificates: readonly Certificate[],
): ControlResource[] {
  const names = new Map<string, readonly string[]>();
  for (const c of certificates) {
    names.set(c.arn, c.subjectAlternativeNames);
    if (c.iamCertificateId !== undefined) names.set(c.iamCertificateId, c.subjectAlternativeNames);
  }
  const byId = new Map(distributions.map((d) => [d.id, d]));
  const out: ControlResource[] = [];
  for (const d of [...distributions].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const sans = d.certificateArn === null ? undefined : names.get(d.certificateArn);
    if (sans && d.kind !== 'multi-tenant') out.push({ id: d.id, type: 'distribution', names: sans });
  }
  for (const t of [...tenants].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const arn = t.certificateArn ?? byId.get(t.distributionId)?.certificateArn ?? null;
    const sans = arn === null ? undefined : names.get(arn);
    if (sans) out.push({ id: t.id, type: 'distribution-tenant', names: sans });
  }
  return out;
}

/**
 * Probes each alias from the first resource whose certificate covers it. Conflicts held by the
 * caller's own account (its masked id) are left out: the inventory has those resources already.
 * (Two accounts whose ids end in the same six digits would look alike; CloudFront shows no more.)
 */
export async function readOwners(
  aliases: readonly string[],
  resources: readonly ControlResource[],
  account: string,
  list: ListAllDomainConflicts,
): Promise<OwnerReading> {
  const ownAccount = maskAccountId(account);
  const foreign = new Map<string, ForeignOwner>();
  const unknownOwners: UnknownOwner[] = [];
  for (const alias of [...new Set(aliases)].sort()) {
    const resource = resources.find((r) => certificateCovers(r.names, alias));
    if (!resource) {
      unknownOwners.push({ alias, reason: NO_COVERING_RESOURCE });
      continue;
    }
    let conflicts: readonly DomainConflict[];
    try {
      conflicts = await list(alias, resource);
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      unknownOwners.push({ alias, reason: `ListDomainConflicts from ${resource.id} failed: ${(error as Error).message}` });
      continue;
    }
    for (const c of conflicts) {
      if (c.accountId === ownAccount || c.accountId === account) continue;
      const key = `${c.domain} ${c.resourceId}`;
      if (!foreign.has(key)) {
        foreign.set(key, {
          alias: c.domain,
          distributionId: c.resourceId,
          accountId: c.accountId,
          ...(c.resourceType === 'distribution-tenant' && { resourceType: c.resourceType }),
        });
      }
    }
  }
  return { foreignOwners: [...foreign.values()], unknownOwners };
}
