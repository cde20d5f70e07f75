import { expect } from 'chai';
import { SimulatedClock } from './clock.js';
import { AbortedError } from './errors.js';

describe('SimulatedClock', () => {
  const start = Date.UTC(2026, 11, 1, 2, 0, 0);

  it('overlaps concurrent sleepers: two parallel 300 s waits cost 300 s', async () => {
    const clock = new SimulatedClock(start);
    await Promise.all([clock.sleep(300_000), clock.sleep(300_000)]);
    expect(clock.now() - start).to.equal(300_000);
  });

  it('adds sequential sleeps and wakes timers in due order', async () => {
    const clock = new SimulatedClock(start);
    const woke: string[] = [];
    const a = (async () => {
      await clock.sleep(60_000);
      woke.push(`a@${(clock.now() - start) / 1000}`);
      await clock.sleep(300_000);
      woke.push(`a2@${(clock.now() - start) / 1000}`);
    })();
    const b = clock.sleep(120_000).then(() => woke.push(`b@${(clock.now() - start) / 1000}`));
    await Promise.all([a, b]);
    expect(woke).to.deep.equal(['a@60', 'b@120', 'a2@360']);
    expect(clock.now() - start).to.equal(360_000);
  });

  it('rejects a sleeper whose signal aborts, and leaves no timer behind', async () => {
    const clock = new SimulatedClock(start);
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    controller.abort();
    let caught: unknown;
    try {
      await sleeping;
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(AbortedError);
    expect(clock.pendingTimers).to.equal(0);
    expect(clock.now()).to.equal(start);
  });

  it('advance() wakes the timers that fall due and lands on the target time', async () => {
    const clock = new SimulatedClock(start);
    let woke = false;
    const sleeping = clock.sleep(5_000).then(() => {
      woke = true;
    });
    clock.advance(10_000);
    await sleeping;
    expect(woke).to.equal(true);
    expect(clock.now() - start).to.equal(10_000);
  });
});
