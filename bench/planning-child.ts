/**
 * One planning-cost measurement, in its own process so its peak memory is its own: run as
 * `node --conditions=source --import tsx bench/planning-child.ts <distributions> <mode>` and read
 * one JSON line (`PlanningSample`) from stdout.
 * - `plan`: the inventory and desired state are built in memory (as a loaded snapshot would be),
 *   then only `planCutover` runs.
 * - `read-plan`: the sandbox world is loaded from its document (validated), the inventory is read
 *   through the in-process provider (the calls a real refresh makes), then `planCutover` runs.
 * Generating the input is not timed; CPU time is user + system from process.cpuUsage. Run with
 * `--expose-gc` to get the heap figures (a full GC before planning and after it).
 *
 * The input reaches the planner in the form a run gives it: the desired state as parsed from a file
 * and (`plan`) the inventory as loaded from a JSON snapshot, with flat strings (`parsed`). The
 * generators build names with template literals, which V8 keeps as unflattened rope strings; the
 * first Map lookup of each would flatten and hash it, about 100 ms at 100,000 aliases that no
 * parsed input costs. The generated world is dropped before planning, so the heap holds only what
 * the planner is given.
 *
 * Peak memory: where Linux allows it (`/proc/self/clear_refs`), the resident-set high-water mark is
 * reset once the input is built, so the peak is that of planning (input included) and not of
 * generating the input; elsewhere it is the process's maxRSS.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  createSandboxProvider,
  inventoryScope,
  planCutover,
  SandboxWorld,
  SimulatedClock,
  type DesiredState,
  type Inventory,
} from './packages.js';
import { inventoryOfWorld, scaleDesired, scaleWorld, WORLD_NOW } from './scenarios.js';

export interface PlanningSample {
  readonly distributions: number;
  readonly aliases: number;
  readonly moves: number;
  readonly mode: 'plan' | 'read-plan';
  /** CPU ms of loading and reading the world (read-plan only). */
  readonly readCpuMs: number;
  readonly planCpuMs: number;
  readonly planWallMs: number;
  /** Peak resident set of the whole process, MB. */
  readonly maxRssMb: number;
  /** Resident set after the input was generated, before the measured work, MB. */
  readonly inputRssMb: number;
  readonly steps: number;
  readonly errors: number;
  /** Heap in use before planning and after it with the plan still held (after a full GC each), MB. */
  readonly heapBeforeMb: number;
  readonly heapWithPlanMb: number;
  /** Size of the plan as JSON (millions of characters): the plan digest hashes a string this large. */
  readonly planJsonMChars: number;
  /** Read calls the refresh made (read-plan only), by operation. */
  readonly refreshCalls: Readonly<Record<string, number>>;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/**
 * A copy of `value` with every string flat, as JSON.parse would give it (string by string, so no
 * text of the whole input is built: its garbage would stay resident and count as input).
 */
function parsed<T>(value: T): T {
  if (typeof value === 'string') return JSON.parse(JSON.stringify(value)) as T;
  if (Array.isArray(value)) return value.map(parsed) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) copy[key] = parsed(v);
    return copy as T;
  }
  return value;
}

/** Resets the resident-set high-water mark (Linux); false where that is not possible. */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Peak resident set since the reset (VmHWM), or of the whole process, MB. */
function peakRssMb(reset: boolean): number {
  if (reset) {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  }
  return process.resourceUsage().maxRSS / 1024;
}

interface Input {
  readonly desired: DesiredState;
  readonly inventory: Inventory;
  readonly readCpuMs: number;
  readonly refreshCalls: Record<string, number>;
}

async function input(distributions: number, mode: PlanningSample['mode']): Promise<Input> {
  const doc = scaleWorld(distributions);
  const desired = parsed(scaleDesired(distributions));
  if (mode === 'plan') return { desired, inventory: parsed(inventoryOfWorld(doc)), readCpuMs: 0, refreshCalls: {} };
  const refreshCalls: Record<string, number> = {};
  const started = process.cpuUsage();
  const world = SandboxWorld.fromDocument(doc, { clock: new SimulatedClock(Date.parse(WORLD_NOW)) });
  const inventory = await createSandboxProvider(world).readInventory(inventoryScope(desired));
  const readCpuMs = cpuMs(started);
  for (const call of world.calls) refreshCalls[call.operation] = (refreshCalls[call.operation] ?? 0) + 1;
  return { desired, inventory, readCpuMs, refreshCalls };
}

async function main(): Promise<void> {
  const distributions = Number(process.argv[2]);
  const mode = process.argv[3] === 'read-plan' ? 'read-plan' : 'plan';
  const gc = (globalThis as { gc?: () => void }).gc;
  const { desired, inventory, readCpuMs, refreshCalls } = await input(distributions, mode);
  gc?.();
  const inputRssMb = process.memoryUsage().rss / 2 ** 20;
  const reset = resetPeakRss();
  const heapBeforeMb = process.memoryUsage().heapUsed / 2 ** 20;
  const started = process.cpuUsage();
  const wall = performance.now();
  const plan = planCutover(desired, inventory, { now: WORLD_NOW });
  const planWallMs = performance.now() - wall;
  const planCpuMs = cpuMs(started);
  const maxRssMb = peakRssMb(reset);
  gc?.();
  const heapWithPlanMb = process.memoryUsage().heapUsed / 2 ** 20;

  const sample: PlanningSample = {
    distributions,
    aliases: desired.aliases.length,
    moves: plan.summary.move,
    mode,
    readCpuMs,
    planCpuMs,
    planWallMs,
    maxRssMb,
    inputRssMb,
    steps: plan.steps.length,
    errors: plan.summary.errors,
    heapBeforeMb,
    heapWithPlanMb,
    planJsonMChars: JSON.stringify(plan).length / 1e6,
    refreshCalls,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

await main();
