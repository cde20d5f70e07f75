/**
 * How every sandbox operation is called, whatever its service: the denied operations first, then
 * the mutation rate limit, then the fault schedule, then the operation's body, logging exactly one
 * call record.
 */
import type { Clock } from '@cfalias/core';
import { SandboxServiceError, type SandboxService } from '../errors.js';
import { SANDBOX_OPERATIONS, type SandboxOperation } from './aws-shapes.js';
import { CallLog } from './call-log.js';
import { faultError } from './fault-errors.js';
import { FaultSchedule } from './fault-schedule.js';
import { MutationRateLimiter, type ResolvedRateLimit } from './mutation-rate-limit.js';
import { RATE_LIMITED_OPERATIONS, type FaultDocument } from './world-document.js';

export class CallRunner {
  readonly log = new CallLog();
  readonly faults: FaultSchedule;
  private readonly rateLimiter: MutationRateLimiter | null;
  private readonly denied: ReadonlySet<string>;

  /** `denied`: operations every caller is refused (the world's `deniedOperations`). */
  constructor(
    private readonly clock: Clock,
    faults: readonly FaultDocument[],
    rateLimit: ResolvedRateLimit | null,
    denied: readonly string[] = [],
  ) {
    this.denied = new Set(denied);
    this.faults = new FaultSchedule(faults);
    this.rateLimiter = rateLimit !== null ? new MutationRateLimiter(rateLimit) : null;
  }

  /**
   * Runs one operation: a denied operation answers AccessDenied at once (authorization comes before
   * everything, so it has no effect, takes no token and uses up no fault); then the mutation rate limit (a throttled request never reaches the
   * service, so it has no effect and uses up no scheduled fault; it is logged as `Throttling`, not
   * injected), then the fault schedule, then the body, logging exactly one call record.
   * A `when: 'after'` fault lets the body take effect and then replaces its answer with the error.
   */
  run<T>(operation: SandboxOperation, caller: string, resource: string | null, body: () => T): T {
    const service = SANDBOX_OPERATIONS[operation];
    const at = this.clock.now();
    const log = (outcome: string, injected: boolean): void => {
      this.log.append({ service, operation, account: caller, resource, at, outcome, injected });
    };
    if (this.denied.has(operation)) {
      const error = accessDenied(service, operation, caller, resource);
      log(error.code, false);
      throw error;
    }
    if (this.rateLimiter && RATE_LIMITED_OPERATIONS.includes(operation) && !this.rateLimiter.tryTake(caller, at)) {
      log('Throttling', false);
      throw new SandboxServiceError(service, operation, 'Throttling', 400, 'Rate exceeded', true);
    }
    const fault = this.faults.match(operation, resource);
    if (fault?.when === 'before') {
      log(fault.error, true);
      throw faultError(service, operation, resource, fault.error, false);
    }
    let result: T;
    try {
      result = body();
    } catch (error) {
      log(error instanceof SandboxServiceError ? error.code : 'InternalError', false);
      throw error;
    }
    if (fault) {
      log(fault.error, true);
      throw faultError(service, operation, resource, fault.error, true);
    }
    log('ok', false);
    return result;
  }
}

/** What AWS answers a principal whose policy does not allow the action, naming it. */
function accessDenied(service: SandboxService, operation: string, caller: string, resource: string | null): SandboxServiceError {
  const action = `${service}:${operation}`;
  const message =
    `User: arn:aws:iam::${caller}:user/cfalias-sandbox is not authorized to perform: ${action}` +
    `${resource !== null ? ` on resource: ${resource}` : ''} because no identity-based policy allows the ${action} action`;
  return service === 'acm'
    ? new SandboxServiceError(service, operation, 'AccessDeniedException', 400, message)
    : new SandboxServiceError(service, operation, 'AccessDenied', 403, message);
}
