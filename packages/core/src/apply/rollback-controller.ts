/**
 * The rollback controller of a run (`onFailure: 'rollback'`, the default). When a step that
 * triggers a recipe of `plan.rollbacks` fails (rollback.ts `failureStartsRollback`), its recipe's
 * steps become runnable in the same walk, with the same guards; its forward dependents never start;
 * independent branches go on. Once the forward walk has settled, a trigger that never started
 * because a step it depends on failed gets its recipe too (a sibling branch may have removed its
 * aliases already; the recipe's guards skip what never left its source). Recipe steps start even
 * while draining or after the window closed: a started move always completes or rolls back. Only
 * the abort signal stops them (resume continues them).
 */
import type { Clock } from '../clock.js';
import { StalePlanError } from '../errors.js';
import type { Plan, PlanStep, RollbackRecipe } from '../plan/plan.js';
import type { CutoverProvider } from '../ports.js';
import { aliasEditInEffect } from './conditions.js';
import type { ApplyEvent, RollbackReport } from './events.js';
import { recordedError, type JournalRecorder } from './journal-recorder.js';
import { DEFAULT_ON_FAILURE, failureStartsRollback, type OnFailure } from './rollback.js';
import { isDone, type StepGraph } from './step-graph.js';

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

export interface RollbackControllerOptions {
  readonly plan: Plan;
  readonly graph: StepGraph;
  readonly recorder: JournalRecorder;
  readonly clock: Clock;
  readonly provider: CutoverProvider;
  readonly onFailure: OnFailure | undefined;
  readonly signal: AbortSignal | undefined;
  readonly emit: (event: ApplyEvent) => void;
}

export class RollbackController {
  private readonly graph: StepGraph;
  private readonly recipes: RecipeRun[];
  private readonly recipeOfTrigger = new Map<number, RecipeRun>();
  private readonly recipeOfStep = new Map<number, RecipeRun>();
  /** Failed forward steps that blocked a trigger whose recipe then ran: that recipe speaks for them. */
  private readonly blockingFailures = new Set<number>();
  /** Forward verify index → aliases an active recipe put back on its distribution. */
  private readonly verifyExtras = new Map<number, string[]>();

  constructor(private readonly options: RollbackControllerOptions) {
    const graph = options.graph;
    this.graph = graph;
    this.recipes = (options.plan.rollbacks ?? []).map((recipe) => ({
      recipe,
      trigger: graph.indexOf.get(recipe.trigger)!,
      indices: recipe.steps.map((s) => graph.indexOf.get(s.id)!),
      phase: 'dormant',
      concluded: null,
    }));
    for (const run of this.recipes) {
      this.recipeOfTrigger.set(run.trigger, run);
      for (const i of run.indices) this.recipeOfStep.set(i, run);
    }
  }

  private get rollingBack(): boolean {
    return (this.options.onFailure ?? DEFAULT_ON_FAILURE) === 'rollback';
  }

  /** Nothing new may start: aborted, or the journal refused an entry. */
  private get halted(): boolean {
    return this.options.signal?.aborted === true || this.options.recorder.broken !== undefined;
  }

  /**
   * Resume: rollbacks an earlier segment started. Their triggers are not run again; unfinished
   * recipes go on. `staleFailures`: forward steps the journal shows refused as stale; a trigger
   * whose rollback was done and those among the abandoned ancestors keep that failure.
   */
  resume(
    rollbacks: ReadonlyMap<string, 'started' | 'done' | 'failed'> | undefined,
    staleFailures: ReadonlyMap<string, StalePlanError> = new Map(),
  ): void {
    for (const [trigger, status] of rollbacks ?? []) {
      const run = this.recipes.find((r) => r.recipe.trigger === trigger);
      if (!run) continue;
      this.graph.state[run.trigger] = 'rolled-back';
      // A trigger refused as stale whose rollback was already done keeps that refusal: nothing in
      // this run re-checks it, so it reports it beside the rollback as the earlier segment did. A
      // recipe still to finish speaks for itself (its re-add succeeding means the alias is back).
      const refusal = staleFailures.get(trigger);
      if (refusal && status === 'done') this.graph.failures.set(run.trigger, refusal);
      this.abandonAncestors(run.trigger, staleFailures);
      if (status === 'done') {
        run.phase = 'active';
        run.concluded = 'done';
        this.adaptSourceVerifies(run);
      } else {
        this.activate(run);
      }
    }
  }

  /**
   * After a step settled: a failed trigger starts its recipe (or is recorded stopped); a recipe
   * whose steps have all settled concludes.
   */
  afterSettle(i: number): void {
    const triggered = this.recipeOfTrigger.get(i);
    if (triggered && this.graph.state[i] === 'failed' && triggered.phase === 'dormant') {
      const error = this.graph.failures.get(i)!;
      if (failureStartsRollback(error) && !this.halted) {
        if (this.rollingBack) this.activate(triggered, error);
        else triggered.phase = 'stopped';
      }
    }
    const owner = this.recipeOfStep.get(i);
    if (owner) this.conclude(owner, { onlyWhenSettled: true });
  }

  /**
   * Once the forward walk has settled (nothing in flight, nothing startable): under `onFailure:
   * 'rollback'`, every dormant recipe whose trigger never started because a forward step it
   * depends on failed (a failure that starts rollbacks) is activated, with that failure as its
   * `rollback-start` error. A sibling branch may already have removed the trigger's aliases from
   * their sources (a swap whose one removal fails after the other landed); the recipe's guards
   * keep it minimal: an alias still on its source is skipped, a DNS record never repointed too.
   * Triggers held only by a drain or the window are not activated (nothing upstream failed).
   * True when a recipe was activated (its steps are ready).
   */
  activateBlocked(): boolean {
    if (!this.rollingBack || this.halted) return false;
    let activated = false;
    for (const run of this.recipes) {
      if (run.phase !== 'dormant' || this.graph.state[run.trigger] !== 'pending' || !this.someAliasLeftItsSource(run)) continue;
      const causes = this.upstreamFailures(run.trigger);
      if (causes.length === 0) continue;
      if (this.activate(run, this.graph.failures.get(causes[0]!))) {
        activated = true;
        // A stale precondition keeps its own status (exit 4, expected vs found): the rollback
        // that follows it is reported beside it, not instead of it.
        for (const cause of causes) if (!(this.graph.failures.get(cause) instanceof StalePlanError)) this.blockingFailures.add(cause);
      }
    }
    return activated;
  }

  /** At the end of the run: every active recipe concludes, even with steps left that an abort kept from running. */
  concludeAll(): void {
    for (const run of this.recipes) this.conclude(run, { onlyWhenSettled: false });
  }

  /**
   * The step as run: a forward `verify` of a distribution that an active recipe re-adds aliases to
   * expects those aliases too (the recipe put them back; without them the verify would call the
   * rollback stale). Events and the journal keep the plan's step.
   */
  stepToRun(i: number): PlanStep {
    const step = this.graph.steps[i]!;
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
  async landedAfterAll(i: number, error: Error): Promise<boolean> {
    const step = this.graph.steps[i]!;
    if (step.kind !== 'update-aliases' || !this.recipeOfTrigger.has(i)) return false;
    if (!failureStartsRollback(error) || error instanceof StalePlanError || this.options.signal?.aborted) return false;
    try {
      const signal = this.options.signal;
      const live = await this.options.provider.readDistribution(step.distribution, signal ? { signal } : {});
      return aliasEditInEffect(live.aliases, step);
    } catch {
      return false;
    }
  }

  /** Steps whose failures a recipe speaks for (its trigger, its own steps, failures that blocked it). */
  handledSteps(): Set<number> {
    const active = this.recipes.filter((r) => r.phase === 'active');
    return new Set<number>([...active.flatMap((r) => [r.trigger, ...r.indices]), ...this.blockingFailures]);
  }

  /**
   * How the recipes that ran ended; `failedSteps`: the failed steps of those that failed;
   * `triggers`: the triggers of those that ran.
   */
  outcome(): { active: number; done: number; failed: number; failedSteps: number[]; triggers: number[] } {
    const active = this.recipes.filter((r) => r.phase === 'active');
    const failed = active.filter((r) => r.concluded === 'failed');
    return {
      active: active.length,
      done: active.filter((r) => r.concluded === 'done').length,
      failed: failed.length,
      failedSteps: failed.flatMap((r) => r.indices.filter((i) => this.graph.failures.has(i))),
      triggers: active.map((r) => r.trigger),
    };
  }

  reports(): RollbackReport[] {
    return this.recipes
      .filter((r) => r.phase !== 'dormant')
      .map((r) => ({
        trigger: r.recipe.trigger,
        aliases: r.recipe.aliases,
        status: r.phase === 'stopped' ? 'stopped' : (r.concluded ?? 'incomplete'),
      }));
  }

  /**
   * May a forward removal of one of the recipe's aliases from its source (or, for a re-enable recipe,
   * the disable of its distribution) have taken effect (this run or before a resume)? Done, or failed after its write may have landed (a lost answer); a
   * stale refusal wrote nothing. If none may have, every alias is still where it was and there is
   * nothing to roll back: the blocked trigger is simply not started (a plan stale at its first
   * step stays stale, exit 4, with nothing changed).
   */
  private someAliasLeftItsSource(run: RecipeRun): boolean {
    const { graph } = this;
    const sources = new Map(run.recipe.aliases.map((a) => [a.alias, a.source] as const));
    // A re-enable recipe: whether the forward disable of a distribution it re-enables may have taken effect.
    const reenabled = new Set(run.recipe.steps.flatMap((s) => (s.kind === 'set-enabled' && s.enabled ? [s.distribution] : [])));
    for (let j = 0; j < graph.forwardCount; j++) {
      const step = graph.steps[j]!;
      const disabled = step.kind === 'set-enabled' && !step.enabled && reenabled.has(step.distribution);
      const removed = step.kind === 'update-aliases' && step.remove.some((alias) => sources.get(alias) === step.distribution);
      if (!disabled && !removed) continue;
      const state = graph.state[j]!;
      if (isDone(state) || (state === 'failed' && !(graph.failures.get(j) instanceof StalePlanError))) return true;
    }
    return false;
  }

  /**
   * The failed forward steps that step `i` transitively depends on whose failures start rollbacks,
   * in plan order (the first is the one a blocked trigger's `rollback-start` names).
   */
  private upstreamFailures(i: number): number[] {
    const { graph } = this;
    return graph
      .ancestors(i)
      .filter((j) => {
        const error = graph.failures.get(j);
        return graph.state[j] === 'failed' && error !== undefined && failureStartsRollback(error);
      })
      .sort((a, b) => a - b);
  }

  /**
   * Resume: the forward steps not done that a rolled-back trigger depends on are abandoned. They
   * only prepared the cutover that rollback gave up (a trigger blocked by an upstream failure);
   * running them now would start moves whose adds never run (e.g. a source's removal). One the
   * journal shows refused as stale is not run again either, but its refusal stands (another writer
   * took its alias, say): it is failed with that error, so the run reports it as the earlier
   * segment did (`stale`), not as a clean rollback.
   */
  private abandonAncestors(trigger: number, staleFailures: ReadonlyMap<string, StalePlanError>): void {
    const { graph } = this;
    const stack = [...graph.steps[trigger]!.dependsOn];
    while (stack.length > 0) {
      const j = graph.indexOf.get(stack.pop()!);
      if (j === undefined || graph.state[j] !== 'pending') continue;
      const refusal = staleFailures.get(graph.steps[j]!.id);
      graph.state[j] = refusal ? 'failed' : 'abandoned';
      if (refusal) graph.failures.set(j, refusal);
      stack.push(...graph.steps[j]!.dependsOn);
    }
  }

  /**
   * Forward verifies of a recipe's sources: expect the rolled-back aliases too, and (when not
   * started yet) run after the recipe's own verify of that source, so they see its end state.
   */
  private adaptSourceVerifies(run: RecipeRun): void {
    const { graph } = this;
    for (let v = 0; v < graph.forwardCount; v++) {
      const step = graph.steps[v]!;
      if (step.kind !== 'verify' || isDone(graph.state[v]!) || graph.state[v] === 'running') continue;
      const back = run.recipe.aliases.filter((a) => a.source === step.distribution).map((a) => a.alias);
      if (back.length === 0) continue;
      this.verifyExtras.set(v, [...(this.verifyExtras.get(v) ?? []), ...back]);
      const last = [...run.indices].reverse().find((r) => {
        const rs = graph.steps[r]!;
        return (
          (rs.kind === 'verify' || rs.kind === 'wait-deployed' || rs.kind === 'update-aliases') && rs.distribution === step.distribution
        );
      });
      if (last === undefined || isDone(graph.state[last]!)) continue;
      graph.addDependency(last, v);
    }
  }

  /**
   * Makes a recipe's steps runnable; `error` is the trigger's failure, or the upstream failure
   * that blocked it (absent on resume). False when the journal refused its `rollback-start`.
   */
  private activate(run: RecipeRun, error?: Error): boolean {
    const { trigger, aliases } = run.recipe;
    // Unrecorded, a rollback must not start: resume would not know it had (the trigger then stays
    // a plain failure, and resume runs it again).
    if (error && !this.options.recorder.record({ type: 'rollback-start', trigger, error: recordedError(error) })) return false;
    run.phase = 'active';
    this.adaptSourceVerifies(run);
    this.options.emit({ type: 'rollback-start', at: this.options.clock.now(), trigger, aliases, ...(error && { error }) });
    for (const i of run.indices) this.graph.activate(i);
    this.conclude(run, { onlyWhenSettled: true });
    return true;
  }

  /**
   * Concludes an active recipe: `done` when every step is done; `failed` when a step failed and
   * nothing of it is running or ready any more. At the end of the run (`onlyWhenSettled` false),
   * a recipe with a failure concludes even if steps are left that could have run (after an abort);
   * one without stays unconcluded (`incomplete`: resume continues it).
   */
  private conclude(run: RecipeRun, { onlyWhenSettled }: { readonly onlyWhenSettled: boolean }): void {
    if (run.phase !== 'active' || run.concluded) return;
    const { graph } = this;
    const states = run.indices.map((i) => graph.state[i]!);
    let status: 'done' | 'failed' | null = null;
    if (states.every(isDone)) status = 'done';
    else if (states.includes('failed')) {
      const busy = run.indices.some((i) => graph.state[i] === 'running' || graph.startable(i));
      if (!onlyWhenSettled || !busy) status = 'failed';
    }
    if (!status) return;
    run.concluded = status;
    const { trigger, aliases } = run.recipe;
    this.options.recorder.record({ type: 'rollback-end', trigger, status });
    const at = this.options.clock.now();
    if (status === 'done') {
      this.options.emit({ type: 'rollback-done', at, trigger, aliases });
    } else {
      const first = run.indices.find((i) => graph.failures.has(i))!;
      this.options.emit({ type: 'rollback-failed', at, trigger, aliases, error: graph.failures.get(first)! });
    }
  }
}
