/**
 * What the executor reports while it applies a plan, and what it returns. Renderers (human,
 * JSON lines, live progress) live in the CLI and subscribe through `onEvent`.
 */
import type { PlanStep } from './plan.js';

/**
 * `interrupted`: the drain signal (first SIGINT/SIGTERM) stopped new steps; started moves were
 * finished, the rest is left for `resume`. `aborted`: the abort signal (second signal) stopped at
 * once; also resumable from the journal.
 */
export type ApplyStatus = 'succeeded' | 'failed' | 'stale' | 'aborted' | 'interrupted';

export type SkipReason = 'postcondition-holds' | 'nothing-to-wait-for';

export interface StepFailure {
  readonly stepId: string;
  readonly error: Error;
}

export interface ApplyMetrics {
  /** Retries by error name (`ThrottlingError`: 3). */
  readonly retries: Readonly<Record<string, number>>;
  /** Simulated or real milliseconds each finished step took, by step id. */
  readonly stepDurationsMs: Readonly<Record<string, number>>;
}

export interface ApplyResult {
  readonly status: ApplyStatus;
  /** Step ids that ran and succeeded. */
  readonly completed: readonly string[];
  /** Step ids not run because their postcondition already held (idempotent re-run). */
  readonly skipped: readonly string[];
  readonly failed: readonly StepFailure[];
  /** Step ids never started (dependents of a failure, or after an abort). */
  readonly notStarted: readonly string[];
  /** Clock milliseconds. */
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly metrics: ApplyMetrics;
  /** The run id the journal records (set when the apply was journaled): what `resume` needs. */
  readonly runId?: string;
  /** On resume: step ids the journal already recorded done; they were not run again. */
  readonly alreadyDone?: readonly string[];
}

export type ApplyEvent =
  | { readonly type: 'apply-start'; readonly at: number; readonly planDigest: string; readonly stepCount: number }
  | { readonly type: 'step-start'; readonly at: number; readonly step: PlanStep; readonly attempt: number }
  | {
      readonly type: 'step-retry';
      readonly at: number;
      readonly step: PlanStep;
      readonly attempt: number;
      readonly error: Error;
      readonly delayMs: number;
    }
  | { readonly type: 'step-skip'; readonly at: number; readonly step: PlanStep; readonly reason: SkipReason }
  | { readonly type: 'step-done'; readonly at: number; readonly step: PlanStep; readonly durationMs: number }
  | { readonly type: 'step-failed'; readonly at: number; readonly step: PlanStep; readonly error: Error }
  | { readonly type: 'apply-end'; readonly at: number; readonly result: ApplyResult };

export type ApplyEventListener = (event: ApplyEvent) => void;
