/**
 * `applyPlan`: runs exactly the reviewed steps of a plan, in dependency order, with bounded
 * parallelism, retries with backoff, and a full account of what happened. It never re-diffs: each
 * step re-checks its own precondition against live state (step-runner.ts) and stops stale when it
 * does not hold.
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
 * Interrupts: `drain` (first SIGINT/SIGTERM) starts no new step except those that finish a move
 * already started (drain.ts); in-flight steps finish. `signal` (second signal) stops at once: no
 * step starts, in-flight steps get the signal through their provider calls.
 *
 * Journal: with `journal`, every attempt's intent is appended before the step runs and its outcome
 * after it settles (journal.ts). A refused append stops the apply like an abort; a step whose
 * intent could not be recorded is not run. `resumeApply` (resume.ts) continues from a journal.
 *
 * Rollback (`onFailure: 'rollback'`, the default): when a step that triggers a recipe of
 * `plan.rollbacks` fails (rollback.ts `failureStartsRollback`), its recipe's steps become runnable
 * in the same walker, with the same guards; its forward dependents never start; independent
 * branches go on. Once the forward walk has settled, a trigger that never started because a step
 * it depends on failed gets its recipe too (a sibling branch may have removed its aliases already;
 * the recipe's guards skip what never left its source). Recipe steps start even while draining or
 * after the window closed: a started move always completes or rolls back. Only the abort signal
 * stops them (resume continues them).
 *
 * Maintenance window (`options.window`, default `plan.window`): outside `[start, end)` nothing
 * starts (OutsideWindowError, before any call or journal entry) unless a resume has a started move
 * to finish. During the run a forward step is not started when `now + remainingSeconds` (its own,
 * or the largest of the writes that follow it) is past `end`, unless it finishes a started move
 * (drain.ts); the run then ends `window-closed` with the held steps in `notStarted`.
 */
import { systemClock, type Clock } from '../clock.js';
import { aliasEditInEffect } from './conditions.js';
import { hasErrors } from '../plan/diagnostics.js';
import type { MaintenanceWindow } from '../desired/desired.js';
import {
  AbortedError,
  CfaliasError,
  JournalError,
  OutsideWindowError,
  PlanBlockedError,
  PlanFileError,
  StalePlanError,
  ThrottlingError,
  TransientError,
} from '../errors.js';
import { stepsFinishingStartedMoves } from './drain.js';
import type { ApplyEvent, ApplyEventListener, ApplyResult, ApplyStatus, RollbackReport, StepFailure } from './events.js';
import { isValidRunId, JOURNAL_VERSION, newRunId, type JournalEntry, type JournalSink, type RecordedError } from './journal.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanStep, type RollbackRecipe } from '../plan/plan.js';
import type { CutoverProvider } from '../ports.js';
import { AdaptiveRateLimiter, pacedProvider } from './mutation-pacing.js';
import { backoffDelayMs, resolveRetryPolicy, shouldRetry, withinRetryBudget, type RetryPolicy } from './retry.js';
import {
  checkRollbackRecipes,
  DEFAULT_ON_FAILURE,
  failureStartsRollback,
  forwardTargetsOf,
  stepsWithRollbacks,
  type OnFailure,
} from './rollback.js';
import { runStep, type StepContext, type StepOutcome } from './step-runner.js';

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
  if (plan.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new PlanFileError(
      'unsupported-version',
      `plan formatVersion ${String(plan.formatVersion)} is not supported (this cfalias applies version ${PLAN_FORMAT_VERSION})`,
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
 * rejects) once every started step has settled, except when the plan is refused up front by
 * `checkPlanApplicable`. A plan with no steps (nothing to change) succeeds with nothing done.
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
   * Rollbacks an earlier segment started, by trigger id, with how far the journal says they got.
   * Their triggers are not run again; `started`/`failed` recipes continue, `done` ones are reported.
   */
  readonly rollbacks?: ReadonlyMap<string, 'started' | 'done' | 'failed'>;
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
    if ((now < window.start || now >= window.end) && !hasStartedMove(plan, start)) {
      throw new OutsideWindowError(window.doc, new Date(now).toISOString());
    }
  }
  const run = new ApplyRun(plan, options, concurrency, resolveRetryPolicy(options.retry), start, window);
  return run.execute();
}

interface WindowBounds {
  readonly doc: MaintenanceWindow;
  /** Clock milliseconds. */
  readonly start: number;
  readonly end: number;
}

function windowBounds(window: MaintenanceWindow | null | undefined): WindowBounds | undefined {
  if (!window) return undefined;
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) {
    throw new RangeError(`window ${window.start} – ${window.end} is not a valid time range`);
  }
  return { doc: window, start, end };
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

/**
 * `journaled`: done before this run, per the journal (resume). `dormant`: a rollback step whose
 * trigger has not failed. `rolled-back`: a trigger whose rollback an earlier segment started (not
 * run again). `abandoned` (resume): a forward step not done that such a trigger depends on; the
 * cutover it prepares was given up, so it does not run (reported in `notStarted`).
 */
type StepState = 'pending' | 'running' | 'completed' | 'skipped' | 'failed' | 'journaled' | 'dormant' | 'rolled-back' | 'abandoned';

/** One recipe of `plan.rollbacks` in this run. */
interface RecipeRun {
  readonly recipe: RollbackRecipe;
  /** Index of the trigger among the run's steps. */
  readonly trigger: number;
  /** Indices of the recipe's steps among the run's steps. */
  readonly indices: readonly number[];
  /** `active`: its steps may run; `stopped`: the trigger failed under `onFailure: 'stop'`. */
  phase: 'dormant' | 'active' | 'stopped';
  concluded: 'done' | 'failed' | null;
}

type AttemptResult =
  { readonly outcome: StepOutcome; readonly durationMs: number } | { readonly error: Error; readonly durationMs: number };

class ApplyRun {
  private readonly clock: Clock;
  private readonly random: () => number;
  /** The plan's steps, then every recipe's steps (indices below `forwardCount` are forward). */
  private readonly steps: readonly PlanStep[];
  private readonly forwardCount: number;
  private readonly state: StepState[];
  private readonly recipes: RecipeRun[];
  private readonly recipeOfTrigger = new Map<number, RecipeRun>();
  private readonly recipeOfStep = new Map<number, RecipeRun>();
  private readonly indexOf: ReadonlyMap<string, number>;
  /** Per step: the largest `remainingSeconds` of it and the writes after it (undefined: none). */
  private readonly gateSeconds: (number | undefined)[];
  /** Set when the window held back a step at least once. */
  private windowHeld = false;
  private readonly graph: { waitingOn: number[]; dependents: number[][]; order: number[] };
  private readonly ready = new IndexHeap();
  private readonly failures = new Map<number, Error>();
  /** Failed forward steps that blocked a trigger whose recipe then ran: that recipe speaks for them. */
  private readonly blockingFailures = new Set<number>();
  /** Forward verify index → aliases an active recipe put back on its distribution. */
  private readonly verifyExtras = new Map<number, string[]>();
  private readonly retries: Record<string, number> = {};
  private readonly durations: Record<string, number> = {};
  private readonly context: StepContext;
  private readonly runId: string;
  /** Set by the first refused journal append: no step starts after it. */
  private journalBroken: JournalError | undefined;

  constructor(
    private readonly plan: Plan,
    private readonly options: ApplyOptions,
    private readonly concurrency: number,
    private readonly policy: RetryPolicy,
    private readonly start: RunStart,
    private readonly window: WindowBounds | undefined,
  ) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.steps = stepsWithRollbacks(plan);
    this.forwardCount = plan.steps.length;
    this.state = this.steps.map((s, i) => (start.done.has(s.id) ? 'journaled' : i < this.forwardCount ? 'pending' : 'dormant'));
    const index = new Map(this.steps.map((s, i) => [s.id, i] as const));
    this.indexOf = index;
    this.recipes = (plan.rollbacks ?? []).map((recipe) => ({
      recipe,
      trigger: index.get(recipe.trigger)!,
      indices: recipe.steps.map((s) => index.get(s.id)!),
      phase: 'dormant',
      concluded: null,
    }));
    for (const run of this.recipes) {
      this.recipeOfTrigger.set(run.trigger, run);
      for (const i of run.indices) this.recipeOfStep.set(i, run);
    }
    this.graph = dependencyGraph(this.steps);
    this.gateSeconds = gateSeconds(this.steps, this.forwardCount, this.graph);
    this.context = {
      provider: pacedProvider(options.provider, new AdaptiveRateLimiter(this.clock)),
      ...(options.signal ? { signal: options.signal } : {}),
      dnsChanges: new Map(start.dnsChanges),
      forwardTargets: forwardTargetsOf(plan.rollbacks ?? []),
    };
    this.runId = options.runId ?? newRunId(this.clock.now());
  }

  execute(): Promise<ApplyResult> {
    const startedAt = this.clock.now();
    this.openJournal();
    this.emit({ type: 'apply-start', at: startedAt, planDigest: this.plan.digest, stepCount: this.forwardCount });
    const { waitingOn, dependents } = this.graph;
    const ready = this.ready;
    this.steps.forEach((_, i) => {
      if (this.state[i] === 'journaled') for (const d of dependents[i]!) waitingOn[d]!--;
    });
    // Before the first push: a trigger rolled back earlier must not become ready.
    this.resumeRollbacks();
    for (let i = 0; i < this.forwardCount; i++) if (waitingOn[i] === 0 && this.state[i] === 'pending') ready.push(i);
    const unwatch = this.watchInterrupts();

    return new Promise<ApplyResult>((resolve) => {
      let inFlight = 0;
      let finished = false;
      const pump = (): void => {
        while (inFlight < this.concurrency) {
          const i = this.nextStartable(ready);
          if (i === undefined) break;
          inFlight++;
          this.state[i] = 'running';
          void this.runWithRetries(i).then((result) => {
            inFlight--;
            if (this.settle(i, result)) {
              for (const d of dependents[i]!) if (--waitingOn[d]! === 0 && this.state[d] === 'pending') ready.push(d);
            }
            this.afterSettle(i);
            pump();
          });
        }
        if (!finished && inFlight === 0) {
          if (this.activateBlockedRecipes()) return pump();
          finished = true;
          unwatch();
          for (const run of this.recipes) this.concludeRecipe(run);
          const result = this.result(startedAt);
          this.record({
            type: 'apply-end',
            status: result.status,
            summary: {
              completed: result.completed.length,
              skipped: result.skipped.length,
              failed: result.failed.length,
              notStarted: result.notStarted.length,
            },
          });
          this.emit({ type: 'apply-end', at: result.finishedAt, result });
          resolve(result);
        }
      };
      pump();
    });
  }

  /**
   * The next ready step that may start now, taken out of `ready`; undefined when none may. After
   * an abort or a refused journal append nothing starts. Rollback steps always may. While draining,
   * only forward steps that finish a started move (recomputed each time: a step that just finished
   * may have started one); with a window, also those the window still has room for.
   */
  private nextStartable(ready: IndexHeap): number | undefined {
    if (ready.size === 0 || this.options.signal?.aborted || this.journalBroken) return undefined;
    const draining = this.options.drain?.aborted === true;
    if (!draining && !this.window) {
      while (ready.size > 0) {
        const i = ready.pop();
        if (this.state[i] === 'pending' && this.graph.waitingOn[i] === 0) return i;
      }
      return undefined;
    }
    const now = this.clock.now();
    let required: Set<string> | undefined;
    const finishesStartedMove = (i: number): boolean => {
      if (!required) {
        const forward = this.steps.slice(0, this.forwardCount);
        const done = new Set(forward.filter((_, j) => isDone(this.state[j]!)).map((s) => s.id));
        required = stepsFinishingStartedMoves(forward, done);
      }
      return required.has(this.steps[i]!.id);
    };
    const mayStart = (i: number): boolean => {
      if (i >= this.forwardCount) return true;
      if (draining) return finishesStartedMove(i);
      if (this.windowAllows(i, now) || finishesStartedMove(i)) return true;
      this.windowHeld = true;
      return false;
    };
    const held: number[] = [];
    let found: number | undefined;
    while (ready.size > 0 && found === undefined) {
      const i = ready.pop();
      // An entry that gained a dependency since it was pushed (adaptSourceVerifies) is dropped; it
      // is pushed again when that dependency settles.
      if (this.state[i] !== 'pending' || this.graph.waitingOn[i]! > 0) continue;
      if (mayStart(i)) found = i;
      else held.push(i);
    }
    for (const i of held) ready.push(i);
    return found;
  }

  /**
   * A step with no write at or after it (a wait or verify closing work already done) always may.
   * Any other must start inside `[start, end)` with room for its gate seconds before `end`.
   */
  private windowAllows(i: number, now: number): boolean {
    const window = this.window;
    const gate = this.gateSeconds[i];
    if (!window || gate === undefined) return true;
    return now >= window.start && now + gate * 1000 <= window.end && now < window.end;
  }

  /**
   * After a step settled: a failed trigger starts its recipe (or is recorded stopped); a recipe
   * whose steps have all settled concludes.
   */
  private afterSettle(i: number): void {
    const triggered = this.recipeOfTrigger.get(i);
    if (triggered && this.state[i] === 'failed' && triggered.phase === 'dormant') {
      const error = this.failures.get(i)!;
      if (failureStartsRollback(error) && !this.options.signal?.aborted && !this.journalBroken) {
        if ((this.options.onFailure ?? DEFAULT_ON_FAILURE) === 'stop') triggered.phase = 'stopped';
        else this.activateRecipe(triggered, error);
      }
    }
    const owner = this.recipeOfStep.get(i);
    if (owner) this.concludeRecipe(owner, true);
  }

  /**
   * Once the forward walk has settled (nothing in flight, nothing startable): under `onFailure:
   * 'rollback'`, every dormant recipe whose trigger never started because a forward step it
   * depends on failed (a failure that starts rollbacks, see `failureStartsRollback`) is activated,
   * with that failure as its `rollback-start` error. A sibling branch may already have removed the
   * trigger's aliases from their sources (F1: swap, blue's removal fails after green's landed); the
   * recipe's guards keep it minimal: an alias still on its source is skipped (postcondition holds),
   * a DNS record never repointed too. Triggers held only by a drain or the window are not
   * activated (nothing upstream failed). True when a recipe was activated (its steps are ready).
   */
  private activateBlockedRecipes(): boolean {
    if ((this.options.onFailure ?? DEFAULT_ON_FAILURE) !== 'rollback' || this.options.signal?.aborted || this.journalBroken) {
      return false;
    }
    let activated = false;
    for (const run of this.recipes) {
      if (run.phase !== 'dormant' || this.state[run.trigger] !== 'pending' || !this.someAliasLeftItsSource(run)) continue;
      const causes = this.upstreamFailures(run.trigger);
      if (causes.length === 0) continue;
      if (this.activateRecipe(run, this.failures.get(causes[0]!)!)) {
        activated = true;
        // A stale precondition keeps its own status (exit 4, expected vs found): the rollback
        // that follows it is reported beside it, not instead of it.
        for (const cause of causes) if (!(this.failures.get(cause) instanceof StalePlanError)) this.blockingFailures.add(cause);
      }
    }
    return activated;
  }

  /**
   * May a forward removal of one of the recipe's aliases from its source have taken effect (this
   * run or before a resume)? Done, or failed after its write may have landed (a lost answer); a
   * stale refusal wrote nothing. If none may have, every alias is still where it was and there is
   * nothing to roll back: the blocked trigger is simply not started (a plan stale at its first
   * step stays stale, exit 4, with nothing changed).
   */
  private someAliasLeftItsSource(run: RecipeRun): boolean {
    const sources = new Map(run.recipe.aliases.map((a) => [a.alias, a.source] as const));
    for (let j = 0; j < this.forwardCount; j++) {
      const step = this.steps[j]!;
      if (step.kind !== 'update-aliases' || !step.remove.some((alias) => sources.get(alias) === step.distribution)) continue;
      const state = this.state[j]!;
      if (isDone(state) || (state === 'failed' && !(this.failures.get(j) instanceof StalePlanError))) return true;
    }
    return false;
  }

  /**
   * The failed forward steps that step `i` transitively depends on whose failures start rollbacks,
   * in plan order (the first is the one a blocked trigger's `rollback-start` names).
   */
  private upstreamFailures(i: number): number[] {
    const seen = new Set<number>();
    const stack = [...this.steps[i]!.dependsOn];
    const failed: number[] = [];
    while (stack.length > 0) {
      const j = this.indexOf.get(stack.pop()!);
      if (j === undefined || seen.has(j)) continue;
      seen.add(j);
      const error = this.failures.get(j);
      if (this.state[j] === 'failed' && error && failureStartsRollback(error)) failed.push(j);
      stack.push(...this.steps[j]!.dependsOn);
    }
    return failed.sort((a, b) => a - b);
  }

  /**
   * Resume: the forward steps not done that a rolled-back trigger depends on are abandoned. They
   * only prepared the cutover that rollback gave up (a trigger blocked by an upstream failure, F1);
   * running them now would start moves whose adds never run (e.g. a source's removal).
   */
  private abandonAncestors(trigger: number): void {
    const stack = [...this.steps[trigger]!.dependsOn];
    while (stack.length > 0) {
      const j = this.indexOf.get(stack.pop()!);
      if (j === undefined || this.state[j] !== 'pending') continue;
      this.state[j] = 'abandoned';
      stack.push(...this.steps[j]!.dependsOn);
    }
  }

  /**
   * The step as run: a forward `verify` of a distribution that an active recipe re-adds aliases to
   * expects those aliases too (the recipe put them back; without them the verify would call the
   * rollback stale). Events and the journal keep the plan's step.
   */
  private stepToRun(i: number): PlanStep {
    const step = this.steps[i]!;
    const extra = this.verifyExtras.get(i);
    if (step.kind !== 'verify' || !extra) return step;
    return { ...step, aliases: [...new Set([...step.aliases, ...extra])].sort() };
  }

  /**
   * A rollback trigger that failed for good may still have written (its last answer lost): before
   * its failure stands (and a recipe undoes DNS), one read of its distribution checks whether its
   * edit is in effect; then it is done. Only for failures that would start a rollback; a stale
   * refusal wrote nothing. A failed read leaves the failure as it is.
   */
  private async landedAfterAll(i: number, error: Error): Promise<boolean> {
    const step = this.steps[i]!;
    if (step.kind !== 'update-aliases' || !this.recipeOfTrigger.has(i)) return false;
    if (!failureStartsRollback(error) || error instanceof StalePlanError || this.options.signal?.aborted) return false;
    try {
      const live = await this.options.provider.readDistribution(
        step.distribution,
        this.options.signal ? { signal: this.options.signal } : {},
      );
      return aliasEditInEffect(live.aliases, step);
    } catch {
      return false;
    }
  }

  /**
   * Forward verifies of a recipe's sources: expect the rolled-back aliases too, and (when not
   * started yet) run after the recipe's own verify of that source, so they see its end state.
   */
  private adaptSourceVerifies(run: RecipeRun): void {
    for (let v = 0; v < this.forwardCount; v++) {
      const step = this.steps[v]!;
      if (step.kind !== 'verify' || isDone(this.state[v]!) || this.state[v] === 'running') continue;
      const back = run.recipe.aliases.filter((a) => a.source === step.distribution).map((a) => a.alias);
      if (back.length === 0) continue;
      this.verifyExtras.set(v, [...(this.verifyExtras.get(v) ?? []), ...back]);
      const last = [...run.indices].reverse().find((r) => {
        const rs = this.steps[r]!;
        return (
          (rs.kind === 'verify' || rs.kind === 'wait-deployed' || rs.kind === 'update-aliases') && rs.distribution === step.distribution
        );
      });
      if (last === undefined || isDone(this.state[last]!)) continue;
      this.graph.dependents[last]!.push(v);
      this.graph.waitingOn[v]!++;
    }
  }

  /**
   * Makes a recipe's steps runnable; `error` is the trigger's failure, or the upstream failure
   * that blocked it (absent on resume). False when the journal refused its `rollback-start`.
   */
  private activateRecipe(run: RecipeRun, error?: Error): boolean {
    const { trigger, aliases } = run.recipe;
    // Unrecorded, a rollback must not start: resume would not know it had (the trigger then stays
    // a plain failure, and resume runs it again).
    if (error && !this.record({ type: 'rollback-start', trigger, error: recorded(error) })) return false;
    run.phase = 'active';
    this.adaptSourceVerifies(run);
    this.emit({ type: 'rollback-start', at: this.clock.now(), trigger, aliases, ...(error && { error }) });
    for (const i of run.indices) {
      if (this.state[i] !== 'dormant') continue;
      this.state[i] = 'pending';
      if (this.graph.waitingOn[i] === 0) this.ready.push(i);
    }
    this.concludeRecipe(run, true);
    return true;
  }

  /** Rollbacks an earlier segment started: their triggers are not run again; unfinished recipes go on. */
  private resumeRollbacks(): void {
    for (const [trigger, status] of this.start.rollbacks ?? []) {
      const run = this.recipes.find((r) => r.recipe.trigger === trigger);
      if (!run) continue;
      this.state[run.trigger] = 'rolled-back';
      this.abandonAncestors(run.trigger);
      if (status === 'done') {
        run.phase = 'active';
        run.concluded = 'done';
        this.adaptSourceVerifies(run);
      } else {
        this.activateRecipe(run);
      }
    }
  }

  /**
   * Concludes an active recipe: `done` when every step is done; `failed` when a step failed and
   * nothing of it is running or ready any more. With `onlyWhenSettled` false (the end of the run),
   * a recipe with a failure concludes even if steps are left that could have run (after an abort);
   * one without stays unconcluded (`incomplete`: resume continues it).
   */
  private concludeRecipe(run: RecipeRun, onlyWhenSettled = false): void {
    if (run.phase !== 'active' || run.concluded) return;
    const states = run.indices.map((i) => this.state[i]!);
    let status: 'done' | 'failed' | null = null;
    if (states.every(isDone)) status = 'done';
    else if (states.includes('failed')) {
      const busy = run.indices.some((i) => this.state[i] === 'running' || (this.state[i] === 'pending' && this.graph.waitingOn[i] === 0));
      if (!onlyWhenSettled || !busy) status = 'failed';
    }
    if (!status) return;
    run.concluded = status;
    const { trigger, aliases } = run.recipe;
    this.record({ type: 'rollback-end', trigger, status });
    const at = this.clock.now();
    if (status === 'done') {
      this.emit({ type: 'rollback-done', at, trigger, aliases });
    } else {
      const first = run.indices.find((i) => this.failures.has(i))!;
      this.emit({ type: 'rollback-failed', at, trigger, aliases, error: this.failures.get(first)! });
    }
  }

  /** The first journal entry: the plan (fresh run) or a resume marker. Throws JournalError when refused. */
  private openJournal(): void {
    const holder = this.options.holder ?? 'cfalias';
    const entry: DistributiveOmit<JournalEntry, 'v' | 'runId' | 'at'> = this.start.resumed
      ? { type: 'resume', holder }
      : { type: 'apply-start', holder, plan: this.plan };
    this.record(entry);
    if (this.journalBroken) throw this.journalBroken;
  }

  /** Journals each interrupt when it arrives (and at once when it arrived before the run). */
  private watchInterrupts(): () => void {
    const cleanups: (() => void)[] = [];
    const watch = (signal: AbortSignal | undefined, mode: 'drain' | 'abort'): void => {
      if (!signal) return;
      const onAbort = (): void => {
        this.record({ type: 'interrupt', mode });
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    };
    watch(this.options.drain, 'drain');
    watch(this.options.signal, 'abort');
    return () => cleanups.forEach((cleanup) => cleanup());
  }

  /**
   * Appends one entry (no-op without a journal). A refusal marks the journal broken (no further
   * step starts, no further entry is attempted) and returns false.
   */
  private record(entry: DistributiveOmit<JournalEntry, 'v' | 'runId' | 'at'>): boolean {
    const journal = this.options.journal;
    if (!journal) return true;
    if (this.journalBroken) return false;
    try {
      journal.append({ v: JOURNAL_VERSION, runId: this.runId, at: new Date(this.clock.now()).toISOString(), ...entry } as JournalEntry);
      return true;
    } catch (thrown) {
      this.journalBroken = new JournalError('write-failed', `the journal refused a "${entry.type}" entry: ${asError(thrown).message}`, {
        cause: thrown,
      });
      return false;
    }
  }

  /** Records a step's end; true when its dependents may run. */
  private settle(i: number, result: AttemptResult): boolean {
    const step = this.steps[i]!;
    const at = this.clock.now();
    this.durations[step.id] = result.durationMs;
    if ('error' in result) {
      const error = result.error;
      // An intent that could not be written: the step did not run, and says nothing about its outcome.
      if (!(error instanceof JournalError)) {
        this.record({
          type: 'outcome',
          stepId: step.id,
          status: 'failed',
          error: recorded(error),
          ...(error instanceof StalePlanError && { mismatches: error.mismatches }),
        });
      }
      this.state[i] = 'failed';
      this.failures.set(i, error);
      this.emit({ type: 'step-failed', at, step, error });
      return false;
    }
    const outcome = result.outcome;
    const changeId = this.context.dnsChanges.get(step.id);
    const written = this.record(
      outcome.kind === 'skipped'
        ? { type: 'outcome', stepId: step.id, status: 'skipped', reason: outcome.reason }
        : {
            type: 'outcome',
            stepId: step.id,
            status: 'completed',
            ...(step.kind === 'change-dns' && changeId !== undefined && { changeId }),
          },
    );
    if (!written) {
      // The step ran, but the journal does not say so: report it, and let resume re-check it.
      const error = new JournalError('write-failed', `step ${step.id} ran, but its outcome could not be journaled`, {
        cause: this.journalBroken,
      });
      this.state[i] = 'failed';
      this.failures.set(i, error);
      this.emit({ type: 'step-failed', at, step, error });
      return false;
    }
    if (outcome.kind === 'skipped') {
      this.state[i] = 'skipped';
      this.emit({ type: 'step-skip', at, step, reason: outcome.reason });
    } else {
      this.state[i] = 'completed';
      this.emit({ type: 'step-done', at, step, durationMs: result.durationMs });
    }
    return true;
  }

  /**
   * Runs one step, retrying retryable errors with full-jitter backoff on the clock (the window from
   * the attempt number, throttled attempts included). Throttled attempts are retried within their
   * own budget (retry.ts `withinRetryBudget`): the rate limiter is what slows them. After a
   * TransientError the earlier write may have taken effect with its answer lost; a retry that then
   * finds the postcondition holding reports the step completed (our write did it), not skipped.
   */
  private async runWithRetries(i: number): Promise<AttemptResult> {
    const step = this.steps[i]!;
    const toRun = this.stepToRun(i);
    const startedAt = this.clock.now();
    const signal = this.options.signal;
    let outcomeUnknown = false;
    let throttled = 0;
    for (let attempt = 1; ; attempt++) {
      if (!this.record({ type: 'intent', stepId: step.id, attempt })) {
        return { error: this.journalBroken!, durationMs: this.clock.now() - startedAt };
      }
      this.emit({ type: 'step-start', at: this.clock.now(), step, attempt });
      try {
        const outcome = await runStep(toRun, this.context, outcomeUnknown);
        const effective: StepOutcome =
          outcome.kind === 'skipped' && outcome.reason === 'postcondition-holds' && outcomeUnknown ? { kind: 'done' } : outcome;
        return { outcome: effective, durationMs: this.clock.now() - startedAt };
      } catch (thrown) {
        const error = asError(thrown);
        if (error instanceof TransientError) outcomeUnknown = true;
        if (error instanceof ThrottlingError) throttled++;
        const retry =
          withinRetryBudget(this.policy, error, { attempts: attempt, throttled }) &&
          !signal?.aborted &&
          shouldRetry(error, this.options.provider.capabilities);
        if (!retry) {
          const landed = await this.landedAfterAll(i, error);
          return landed
            ? { outcome: { kind: 'done' }, durationMs: this.clock.now() - startedAt }
            : { error, durationMs: this.clock.now() - startedAt };
        }
        const delayMs = backoffDelayMs(this.policy, attempt, this.random);
        this.record({ type: 'retry', stepId: step.id, attempt, delayMs, error: recorded(error) });
        this.retries[error.name] = (this.retries[error.name] ?? 0) + 1;
        this.emit({ type: 'step-retry', at: this.clock.now(), step, attempt, error, delayMs });
        try {
          await this.clock.sleep(delayMs, signal);
        } catch (interrupted) {
          return { error: asError(interrupted), durationMs: this.clock.now() - startedAt };
        }
      }
    }
  }

  /**
   * Status, most serious first: a rollback that failed → `failed`; a forward failure → `stale`
   * (StalePlanError) or `failed` (a trigger whose rollback ran does not count, nor a step whose
   * failure blocked such a trigger: the recipe speaks for them); abort → `aborted`; a rollback that
   * ran → `rolled-back`; steps held by the window → `window-closed`; drained → `interrupted`.
   */
  private result(startedAt: number): ApplyResult {
    const idsIn = (state: StepState): string[] => this.steps.filter((_, i) => this.state[i] === state).map((s) => s.id);
    const failed: StepFailure[] = [...this.failures.entries()]
      .sort(([a], [b]) => a - b)
      .map(([i, error]) => ({ stepId: this.steps[i]!.id, error }));
    const notStarted = this.steps.filter((_, i) => this.state[i] === 'pending' || this.state[i] === 'abandoned').map((s) => s.id);
    const aborted = this.options.signal?.aborted === true;
    const drained = this.options.drain?.aborted === true;
    const active = this.recipes.filter((r) => r.phase === 'active');
    const handled = new Set<number>([...active.flatMap((r) => [r.trigger, ...r.indices]), ...this.blockingFailures]);
    const forwardFailures = [...this.failures.entries()]
      .filter(([i, error]) => !handled.has(i) && !(aborted && error instanceof AbortedError))
      .map(([, error]) => error);
    let status: ApplyStatus = 'succeeded';
    if (active.some((r) => r.concluded === 'failed')) status = 'failed';
    else if (forwardFailures.some((e) => e instanceof StalePlanError)) status = 'stale';
    else if (forwardFailures.length > 0) status = 'failed';
    else if (aborted && (failed.length > 0 || notStarted.length > 0)) status = 'aborted';
    else if (active.length > 0) status = active.every((r) => r.concluded === 'done') ? 'rolled-back' : 'aborted';
    else if (this.windowHeld && notStarted.length > 0) status = 'window-closed';
    else if (drained && notStarted.length > 0) status = 'interrupted';
    const rollbacks: RollbackReport[] = this.recipes
      .filter((r) => r.phase !== 'dormant')
      .map((r) => ({
        trigger: r.recipe.trigger,
        aliases: r.recipe.aliases,
        status: r.phase === 'stopped' ? 'stopped' : (r.concluded ?? 'incomplete'),
      }));
    return {
      status,
      completed: idsIn('completed'),
      skipped: idsIn('skipped'),
      failed,
      notStarted,
      startedAt,
      finishedAt: this.clock.now(),
      metrics: { retries: { ...this.retries }, stepDurationsMs: { ...this.durations } },
      ...(this.options.journal && { runId: this.runId }),
      ...(this.start.resumed && { alreadyDone: idsIn('journaled') }),
      ...(rollbacks.length > 0 && { rollbacks }),
    };
  }

  private emit(event: ApplyEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's failure is the renderer's problem; the apply goes on.
    }
  }
}

/**
 * Per forward step, the window gate: the largest `remainingSeconds` among it and the forward steps
 * after it, where a write without one (a plan made without a window) counts 0 and a read counts
 * nothing. So a DNS change that only prepares a move is not started when the move would not be.
 */
function gateSeconds(
  steps: readonly PlanStep[],
  forwardCount: number,
  graph: { readonly dependents: readonly (readonly number[])[]; readonly order: readonly number[] },
): (number | undefined)[] {
  const gates: (number | undefined)[] = steps.map(() => undefined);
  for (const i of [...graph.order].reverse()) {
    if (i >= forwardCount) continue;
    const step = steps[i]!;
    let gate: number | undefined =
      step.kind === 'update-aliases' || step.kind === 'move-alias'
        ? (step.remainingSeconds ?? 0)
        : step.kind === 'change-dns'
          ? 0
          : undefined;
    for (const d of graph.dependents[i]!) {
      const after = gates[d];
      if (after !== undefined) gate = Math.max(gate ?? 0, after);
    }
    gates[i] = gate;
  }
  return gates;
}

/**
 * Dependency counts and dependents by step index, plus a topological order (Kahn). Dependencies on
 * unknown ids are ignored here (checkPlanApplicable refuses them first); duplicates count once.
 */
function dependencyGraph(
  steps: readonly PlanStep[],
  byId: ReadonlyMap<string, PlanStep> = new Map(steps.map((s) => [s.id, s])),
): { waitingOn: number[]; dependents: number[][]; order: number[] } {
  const index = new Map<string, number>();
  steps.forEach((s, i) => index.set(s.id, i));
  const waitingOn = steps.map(() => 0);
  const dependents: number[][] = steps.map(() => []);
  steps.forEach((step, i) => {
    for (const dep of new Set(step.dependsOn)) {
      const d = byId.has(dep) ? index.get(dep) : undefined;
      if (d === undefined) continue;
      waitingOn[i]!++;
      dependents[d]!.push(i);
    }
  });
  const remaining = [...waitingOn];
  const order: number[] = [];
  const queue = remaining.flatMap((count, i) => (count === 0 ? [i] : []));
  while (queue.length > 0) {
    const i = queue.pop()!;
    order.push(i);
    for (const d of dependents[i]!) if (--remaining[d]! === 0) queue.push(d);
  }
  return { waitingOn, dependents, order };
}

/** Min-heap of step indices: ready steps start in plan order. */
class IndexHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    items.push(value);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const child = left + 1 < items.length && items[left + 1]! < items[left]! ? left + 1 : left;
        if (items[child]! >= last) break;
        items[i] = items[child]!;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}

function isDone(state: StepState): boolean {
  return state === 'completed' || state === 'skipped' || state === 'journaled';
}

/** `Omit` over each member of a union (plain `Omit` would merge the members). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function recorded(error: Error): RecordedError {
  return { name: error.name, message: error.message };
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new CfaliasError(String(value), { cause: value });
}
