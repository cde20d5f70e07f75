/**
 * Unit tests of the executor's mechanics (DAG walk, concurrency bound, retries, abort, refusal)
 * over a tiny hand-written provider that only knows `waitDeployed`. The behaviour of each step
 * kind against CloudFront/Route 53 semantics is tested on the sandbox provider in
 * packages/providers/src/engine/executor.test.ts.
 */
import { expect } from 'chai';
import { SimulatedClock } from '../clock.js';
import {
  AbortedError,
  PlanBlockedError,
  PlanFileError,
  PreconditionFailedError,
  RequestRejectedError,
  ThrottlingError,
  TransientError,
} from '../errors.js';
import type { ApplyEvent } from './events.js';
import { applyPlan } from './executor.js';
import type { Plan, PlanStep, WaitDeployedStep } from '../plan/plan.js';
import type { CallOptions, CutoverProvider, LiveDistribution, ProviderCapabilities } from '../ports.js';
import { EMPTY_BASIS } from '../testing/index.js';

/** Distributions read InProgress; `waitDeployed(id)` sleeps `seconds[id]` on the clock, after throwing the errors queued for `id`. */
class WaitOnlyProvider implements CutoverProvider {
  readonly name = 'wait-only';
  readonly capabilities: ProviderCapabilities;
  readonly started: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly errors = new Map<string, Error[]>();

  constructor(
    private readonly clock: SimulatedClock,
    private readonly seconds: Record<string, number>,
    retriesTransientErrors = false,
  ) {
    this.capabilities = { moveApis: ['update-domain-association', 'associate-alias'], dns: true, retriesTransientErrors };
  }

  failWith(id: string, ...errors: Error[]): void {
    this.errors.set(id, errors);
  }

  async waitDeployed(id: string, options?: CallOptions): Promise<void> {
    this.started.push(id);
    const error = this.errors.get(id)?.shift();
    if (error) throw error;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.clock.sleep((this.seconds[id] ?? 0) * 1000, options?.signal);
    } finally {
      this.inFlight--;
    }
  }

  readInventory(): never {
    throw new Error('not used');
  }
  /** Always InProgress, so every wait step really waits. */
  async readDistribution(id: string): Promise<LiveDistribution> {
    return { id, domainName: `${id}.cloudfront.net`, enabled: true, status: 'InProgress', aliases: [], certificateArn: null };
  }
  updateAliases(): never {
    throw new Error('not used');
  }
  moveAlias(): never {
    throw new Error('not used');
  }
  readRecords(): never {
    throw new Error('not used');
  }
  changeRecords(): never {
    throw new Error('not used');
  }
  waitRecordsSynced(): never {
    throw new Error('not used');
  }
}

const wait = (id: string, dependsOn: string[] = []): WaitDeployedStep => ({
  id,
  kind: 'wait-deployed',
  dependsOn,
  phase: 1,
  distribution: id,
});

function planOf(steps: PlanStep[], overrides: Partial<Plan> = {}): Plan {
  return {
    formatVersion: 4,
    createdAt: '2026-01-01T00:00:00.000Z',
    account: '111111111111',
    desiredDigest: 'sha256:desired',
    summary: { attach: 0, detach: 0, move: 0, noop: 0, errors: 0, warnings: 0 },
    changes: [],
    diagnostics: [],
    distributions: [],
    steps,
    estimate: { seconds: 0, waitPhases: 0 },
    basis: EMPTY_BASIS,
    digest: 'sha256:test',
    ...overrides,
  };
}

const T0 = Date.UTC(2026, 0, 1);

describe('applyPlan mechanics (core, hand-written provider)', () => {
  let clock: SimulatedClock;
  beforeEach(() => {
    clock = new SimulatedClock(T0);
  });

  it('keeps at most `concurrency` steps in flight and starts ready steps in plan order', async () => {
    const provider = new WaitOnlyProvider(clock, { a: 100, b: 100, c: 100, d: 100, e: 100 });
    const result = await applyPlan(planOf(['a', 'b', 'c', 'd', 'e'].map((id) => wait(id))), {
      provider,
      clock,
      concurrency: 2,
    });
    expect(result.status).to.equal('succeeded');
    expect(provider.maxInFlight).to.equal(2);
    expect(provider.started).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
    // three waves of 100 s: {a,b}, {c,d}, {e}
    expect(result.finishedAt - result.startedAt).to.equal(300_000);
    expect(result.completed).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
  });

  it('runs independent branches in parallel and dependents after their dependencies', async () => {
    // a(300) → b(10); c(50) → d(50) ; e depends on b and d
    const provider = new WaitOnlyProvider(clock, { a: 300, b: 10, c: 50, d: 50, e: 0 });
    const events: ApplyEvent[] = [];
    const result = await applyPlan(planOf([wait('e', ['b', 'd']), wait('a'), wait('b', ['a']), wait('c'), wait('d', ['c'])]), {
      provider,
      clock,
      onEvent: (e) => events.push(e),
    });
    expect(result.status).to.equal('succeeded');
    expect(provider.started).to.deep.equal(['a', 'c', 'd', 'b', 'e']);
    expect(result.finishedAt - result.startedAt).to.equal(310_000);
    expect(result.metrics.stepDurationsMs).to.deep.equal({ a: 300_000, b: 10_000, c: 50_000, d: 50_000, e: 0 });
    const starts = events.filter((e) => e.type === 'step-start').map((e) => (e.type === 'step-start' ? [e.step.id, e.at - T0] : []));
    expect(starts).to.deep.equal([
      ['a', 0],
      ['c', 0],
      ['d', 50_000],
      ['b', 300_000],
      ['e', 310_000],
    ]);
    expect(events[0]).to.deep.include({ type: 'apply-start', planDigest: 'sha256:test', stepCount: 5 });
    expect(events.at(-1)?.type).to.equal('apply-end');
  });

  it('costs the longest of two parallel waits, not their sum', async () => {
    const provider = new WaitOnlyProvider(clock, { a: 300, b: 300 });
    const result = await applyPlan(planOf([wait('a'), wait('b')]), { provider, clock });
    expect(result.finishedAt - result.startedAt).to.equal(300_000);
  });

  it('retries PreconditionFailed once and Throttling three times with full-jitter backoff, then succeeds', async () => {
    const provider = new WaitOnlyProvider(clock, { a: 0 });
    provider.failWith(
      'a',
      new PreconditionFailedError('a'),
      new ThrottlingError('GetDistribution'),
      new ThrottlingError('GetDistribution'),
      new ThrottlingError('GetDistribution'),
    );
    const events: ApplyEvent[] = [];
    const result = await applyPlan(planOf([wait('a')]), { provider, clock, random: () => 0.5, onEvent: (e) => events.push(e) });
    expect(result.status).to.equal('succeeded');
    expect(result.metrics.retries).to.deep.equal({ PreconditionFailedError: 1, ThrottlingError: 3 });
    const retries = events.flatMap((e) => (e.type === 'step-retry' ? [[e.attempt, e.error.name, e.delayMs]] : []));
    expect(retries).to.deep.equal([
      [1, 'PreconditionFailedError', 500],
      [2, 'ThrottlingError', 1000],
      [3, 'ThrottlingError', 2000],
      [4, 'ThrottlingError', 4000],
    ]);
    expect(events.flatMap((e) => (e.type === 'step-start' ? [e.attempt] : []))).to.deep.equal([1, 2, 3, 4, 5]);
    // 500 + 1000 + 2000 + 4000 ms of backoff on the simulated clock
    expect(result.metrics.stepDurationsMs).to.deep.equal({ a: 7500 });
  });

  it('fails a step whose retries are exhausted', async () => {
    const provider = new WaitOnlyProvider(clock, {});
    provider.failWith(
      'a',
      new TransientError('GetDistribution', 'server-error'),
      new TransientError('GetDistribution', 'server-error'),
      new TransientError('GetDistribution', 'timeout'),
    );
    const result = await applyPlan(planOf([wait('a')]), { provider, clock, random: () => 1, retry: { maxAttempts: 3, baseDelayMs: 100 } });
    expect(result.status).to.equal('failed');
    expect(result.failed.map((f) => [f.stepId, f.error.name])).to.deep.equal([['a', 'TransientError']]);
    expect(result.metrics.retries).to.deep.equal({ TransientError: 2 });
    expect(provider.started).to.deep.equal(['a', 'a', 'a']);
    expect(result.metrics.stepDurationsMs).to.deep.equal({ a: 300 });
  });

  it('leaves transient errors to a provider that retries them itself, but retries PreconditionFailed and Throttling that got through', async () => {
    const provider = new WaitOnlyProvider(clock, {}, true);
    provider.failWith(
      'a',
      new PreconditionFailedError('a'),
      new ThrottlingError('UpdateDistribution'),
      new TransientError('GetDistribution', 'server-error'),
    );
    const result = await applyPlan(planOf([wait('a')]), { provider, clock, random: () => 0 });
    expect(result.status).to.equal('failed');
    expect(result.failed[0]?.error).to.be.instanceOf(TransientError);
    expect(result.metrics.retries).to.deep.equal({ PreconditionFailedError: 1, ThrottlingError: 1 });
  });

  it('retries a step throttled 10 times although maxAttempts is 6: throttled attempts have their own budget', async () => {
    const provider = new WaitOnlyProvider(clock, { a: 0 });
    provider.failWith('a', ...Array.from({ length: 10 }, () => new ThrottlingError('GetDistribution')));
    const result = await applyPlan(planOf([wait('a')]), { provider, clock, random: () => 0 });
    expect(result.status).to.equal('succeeded');
    expect(result.metrics.retries).to.deep.equal({ ThrottlingError: 10 });
    expect(provider.started).to.have.length(11);
  });

  it('fails a step throttled beyond maxThrottleRetries', async () => {
    const provider = new WaitOnlyProvider(clock, { a: 0 });
    provider.failWith('a', ...Array.from({ length: 4 }, () => new ThrottlingError('GetDistribution')));
    const result = await applyPlan(planOf([wait('a')]), { provider, clock, random: () => 0, retry: { maxThrottleRetries: 3 } });
    expect(result.status).to.equal('failed');
    expect(result.failed.map((f) => [f.stepId, f.error.name])).to.deep.equal([['a', 'ThrottlingError']]);
    expect(result.metrics.retries).to.deep.equal({ ThrottlingError: 3 });
    expect(provider.started).to.have.length(4);
  });

  it('still gives other errors maxAttempts ordinary attempts, the throttled ones not counted', async () => {
    const provider = new WaitOnlyProvider(clock, { a: 0 });
    const transient = (): TransientError => new TransientError('GetDistribution', 'server-error');
    const throttled = (): ThrottlingError => new ThrottlingError('GetDistribution');
    // Attempts: throttled, transient (1st ordinary), throttled, transient (2nd ordinary of 2: fails).
    provider.failWith('a', throttled(), transient(), throttled(), transient());
    const events: ApplyEvent[] = [];
    const result = await applyPlan(planOf([wait('a')]), {
      provider,
      clock,
      random: () => 0.5,
      retry: { maxAttempts: 2, baseDelayMs: 100 },
      onEvent: (e) => events.push(e),
    });
    expect(result.status).to.equal('failed');
    expect(result.failed[0]?.error).to.be.instanceOf(TransientError);
    expect(result.metrics.retries).to.deep.equal({ ThrottlingError: 2, TransientError: 1 });
    // The backoff window still doubles with every attempt, throttled or not: 50, 100, 200 ms.
    expect(events.flatMap((e) => (e.type === 'step-retry' ? [[e.attempt, e.error.name, e.delayMs]] : []))).to.deep.equal([
      [1, 'ThrottlingError', 50],
      [2, 'TransientError', 100],
      [3, 'ThrottlingError', 200],
    ]);
    expect(result.metrics.stepDurationsMs).to.deep.equal({ a: 350 });
  });

  it('does not start the dependents of a failed step and lets an independent branch finish', async () => {
    const provider = new WaitOnlyProvider(clock, { c: 100, d: 100 });
    provider.failWith('a', new RequestRejectedError('UpdateDistribution', 'IllegalUpdate', 'no'));
    const result = await applyPlan(planOf([wait('a'), wait('b', ['a']), wait('x', ['b']), wait('c'), wait('d', ['c'])]), {
      provider,
      clock,
    });
    expect(result.status).to.equal('failed');
    expect(result.failed.map((f) => f.stepId)).to.deep.equal(['a']);
    expect(result.notStarted).to.deep.equal(['b', 'x']);
    expect(result.completed).to.deep.equal(['c', 'd']);
    expect(result.metrics.retries).to.deep.equal({});
    expect(result.finishedAt - result.startedAt).to.equal(200_000);
  });

  it('stops at a step boundary when aborted: no new step starts', async () => {
    const controller = new AbortController();
    const provider = new WaitOnlyProvider(clock, { a: 10, b: 10, c: 10 });
    const result = await applyPlan(planOf([wait('a'), wait('b', ['a']), wait('c', ['b'])]), {
      provider,
      clock,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'step-done' && e.step.id === 'a') controller.abort();
      },
    });
    expect(result.status).to.equal('aborted');
    expect(result.completed).to.deep.equal(['a']);
    expect(result.notStarted).to.deep.equal(['b', 'c']);
    expect(result.failed).to.deep.equal([]);
    expect(provider.started).to.deep.equal(['a']);
  });

  it('reports an in-flight step interrupted by the abort as failed with AbortedError', async () => {
    const controller = new AbortController();
    const provider = new WaitOnlyProvider(clock, { long: 300, short: 10, after: 10 });
    const result = await applyPlan(planOf([wait('long'), wait('short'), wait('after', ['short'])]), {
      provider,
      clock,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'step-done' && e.step.id === 'short') controller.abort();
      },
    });
    expect(result.status).to.equal('aborted');
    expect(result.completed).to.deep.equal(['short']);
    expect(result.failed.map((f) => f.stepId)).to.deep.equal(['long']);
    expect(result.failed[0]?.error).to.be.instanceOf(AbortedError);
    expect(result.notStarted).to.deep.equal(['after']);
    expect(result.finishedAt - result.startedAt).to.equal(10_000);
  });

  it('starts nothing when the signal has already fired', async () => {
    const provider = new WaitOnlyProvider(clock, {});
    const result = await applyPlan(planOf([wait('a')]), { provider, clock, signal: AbortSignal.abort() });
    expect(result.status).to.equal('aborted');
    expect(result.notStarted).to.deep.equal(['a']);
    expect(provider.started).to.deep.equal([]);
  });

  it('ignores exceptions thrown by the event listener', async () => {
    const provider = new WaitOnlyProvider(clock, { a: 1 });
    const result = await applyPlan(planOf([wait('a')]), {
      provider,
      clock,
      onEvent: () => {
        throw new Error('renderer bug');
      },
    });
    expect(result.status).to.equal('succeeded');
    expect(result.completed).to.deep.equal(['a']);
  });

  it('succeeds with nothing to do on a plan without steps', async () => {
    const provider = new WaitOnlyProvider(clock, {});
    const result = await applyPlan(planOf([]), { provider, clock });
    expect(result).to.deep.equal({
      status: 'succeeded',
      completed: [],
      skipped: [],
      failed: [],
      notStarted: [],
      startedAt: T0,
      finishedAt: T0,
      metrics: { retries: {}, stepDurationsMs: {} },
    });
  });

  describe('refusals', () => {
    const provider = (): WaitOnlyProvider => new WaitOnlyProvider(clock, {});

    it('refuses a blocked plan', async () => {
      const plan = planOf([], {
        diagnostics: [
          { severity: 'warning', code: 'wildcard-overlap', message: 'w' },
          { severity: 'error', code: 'certificate-not-covering', message: 'e', alias: 'www.example.com' },
        ],
      });
      let error: unknown;
      await applyPlan(plan, { provider: provider(), clock }).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(PlanBlockedError);
      expect((error as PlanBlockedError).codes).to.deep.equal(['certificate-not-covering']);
    });

    it('refuses an unknown format version, duplicate ids, unknown dependencies and cycles', async () => {
      const cases: [Plan, string, RegExp][] = [
        [planOf([], { formatVersion: 3 as 4 }), 'unsupported-version', /formatVersion 3/],
        [planOf([wait('a'), wait('a')]), 'malformed', /"a" appears twice/],
        [planOf([wait('a', ['zz'])]), 'malformed', /unknown step "zz"/],
        [planOf([wait('a', ['b']), wait('b', ['a']), wait('c')]), 'malformed', /cycle \(among a, b\)/],
        [
          planOf([{ id: 'w', kind: 'wait-dns', dependsOn: ['a'], phase: 1, zoneId: 'Z1', changeStep: 'a' }, wait('a')]),
          'malformed',
          /"w" must wait for a change-dns step/,
        ],
      ];
      for (const [plan, reason, message] of cases) {
        let error: unknown;
        await applyPlan(plan, { provider: provider(), clock }).catch((e: unknown) => (error = e));
        expect(error, reason).to.be.instanceOf(PlanFileError);
        expect((error as PlanFileError).reason).to.equal(reason);
        expect((error as Error).message).to.match(message);
      }
    });

    it('refuses a concurrency below 1', async () => {
      let error: unknown;
      await applyPlan(planOf([]), { provider: provider(), clock, concurrency: 0 }).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(RangeError);
    });
  });
});
