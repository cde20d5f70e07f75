/**
 * The step DAG as drafts (steps before simulation gives them phases and pre/postconditions), for
 * one placement of the moves, and its topological order. The ordering rules are in schedule.ts.
 */
import type { Distribution, HostedZone } from '../inventory/inventory.js';
import type { InventoryIndex } from '../inventory/inventory-index.js';
import type { AliasPlan } from './diff.js';
import type { DnsRecordChange, MoveAliasStep, VerifyStep } from './plan.js';
import { compare, r1, r2, stepIds, w1, w2, type After, type DnsStage, type Groups } from './schedule-groups.js';
import type { Layout } from './schedule-layout.js';
import { draftDisableRoutes, draftWildcardRoutes } from './schedule-routes.js';

export type Draft =
  | {
      readonly kind: 'update-aliases';
      readonly id: string;
      readonly dependsOn: string[];
      readonly distribution: Distribution;
      readonly remove: string[];
      readonly add: string[];
    }
  | {
      readonly kind: 'move-alias';
      readonly id: string;
      readonly dependsOn: string[];
      readonly alias: string;
      readonly from: string;
      readonly to: string;
      readonly api: MoveAliasStep['api'];
      readonly txtFallback: MoveAliasStep['txtFallback'];
    }
  | {
      readonly kind: 'set-enabled';
      readonly id: string;
      readonly dependsOn: string[];
      readonly distribution: Distribution;
      readonly enabled: boolean;
    }
  | { readonly kind: 'wait-deployed'; readonly id: string; readonly dependsOn: string[]; readonly distribution: string }
  | {
      readonly kind: 'change-dns';
      readonly id: string;
      readonly dependsOn: string[];
      readonly zone: HostedZone;
      readonly changes: readonly DnsRecordChange[];
    }
  | { readonly kind: 'wait-dns'; readonly id: string; readonly dependsOn: string[]; readonly zoneId: string; readonly changeStep: string }
  | {
      readonly kind: 'verify';
      readonly id: string;
      readonly dependsOn: string[];
      readonly distribution: string;
      readonly aliases: string[];
      readonly dns: VerifyStep['dns'];
    };

/**
 * Where the `move-alias` steps go. `early`: in phase 1, between R(D) and D's phase-1 wait (one wait
 * phase when there is nothing else). `late`: after the phase-1 waits of their distributions,
 * alongside the phase-2 adds (so a move's TXT sync overlaps phase 1 instead of delaying every
 * phase-1 wait, and the move shares its distributions' phase-2 wait).
 */
export type MovePlacement = 'early' | 'late';

/** The drafts so far, and per distribution where its next write must go. */
export interface DraftState {
  readonly drafts: Draft[];
  /** The last step each distribution's next write must follow. */
  readonly chain: Map<string, string>;
  /** Each distribution's last wait-deployed. */
  readonly lastWait: Map<string, string>;
  /** The wait-deployed that follows the moves onto/off each distribution. */
  readonly movesWait: Map<string, string>;
  readonly phase1: Set<string>;
  readonly phase2: Set<string>;
}

export function draftSteps(groups: Groups, layout: Layout, index: InventoryIndex, placement: MovePlacement): Draft[] {
  const state: DraftState = {
    drafts: [],
    chain: new Map(),
    lastWait: new Map(),
    movesWait: new Map(),
    phase1: new Set(),
    phase2: new Set(),
  };
  // 1. DNS that must happen before mutations: TXT records and repoints before attaches (pre), and
  //    repoints between a detach-attach's removal and its add (mid).
  const stepAfter = (after: After): string | undefined => (after.kind === 'step' ? after.id : undefined);
  draftDnsBatches(state, layout, 'pre', stepAfter);
  draftDnsBatches(state, layout, 'mid', stepAfter);

  // 2. Mutations and their waits.
  draftPhase1Updates(state, groups, layout, index);
  if (placement === 'early') draftMoves(state, groups.moves, layout, state.phase1);
  draftPhase1Waits(state, layout);
  if (placement === 'late') draftMoves(state, groups.moves, layout, state.phase2);
  const waitOf = placement === 'early' ? w1 : w2;
  // Each distribution's wait id is built once, not once per move touching it.
  const movesWait = (d: string): void => {
    if (!state.movesWait.has(d)) state.movesWait.set(d, waitOf(d));
  };
  for (const m of groups.moves) {
    movesWait(m.source!.id);
    movesWait(m.target!.id);
  }
  draftPhase2(state, groups, layout, index);
  draftWildcardDrops(state, groups, index);
  // Cross-account routes, after each distribution's own phases (schedule-routes.ts).
  draftWildcardRoutes(state, groups.wildcardRoutes, index);
  draftDisableRoutes(state, groups.disableRoutes, layout, index);

  // 3. DNS after the targets are Deployed: repoints for moves, creations and non-CloudFront repoints.
  draftDnsBatches(state, layout, 'post', (after) => {
    switch (after.kind) {
      case 'nothing':
        return undefined;
      case 'step':
        return after.id;
      case 'target-moves':
        return state.movesWait.get(after.distribution);
      case 'target-last':
        return state.lastWait.get(after.distribution);
    }
  });

  // 4. Verify every distribution whose alias set changes.
  for (const d of layout.distributions) {
    const { dns, dnsWaits } = layout.verifies.get(d)!;
    const deps = new Set<string>([state.lastWait.get(d)!, ...dnsWaits]);
    state.drafts.push({ kind: 'verify', id: `verify:${d}`, dependsOn: [...deps].sort(compare), distribution: d, aliases: [], dns });
  }
  return state.drafts;
}

/** A `change-dns` and its `wait-dns` per batch of the stage, after what its entries wait for. */
function draftDnsBatches(state: DraftState, layout: Layout, stage: DnsStage, resolve: (after: After) => string | undefined): void {
  for (const batch of layout.batches.get(stage) ?? []) {
    const deps = new Set<string>();
    for (const e of batch.entries) {
      const dep = resolve(e.after);
      if (dep !== undefined) deps.add(dep);
    }
    state.drafts.push({
      kind: 'change-dns',
      id: batch.changeId,
      dependsOn: [...deps].sort(compare),
      zone: batch.zone,
      changes: batch.changes,
    });
    state.drafts.push({
      kind: 'wait-dns',
      id: batch.waitId,
      dependsOn: [batch.changeId],
      zoneId: batch.zone.id,
      changeStep: batch.changeId,
    });
  }
}

/** R(D): one phase-1 update per distribution with removals or early adds. */
function draftPhase1Updates(state: DraftState, groups: Groups, layout: Layout, index: InventoryIndex): void {
  for (const d of layout.distributions) {
    const remove = groups.removeEarly.get(d) ?? [];
    const add = groups.addEarly.get(d) ?? [];
    if (remove.length === 0 && add.length === 0) continue;
    state.drafts.push({ kind: 'update-aliases', id: r1(d), dependsOn: [], distribution: index.distributions.get(d)!, remove, add });
    state.chain.set(d, r1(d));
    state.phase1.add(d);
  }
}

/**
 * The moves, chained per distribution in round order; their distributions join `group` (the
 * phase whose wait follows them). Moves touching one distribution must run one after another,
 * but a plain alias-order chain can thread every distribution into one long sequence (a ring of
 * moves would run one by one). So each move gets the first round free on both its source and its
 * target (greedy edge colouring, in alias order: at most 2Δ-1 rounds for Δ moves per distribution).
 */
function draftMoves(state: DraftState, moves: readonly AliasPlan[], layout: Layout, group: Set<string>): void {
  for (const m of movesInRounds(moves)) {
    const from = m.source!.id;
    const to = m.target!.id;
    const id = `move-alias:${m.alias}`;
    state.drafts.push({
      kind: 'move-alias',
      id,
      dependsOn: stepIds(state.chain.get(from), state.chain.get(to), layout.earlyDnsWait.get(m.alias)),
      alias: m.alias,
      from,
      to,
      api: m.moveApi ?? 'update-domain-association',
      txtFallback: m.txtFallback,
    });
    state.chain.set(from, id);
    state.chain.set(to, id);
    group.add(from).add(to);
  }
}

/** The moves in round order (then alias order): each in the first round free on both its distributions. */
function movesInRounds(moves: readonly AliasPlan[]): AliasPlan[] {
  const roundsUsed = new Map<string, Set<number>>();
  const roundsOf = (d: string): Set<number> => {
    let used = roundsUsed.get(d);
    if (!used) roundsUsed.set(d, (used = new Set()));
    return used;
  };
  // Each move's round by its place in `moves`: no pair object per move.
  const rounds = new Int32Array(moves.length);
  const order: number[] = [];
  for (let i = 0; i < moves.length; i++) {
    const a = roundsOf(moves[i]!.source!.id);
    const b = roundsOf(moves[i]!.target!.id);
    let round = 1;
    while (a.has(round) || b.has(round)) round++;
    a.add(round);
    b.add(round);
    rounds[i] = round;
    order.push(i);
  }
  order.sort((i, j) => rounds[i]! - rounds[j]! || compare(moves[i]!.alias, moves[j]!.alias));
  return order.map((i) => moves[i]!);
}

/**
 * One phase-1 wait per distribution, after its last phase-1 mutation (R or a move): a wait that
 * another mutation of the same distribution could overlap would end later than it says.
 */
function draftPhase1Waits(state: DraftState, layout: Layout): void {
  for (const d of layout.distributions) {
    if (!state.phase1.has(d)) continue;
    state.drafts.push({ kind: 'wait-deployed', id: w1(d), dependsOn: [state.chain.get(d)!], distribution: d });
    state.chain.set(d, w1(d));
    state.lastWait.set(d, w1(d));
  }
}

/** A(D), the phase-2 add of what arrives by detach-attach or after a repoint, and each phase-2 wait. */
function draftPhase2(state: DraftState, groups: Groups, layout: Layout, index: InventoryIndex): void {
  for (const d of layout.distributions) {
    const arriving = groups.addLate.get(d) ?? [];
    if (arriving.length > 0) {
      // After D's own earlier writes and wait (so that wait is not stretched by this write), and
      // after the DNS repoint of each alias when it has one (it follows the source's removal), else
      // straight after the source's removal is Deployed.
      const deps = new Set<string>();
      const prev = state.chain.get(d);
      if (prev !== undefined) deps.add(prev);
      for (const item of arriving) {
        const dnsWait = layout.earlyDnsWait.get(item.alias);
        if (dnsWait !== undefined) deps.add(dnsWait);
        else if (item.source) deps.add(w1(item.source.id));
      }
      const add = arriving.map((i) => i.alias);
      state.drafts.push({
        kind: 'update-aliases',
        id: r2(d),
        dependsOn: [...deps].sort(compare),
        distribution: index.distributions.get(d)!,
        remove: groups.removeLate.get(d) ?? [],
        add,
      });
      state.chain.set(d, r2(d));
      state.phase2.add(d);
    }
    if (state.phase2.has(d)) {
      state.drafts.push({ kind: 'wait-deployed', id: w2(d), dependsOn: [state.chain.get(d)!], distribution: d });
      state.chain.set(d, w2(d));
      state.lastWait.set(d, w2(d));
    }
  }
}

/**
 * Each distribution's drop of the wildcards that serve names the plan attaches elsewhere: after its
 * own writes and the last waits of those names' targets (see `delayWildcardDetaches`).
 */
function draftWildcardDrops(state: DraftState, groups: Groups, index: InventoryIndex): void {
  for (const d of [...groups.wildcardDrops.keys()].sort(compare)) {
    const drop = groups.wildcardDrops.get(d)!;
    const deps = new Set<string>();
    const prev = state.chain.get(d);
    if (prev !== undefined) deps.add(prev);
    for (const t of drop.after) deps.add(state.lastWait.get(t)!);
    const id = wildcardDropIds.update(d);
    const remove = [...drop.wildcards].sort(compare);
    const distribution = index.distributions.get(d)!;
    state.drafts.push({ kind: 'update-aliases', id, dependsOn: [...deps].sort(compare), distribution, remove, add: [] });
    const wait = wildcardDropIds.wait(d);
    state.drafts.push({ kind: 'wait-deployed', id: wait, dependsOn: [id], distribution: d });
    state.chain.set(d, wait);
    state.lastWait.set(d, wait);
  }
}

/** Step ids of a wildcard drop. */
export const wildcardDropIds = {
  update: (d: string): string => `update-aliases:${d}:drop-wildcard`,
  wait: (d: string): string => `wait-deployed:${d}:drop-wildcard`,
} as const;

/**
 * Kahn's algorithm; order by depth (longest path from a root), then id. Steps are numbered by
 * their place in `drafts` and the graph is kept in typed arrays (dependents of step i at
 * `edges[first[i]..first[i + 1]]`): a plan has a step per move, and a map and an array per step
 * would be most of what this allocates.
 */
export function topologicalOrder(drafts: readonly Draft[]): Draft[] {
  const n = drafts.length;
  const position = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = drafts[i]!.id;
    if (position.has(id)) throw new Error(`duplicate step id ${id}`);
    position.set(id, i);
  }
  const pending = new Int32Array(n);
  const first = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const d = drafts[i]!;
    pending[i] = d.dependsOn.length;
    d.dependsOn.forEach((dep) => {
      const j = position.get(dep);
      if (j === undefined) throw new Error(`step ${d.id} depends on unknown step ${dep}`);
      first[j + 1]!++;
    });
  }
  for (let i = 0; i < n; i++) first[i + 1]! += first[i]!;
  const edges = new Int32Array(first[n]!);
  const filled = first.slice(0, n);
  for (let i = 0; i < n; i++) drafts[i]!.dependsOn.forEach((dep) => (edges[filled[position.get(dep)!]!++] = i));

  const depth = new Int32Array(n);
  const queue = new Int32Array(n);
  let queued = 0;
  for (let i = 0; i < n; i++) if (pending[i] === 0) queue[queued++] = i;
  // Breadth first: the loop also visits what it appends to `queue`.
  for (let at = 0; at < queued; at++) {
    const i = queue[at]!;
    for (let e = first[i]!; e < first[i + 1]!; e++) {
      const next = edges[e]!;
      depth[next] = Math.max(depth[next]!, depth[i]! + 1);
      if (--pending[next]! === 0) queue[queued++] = next;
    }
  }
  if (queued !== n) throw new Error('the step graph has a cycle');
  const order = Array.from(queue);
  order.sort((i, j) => depth[i]! - depth[j]! || compare(drafts[i]!.id, drafts[j]!.id));
  return order.map((i) => drafts[i]!);
}
