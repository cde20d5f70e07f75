/**
 * Route selection for a move whose source and target are in different accounts of the registry
 * (docs/cross-account.md). CloudFront moves an alias across accounts in one call only once its
 * source is disabled, so the planner picks, in this order:
 *
 * 1. `wildcard-route`, when every condition holds: the target's certificate covers `*.<parent>`;
 *    no other distribution or tenant (in any account, declared or not) holds `*.<parent>`, the
 *    desired state puts it nowhere else, and no other alias under it moves across accounts to
 *    another target (one distribution can hold the wildcard); the alias is neither a zone apex nor a wildcard; cfalias
 *    manages its DNS (`dns: route53` and a hosted zone of the registry holds it). The alias stays
 *    served throughout: by its exact alias on the source, then by the wildcard on the target.
 * 2. `disable-and-move`, when the source is a standard distribution the desired file allows
 *    disabling (`allowDisableSource: true`) and the `_<alias>` TXT record holds the target's domain
 *    or can be created.
 * 3. Otherwise the move is blocked (`RouteBlock`), and a check reports why and what to do.
 *
 * `strategy: detach-attach` is honoured as written (both accounts are reachable: remove, wait, add);
 * `auto` and `move` pick a route as above.
 */
import type { DesiredAlias, DesiredState, MoveApi } from '../desired/desired.js';
import { txtHolds, ownershipRecordName } from '../inventory/dns-records.js';
import { certificateCovers, fromFqdn, isWildcard } from '../hostnames.js';
import { isTenantId, type Distribution, type HostedZone } from '../inventory/inventory.js';
import type { InventoryIndex } from '../inventory/inventory-index.js';
import { parentWildcard } from './basis.js';
import type { Strategy } from './plan.js';

/** A wildcard-route condition that failed: what, and what would make it hold. */
export interface RouteProblem {
  readonly says: string;
  readonly fix: string;
}

/** Why neither cross-account route can move the alias. */
export interface RouteBlock {
  /** The alias is its zone's apex: only AWS Support can move it while the source serves it. */
  readonly apex: boolean;
  /** The wildcard-route conditions that failed. */
  readonly wildcardProblems: readonly RouteProblem[];
  /** Why disable-and-move cannot be used, in words. */
  readonly disableProblem: string;
}

/** What the diff records of a cross-account move. */
export interface CrossAccountChoice {
  readonly strategy: Strategy | null;
  readonly reason: string;
  /** `wildcard-route`: the temporary wildcard on the target (`*.<parent>`). */
  readonly wildcard?: string;
  /** `wildcard-route`: the desired state keeps the wildcard on the target (it is not removed at the end). */
  readonly keepsWildcard?: boolean;
  /** `wildcard-route`: the target holds the wildcard already (the route adds none). */
  readonly wildcardPresent?: boolean;
  /** `disable-and-move`: the TXT record is `present` or the plan creates it (`create`). */
  readonly txt?: 'present' | 'create';
  readonly txtZone?: HostedZone;
  readonly blocked?: RouteBlock;
}

export interface CrossAccountInput {
  readonly desired: DesiredAlias;
  readonly source: Distribution;
  readonly target: Distribution;
  readonly zone: HostedZone | undefined;
  readonly managedDns: boolean;
  /** The move APIs the provider that will apply the plan can call. */
  readonly moveApis: readonly MoveApi[];
}

/** Is the move from `source` to `target` between two accounts? */
export function isCrossAccount(source: Distribution, target: Distribution | null): boolean {
  return target !== null && source.accountId !== target.accountId;
}

/** Is `alias` the apex of `zone` (or a name of one label under a top-level domain, with no zone)? */
export function isApex(alias: string, zone: HostedZone | undefined): boolean {
  return zone ? fromFqdn(zone.name.toLowerCase()) === alias : !isWildcard(alias) && parentWildcard(alias) === undefined;
}

export function chooseCrossAccount(input: CrossAccountInput, state: DesiredState, index: InventoryIndex): CrossAccountChoice {
  const { desired, source, target } = input;
  if (desired.strategy === 'detach-attach') {
    return {
      strategy: 'detach-attach',
      reason: `strategy detach-attach requested (across accounts ${source.accountId} → ${target.accountId}; the alias is on no distribution between the removal and the add)`,
    };
  }
  const wildcard = input.zone && !isApex(desired.alias, input.zone) ? parentWildcard(desired.alias) : undefined;
  const wildcardProblems = wildcardRouteProblems(input, wildcard, state, index);
  if (wildcard !== undefined && wildcardProblems.length === 0) {
    const keepsWildcard = state.aliases.some((a) => a.alias === wildcard && a.target === target.id);
    const wildcardPresent = target.aliases.includes(wildcard);
    return {
      strategy: 'wildcard-route',
      reason: `across accounts ${source.accountId} → ${target.accountId}: wildcard route (${wildcardPresent ? `${wildcard} on ${target.id} already` : `temporary ${wildcard} on ${target.id}`} serves it while it changes hands; no downtime)`,
      wildcard,
      ...(keepsWildcard && { keepsWildcard }),
      ...(wildcardPresent && { wildcardPresent }),
    };
  }
  const disable = disableRoute(input, state, index);
  if (disable.problem === undefined) {
    return {
      strategy: 'disable-and-move',
      reason: `across accounts ${source.accountId} → ${target.accountId}: disable-and-move (wildcard route not possible: ${wildcardProblems.map((p) => p.says).join('; ')}; ${source.enabled ? `${source.id} allows disabling, and every alias it serves is offline while it is disabled` : `${source.id} is disabled already, and stays so`})`,
      txt: disable.txt!,
      txtZone: disable.txtZone!,
    };
  }
  const apex = isApex(desired.alias, input.zone);
  return {
    strategy: null,
    reason: `across accounts ${source.accountId} → ${target.accountId}: blocked (no route: ${[...wildcardProblems.map((p) => p.says), disable.problem].join('; ')})`,
    blocked: { apex, wildcardProblems, disableProblem: disable.problem },
  };
}

/** The wildcard-route conditions that fail for this move (none: the route is possible). */
function wildcardRouteProblems(
  input: CrossAccountInput,
  wildcard: string | undefined,
  state: DesiredState,
  index: InventoryIndex,
): RouteProblem[] {
  const { desired, target } = input;
  const alias = desired.alias;
  if (isWildcard(alias)) {
    return [{ says: `${alias} is a wildcard itself (no wildcard can stand in for it)`, fix: 'move it with disable-and-move' }];
  }
  if (wildcard === undefined) {
    return input.zone
      ? [{ says: `${alias} is the apex of zone ${input.zone.name} (no wildcard covers an apex)`, fix: 'an apex has no wildcard route' }]
      : [dnsProblem(input)];
  }
  const problems: RouteProblem[] = [];
  const cert = target.certificateArn === null ? undefined : index.certificates.get(target.certificateArn);
  if (!cert || !certificateCovers(cert.subjectAlternativeNames, wildcard)) {
    problems.push({
      says: `the certificate of ${target.id} does not cover ${wildcard}`,
      fix: `attach to ${target.id} a certificate with SAN ${wildcard} (keeping the SANs it has)`,
    });
  }
  const holder = index.owners.get(wildcard);
  const foreign = index.foreignOwners.get(wildcard);
  if (holder && holder.id !== target.id) {
    problems.push({
      says: `${wildcard} is held by ${holder.id} (account ${holder.accountId})`,
      fix: `remove ${wildcard} from ${holder.id} first`,
    });
  } else if (foreign) {
    problems.push({
      says: `${wildcard} is held by ${foreign.distributionId} of account ${foreign.accountId}`,
      fix: `have the owner of account ${foreign.accountId} remove ${wildcard} first`,
    });
  }
  const elsewhere = state.aliases.find((a) => a.alias === wildcard && a.target !== target.id);
  if (elsewhere) {
    problems.push({
      says: `the desired state puts ${wildcard} ${elsewhere.target === null ? 'on no distribution' : `on ${elsewhere.target}`}`,
      fix: `target ${wildcard} at ${target.id}, or leave it out of ${state.file}`,
    });
  }
  const rival = rivalTarget(input, wildcard, state, index);
  if (rival) {
    problems.push({
      says: `${rival.alias} also moves across accounts, to ${rival.target}, and ${wildcard} can be on one distribution only`,
      fix: `move the aliases under ${wildcard} to one target`,
    });
  }
  if (!input.managedDns) problems.push(dnsProblem(input));
  return problems;
}

/**
 * Another alias under the same wildcard that moves across accounts to another target: both routes
 * would need the one wildcard at once (CloudFront lets one distribution hold it).
 */
function rivalTarget(
  input: CrossAccountInput,
  wildcard: string,
  state: DesiredState,
  index: InventoryIndex,
): { readonly alias: string; readonly target: string } | undefined {
  for (const other of state.aliases) {
    if (other.alias === input.desired.alias || other.target === null || other.target === input.target.id) continue;
    if (parentWildcard(other.alias) !== wildcard) continue;
    const holder = index.owners.get(other.alias);
    const target = index.distributions.get(other.target);
    if (holder && target && holder.id !== target.id && isCrossAccount(holder, target)) return { alias: other.alias, target: other.target };
  }
  return undefined;
}

function dnsProblem(input: CrossAccountInput): RouteProblem {
  const alias = input.desired.alias;
  if (input.desired.dns === 'none') {
    return { says: `cfalias does not manage the DNS of ${alias} (dns: none)`, fix: `set dns: route53 for ${alias}` };
  }
  return {
    says: `no hosted zone of the registry's accounts holds ${alias}, so cfalias cannot repoint it`,
    fix: `declare the account whose Route 53 holds its zone in accounts:`,
  };
}

/** Whether disable-and-move can make the move, and its TXT record; `problem` says why not. */
function disableRoute(
  input: CrossAccountInput,
  state: DesiredState,
  index: InventoryIndex,
): { readonly problem?: string; readonly txt?: 'present' | 'create'; readonly txtZone?: HostedZone } {
  const { desired, source, target } = input;
  // A source disabled already needs no permission: the plan neither disables nor enables it.
  if (source.enabled && !(state.allowDisableSource ?? []).includes(source.id)) {
    return { problem: `${source.id} does not carry allowDisableSource: true, so cfalias may not disable it` };
  }
  if (isTenantId(source.id)) return { problem: `${source.id} is a distribution tenant; cfalias disables standard distributions only` };
  if (!input.moveApis.includes('update-domain-association')) {
    return { problem: 'the provider cannot call UpdateDomainAssociation, which makes the move' };
  }
  const txtName = ownershipRecordName(desired.alias, input.zone);
  const txtZone = index.zoneFor(txtName);
  if (txtZone && txtHolds(index.record(txtZone.id, txtName, 'TXT'), target.domainName)) return { txt: 'present', txtZone };
  if (txtZone && desired.dns === 'route53') return { txt: 'create', txtZone };
  return {
    problem: `the TXT record ${txtName} that CloudFront needs for the move cannot be created (${desired.dns === 'none' ? 'dns: none' : 'no hosted zone of the registry contains it'})`,
  };
}
