/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and attributes self time to functions, so the
 * benchmark report can say exactly where planning time goes.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface FunctionShare {
  /** `name (file)`, file relative to the repository. */
  readonly fn: string;
  readonly selfMs: number;
  /** Of the measured window. */
  readonly share: number;
}

/**
 * Self time per function inside the window of samples running `within` (from its first sample to
 * its last, so garbage collection in between counts), largest first.
 */
export function topFunctions(path: string, root: string, within: string, limit = 12): { total: number; functions: FunctionShare[] } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const inside = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (byId.get(at)?.callFrame.functionName === within) return true;
    }
    return false;
  };
  let first = -1;
  let last = -1;
  profile.samples.forEach((id, i) => {
    if (!inside(id)) return;
    if (first < 0) first = i;
    last = i;
  });
  const self = new Map<string, number>();
  let total = 0;
  for (let i = Math.max(first, 0); i <= last; i++) {
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    // A sample's delta is the time since the previous sample: it belongs to this one.
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const frame = node.callFrame;
    const file = frame.url.replace(/^file:\/\//, '').replace(`${root}/`, '');
    const name = frame.functionName || '(anonymous)';
    const key = frame.url ? `${name} (${file})` : name;
    self.set(key, (self.get(key) ?? 0) + ms);
    total += ms;
  }
  const functions = [...self.entries()]
    .map(([fn, selfMs]) => ({ fn, selfMs, share: total > 0 ? selfMs / total : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, limit);
  return { total, functions };
}

export interface FunctionWindow {
  readonly fn: string;
  /** Milliseconds from the profile's start to the first and to the last sample inside `fn`. */
  readonly fromMs: number;
  readonly toMs: number;
  /** Sampled time inside `fn` (its own and its callees'). */
  readonly insideMs: number;
}

/**
 * For each function named (the first frame of that name on a sample's stack), the window from its
 * first sample to its last, and the sampled time inside it. Asynchronous work a function awaits is
 * not on its stack: a phase that awaits (the inventory read) shows as the gap between the windows.
 */
export function functionWindows(path: string, names: readonly string[]): { totalMs: number; windows: FunctionWindow[] } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const found = new Map<string, { fromMs: number; toMs: number; insideMs: number }>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    at += ms;
    const stack = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      stack.add(byId.get(node)?.callFrame.functionName ?? '');
    }
    for (const name of names) {
      if (!stack.has(name)) continue;
      const w = found.get(name);
      if (w === undefined) found.set(name, { fromMs: at, toMs: at, insideMs: ms });
      else {
        w.toMs = at;
        w.insideMs += ms;
      }
    }
  });
  const windows = names.flatMap((fn) => {
    const w = found.get(fn);
    return w === undefined ? [] : [{ fn, ...w }];
  });
  return { totalMs: at, windows };
}
