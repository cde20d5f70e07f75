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

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * Discrete-event clock. `sleep` registers a timer; once the process has no other work queued (a
 * macrotask turn in which only timers are pending), time jumps to the earliest timer and wakes it.
 * Concurrent sleepers therefore overlap: two parallel 300 s waits cost 300 simulated seconds.
 *
 * Contract: code running on this clock must not wait on real I/O or real timers while simulated
 * timers are pending, or time may advance past it. In-process work (promises) is safe.
 */
export class SimulatedClock implements Clock {
  private current: number;
  private readonly timers: Timer[] = [];
  private seq = 0;
  private advanceScheduled = false;

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward by hand (e.g. an API call's latency). Wakes timers that fall due. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('time cannot go backwards');
    const target = this.current + ms;
    this.timers.sort(byDue);
    while (this.timers.length > 0 && this.timers[0]!.at <= target) {
      const timer = this.timers.shift()!;
      this.current = Math.max(this.current, timer.at);
      timer.resolve();
    }
    this.current = target;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortedError());
    return new Promise<void>((resolve, reject) => {
      const timer: Timer = {
        at: this.current + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = this.timers.indexOf(timer);
        if (index >= 0) this.timers.splice(index, 1);
        reject(new AbortedError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
      this.scheduleAdvance();
    });
  }

  /** Number of sleepers waiting (tests use it to see that work is parked on the clock). */
  get pendingTimers(): number {
    return this.timers.length;
  }

  private scheduleAdvance(): void {
    if (this.advanceScheduled) return;
    this.advanceScheduled = true;
    setImmediate(() => {
      this.advanceScheduled = false;
      if (this.timers.length === 0) return;
      this.timers.sort(byDue);
      const due = this.timers[0]!.at;
      this.current = Math.max(this.current, due);
      // Wake every timer due at this instant, in registration order.
      while (this.timers.length > 0 && this.timers[0]!.at <= due) this.timers.shift()!.resolve();
      if (this.timers.length > 0) this.scheduleAdvance();
    });
  }
}

function byDue(a: Timer, b: Timer): number {
  return a.at - b.at || a.seq - b.seq;
}
