import { expect } from 'chai';
import { SimulatedClock } from '../clock.js';
import { AbortedError, ThrottlingError } from '../errors.js';
import { AdaptiveRateLimiter, pacedProvider } from './mutation-pacing.js';
import type { CutoverProvider, LiveDistribution } from '../ports.js';

const T0 = Date.UTC(2026, 0, 1);

describe('AdaptiveRateLimiter (the AWS SDK adaptive retry algorithm on the injected clock)', () => {
  let clock: SimulatedClock;
  beforeEach(() => {
    clock = new SimulatedClock(T0);
  });

  it('does not pace before the first Throttling answer', async () => {
    const limiter = new AdaptiveRateLimiter(clock);
    for (let i = 0; i < 5; i++) {
      await limiter.acquire();
      limiter.record(false);
    }
    expect(limiter.rate).to.equal(undefined);
    expect(clock.now()).to.equal(T0);
  });

  it('after a throttle with nothing measured yet, paces at the 0.5/s floor: callers waiting together get tokens at 2, 4 and 6 s', async () => {
    const limiter = new AdaptiveRateLimiter(clock);
    limiter.record(true);
    expect(limiter.rate).to.equal(0.5);
    const granted: number[] = [];
    await Promise.all([1, 2, 3].map(() => limiter.acquire().then(() => granted.push(clock.now() - T0))));
    expect(granted).to.deep.equal([2000, 4000, 6000]);
  });

  it('cuts the rate to 0.7 × the rate it was sending at on each throttle, down to 0.5/s', () => {
    const limiter = new AdaptiveRateLimiter(clock);
    clock.advance(500);
    limiter.record(false); // half-second bucket 0.5: 1 call / 0.5 s = 2/s, smoothed 0.8 × 2 = 1.6
    clock.advance(500);
    limiter.record(true); // measured 0.8 × 2 + 0.2 × 1.6 = 1.92; 0.7 × 1.92
    expect(limiter.rate).to.be.closeTo(1.344, 1e-12);
    limiter.record(true); // same half second: measured still 1.92; 0.7 × min(1.92, 1.344)
    expect(limiter.rate).to.be.closeTo(0.9408, 1e-12);
    limiter.record(true);
    expect(limiter.rate).to.be.closeTo(0.65856, 1e-12);
    limiter.record(true); // 0.460992: below the floor
    expect(limiter.rate).to.equal(0.5);
  });

  it('grows back along the cubic curve after a throttle, never above twice the measured send rate', () => {
    const limiter = new AdaptiveRateLimiter(clock);
    clock.advance(500);
    limiter.record(false);
    clock.advance(500);
    limiter.record(true); // at 1 s: lastMaxRate 1.92, W = cbrt(1.92 × 0.3 / 0.4) = 1.129243 s
    clock.advance(1000);
    // at 2 s: 0.4 × (1 − 1.129243)³ + 1.92 = 1.919136; measured 0.8 × 1 + 0.2 × 1.92 = 1.184 (cap 2.368)
    limiter.record(false);
    expect(limiter.rate).to.be.closeTo(1.919136, 1e-6);
    clock.advance(1000);
    // at 3 s: the curve gives 0.4 × (2 − 1.129243)³ + 1.92 = 2.184089, but 1 call a second was
    // measured (0.8 × 1 + 0.2 × 1.184 = 1.0368): capped at 2.0736
    limiter.record(false);
    expect(limiter.rate).to.be.closeTo(2.0736, 1e-12);
  });

  it('stops a waiting caller with AbortedError when its signal fires', async () => {
    const limiter = new AdaptiveRateLimiter(clock);
    limiter.record(true);
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    let error: unknown;
    await waiting.catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(AbortedError);
    expect(clock.now()).to.equal(T0);
  });
});

describe('pacedProvider', () => {
  it('paces updateAliases, moveAlias and changeRecords on the buckets given, and leaves CloudFront reads alone', async () => {
    const clock = new SimulatedClock(T0);
    const calls: [string, number][] = [];
    let throttleNext = true;
    const at = (name: string): void => {
      calls.push([name, clock.now() - T0]);
    };
    const live: LiveDistribution = {
      id: 'E1',
      domainName: 'd1.cloudfront.net',
      enabled: true,
      status: 'Deployed',
      aliases: [],
      certificateArn: null,
    };
    const inner = {
      name: 'recording',
      capabilities: { moveApis: ['update-domain-association', 'associate-alias'], dns: true, retriesTransientErrors: false },
      readDistribution: async () => (at('readDistribution'), live),
      moveAlias: async () => {
        at('moveAlias');
        if (throttleNext) {
          throttleNext = false;
          throw new ThrottlingError('UpdateDomainAssociation');
        }
      },
      changeRecords: async () => (at('changeRecords'), { changeId: 'C1' }),
      updateAliases: async () => (at('updateAliases'), 'apply' as const),
    } as unknown as CutoverProvider;
    const limiter = new AdaptiveRateLimiter(clock);
    const provider = pacedProvider(inner, { cloudFront: limiter, route53: limiter });

    let error: unknown;
    await provider.moveAlias('E2', 'www.example.com', 'update-domain-association').catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(ThrottlingError);
    await provider.readDistribution('E1');
    await provider.moveAlias('E2', 'www.example.com', 'update-domain-association'); // 0.5/s from an empty bucket: 2 s
    // At 2 s the success measures 2 calls over 2 s (0.8/s smoothed): rate min(0.4 × 2³, 1.6) = 1.6/s
    await provider.changeRecords('Z1', []); // 1 / 1.6 = 0.625 s later
    // At 2.625 s: 1 call in the half second since 2 s (2/s), smoothed 0.8 × 2 + 0.2 × 0.8 = 1.76/s,
    // so the rate is capped at 3.52/s: the next token after ceil(1000 / 3.52) = 285 ms
    await provider.updateAliases('E1', { remove: [], add: [] }, () => 'apply');
    expect(calls).to.deep.equal([
      ['moveAlias', 0],
      ['readDistribution', 0],
      ['moveAlias', 2000],
      ['changeRecords', 2625],
      ['updateAliases', 2910],
    ]);
  });

  it('forwards the optional calls the inner provider has (setEnabled and testDnsAnswer paced, verifyTenantDns as is) and offers none it lacks', async () => {
    const clock = new SimulatedClock(T0);
    const calls: string[] = [];
    const at = (what: string): void => void calls.push(`${what} at ${clock.now() - T0}`);
    const base = {
      name: 'recording',
      capabilities: { moveApis: [], dns: true, retriesTransientErrors: false },
    };
    const full = {
      ...base,
      setEnabled: async (id: string, enabled: boolean) => (at(`setEnabled ${id} ${enabled}`), 'apply' as const),
      testDnsAnswer: async (zone: string, name: string, type: string) => (
        at(`testDnsAnswer ${zone} ${name} ${type}`),
        { responseCode: 'NOERROR', type, data: [] }
      ),
      verifyTenantDns: async (tenant: string) => (at(`verifyTenantDns ${tenant}`), []),
    } as unknown as CutoverProvider;
    const cloudFront = new AdaptiveRateLimiter(clock);
    const route53 = new AdaptiveRateLimiter(clock);
    cloudFront.record(true); // the next CloudFront token waits 2 s (the 0.5/s floor)
    const provider = pacedProvider(full, { cloudFront, route53 });

    expect(await provider.setEnabled!('E1', false, () => 'apply')).to.equal('apply');
    expect((await provider.testDnsAnswer!('Z1', 'www.example.com', 'A')).responseCode).to.equal('NOERROR');
    await provider.verifyTenantDns!('dt_1', ['www.example.com']);
    // setEnabled waited for CloudFront's token (2 s after the throttle); Route 53's bucket was never throttled.
    expect(calls).to.deep.equal([
      'setEnabled E1 false at 2000',
      'testDnsAnswer Z1 www.example.com A at 2000',
      'verifyTenantDns dt_1 at 2000',
    ]);

    const bare = pacedProvider(base as unknown as CutoverProvider, { cloudFront, route53 });
    expect(['setEnabled', 'testDnsAnswer', 'verifyTenantDns'].filter((name) => name in bare)).to.deep.equal([]);
  });
});
