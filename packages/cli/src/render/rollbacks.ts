/** Rollback recipes (`plan.rollbacks`) in words, shared by the plan and apply renderers. */
import type { Plan, RollbackAlias } from '@cfalias/core';
import type { Labeler } from './steps.js';

/** `api.example.com, shop.example.com back on E1BLUE (blue)`; one clause per source, `; ` between. */
export function describeReturn(aliases: readonly RollbackAlias[], label: Labeler): string {
  const bySource = new Map<string, string[]>();
  for (const a of aliases) bySource.set(a.source, [...(bySource.get(a.source) ?? []), a.alias]);
  return [...bySource].map(([source, names]) => `${names.join(', ')} back on ${label(source)}`).join('; ');
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
