/**
 * What AWS costs in real time, imposed by the HTTP emulator so an apply's wall time can be measured
 * the way AWS would impose it: every request waits `latencyMs` before its answer, and each service
 * admits requests per account through token buckets in real (wall-clock) time, answering
 * `Throttling` past them with that service's wire shape. Simulated time (deployments, DNS sync) is
 * unaffected: the waits of a cutover still take no real minutes.
 *
 * The published limits (`PUBLISHED_RATE_LIMITS`), each with where it comes from:
 * - Route 53: "a hard limit of five requests per second, per account" over all its API requests,
 *   answered with HTTP 400 `Throttling` "Rate exceeded" (AWS Knowledge Center, "How do I avoid
 *   API throttling errors in Route 53?",
 *   https://repost.aws/knowledge-center/route-53-avoid-throttling-errors). The Route 53 Developer
 *   Guide's newer page ("Throttling for Amazon Route 53 API requests") raises the account bucket to
 *   10 per second with a burst of 50; a world file can set that instead.
 * - ACM: per operation and account (ACM User Guide, "Quotas", API rate quotas):
 *   DescribeCertificate 10/s, ListCertificates 1/s, others 5–10/s; answered `ThrottlingException`.
 * - CloudFront: AWS publishes no control-plane request rate. An AWS SDK maintainer quoted the
 *   service's own setting as per operation and account, CreateInvalidation 0.5/s
 *   (https://github.com/aws/aws-sdk-js/issues/3983); users report `Throttling` ("Rate exceeded")
 *   from a few tens of concurrent distribution updates (https://github.com/aws/aws-cdk/issues/29183).
 *   The emulator assumes 5 requests per second per operation and account (burst 10), CreateInvalidation
 *   0.5/s, and says so; a world file sets other figures where they are known.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { MutationRateLimiter } from '../sandbox/mutation-rate-limit.js';
import type { RealTimeCosts, RequestRateLimit, ServiceRateLimit } from '../sandbox/world-document.js';

export type LimitedService = 'cloudfront' | 'route53' | 'acm';

/** The limits above, as a world file's `settings.realTime.rateLimits` writes them. */
export const PUBLISHED_RATE_LIMITS: NonNullable<RealTimeCosts['rateLimits']> = {
  route53: { perSecond: 5, burst: 5 },
  acm: {
    perSecond: 10,
    perOperation: true,
    operations: { ListCertificates: { perSecond: 1 }, RequestCertificate: { perSecond: 5 } },
  },
  cloudfront: { perSecond: 5, burst: 10, perOperation: true, operations: { CreateInvalidation: { perSecond: 0.5, burst: 1 } } },
};

/** A control-plane round trip as a client in the same region sees it (order of magnitude; `--latency` sets it). */
export const DEFAULT_LATENCY_MS = 50;

/** `sandbox serve --latency`: the published limits and a latency on every request. */
export function publishedCosts(latencyMs = DEFAULT_LATENCY_MS): RealTimeCosts {
  return { latencyMs, rateLimits: PUBLISHED_RATE_LIMITS };
}

/** The Throttling answer of each service, as its protocol carries it. */
export function throttlingAnswer(service: LimitedService): { code: string; message: string; status: number } {
  return service === 'acm'
    ? { code: 'ThrottlingException', message: 'Rate exceeded', status: 400 }
    : { code: 'Throttling', message: 'Rate exceeded', status: 400 };
}

export class RealTimeCharger {
  private readonly buckets = new Map<string, MutationRateLimiter>();

  constructor(
    private readonly costs: RealTimeCosts,
    /** Real milliseconds (a monotonic clock). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes a token for one request of `account`; false when the bucket it draws on is empty (answer Throttling). */
  admit(service: LimitedService, operation: string, account: string): boolean {
    const limit = this.costs.rateLimits?.[service];
    if (limit === undefined) return true;
    const [key, rate] = bucketOf(service, operation, limit);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new MutationRateLimiter({ perSecond: rate.perSecond, burst: rate.burst ?? Math.max(1, Math.floor(rate.perSecond)) });
      this.buckets.set(key, bucket);
    }
    return bucket.tryTake(account, this.now());
  }

  /** Resolves after the request's latency. */
  async latency(): Promise<void> {
    const ms = this.costs.latencyMs ?? 0;
    if (ms > 0) await sleep(ms);
  }
}

function bucketOf(service: LimitedService, operation: string, limit: ServiceRateLimit): [string, RequestRateLimit] {
  const own = limit.operations?.[operation];
  if (own !== undefined) return [`${service} ${operation}`, own];
  return limit.perOperation ? [`${service} ${operation}`, limit] : [service, limit];
}
