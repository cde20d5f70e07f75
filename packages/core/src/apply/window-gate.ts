/**
 * The maintenance window on the executor's side. Outside `[start, end)` nothing starts
 * (OutsideWindowError, before any call or journal entry) unless a resume has a started move to
 * finish. During the run a forward step is not started when `now + gate` is past `end`, where its
 * gate is the largest `remainingSeconds` of it and the writes that follow it; a step held so is
 * reported in `notStarted` and the run ends `window-closed`.
 */
import type { MaintenanceWindow } from '../desired/desired.js';
import type { PlanStep } from '../plan/plan.js';
import type { StepGraph } from './step-graph.js';

export interface WindowBounds {
  readonly doc: MaintenanceWindow;
  /** Clock milliseconds. */
  readonly start: number;
  readonly end: number;
}

export function windowBounds(window: MaintenanceWindow | null | undefined): WindowBounds | undefined {
  if (!window) return undefined;
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) {
    throw new RangeError(`window ${window.start} – ${window.end} is not a valid time range`);
  }
  return { doc: window, start, end };
}

export function insideWindow(window: WindowBounds, now: number): boolean {
  return now >= window.start && now < window.end;
}

export class WindowGate {
  /** Per step: the largest `remainingSeconds` of it and the writes after it (undefined: none). */
  private readonly gates: (number | undefined)[];
  /** Set when the window held back a step at least once. */
  held = false;

  constructor(
    graph: StepGraph,
    private readonly window: WindowBounds | undefined,
  ) {
    this.gates = gateSeconds(graph);
  }

  get active(): boolean {
    return this.window !== undefined;
  }

  /**
   * A step with no write at or after it (a wait or verify closing work already done) always may.
   * Any other must start inside `[start, end)` with room for its gate seconds before `end`.
   */
  allows(i: number, now: number): boolean {
    const window = this.window;
    const gate = this.gates[i];
    if (!window || gate === undefined) return true;
    return insideWindow(window, now) && now + gate * 1000 <= window.end;
  }
}

/**
 * Per forward step, the window gate: the largest `remainingSeconds` among it and the forward steps
 * after it, where a write without one (a plan made without a window) counts 0 and a read counts
 * nothing. So a DNS change that only prepares a move is not started when the move would not be.
 */
function gateSeconds(graph: StepGraph): (number | undefined)[] {
  const gates: (number | undefined)[] = graph.steps.map(() => undefined);
  for (const i of [...graph.order].reverse()) {
    if (!graph.isForward(i)) continue;
    let gate = ownGate(graph.steps[i]!);
    for (const d of graph.dependents[i]!) {
      const after = gates[d];
      if (after !== undefined) gate = Math.max(gate ?? 0, after);
    }
    gates[i] = gate;
  }
  return gates;
}

function ownGate(step: PlanStep): number | undefined {
  switch (step.kind) {
    case 'update-aliases':
    case 'move-alias':
    case 'set-enabled':
      return step.remainingSeconds ?? 0;
    case 'change-dns':
      return 0;
    default:
      return undefined;
  }
}
