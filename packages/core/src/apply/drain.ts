/**
 * What a drain (first interrupt) must still run: the steps that finish every move already started,
 * so that no alias is left on no distribution and no moved alias is left with DNS pointing at its
 * old owner. Derived from the plan's data only:
 *
 * - detach-attach: an alias removed by a done `update-aliases` whose re-adding `update-aliases`
 *   (a later step of the plan that depends on the removal and adds the alias) is not done. Its add
 *   and everything the add depends on (source wait, DNS repoint, DNS wait) must run.
 * - move (AssociateAlias): a done `move-alias` whose routing-record repoint (a later `change-dns`
 *   with a change to the alias's record name) is not done. That change and its dependencies must run.
 * - wildcard route: a temporary wildcard added by a done `update-aliases` whose removal (a later
 *   `update-aliases` that depends on the add and removes it) is not done. The removal and its
 *   dependencies must run: the route is finished, so no temporary wildcard is left behind.
 * - disable-and-move: a done `set-enabled` that disabled a distribution whose re-enable (a later
 *   `set-enabled` of it that depends on the disable) is not done: a disabled source serves none of
 *   its aliases, so the re-enable (after the moves it waits for) and its dependencies must run.
 *
 * Batching can pull in more: an add step that also adds an alias whose removal has not run yet
 * depends on that removal, so the removal runs too, and its move is then finished in turn. That is
 * the price of never orphaning an alias: a batched step is all or nothing.
 */
import { recordName } from './conditions.js';
import { normalizeHostname } from '../hostnames.js';
import type { PlanStep } from '../plan/plan.js';

/** Ids of the steps not in `done` that must run to finish the moves started so far. */
export function stepsFinishingStartedMoves(steps: readonly PlanStep[], done: ReadonlySet<string>): Set<string> {
  const byId = new Map(steps.map((s) => [s.id, s] as const));
  const required = new Set<string>();

  const addWithDependencies = (id: string): void => {
    const stack = [id];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (done.has(next) || required.has(next)) continue;
      required.add(next);
      for (const dep of byId.get(next)?.dependsOn ?? []) stack.push(dep);
    }
  };
  const dependsOn = (step: PlanStep, ancestor: string): boolean => {
    const seen = new Set<string>();
    const stack = [...step.dependsOn];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id === ancestor) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(byId.get(id)?.dependsOn ?? []));
    }
    return false;
  };

  for (const started of steps) {
    if (!done.has(started.id)) continue;
    if (started.kind === 'update-aliases') {
      const removed = new Set(started.remove.map((a) => normalizeHostname(a)));
      const added = new Set(started.add.map((a) => normalizeHostname(a)));
      for (const step of steps) {
        if (step.kind !== 'update-aliases' || done.has(step.id)) continue;
        const readds = step.add.some((a) => removed.has(normalizeHostname(a)));
        const dropsTemporary = step.remove.some((a) => added.has(normalizeHostname(a)));
        if ((readds || dropsTemporary) && dependsOn(step, started.id)) addWithDependencies(step.id);
      }
    } else if (started.kind === 'set-enabled' && !started.enabled) {
      for (const step of steps) {
        if (step.kind !== 'set-enabled' || !step.enabled || step.distribution !== started.distribution || done.has(step.id)) continue;
        if (dependsOn(step, started.id)) addWithDependencies(step.id);
      }
    } else if (started.kind === 'move-alias') {
      const name = recordName(started.alias);
      for (const step of steps) {
        if (step.kind !== 'change-dns' || done.has(step.id)) continue;
        if (step.changes.some((c) => recordName(c.record.name) === name) && dependsOn(step, started.id)) addWithDependencies(step.id);
      }
    }
  }
  return required;
}
