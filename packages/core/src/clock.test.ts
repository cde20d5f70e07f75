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

  it('whenDue reads its due time again when the clock moves: a deadline pushed back while waited for is honoured', async () => {
    const clock = new SimulatedClock(start);
    let due = start + 300_000;
    const wokeAt: number[] = [];
    clock.whenDue(
      () => due,
      () => wokeAt.push(clock.now() - start),
    );
    // Another sleeper moves the clock first; meanwhile the deadline moves out.
    await clock.sleep(100_000);
    due = start + 400_000;
    await clock.sleep(250_000);
    expect([clock.now() - start, wokeAt]).to.deep.equal([350_000, []]);
    await clock.sleep(100_000);
    expect(wokeAt).to.deep.equal([400_000]);
  });

  it('whenDue with a due time of null wakes at once, without moving time; its cancel function forgets it', async () => {
    const clock = new SimulatedClock(start);
    let woke = 0;
    clock.whenDue(
      () => null,
      () => woke++,
    );
    const cancel = clock.whenDue(
      () => start + 1_000,
      () => woke++,
    );
    cancel();
    await new Promise((resolve) => setImmediate(resolve));
    expect([woke, clock.now(), clock.pendingTimers]).to.deep.equal([1, start, 0]);
  });
});

describe('SimulatedClock with an AdvanceGate', () => {
  const start = Date.UTC(2026, 11, 1, 2, 0, 0);
  /** A few event-loop turns: enough for an ungated clock to have moved. */
  const turns = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };

  it('holds time and wakes no sleeper while the gate says null; moves to the earliest sleeper once asked again', async () => {
    const clock = new SimulatedClock(start);
    let open = false;
    clock.gateWith({ nextStop: (_now, earliest) => (open ? (earliest ?? null) : null) });
    let wokeAt: number | undefined;
    const sleeping = clock.sleep(60_000).then(() => (wokeAt = clock.now()));
    await turns();
    expect([clock.now(), wokeAt]).to.deep.equal([start, undefined]);
    open = true;
    clock.requestAdvance();
    await sleeping;
    expect(wokeAt).to.equal(start + 60_000);
  });

  it('moves to the stop the gate names, waking only the sleepers then due', async () => {
    const clock = new SimulatedClock(start);
    const stops = [start + 30_000];
    clock.gateWith({ nextStop: () => stops.shift() ?? null });
    let woke = false;
    void clock.sleep(60_000).then(() => (woke = true));
    await turns();
    expect([clock.now() - start, woke]).to.deep.equal([30_000, false]);
  });

  it('advance() under a gate moves time but leaves the waking to the gate', async () => {
    const clock = new SimulatedClock(start);
    let open = false;
    clock.gateWith({ nextStop: (now) => (open ? now : null) });
    let woke = false;
    const sleeping = clock.sleep(5_000).then(() => (woke = true));
    clock.advance(10_000);
    await turns();
    expect([clock.now() - start, woke]).to.deep.equal([10_000, false]);
    open = true;
    clock.requestAdvance();
    await sleeping;
    expect(clock.now() - start).to.equal(10_000);
  });

  it('takes one gate at a time; a released gate hands time back to the event loop', async () => {
    const clock = new SimulatedClock(start);
    const release = clock.gateWith({ nextStop: () => null });
    expect(() => clock.gateWith({ nextStop: () => null })).to.throw('already has an AdvanceGate');
    const sleeping = clock.sleep(1_000);
    await turns();
    expect(clock.now()).to.equal(start);
    release();
    clock.requestAdvance();
    await sleeping;
    expect(clock.now() - start).to.equal(1_000);
  });
});
