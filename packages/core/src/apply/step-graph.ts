/**
 * The run's step graph and the generic DAG walk over it. The graph holds every step of a run (the
 * plan's forward steps, then every rollback recipe's steps), each step's state, the dependency
 * counts, and the heap of steps ready to start; the walk starts ready steps with bounded
 * parallelism until nothing is in flight and nothing more can start. Neither knows what a step
 * does: the apply run (apply-run.ts) supplies that, and the policies of what may start.
 */
import type { PlanStep } from '../plan/plan.js';

/**
 * `journaled`: done before this run, per the journal (resume). `dormant`: a rollback step whose
 * trigger has not failed. `rolled-back`: a trigger whose rollback an earlier segment started (not
 * run again). `abandoned` (resume): a forward step not done that such a trigger depends on; the
 * cutover it prepares was given up, so it does not run (reported in `notStarted`).
 */
export type StepState = 'pending' | 'running' | 'completed' | 'skipped' | 'failed' | 'journaled' | 'dormant' | 'rolled-back' | 'abandoned';

export function isDone(state: StepState): boolean {
  return state === 'completed' || state === 'skipped' || state === 'journaled';
}

export class StepGraph {
  /** Per step: how many of its dependencies have not released it yet. */
  readonly waitingOn: number[];
  /** Per step: the steps that depend on it. */
  readonly dependents: number[][];
  /** A topological order of every step. */
  readonly order: readonly number[];
  readonly state: StepState[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** Steps whose dependencies are all released, in plan order (stale entries are skipped on pop). */
  readonly ready = new IndexHeap();
  /** Failed steps and their errors. */
  readonly failures = new Map<number, Error>();

  /** `steps`: forward steps first (`forwardCount` of them), then recipe steps; `done`: journaled ids. */
  constructor(
    readonly steps: readonly PlanStep[],
    readonly forwardCount: number,
    done: ReadonlySet<string>,
  ) {
    const graph = dependencyGraph(steps);
    this.waitingOn = graph.waitingOn;
    this.dependents = graph.dependents;
    this.order = graph.order;
    this.indexOf = new Map(steps.map((s, i) => [s.id, i] as const));
    this.state = steps.map((s, i) => (done.has(s.id) ? 'journaled' : i < forwardCount ? 'pending' : 'dormant'));
  }

  isForward(i: number): boolean {
    return i < this.forwardCount;
  }

  /** Journaled steps release their dependents (before the first step starts). */
  releaseJournaled(): void {
    this.steps.forEach((_, i) => {
      if (this.state[i] === 'journaled') for (const d of this.dependents[i]!) this.waitingOn[d]!--;
    });
  }

  /** Pushes every pending forward step with nothing left to wait on. */
  pushReadyForward(): void {
    for (let i = 0; i < this.forwardCount; i++) if (this.waitingOn[i] === 0 && this.state[i] === 'pending') this.ready.push(i);
  }

  /** A settled step lets its dependents go; those with nothing left to wait on become ready. */
  release(i: number): void {
    for (const d of this.dependents[i]!) if (--this.waitingOn[d]! === 0 && this.state[d] === 'pending') this.ready.push(d);
  }

  /** A dormant step becomes pending (its recipe started), and ready when it waits on nothing. */
  activate(i: number): void {
    if (this.state[i] !== 'dormant') return;
    this.state[i] = 'pending';
    if (this.waitingOn[i] === 0) this.ready.push(i);
  }

  /** Makes `after` wait for `before` too (which has not settled). */
  addDependency(before: number, after: number): void {
    this.dependents[before]!.push(after);
    this.waitingOn[after]!++;
  }

  /** May step `i` start now: pending and waiting on nothing? */
  startable(i: number): boolean {
    return this.state[i] === 'pending' && this.waitingOn[i] === 0;
  }

  /** Ids of the steps in `state`, in run order. */
  idsIn(state: StepState): string[] {
    return this.steps.filter((_, i) => this.state[i] === state).map((s) => s.id);
  }

  /** Ids of the forward steps that are done (this run or journaled). */
  doneForwardIds(): Set<string> {
    const done = new Set<string>();
    for (let j = 0; j < this.forwardCount; j++) if (isDone(this.state[j]!)) done.add(this.steps[j]!.id);
    return done;
  }

  /** Every step that `i` transitively depends on, each once, nearest first. */
  ancestors(i: number): number[] {
    const seen = new Set<number>();
    const stack = [...this.steps[i]!.dependsOn];
    const out: number[] = [];
    while (stack.length > 0) {
      const j = this.indexOf.get(stack.pop()!);
      if (j === undefined || seen.has(j)) continue;
      seen.add(j);
      out.push(j);
      stack.push(...this.steps[j]!.dependsOn);
    }
    return out;
  }
}

export interface DagWalk {
  readonly concurrency: number;
  /** The next step that may start now (taken off the ready heap), or undefined. */
  next(): number | undefined;
  /** Runs one step to its end, settling its state; never rejects. */
  run(i: number): Promise<void>;
  /** Nothing in flight and nothing startable: true when more work was made ready (the walk goes on). */
  whenIdle(): boolean;
}

/** Starts steps as `next` offers them, at most `concurrency` at once, until the walk is idle for good. */
export function walkDag(walk: DagWalk): Promise<void> {
  return new Promise<void>((resolve) => {
    let inFlight = 0;
    let finished = false;
    const pump = (): void => {
      while (inFlight < walk.concurrency) {
        const i = walk.next();
        if (i === undefined) break;
        inFlight++;
        void walk.run(i).then(() => {
          inFlight--;
          pump();
        });
      }
      if (!finished && inFlight === 0) {
        if (walk.whenIdle()) return pump();
        finished = true;
        resolve();
      }
    };
    pump();
  });
}

/**
 * Dependency counts and dependents by step index, plus a topological order (Kahn). Dependencies on
 * unknown ids are ignored here (checkPlanApplicable refuses them first); duplicates count once.
 */
export function dependencyGraph(steps: readonly PlanStep[]): { waitingOn: number[]; dependents: number[][]; order: number[] } {
  const index = new Map<string, number>();
  steps.forEach((s, i) => index.set(s.id, i));
  const waitingOn = steps.map(() => 0);
  const dependents: number[][] = steps.map(() => []);
  steps.forEach((step, i) => {
    for (const dep of new Set(step.dependsOn)) {
      const d = index.get(dep);
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
export class IndexHeap {
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
