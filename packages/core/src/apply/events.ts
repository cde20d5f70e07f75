/**
 * What the executor reports while it applies a plan, and what it returns. Renderers (human,
 * JSON lines, live progress) live in the CLI and subscribe through `onEvent`.
 */
import type { PlanStep, RollbackAlias } from '../plan/plan.js';
import type { UnsettledAlias } from './unsettled.js';
import type { TxtProofCreated } from './step-context.js';

/**
 * `interrupted`: the drain signal (first SIGINT/SIGTERM) stopped new steps; started moves were
 * finished, the rest is left for `resume`. `aborted`: the abort signal (second signal) stopped at
 * once; also resumable from the journal. `rolled-back`: a step with a rollback recipe failed and
 * the recipe put its aliases (and their DNS) back on their sources; every other branch finished
 * (re-plan to try again). `window-closed`: the maintenance window left too little time to start
 * the remaining steps (listed in `notStarted`); started moves were finished; `resume` in the next
 * window continues.
 */
export type ApplyStatus = 'succeeded' | 'failed' | 'stale' | 'aborted' | 'interrupted' | 'rolled-back' | 'window-closed';

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

/**
 * What became of the aliases of a failed rollback trigger (`Plan.rollbacks`):
 * - `done`: the recipe ran; the aliases and their DNS are back on their sources;
 * - `failed`: a recipe step failed (see `failed`; a re-add refused because another writer holds the
 *   alias names the holder); the aliases not re-added are in `ApplyResult.unsettled`;
 * - `incomplete`: the apply was aborted before the recipe finished; `resume` continues it;
 * - `stopped`: `onFailure: 'stop'`: no rollback ran; the aliases are on no distribution until
 *   `resume` (after fixing the cause) adds them to their targets.
 */
export interface RollbackReport {
  /** Id of the forward step whose failure started (or, stopped, would have started) the recipe. */
  readonly trigger: string;
  readonly aliases: readonly RollbackAlias[];
  readonly status: 'done' | 'failed' | 'incomplete' | 'stopped';
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
  /** One report per rollback trigger that failed (this run, or a rollback resumed); absent when none. */
  readonly rollbacks?: readonly RollbackReport[];
  /**
   * Aliases left between their source and target (taken off the source, neither added to the
   * target nor put back), read again at the end of the run: on no distribution, taken by another
   * writer (with the holder), or unknown. Absent when none.
   */
  readonly unsettled?: readonly UnsettledAlias[];
}

export type ApplyEvent =
  | {
      readonly type: 'apply-start';
      readonly at: number;
      readonly planDigest: string;
      readonly stepCount: number;
      /** The engine version running the apply (`ENGINE_VERSION`). */
      readonly engineVersion: string;
    }
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
  | {
      readonly type: 'step-done';
      readonly at: number;
      readonly step: PlanStep;
      readonly durationMs: number;
      /** A move CloudFront first refused for its TXT record: the record created before its one retry. */
      readonly txtProof?: TxtProofCreated;
    }
  | { readonly type: 'step-failed'; readonly at: number; readonly step: PlanStep; readonly error: Error }
  /**
   * A rollback trigger failed and its recipe starts (`error`: the trigger's failure; absent when a
   * resume continues a rollback an earlier run started).
   */
  | {
      readonly type: 'rollback-start';
      readonly at: number;
      readonly trigger: string;
      readonly aliases: readonly RollbackAlias[];
      readonly error?: Error;
    }
  | { readonly type: 'rollback-done'; readonly at: number; readonly trigger: string; readonly aliases: readonly RollbackAlias[] }
  /** A recipe step failed; `error` is its failure (the first, when several). */
  | {
      readonly type: 'rollback-failed';
      readonly at: number;
      readonly trigger: string;
      readonly aliases: readonly RollbackAlias[];
      readonly error: Error;
    }
  | { readonly type: 'apply-end'; readonly at: number; readonly result: ApplyResult };

export type ApplyEventListener = (event: ApplyEvent) => void;
