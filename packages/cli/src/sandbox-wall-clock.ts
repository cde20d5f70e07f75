/**
 * Real-time rehearsal (`sandbox serve --real-time [--speed N]`): the world's simulated clock moves
 * with the wall clock, `speed` times as fast, instead of jumping to the end of each wait when a
 * waiter polls. A 5-minute deployment then takes 5 real minutes (at speed 1), so operators can
 * rehearse live progress, Ctrl-C and `resume` before the real window.
 */
import type { SimulatedClock } from '@cfalias/core';

/** How often the clock is moved, in real milliseconds: fine enough for waiters polling every second or more. */
const TICK_MS = 100;

/** Starts moving `clock` with the wall clock; returns the function that stops it. */
export function runOnWallClock(clock: SimulatedClock, speed: number, now: () => number = () => performance.now()): () => void {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, not ${speed}`);
  let last = now();
  const timer = setInterval(() => {
    const current = now();
    clock.advance((current - last) * speed);
    last = current;
  }, TICK_MS);
  return () => clearInterval(timer);
}
