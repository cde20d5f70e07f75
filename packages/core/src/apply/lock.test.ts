import { expect } from 'chai';
import { SimulatedClock } from '../clock.js';
import { AbortedError, LeaseLostError, LockHeldError, TransientError } from '../errors.js';
import {
  extendLeaseInfo,
  holdLease,
  isLeaseExpired,
  newLeaseInfo,
  parseLeaseInfo,
  serializeLeaseInfo,
  LeaseDocumentError,
  type Lease,
  type LeaseInfo,
  type LeaseLock,
  type LeaseRequest,
} from './lock.js';

const T0 = Date.UTC(2026, 11, 1, 2, 0, 0);
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

/**
 * A scripted in-memory lock for the holdLease loop: it keeps one lease, takes over expired ones,
 * and can be told to refuse or fail renewals. Backends' own semantics are tested in providers.
 */
class ScriptedLock implements LeaseLock {
  current: LeaseInfo | null = null;
  readonly renewedAt: number[] = [];
  readonly released: string[] = [];
  acquireAttempts = 0;
  renewOutcome: 'ok' | 'refuse' | 'fail' = 'ok';
  private counter = 0;

  constructor(private readonly clock: SimulatedClock) {}

  async acquire(request: LeaseRequest): Promise<Lease> {
    this.acquireAttempts++;
    const now = this.clock.now();
    if (this.current && !isLeaseExpired(this.current, now)) throw new LockHeldError(this.current);
    const info = newLeaseInfo({ id: `lease-${++this.counter}`, holder: request.holder, pid: 42, host: 'ci-1' }, now, request.ttlSeconds);
    this.current = info;
    return { ...info, token: info.id, ttlSeconds: request.ttlSeconds };
  }

  async renew(lease: Lease): Promise<Lease> {
    const now = this.clock.now();
    if (this.renewOutcome === 'fail') throw new TransientError('renew', 'connection-reset');
    if (this.renewOutcome === 'refuse' || this.current?.id !== lease.id) throw new LeaseLostError(lease.id, this.current);
    this.renewedAt.push((now - T0) / 1000);
    this.current = extendLeaseInfo(this.current, now, lease.ttlSeconds);
    return { ...this.current, token: lease.token, ttlSeconds: lease.ttlSeconds };
  }

  async release(lease: Lease): Promise<void> {
    if (this.current?.id !== lease.id) throw new LeaseLostError(lease.id, this.current);
    this.released.push(lease.id);
    this.current = null;
  }

  async inspect(): Promise<LeaseInfo | null> {
    return this.current;
  }

  async forceRelease(id: string): Promise<void> {
    if (this.current?.id !== id) throw new LeaseLostError(id, this.current);
    this.current = null;
  }
}

const rival: LeaseInfo = { id: 'rival', holder: 'bob cfalias apply', pid: 7, host: 'ci-2', created: at(-100), expiry: at(20) };

describe('lock: lease documents', () => {
  it('creates, extends and round-trips a lease document', () => {
    const info = newLeaseInfo({ id: 'l1', holder: 'alice', pid: 9, host: 'h' }, T0, 60);
    expect(info).to.deep.equal({
      id: 'l1',
      holder: 'alice',
      pid: 9,
      host: 'h',
      created: '2026-12-01T02:00:00.000Z',
      expiry: '2026-12-01T02:01:00.000Z',
    });
    const extended = extendLeaseInfo(info, T0 + 30_000, 60);
    expect(extended.created).to.equal('2026-12-01T02:00:00.000Z');
    expect(extended.expiry).to.equal('2026-12-01T02:01:30.000Z');
    expect(serializeLeaseInfo(info)).to.equal(
      '{"id":"l1","holder":"alice","pid":9,"host":"h","created":"2026-12-01T02:00:00.000Z","expiry":"2026-12-01T02:01:00.000Z"}\n',
    );
    expect(parseLeaseInfo(serializeLeaseInfo(info), 'f')).to.deep.equal(info);
  });

  it('counts a lease as expired from its expiry instant on', () => {
    expect(isLeaseExpired(rival, T0 + 19_999)).to.equal(false);
    expect(isLeaseExpired(rival, T0 + 20_000)).to.equal(true);
  });

  it('refuses documents that are not leases, naming the source', () => {
    expect(() => parseLeaseInfo('{', '/tmp/x.lock')).to.throw(LeaseDocumentError, '/tmp/x.lock: not a cfalias lease (not JSON)');
    expect(() => parseLeaseInfo('[]', 's3://b/k')).to.throw(LeaseDocumentError, 'not a JSON object');
    expect(() =>
      parseLeaseInfo('{"id":"a","holder":"h","host":"x","pid":"1","created":"2026-01-01T00:00:00Z","expiry":"2026-01-01T00:00:00Z"}', 'f'),
    ).to.throw('"pid" must be an integer');
    expect(() =>
      parseLeaseInfo('{"id":"a","holder":"h","host":"x","pid":1,"created":"yesterday","expiry":"2026-01-01T00:00:00Z"}', 'f'),
    ).to.throw('"created" must be an ISO 8601 time');
  });

  it('names holder, host, pid, since and expiry in LockHeldError', () => {
    const error = new LockHeldError(rival);
    expect(error.name).to.equal('LockHeldError');
    expect(error.current).to.equal(rival);
    expect(error.message).to.equal(
      'the lock is held by bob cfalias apply on ci-2 (pid 7) since 2026-12-01T01:58:20.000Z, until 2026-12-01T02:00:20.000Z unless renewed; lease id rival',
    );
  });
});

describe('lock: holdLease', () => {
  let clock: SimulatedClock;
  let lock: ScriptedLock;
  beforeEach(() => {
    clock = new SimulatedClock(T0);
    lock = new ScriptedLock(clock);
  });

  it('renews on the heartbeat and releases on stop', async () => {
    const renewed: string[] = [];
    const held = await holdLease(
      lock,
      { holder: 'alice', ttlSeconds: 30 },
      { clock, onRenewed: (lease) => void renewed.push(lease.expiry) },
    );
    await clock.sleep(35_000);
    // Default heartbeat: ttl / 3 = 10 s.
    expect(lock.renewedAt).to.deep.equal([10, 20, 30]);
    expect(renewed).to.deep.equal([at(40), at(50), at(60)]);
    expect(held.lease.expiry).to.equal(at(60));
    await held.stop();
    await held.stop();
    expect(lock.released).to.deep.equal(['lease-1']);
    expect(lock.current).to.equal(null);
    await clock.sleep(60_000);
    expect(lock.renewedAt).to.have.length(3);
  });

  it('reports a refused renewal once through onLost and does not release', async () => {
    const lostErrors: LeaseLostError[] = [];
    const held = await holdLease(
      lock,
      { holder: 'alice', ttlSeconds: 60 },
      { clock, heartbeatSeconds: 15, onLost: (e) => void lostErrors.push(e) },
    );
    await clock.sleep(20_000);
    lock.renewOutcome = 'refuse';
    await clock.sleep(20_000);
    expect(lock.renewedAt).to.deep.equal([15]);
    expect(lostErrors).to.have.length(1);
    expect(lostErrors[0]!.leaseId).to.equal('lease-1');
    expect(held.lost).to.equal(true);
    await held.stop();
    expect(lock.released).to.deep.equal([]);
    expect(lostErrors).to.have.length(1);
  });

  it('keeps trying after failed renewals and counts the lease lost once it expires', async () => {
    const lostErrors: LeaseLostError[] = [];
    const held = await holdLease(lock, { holder: 'alice', ttlSeconds: 30 }, { clock, onLost: (e) => void lostErrors.push(e) });
    lock.renewOutcome = 'fail';
    await clock.sleep(25_000);
    expect(held.lost).to.equal(false);
    await clock.sleep(10_000);
    expect(held.lost).to.equal(true);
    expect(lostErrors[0]!.message).to.equal(`lease lease-1 expired at ${at(30)} while its renewal kept failing`);
    expect(lostErrors[0]!.cause).to.be.instanceOf(TransientError);
  });

  it('fails at once on a held lock without a timeout', async () => {
    lock.current = rival;
    const error = await holdLease(lock, { holder: 'alice', ttlSeconds: 30 }, { clock }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(LockHeldError);
    expect((error as LockHeldError).current.holder).to.equal('bob cfalias apply');
    expect(lock.acquireAttempts).to.equal(1);
    expect(clock.now()).to.equal(T0);
  });

  it('waits with doubling backoff up to the holder expiry, then takes the expired lease over', async () => {
    lock.current = rival; // expires at T0 + 20 s
    const waits: number[] = [];
    const held = await holdLease(
      lock,
      { holder: 'alice', ttlSeconds: 30 },
      { clock, timeoutSeconds: 60, onWaiting: (_c, ms) => void waits.push(ms) },
    );
    expect(waits).to.deep.equal([1000, 2000, 4000, 8000, 5000]);
    expect(clock.now()).to.equal(T0 + 20_000);
    expect(held.lease.holder).to.equal('alice');
    expect(held.lease.created).to.equal(at(20));
    await held.stop();
  });

  it('gives up with the holder when the lock timeout passes', async () => {
    lock.current = { ...rival, expiry: at(3600) };
    const waits: number[] = [];
    const error = await holdLease(
      lock,
      { holder: 'alice', ttlSeconds: 30 },
      { clock, timeoutSeconds: 40, onWaiting: (_c, ms) => void waits.push(ms) },
    ).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(LockHeldError);
    expect(waits).to.deep.equal([1000, 2000, 4000, 8000, 15000, 10000]);
    expect(lock.acquireAttempts).to.equal(7);
    expect(clock.now()).to.equal(T0 + 40_000);
  });

  it('stops waiting when the signal fires', async () => {
    lock.current = { ...rival, expiry: at(3600) };
    const controller = new AbortController();
    const pending = holdLease(lock, { holder: 'alice', ttlSeconds: 30 }, { clock, timeoutSeconds: 600, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    await clock.sleep(2500);
    controller.abort();
    expect(await pending).to.be.instanceOf(AbortedError);
    expect(lock.acquireAttempts).to.equal(2);
  });

  it('refuses a heartbeat that is not shorter than the ttl', async () => {
    const error = await holdLease(lock, { holder: 'alice', ttlSeconds: 30 }, { clock, heartbeatSeconds: 30 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RangeError);
    expect(lock.acquireAttempts).to.equal(0);
  });
});
