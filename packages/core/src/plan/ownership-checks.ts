/**
 * Preflight checks about who holds an alias and how it can be moved: a holder outside the account
 * (with the routes AWS documents to get the alias back), a holder nobody could learn, a move API
 * that cannot make the move, and a multi-tenant distribution named as a target. Each remediation
 * leads somewhere real: no advice that would leave the plan blocked after it is followed.
 */
import type { AliasPlan } from './diff.js';
import type { DesiredState } from '../desired/desired.js';
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
 * What the holder of an alias in an undeclared account, and the user, can do ("Move an alternate
 * domain name"): declare the account so cfalias plans a cross-account route itself; or the owner
 * removes the alias; or the owner disables the source and the move is made with UpdateDomainAssociation
 * once the `_<alias>` TXT record holds the target's domain; or, with the source still serving, the
 * wildcard route (a wildcard on the target, DNS repointed, then the owner removes the alias). An
 * apex and a wildcard have no wildcard route; an apex the owner will not disable takes AWS Support.
 */
export function foreignOwnerRoutes(item: AliasPlan, owner: ForeignOwner): string {
  const holder = foreignHolderWords(owner);
  const target = item.target;
  const targetWords = target ? `${target.id} (${target.domainName})` : String(item.targetId);
  const routes = [
    `if you can reach account ${owner.accountId}, declare it in accounts: (with a profile or roleArn) and name ${holder} under distributions: — cfalias then plans the move across accounts itself (wildcard route, or disable-and-move with allowDisableSource: true)`,
    `otherwise the owner of account ${owner.accountId} must act: (a) remove ${item.alias} from ${holder}, then plan again`,
  ];
  const txt = target ? ` and create ${describeRecord(txtRecord(item.alias, target.domainName, item.zone))}` : '';
  routes.push(
    `(b) disable ${holder} (every alias it serves goes offline until it is enabled again)${txt}, then move it with UpdateDomainAssociation to ${targetWords} (aws cloudfront update-domain-association) and re-enable ${holder}`,
  );
  const apex = `${item.alias}.` === item.zone?.name.toLowerCase();
  if (isWildcard(item.alias) || apex) {
    routes.push(
      `(${apex ? 'an apex' : 'a wildcard'} has no wildcard route; if the owner will not disable the source, AWS Support can move it)`,
    );
  } else {
    const parent = `*.${item.alias.split('.').slice(1).join('.')}`;
    routes.push(
      `(c) with ${holder} still serving: add ${parent} to ${targetWords} (its certificate must cover it), point ${item.alias}'s DNS at it, then the owner removes ${item.alias} from ${holder} and you plan again`,
    );
  }
  return routes.join('; ');
}

/**
 * A move across the registry's accounts that no route can make: which wildcard-route condition
 * failed and why disable-and-move is not allowed, with what to do; for an apex, the exact request
 * for AWS Support.
 */
export function checkCrossAccountRoute(item: AliasPlan, desired: DesiredState, out: Diagnostic[]): void {
  const block = item.blocked;
  if (item.action !== 'move' || !block || !item.source || !item.target) return;
  const { source, target } = item;
  const sourceName = Object.entries(desired.distributions).find(([, id]) => id === source.id)?.[0];
  const allow = `set allowDisableSource: true on ${sourceName ? `distribution "${sourceName}"` : `a distribution entry for ${source.id}`} in ${desired.file} to let cfalias disable ${source.id} while the alias moves (every alias it serves is offline meanwhile)`;
  const remediation = block.apex
    ? `${allow}; or open an AWS Support case (CloudFront) with this request: "Please move the alternate domain name ${item.alias} from CloudFront distribution ${source.id} (account ${source.accountId}) to CloudFront distribution ${target.id} (account ${target.accountId}). We control both accounts and the domain; ${target.id} has a certificate that covers ${item.alias}. ${item.alias} is a zone apex, so the wildcard route is not possible, and ${source.id} must keep serving until the move."`
    : `make the wildcard route possible (${block.wildcardProblems.map((p) => p.fix).join('; ')}), or ${allow}`;
  out.push(
    aliasDiagnostic(item, {
      severity: 'error',
      code: 'cross-account-blocked',
      distribution: source.id,
      message: `${item.alias}: cannot move from ${source.id} (account ${source.accountId}) to ${target.id} (account ${target.accountId}): the wildcard route is not possible (${block.wildcardProblems.map((p) => p.says).join('; ')}), and disable-and-move is not possible (${block.disableProblem})`,
      remediation,
    }),
  );
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
      message: `${item.alias} is held by ${foreignHolderWords(f)} of account ${f.accountId}, which cfalias cannot reach (not declared in accounts:); CloudFront refuses to add it elsewhere`,
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
