/**
 * A rollback's re-add: an `absent-present` update (plan.ts `PreconditionMode`) that puts aliases
 * back on the source they left. The aliases it adds must be held by no distribution: the forward
 * targets their trigger failed to reach are read first (its write may have landed after all), the
 * distribution being updated is checked by the guard, and any other holder shows up as
 * `CNAMEAlreadyExists` on the write. Never retried.
 *
 * An alias another writer holds now is no longer ours to put back: the step fails stale, naming the
 * holder. The others are still put back first, in a second write without the taken ones: a rollback
 * is damage control, and aliases must not stay on no distribution because one of their batch was
 * taken. That second write is the one place apply writes less than a step says, on purpose.
 */
import { AliasConflictError, ResourceNotFoundError, StalePlanError, type StateMismatch } from '../errors.js';
import { normalizeHostname } from '../hostnames.js';
import type { AliasHolder, UpdateAliasesStep } from '../plan/plan.js';
import type { LiveDistribution, UpdateDecision } from '../ports.js';
import { holderWords, onDistribution, tryReadAliasHolders } from './alias-holders.js';
import { aliasEditInEffect, presenceMismatches } from './conditions.js';
import { ALREADY_DONE, callOptions, DONE, type StepContext, type StepOutcome } from './step-context.js';

/**
 * The guard of an `absent-present` step: skip when its edit is in effect; write when every alias
 * it removes is on the distribution, none it adds is held by a distribution in `heldElsewhere`
 * (alias → holder, read just before), and `enabled`/`certificateArn` match; the rest of the alias
 * set is not compared (other branches of the plan may or may not have run).
 */
export function absentPresentGuard(
  step: UpdateAliasesStep,
  heldElsewhere: ReadonlyMap<string, string>,
): (live: LiveDistribution) => UpdateDecision {
  return (live) => {
    if (aliasEditInEffect(live.aliases, step)) return 'skip';
    const mismatches = presenceMismatches(step.precondition, step, live, heldElsewhere);
    if (mismatches.length === 0) return 'apply';
    throw new StalePlanError(step.id, step.distribution, mismatches);
  };
}

export async function updateAbsentPresent(step: UpdateAliasesStep, context: StepContext): Promise<StepOutcome> {
  const added = new Set(step.add.map((a) => normalizeHostname(a)));
  const onTargets = await heldOnForwardTargets(step, added, context);
  if (onTargets.size > 0) {
    const holders = new Map([...onTargets].map(([alias, id]) => [alias, { distribution: id, account: '' }] as const));
    return putBackTheRest(step, holders, context, undefined);
  }
  try {
    return await reAdd(step, step.add, context);
  } catch (error) {
    if (!(error instanceof AliasConflictError)) throw error;
    const holders = await tryReadAliasHolders(context.provider, step.add, step.distribution, callOptions(context));
    const taken = new Map([...(holders ?? [])].filter(([alias, holder]) => added.has(alias) && holder.distribution !== step.distribution));
    if (taken.size === 0) throw holderUnknown(step, added, error);
    return putBackTheRest(step, taken, context, error);
  }
}

/** Aliases of the step found on the forward targets their trigger failed to reach (alias → target); a target that is gone holds none. */
async function heldOnForwardTargets(
  step: UpdateAliasesStep,
  added: ReadonlySet<string>,
  context: StepContext,
): Promise<Map<string, string>> {
  const targets = [...new Set([...added].flatMap((a) => context.forwardTargets?.get(a) ?? []))]
    .filter((id) => id !== step.distribution)
    .sort();
  const held = new Map<string, string>();
  for (const target of targets) {
    let live;
    try {
      live = await context.view.freshDistribution(target);
    } catch (error) {
      // A target that is gone (deleted since) holds nothing: the aliases can still go back.
      if (error instanceof ResourceNotFoundError) continue;
      throw error;
    }
    for (const alias of live.aliases) if (added.has(normalizeHostname(alias))) held.set(normalizeHostname(alias), target);
  }
  return held;
}

async function reAdd(step: UpdateAliasesStep, add: readonly string[], context: StepContext): Promise<StepOutcome> {
  const reduced: UpdateAliasesStep = add.length === step.add.length ? step : { ...step, add };
  const edit = { remove: step.remove, add };
  try {
    const decision = await context.provider.updateAliases(
      step.distribution,
      edit,
      absentPresentGuard(reduced, new Map()),
      callOptions(context),
    );
    if (decision === 'skip') return ALREADY_DONE;
    context.view.noteAliasEdit(step.distribution, edit);
    return DONE;
  } catch (error) {
    context.view.forgetDistribution(step.distribution, error);
    throw error;
  }
}

/** Puts back the aliases nobody else holds, then fails stale naming those that are held. */
async function putBackTheRest(
  step: UpdateAliasesStep,
  taken: ReadonlyMap<string, AliasHolder>,
  context: StepContext,
  cause: Error | undefined,
): Promise<never> {
  const rest = step.add.filter((a) => !taken.has(normalizeHostname(a)));
  let putBack = false;
  if (rest.length > 0) {
    try {
      await reAdd(step, rest, context);
      putBack = true;
    } catch {
      // The others could not be put back either: the step's failure below says what is held.
    }
  }
  const sorted = [...taken].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const mismatches: StateMismatch[] = sorted.map(([alias, holder]) => ({
    field: `holder of ${alias}`,
    expected: onDistribution(null),
    found: holder.account === '' ? `on distribution ${holder.distribution}` : holderWords(holder),
  }));
  const named = sorted.map(([alias], i) => `${alias} is ${String(mismatches[i]!.found)}`).join('; ');
  throw new StalePlanError(
    step.id,
    step.distribution,
    mismatches,
    `step ${step.id}: cannot put ${sorted.map(([a]) => a).join(', ')} back on ${step.distribution}: ${named}${putBack ? `; put ${rest.join(', ')} back` : ''}`,
    cause ? { cause } : undefined,
  );
}

function holderUnknown(step: UpdateAliasesStep, added: ReadonlySet<string>, error: AliasConflictError): StalePlanError {
  const alias = error.alias || [...added].join(', ');
  return new StalePlanError(
    step.id,
    step.distribution,
    [
      {
        field: `holder of ${alias}`,
        expected: onDistribution(null),
        found: 'unknown (another account, or DNS pointing at another distribution)',
      },
    ],
    `step ${step.id}: cannot put ${[...added].join(', ')} back on ${step.distribution} (CNAMEAlreadyExists): ${alias} is held elsewhere or its DNS points at another distribution (the holder is not visible to this account)`,
    { cause: error },
  );
}
