/**
 * Rollback on the executor's side: which plan recipes are well-formed and which failures start
 * one. The recipes themselves are computed at plan time (`RollbackRecipe` in plan.ts,
 * rollback-recipes.ts); the executor runs their steps with the same DAG walker and guards as
 * forward steps (rollback-controller.ts, step-runner.ts).
 */
import { AbortedError, ChangeAlreadyMadeError, JournalError, PlanFileError } from '../errors.js';
import { normalizeHostname } from '../hostnames.js';
import type { Plan, PlanStep, RollbackRecipe } from '../plan/plan.js';

/** What a failed rollback trigger does: run its recipe, or stop (its aliases stay on no distribution). */
export type OnFailure = 'rollback' | 'stop';

export const DEFAULT_ON_FAILURE: OnFailure = 'rollback';

/**
 * Refuses recipes the executor cannot run safely (PlanFileError 'malformed'): a trigger that is not
 * a forward `update-aliases` step or a forward re-enable (`set-enabled`, enabled true), two recipes for one trigger, a step id used twice in the plan or
 * its recipes, a recipe step depending on a step outside its recipe, a forward step depending on a
 * recipe step, a recipe `wait-dns` not depending on its recipe's `change-dns`. Cycles are checked
 * by the caller over all steps at once.
 */
export function checkRollbackRecipes(plan: Plan): void {
  const recipes = plan.rollbacks ?? [];
  const forward = new Map(plan.steps.map((s) => [s.id, s] as const));
  const scopeOf = new Map<string, number>();
  const triggers = new Set<string>();
  recipes.forEach((recipe, r) => {
    const trigger = forward.get(recipe.trigger);
    if (trigger?.kind !== 'update-aliases' && !(trigger?.kind === 'set-enabled' && trigger.enabled)) {
      throw new PlanFileError(
        'malformed',
        `rollback trigger "${recipe.trigger}" is not an update-aliases step or a re-enable (set-enabled) step of the plan`,
      );
    }
    if (triggers.has(recipe.trigger)) throw new PlanFileError('malformed', `step "${recipe.trigger}" has two rollback recipes`);
    triggers.add(recipe.trigger);
    for (const step of recipe.steps) {
      if (forward.has(step.id) || scopeOf.has(step.id)) throw new PlanFileError('malformed', `step id "${step.id}" appears twice`);
      scopeOf.set(step.id, r);
    }
  });
  for (const step of plan.steps) {
    const dep = step.dependsOn.find((d) => scopeOf.has(d));
    if (dep !== undefined) throw new PlanFileError('malformed', `step "${step.id}" depends on rollback step "${dep}"`);
  }
  recipes.forEach((recipe, r) => {
    const inRecipe = new Map(recipe.steps.map((s) => [s.id, s] as const));
    for (const step of recipe.steps) {
      for (const dep of step.dependsOn) {
        if (scopeOf.get(dep) !== r) {
          throw new PlanFileError('malformed', `rollback step "${step.id}" depends on "${dep}", which is not a step of its recipe`);
        }
      }
      if (step.kind === 'wait-dns') {
        const change = inRecipe.get(step.changeStep);
        if (change?.kind !== 'change-dns' || !step.dependsOn.includes(step.changeStep)) {
          throw new PlanFileError(
            'malformed',
            `step "${step.id}" must wait for a change-dns step it depends on ("${step.changeStep}" is not one)`,
          );
        }
      }
    }
  });
}

/** The plan's steps followed by every recipe's steps: one graph for the executor's walker. */
export function stepsWithRollbacks(plan: Plan): PlanStep[] {
  return [...plan.steps, ...(plan.rollbacks ?? []).flatMap((r) => r.steps)];
}

/**
 * Does this failure of a trigger start its recipe? Every failure does (rejected for good, retries
 * used up, stale), except an abort (the second signal: nothing may start; resume decides), a
 * journal that refused an entry (the step did not run, and nothing more can be journaled), and a
 * change found already made (its aliases are where the plan sends them: nothing to put back).
 */
export function failureStartsRollback(error: Error): boolean {
  return !(error instanceof AbortedError) && !(error instanceof JournalError) && !(error instanceof ChangeAlreadyMadeError);
}

/**
 * Alias → the forward target its trigger failed to reach, over every recipe: an `absent-present`
 * re-add checks the alias is not there (the trigger's write may have landed after all).
 */
export function forwardTargetsOf(recipes: readonly RollbackRecipe[]): Map<string, string> {
  const targets = new Map<string, string>();
  for (const recipe of recipes) for (const a of recipe.aliases) targets.set(normalizeHostname(a.alias), a.target);
  return targets;
}
