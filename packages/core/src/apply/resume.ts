/**
 * Resuming an interrupted apply from its journal. `reconcileJournal` is pure: it reads what the
 * journal says happened. `resumeApply` runs the journal's plan again through the executor, with the
 * steps the journal records done treated as done. Every other step (in flight at the crash, failed,
 * or never started) runs with the executor's normal guards against live state: its postcondition
 * holds → done (skipped, nothing written), its precondition holds → it runs, anything else → stop
 * with expected vs found (StalePlanError, status `stale`). Nothing is re-decided.
 *
 * Rollbacks: once the journal has a `rollback-start` for a trigger, that trigger is never run again
 * (the cutover of its aliases was abandoned; re-plan to try again): resume continues its recipe
 * (steps done are not repeated, a failed one runs again with its guards, e.g. after the writer
 * that took the alias let it go). A trigger that failed under `onFailure: 'stop'` has no
 * `rollback-start`: resume runs it again, and if it fails again, the rollback starts then.
 */
import { JournalError, PlanFileError, StalePlanError } from '../errors.js';
import type { ApplyResult, ApplyStatus, RollbackReport } from './events.js';
import { applyFrom, type ApplyOptions } from './executor.js';
import type { ApplyStartEntry, JournalEntry } from './journal.js';
import type { Plan, PlanStep, RollbackRecipe } from '../plan/plan.js';
import { readPlanDocument } from '../plan/plan-document.js';
import { systemClock } from '../clock.js';
import { assertNever } from '../assert-never.js';

export interface JournalState {
  readonly runId: string;
  /** Who started the run (from `apply-start`). */
  readonly holder: string;
  /** The plan of `apply-start`, digest verified. */
  readonly plan: Plan;
  /**
   * Step ids with an outcome `completed` or `skipped`, in plan order (forward steps, then rollback
   * steps). Not run again on resume. The lists below cover rollback steps too, but `notStarted`
   * only those of recipes that started.
   */
  readonly completed: readonly string[];
  /** Step ids whose last entry is an intent: the call may or may not have happened. */
  readonly inFlight: readonly string[];
  /** Step ids whose last outcome is `failed` (and not done since). */
  readonly failed: readonly string[];
  /** Step ids the journal never mentions. */
  readonly notStarted: readonly string[];
  /** Route 53 change ids of completed `change-dns` steps, by step id. */
  readonly dnsChanges: Readonly<Record<string, string>>;
  /** Rollbacks started, in journal order: `started` (no `rollback-end` yet), `done` or `failed`. */
  readonly rollbacks: readonly { readonly trigger: string; readonly status: 'started' | 'done' | 'failed' }[];
  /** Status of the last `apply-end` of the last segment; null when the last segment did not end (a crash). */
  readonly lastStatus: ApplyStatus | null;
  /** The last segment ended `succeeded` or `rolled-back`: resuming does nothing. */
  readonly finished: boolean;
}

/**
 * What the journal says happened. Expects the entries of `parseJournal` (a torn last line already
 * dropped); throws JournalError('malformed') when they do not start with `apply-start` or name a
 * step the plan does not have, and PlanFileError when the plan fails its digest check.
 */
export function reconcileJournal(entries: readonly JournalEntry[]): JournalState {
  const start = entries[0];
  if (start?.type !== 'apply-start') {
    throw new JournalError('malformed', 'the journal does not start with an apply-start entry: there is no plan to resume');
  }
  const plan = verifiedPlan(start);
  const recipes = plan.rollbacks ?? [];
  const allSteps = [...plan.steps, ...recipes.flatMap((r) => r.steps)];
  const ids = new Set(allSteps.map((s) => s.id));
  const rollbacks = new Map<string, 'started' | 'done' | 'failed'>();
  const done = new Set<string>();
  const last = new Map<string, 'intent' | 'failed'>();
  const dnsChanges: Record<string, string> = {};
  let lastStatus: ApplyStatus | null = null;

  for (const entry of entries.slice(1)) {
    if (entry.runId !== start.runId) {
      throw new JournalError('other-run', `the journal of run "${start.runId}" holds an entry of run "${entry.runId}"`);
    }
    switch (entry.type) {
      case 'apply-start':
        throw new JournalError('malformed', 'the journal holds a second apply-start entry');
      case 'resume':
        lastStatus = null;
        break;
      case 'apply-end':
        lastStatus = entry.status;
        break;
      case 'intent':
        knownStep(ids, entry.stepId);
        last.set(entry.stepId, 'intent');
        break;
      case 'outcome':
        knownStep(ids, entry.stepId);
        if (entry.status === 'failed') {
          last.set(entry.stepId, 'failed');
        } else {
          done.add(entry.stepId);
          last.delete(entry.stepId);
          if (entry.changeId !== undefined) dnsChanges[entry.stepId] = entry.changeId;
        }
        break;
      case 'retry':
        knownStep(ids, entry.stepId);
        break;
      case 'interrupt':
        break;
      case 'rollback-start':
        knownTrigger(recipes, entry.trigger);
        rollbacks.set(entry.trigger, 'started');
        break;
      case 'rollback-end':
        knownTrigger(recipes, entry.trigger);
        rollbacks.set(entry.trigger, entry.status);
        break;
      default: {
        const unknown: never = entry;
        throw new JournalError('malformed', `unknown journal entry type "${String((unknown as { type?: unknown }).type)}"`);
      }
    }
  }

  const inPlanOrder = (keep: (id: string) => boolean): string[] => allSteps.map((s) => s.id).filter(keep);
  const dormant = new Set(recipes.filter((r) => !rollbacks.has(r.trigger)).flatMap((r) => r.steps.map((s) => s.id)));
  return {
    runId: start.runId,
    holder: start.holder,
    plan,
    completed: inPlanOrder((id) => done.has(id)),
    inFlight: inPlanOrder((id) => !done.has(id) && last.get(id) === 'intent'),
    failed: inPlanOrder((id) => !done.has(id) && last.get(id) === 'failed'),
    notStarted: inPlanOrder((id) => !done.has(id) && !last.has(id) && !dormant.has(id)),
    dnsChanges,
    rollbacks: [...rollbacks].map(([trigger, status]) => ({ trigger, status })),
    lastStatus,
    finished: lastStatus === 'succeeded' || lastStatus === 'rolled-back',
  };
}

/**
 * Continues the journal's run: appends a `resume` entry and then intent/outcome entries to
 * `options.journal` (the same journal, normally) under the journal's run id. A finished journal
 * (last segment `succeeded` or `rolled-back`) does nothing: no provider call, no entry; the result
 * has the last segment's status and lists every done step as `alreadyDone`. `options.runId`, when
 * given, must be the journal's. The window (`options.window`, default the plan's) applies as in
 * `applyPlan`, except that a started move or rollback is finished even outside it.
 */
export async function resumeApply(journal: readonly JournalEntry[], options: ApplyOptions): Promise<ApplyResult> {
  const state = reconcileJournal(journal);
  if (options.runId !== undefined && options.runId !== state.runId) {
    throw new JournalError('other-run', `the journal is of run "${state.runId}", not "${options.runId}"`);
  }
  if (state.finished) {
    const now = (options.clock ?? systemClock).now();
    const rollbacks: RollbackReport[] = state.rollbacks.map((r) => ({
      trigger: r.trigger,
      aliases: state.plan.rollbacks?.find((recipe) => recipe.trigger === r.trigger)?.aliases ?? [],
      status: r.status === 'started' ? 'incomplete' : r.status,
    }));
    return {
      status: state.lastStatus ?? 'succeeded',
      completed: [],
      skipped: [],
      failed: [],
      notStarted: [],
      startedAt: now,
      finishedAt: now,
      metrics: { retries: {}, stepDurationsMs: {} },
      runId: state.runId,
      alreadyDone: state.completed,
      ...(rollbacks.length > 0 && { rollbacks }),
    };
  }
  return applyFrom(
    state.plan,
    { ...options, runId: state.runId },
    {
      resumed: true,
      done: new Set(state.completed),
      started: new Set([...state.inFlight, ...state.failed]),
      dnsChanges: new Map(Object.entries(state.dnsChanges)),
      rollbacks: new Map(state.rollbacks.map((r) => [r.trigger, r.status])),
      staleFailures: staleRefusals(journal, state),
    },
  );
}

/**
 * Forward steps whose last outcome in the journal is a stale refusal, with that refusal rebuilt
 * (message and expected vs found as recorded), for the executor's `RunStart.staleFailures`.
 */
function staleRefusals(journal: readonly JournalEntry[], state: JournalState): Map<string, StalePlanError> {
  const steps = new Map(state.plan.steps.map((s) => [s.id, s]));
  const refusals = new Map<string, StalePlanError>();
  for (const entry of journal) {
    if (entry.type !== 'outcome' || !steps.has(entry.stepId)) continue;
    const { error, mismatches } = entry;
    if (entry.status === 'failed' && error && STALE_ERRORS.has(error.name)) {
      refusals.set(entry.stepId, new StalePlanError(entry.stepId, stepResource(steps.get(entry.stepId)!), mismatches ?? [], error.message));
    } else {
      refusals.delete(entry.stepId);
    }
  }
  for (const id of state.completed) refusals.delete(id);
  return refusals;
}

const STALE_ERRORS: ReadonlySet<string> = new Set(['StalePlanError', 'ChangeAlreadyMadeError']);

/** What a step's stale refusal is about: its distribution, its alias (a move), its hosted zone. */
function stepResource(step: PlanStep): string {
  switch (step.kind) {
    case 'update-aliases':
    case 'set-enabled':
    case 'wait-deployed':
    case 'verify':
      return step.distribution;
    case 'move-alias':
      return step.alias;
    case 'change-dns':
    case 'wait-dns':
      return step.zoneId;
    default:
      return assertNever(step, 'step kind');
  }
}

function verifiedPlan(start: ApplyStartEntry): Plan {
  try {
    return readPlanDocument(JSON.stringify(start.plan));
  } catch (error) {
    if (error instanceof PlanFileError) {
      throw new PlanFileError(error.reason, `the journal's plan cannot be resumed: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function knownTrigger(recipes: readonly RollbackRecipe[], trigger: string): void {
  if (!recipes.some((r) => r.trigger === trigger)) {
    throw new JournalError('malformed', `the journal rolls back step "${trigger}", which has no rollback recipe in its plan`);
  }
}

function knownStep(ids: ReadonlySet<string>, stepId: string): void {
  if (!ids.has(stepId)) throw new JournalError('malformed', `the journal names step "${stepId}", which is not in its plan`);
}
