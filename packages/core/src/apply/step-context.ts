/**
 * What a step runs with (the run's provider, shared reads, route checks) and what it returns.
 * Shared by the step functions (step-runner.ts, dns-steps.ts, rollback-readd.ts).
 */
import type { CallOptions, CutoverProvider } from '../ports.js';
import type { SkipReason } from './events.js';
import type { LiveView } from './live-view.js';
import type { RouteCheck } from './route-checks.js';

/** The `_<alias>` TXT record a move created after CloudFront refused it without one (journaled with its outcome). */
export interface TxtProofCreated {
  readonly zoneId: string;
  /** Fully qualified, trailing dot. */
  readonly name: string;
  /** As written: `"d111.cloudfront.net"`. */
  readonly value: string;
  readonly changeId: string;
}

export type StepOutcome =
  { readonly kind: 'done'; readonly txtProof?: TxtProofCreated } | { readonly kind: 'skipped'; readonly reason: SkipReason };

export interface StepContext {
  /** The provider, its calls paced (mutation-pacing.ts). */
  readonly provider: CutoverProvider;
  /** The run's shared reads. */
  readonly view: LiveView;
  readonly signal?: AbortSignal;
  /**
   * Route 53 change ids returned by this apply's `change-dns` steps, by step id. A `wait-dns` finds
   * its change here; no entry means the change step made no change.
   */
  readonly dnsChanges: Map<string, string>;
  /**
   * Alias → the forward target its rollback trigger failed to reach (`RollbackRecipe.aliases`), for
   * `absent-present` preconditions. Absent: no recipes.
   */
  readonly forwardTargets?: ReadonlyMap<string, string>;
  /** The aliases the plan changes: alias sets are compared on them only. Absent: on every alias. */
  readonly managed?: ReadonlySet<string>;
  /** Route checks by removal step id (route-checks.ts). */
  readonly routes?: ReadonlyMap<string, RouteCheck>;
}

/** What the executor knows about this attempt of the step. */
export interface AttemptFacts {
  /** An earlier attempt of this step in this run may have taken effect with its answer lost. */
  readonly afterLostAnswer: boolean;
  /** The step's effect may be in place because of this run or the run it resumes (step-runner.ts, "Already done"). */
  readonly mayFindDone: boolean;
}

export const FIRST_ATTEMPT: AttemptFacts = { afterLostAnswer: false, mayFindDone: false };

export const DONE: StepOutcome = { kind: 'done' };
export const ALREADY_DONE: StepOutcome = { kind: 'skipped', reason: 'postcondition-holds' };

export function callOptions(context: StepContext): CallOptions {
  return context.signal ? { signal: context.signal } : {};
}
