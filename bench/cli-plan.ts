/**
 * CLI plan as a user runs it: `cfalias plan --sandbox world.json -f cfalias.yaml --json --out
 * plan.json`, the built CLI (packages/cli/dist/bin.js) spawned in its own process on files written
 * beforehand (plan-files.ts). Measured per run: wall time from spawn to exit (Node's start-up,
 * reading and validating both files, the inventory read, planning,
 * the JSON on stdout and the plan file written), CPU time (user + system) and peak resident set of
 * the CLI's process.
 *
 * CPU and peak RSS come from the child itself: a one-line module loaded with `--import` reports
 * `process.resourceUsage()` when the process exits, so no platform tool (`/usr/bin/time`) is needed
 * and the figures are the CLI's own.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { functionWindows, type FunctionWindow } from './cpu-profile.js';
import { writePlanFiles } from './plan-files.js';

const BIN = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
const MARK = 'cfalias-bench-usage:';
/** Reports the process's own usage on stderr as it exits (maxRSS in KiB, CPU in µs). */
const USAGE_HOOK = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\n${MARK}'+JSON.stringify({maxRSS:u.maxRSS,cpu:u.userCPUTime+u.systemCPUTime})+'\\n')})`;

export interface CliPlanRun {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
  /** Why the CLI failed (its error line on stderr), when it exited with anything but 0. */
  readonly error?: string;
}

export interface CliPlanSample {
  readonly distributions: number;
  readonly aliases: number;
  /** Bytes of the two input files. */
  readonly inputBytes: { readonly world: number; readonly desired: number };
  readonly runs: readonly CliPlanRun[];
  /** Medians over the runs that succeeded (each figure on its own); NaN when none did. */
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One `cfalias plan` run in `dir`; a run where the CLI fails is returned with its error. */
function runOnce(dir: string, nodeArgs: readonly string[] = []): Promise<CliPlanRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [...nodeArgs, '--import', USAGE_HOOK, BIN, 'plan', '--sandbox', 'world.json', '-f', 'cfalias.yaml', '--json', '--out', 'plan.json'],
      // stdout (the plan as JSON) goes nowhere, as it would to a file or a pipe nobody reads slowly.
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const lines = stderr.split('\n');
      const line = lines.find((l) => l.startsWith(MARK));
      if (line === undefined) {
        reject(new Error(`cfalias plan exited with ${String(code)} without its usage line in ${dir}:\n${stderr.slice(-2000)}`));
        return;
      }
      const usage = JSON.parse(line.slice(MARK.length)) as { maxRSS: number; cpu: number };
      const run = { wallMs, cpuMs: usage.cpu / 1000, maxRssMb: usage.maxRSS / 1024 };
      // The CLI's error line (`Error: …`), not the hint about CFALIAS_DEBUG after it.
      const said = lines.filter((l) => l.trim() !== '' && !l.startsWith(MARK) && !l.includes('CFALIAS_DEBUG'));
      const error = (said.find((l) => /^\s*error\b/i.test(l)) ?? said.at(-1) ?? `exit code ${String(code)}`).trim();
      resolve(code === 0 ? run : { ...run, error });
    });
  });
}

/**
 * `runs` CLI plan runs on the scale world of `distributions` distributions (100 aliases each, 10%
 * moving), files written to a temporary folder first (not timed) and removed after.
 */
export async function measureCliPlan(distributions: number, runs: number): Promise<CliPlanSample> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run pnpm build first`);
  const dir = mkdtempSync(join(tmpdir(), 'cfalias-bench-plan-'));
  try {
    const files = writePlanFiles(dir, distributions);
    const results: CliPlanRun[] = [];
    for (let i = 0; i < runs; i++) results.push(await runOnce(dir));
    const ok = results.filter((r) => r.error === undefined);
    return {
      distributions,
      aliases: files.aliases,
      inputBytes: files.bytes,
      runs: results,
      wallMs: median(ok.map((r) => r.wallMs)),
      cpuMs: median(ok.map((r) => r.cpuMs)),
      maxRssMb: median(ok.map((r) => r.maxRssMb)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CliPlanPhase {
  readonly phase: string;
  readonly ms: number;
}

/**
 * Where the wall time of one CLI plan run goes, from a `node --cpu-prof` run (the profiler slows
 * it down: read the shares, not the milliseconds): the phases in the order they run, each from the
 * end of the previous one to the end of its own synchronous work.
 */
export async function profileCliPlan(distributions: number): Promise<{ run: CliPlanRun; phases: CliPlanPhase[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'cfalias-bench-plan-prof-'));
  try {
    writePlanFiles(dir, distributions);
    const profiles = join(dir, 'profiles');
    const run = await runOnce(dir, ['--cpu-prof', `--cpu-prof-dir=${profiles}`]);
    // The main thread's profile is the largest.
    const file = readdirSync(profiles)
      .map((f) => join(profiles, f))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (file === undefined) throw new Error('node --cpu-prof wrote no profile');
    // Each phase is marked by the first of its functions found on the sampled stacks (a function
    // the compiler inlined into its caller has no frame of its own).
    const markers = {
      desired: ['parseDesiredState', 'parseDesired'],
      world: ['readWorldFile', 'parseWorldDocument', 'validateWorldDocument'],
      model: ['fromDocument'],
      plan: ['planCutover'],
    } as const;
    const { totalMs, windows } = functionWindows(file, Object.values(markers).flat());
    const window = (fns: readonly string[]): FunctionWindow | undefined =>
      fns.map((fn) => windows.find((w) => w.fn === fn)).find((w) => w !== undefined);
    const end = (fns: readonly string[]): number => window(fns)?.toMs ?? NaN;
    const start = (fns: readonly string[]): number => window(fns)?.fromMs ?? NaN;
    const marks: [string, number][] = [
      ['Node start-up, modules loaded', start(markers.desired)],
      ['cfalias.yaml read, parsed and checked', end(markers.desired)],
      ['world.json read, parsed and validated', end(markers.world)],
      ['sandbox world model built', end(markers.model)],
      ['inventory read (SDK commands answered in-process)', start(markers.plan)],
      ['planCutover (diff, schedule, checks, digest)', end(markers.plan)],
      // Serialized piece by piece as the pieces are written: one phase.
      ['plan serialized, written to stdout and plan.json; exit', totalMs],
    ];
    let previous = 0;
    const phases = marks.map(([phase, at]) => {
      const ms = at - previous;
      previous = at;
      return { phase, ms };
    });
    return { run, phases };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
