/**
 * Test harness: the CLI as a real process, spawned from source (tsx) in a workspace, for what only
 * a process shows: signals, exit codes, the lock across processes. Its stdout is watched so a test
 * can act once a line has been printed (send a signal while a step is in flight).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Workspace } from './harness.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface Ended {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SpawnedCli {
  readonly child: ChildProcess;
  readonly ended: Promise<Ended>;
  /** Resolves once stdout contains `text`. */
  printed(text: string): Promise<void>;
}

/**
 * Starts `cfalias <args>` in `ws` with HOME there and no AWS settings from the environment. The
 * caller kills what is still running after its test (`children` collects every process started).
 */
export function spawnCli(ws: Workspace, args: readonly string[], children: ChildProcess[]): SpawnedCli {
  const child = spawn(process.execPath, ['--conditions=source', '--import', TSX, BIN, ...args], {
    cwd: ws.dir,
    env: { HOME: ws.dir, PATH: process.env['PATH'] ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const w of waiters.splice(0)) (stdout.includes(w.text) ? w.resolve : () => waiters.push(w))();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const ended = new Promise<Ended>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  const printed = (text: string): Promise<void> =>
    stdout.includes(text) ? Promise.resolve() : new Promise((resolve) => waiters.push({ text, resolve }));
  return { child, ended, printed };
}

/** SIGKILLs every child still running (afterEach). */
export function killAll(children: ChildProcess[]): void {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
