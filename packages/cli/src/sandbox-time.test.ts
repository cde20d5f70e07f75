import { expect } from 'chai';
import { AbortedError, SimulatedClock } from '@cfalias/core';
import { SandboxTime } from './sandbox-time.js';

const T0 = Date.UTC(2026, 11, 1, 2, 0, 0);

/** Resolves after a few real event-loop turns with real I/O in between, as an HTTP call would. */
function realIo(ms = 5): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Real-timer polling, as the SDK waiters do: until `done()` holds. */
async function poll(done: () => boolean): Promise<void> {
  while (!done()) await realIo(2);
}

describe('SandboxTime', () => {
  it('does not move time while a call is busy, then moves a sleeper to its due time exactly', async () => {
    const world = new SimulatedClock(T0);
    const time = new SandboxTime(world);
    let sleptAt: number | undefined;
    const sleeping = time.clock.sleep(1_000).then(() => (sleptAt = world.now()));
    let seenDuringCall: number | undefined;
    await time.busy(async () => {
      await realIo(20);
      seenDuringCall = world.now();
    });
    await sleeping;
    expect(seenDuringCall).to.equal(T0);
    expect(sleptAt).to.equal(T0 + 1_000);
  });

  it('moves time to what a wait waits for, and holds it there until the wait returns', async () => {
    const world = new SimulatedClock(T0);
    const time = new SandboxTime(world);
    const due = T0 + 300_000;
    const dueAt = (): number | null => (world.now() < due ? due : null);
    // A sleeper further out must not run before the wait has seen its resource done.
    const sleeperWoke: number[] = [];
    const sleeping = time.clock.sleep(600_000).then(() => sleeperWoke.push(world.now()));
    let waitEndedAt: number | undefined;
    await time.waitingFor(dueAt, async () => {
      await poll(() => world.now() >= due);
      // Real time passes while the waiter's last poll is out; simulated time does not.
      await realIo(20);
      waitEndedAt = world.now();
    });
    await sleeping;
    expect(waitEndedAt).to.equal(T0 + 300_000);
    expect(sleeperWoke).to.deep.equal([T0 + 600_000]);
  });

  it('overlaps parallel waits: two 300 s deployments and a 60 s DNS change take 300 s', async () => {
    const world = new SimulatedClock(T0);
    const time = new SandboxTime(world);
    const wait = (seconds: number): Promise<number> => {
      const due = T0 + seconds * 1000;
      return time.waitingFor(
        () => (world.now() < due ? due : null),
        async () => {
          await poll(() => world.now() >= due);
          return world.now() - T0;
        },
      );
    };
    expect(await Promise.all([wait(300), wait(60), wait(300)])).to.deep.equal([300_000, 60_000, 300_000]);
    expect(world.now() - T0).to.equal(300_000);
  });

  it('rejects an aborted sleep with AbortedError and forgets it', async () => {
    const world = new SimulatedClock(T0);
    const time = new SandboxTime(world);
    const controller = new AbortController();
    const sleeping = time.clock.sleep(5_000, controller.signal);
    controller.abort();
    const error = await sleeping.catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AbortedError);
    await time.busy(() => realIo(5));
    expect(world.now()).to.equal(T0);
  });
});
