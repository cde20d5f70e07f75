/**
 * The `set-enabled` step: one read-modify-write of a distribution's enabled flag, guarded like an
 * alias update (the precondition on the provider's fresh read: the aliases the plan changes, the
 * enabled flag and the certificate). A disable takes every alias of the distribution offline until
 * the re-enable the plan pairs with it is Deployed; the planner plans one only for a distribution
 * the desired file allows (`allowDisableSource`).
 */
import { ChangeAlreadyMadeError, RequestRejectedError, StalePlanError } from '../errors.js';
import type { SetEnabledStep } from '../plan/plan.js';
import type { LiveDistribution, UpdateDecision } from '../ports.js';
import { distributionMismatches } from './conditions.js';
import { ALREADY_DONE, callOptions, DONE, type AttemptFacts, type StepContext, type StepOutcome } from './step-context.js';

/**
 * Write when the precondition holds; when the flag is already what the step sets (and the rest of
 * the precondition holds), skip if the step may find itself done, else refuse (another writer
 * changed it since the plan); anything else, refuse.
 */
export function setEnabledGuard(
  step: SetEnabledStep,
  options: { readonly managed?: ReadonlySet<string>; readonly mayFindDone: boolean },
): (live: LiveDistribution) => UpdateDecision {
  // `flag` (a rollback re-enable): only the enabled flag and the certificate count.
  const managed = step.precondition.mode === 'flag' ? new Set<string>() : options.managed;
  return (live) => {
    const mismatches = distributionMismatches(step.precondition, live, managed);
    if (mismatches.length === 0) return 'apply';
    const inEffect = live.enabled === step.enabled && mismatches.every((m) => m.field === 'enabled');
    // A rollback re-enable cannot know whether the forward one landed: finding it done is done.
    if (inEffect && (options.mayFindDone || step.precondition.mode === 'flag')) return 'skip';
    if (inEffect) {
      throw new ChangeAlreadyMadeError(
        step.id,
        step.distribution,
        mismatches,
        `step ${step.id}: ${step.distribution} is ${step.enabled ? 'enabled' : 'disabled'} already, by another writer since the plan`,
      );
    }
    throw new StalePlanError(step.id, step.distribution, mismatches);
  };
}

export async function setEnabled(step: SetEnabledStep, context: StepContext, facts: AttemptFacts): Promise<StepOutcome> {
  const { provider, view, managed } = context;
  if (!provider.setEnabled) {
    throw new RequestRejectedError(
      'UpdateDistribution',
      'SetEnabledUnsupported',
      `step ${step.id}: this provider cannot ${step.enabled ? 'enable' : 'disable'} a distribution (it has no setEnabled); apply this plan with a provider that can, or plan the move another way`,
    );
  }
  const guard = setEnabledGuard(step, { ...(managed && { managed }), mayFindDone: facts.mayFindDone });
  try {
    const decision = await provider.setEnabled(step.distribution, step.enabled, guard, callOptions(context));
    if (decision === 'skip') return ALREADY_DONE;
  } catch (error) {
    view.forgetDistribution(step.distribution, error);
    throw error;
  }
  view.noteEnabled(step.distribution, step.enabled);
  return DONE;
}
