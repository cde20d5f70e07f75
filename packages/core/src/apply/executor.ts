/**
 * `applyPlan`: runs exactly the reviewed steps of a plan, in dependency order, with bounded
 * parallelism, retries with backoff, and a full account of what happened. It never re-diffs: each
 * step re-checks its own precondition against live state (step-runner.ts) and stops stale when it
 * does not hold. The run itself is apply-run.ts (walk, interrupts, retries), with the rollback
 * controller, the window gate and the journal recorder beside it.
 *
 * Pacing: every mutating provider call of a run takes a token from one adaptive rate limiter
 * (mutation-pacing.ts, the AWS SDK's adaptive retry algorithm on the run's clock), which slows the
 * whole run down to what the account accepts after a Throttling answer. This holds on every
 * provider, also one that retries throttling itself (the AWS SDK path): there the limiter only
 * sees what the SDK's retries could not absorb.
 *
 * Failure semantics: a failed step's transitive dependents are not started; independent branches
 * run to completion, so the account is left in a state the plan describes (never an alias on no
 * distribution because an unrelated branch was cut short).
 *
 * Journal: with `journal`, every attempt's intent is appended before the step runs and its outcome
 * after it settles (journal.ts). A refused append stops the apply like an abort; a step whose
 * intent could not be recorded is not run. `resumeApply` (resume.ts) continues from a journal.
 */
import { systemClock, type Clock } from '../clock.js';
import type { MaintenanceWindow } from '../desired/desired.js';
import { OutsideWindowError, PlanBlockedError, PlanFileError, type StalePlanError } from '../errors.js';
import { hasErrors } from '../plan/diagnostics.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanStep } from '../plan/plan.js';
import type { CutoverProvider } from '../ports.js';
import { ApplyRun } from './apply-run.js';
import { basisIsEmpty, checkBasis } from './basis-check.js';
import { stepsFinishingStartedMoves } from './drain.js';
import type { ApplyEventListener, ApplyResult } from './events.js';
import { isValidRunId, type JournalSink } from './journal.js';
import { resolveRetryPolicy, type RetryPolicy } from './retry.js';
import { checkRollbackRecipes, stepsWithRollbacks, type OnFailure } from './rollback.js';
import { dependencyGraph } from './step-graph.js';
import { insideWindow, windowBounds } from './window-gate.js';

export interface ApplyOptions {
  readonly provider: CutoverProvider;
  /** Default: systemClock. Backoff sleeps and step durations use it. */
  readonly clock?: Clock;
  /** Most steps in flight at once. Default 8. */
  readonly concurrency?: number;
  /**
   * The second interrupt: stop at once. No step starts once aborted, and it is passed to provider
   * calls so in-flight steps stop too (they fail with AbortedError; the journal stays consistent).
   */
  readonly signal?: AbortSignal;
  /**
   * The first interrupt: drain. No new step starts except those finishing a move already started
   * (no alias left on no distribution); in-flight steps finish. Status `interrupted` when steps remain.
   */
  readonly drain?: AbortSignal;
  /** Write-ahead journal: intent before and outcome after every step attempt. */
  readonly journal?: JournalSink;
  /** The run id the journal records. Default: `newRunId(clock.now())`. Ignored by resume (the journal's). */
  readonly runId?: string;
  /** Who applies, for the journal (`alice@build-7 pid 4242`). Default `cfalias`. */
  readonly holder?: string;
  /** Progress hook. Exceptions it throws are ignored: a renderer must not break an apply. */
  readonly onEvent?: ApplyEventListener;
  /**
   * Default DEFAULT_RETRY_POLICY (6 attempts, 1 s base, 30 s cap; Throttling answers retried up to
   * 50 times more without using up the 6).
   */
  readonly retry?: Partial<RetryPolicy>;
  /** Jitter source in [0, 1). Default Math.random; tests inject a fixed one. */
  readonly random?: () => number;
  /**
   * When a step that triggers a rollback recipe fails: `rollback` (default) runs the recipe;
   * `stop` runs nothing more for those aliases (they stay on no distribution until `resume`, after
   * the cause is fixed, adds them to their targets). Other failures are not affected.
   */
  readonly onFailure?: OnFailure;
  /**
   * The maintenance window (UTC, ISO 8601). Default `plan.window`; `null`: no window, even when the
   * plan has one (the switch for an operator who knows better, e.g. a resume after the window).
   */
  readonly window?: MaintenanceWindow | null;
}

export const DEFAULT_CONCURRENCY = 8;

/**
 * Refuses a plan that must not be applied: an unknown format version (PlanFileError
 * 'unsupported-version'), error diagnostics (PlanBlockedError), or a step graph that cannot be run
 * (PlanFileError 'malformed': duplicate ids, unknown or cyclic dependencies, a `wait-dns` not
 * depending on its `change-dns`). The digest is not checked here: `readPlanDocument` checks it
 * where a plan comes in from a file; an in-memory Plan is trusted.
 */
export function checkPlanApplicable(plan: Plan): void {
  // Read as unknown: an in-memory plan may come from an older or newer build, whatever its type says.
  const formatVersion: unknown = plan.formatVersion;
  if (formatVersion !== PLAN_FORMAT_VERSION) {
    throw new PlanFileError(
      'unsupported-version',
      `plan formatVersion ${String(formatVersion)} is not supported (this cfalias applies version ${PLAN_FORMAT_VERSION})`,
    );
  }
  if (hasErrors(plan.diagnostics)) {
    throw new PlanBlockedError(plan.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code));
  }
  const byId = new Map<string, PlanStep>();
  for (const step of plan.steps) {
    if (byId.has(step.id)) throw new PlanFileError('malformed', `step id "${step.id}" appears twice`);
    byId.set(step.id, step);
  }
  checkRollbackRecipes(plan);
  for (const step of plan.steps) {
    for (const dep of step.dependsOn) {
      if (!byId.has(dep)) throw new PlanFileError('malformed', `step "${step.id}" depends on unknown step "${dep}"`);
    }
    if (step.kind === 'wait-dns') {
      const change = byId.get(step.changeStep);
      if (change?.kind !== 'change-dns' || !step.dependsOn.includes(step.changeStep)) {
        throw new PlanFileError(
          'malformed',
          `step "${step.id}" must wait for a change-dns step it depends on ("${step.changeStep}" is not one)`,
        );
      }
    }
  }
  const all = stepsWithRollbacks(plan);
  const { order } = dependencyGraph(all);
  if (order.length < all.length) {
    const ordered = new Set(order);
    const stuck = all.filter((_, i) => !ordered.has(i)).map((s) => s.id);
    throw new PlanFileError('malformed', `the step dependencies form a cycle (among ${stuck.slice(0, 5).join(', ')})`);
  }
}

/**
 * Applies the plan's steps against `options.provider` and reports what happened. Resolves (never
 * rejects) once every started step has settled, except when the plan is refused up front, before
 * any write: by `checkPlanApplicable`, outside its window (OutsideWindowError), or because the live
 * state it was made from has changed (StaleBasisError, listing every difference; PlanFileError
 * 'other-environment'; AccountMismatchError; or the provider's error when it cannot be read). A
 * plan with no steps (nothing to change) succeeds with nothing done.
 */
export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  return applyFrom(plan, options, FRESH_START);
}

/** Where a run starts: from scratch, or (resume) with steps the journal recorded done. */
export interface RunStart {
  readonly resumed: boolean;
  /** Step ids already done (journal outcome completed or skipped): not run again. */
  readonly done: ReadonlySet<string>;
  /** Route 53 change ids of done `change-dns` steps, by step id, for their `wait-dns`. */
  readonly dnsChanges: ReadonlyMap<string, string>;
  /**
   * Step ids the journal shows started and not done (in flight at the crash, or failed): their
   * effect may be in place already, and finding it so counts as done. Any other step finding its
   * effect in place means another writer made the change (stale).
   */
  readonly started?: ReadonlySet<string>;
  /**
   * Rollbacks an earlier segment started, by trigger id, with how far the journal says they got.
   * Their triggers are not run again; `started`/`failed` recipes continue, `done` ones are reported.
   */
  readonly rollbacks?: ReadonlyMap<string, 'started' | 'done' | 'failed'>;
  /**
   * Forward steps whose last journal outcome is a stale refusal (expected vs found), by step id.
   * Such a step that a rolled-back trigger depends on is not run again (rollback-controller.ts
   * `resume`), but its refusal still stands: it is this run's failure too, so the run stays
   * `stale` (exit 4, the same expected vs found) instead of claiming a clean rollback.
   */
  readonly staleFailures?: ReadonlyMap<string, StalePlanError>;
}

const FRESH_START: RunStart = { resumed: false, done: new Set(), dnsChanges: new Map() };

/**
 * The engine behind `applyPlan` and `resumeApply` (call those). Refuses up front (rejects) an
 * inapplicable plan, bad options, or a journal that will not take the first entry.
 */
export async function applyFrom(plan: Plan, options: ApplyOptions, start: RunStart): Promise<ApplyResult> {
  checkPlanApplicable(plan);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be an integer of at least 1 (got ${concurrency})`);
  }
  if (options.runId !== undefined && !isValidRunId(options.runId)) {
    throw new RangeError(`runId "${options.runId}" is not valid (letters, digits, ".", "_", "-"; at most 128)`);
  }
  const window = windowBounds(options.window === undefined ? plan.window : options.window);
  if (window) {
    const now = (options.clock ?? systemClock).now();
    if (!insideWindow(window, now) && !hasStartedMove(plan, start)) {
      throw new OutsideWindowError(window.doc, new Date(now).toISOString());
    }
  }
  const policy = resolveRetryPolicy(options.retry);
  // A fresh apply first reads again everything the plan depends on; a resume continues a run whose
  // own writes changed that state, and relies on each step's checks instead.
  const live =
    start.resumed || basisIsEmpty(plan.basis)
      ? undefined
      : await checkBasis(plan, options.provider, {
          policy,
          clock: options.clock ?? systemClock,
          random: options.random ?? Math.random,
          capabilities: options.provider.capabilities,
          ...(options.signal && { signal: options.signal }),
        });
  const run = new ApplyRun(plan, options, { concurrency, policy, window, ...(live && { live }) }, start);
  return run.execute();
}

/**
 * Does a resumed run have a move to finish (a removal done whose add is not) or a rollback to
 * continue? Then it may run outside the window, and runs only that (a started move always
 * completes or rolls back).
 */
function hasStartedMove(plan: Plan, start: RunStart): boolean {
  if (!start.resumed) return false;
  if ([...(start.rollbacks?.values() ?? [])].some((status) => status !== 'done')) return true;
  // A trigger rolled back is settled: the move it belonged to is not waiting for it.
  return stepsFinishingStartedMoves(plan.steps, new Set([...start.done, ...(start.rollbacks?.keys() ?? [])])).size > 0;
}
