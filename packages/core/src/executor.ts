/**
 * `applyPlan`: runs exactly the reviewed steps of a plan, in dependency order, with bounded
 * parallelism, retries with backoff, and a full account of what happened. It never re-diffs: each
 * step re-checks its own precondition against live state (step-runner.ts) and stops stale when it
 * does not hold.
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
 */
import { systemClock, type Clock } from './clock.js';
import { hasErrors } from './diagnostics.js';
import {
  AbortedError,
  CfaliasError,
  JournalError,
  PlanBlockedError,
  PlanFileError,
  StalePlanError,
  TransientError,
} from './errors.js';
import { stepsFinishingStartedMoves } from './drain.js';
import type { ApplyEvent, ApplyEventListener, ApplyResult, ApplyStatus, StepFailure } from './events.js';
import { isValidRunId, JOURNAL_VERSION, newRunId, type JournalEntry, type JournalSink, type RecordedError } from './journal.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanStep } from './plan.js';
import type { CutoverProvider } from './ports.js';
import { backoffDelayMs, resolveRetryPolicy, shouldRetry, type RetryPolicy } from './retry.js';
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
  /** Default DEFAULT_RETRY_POLICY (6 attempts, 1 s base, 30 s cap). */
  readonly retry?: Partial<RetryPolicy>;
  /** Jitter source in [0, 1). Default Math.random; tests inject a fixed one. */
  readonly random?: () => number;
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
  const { order } = dependencyGraph(plan.steps, byId);
  if (order.length < plan.steps.length) {
    const ordered = new Set(order);
    const stuck = plan.steps.filter((_, i) => !ordered.has(i)).map((s) => s.id);
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
  const run = new ApplyRun(plan, options, concurrency, resolveRetryPolicy(options.retry), start);
  return run.execute();
}

/** `journaled`: done before this run, per the journal (resume). */
type StepState = 'pending' | 'running' | 'completed' | 'skipped' | 'failed' | 'journaled';

type AttemptResult =
  | { readonly outcome: StepOutcome; readonly durationMs: number }
  | { readonly error: Error; readonly durationMs: number };

class ApplyRun {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly steps: readonly PlanStep[];
  private readonly state: StepState[];
  private readonly failures = new Map<number, Error>();
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
  ) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.steps = plan.steps;
    this.state = plan.steps.map((s) => (start.done.has(s.id) ? 'journaled' : 'pending'));
    this.context = {
      provider: options.provider,
      ...(options.signal ? { signal: options.signal } : {}),
      dnsChanges: new Map(start.dnsChanges),
    };
    this.runId = options.runId ?? newRunId(this.clock.now());
  }

  execute(): Promise<ApplyResult> {
    const startedAt = this.clock.now();
    this.openJournal();
    this.emit({ type: 'apply-start', at: startedAt, planDigest: this.plan.digest, stepCount: this.steps.length });
    const { waitingOn, dependents } = dependencyGraph(this.steps);
    this.steps.forEach((_, i) => {
      if (this.state[i] === 'journaled') for (const d of dependents[i]!) waitingOn[d]!--;
    });
    const ready = new IndexHeap();
    waitingOn.forEach((count, i) => count === 0 && this.state[i] === 'pending' && ready.push(i));
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
          void this.runWithRetries(this.steps[i]!).then((result) => {
            inFlight--;
            if (this.settle(i, result)) {
              for (const d of dependents[i]!) if (--waitingOn[d]! === 0) ready.push(d);
            }
            pump();
          });
        }
        if (!finished && inFlight === 0) {
          finished = true;
          unwatch();
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
   * an abort or a refused journal append nothing starts; while draining, only steps that finish a
   * started move (recomputed each time: a step that just finished may have started one).
   */
  private nextStartable(ready: IndexHeap): number | undefined {
    if (ready.size === 0 || this.options.signal?.aborted || this.journalBroken) return undefined;
    if (!this.options.drain?.aborted) return ready.pop();
    const done = new Set(this.steps.filter((_, i) => isDone(this.state[i]!)).map((s) => s.id));
    const required = stepsFinishingStartedMoves(this.steps, done);
    const held: number[] = [];
    let found: number | undefined;
    while (ready.size > 0 && found === undefined) {
      const i = ready.pop();
      if (required.has(this.steps[i]!.id)) found = i;
      else held.push(i);
    }
    for (const i of held) ready.push(i);
    return found;
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
      this.journalBroken = new JournalError(
        'write-failed',
        `the journal refused a "${entry.type}" entry: ${asError(thrown).message}`,
        { cause: thrown },
      );
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
   * Runs one step, retrying retryable errors with full-jitter backoff on the clock. After a
   * TransientError the earlier write may have taken effect with its answer lost; a retry that then
   * finds the postcondition holding reports the step completed (our write did it), not skipped.
   */
  private async runWithRetries(step: PlanStep): Promise<AttemptResult> {
    const startedAt = this.clock.now();
    const signal = this.options.signal;
    let outcomeUnknown = false;
    for (let attempt = 1; ; attempt++) {
      if (!this.record({ type: 'intent', stepId: step.id, attempt })) {
        return { error: this.journalBroken!, durationMs: this.clock.now() - startedAt };
      }
      this.emit({ type: 'step-start', at: this.clock.now(), step, attempt });
      try {
        const outcome = await runStep(step, this.context);
        const effective: StepOutcome =
          outcome.kind === 'skipped' && outcome.reason === 'postcondition-holds' && outcomeUnknown ? { kind: 'done' } : outcome;
        return { outcome: effective, durationMs: this.clock.now() - startedAt };
      } catch (thrown) {
        const error = asError(thrown);
        if (error instanceof TransientError) outcomeUnknown = true;
        const retry =
          attempt < this.policy.maxAttempts && !signal?.aborted && shouldRetry(error, this.options.provider.capabilities);
        if (!retry) return { error, durationMs: this.clock.now() - startedAt };
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

  private result(startedAt: number): ApplyResult {
    const idsIn = (state: StepState): string[] => this.steps.filter((_, i) => this.state[i] === state).map((s) => s.id);
    const failed: StepFailure[] = [...this.failures.entries()]
      .sort(([a], [b]) => a - b)
      .map(([i, error]) => ({ stepId: this.steps[i]!.id, error }));
    const notStarted = idsIn('pending');
    const aborted = this.options.signal?.aborted === true;
    const drained = this.options.drain?.aborted === true;
    const causedByAbort = (f: StepFailure): boolean => aborted && f.error instanceof AbortedError;
    let status: ApplyStatus = 'succeeded';
    if (failed.some((f) => f.error instanceof StalePlanError)) status = 'stale';
    else if (failed.some((f) => !causedByAbort(f))) status = 'failed';
    else if (aborted && (failed.length > 0 || notStarted.length > 0)) status = 'aborted';
    else if (drained && notStarted.length > 0) status = 'interrupted';
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
