/**
 * Backoff policy of the executor: which step errors are retried, and how long to wait before the
 * next attempt. Retrying means re-running the whole step (a fresh read, a fresh precondition check),
 * never replaying a write blindly.
 */
import { isRetryableError, PreconditionFailedError, ThrottlingError, TransientError } from '../errors.js';
import type { Clock } from '../clock.js';
import type { ProviderCapabilities } from '../ports.js';

export interface RetryPolicy {
  /** Attempts per step, the first one included (1 = no retries). */
  readonly maxAttempts: number;
  /** Cap of the first backoff window; doubles on every further attempt. */
  readonly baseDelayMs: number;
  /** The backoff window never grows beyond this. */
  readonly maxDelayMs: number;
  /**
   * Retries after a Throttling answer, per step, on top of `maxAttempts`: a throttled attempt did
   * nothing and says nothing about the step, so it does not use up the ordinary budget (the
   * executor's pacing, mutation-pacing.ts, slows the run instead). Generous, but finite, so a world
   * that throttles everything still ends.
   */
  readonly maxThrottleRetries: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 30000, maxThrottleRetries: 50 };

/** Fills in defaults and refuses nonsense (RangeError), so a typo cannot turn into an endless loop. */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy: RetryPolicy = {
    maxAttempts: overrides.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
    baseDelayMs: overrides.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: overrides.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    maxThrottleRetries: overrides.maxThrottleRetries ?? DEFAULT_RETRY_POLICY.maxThrottleRetries,
  };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be an integer of at least 1 (got ${policy.maxAttempts})`);
  }
  if (!Number.isInteger(policy.maxThrottleRetries) || policy.maxThrottleRetries < 0) {
    throw new RangeError(`retry.maxThrottleRetries must be a non-negative integer (got ${policy.maxThrottleRetries})`);
  }
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= 0)) {
    throw new RangeError('retry.baseDelayMs and retry.maxDelayMs must be non-negative numbers');
  }
  return policy;
}

/**
 * Delay before the attempt after `failedAttempt` (1-based), with FULL jitter:
 * `random() * min(maxDelayMs, baseDelayMs * 2^(failedAttempt-1))`. Full jitter spreads concurrent
 * retriers over the whole window, which is what a throttled control plane needs.
 */
export function backoffDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  return random() * window;
}

/** A step's attempts so far (the one that just failed included), and how many of them were throttled. */
export interface AttemptsUsed {
  readonly attempts: number;
  readonly throttled: number;
}

/**
 * Whether the retry budget of a step allows another attempt after `error`: a Throttling answer
 * draws on `maxThrottleRetries`, any other error on `maxAttempts` (counting only attempts that
 * were not throttled). Whether `error` is retryable at all is `shouldRetry`'s question.
 */
export function withinRetryBudget(policy: RetryPolicy, error: unknown, used: AttemptsUsed): boolean {
  if (error instanceof ThrottlingError) return used.throttled <= policy.maxThrottleRetries;
  return used.attempts - used.throttled < policy.maxAttempts;
}

/**
 * Whether the executor itself should retry `error`. When the provider already retries transient
 * errors (the AWS SDK's retry strategy), stacking our retries on top would multiply the attempts,
 * so those are not retried here. PreconditionFailed always is: it needs a fresh read and re-check,
 * which only the executor can do. So is Throttling that got through the provider's own retries: a
 * throttled request did nothing, the run's pacing (mutation-pacing.ts) has slowed down on it, and
 * the step's throttle budget (`maxThrottleRetries`) bounds it; failing the step instead would fail
 * a large cutover on the account's rate limit alone.
 */
export function shouldRetry(error: unknown, capabilities: Pick<ProviderCapabilities, 'retriesTransientErrors'>): boolean {
  if (!isRetryableError(error)) return false;
  if (error instanceof PreconditionFailedError || error instanceof ThrottlingError) return true;
  return !(capabilities.retriesTransientErrors && error instanceof TransientError);
}

export interface ReadRetry {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly random: () => number;
  readonly capabilities: Pick<ProviderCapabilities, 'retriesTransientErrors'>;
  readonly signal?: AbortSignal;
}

/**
 * A read outside any step (the whole-plan check, the end-of-run re-read), retried like a step's
 * attempts: same budget, same backoff, same rule about providers that retry themselves. Reads are
 * safe to repeat.
 */
export async function readWithRetries<T>(read: () => Promise<T>, retry: ReadRetry): Promise<T> {
  let throttled = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (error instanceof ThrottlingError) throttled++;
      const again =
        withinRetryBudget(retry.policy, error, { attempts: attempt, throttled }) &&
        !retry.signal?.aborted &&
        shouldRetry(error, retry.capabilities);
      if (!again) throw error;
      await retry.clock.sleep(backoffDelayMs(retry.policy, attempt, retry.random), retry.signal);
    }
  }
}
