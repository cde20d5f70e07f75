/**
 * The sandbox's control-plane throttling: one token bucket per account over the mutating calls
 * (world-document.ts `RATE_LIMITED_OPERATIONS`), on simulated time. Implemented as the generic cell
 * rate algorithm (GCRA), which is exactly a token bucket of `burst` tokens refilled at `perSecond`,
 * but keeps one number per account (the theoretical arrival time) instead of a fractional token
 * count, so figures like 2/s stay exact over thousands of calls.
 */
import type { MutationRateLimit } from './world-document.js';

export type ResolvedRateLimit = Required<MutationRateLimit>;

export function resolveRateLimit(limit: MutationRateLimit | undefined): ResolvedRateLimit | null {
  if (limit === undefined) return null;
  return { perSecond: limit.perSecond, burst: limit.burst ?? Math.max(1, Math.floor(limit.perSecond)) };
}

export class MutationRateLimiter {
  /** Milliseconds per token. */
  private readonly interval: number;
  /** How far ahead of now the theoretical arrival time may run: (burst - 1) tokens. */
  private readonly tolerance: number;
  /** Per account: when the bucket would next be full again if no call came (clock ms). */
  private readonly arrival = new Map<string, number>();

  constructor(readonly limit: ResolvedRateLimit) {
    this.interval = 1000 / limit.perSecond;
    this.tolerance = (limit.burst - 1) * this.interval;
  }

  /**
   * Takes one token from `account`'s bucket at clock time `now`; false (and nothing taken) when
   * the bucket is empty. A bucket not used yet is full.
   */
  tryTake(account: string, now: number): boolean {
    const arrival = Math.max(this.arrival.get(account) ?? now, now);
    if (arrival - now > this.tolerance) return false;
    this.arrival.set(account, arrival + this.interval);
    return true;
  }
}
