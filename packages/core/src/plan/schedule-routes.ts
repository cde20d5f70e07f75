/**
 * The cross-account routes as drafts in the same DAG (docs/cross-account.md), after each
 * distribution's own phases (each route's writes follow the distribution's chain, so its writes
 * stay totally ordered and no write stretches a wait in progress).
 *
 * Wildcard route, per phase one update per distribution:
 *   `update-aliases:T:wildcard` (+ `*.<parent>` on each target T) → `wait-deployed:T:wildcard`
 *   → `change-dns:Z:route` (each alias → its target) → `wait-dns:Z:route`
 *   → `update-aliases:S:release` (− the aliases on each source S) → `wait-deployed:S:release`
 *   → `update-aliases:T:settle` (+ the aliases, − the temporary wildcards the desired state does
 *     not keep) → `wait-deployed:T:settle` → verify.
 * The aliases of one wildcard domain share its one temporary wildcard. At every boundary each alias
 * is served: by its exact alias on S until the release, by the wildcard on T (where DNS now points)
 * until the settle adds the exact alias there.
 *
 * Disable-and-move, per source S (a source disabled before the plan skips its disable and enable):
 *   `set-enabled:S:disable` → `wait-deployed:S:disabled` → `move-alias:<alias>` (one per alias,
 *   after its `_<alias>` TXT record is INSYNC: the DNS `pre` stage) → `set-enabled:S:enable`
 *   → `wait-deployed:S:enabled`; each target T gets `wait-deployed:T:moved` after the moves onto it,
 *   and the aliases' DNS repoints follow it (the `post` stage).
 */
import { repointRecords } from '../inventory/dns-records.js';
import type { HostedZone } from '../inventory/inventory.js';
import type { InventoryIndex } from '../inventory/inventory-index.js';
import type { AliasPlan } from './diff.js';
import type { DnsRecordChange } from './plan.js';
import type { DraftState } from './schedule-drafts.js';
import { compare, push, stepIds } from './schedule-groups.js';
import { chunkRecords, type Layout } from './schedule-layout.js';

/** Step ids of the routes. */
export const routeIds = {
  addWildcard: (d: string): string => `update-aliases:${d}:wildcard`,
  wildcardWait: (d: string): string => `wait-deployed:${d}:wildcard`,
  release: (d: string): string => `update-aliases:${d}:release`,
  releaseWait: (d: string): string => `wait-deployed:${d}:release`,
  settle: (d: string): string => `update-aliases:${d}:settle`,
  settleWait: (d: string): string => `wait-deployed:${d}:settle`,
  disable: (d: string): string => `set-enabled:${d}:disable`,
  disabledWait: (d: string): string => `wait-deployed:${d}:disabled`,
  enable: (d: string): string => `set-enabled:${d}:enable`,
  enabledWait: (d: string): string => `wait-deployed:${d}:enabled`,
  movedWait: (d: string): string => `wait-deployed:${d}:moved`,
} as const;

/** A write on `d` after its chain, then its wait: both become the chain's end and the wait `d`'s last. */
function chainWrite(state: DraftState, d: string, writeId: string, waitId: string): void {
  state.chain.set(d, writeId);
  state.drafts.push({ kind: 'wait-deployed', id: waitId, dependsOn: [writeId], distribution: d });
  state.chain.set(d, waitId);
  state.lastWait.set(d, waitId);
}

function dependencies(...ids: readonly (string | undefined)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== undefined))].sort(compare);
}

function byDistribution(items: readonly AliasPlan[], of: (item: AliasPlan) => string): Map<string, AliasPlan[]> {
  const map = new Map<string, AliasPlan[]>();
  for (const item of items) push(map, of(item), item);
  return new Map([...map].sort(([a], [b]) => compare(a, b)));
}

export function draftWildcardRoutes(state: DraftState, routes: readonly AliasPlan[], index: InventoryIndex): void {
  if (routes.length === 0) return;
  const byTarget = byDistribution(routes, (i) => i.target!.id);
  const bySource = byDistribution(routes, (i) => i.source!.id);
  // When each target serves the wildcard (its wait, or its chain's end when it held it already).
  const wildcardReady = new Map<string, string | undefined>();
  for (const [t, items] of byTarget) {
    const add = [...new Set(items.filter((i) => !i.wildcardPresent).map((i) => i.wildcard!))].sort(compare);
    if (add.length > 0) {
      const id = routeIds.addWildcard(t);
      state.drafts.push({
        kind: 'update-aliases',
        id,
        dependsOn: dependencies(state.chain.get(t)),
        distribution: index.distributions.get(t)!,
        remove: [],
        add,
      });
      chainWrite(state, t, id, routeIds.wildcardWait(t));
    }
    wildcardReady.set(t, state.chain.get(t));
  }
  const aliasReady = draftRouteDns(state, routes, wildcardReady);
  for (const [s, items] of bySource) {
    const id = routeIds.release(s);
    const deps = dependencies(state.chain.get(s), ...items.map((i) => aliasReady.get(i.alias)));
    state.drafts.push({
      kind: 'update-aliases',
      id,
      dependsOn: deps,
      distribution: index.distributions.get(s)!,
      remove: items.map((i) => i.alias),
      add: [],
    });
    chainWrite(state, s, id, routeIds.releaseWait(s));
  }
  for (const [t, items] of byTarget) {
    const id = routeIds.settle(t);
    const deps = dependencies(state.chain.get(t), ...items.map((i) => routeIds.releaseWait(i.source!.id)));
    // A wildcard stays when the desired state keeps it, or when the target held it before the plan.
    const kept = new Set(items.filter((i) => i.keepsWildcard === true || i.wildcardPresent === true).map((i) => i.wildcard!));
    const remove = [...new Set(items.map((i) => i.wildcard!))].filter((w) => !kept.has(w)).sort(compare);
    state.drafts.push({
      kind: 'update-aliases',
      id,
      dependsOn: deps,
      distribution: index.distributions.get(t)!,
      remove,
      add: items.map((i) => i.alias),
    });
    chainWrite(state, t, id, routeIds.settleWait(t));
  }
}

/**
 * The routes' DNS repoints, one `change-dns` per zone (within Route 53's batch limit), each after
 * the wildcard of every alias it repoints is Deployed. Returns, per alias, what its release waits for.
 */
function draftRouteDns(
  state: DraftState,
  routes: readonly AliasPlan[],
  wildcardReady: ReadonlyMap<string, string | undefined>,
): Map<string, string | undefined> {
  const ready = new Map<string, string | undefined>();
  const byZone = new Map<string, { alias: string; zone: HostedZone; targetId: string; records: ReturnType<typeof repointRecords> }[]>();
  for (const item of routes) {
    const t = item.target!;
    if (item.dns && item.zone)
      push(byZone, item.zone.id, {
        alias: item.alias,
        zone: item.zone,
        targetId: t.id,
        records: repointRecords(item.alias, item.records, t.domainName),
      });
    else ready.set(item.alias, wildcardReady.get(t.id));
  }
  for (const zoneId of [...byZone.keys()].sort(compare)) {
    const chunks = chunkRecords(byZone.get(zoneId)!);
    chunks.forEach((chunk, i) => {
      const suffix = chunks.length > 1 ? `:${i + 1}` : '';
      const changeId = `change-dns:${zoneId}:route${suffix}`;
      const waitId = `wait-dns:${zoneId}:route${suffix}`;
      const changes = chunk.flatMap((e) => e.records.map((record): DnsRecordChange => ({ action: 'UPSERT', record })));
      const deps = dependencies(...chunk.map((e) => wildcardReady.get(e.targetId)));
      state.drafts.push({ kind: 'change-dns', id: changeId, dependsOn: deps, zone: chunk[0]!.zone, changes });
      state.drafts.push({ kind: 'wait-dns', id: waitId, dependsOn: [changeId], zoneId, changeStep: changeId });
      for (const e of chunk) ready.set(e.alias, waitId);
    });
  }
  return ready;
}

export function draftDisableRoutes(state: DraftState, routes: readonly AliasPlan[], layout: Layout, index: InventoryIndex): void {
  if (routes.length === 0) return;
  const bySource = byDistribution(routes, (i) => i.source!.id);
  // A source disabled before the plan is neither disabled nor enabled by it.
  const toggled = [...bySource.keys()].filter((s) => index.distributions.get(s)!.enabled);
  for (const s of toggled) draftSetEnabled(state, index, s, false);
  const targets = new Set<string>();
  for (const [s, items] of bySource) {
    for (const item of items) {
      const t = item.target!.id;
      const id = `move-alias:${item.alias}`;
      state.drafts.push({
        kind: 'move-alias',
        id,
        dependsOn: stepIds(state.chain.get(s), state.chain.get(t), layout.earlyDnsWait.get(item.alias)),
        alias: item.alias,
        from: s,
        to: t,
        api: 'update-domain-association',
        txtFallback: undefined,
      });
      state.chain.set(s, id);
      state.chain.set(t, id);
      targets.add(t);
    }
  }
  // A source the plan does not re-enable waits for its moves' deployment here, as the targets do.
  for (const s of bySource.keys()) if (!toggled.includes(s)) targets.add(s);
  for (const t of [...targets].sort(compare)) {
    const waitId = routeIds.movedWait(t);
    state.drafts.push({ kind: 'wait-deployed', id: waitId, dependsOn: [state.chain.get(t)!], distribution: t });
    state.chain.set(t, waitId);
    state.lastWait.set(t, waitId);
  }
  for (const s of toggled) draftSetEnabled(state, index, s, true);
}

/** Disables or enables source `s` after its previous write, then waits for its deployment. */
function draftSetEnabled(state: DraftState, index: InventoryIndex, s: string, enabled: boolean): void {
  const id = enabled ? routeIds.enable(s) : routeIds.disable(s);
  state.drafts.push({
    kind: 'set-enabled',
    id,
    dependsOn: dependencies(state.chain.get(s)),
    distribution: index.distributions.get(s)!,
    enabled,
  });
  chainWrite(state, s, id, enabled ? routeIds.enabledWait(s) : routeIds.disabledWait(s));
}
