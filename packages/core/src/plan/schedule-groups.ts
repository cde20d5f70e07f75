/**
 * The scheduler's first pass: the per-alias diff sorted into what each distribution removes and
 * adds in which phase, the moves, and the DNS entries of each stage with what they wait for. Also
 * the step-id helpers and small collection helpers the other scheduler rooms share.
 */
import { repointRecords, txtRecord } from '../inventory/dns-records.js';
import type { DnsRecord, HostedZone } from '../inventory/inventory.js';
import { aliasMatches, isWildcard } from '../hostnames.js';
import type { AliasPlan } from './diff.js';

export type DnsStage = 'pre' | 'mid' | 'post';

/** What a DNS batch entry waits for before it may run. */
export type After =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'step'; readonly id: string }
  | { readonly kind: 'target-moves' | 'target-last'; readonly distribution: string };

export interface DnsEntry {
  readonly alias: string;
  readonly zone: HostedZone;
  readonly stage: DnsStage;
  readonly records: readonly DnsRecord[];
  readonly after: After;
}

/** Shared by every entry that waits for nothing (one object, not one per alias). */
const NOTHING: After = { kind: 'nothing' };

export const r1 = (d: string): string => `update-aliases:${d}:p1`;
export const r2 = (d: string): string => `update-aliases:${d}:p2`;
export const w1 = (d: string): string => `wait-deployed:${d}:p1`;
export const w2 = (d: string): string => `wait-deployed:${d}:p2`;

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An alias set in `compare`'s order: the default sort of strings, without a comparator call per pair. */
export function sortedAliases(set: ReadonlySet<string>): string[] {
  return [...set].sort();
}

/**
 * The step ids given (undefined: none), each once and sorted: a step's `dependsOn` when it has at
 * most three, built without a set and a copy of it.
 */
export function stepIds(a: string | undefined, b: string | undefined, c: string | undefined): string[] {
  const ids: string[] = [];
  if (a !== undefined) ids.push(a);
  if (b !== undefined && b !== a) ids.push(b);
  if (c !== undefined && c !== a && c !== b) ids.push(c);
  return ids.length > 1 ? ids.sort(compare) : ids;
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The per-alias diff sorted into the groups the DAG is built from. */
export interface Groups {
  readonly removeEarly: ReadonlyMap<string, string[]>;
  readonly addEarly: ReadonlyMap<string, string[]>;
  readonly addLate: ReadonlyMap<string, AliasPlan[]>;
  readonly moves: readonly AliasPlan[];
  readonly dnsEntries: readonly DnsEntry[];
  readonly gaps: ReadonlyMap<string, { readonly removed: string; readonly added: string }>;
  /** Cross-account moves by the wildcard route (schedule-routes.ts), in alias order. */
  readonly wildcardRoutes: readonly AliasPlan[];
  /** Cross-account moves by disable-and-move (schedule-routes.ts), in alias order. */
  readonly disableRoutes: readonly AliasPlan[];
  /** Wildcards A(D) removes, with the phase-2 adds on D of the names they serve (see `delayWildcardDetaches`). */
  readonly removeLate: ReadonlyMap<string, string[]>;
  /** Per distribution: wildcards it drops once the names they serve are Deployed on other distributions. */
  readonly wildcardDrops: ReadonlyMap<string, WildcardDrop>;
}

export interface WildcardDrop {
  readonly wildcards: string[];
  /** The distributions whose adds of those names the drop follows (their last wait). */
  readonly after: string[];
}

export function groupItems(items: readonly AliasPlan[]): Groups {
  const removeEarly = new Map<string, string[]>();
  const addEarly = new Map<string, string[]>();
  const addLate = new Map<string, AliasPlan[]>();
  const moves: AliasPlan[] = [];
  const dnsEntries: DnsEntry[] = [];
  const gaps = new Map<string, { removed: string; added: string }>();
  const wildcardRoutes: AliasPlan[] = [];
  const disableRoutes: AliasPlan[] = [];
  // A wildcard the desired state attaches to the target of a wildcard route that keeps it: the
  // route's own update adds it (one add of one alias).
  const carried = new Set<string>();
  items.forEach((item) => {
    if (item.strategy === 'wildcard-route' && item.keepsWildcard && item.wildcard) carried.add(`${item.targetId} ${item.wildcard}`);
  });

  const repoint = (item: AliasPlan, stage: DnsStage, after: After): void => {
    if (!item.dns || !item.zone) return;
    dnsEntries.push({ alias: item.alias, zone: item.zone, stage, records: repointRecords(item.alias, item.records, item.dns.to), after });
  };

  // Items are sorted by alias, so every list below is in alias order.
  items.forEach((item) => {
    const { source, target } = item;
    switch (item.action) {
      case 'noop':
        repoint(item, 'post', NOTHING);
        break;
      case 'detach':
        if (source) push(removeEarly, source.id, item.alias);
        break;
      case 'attach':
        if (!target) break; // unknown target: blocked by checks, nothing to schedule
        if (carried.has(`${target.id} ${item.alias}`)) {
          repoint(item, 'post', { kind: 'target-last', distribution: target.id });
          break;
        }
        if (item.dns && item.dns.from !== null) {
          // DNS points at another CloudFront distribution: CloudFront refuses the add until it is repointed.
          push(addLate, target.id, item);
          repoint(item, 'pre', NOTHING);
        } else {
          push(addEarly, target.id, item.alias);
          repoint(item, 'post', { kind: 'target-last', distribution: target.id });
        }
        break;
      case 'move':
        if (!source || !target || item.strategy === null) break; // blocked by checks
        if (item.strategy === 'wildcard-route') {
          wildcardRoutes.push(item); // its DNS change is one of the route's steps
        } else if (item.strategy === 'disable-and-move') {
          disableRoutes.push(item);
          if (item.txt === 'create' && item.txtZone) {
            const records = [txtRecord(item.alias, target.domainName, item.zone)];
            dnsEntries.push({ alias: item.alias, zone: item.txtZone, stage: 'pre', records, after: NOTHING });
          }
          repoint(item, 'post', { kind: 'target-last', distribution: target.id });
        } else if (item.strategy === 'move') {
          moves.push(item);
          // In the zone that contains `_<alias>.`, which at a zone apex is not the alias's own zone.
          if (item.txt === 'create' && item.txtZone) {
            dnsEntries.push({
              alias: item.alias,
              zone: item.txtZone,
              stage: 'pre',
              records: [txtRecord(item.alias, target.domainName, item.zone)],
              after: NOTHING,
            });
          }
          repoint(item, 'post', { kind: 'target-moves', distribution: target.id });
        } else {
          push(removeEarly, source.id, item.alias);
          push(addLate, target.id, item);
          gaps.set(item.alias, { removed: w1(source.id), added: w2(target.id) });
          if (item.dns && item.dns.from !== null) repoint(item, 'mid', { kind: 'step', id: w1(source.id) });
          else repoint(item, 'post', { kind: 'target-last', distribution: target.id });
        }
        break;
      default: {
        const never: never = item.action;
        throw new Error(`unknown action ${String(never)}`);
      }
    }
  });
  const { removeLate, wildcardDrops } = delayWildcardDetaches(items, removeEarly, addLate);
  return { removeEarly, addEarly, addLate, moves, dnsEntries, gaps, wildcardRoutes, disableRoutes, removeLate, wildcardDrops };
}

/**
 * A wildcard the plan detaches serves, until it leaves, every name under it with no exact alias;
 * CloudFront serves each request by the most specific alias it matches. So a detached wildcard
 * must not leave before the exact aliases the plan adds under it take over (in R(D), with the
 * removals, it would leave a phase early, and those names would be served by nothing in between):
 * - names added to its own distribution D in phase 2 (after a DNS repoint, or arriving by
 *   detach-attach): it leaves in A(D), the same UpdateDistribution that adds them (a detach-attach
 *   arrival is served by the wildcard during its gap);
 * - names added to other distributions (attached, or arriving by detach-attach, which the wildcard
 *   serves during its gap): it leaves in an update of its own, after their targets' last waits
 *   (`wildcardDrops`). Names added to D in phase 1 share R(D) with the removal already.
 * Moves (`move-alias`) and cross-account routes keep their exact alias throughout: not counted.
 * Mutates `removeEarly`, whose lists lose the wildcards delayed.
 */
function delayWildcardDetaches(
  items: readonly AliasPlan[],
  removeEarly: Map<string, string[]>,
  addLate: ReadonlyMap<string, AliasPlan[]>,
): { removeLate: Map<string, string[]>; wildcardDrops: Map<string, WildcardDrop> } {
  const removeLate = new Map<string, string[]>();
  const wildcardDrops = new Map<string, WildcardDrop>();
  const detached = items.filter((i) => i.action === 'detach' && i.source && isWildcard(i.alias));
  if (detached.length === 0) return { removeLate, wildcardDrops };
  const arriving = items.filter((i) => i.target && (i.action === 'attach' || (i.action === 'move' && i.strategy === 'detach-attach')));
  for (const w of detached) {
    const d = w.source!.id;
    const served = arriving.filter((i) => aliasMatches(w.alias, i.alias));
    const elsewhere = [...new Set(served.filter((i) => i.target!.id !== d).map((i) => i.target!.id))];
    const here = (addLate.get(d) ?? []).some((i) => aliasMatches(w.alias, i.alias));
    if (elsewhere.length === 0 && !here) continue;
    removeEarly.set(
      d,
      removeEarly.get(d)!.filter((a) => a !== w.alias),
    );
    if (removeEarly.get(d)!.length === 0) removeEarly.delete(d);
    if (elsewhere.length === 0) {
      push(removeLate, d, w.alias);
      continue;
    }
    const drop = wildcardDrops.get(d) ?? { wildcards: [], after: [] };
    drop.wildcards.push(w.alias);
    for (const t of elsewhere) if (!drop.after.includes(t)) drop.after.push(t);
    drop.after.sort(compare);
    wildcardDrops.set(d, drop);
  }
  return { removeLate, wildcardDrops };
}
