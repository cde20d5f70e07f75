/**
 * Simulated time for `--sandbox` over the SDK and the embedded emulator: the world's SimulatedClock,
 * gated (core's AdvanceGate) so that it moves only when nothing is happening.
 *
 * Why not the world's SimulatedClock ungated: it jumps to its next timer as soon as an event-loop
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
import type { AdvanceGate, Clock, SimulatedClock } from '@cfalias/core';

export class SandboxTime {
  /** The clock apply runs on: the world's clock, whose sleeps this gate paces. */
  readonly clock: Clock;
  private busyCount = 0;
  private readonly waits = new Map<number, () => number | null>();
  private nextId = 0;

  /** `world` is the world's SimulatedClock (a world file loaded without another clock has one). */
  constructor(private readonly world: SimulatedClock) {
    this.clock = world;
    const gate: AdvanceGate = { nextStop: (now, earliestDue) => this.nextStop(now, earliestDue) };
    world.gateWith(gate);
  }

  /** Runs one provider call; time stands still until it settles. */
  async busy<T>(work: () => Promise<T>): Promise<T> {
    this.busyCount++;
    try {
      return await work();
    } finally {
      this.busyCount--;
      this.world.requestAdvance();
    }
  }

  /**
   * Runs a wait. `dueAt` reads the clock ms when what it waits for is done, or null when it
   * already is (or does not exist): then time holds still until `work` returns.
   */
  async waitingFor<T>(dueAt: () => number | null, work: () => Promise<T>): Promise<T> {
    const id = this.nextId++;
    this.waits.set(id, dueAt);
    this.world.requestAdvance();
    try {
      return await work();
    } finally {
      this.waits.delete(id);
      this.world.requestAdvance();
    }
  }

  /**
   * Where time may move: nowhere while a call is busy or a wait can already see its resource done
   * (it is about to act: let it); else to the earliest moment someone waits for, a wait's due time
   * or a sleeper's (the executor's backoff).
   */
  private nextStop(now: number, earliestDue: number | undefined): number | null {
    if (this.busyCount > 0) return null;
    let next = earliestDue ?? Number.POSITIVE_INFINITY;
    for (const dueAt of this.waits.values()) {
      const at = dueAt();
      if (at === null || at <= now) return null;
      next = Math.min(next, at);
    }
    return next === Number.POSITIVE_INFINITY ? null : next;
  }
}
