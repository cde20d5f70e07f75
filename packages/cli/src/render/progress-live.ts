/**
 * Apply progress on a terminal: a live list of the plan's steps, grouped by phase, drawn by listr2
 * (spinner for running steps, elapsed time against the expected wait, retries under the step,
 * a tick with the step's duration when done). Used only when stdout is a terminal; elsewhere the
 * line renderer (apply-human.ts) writes one line per event.
 *
 * The executor decides what runs and when; listr2 only draws. Each step is a listr2 task whose
 * function waits for the executor's events for that step. A step not started yet is kept in
 * listr2's "waiting" state (its `enabled` check resolves only once the step starts), so only the
 * steps actually running spin. Times come from the apply clock, so a sandbox run shows simulated
 * durations. A rollback recipe is a group of its own, held back the same way: it appears only when
 * its rollback starts, and never when no rollback ran.
 */
import { Listr, ProcessOutput, type ListrTask, type ListrTaskWrapper } from 'listr2';
import type { ApplyEvent, ApplyEventListener, Clock, Plan, PlanStep, RollbackRecipe } from '@cfalias/core';
import { describeError } from './call-context.js';
import { distributionLabeler, formatDuration, formatDurationMs, type Colors } from './format.js';
import { aliasNames, describeRecipe, describeReturn } from './rollbacks.js';
import { expectedWaitSeconds, stepDetail, stepLabel, zoneNamesOf, type StepTiming } from './steps.js';

/** Running titles name at most this many aliases of a step (the plan lists them all). */
const LIST_LIMIT = 3;
/** How often running titles refresh their elapsed time, in real milliseconds. */
const TICK_MS = 250;

export interface LiveProgressOptions {
  /** The terminal to draw on. */
  readonly stream: NodeJS.WriteStream;
  /** Writes to it while the list is drawn are held back and shown after it (listr2 ProcessOutput). */
  readonly stderr: NodeJS.WriteStream;
  readonly colors: Colors;
  /** The apply clock: elapsed times are read from it. */
  readonly clock: Clock;
  readonly timing?: StepTiming;
}

export interface LiveProgress {
  readonly onEvent: ApplyEventListener;
  /** Once apply has returned: marks steps that never started, stops drawing, resolves when the list is final. */
  finish(): Promise<void>;
}

type Ending =
  | { readonly kind: 'done'; readonly durationMs: number }
  | { readonly kind: 'skipped'; readonly message: string }
  | { readonly kind: 'failed'; readonly error: Error }
  | { readonly kind: 'not-started' };

interface StepState {
  readonly step: PlanStep;
  readonly started: Deferred<boolean>;
  readonly ended: Deferred<Ending>;
  startedAt?: number;
  task?: ListrTaskWrapper<unknown, never, never>;
}

/** A rollback's group: resolved true when its rollback starts, false at the end when it never did. */
interface RollbackState {
  readonly started: Deferred<boolean>;
  group?: ListrTaskWrapper<unknown, never, never>;
}

export function startLiveProgress(plan: Plan, options: LiveProgressOptions): LiveProgress {
  const { colors, clock, timing } = options;
  const label = distributionLabeler(plan.distributions);
  const recipes = plan.rollbacks ?? [];
  const allSteps = [...plan.steps, ...recipes.flatMap((r) => r.steps)];
  const zoneNames = zoneNamesOf(allSteps);
  const states = new Map<string, StepState>(
    allSteps.map((step) => [step.id, { step, started: deferred<boolean>(), ended: deferred<Ending>() }] as const),
  );
  /** Per recipe trigger: resolved true when its rollback starts, false at the end when it never did. */
  const rollbacks = new Map<string, RollbackState>(recipes.map((r) => [r.trigger, { started: deferred<boolean>() }] as const));

  const baseTitle = (step: PlanStep): string => {
    const detail = stepDetail(step, label, LIST_LIMIT);
    return `${stepLabel(step, label, zoneNames)}${detail ? `: ${detail}` : ''}`;
  };
  const expected = (step: PlanStep): string => {
    const seconds = expectedWaitSeconds(step, timing);
    return seconds === undefined ? '' : ` / ~${formatDuration(seconds)}`;
  };
  const runningTitle = (state: StepState): string =>
    `${baseTitle(state.step)}  ${colors.dim(`${formatDurationMs(clock.now() - (state.startedAt ?? clock.now()))}${expected(state.step)}`)}`;

  const titles: StepTitles = { base: baseTitle, running: runningTitle, colors };
  const stepTask = (state: StepState): ListrTask => stepTaskOf(state, titles);

  const rollbackGroup = (recipe: RollbackRecipe): ListrTask => {
    const rollback = rollbacks.get(recipe.trigger)!;
    let checked = false;
    return {
      title: `Rollback of ${aliasNames(recipe.aliases)}`,
      // Hidden until the rollback starts; disabled (never drawn) when it does not.
      enabled: () => {
        if (!checked) {
          checked = true;
          return false;
        }
        return rollback.started.promise;
      },
      task: (_ctx, task) => {
        rollback.group = wrapperOf(task);
        task.title = colors.yellow(`Rolling back: ${describeRecipe(recipe, label)}`);
        return task.newListr(
          recipe.steps.map((s) => stepTask(states.get(s.id)!)),
          { concurrent: true, exitOnError: false },
        );
      },
    };
  };

  const phases = [...new Set(plan.steps.map((s) => s.phase))].sort((a, b) => a - b);
  const list = new Listr(
    [
      ...phases.map((phase): ListrTask => ({
        title: `Phase ${phase}`,
        task: (_ctx, task) =>
          task.newListr(
            plan.steps.filter((s) => s.phase === phase).map((s) => stepTask(states.get(s.id)!)),
            { concurrent: true, exitOnError: false },
          ),
      })),
      ...recipes.map(rollbackGroup),
    ],
    listOptions(options),
  );
  const running = list.run().catch(() => undefined);
  const ticker = setInterval(() => {
    for (const state of states.values()) {
      if (state.task && state.startedAt !== undefined && !state.ended.settled) state.task.title = runningTitle(state);
    }
  }, TICK_MS);
  ticker.unref();

  const onEvent = (event: ApplyEvent): void => showEvent(event, { states, rollbacks, colors, label });

  return {
    onEvent,
    async finish() {
      for (const rollback of rollbacks.values()) rollback.started.resolve(false);
      for (const state of states.values()) {
        state.started.resolve(false);
        state.ended.resolve({ kind: 'not-started' });
      }
      await running;
      clearInterval(ticker);
    },
  };
}

/** How a step's task is titled: what it does, and while it runs how long it has been running. */
interface StepTitles {
  readonly base: (step: PlanStep) => string;
  readonly running: (state: StepState) => string;
  readonly colors: Colors;
}

/**
 * The listr2 task of one step. First call of `enabled` (listr2 checks every task up front): shown,
 * waiting. Later calls (right before running it): the task is held back until the executor starts
 * the step; it then follows the step's ending.
 */
function stepTaskOf(state: StepState, titles: StepTitles): ListrTask {
  let checked = false;
  return {
    title: titles.base(state.step),
    enabled: () => {
      if (!checked) {
        checked = true;
        return true;
      }
      return state.started.promise.then(() => true);
    },
    task: async (_ctx, task) => {
      const ran = await state.started.promise;
      if (!ran) {
        task.skip(`${titles.base(state.step)} (not started)`);
        return;
      }
      state.task = wrapperOf(task);
      task.title = titles.running(state);
      const ending = await state.ended.promise;
      switch (ending.kind) {
        case 'done':
          task.title = `${titles.base(state.step)}  ${titles.colors.dim(formatDurationMs(ending.durationMs))}`;
          return;
        case 'skipped':
          task.skip(`${titles.base(state.step)} (${ending.message})`);
          return;
        case 'failed':
          task.title = titles.base(state.step);
          throw new Error(describeError(ending.error));
        case 'not-started':
          task.skip(`${titles.base(state.step)} (stopped)`);
          return;
        default: {
          const never: never = ending;
          throw new Error(`unexpected step ending: ${JSON.stringify(never)}`);
        }
      }
    },
  };
}

/** listr2's options: every group side by side, nothing collapsed, drawn on the terminal we were given. */
function listOptions(options: LiveProgressOptions): ConstructorParameters<typeof Listr>[1] {
  return {
    concurrent: true,
    exitOnError: false,
    registerSignalListeners: false,
    fallbackRendererCondition: false,
    silentRendererCondition: false,
    renderer: 'default',
    rendererOptions: {
      collapseSubtasks: false,
      collapseErrors: false,
      showErrorMessage: true,
      collapseSkips: true,
      showSkipMessage: true,
    },
    processOutput: new ProcessOutput(options.stream, options.stderr),
  } as ConstructorParameters<typeof Listr>[1];
}

/** What the list shows of the steps and rollbacks, and how it names distributions. */
interface ListView {
  readonly states: ReadonlyMap<string, StepState>;
  readonly rollbacks: ReadonlyMap<string, RollbackState>;
  readonly colors: Colors;
  readonly label: (id: string) => string;
}

/** One executor event, shown: it settles the step's (or the rollback's) state and retitles its task. */
function showEvent(event: ApplyEvent, view: ListView): void {
  const { states, rollbacks, colors, label } = view;
  if (event.type === 'apply-start' || event.type === 'apply-end') return;
  if (event.type === 'rollback-start' || event.type === 'rollback-done' || event.type === 'rollback-failed') {
    const rollback = rollbacks.get(event.trigger);
    if (!rollback) return;
    rollback.started.resolve(true);
    if (event.type === 'rollback-done' && rollback.group)
      rollback.group.title = colors.green(`Rolled back: ${describeReturn(event.aliases, label)}`);
    if (event.type === 'rollback-failed' && rollback.group)
      rollback.group.title = colors.red(`Rollback of ${aliasNames(event.aliases)} failed`);
    return;
  }
  const state = states.get(event.step.id);
  if (!state) return;
  switch (event.type) {
    case 'step-start':
      state.startedAt ??= event.at;
      if (state.task) state.task.output = `attempt ${event.attempt}`;
      state.started.resolve(true);
      return;
    case 'step-retry':
      if (state.task) {
        state.task.output = colors.yellow(
          `attempt ${event.attempt} failed (${describeError(event.error)}); retrying in ${formatDurationMs(event.delayMs)}`,
        );
      }
      return;
    case 'step-skip':
      state.started.resolve(true);
      state.ended.resolve({ kind: 'skipped', message: event.reason === 'postcondition-holds' ? 'already done' : 'nothing to wait for' });
      return;
    case 'step-done':
      state.ended.resolve({ kind: 'done', durationMs: event.durationMs });
      return;
    case 'step-failed':
      state.started.resolve(true);
      state.ended.resolve({ kind: 'failed', error: event.error });
      return;
    default: {
      const never: never = event;
      throw new Error(`unexpected apply event: ${JSON.stringify(never)}`);
    }
  }
}

/** listr2 types a task's wrapper by its list's generics; these lists carry no context, so one wrapper type serves all. */
function wrapperOf(task: unknown): ListrTaskWrapper<unknown, never, never> {
  return task as ListrTaskWrapper<unknown, never, never>;
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly settled: boolean;
  resolve(value: T): void;
}

/** A promise resolved from outside; later resolves are ignored (the first ending wins). */
function deferred<T>(): Deferred<T> {
  let settle!: (value: T) => void;
  let settled = false;
  const promise = new Promise<T>((resolve) => {
    settle = resolve;
  });
  return {
    promise,
    get settled() {
      return settled;
    },
    resolve(value) {
      if (settled) return;
      settled = true;
      settle(value);
    },
  };
}
