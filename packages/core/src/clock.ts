/**
 * Time, injectable. The executor's backoff, the sandbox's deployments and the estimates all read
 * time through a Clock, so tests and benchmarks run on simulated time deterministically.
 */
import { AbortedError } from './errors.js';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with AbortedError when `signal` fires first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortedError());
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new AbortedError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Decides when a SimulatedClock may move on its own, for a host that knows more than the event
 * loop about what is still happening: the CLI's sandbox holds time while a provider call is on the
 * wire, the emulator holds it until no request has arrived for a quiet spell.
 */
export interface AdvanceGate {
  /**
   * Asked each time the clock considers moving: the time to move to (every timer then due wakes;
   * a time not after `now` moves nothing but still wakes the timers already due), or null to hold
   * time still and wake no timer. `earliestDue`: when the earliest timer is due (undefined: none).
   */
  nextStop(now: number, earliestDue: number | undefined): number | null;
}

interface Timer {
  /** Clock ms when the timer is due; null: due now. Read again each time the clock considers moving. */
  readonly dueAt: () => number | null;
  readonly seq: number;
  readonly wake: () => void;
}

/**
 * Discrete-event clock: the one simulated clock of cfalias. `sleep` and `whenDue` register timers;
 * once the process has no other work queued (a macrotask turn in which only timers are pending),
 * time jumps to the earliest timer and wakes it. Concurrent sleepers therefore overlap: two
 * parallel 300 s waits cost 300 simulated seconds. A host with its own notion of "busy" installs an
 * AdvanceGate, which then decides when and how far time moves (`gateWith`).
 *
 * Contract: without a gate, code running on this clock must not wait on real I/O or real timers
 * while simulated timers are pending, or time may advance past it. In-process work (promises) is safe.
 */
export class SimulatedClock implements Clock {
  private current: number;
  private readonly timers: Timer[] = [];
  private seq = 0;
  private advanceScheduled = false;
  private gate: AdvanceGate | undefined;

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  /**
   * Moves time forward by hand (e.g. an API call's latency). Without a gate, wakes the timers that
   * fall due; with one, the gate decides when they wake (at the clock's next consideration).
   */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('time cannot go backwards');
    this.current += ms;
    if (this.gate) this.requestAdvance();
    else this.wakeDue();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortedError());
    const at = this.current + Math.max(0, ms);
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        cancel();
        reject(new AbortedError());
      };
      const cancel = this.whenDue(
        () => at,
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Calls `wake` (synchronously, from the clock's move) once `dueAt()` is null or not after now.
   * `dueAt` is read again each time the clock considers moving, so a timer can wait for something
   * whose due time changes while it waits (a deployment that is updated again). Returns a function
   * that cancels the timer.
   */
  whenDue(dueAt: () => number | null, wake: () => void): () => void {
    const timer: Timer = { dueAt, seq: this.seq++, wake };
    this.timers.push(timer);
    this.requestAdvance();
    return () => {
      const index = this.timers.indexOf(timer);
      if (index >= 0) this.timers.splice(index, 1);
    };
  }

  /**
   * Hands the decision when (and how far) time moves to `gate`, until the returned function is
   * called. One gate at a time: a second one is a programming error.
   */
  gateWith(gate: AdvanceGate): () => void {
    if (this.gate) throw new Error('this SimulatedClock already has an AdvanceGate');
    this.gate = gate;
    return () => {
      if (this.gate === gate) this.gate = undefined;
    };
  }

  /**
   * Considers moving once the current turn's promise callbacks have run (so work about to start
   * has started). The clock asks itself whenever a timer is added or others remain after a move;
   * a gate's host asks when what the gate reads has changed (a call ended, a quiet spell began).
   */
  requestAdvance(): void {
    if (this.advanceScheduled) return;
    this.advanceScheduled = true;
    setImmediate(() => {
      this.advanceScheduled = false;
      this.considerAdvance();
    });
  }

  /** Number of timers waiting (tests use it to see that work is parked on the clock). */
  get pendingTimers(): number {
    return this.timers.length;
  }

  private considerAdvance(): void {
    const earliest = this.earliestDue();
    const stop = this.gate ? this.gate.nextStop(this.current, earliest) : (earliest ?? null);
    if (stop === null) return;
    if (stop > this.current) this.current = stop;
    this.wakeDue();
    if (this.timers.length > 0) this.requestAdvance();
  }

  private earliestDue(): number | undefined {
    let earliest: number | undefined;
    for (const timer of this.timers) {
      const at = timer.dueAt() ?? this.current;
      if (earliest === undefined || at < earliest) earliest = at;
    }
    return earliest;
  }

  /** Wakes every timer due by now, earliest first, in registration order at one instant. */
  private wakeDue(): void {
    const due = this.timers
      .map((timer) => ({ timer, at: timer.dueAt() ?? this.current }))
      .filter(({ at }) => at <= this.current)
      .sort((a, b) => a.at - b.at || a.timer.seq - b.timer.seq);
    for (const { timer } of due) this.timers.splice(this.timers.indexOf(timer), 1);
    for (const { timer } of due) timer.wake();
  }
}
