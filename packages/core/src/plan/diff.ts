/**
 * Diff: per managed alias, where it is (owner in the account, or a foreign owner), where it must
 * end, which action and strategy get it there, and whether its Route 53 records need a change.
 * The result (`AliasPlan`) carries the facts the checks and the scheduler need, so neither looks
 * anything up twice. Pure; O(aliases) with the inventory index.
 */
import {
  aliasRecords,
  otherCloudFrontDomain,
  ownershipRecordName,
  recordsPointAt,
  txtHolds,
  txtRecord,
  type AliasRecords,
} from '../inventory/dns-records.js';
import type { DesiredAlias, DesiredState, MoveApi } from '../desired/desired.js';
import { certificateCovers } from '../hostnames.js';
import { isTenantId, type Distribution, type ForeignOwner, type HostedZone } from '../inventory/inventory.js';
import type { InventoryIndex } from '../inventory/inventory-index.js';
import type { ChangeAction, DnsRepoint, Strategy, TxtFallback } from './plan.js';
import { chooseCrossAccount, isCrossAccount, type RouteBlock } from './cross-account.js';

/**
 * For a `move`, the `_<alias>` TXT ownership record (`ownershipRecordName`):
 * - `present`: it holds the target's domain already;
 * - `create`: the plan creates it before the move (`txtProof: always`, or a cross-account move);
 * - `on-refusal`: not planned: a same-account move needs no record unless CloudFront refuses the
 *   move without one, and then the step runner creates it (`txtFallback`) and tries again once;
 * - `unavailable`: it is required up front and cfalias cannot create it.
 */
export type TxtState = 'present' | 'create' | 'on-refusal' | 'unavailable';

/** What the diff needs to know beyond the desired state and the inventory. */
export interface DiffOptions {
  /** The move APIs the provider can call (its capabilities); default: both. */
  readonly moveApis?: readonly MoveApi[];
}

const ALL_MOVE_APIS: readonly MoveApi[] = ['update-domain-association', 'associate-alias'];

export interface AliasPlan {
  readonly desired: DesiredAlias;
  readonly alias: string;
  readonly action: ChangeAction;
  /** The account's distribution holding the alias now. */
  readonly source: Distribution | null;
  /** Desired target id (null: detach). */
  readonly targetId: string | null;
  /** The target, when it is a distribution or tenant of the account. */
  readonly target: Distribution | null;
  readonly strategy: Strategy | null;
  readonly reason: string;
  readonly foreign: ForeignOwner | undefined;
  /** The public hosted zone the alias belongs to (whatever the alias's `dns` mode). */
  readonly zone: HostedZone | undefined;
  /** Its routing records in that zone (empty without a zone). */
  readonly records: AliasRecords;
  /** cfalias may change its records: `dns: route53` and a zone exists. */
  readonly managedDns: boolean;
  readonly dns: DnsRepoint | undefined;
  /** For strategy `move`: the call that makes it. */
  readonly moveApi?: MoveApi;
  /** Why the requested move API cannot make this move (strategy `move` only): shown by a check. */
  readonly moveApiProblem?: string;
  readonly txt: TxtState | undefined;
  /**
   * For a `move` whose TXT record the plan reads or writes (`present`, `create`): the public hosted
   * zone that contains the record (`ownershipRecordName`).
   */
  readonly txtZone?: HostedZone | undefined;
  /** For an `on-refusal` move: the record the step runner creates if CloudFront asks for it. */
  readonly txtFallback?: TxtFallback;
  /** A move between two accounts of the registry (see cross-account.ts). */
  readonly crossAccount?: boolean;
  /** `wildcard-route`: the temporary wildcard on the target (`*.<parent>`). */
  readonly wildcard?: string;
  /** `wildcard-route`: the desired state keeps the wildcard on the target. */
  readonly keepsWildcard?: boolean;
  /** `wildcard-route`: the target holds the wildcard already. */
  readonly wildcardPresent?: boolean;
  /** A cross-account move no route can make (strategy null; a check reports it). */
  readonly blocked?: RouteBlock;
}

export function diffAliases(desired: DesiredState, index: InventoryIndex, options: DiffOptions = {}): AliasPlan[] {
  const aliases = desired.aliases;
  // Desired files are usually written in order: sort only when they are not.
  let sorted = true;
  for (let i = 1; i < aliases.length && sorted; i++) sorted = aliases[i - 1]!.alias <= aliases[i]!.alias;
  const ordered = sorted ? aliases : [...aliases].sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
  const context: DiffContext = {
    index,
    moveApis: options.moveApis ?? ALL_MOVE_APIS,
    state: desired,
    alreadyOn: new Map(),
    cursor: { list: [], at: -1 },
  };
  const out: AliasPlan[] = [];
  // forEach rather than for-of: a loop run once over every alias allocates an iterator result per
  // element until V8 optimizes it (the planner's other one-shot passes do the same).
  ordered.forEach((d) => out.push(diffAlias(d, context)));
  return out;
}

/** What every alias of one diff shares. */
interface DiffContext {
  readonly index: InventoryIndex;
  readonly moveApis: readonly MoveApi[];
  readonly state: DesiredState;
  /** `already on <id>` by distribution id: one string per distribution, not one per no-op alias. */
  readonly alreadyOn: Map<string, string>;
  /** Where the last alias found on its target sits in the target's list (see `ownerOf`). */
  readonly cursor: { list: readonly string[]; at: number };
}

/**
 * `index.owners.get(alias)`, asking the target's list first: a desired file names a
 * distribution's aliases mostly in the order the inventory lists them, so the next alias of the
 * list is usually the one asked for. With a million aliases the map's entries are spread over the
 * heap, and most of the diff's time went to its lookups. Sound only when no alias is listed twice
 * (`ownersListedOnce`): then the distribution whose list holds an alias is its owner.
 */
function ownerOf(alias: string, target: Distribution | null, context: DiffContext): Distribution | null {
  const { index, cursor } = context;
  if (target && index.ownersListedOnce && cursor.list === target.aliases && cursor.list[cursor.at + 1] === alias) {
    cursor.at++;
    return target;
  }
  const owner = index.owners.get(alias) ?? null;
  if (owner && owner === target && index.ownersListedOnce) {
    // Found a little further on (aliases between moved away), or near the start of a new list:
    // follow it from there. A short search, so that a file in another order costs little more.
    const list = target.aliases;
    const from = cursor.list === list ? cursor.at + 1 : 0;
    const end = Math.min(list.length, from + CURSOR_SEARCH);
    let at = from;
    while (at < end && list[at] !== alias) at++;
    if (at < end) {
      cursor.list = list;
      cursor.at = at;
    }
  }
  return owner;
}

/** How far `ownerOf` looks for an alias in its target's list after the map has found it there. */
const CURSOR_SEARCH = 16;

function diffAlias(desired: DesiredAlias, context: DiffContext): AliasPlan {
  const { index } = context;
  const alias = desired.alias;
  const target = desired.target === null ? null : (index.distributions.get(desired.target) ?? null);
  const source = ownerOf(alias, target, context);
  const foreign = source ? undefined : index.foreignOwners.get(alias);
  const zone = index.zoneOfHost(alias);
  const records = zone ? aliasRecords(index, zone, alias) : NO_RECORDS;
  const managedDns = desired.dns === 'route53' && zone !== undefined;

  let action: ChangeAction;
  let reason: string;
  if (desired.target === null) {
    action = source ? 'detach' : 'noop';
    reason = source ? `target is null: remove it from ${source.id}` : 'target is null and no distribution of the account holds it';
  } else if (source?.id === desired.target) {
    action = 'noop';
    reason = alreadyOn(source.id, context);
  } else if (!source) {
    action = 'attach';
    reason = foreign
      ? `held by ${foreign.resourceType === 'distribution-tenant' ? 'distribution tenant' : 'distribution'} ${foreign.distributionId} in account ${foreign.accountId}`
      : 'no distribution holds it';
  } else if (target && isCrossAccount(source, target)) {
    const choice = chooseCrossAccount({ desired, source, target, zone, managedDns, moveApis: context.moveApis }, context.state, index);
    const base = { desired, alias, source, targetId: desired.target, target, foreign, zone, records, managedDns };
    return {
      ...base,
      action: 'move',
      crossAccount: true,
      ...choice,
      txt: choice.txt,
      dns: dnsRepoint('move', target, zone, records, managedDns),
    };
  } else {
    const dns = dnsRepoint('move', target, zone, records, managedDns);
    return chooseMove(desired, source, target, foreign, zone, records, managedDns, dns, context);
  }
  // One object shape for every alias without a move to choose (most of them), written out: V8
  // builds an object literal that spreads another one several times slower.
  return {
    desired,
    alias,
    source,
    targetId: desired.target,
    target,
    foreign,
    zone,
    records,
    managedDns,
    action,
    strategy: null,
    reason,
    dns: dnsRepoint(action, target, zone, records, managedDns),
    txt: undefined,
  };
}

const NO_RECORDS: AliasRecords = [];

/** `already on <id>`, built once per distribution. */
function alreadyOn(id: string, context: DiffContext): string {
  const known = context.alreadyOn.get(id);
  if (known !== undefined) return known;
  const reason = `already on ${id}`;
  context.alreadyOn.set(id, reason);
  return reason;
}

/**
 * A same-account move: its strategy, move API and TXT record. `auto` moves in one call when the
 * target's certificate covers the alias, the requested API can make the move and any TXT record
 * required up front exists or can be created; otherwise it detaches and attaches. Every move has
 * one object shape, its fields written out (no spread: see `diffAlias`).
 */
function chooseMove(
  desired: DesiredAlias,
  source: Distribution,
  target: Distribution | null,
  foreign: ForeignOwner | undefined,
  zone: HostedZone | undefined,
  records: AliasRecords,
  managedDns: boolean,
  dns: DnsRepoint | undefined,
  context: DiffContext,
): AliasPlan {
  const { index } = context;
  const alias = desired.alias;
  const api = desired.moveApi;
  const apiProblem = target ? moveApiProblem(api, source, target, context.moveApis) : undefined;
  const txtName = ownershipRecordName(alias, zone);
  const txtZone = index.zoneFor(txtName);
  const route53 = desired.dns === 'route53';
  const txt: TxtState = target ? txtStateFor(txtName, target, txtZone, route53, desired.txtProof === 'always', index) : 'unavailable';
  let strategy: Strategy;
  let reason: string;
  if (desired.strategy === 'auto') {
    const covers = target !== null && coveredBy(target, alias, index);
    if (covers && apiProblem === undefined && txt !== 'unavailable') {
      strategy = 'move';
      reason =
        txt === 'on-refusal'
          ? AUTO_MOVE_WITHOUT_TXT[api]
          : autoMoveReason(api, `TXT ${txtName} ${txt === 'present' ? 'present' : 'will be created'}`);
    } else {
      strategy = 'detach-attach';
      reason = !covers
        ? `auto: detach-attach (${target ? `the certificate of ${target.id} does not cover it` : 'target unknown'})`
        : apiProblem !== undefined
          ? `auto: detach-attach (${apiProblem})`
          : `auto: detach-attach (TXT ${txtName} is missing and cfalias cannot create it: ${route53 ? 'no hosted zone of the account contains it' : 'dns: none'})`;
    }
  } else {
    strategy = desired.strategy;
    reason = strategy === 'move' ? MOVE_REQUESTED[api] : `strategy ${desired.strategy} requested`;
  }
  const moves = strategy === 'move';
  return {
    desired,
    alias,
    source,
    targetId: desired.target,
    target,
    foreign,
    zone,
    records,
    managedDns,
    action: 'move',
    strategy,
    reason,
    moveApi: moves ? api : undefined,
    moveApiProblem: moves ? apiProblem : undefined,
    txt: moves ? txt : undefined,
    txtZone: moves && (txt === 'present' || txt === 'create') ? txtZone : undefined,
    txtFallback: moves && txt === 'on-refusal' && target && txtZone && route53 ? fallbackRecord(alias, target, zone, txtZone) : undefined,
    dns,
  };
}

/** The CloudFront operation each move API calls, for reasons and messages. */
export const API_NAMES: Readonly<Record<MoveApi, string>> = {
  'update-domain-association': 'UpdateDomainAssociation',
  'associate-alias': 'AssociateAlias',
};

function autoMoveReason(api: MoveApi, proof: string): string {
  return `auto: move by ${API_NAMES[api]} (target certificate covers it; ${proof})`;
}

/** The reasons most moves share, built once. */
const AUTO_MOVE_WITHOUT_TXT: Readonly<Record<MoveApi, string>> = {
  'update-domain-association': autoMoveReason('update-domain-association', 'no TXT record needed in the same account'),
  'associate-alias': autoMoveReason('associate-alias', 'no TXT record needed in the same account'),
};
const MOVE_REQUESTED: Readonly<Record<MoveApi, string>> = {
  'update-domain-association': `strategy move requested (${API_NAMES['update-domain-association']})`,
  'associate-alias': `strategy move requested (${API_NAMES['associate-alias']})`,
};

/** Why `api` cannot move an alias from `source` to `target` (undefined: it can). */
function moveApiProblem(api: MoveApi, source: Distribution, target: Distribution, moveApis: readonly MoveApi[]): string | undefined {
  if (!moveApis.includes(api)) return `this provider cannot call ${API_NAMES[api]}`;
  if (api === 'associate-alias' && (isTenantId(source.id) || isTenantId(target.id))) {
    return `AssociateAlias moves aliases between standard distributions only, and ${isTenantId(target.id) ? target.id : source.id} is a distribution tenant (use moveApi: update-domain-association)`;
  }
  return undefined;
}

function fallbackRecord(alias: string, target: Distribution, zone: HostedZone | undefined, txtZone: HostedZone): TxtFallback {
  return { zoneId: txtZone.id, zoneName: txtZone.name, record: txtRecord(alias, target.domainName, zone) };
}

function coveredBy(target: Distribution, alias: string, index: InventoryIndex): boolean {
  const cert = target.certificateArn === null ? undefined : index.certificates.get(target.certificateArn);
  return cert !== undefined && certificateCovers(cert.subjectAlternativeNames, alias);
}

/**
 * `required`: the record must exist before the move (`txtProof: always`). Otherwise a record that
 * already holds the target's domain is `present`, and a missing one is left to the move's refusal.
 * `route53`: cfalias may write the alias's records, the TXT record included, wherever a zone holds them.
 */
function txtStateFor(
  txtName: string,
  target: Distribution,
  txtZone: HostedZone | undefined,
  route53: boolean,
  required: boolean,
  index: InventoryIndex,
): TxtState {
  if (txtZone && txtHolds(index.record(txtZone.id, txtName, 'TXT'), target.domainName)) return 'present';
  if (!required) return 'on-refusal';
  return txtZone && route53 ? 'create' : 'unavailable';
}

/**
 * The Route 53 change the alias gets: with `dns: route53` and a hosted zone, its records must end
 * pointing at the final owner (a no-op alias included: its records are repaired or created; a
 * detached alias keeps its records, see `dns-left-pointing`).
 */
function dnsRepoint(
  action: ChangeAction,
  target: Distribution | null,
  zone: HostedZone | undefined,
  records: AliasRecords,
  managedDns: boolean,
): DnsRepoint | undefined {
  if (!managedDns || !zone || !target || action === 'detach') return undefined;
  if (recordsPointAt(records, target.domainName)) return undefined;
  return { zoneId: zone.id, from: otherCloudFrontDomain(records, target.domainName), to: target.domainName };
}
