/**
 * The planner: `planCutover(desired, inventory, options) → Plan`, pure and synchronous over plain
 * data (changesets' assemble-release-plan idiom). Pipeline: index the inventory once → diff each
 * managed alias → schedule the step DAG (and simulate it) → preflight checks → estimate → plan
 * document. A plan with error diagnostics is still a plan (changes and diagnostics) but has no
 * steps, so it cannot be applied.
 */
import { checkPlan } from './checks.js';
import { checkLeftoverWildcards } from './leftover-wildcard.js';
import type { DesiredState, MoveApi } from '../desired/desired.js';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import { diffAliases, type AliasPlan } from './diff.js';
import { remainingSeconds, timingOf } from './estimate.js';
import type { Inventory } from '../inventory/inventory.js';
import { indexInventory } from '../inventory/inventory-index.js';
import type { Change, Plan, PlanStep, RollbackRecipe } from './plan.js';
import { buildBasis, parentWildcard } from './basis.js';
import { gapDowntimes } from './gap-cover.js';
import { buildPlanDocument, type PlanParts } from './plan-document.js';
import type { InventoryScope } from '../ports.js';
import { rollbackRecipe } from './rollback-recipes.js';
import { checkBlastRadius, checkWindowFit } from './safety-checks.js';
import { scheduleSteps } from './schedule.js';
import { disabledWindows, reenableRecipes, returnable } from './disable-impact.js';

export interface PlanOptions {
  /** The plan's `createdAt`, and "now" for certificate expiry. */
  readonly now: string | Date;
  /** Warn about certificates expiring within this many days (default 30). */
  readonly expiryWarningDays?: number;
  /** Switches the blast-radius check (`too-many-changes`) off; the CLI's `--force`. */
  readonly force?: boolean;
  /**
   * The move APIs the provider that will apply the plan can call (`ProviderCapabilities.moveApis`);
   * default: both. A move asking for another one is made by detach-attach (`auto`) or blocked.
   */
  readonly moveApis?: readonly MoveApi[];
}

export const DEFAULT_EXPIRY_WARNING_DAYS = 30;

/**
 * What a provider must read for this desired state: the managed aliases and every distribution it
 * names. With a registry of accounts (`accounts:`), also the parent wildcard (`*.<parent>`) of each
 * alias that has a target: a move across accounts takes the wildcard route only when nobody, in any
 * account, holds that wildcard.
 */
export function inventoryScope(desired: DesiredState): InventoryScope {
  const wanted = desired.aliases.map((a) => a.alias);
  if (desired.accounts !== undefined) {
    for (const a of desired.aliases) {
      const wildcard = a.target === null ? undefined : parentWildcard(a.alias);
      if (wildcard !== undefined) wanted.push(wildcard);
    }
  }
  const aliases = sortedUnique(wanted);
  const ids = new Set<string>(Object.values(desired.distributions));
  // Neighbours mostly share a target: a comparison skips the set's lookup.
  let previous: string | null = null;
  for (const a of desired.aliases) {
    if (a.target !== null && a.target !== previous) ids.add(a.target);
    previous = a.target;
  }
  return { aliases, distributionIds: [...ids].sort() };
}

/**
 * `[...new Set(names)].sort()`, in place and without the set: a desired file is in order, or in a
 * few ordered runs, which the sort merges in about one pass; then equal neighbours are dropped.
 */
function sortedUnique(names: string[]): string[] {
  let ascending = true;
  for (let i = 1; i < names.length && ascending; i++) ascending = names[i - 1]! < names[i]!;
  if (ascending) return names;
  names.sort();
  let kept = 0;
  for (let i = 0; i < names.length; i++) if (i === 0 || names[i] !== names[kept - 1]) names[kept++] = names[i]!;
  names.length = kept;
  return names;
}

export function planCutover(desired: DesiredState, inventory: Inventory, options: PlanOptions): Plan {
  // Assembled in a call of its own: the diff, the index and the schedule (as large as the plan at
  // 100,000 aliases) are garbage by the time the document is sorted, counted and digested.
  return buildPlanDocument(planParts(desired, inventory, options));
}

/** Everything the plan document is built from: diff, schedule, checks, rollback recipes, basis. */
function planParts(desired: DesiredState, inventory: Inventory, options: PlanOptions): PlanParts {
  const now = new Date(options.now);
  if (Number.isNaN(now.getTime())) throw new RangeError(`planCutover: "now" is not a valid date (${String(options.now)})`);

  const index = indexInventory(inventory);
  const items = diffAliases(desired, index, options.moveApis ? { moveApis: options.moveApis } : {});
  const timing = timingOf(inventory);
  // The detach-attach moves by alias (only they have recipes), built for the first update step that adds aliases.
  let byAlias: Map<string, AliasPlan> | undefined;
  const returning = (): Map<string, AliasPlan> => {
    const map = new Map<string, AliasPlan>();
    for (const i of items) if (i.action === 'move' && returnable(i)) map.set(i.alias, i);
    return map;
  };
  const recipes: RollbackRecipe[] = [];
  const rollbackWarnings: Diagnostic[] = [];
  const schedule = scheduleSteps(items, index, {
    timing,
    beforeUpdate: (step, view) => {
      if (step.add.length === 0) return;
      byAlias ??= returning();
      const { recipe, unavailable } = rollbackRecipe(step, byAlias, view, index, timing);
      if (recipe) recipes.push(recipe);
      rollbackWarnings.push(...unavailable);
    },
  });
  const { estimate, finishes } = schedule.estimate;
  const diagnostics = [
    ...checkPlan({
      desired,
      index,
      items,
      aliasCounts: schedule.aliasCounts,
      now,
      expiryWarningDays: options.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS,
    }),
    ...checkBlastRadius(
      items.map((i) => i.action),
      desired.safety,
      desired.file,
      options.force ?? false,
    ),
    // Against the estimate of the schedule even when the plan is blocked: every finding at once.
    ...checkWindowFit(desired.window, estimate.seconds),
    ...checkLeftoverWildcards(desired, index),
    ...rollbackWarnings,
  ];
  const blocked = hasErrors(diagnostics);

  const offline = disabledWindows(schedule.steps, items, finishes);
  const gaps = gapDowntimes(schedule, index);
  const downtime = (item: AliasPlan): number => (item.strategy === 'disable-and-move' ? offline.aliasDowntime(item) : gaps.seconds(item));
  const changes = items.map((item) => changeOf(item, downtime(item)));
  diagnostics.push(...gaps.warnings(diagnostics));

  const steps = blocked ? [] : withRemainingSeconds(offline.steps, desired.window !== undefined, timing);
  return {
    desired,
    inventory,
    createdAt: now.toISOString(),
    changes,
    diagnostics,
    steps,
    basis: buildBasis({ inventory, index, items, steps, aliasCounts: schedule.aliasCounts }),
    rollbacks: blocked
      ? []
      : [...recipes, ...reenableRecipes(offline.steps, timing)].sort((a, b) =>
          a.trigger < b.trigger ? -1 : a.trigger > b.trigger ? 1 : 0,
        ),
    estimate: blocked ? { seconds: 0, waitPhases: 0 } : estimate,
  };
}

/**
 * The change of one alias, its members in the plan's order. Each shape is written out: an object
 * literal with conditional spreads is several times slower to build, once per alias.
 */
function changeOf(item: AliasPlan, downtimeSeconds: number): Change {
  const { alias, action, strategy, reason, moveApi, dns } = item;
  const from = item.source?.id ?? null;
  // Where it ends: nowhere after a detach; where it is for a no-op; the target otherwise.
  const to = action === 'detach' ? null : action === 'noop' ? from : item.targetId;
  if (moveApi) {
    return dns
      ? { alias, action, from, to, strategy, moveApi, downtimeSeconds, dns, reason }
      : { alias, action, from, to, strategy, moveApi, downtimeSeconds, reason };
  }
  return dns
    ? { alias, action, from, to, strategy, downtimeSeconds, dns, reason }
    : { alias, action, from, to, strategy, downtimeSeconds, reason };
}

/**
 * With a maintenance window, forward writes carry the critical-path seconds from their start to the
 * end of the plan, so the executor can refuse to start one that cannot finish in the time left.
 */
function withRemainingSeconds(steps: readonly PlanStep[], windowed: boolean, timing: ReturnType<typeof timingOf>): readonly PlanStep[] {
  if (!windowed) return steps;
  const tails = remainingSeconds(steps, timing);
  return steps.map((step) =>
    step.kind === 'update-aliases' || step.kind === 'move-alias' || step.kind === 'set-enabled'
      ? { ...step, remainingSeconds: tails.get(step.id)! }
      : step,
  );
}
