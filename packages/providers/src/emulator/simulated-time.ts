/**
 * Simulated time over the wire. The SDK waiters poll on real timers, so a deployment that takes
 * 300 simulated seconds must not take 300 real ones. With fast-forward on, a poll of a resource
 * that is still InProgress/PENDING first moves the world's simulated clock to the moment it is due,
 * then answers: the poll sees Deployed/INSYNC, and the simulated clock shows the full
 * deploySeconds/dnsSyncSeconds having passed. Only a SimulatedClock can be moved; on a real clock
 * the emulator answers the true state.
 */
import { SimulatedClock } from '@cfalias/core';
import type { SandboxWorld } from '../sandbox/world-model.js';

/** Moves a simulated clock forward to `dueAt` (clock ms); never backwards. */
export function advanceClockTo(world: SandboxWorld, dueAt: number | null): void {
  if (dueAt === null || !(world.clock instanceof SimulatedClock)) return;
  const now = world.clock.now();
  if (dueAt > now) world.clock.advance(dueAt - now);
}

/** Each API call costs `settings.apiLatencyMs` of simulated time, as the world file asks. */
export function chargeApiLatency(world: SandboxWorld): void {
  const latency = world.settings.apiLatencyMs;
  if (latency > 0 && world.clock instanceof SimulatedClock) world.clock.advance(latency);
}
