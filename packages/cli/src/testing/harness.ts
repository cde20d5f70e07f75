/**
 * Test harness: a temp directory with fixture files, and `runCli` driving `main` in-process with
 * captured output, a fake stdin (optionally a terminal) and a controllable interrupt.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../io/cli-io.js';
import { main } from '../main.js';

export interface Workspace {
  readonly dir: string;
  path(name: string): string;
  write(name: string, text: string): Promise<void>;
  read(name: string): Promise<string>;
  mtimeMs(name: string): Promise<number>;
  remove(): Promise<void>;
}

export async function makeWorkspace(files: Readonly<Record<string, string>>): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'cfalias-cli-'));
  const ws: Workspace = {
    dir,
    path: (name) => join(dir, name),
    write: (name, text) => writeFile(join(dir, name), text, 'utf8'),
    read: (name) => readFile(join(dir, name), 'utf8'),
    mtimeMs: async (name) => (await stat(join(dir, name))).mtimeMs,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  for (const [name, text] of Object.entries(files)) await ws.write(name, text);
  return ws;
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** stdin (and stdout) is a terminal. */
  readonly tty?: boolean;
  /** What the user types. */
  readonly input?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Fire the interrupt (as Ctrl-C would) right after stdout first receives this text. */
  readonly interruptWhen?: string;
  /** How many interrupts to fire then (2: Ctrl-C twice, an abort). Default 1. */
  readonly interrupts?: number;
}

/** Runs `cfalias <args>` in the workspace directory. */
export async function runCli(ws: Workspace, args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let interrupt: ((signal: string) => void) | undefined;
  let interrupted = false;
  const stdin = new PassThrough();
  stdin.end(options.input ?? '');
  const io: CliIo = {
    stdout: {
      write(text: string) {
        stdout += text;
        if (options.interruptWhen !== undefined && !interrupted && interrupt && stdout.includes(options.interruptWhen)) {
          interrupted = true;
          for (let i = 0; i < (options.interrupts ?? 1); i++) interrupt?.('SIGINT');
        }
        return true;
      },
    },
    stderr: {
      write(text: string) {
        stderr += text;
        return true;
      },
    },
    stdin,
    isTTY: options.tty ?? false,
    env: options.env ?? {},
    cwd: ws.dir,
    onInterrupt(handler) {
      interrupt = handler;
      return () => {
        interrupt = undefined;
      };
    },
  };
  const code = await main(['node', 'cfalias', ...args], io);
  return { code, stdout, stderr };
}
