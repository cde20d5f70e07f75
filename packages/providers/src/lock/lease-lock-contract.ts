/**
 * The lease lock contract suite: the same behaviour asserted against every backend (local file,
 * S3 over the emulator, S3 over moto_server). Call it inside a mocha `describe`.
 *
 * Every backend runs on one SimulatedClock shared by all its lock instances (several instances =
 * several processes on several hosts). The tests only move time with `clock.advance` while no I/O
 * is in flight, except the heartbeat test, whose only sleeper is the heartbeat itself.
 */
import { expect } from 'chai';
import { holdLease, LeaseLostError, LockHeldError, SimulatedClock, type Lease, type LeaseInfo, type LeaseLock } from '@cfalias/core';

export const CONTRACT_T0 = Date.UTC(2026, 11, 1, 2, 0, 0);
const at = (seconds: number): string => new Date(CONTRACT_T0 + seconds * 1000).toISOString();

export interface LockIdentity {
  readonly pid: number;
  readonly host: string;
  readonly id: string;
}

export interface LeaseLockFixture {
  /** A lock instance on the SAME lock (same file / object) as every other one of this fixture. */
  makeLock(identity: LockIdentity): LeaseLock;
  /** Frees this fixture's resources (files, clients). */
  dispose(): Promise<void>;
}

/** Builds a fresh, free lock (a new file, a new object key) whose instances read `clock`. */
export type LeaseLockFactory = (clock: SimulatedClock) => Promise<LeaseLockFixture>;

export function leaseLockContract(factory: () => LeaseLockFactory): void {
  let clock: SimulatedClock;
  let fixture: LeaseLockFixture;
  let alice: LeaseLock;
  let bob: LeaseLock;

  beforeEach(async () => {
    clock = new SimulatedClock(CONTRACT_T0);
    fixture = await factory()(clock);
    alice = fixture.makeLock({ pid: 101, host: 'ci-alice', id: 'lease-alice' });
    bob = fixture.makeLock({ pid: 202, host: 'ci-bob', id: 'lease-bob' });
  });
  afterEach(async () => {
    await fixture.dispose();
  });

  const expectError = async <T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> => {
    const outcome = await promise.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(outcome, `expected ${type.name}`).to.be.instanceOf(type);
    return outcome as T;
  };

  const aliceInfo: LeaseInfo = {
    id: 'lease-alice',
    holder: 'alice cfalias apply',
    pid: 101,
    host: 'ci-alice',
    created: at(0),
    expiry: at(60),
  };

  it('is free at first, and grants an exclusive lease naming its holder', async () => {
    expect(await alice.inspect()).to.equal(null);
    const lease = await alice.acquire({ holder: 'alice cfalias apply', ttlSeconds: 60 });
    expect({ ...lease, token: undefined }).to.deep.equal({ ...aliceInfo, token: undefined, ttlSeconds: 60 });
    expect(await bob.inspect()).to.deep.equal(aliceInfo);

    const held = await expectError(bob.acquire({ holder: 'bob cfalias apply', ttlSeconds: 60 }), LockHeldError);
    expect(held.current).to.deep.equal(aliceInfo);
    expect(held.message).to.equal(
      'the lock is held by alice cfalias apply on ci-alice (pid 101) since 2026-12-01T02:00:00.000Z, until 2026-12-01T02:01:00.000Z unless renewed; lease id lease-alice',
    );
  });

  it('lets exactly one of several simultaneous acquirers win', async () => {
    const contenders = [1, 2, 3, 4, 5].map((n) => fixture.makeLock({ pid: n, host: `host-${n}`, id: `lease-${n}` }));
    const outcomes = await Promise.allSettled(contenders.map((lock, n) => lock.acquire({ holder: `writer-${n + 1}`, ttlSeconds: 60 })));
    const winners = outcomes.filter((o): o is PromiseFulfilledResult<Lease> => o.status === 'fulfilled');
    expect(winners).to.have.length(1);
    const winner = winners[0]!.value;
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') continue;
      expect(outcome.reason).to.be.instanceOf(LockHeldError);
      expect((outcome.reason as LockHeldError).current.id).to.equal(winner.id);
    }
    expect((await alice.inspect())?.id).to.equal(winner.id);
  });

  it('renews with the right token, and refuses a renewal with a wrong one', async () => {
    const lease = await alice.acquire({ holder: 'alice cfalias apply', ttlSeconds: 60 });
    clock.advance(20_000);
    const renewed = await alice.renew(lease);
    expect(renewed.expiry).to.equal(at(80));
    expect(renewed.created).to.equal(at(0));
    expect(await bob.inspect()).to.deep.equal({ ...aliceInfo, expiry: at(80) });

    const forged: Lease = { ...renewed, id: 'lease-mallory', token: '"00000000000000000000000000000000"' };
    const refused = await expectError(alice.renew(forged), LeaseLostError);
    expect(refused.leaseId).to.equal('lease-mallory');
    expect(refused.current).to.deep.equal({ ...aliceInfo, expiry: at(80) });
    expect(await bob.inspect()).to.deep.equal({ ...aliceInfo, expiry: at(80) });

    clock.advance(50_000); // t = 70 s: past the first expiry, before the renewed one
    await expectError(bob.acquire({ holder: 'bob cfalias apply', ttlSeconds: 60 }), LockHeldError);
  });

  it('releases with the right token only, after which another writer may acquire', async () => {
    const lease = await alice.acquire({ holder: 'alice cfalias apply', ttlSeconds: 60 });
    const wrong: Lease = { ...lease, id: 'lease-mallory', token: '"00000000000000000000000000000000"' };
    await expectError(alice.release(wrong), LeaseLostError);
    expect((await bob.inspect())?.id).to.equal('lease-alice');

    await alice.release(lease);
    expect(await bob.inspect()).to.equal(null);
    const second = await expectError(alice.release(lease), LeaseLostError);
    expect(second.current).to.equal(null);

    const bobs = await bob.acquire({ holder: 'bob cfalias apply', ttlSeconds: 60 });
    expect(bobs.id).to.equal('lease-bob');
  });

  it('keeps an unexpired lease and lets an expired one be taken over; the old holder is then refused', async () => {
    const lease = await alice.acquire({ holder: 'alice cfalias apply', ttlSeconds: 30 });
    clock.advance(29_999);
    await expectError(bob.acquire({ holder: 'bob cfalias apply', ttlSeconds: 30 }), LockHeldError);
    clock.advance(1);
    const bobs = await bob.acquire({ holder: 'bob cfalias apply', ttlSeconds: 30 });
    const bobInfo: LeaseInfo = { id: 'lease-bob', holder: 'bob cfalias apply', pid: 202, host: 'ci-bob', created: at(30), expiry: at(60) };
    expect({ ...bobs, token: undefined }).to.deep.equal({ ...bobInfo, token: undefined, ttlSeconds: 30 });

    const renewRefused = await expectError(alice.renew(lease), LeaseLostError);
    expect(renewRefused.leaseId).to.equal('lease-alice');
    expect(renewRefused.current).to.deep.equal(bobInfo);
    const releaseRefused = await expectError(alice.release(lease), LeaseLostError);
    expect(releaseRefused.current).to.deep.equal(bobInfo);
    expect(await alice.inspect()).to.deep.equal(bobInfo);
  });

  it('lets exactly one of several simultaneous takers have an expired lease', async () => {
    await alice.acquire({ holder: 'alice cfalias apply', ttlSeconds: 30 });
    clock.advance(45_000);
    const takers = [1, 2, 3, 4, 5].map((n) => fixture.makeLock({ pid: n, host: `host-${n}`, id: `lease-${n}` }));
    const outcomes = await Promise.allSettled(takers.map((lock, n) => lock.acquire({ holder: `writer-${n + 1}`, ttlSeconds: 30 })));
    const winners = outcomes.filter((o): o is PromiseFulfilledResult<Lease> => o.status === 'fulfilled');
    expect(winners).to.have.length(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect((outcome.reason as LockHeldError).current.id).to.equal(winners[0]!.value.id);
    }
    expect(await alice.inspect()).to.deep.include({ id: winners[0]!.value.id, created: at(45), expiry: at(75) });
  });

  it('force-releases only the named lease', async () => {
    const lease = await alice.acquire({ holder: 'alice cfalias apply', ttlSeconds: 60 });
    const refused = await expectError(bob.forceRelease('lease-other'), LeaseLostError);
    expect(refused.current).to.deep.equal(aliceInfo);
    expect((await bob.inspect())?.id).to.equal('lease-alice');

    await bob.forceRelease('lease-alice');
    expect(await bob.inspect()).to.equal(null);
    const lost = await expectError(alice.renew(lease), LeaseLostError);
    expect(lost.current).to.equal(null);
    await expectError(bob.forceRelease('lease-alice'), LeaseLostError);
  });

  it('keeps the lease alive past its ttl with holdLease heartbeats on the simulated clock', async () => {
    const expiries: string[] = [];
    const checks: { now: number; stored: LeaseInfo | null; rival: unknown }[] = [];
    let third!: () => void;
    const thirdRenewal = new Promise<void>((resolve) => (third = resolve));
    const held = await holdLease(
      alice,
      { holder: 'alice cfalias apply', ttlSeconds: 30 },
      {
        clock,
        heartbeatSeconds: 10,
        onRenewed: async (lease) => {
          expiries.push(lease.expiry);
          if (expiries.length < 3) return;
          // The heartbeat waits for this callback, so no time passes while we look.
          const rival = await bob.acquire({ holder: 'bob cfalias apply', ttlSeconds: 30 }).catch((e: unknown) => e);
          checks.push({ now: clock.now(), stored: await bob.inspect(), rival });
          third();
        },
      },
    );
    await thirdRenewal;
    await held.stop();
    expect(expiries).to.deep.equal([at(40), at(50), at(60)]);
    expect(checks[0]!.now).to.equal(CONTRACT_T0 + 30_000);
    expect(checks[0]!.stored).to.deep.equal({ ...aliceInfo, expiry: at(60) });
    expect(checks[0]!.rival).to.be.instanceOf(LockHeldError);
    expect(held.lost).to.equal(false);
    expect(await bob.inspect()).to.equal(null);
  });
}
