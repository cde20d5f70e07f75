/**
 * Runs the planning-cost samples, each in a child process (bench/planning-child.ts) so each peak
 * memory figure is its own, and optionally a CPU profile of one of them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topFunctions, type FunctionShare } from './cpu-profile.js';
import type { PlanningSample } from './planning-child.js';

const CHILD = fileURLToPath(new URL('./planning-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
/** How the parent was started (`--conditions=source --import tsx`), so the child loads TypeScript the same way; `--expose-gc` for its heap figures. */
const LOADER = ['--conditions=source', '--import', 'tsx', '--expose-gc'];

export function samplePlanning(distributions: number, mode: 'plan' | 'read-plan', extraNodeArgs: readonly string[] = []): PlanningSample {
  const out = execFileSync(process.execPath, [...LOADER, ...extraNodeArgs, CHILD, String(distributions), mode], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as PlanningSample;
}

export interface PlanningProfile {
  readonly sample: PlanningSample;
  /** Milliseconds of the profiled planning window. */
  readonly totalMs: number;
  readonly functions: readonly FunctionShare[];
  /** Self time by source file. */
  readonly files: readonly FunctionShare[];
}

/** Plans `distributions` under `node --cpu-prof` and attributes the planning window's time. */
export function profilePlanning(distributions: number): PlanningProfile {
  const dir = mkdtempSync(join(tmpdir(), 'cfalias-bench-prof-'));
  try {
    const sample = samplePlanning(distributions, 'plan', ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('node --cpu-prof wrote no profile');
    const { total, functions } = topFunctions(join(dir, file), ROOT, 'planCutover', 1000);
    const byFile = new Map<string, number>();
    for (const f of functions) {
      const match = /\(([^)]+)\)$/.exec(f.fn);
      const inFile = match?.[1];
      const key = inFile?.includes('/') ? inFile : f.fn;
      byFile.set(key, (byFile.get(key) ?? 0) + f.selfMs);
    }
    const files = [...byFile.entries()]
      .map(([fn, selfMs]) => ({ fn, selfMs, share: total > 0 ? selfMs / total : 0 }))
      .sort((a, b) => b.selfMs - a.selfMs);
    return { sample, totalMs: total, functions: functions.slice(0, 12), files: files.slice(0, 10) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
