/**
 * The scheduler: turns the per-alias diff into the step DAG (docs/lifecycle.md, the ordering rules).
 *
 * For each distribution D touched:
 * - `R(D)` (`update-aliases:D:p1`): one UpdateDistribution removing everything leaving D by detach or
 *   detach-attach and adding every attach that needs no DNS repoint first;
 * - `move-alias:<alias>`: one UpdateDomainAssociation (or AssociateAlias) per alias with strategy `move`;
 * - `A(D)` (`update-aliases:D:p2`): one UpdateDistribution adding everything arriving by
 *   detach-attach, and attaches whose DNS had to be repointed first;
 * - one `wait-deployed` per update phase: `:p1` after D's phase-1 writes, `:p2` after its phase-2 ones;
 * - a detached wildcard leaves no earlier than the exact aliases it serves are added: in A(D) when
 *   they arrive on D in phase 2, in `update-aliases:D:drop-wildcard` after their targets' last waits
 *   when they go elsewhere (schedule-groups.ts, `delayWildcardDetaches`).
 * Moves are phase-1 writes (`early`) or phase-2 writes (`late`, after their distributions' phase-1
 * waits), whichever gives the shorter critical path (see `scheduleSteps`).
 * Mutations of one distribution are totally ordered (R → early moves in round order → phase-1 wait
 * → late moves in round order → A → phase-2 wait) so each step's precondition is well defined, no
 * two writes race on one ETag, and no write stretches a wait in progress; rounds increase along
 * every chain, which keeps the graph acyclic. DNS changes are batched per zone and stage
 * (`pre`, `mid`, `post`), each `change-dns` followed by its `wait-dns`. Pre/postconditions come from
 * simulating the steps in order over copies of the alias sets and records.
 *
 * The passes, each in its own file: the diff sorted into groups (schedule-groups.ts), the parts
 * laid out once for both placements of the moves (schedule-layout.ts), the drafts of one placement
 * and their order (schedule-drafts.ts), and the simulation (schedule-simulation.ts).
 */
import type { InventoryIndex } from '../inventory/inventory-index.js';
import type { AliasPlan } from './diff.js';
import { estimateSteps, type EstimateResult, type StepTiming } from './estimate.js';
import { draftSteps, topologicalOrder } from './schedule-drafts.js';
import { groupItems, type Groups } from './schedule-groups.js';
import { layOut } from './schedule-layout.js';
import { simulate, type AliasCount, type BeforeUpdate } from './schedule-simulation.js';
import type { PlanStep } from './plan.js';

export interface Schedule {
  /** Topological order (depth, then id). */
  readonly steps: readonly PlanStep[];
  /** Per distribution the plan mutates. */
  readonly aliasCounts: ReadonlyMap<string, AliasCount>;
  /** Per detach-attach alias: the waits whose finishes bound the time it is on no distribution. */
  readonly gaps: ReadonlyMap<string, { readonly removed: string; readonly added: string }>;
  /** `estimateSteps(steps, timing)`, computed while choosing where the moves go. */
  readonly estimate: EstimateResult;
  /** Placements of the moves drafted: 2 when `late` could win (see `lateCanWin`), else 1. */
  readonly placementsDrafted: 1 | 2;
}

export interface ScheduleOptions {
  /** Used to choose where moves go (see `scheduleSteps`). */
  readonly timing: StepTiming;
  /**
   * Called during the simulation just before each `update-aliases` step takes effect, with the
   * simulated state at that point (rollback recipes are computed from it).
   */
  readonly beforeUpdate?: BeforeUpdate;
}

/**
 * Builds the DAG. When `late` could make the plan faster (`lateCanWin`), both placements of the
 * moves are drafted and the one with the shorter critical path is kept (ties: fewer wait phases,
 * then `early`), so moving the moves never makes a plan slower; otherwise moves are `early`.
 */
export function scheduleSteps(items: readonly AliasPlan[], index: InventoryIndex, options: ScheduleOptions): Schedule {
  const groups = groupItems(items);
  const layout = layOut(groups, items);
  let ordered = topologicalOrder(draftSteps(groups, layout, index, 'early'));
  let estimate = estimateSteps(ordered, options.timing);
  const placementsDrafted = lateCanWin(groups) ? 2 : 1;
  if (placementsDrafted === 2) {
    const late = topologicalOrder(draftSteps(groups, layout, index, 'late'));
    const a = estimate.estimate;
    const lateEstimate = estimateSteps(late, options.timing);
    const b = lateEstimate.estimate;
    if (b.seconds < a.seconds || (b.seconds === a.seconds && b.waitPhases < a.waitPhases)) {
      ordered = late;
      estimate = lateEstimate;
    }
  }
  const { steps, aliasCounts } = simulate(ordered, index, options.beforeUpdate);
  return { steps, aliasCounts, gaps: groups.gaps, estimate, placementsDrafted };
}

/**
 * Whether `late` can finish sooner than `early` (when it cannot, only `early` is drafted). It
 * cannot without phase-2 adds (it only delays moves and the waits after them), nor unless some
 * move waits for its TXT record to be created (a move whose record exists runs at time 0 beside
 * R(D) and delays nothing). Nor can it when no distribution connected to such a move, through
 * chains of moves (which run one after another per distribution), has a phase-1 update or a
 * phase-2 add: those moves then start at the same times in both placements, nothing but their own
 * DNS repoints waits for their distributions' deployments, and every other move only starts later
 * in `late`.
 */
function lateCanWin(groups: Groups): boolean {
  const { moves, removeEarly, addEarly, addLate } = groups;
  if (addLate.size === 0) return false;
  if (!moves.some((m) => m.txt === 'create')) return false;
  // Union-find over distributions, joined by moves.
  const parent = new Map<string, string>();
  const find = (d: string): string => {
    let root = d;
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) root = up;
    for (let at = d; at !== root;) {
      const up = parent.get(at)!;
      parent.set(at, root);
      at = up;
    }
    return root;
  };
  for (const m of moves) {
    const a = find(m.source!.id);
    const b = find(m.target!.id);
    parent.set(a, a);
    if (a !== b) parent.set(b, a);
  }
  const waiting = new Set<string>();
  for (const m of moves) if (m.txt === 'create') waiting.add(find(m.source!.id));
  for (const group of [removeEarly, addEarly, addLate]) {
    for (const d of group.keys()) if (parent.has(d) && waiting.has(find(d))) return true;
  }
  return false;
}
