import { expect } from 'chai';
import { AliasConflictError, PreconditionFailedError, StalePlanError, ThrottlingError, TransientError } from '../errors.js';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, resolveRetryPolicy, shouldRetry, withinRetryBudget } from './retry.js';

describe('retry policy', () => {
  it('defaults to 6 attempts, 1 s base, 30 s cap, 50 throttle retries, and accepts partial overrides', () => {
    expect(resolveRetryPolicy()).to.deep.equal({ maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 30000, maxThrottleRetries: 50 });
    expect(resolveRetryPolicy({ maxAttempts: 2 })).to.deep.equal({
      maxAttempts: 2,
      baseDelayMs: 1000,
      maxDelayMs: 30000,
      maxThrottleRetries: 50,
    });
    expect(resolveRetryPolicy({ maxThrottleRetries: 0 }).maxThrottleRetries).to.equal(0);
    expect(DEFAULT_RETRY_POLICY.maxAttempts).to.equal(6);
  });

  it('refuses nonsense', () => {
    expect(() => resolveRetryPolicy({ maxAttempts: 0 })).to.throw(RangeError);
    expect(() => resolveRetryPolicy({ maxAttempts: 1.5 })).to.throw(RangeError);
    expect(() => resolveRetryPolicy({ baseDelayMs: -1 })).to.throw(RangeError);
    expect(() => resolveRetryPolicy({ maxDelayMs: Number.NaN })).to.throw(RangeError);
    expect(() => resolveRetryPolicy({ maxThrottleRetries: -1 })).to.throw(RangeError);
    expect(() => resolveRetryPolicy({ maxThrottleRetries: 2.5 })).to.throw(RangeError);
  });

  it('keeps throttled attempts out of the ordinary budget and gives them their own', () => {
    const policy = resolveRetryPolicy({ maxAttempts: 3, maxThrottleRetries: 2 });
    const throttling = new ThrottlingError('AssociateAlias');
    const transient = new TransientError('GetDistribution', 'server-error');
    // 10 attempts, 8 of them throttled: 2 ordinary attempts used of 3.
    expect(withinRetryBudget(policy, transient, { attempts: 10, throttled: 8 })).to.equal(true);
    expect(withinRetryBudget(policy, transient, { attempts: 11, throttled: 8 })).to.equal(false);
    // The 2nd throttled attempt still gets its retry, the 3rd does not.
    expect(withinRetryBudget(policy, throttling, { attempts: 2, throttled: 2 })).to.equal(true);
    expect(withinRetryBudget(policy, throttling, { attempts: 3, throttled: 3 })).to.equal(false);
  });

  it('uses full jitter over a window that doubles per attempt up to the cap', () => {
    const policy = resolveRetryPolicy();
    const half = (): number => 0.5;
    // windows: 1000, 2000, 4000, 8000, 16000, 30000 (capped from 32000), 30000
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelayMs(policy, a, half))).to.deep.equal([500, 1000, 2000, 4000, 8000, 15000, 15000]);
    expect(backoffDelayMs(policy, 3, () => 0)).to.equal(0);
    expect(backoffDelayMs(policy, 3, () => 0.999)).to.equal(3996);
  });

  it('retries throttling, transient and precondition-failed errors only', () => {
    const own = { retriesTransientErrors: false };
    expect(shouldRetry(new ThrottlingError('UpdateDistribution'), own)).to.equal(true);
    expect(shouldRetry(new TransientError('GetChange', 'server-error'), own)).to.equal(true);
    expect(shouldRetry(new PreconditionFailedError('E1'), own)).to.equal(true);
    expect(shouldRetry(new AliasConflictError('www.example.com', 'E1'), own)).to.equal(false);
    expect(shouldRetry(new StalePlanError('s', 'E1', []), own)).to.equal(false);
    expect(shouldRetry(new Error('boom'), own)).to.equal(false);
  });

  it('does not stack retries of transient errors on a provider that retries them itself; Throttling that got through is retried', () => {
    const sdk = { retriesTransientErrors: true };
    expect(shouldRetry(new ThrottlingError('UpdateDistribution'), sdk)).to.equal(true);
    expect(shouldRetry(new TransientError('GetChange', 'timeout'), sdk)).to.equal(false);
    expect(shouldRetry(new PreconditionFailedError('E1'), sdk)).to.equal(true);
  });
});
