/**
 * What a finished run reports (`ApplyResult`), read from the step graph and the rollback
 * controller once every started step has settled.
 */
import { AbortedError, StalePlanError } from '../errors.js';
import type { ApplyMetrics, ApplyResult, ApplyStatus, StepFailure } from './events.js';
import type { RollbackController } from './rollback-controller.js';
import type { StepGraph } from './step-graph.js';
import type { UnsettledAlias } from './unsettled.js';

export interface RunFacts {
  readonly graph: StepGraph;
  readonly rollbacks: RollbackController;
  readonly aborted: boolean;
  readonly drained: boolean;
  /** The window held back a step at least once. */
  readonly windowHeld: boolean;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly metrics: ApplyMetrics;
  readonly runId: string | undefined;
  readonly resumed: boolean;
  readonly unsettled: readonly UnsettledAlias[];
}

/**
 * Status, most serious first: a rollback that failed → `failed`, or `stale` when every failure of
 * it is a precondition the world no longer meets (another writer took the alias); a forward failure
 * → `stale` (StalePlanError) or `failed` (a trigger whose rollback ran does not count, nor a step
 * whose failure blocked such a trigger: the recipe speaks for them); abort → `aborted`; a rollback
 * that ran → `rolled-back`, or `stale` when its trigger failed stale (the rollback is reported
 * beside it); steps held by the window → `window-closed`; drained → `interrupted`.
 */
export function runResult(facts: RunFacts): ApplyResult {
  const { graph, rollbacks } = facts;
  const failed: StepFailure[] = [...graph.failures.entries()]
    .sort(([a], [b]) => a - b)
    .map(([i, error]) => ({ stepId: graph.steps[i]!.id, error }));
  const notStarted = graph.steps.filter((_, i) => graph.state[i] === 'pending' || graph.state[i] === 'abandoned').map((s) => s.id);
  const handled = rollbacks.handledSteps();
  const forwardFailures = [...graph.failures.entries()]
    .filter(([i, error]) => !handled.has(i) && !(facts.aborted && error instanceof AbortedError))
    .map(([, error]) => error);
  const recipes = rollbacks.outcome();
  const stale = (i: number): boolean => graph.failures.get(i) instanceof StalePlanError;
  let status: ApplyStatus = 'succeeded';
  if (recipes.failed > 0) status = recipes.failedSteps.every(stale) ? 'stale' : 'failed';
  else if (forwardFailures.some((e) => e instanceof StalePlanError)) status = 'stale';
  else if (forwardFailures.length > 0) status = 'failed';
  else if (facts.aborted && (failed.length > 0 || notStarted.length > 0)) status = 'aborted';
  else if (recipes.active > 0 && recipes.done < recipes.active) status = 'aborted';
  else if (recipes.active > 0) status = recipes.triggers.some(stale) ? 'stale' : 'rolled-back';
  else if (facts.windowHeld && notStarted.length > 0) status = 'window-closed';
  else if (facts.drained && notStarted.length > 0) status = 'interrupted';
  const reports = rollbacks.reports();
  return {
    status,
    completed: graph.idsIn('completed'),
    skipped: graph.idsIn('skipped'),
    failed,
    notStarted,
    startedAt: facts.startedAt,
    finishedAt: facts.finishedAt,
    metrics: facts.metrics,
    ...(facts.runId !== undefined && { runId: facts.runId }),
    ...(facts.resumed && { alreadyDone: graph.idsIn('journaled') }),
    ...(reports.length > 0 && { rollbacks: reports }),
    ...(facts.unsettled.length > 0 && { unsettled: facts.unsettled }),
  };
}
