/**
 * Simulated time for `--sandbox` over the SDK and the embedded emulator: a discrete-event clock
 * that moves the world's SimulatedClock only when nothing is happening.
 *
 * Why not the world's SimulatedClock as it is: it jumps to its next timer as soon as an event-loop
 * turn has nothing but timers, and an HTTP request in flight is not "nothing" but looks like it.
 * A backoff sleep beside an UpdateDistribution still on the wire would move the world before the
 * update lands, and the update would deploy later than it should. The emulator's own
 * fast-forward (docs/emulator.md) has to guess a waiter's poll from the traffic and wait for a
 * quiet spell of real time before it moves; in-process we know exactly which call is a wait, so
 * the embedded emulator runs without fast-forward and time moves here instead:
 *
 * - every provider call other than a wait is `busy`: while one is in progress time stands still;
 * - a wait names what it waits for (`waitingFor`: the moment the deployment or DNS change is due,
 *   read from the world) and runs the real SDK waiter, which polls on real timers (small delays);
 * - when no call is busy and no wait is ready to see its resource done, time jumps to the earliest
 *   moment someone waits for: a wait's due time or a sleeper's (the executor's backoff);
 * - a wait whose resource is already due holds time still until its waiter has polled and
 *   returned, so its step ends at the due time exactly.
 *
 * The result is the in-process provider's timing (durations equal the plan's estimate) with the
 * real SDK path in between. Real time spent: a few milliseconds per request and one short waiter
 * delay per wait.
 */
import { AbortedError, SimulatedClock, type Clock } from '@cfalias/core';

interface Sleeper {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

export class SandboxTime {
  /** The clock apply runs on: the world's time; sleeping on it is a simulated sleep. */
  readonly clock: Clock;
  private busyCount = 0;
  private readonly sleepers: Sleeper[] = [];
  private readonly waits = new Map<number, () => number | null>();
  private nextId = 0;
  private checkScheduled = false;

  /** `world` is the world's SimulatedClock (a world file loaded without another clock has one). */
  constructor(private readonly world: SimulatedClock) {
    this.clock = { now: () => world.now(), sleep: (ms, signal) => this.sleep(ms, signal) };
  }

  /** Runs one provider call; time stands still until it settles. */
  async busy<T>(work: () => Promise<T>): Promise<T> {
    this.busyCount++;
    try {
      return await work();
    } finally {
      this.busyCount--;
      this.scheduleCheck();
    }
  }

  /**
   * Runs a wait. `dueAt` reads the clock ms when what it waits for is done, or null when it
   * already is (or does not exist): then time holds still until `work` returns.
   */
  async waitingFor<T>(dueAt: () => number | null, work: () => Promise<T>): Promise<T> {
    const id = this.nextId++;
    this.waits.set(id, dueAt);
    this.scheduleCheck();
    try {
      return await work();
    } finally {
      this.waits.delete(id);
      this.scheduleCheck();
    }
  }

  private sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortedError());
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        at: this.world.now() + Math.max(0, ms),
        seq: this.nextId++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = this.sleepers.indexOf(sleeper);
        if (index >= 0) this.sleepers.splice(index, 1);
        reject(new AbortedError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
      this.scheduleCheck();
    });
  }

  /** After the current turn's promise callbacks have run, so a call about to start has started. */
  private scheduleCheck(): void {
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    setImmediate(() => {
      this.checkScheduled = false;
      this.advanceIfIdle();
    });
  }

  private advanceIfIdle(): void {
    if (this.busyCount > 0) return;
    const now = this.world.now();
    let next = Number.POSITIVE_INFINITY;
    for (const dueAt of this.waits.values()) {
      const at = dueAt();
      // A wait that can already see its resource done is about to act: let it.
      if (at === null || at <= now) return;
      next = Math.min(next, at);
    }
    for (const sleeper of this.sleepers) next = Math.min(next, sleeper.at);
    if (next === Number.POSITIVE_INFINITY) return;
    if (next > now) this.world.advance(next - now);

    this.sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    while (this.sleepers.length > 0 && this.sleepers[0]!.at <= this.world.now()) this.sleepers.shift()!.resolve();
    // A woken sleeper that starts nothing must not leave the others parked.
    if (this.sleepers.length > 0) this.scheduleCheck();
  }
}
