/**
 * Client-side pacing of an apply's calls (CloudFront's mutating calls; Route 53's record reads and
 * change batches), the way the AWS SDK's adaptive retry mode paces a client. The control planes
 * throttle per account, so every such call of an apply draws on its service's shared bucket:
 * without pacing, the parallel chains of a plan keep offering more than the account allows, and
 * backoff alone (each step for itself) never slows them to its rate.
 *
 * The algorithm is the SDK's `DefaultRateLimiter` (used by `AdaptiveRetryStrategy`; read in
 * `@smithy/core` 3.41.1, `submodules/retry/util-retry/DefaultRateLimiter.js`, formerly
 * `@smithy/util-retry`), with the same constants:
 * - a token bucket, off until the first Throttling answer, then every call takes a token first;
 * - on Throttling the fill rate drops to `beta` (0.7) × the rate it was sending at (the smaller of
 *   the measured send rate and the fill rate): multiplicative decrease;
 * - on any other answer it grows back along a CUBIC curve, `scaleConstant · (t − W)³ + lastMaxRate`
 *   (t: seconds since the last throttle; W: when the curve is back at the rate that was
 *   throttled), so it regains the old rate quickly and probes above it slowly at first;
 * - never above twice the measured send rate (an exponentially smoothed count per half second),
 *   nor below `minFillRate` tokens per second; the bucket holds `max(rate, minCapacity)` tokens.
 *
 * Differences from the SDK, on purpose: time comes from the injected Clock (so simulated applies
 * are exact and deterministic) and waits take an abort signal; CloudFront reads and waits are not
 * paced (waits poll on their own schedule, and a CloudFront read is one per distribution per stage).
 */
import type { Clock } from '../clock.js';
import { ThrottlingError } from '../errors.js';
import type { CallOptions, CutoverProvider, LiveDistribution, UpdateDecision } from '../ports.js';

export interface AdaptiveRateLimitOptions {
  /** Multiplicative decrease on Throttling. SDK 0.7. */
  readonly beta: number;
  /** Smallest bucket, in tokens. SDK 1. */
  readonly minCapacity: number;
  /** Slowest fill rate, tokens per second. SDK 0.5. */
  readonly minFillRate: number;
  /** CUBIC scale of the growth after a throttle. SDK 0.4. */
  readonly scaleConstant: number;
  /** Weight of the newest half-second in the measured send rate. SDK 0.8. */
  readonly smooth: number;
}

export const DEFAULT_ADAPTIVE_RATE_LIMIT: AdaptiveRateLimitOptions = {
  beta: 0.7,
  minCapacity: 1,
  minFillRate: 0.5,
  scaleConstant: 0.4,
  smooth: 0.8,
};

/**
 * One bucket shared by every mutating call of a run. `acquire` before the call, then `record` its
 * answer. Waiters that wake together are served in the order they went to sleep (the clock's
 * order), so no call starves.
 */
export class AdaptiveRateLimiter {
  private readonly options: AdaptiveRateLimitOptions;
  private enabled = false;
  private tokens = 0;
  private lastRefill: number | undefined;
  private capacity: number;
  private fill: number;
  private lastMaxRate = 0;
  private lastThrottle: number;
  private measuredRate = 0;
  private requestCount = 0;
  private lastRateBucket: number;
  /** Clock time of construction: the limiter counts seconds from it, small numbers keeping float sums exact enough. */
  private readonly origin: number;

  constructor(
    private readonly clock: Clock,
    options: Partial<AdaptiveRateLimitOptions> = {},
  ) {
    this.options = { ...DEFAULT_ADAPTIVE_RATE_LIMIT, ...options };
    this.origin = clock.now();
    const now = this.seconds();
    this.lastThrottle = now;
    this.lastRateBucket = Math.floor(now);
    this.fill = this.options.minFillRate;
    this.capacity = this.options.minCapacity;
  }

  /** Tokens per second while the bucket is on; undefined before the first Throttling answer (no pacing). */
  get rate(): number | undefined {
    return this.enabled ? this.fill : undefined;
  }

  /** Resolves when the call may be sent (at once while the bucket is off); rejects with AbortedError on `signal`. */
  async acquire(signal?: AbortSignal): Promise<void> {
    if (!this.enabled) return;
    this.refill();
    while (this.tokens < 1) {
      // Whole milliseconds: a sub-millisecond sleep could leave a clock at epoch scale where it was
      // (float resolution), and the loop would never see the token arrive.
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.fill) * 1000), signal);
      this.refill();
    }
    this.tokens -= 1;
  }

  /** The answer of a paced call: Throttling lowers the rate, anything else lets it grow. */
  record(throttled: boolean): void {
    const now = this.seconds();
    this.measure(now);
    const { beta, scaleConstant } = this.options;
    let rate: number;
    if (throttled) {
      const sending = this.enabled ? Math.min(this.measuredRate, this.fill) : this.measuredRate;
      this.lastMaxRate = sending;
      this.lastThrottle = now;
      rate = sending * beta;
      this.enabled = true;
    } else {
      const window = Math.cbrt((this.lastMaxRate * (1 - beta)) / scaleConstant);
      rate = scaleConstant * (now - this.lastThrottle - window) ** 3 + this.lastMaxRate;
    }
    this.setRate(Math.min(rate, 2 * this.measuredRate));
  }

  private setRate(rate: number): void {
    this.refill();
    this.fill = Math.max(rate, this.options.minFillRate);
    this.capacity = Math.max(rate, this.options.minCapacity);
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  private refill(): void {
    const now = this.seconds();
    if (this.lastRefill !== undefined) this.tokens = Math.min(this.capacity, this.tokens + (now - this.lastRefill) * this.fill);
    this.lastRefill = now;
  }

  /** Smoothed send rate, counted per half second (the SDK's `updateMeasuredRate`). */
  private measure(now: number): void {
    const bucket = Math.floor(now * 2) / 2;
    this.requestCount++;
    if (bucket > this.lastRateBucket) {
      const current = this.requestCount / (bucket - this.lastRateBucket);
      this.measuredRate = current * this.options.smooth + this.measuredRate * (1 - this.options.smooth);
      this.requestCount = 0;
      this.lastRateBucket = bucket;
    }
  }

  private seconds(): number {
    return (this.clock.now() - this.origin) / 1000;
  }
}

/** The buckets a run paces its calls on: one per service, since each service throttles the account on its own. */
export interface PacingLimiters {
  /** CloudFront's mutating calls (UpdateDistribution or UpdateDistributionTenant through `updateAliases` and `setEnabled`, the move calls). */
  readonly cloudFront: AdaptiveRateLimiter;
  /** Every Route 53 call of the steps: record reads and change batches (Route 53 limits reads and writes alike). */
  readonly route53: AdaptiveRateLimiter;
}

/**
 * `provider` with CloudFront's mutating calls and all of Route 53's step calls paced: each takes a
 * token first and reports its answer (Throttling or not; an error that is neither, such as a
 * refused precondition, counts as not throttled, as in the SDK). `updateAliases` takes its token
 * before its read-modify-write, so a run of it that finds nothing to write has spent one; that
 * keeps the write itself from ever waiting between the read and the If-Match (a stale ETag).
 * CloudFront reads and every wait pass through (waits poll on the SDK's own schedule).
 */
export function pacedProvider(provider: CutoverProvider, limiters: PacingLimiters): CutoverProvider {
  const paced = async <T>(limiter: AdaptiveRateLimiter, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> => {
    await limiter.acquire(signal);
    try {
      const result = await call();
      limiter.record(false);
      return result;
    } catch (error) {
      limiter.record(error instanceof ThrottlingError);
      throw error;
    }
  };
  const { cloudFront, route53 } = limiters;
  return {
    name: provider.name,
    capabilities: provider.capabilities,
    readInventory: (scope, options) => provider.readInventory(scope, options),
    readDistribution: (id, options) => provider.readDistribution(id, options),
    updateAliases: (id, edit, guard, options) => paced(cloudFront, options?.signal, () => provider.updateAliases(id, edit, guard, options)),
    moveAlias: (target, alias, api, options) => paced(cloudFront, options?.signal, () => provider.moveAlias(target, alias, api, options)),
    waitDeployed: (id, options) => provider.waitDeployed(id, options),
    readRecords: (zone, names, options) => paced(route53, options?.signal, () => provider.readRecords(zone, names, options)),
    changeRecords: (zone, changes, options) => paced(route53, options?.signal, () => provider.changeRecords(zone, changes, options)),
    waitRecordsSynced: (changeId, options) => provider.waitRecordsSynced(changeId, options),
    ...(provider.setEnabled && {
      setEnabled: (id: string, enabled: boolean, guard: (live: LiveDistribution) => UpdateDecision, options?: CallOptions) =>
        paced(cloudFront, options?.signal, () => provider.setEnabled!(id, enabled, guard, options)),
    }),
    ...(provider.verifyTenantDns && {
      verifyTenantDns: (tenantId: string, domains: readonly string[], options?: CallOptions) =>
        provider.verifyTenantDns!(tenantId, domains, options),
    }),
    ...(provider.testDnsAnswer && {
      testDnsAnswer: (zoneId: string, name: string, type: string, options?: CallOptions) =>
        paced(route53, options?.signal, () => provider.testDnsAnswer!(zoneId, name, type, options)),
    }),
  };
}
