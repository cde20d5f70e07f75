/**
 * One run of a plan: walks the step graph (step-graph.ts), starting what the interrupts, the
 * window (window-gate.ts) and the rollback controller (rollback-controller.ts) allow, runs each
 * step with retries (step-runner.ts does the step itself), journals every attempt
 * (journal-recorder.ts) and reports events and the result (run-result.ts).
 *
 * Interrupts: `drain` (first SIGINT/SIGTERM) starts no new step except those that finish a move
 * already started (drain.ts); in-flight steps finish. `signal` (second signal) stops at once: no
 * step starts, in-flight steps get the signal through their provider calls.
 */
import { systemClock, type Clock } from '../clock.js';
import { JournalError, PreconditionFailedError, StalePlanError, ThrottlingError, TransientError } from '../errors.js';
import type { Inventory } from '../inventory/inventory.js';
import type { Plan, PlanStep } from '../plan/plan.js';
import { stepsFinishingStartedMoves } from './drain.js';
import type { ApplyEvent, ApplyResult } from './events.js';
import type { ApplyOptions, RunStart } from './executor.js';
import { asError, JournalRecorder, recordedError } from './journal-recorder.js';
import { newRunId } from './journal.js';
import { AdaptiveRateLimiter, pacedProvider } from './mutation-pacing.js';
import { backoffDelayMs, shouldRetry, withinRetryBudget, type RetryPolicy } from './retry.js';
import { forwardTargetsOf, stepsWithRollbacks } from './rollback.js';
import { RollbackController } from './rollback-controller.js';
import { runResult } from './run-result.js';
import { aliasesNotReAdded, classifyUnsettled, type UnsettledAlias } from './unsettled.js';
import { StepGraph, walkDag } from './step-graph.js';
import { LiveView, planRecordNames } from './live-view.js';
import { routeChecksOf } from './route-checks.js';
import type { StepContext, StepOutcome } from './step-context.js';
import { runStep } from './step-runner.js';
import { WindowGate, type WindowBounds } from './window-gate.js';
import { ENGINE_VERSION } from '../version.js';

type AttemptResult =
  { readonly outcome: StepOutcome; readonly durationMs: number } | { readonly error: Error; readonly durationMs: number };

export interface RunSettings {
  readonly concurrency: number;
  readonly policy: RetryPolicy;
  readonly window: WindowBounds | undefined;
  /** The inventory the whole-plan check just read (the run's reads start from it), when there was one. */
  readonly live?: Inventory;
}

/**
 * The aliases the plan changes (an action, or a DNS repair, and any alias a step adds or removes,
 * such as the temporary wildcard of a wildcard route): the only ones its alias-set comparisons look
 * at. A plan that lists no changes at all (hand-built) compares every alias.
 */
export function managedAliasesOf(plan: Pick<Plan, 'changes'> & Partial<Pick<Plan, 'steps'>>): Set<string> | undefined {
  if (plan.changes.length === 0) return undefined;
  const managed = new Set(plan.changes.filter((c) => c.action !== 'noop' || c.dns !== undefined).map((c) => c.alias));
  for (const step of plan.steps ?? []) {
    if (step.kind === 'update-aliases') for (const alias of [...step.add, ...step.remove]) managed.add(alias);
  }
  return managed;
}

export class ApplyRun {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly graph: StepGraph;
  private readonly gate: WindowGate;
  private readonly recorder: JournalRecorder;
  private readonly rollbacks: RollbackController;
  private readonly retries: Record<string, number> = {};
  private readonly durations: Record<string, number> = {};
  private readonly context: StepContext;

  constructor(
    private readonly plan: Plan,
    private readonly options: ApplyOptions,
    private readonly settings: RunSettings,
    private readonly start: RunStart,
  ) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.graph = new StepGraph(stepsWithRollbacks(plan), plan.steps.length, start.done);
    this.gate = new WindowGate(this.graph, settings.window);
    this.recorder = new JournalRecorder(options.journal, options.runId ?? newRunId(this.clock.now()), this.clock, plan);
    this.rollbacks = new RollbackController({
      plan,
      graph: this.graph,
      recorder: this.recorder,
      clock: this.clock,
      provider: options.provider,
      onFailure: options.onFailure,
      signal: options.signal,
      emit: (event) => this.emit(event),
    });
    const provider = pacedProvider(options.provider, {
      cloudFront: new AdaptiveRateLimiter(this.clock),
      route53: new AdaptiveRateLimiter(this.clock),
    });
    const call = options.signal ? { signal: options.signal } : {};
    const managed = managedAliasesOf(plan);
    const view = new LiveView(provider, call, planRecordNames(plan.steps));
    if (settings.live) view.seed(settings.live);
    this.context = {
      provider,
      view,
      ...call,
      dnsChanges: new Map(start.dnsChanges),
      forwardTargets: forwardTargetsOf(plan.rollbacks ?? []),
      ...(managed && { managed }),
      routes: routeChecksOf(plan),
    };
  }

  async execute(): Promise<ApplyResult> {
    const startedAt = this.clock.now();
    const holder = this.options.holder ?? 'cfalias';
    const engineVersion = ENGINE_VERSION;
    this.recorder.open(
      this.start.resumed ? { type: 'resume', holder, engineVersion } : { type: 'apply-start', holder, engineVersion, plan: this.plan },
    );
    this.emit({ type: 'apply-start', at: startedAt, planDigest: this.plan.digest, stepCount: this.graph.forwardCount, engineVersion });
    this.graph.releaseJournaled();
    // Before the first push: a trigger rolled back earlier must not become ready.
    this.rollbacks.resume(this.start.rollbacks, this.start.staleFailures);
    this.graph.pushReadyForward();
    const unwatch = this.recorder.watchInterrupts(this.options.drain, this.options.signal);
    await walkDag({
      concurrency: this.settings.concurrency,
      next: () => this.nextStartable(),
      run: (i) => this.runOne(i),
      whenIdle: () => this.rollbacks.activateBlocked(),
    });
    unwatch();
    this.rollbacks.concludeAll();
    const unsettled = await this.unsettled();
    const result = runResult({
      graph: this.graph,
      rollbacks: this.rollbacks,
      aborted: this.options.signal?.aborted === true,
      drained: this.options.drain?.aborted === true,
      windowHeld: this.gate.held,
      startedAt,
      finishedAt: this.clock.now(),
      metrics: { retries: { ...this.retries }, stepDurationsMs: { ...this.durations } },
      runId: this.recorder.enabled ? this.recorder.runId : undefined,
      resumed: this.start.resumed,
      unsettled,
    });
    this.recorder.record({
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
    return result;
  }

  /**
   * The aliases the run left between source and target, read again (unsettled.ts): after an abort
   * there is no read (the operator asked to stop now), and they are reported `unknown`.
   */
  private async unsettled(): Promise<UnsettledAlias[]> {
    const done = new Set([...this.graph.idsIn('completed'), ...this.graph.idsIn('skipped'), ...this.graph.idsIn('journaled')]);
    const candidates = aliasesNotReAdded(this.plan, this.rollbacks.reports(), done);
    const aborted = this.options.signal?.aborted === true;
    return classifyUnsettled(candidates, aborted ? undefined : this.options.provider, {
      policy: this.settings.policy,
      clock: this.clock,
      random: this.random,
      capabilities: this.options.provider.capabilities,
    });
  }

  private async runOne(i: number): Promise<void> {
    this.graph.state[i] = 'running';
    const result = await this.runWithRetries(i);
    if (this.settle(i, result)) this.graph.release(i);
    this.rollbacks.afterSettle(i);
  }

  /**
   * The next ready step that may start now, taken off the ready heap; undefined when none may.
   * After an abort or a refused journal append nothing starts. Rollback steps always may. While
   * draining, only forward steps that finish a started move (recomputed each time: a step that
   * just finished may have started one); with a window, also those the window still has room for.
   */
  private nextStartable(): number | undefined {
    const { graph } = this;
    const ready = graph.ready;
    if (ready.size === 0 || this.options.signal?.aborted || this.recorder.broken) return undefined;
    const draining = this.options.drain?.aborted === true;
    if (!draining && !this.gate.active) {
      while (ready.size > 0) {
        const i = ready.pop();
        if (graph.startable(i)) return i;
      }
      return undefined;
    }
    const now = this.clock.now();
    let required: Set<string> | undefined;
    const finishesStartedMove = (i: number): boolean => {
      required ??= stepsFinishingStartedMoves(this.plan.steps, graph.doneForwardIds());
      return required.has(graph.steps[i]!.id);
    };
    const mayStart = (i: number): boolean => {
      if (!graph.isForward(i)) return true;
      if (draining) return finishesStartedMove(i);
      if (this.gate.allows(i, now) || finishesStartedMove(i)) return true;
      this.gate.held = true;
      return false;
    };
    const held: number[] = [];
    let found: number | undefined;
    while (ready.size > 0 && found === undefined) {
      const i = ready.pop();
      // An entry that gained a dependency since it was pushed (a rollback's adapted verify) is
      // dropped; it is pushed again when that dependency settles.
      if (!graph.startable(i)) continue;
      if (mayStart(i)) found = i;
      else held.push(i);
    }
    for (const i of held) ready.push(i);
    return found;
  }

  /** Records a step's end; true when its dependents may run. */
  private settle(i: number, result: AttemptResult): boolean {
    const step = this.graph.steps[i]!;
    const at = this.clock.now();
    this.durations[step.id] = result.durationMs;
    if ('error' in result) {
      const error = result.error;
      // An intent that could not be written: the step did not run, and says nothing about its outcome.
      if (!(error instanceof JournalError)) {
        this.recorder.record({
          type: 'outcome',
          stepId: step.id,
          status: 'failed',
          error: recordedError(error),
          ...(error instanceof StalePlanError && { mismatches: error.mismatches }),
        });
      }
      return this.fail(i, error, at);
    }
    const outcome = result.outcome;
    const changeId = this.context.dnsChanges.get(step.id);
    const written = this.recorder.record(
      outcome.kind === 'skipped'
        ? { type: 'outcome', stepId: step.id, status: 'skipped', reason: outcome.reason }
        : {
            type: 'outcome',
            stepId: step.id,
            status: 'completed',
            ...(step.kind === 'change-dns' && changeId !== undefined && { changeId }),
            ...(outcome.txtProof && { txtProof: outcome.txtProof }),
          },
    );
    if (!written) {
      // The step ran, but the journal does not say so: report it, and let resume re-check it.
      const error = new JournalError('write-failed', `step ${step.id} ran, but its outcome could not be journaled`, {
        cause: this.recorder.broken,
      });
      return this.fail(i, error, at);
    }
    if (outcome.kind === 'skipped') {
      this.graph.state[i] = 'skipped';
      this.emit({ type: 'step-skip', at, step, reason: outcome.reason });
    } else {
      this.graph.state[i] = 'completed';
      this.emit({ type: 'step-done', at, step, durationMs: result.durationMs, ...(outcome.txtProof && { txtProof: outcome.txtProof }) });
    }
    return true;
  }

  private fail(i: number, error: Error, at: number): false {
    this.graph.state[i] = 'failed';
    this.graph.failures.set(i, error);
    this.emit({ type: 'step-failed', at, step: this.graph.steps[i]!, error });
    return false;
  }

  /**
   * Runs one step, retrying retryable errors with full-jitter backoff on the clock (the window from
   * the attempt number, throttled attempts included). Throttled attempts are retried within their
   * own budget (retry.ts `withinRetryBudget`): the rate limiter is what slows them. After a
   * TransientError the earlier write may have taken effect with its answer lost; a retry that then
   * finds the postcondition holding reports the step completed (our write did it), not skipped.
   */
  private async runWithRetries(i: number): Promise<AttemptResult> {
    const step = this.graph.steps[i]!;
    const toRun = this.rollbacks.stepToRun(i);
    const startedAt = this.clock.now();
    const elapsed = (): number => this.clock.now() - startedAt;
    const signal = this.options.signal;
    // Recipe steps always may (a recipe cannot know which of its aliases left their source);
    // a forward step only when this run or the one it resumes may have done it.
    const mayFindDone = !this.graph.isForward(i) || (this.start.started?.has(step.id) ?? false);
    let outcomeUnknown = false;
    let throttled = 0;
    for (let attempt = 1; ; attempt++) {
      if (!this.recorder.record({ type: 'intent', stepId: step.id, attempt }))
        return { error: this.recorder.broken!, durationMs: elapsed() };
      this.emit({ type: 'step-start', at: this.clock.now(), step, attempt });
      try {
        const outcome = await runStep(toRun, this.context, {
          afterLostAnswer: outcomeUnknown,
          mayFindDone: outcomeUnknown || mayFindDone,
        });
        const effective: StepOutcome =
          outcome.kind === 'skipped' && outcome.reason === 'postcondition-holds' && outcomeUnknown ? { kind: 'done' } : outcome;
        return { outcome: effective, durationMs: elapsed() };
      } catch (thrown) {
        const error = asError(thrown);
        // A 412 is how a landed write shows itself when the SDK retried it after a lost answer
        // (the retry's If-Match names the ETag our own write replaced): count it as outcome-unknown.
        if (error instanceof TransientError || error instanceof PreconditionFailedError) outcomeUnknown = true;
        if (error instanceof ThrottlingError) throttled++;
        const retry =
          withinRetryBudget(this.settings.policy, error, { attempts: attempt, throttled }) &&
          !signal?.aborted &&
          shouldRetry(error, this.options.provider.capabilities);
        if (!retry) {
          const landed = await this.rollbacks.landedAfterAll(i, error);
          return landed ? { outcome: { kind: 'done' }, durationMs: elapsed() } : { error, durationMs: elapsed() };
        }
        const interrupted = await this.backOff(step, attempt, error);
        if (interrupted) return { error: interrupted, durationMs: elapsed() };
      }
    }
  }

  /** Journals and reports a retry, then sleeps its backoff; the interruption when the sleep was cut short. */
  private async backOff(step: PlanStep, attempt: number, error: Error): Promise<Error | undefined> {
    const delayMs = backoffDelayMs(this.settings.policy, attempt, this.random);
    this.recorder.record({ type: 'retry', stepId: step.id, attempt, delayMs, error: recordedError(error) });
    this.retries[error.name] = (this.retries[error.name] ?? 0) + 1;
    this.emit({ type: 'step-retry', at: this.clock.now(), step, attempt, error, delayMs });
    try {
      await this.clock.sleep(delayMs, this.options.signal);
      return undefined;
    } catch (interrupted) {
      return asError(interrupted);
    }
  }

  private emit(event: ApplyEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's failure is the renderer's problem; the apply goes on.
    }
  }
}
