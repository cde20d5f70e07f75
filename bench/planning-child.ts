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
 */
import { createSandboxProvider, inventoryScope, planCutover, SandboxWorld, SimulatedClock } from './packages.js';
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

async function main(): Promise<void> {
  const distributions = Number(process.argv[2]);
  const mode = process.argv[3] === 'read-plan' ? 'read-plan' : 'plan';
  const doc = scaleWorld(distributions);
  const desired = scaleDesired(distributions);
  const inputRssMb = process.memoryUsage().rss / 2 ** 20;

  let readCpuMs = 0;
  let refreshCalls: Record<string, number> = {};
  let inventory;
  if (mode === 'read-plan') {
    const started = process.cpuUsage();
    const world = SandboxWorld.fromDocument(doc, { clock: new SimulatedClock(Date.parse(WORLD_NOW)) });
    inventory = await createSandboxProvider(world).readInventory(inventoryScope(desired));
    readCpuMs = cpuMs(started);
    for (const call of world.calls) refreshCalls[call.operation] = (refreshCalls[call.operation] ?? 0) + 1;
  } else {
    inventory = inventoryOfWorld(doc);
  }

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBeforeMb = process.memoryUsage().heapUsed / 2 ** 20;
  const started = process.cpuUsage();
  const wall = performance.now();
  const plan = planCutover(desired, inventory, { now: WORLD_NOW });
  const planWallMs = performance.now() - wall;
  const planCpuMs = cpuMs(started);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
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
