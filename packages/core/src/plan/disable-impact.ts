/**
 * What a plan's cross-account routes cost, from the schedule's estimate: the window each disabled
 * source is offline (every alias it serves that does not leave it, from the disable until its
 * re-enable is Deployed) and each disable-and-move alias's downtime (from the disable until the
 * target serves it and DNS points there). Also which moves a rollback recipe can return, and the
 * recipe that re-enables a disabled source when its forward re-enable fails or cannot start.
 */
import { toFqdn } from '../hostnames.js';
import type { AliasPlan } from './diff.js';
import { estimateSteps, type StepTiming } from './estimate.js';
import type { PlanStep, RollbackRecipe, SetEnabledStep, WaitDeployedStep } from './plan.js';
import { routeIds } from './schedule-routes.js';

/**
 * Moves a rollback recipe can put back on their source when the add on the target fails: those
 * whose source let them go by an update (detach-attach, and the wildcard route's release).
 */
export function returnable(item: AliasPlan): boolean {
  return item.strategy === 'detach-attach' || item.strategy === 'wildcard-route';
}

export interface DisabledWindows {
  /** The steps, each disable with its `offline` impact. */
  readonly steps: readonly PlanStep[];
  /** Seconds a disable-and-move alias is served by no enabled distribution. */
  aliasDowntime(item: AliasPlan): number;
}

export function disabledWindows(
  steps: readonly PlanStep[],
  items: readonly AliasPlan[],
  finishes: ReadonlyMap<string, number>,
): DisabledWindows {
  const finish = (id: string): number => finishes.get(id) ?? 0;
  const leaving = new Map<string, Set<string>>();
  items.forEach((item) => {
    if (item.strategy !== 'disable-and-move' || !item.source) return;
    const set = leaving.get(item.source.id) ?? new Set<string>();
    leaving.set(item.source.id, set.add(item.alias));
  });
  if (leaving.size === 0) return { steps, aliasDowntime: () => 0 };
  // The DNS wait that repoints each alias's routing record (its `_<alias>` TXT record is not one).
  const dnsWaitOf = new Map<string, string>();
  const waitOfChange = new Map<string, string>();
  for (const step of steps) if (step.kind === 'wait-dns') waitOfChange.set(step.changeStep, step.id);
  for (const step of steps) {
    if (step.kind !== 'change-dns') continue;
    for (const c of step.changes) if (c.record.type !== 'TXT') dnsWaitOf.set(c.record.name, waitOfChange.get(step.id) ?? step.id);
  }
  const withImpact = steps.map((step): PlanStep => {
    if (step.kind !== 'set-enabled' || step.enabled) return step;
    const moving = leaving.get(step.distribution) ?? new Set<string>();
    const aliases = step.precondition.aliases.filter((a) => !moving.has(a));
    const seconds = finish(routeIds.enabledWait(step.distribution)) - finish(step.id);
    return { ...step, offline: { aliases, seconds } };
  });
  return {
    steps: withImpact,
    aliasDowntime: (item) => {
      const served = dnsWaitOf.get(toFqdn(item.alias)) ?? routeIds.movedWait(item.target!.id);
      return Math.max(0, finish(served) - finish(routeIds.disable(item.source!.id)));
    },
  };
}

/**
 * One recipe per forward re-enable (`set-enabled`, enabled true): re-enable the source again
 * (precondition mode `flag`: whichever moves ran, only the flag matters) and wait until it is
 * Deployed. The executor runs it when the re-enable fails, or is blocked by a failure after the
 * disable took effect, so that no failure leaves a source disabled.
 */
export function reenableRecipes(steps: readonly PlanStep[], timing: StepTiming): RollbackRecipe[] {
  const recipes: RollbackRecipe[] = [];
  for (const trigger of steps) {
    if (trigger.kind !== 'set-enabled' || !trigger.enabled) continue;
    const d = trigger.distribution;
    const enable: SetEnabledStep = {
      id: `rollback:${d}:enable:set-enabled:${d}`,
      kind: 'set-enabled',
      dependsOn: [],
      phase: trigger.phase,
      distribution: d,
      enabled: true,
      precondition: { ...trigger.precondition, mode: 'flag' },
      postcondition: { enabled: true },
    };
    const wait: WaitDeployedStep = {
      id: `rollback:${d}:enable:wait-deployed:${d}`,
      kind: 'wait-deployed',
      dependsOn: [enable.id],
      phase: trigger.phase,
      distribution: d,
    };
    recipes.push({ trigger: trigger.id, aliases: [], steps: [enable, wait], estimate: estimateSteps([enable, wait], timing).estimate });
  }
  return recipes;
}
