/**
 * Preflight checks about who holds an alias and how it can be moved: a holder outside the account
 * (with the routes AWS documents to get the alias back), a holder nobody could learn, a move API
 * that cannot make the move, and a multi-tenant distribution named as a target. Each remediation
 * leads somewhere real: no advice that would leave the plan blocked after it is followed.
 */
import type { AliasPlan } from './diff.js';
import type { Diagnostic } from './diagnostics.js';
import { txtRecord, describeRecord } from '../inventory/dns-records.js';
import { isWildcard } from '../hostnames.js';
import type { Distribution, ForeignOwner } from '../inventory/inventory.js';
import type { InventoryIndex } from '../inventory/inventory-index.js';

function aliasDiagnostic(item: AliasPlan, d: Omit<Diagnostic, 'alias' | 'location'>): Diagnostic {
  return { ...d, alias: item.alias, ...(item.desired.location && { location: item.desired.location }) };
}

/** `distribution ******ATL97HY` / `distribution tenant ******Ab3dE9x`, as AWS shows them. */
export function foreignHolderWords(owner: ForeignOwner): string {
  return `${owner.resourceType === 'distribution-tenant' ? 'distribution tenant' : 'distribution'} ${owner.distributionId}`;
}

/**
 * The routes AWS documents for an alias another account holds ("Move an alternate domain name"):
 * the owner removes it; a cross-account move once the owner has disabled the source, proven by the
 * `_<alias>` TXT record; or, with the source still serving, the wildcard route (a wildcard on the
 * target, DNS repointed, then the owner removes the alias). An apex has no wildcard route.
 */
export function foreignOwnerRoutes(item: AliasPlan, owner: ForeignOwner): string {
  const holder = foreignHolderWords(owner);
  const target = item.target;
  const targetWords = target ? `${target.id} (${target.domainName})` : String(item.targetId);
  const routes = [`ask the owner of account ${owner.accountId} to remove ${item.alias} from ${holder}, then plan again`];
  const txt = target ? ` and create ${describeRecord(txtRecord(item.alias, target.domainName, item.zone))}` : '';
  routes.push(
    `or have the owner disable ${holder}${txt}, then move it across accounts with UpdateDomainAssociation to ${targetWords} (aws cloudfront update-domain-association)`,
  );
  const apex = `${item.alias}.` === item.zone?.name.toLowerCase();
  if (isWildcard(item.alias) || apex) {
    routes.push(`(${apex ? 'an apex' : 'a wildcard'} has no wildcard route; otherwise AWS Support can move it)`);
  } else {
    const parent = `*.${item.alias.split('.').slice(1).join('.')}`;
    routes.push(
      `or take the wildcard route: add ${parent} to ${targetWords}, point ${item.alias}'s DNS at it, then have the owner remove ${item.alias} from ${holder}`,
    );
  }
  return routes.join('; ');
}

/** Attaching an alias another account holds: blocked, with the documented routes. */
export function checkForeignOwner(item: AliasPlan, out: Diagnostic[]): void {
  if (item.action !== 'attach' || !item.foreign) return;
  const f = item.foreign;
  out.push(
    aliasDiagnostic(item, {
      severity: 'error',
      code: 'foreign-owner',
      distribution: f.distributionId,
      message: `${item.alias} is held by ${foreignHolderWords(f)} of account ${f.accountId} (outside this account); CloudFront refuses to add it elsewhere`,
      remediation: foreignOwnerRoutes(item, f),
    }),
  );
  if (item.desired.strategy === 'move') {
    out.push(
      aliasDiagnostic(item, {
        severity: 'error',
        code: 'strategy-unavailable',
        message: `${item.alias}: strategy move needs the alias on a distribution or tenant of this account, but it is held in account ${f.accountId}`,
        remediation: `follow one of the routes of the foreign-owner finding, or set strategy auto`,
      }),
    );
  }
}

/** Attaching an alias whose holder outside the account could not be learned: a warning, the rest plans. */
export function checkOwnerUnknown(item: AliasPlan, index: InventoryIndex, out: Diagnostic[]): void {
  if (item.action !== 'attach' || item.foreign) return;
  const unknown = index.unknownOwners.get(item.alias);
  if (!unknown) return;
  out.push(
    aliasDiagnostic(item, {
      severity: 'warning',
      code: 'owner-unknown',
      message: `${item.alias}: cfalias could not learn whether another account holds it (${unknown.reason}); if one does, CloudFront refuses the add with CNAMEAlreadyExists`,
      remediation: `give a distribution or tenant of this account a certificate that covers ${item.alias} (CloudFront answers ListDomainConflicts only from such a resource), or check with aws cloudfront list-domain-conflicts`,
    }),
  );
}

/** An explicit `strategy: move` whose move API cannot make the move (`auto` detaches and attaches instead). */
export function checkMoveApi(item: AliasPlan, out: Diagnostic[]): void {
  if (item.action !== 'move' || item.strategy !== 'move' || item.moveApiProblem === undefined) return;
  out.push(
    aliasDiagnostic(item, {
      severity: 'error',
      code: 'move-api-unsupported',
      ...(item.target && { distribution: item.target.id }),
      message: `${item.alias}: cannot be moved with moveApi ${item.moveApi}: ${item.moveApiProblem}`,
      remediation:
        item.moveApi === 'associate-alias'
          ? `set moveApi: update-domain-association for ${item.alias} (it moves aliases between distributions and tenants), or strategy detach-attach`
          : `use a provider that can call UpdateDomainAssociation, set moveApi: associate-alias (standard distributions only), or strategy detach-attach`,
    }),
  );
}

/** A multi-tenant distribution holds no aliases of its own: its tenants do. */
export function checkMultiTenantTarget(
  target: Distribution,
  receiving: readonly AliasPlan[],
  index: InventoryIndex,
  out: Diagnostic[],
): boolean {
  if (target.kind !== 'multi-tenant') return false;
  const tenants = index.tenantsOf.get(target.id) ?? [];
  const names = receiving.map((i) => i.alias);
  out.push({
    severity: 'error',
    code: 'multi-tenant-target',
    distribution: target.id,
    message: `${target.id} is a multi-tenant distribution: it holds no aliases of its own, so it cannot take ${names.join(', ')}`,
    remediation:
      tenants.length > 0
        ? `target one of its distribution tenants instead (${tenants.join(', ')})`
        : `create a distribution tenant of ${target.id} and target its id (dt_…)`,
  });
  return true;
}
