/**
 * Estimates over the step DAG: the critical path in seconds (a `wait-deployed` lasts
 * `deploySeconds`, a `wait-dns` lasts `dnsSyncSeconds`, every API call 0 s) and the number of
 * sequential deployment waits. Steps must come in topological order (as `scheduleSteps` returns them).
 */
import { DEFAULT_DEPLOY_SECONDS, DEFAULT_DNS_SYNC_SECONDS, type Inventory } from '../inventory/inventory.js';
import type { PlanEstimate, PlanStep } from './plan.js';

export interface StepTiming {
  readonly deploySeconds: number;
  readonly dnsSyncSeconds: number;
}

export interface EstimateResult {
  readonly estimate: PlanEstimate;
  /** Earliest finish of each step, in seconds from the start of apply. */
  readonly finishes: ReadonlyMap<string, number>;
}

export function timingOf(inventory: Pick<Inventory, 'timing'>): StepTiming {
  return {
    deploySeconds: inventory.timing?.deploySeconds ?? DEFAULT_DEPLOY_SECONDS,
    dnsSyncSeconds: inventory.timing?.dnsSyncSeconds ?? DEFAULT_DNS_SYNC_SECONDS,
  };
}

/** What the estimate needs of a step (scheduler drafts qualify too). */
export type TimedStep = Pick<PlanStep, 'id' | 'kind' | 'dependsOn'>;

function stepSeconds(step: TimedStep, timing: StepTiming): number {
  const kind = step.kind;
  switch (kind) {
    case 'wait-deployed':
      return timing.deploySeconds;
    case 'wait-dns':
      return timing.dnsSyncSeconds;
    case 'update-aliases':
    case 'move-alias':
    case 'set-enabled':
    case 'change-dns':
    case 'verify':
      return 0;
    default: {
      const never: never = kind;
      throw new Error(`unknown step kind ${String(never)}`);
    }
  }
}

export function estimateSteps(steps: readonly TimedStep[], timing: StepTiming): EstimateResult {
  const finishes = new Map<string, number>();
  const waits = new Map<string, number>();
  let seconds = 0;
  let waitPhases = 0;
  steps.forEach((step) => {
    let start = 0;
    let waitsBefore = 0;
    for (const dep of step.dependsOn) {
      const finish = finishes.get(dep);
      if (finish === undefined) throw new Error(`step ${step.id} comes before its dependency ${dep}`);
      start = Math.max(start, finish);
      waitsBefore = Math.max(waitsBefore, waits.get(dep)!);
    }
    const finish = start + stepSeconds(step, timing);
    const waitsThrough = waitsBefore + (step.kind === 'wait-deployed' ? 1 : 0);
    finishes.set(step.id, finish);
    waits.set(step.id, waitsThrough);
    seconds = Math.max(seconds, finish);
    waitPhases = Math.max(waitPhases, waitsThrough);
  });
  return { estimate: { seconds, waitPhases }, finishes };
}

/**
 * Per step: critical-path seconds from its start to the end of the plan (its own duration plus the
 * longest chain of dependents after it). Steps must come in topological order.
 */
export function remainingSeconds(steps: readonly TimedStep[], timing: StepTiming): Map<string, number> {
  const after = new Map<string, number>();
  const tails = new Map<string, number>();
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    const tail = stepSeconds(step, timing) + (after.get(step.id) ?? 0);
    tails.set(step.id, tail);
    for (const dep of step.dependsOn) after.set(dep, Math.max(after.get(dep) ?? 0, tail));
  }
  return tails;
}
