/** Rollback recipes (`plan.rollbacks`) in words, shared by the plan and apply renderers. */
import type { Plan, RollbackAlias, RollbackRecipe } from '@cfalias/core';
import type { Labeler } from './steps.js';

/**
 * `api.example.com, shop.example.com back on E1BLUE (blue)`; one clause per source, `; ` between.
 * No aliases: a recipe that re-enables a source a disable-and-move disabled.
 */
export function describeReturn(aliases: readonly RollbackAlias[], label: Labeler): string {
  if (aliases.length === 0) return 'the disabled source enabled again';
  const bySource = new Map<string, string[]>();
  for (const a of aliases) bySource.set(a.source, [...(bySource.get(a.source) ?? []), a.alias]);
  return [...bySource].map(([source, names]) => `${names.join(', ')} back on ${label(source)}`).join('; ');
}

/** What a recipe does: the aliases it returns (`describeReturn`), or the sources it re-enables (`re-enable E1OLD (old)`). */
export function describeRecipe(recipe: Pick<RollbackRecipe, 'aliases' | 'steps'>, label: Labeler): string {
  if (recipe.aliases.length > 0) return describeReturn(recipe.aliases, label);
  const enabled = recipe.steps.flatMap((s) => (s.kind === 'set-enabled' && s.enabled ? [label(s.distribution)] : []));
  return `re-enable ${enabled.join(', ')}`;
}

/** The aliases' names, comma-separated. */
export function aliasNames(aliases: readonly RollbackAlias[]): string {
  return aliases.map((a) => a.alias).join(', ');
}

/** Rollback step id → the id of the trigger whose recipe holds it. */
export function rollbackStepTriggers(plan: Pick<Plan, 'rollbacks'>): Map<string, string> {
  const triggers = new Map<string, string>();
  for (const recipe of plan.rollbacks ?? []) for (const step of recipe.steps) triggers.set(step.id, recipe.trigger);
  return triggers;
}
