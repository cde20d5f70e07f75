/**
 * One crash of the crash test: `cfalias sandbox serve` over a fresh copy of the demo world in its
 * own process; `cfalias apply plan.json --journal` in another, talking to the emulator through the
 * gating proxy; SIGKILL once the journal holds exactly `k` outcome lines; then `cfalias resume
 * --journal` (after `cfalias unlock`, when the dead apply's lease refuses it), stop the server so
 * it saves the world, and report what the world looks like.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inventoryScope, planCutover, planHasChanges } from '@cfalias/core';
import {
  createAwsProvider,
  parseWorldDocument,
  readJournalFile,
  SANDBOX_ACCESS_KEY_ID,
  SANDBOX_SECRET_ACCESS_KEY,
  type WorldDocument,
} from '@cfalias/providers';
import { REPO_ROOT } from '../../support/fixture-files.js';
import { DEMO_DIR, demoDesired } from './demo-world.js';
import { startGatingProxy } from './gating-proxy.js';
import { convergedViolations } from './invariants.js';

// The AWS SDK's Node-version notice on stderr says nothing about cfalias (as the CLI's bin.ts sets).
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const CLI_BIN = join(REPO_ROOT, 'packages', 'cli', 'src', 'bin.ts');

export type KillMode = 'boundary' | 'after-write';

export interface CrashReport {
  /** Outcome lines in the journal when the applier died. */
  readonly outcomesAtKill: number;
  /** A mutating call had been made whose answer the applier never got (after-write). */
  readonly writeInFlight: boolean;
  readonly killed: boolean;
  readonly journalProblems: readonly string[];
  readonly resumeStatus: string;
  /** The crashed apply's lease had to be released with `cfalias unlock` before resuming. */
  readonly unlocked: boolean;
  readonly convergedViolations: readonly string[];
  readonly replanHasChanges: boolean;
}

function spawnNode(args: readonly string[], cwd: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--conditions=source', '--import', TSX, ...args], {
    cwd,
    env: { HOME: cwd, PATH: process.env['PATH'] ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function ended(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function startServer(
  dir: string,
): Promise<{ child: ChildProcess; endpoint: string; done: Promise<{ code: number | null; stdout: string; stderr: string }> }> {
  const child = spawnNode([CLI_BIN, 'sandbox', 'serve', 'world.json'], dir, {});
  const done = ended(child);
  let banner = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      banner += chunk.toString('utf8');
      const match = /export AWS_ENDPOINT_URL=(\S+)/.exec(banner);
      if (match && banner.includes('Press Ctrl-C')) resolve(match[1]!);
    });
    void done.then((r) => reject(new Error(`sandbox serve ended early (${String(r.code)}): ${r.stderr}`)));
  });
  return { child, endpoint, done };
}

const CREDENTIALS = {
  AWS_ACCESS_KEY_ID: SANDBOX_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: SANDBOX_SECRET_ACCESS_KEY,
  AWS_REGION: 'us-east-1',
};

/** Outcome lines in the journal; -1 while it has no apply-start yet (the CLI's own reads come first). */
function outcomeLines(journalPath: string): number {
  if (!existsSync(journalPath)) return -1;
  const lines = readFileSync(journalPath, 'utf8').split('\n');
  if (!lines.some((line) => line.includes('"type":"apply-start"'))) return -1;
  return lines.filter((line) => line.includes('"type":"outcome"')).length;
}

/**
 * Releases the applier's answers one at a time until the kill is due (k outcomes in the journal;
 * for `after-write`, also a mutating call held), then SIGKILLs it; or until it exits by itself.
 */
async function killWhenDue(run: {
  readonly proxy: Awaited<ReturnType<typeof startGatingProxy>>;
  readonly applier: ReturnType<typeof spawnNode>;
  readonly applied: Promise<unknown>;
  readonly journalPath: string;
  readonly k: number;
  readonly mode: KillMode;
  readonly settleMs: number;
}): Promise<{ killed: boolean; outcomesAtKill: number; writeInFlight: boolean }> {
  const { proxy, applier, applied, journalPath, k, mode, settleMs } = run;
  let exited = false;
  void applied.then(() => (exited = true));
  for (;;) {
    await Promise.race([proxy.quiescent(settleMs), applied]);
    if (exited) return { killed: false, outcomesAtKill: 0, writeInFlight: false };
    const outcomes = outcomeLines(journalPath);
    const pendingWrite = proxy.held.some((h) => h.mutating);
    const due = outcomes >= 0 && (mode === 'boundary' ? outcomes >= k : outcomes >= k && pendingWrite);
    if (due) {
      applier.kill('SIGKILL');
      return { killed: true, outcomesAtKill: outcomes, writeInFlight: pendingWrite };
    }
    proxy.releaseOne();
  }
}

/**
 * `settleMs`: how long the applier must have been silent (no request, no released answer) before
 * the journal is read and the next answer released. Too short on a loaded machine, and the kill
 * can land one outcome late (the report says where it landed).
 */
export async function runCrash(planText: string, k: number, mode: KillMode, settleMs = 40): Promise<CrashReport> {
  const dir = await mkdtemp(join(tmpdir(), 'cfalias-crash-'));
  const server = await (async () => {
    await copyFile(join(DEMO_DIR, 'world.json'), join(dir, 'world.json'));
    await writeFile(join(dir, 'plan.json'), planText);
    return startServer(dir);
  })();
  const journalPath = join(dir, 'journal.jsonl');
  try {
    const proxy = await startGatingProxy(server.endpoint);
    const applier = spawnNode([CLI_BIN, 'apply', 'plan.json', '--auto-approve', '--journal', journalPath], dir, {
      ...CREDENTIALS,
      AWS_ENDPOINT_URL: proxy.endpoint,
    });
    const applied = ended(applier);
    const { killed, outcomesAtKill, writeInFlight } = await killWhenDue({ proxy, applier, applied, journalPath, k, mode, settleMs });
    await applied;
    await proxy.close();

    const parsed = readJournalFile(journalPath);
    const journalProblems = parsed.problems.filter((p) => p.severity === 'error').map((p) => `${p.line}: ${p.message}`);

    const provider = createAwsProvider({
      endpoint: server.endpoint,
      credentials: { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
      waiter: { minDelay: 0.01, maxDelay: 0.05, maxWaitSeconds: 60 },
    });
    let resumeStatus: string;
    let unlocked = false;
    try {
      const resume = () =>
        ended(spawnNode([CLI_BIN, 'resume', '--journal', journalPath], dir, { ...CREDENTIALS, AWS_ENDPOINT_URL: server.endpoint }));
      let run = await resume();
      // The killed apply's lease outlives it (LEASE_TTL_SECONDS): the documented way out of a
      // crash is `cfalias unlock ID` with the id the refusal names, then resume.
      const leaseId = run.code === 5 ? / unlock (\S+)\n/.exec(run.stderr)?.[1] : undefined;
      if (leaseId !== undefined) {
        const unlock = await ended(spawnNode([CLI_BIN, 'unlock', leaseId], dir, {}));
        unlocked = unlock.code === 0;
        run = await resume();
      }
      resumeStatus = run.code === 0 ? 'succeeded' : `exit ${String(run.code)}: ${run.stderr.trim()}\n${run.stdout.slice(-600)}`;
      const desired = demoDesired();
      const inventory = await provider.readInventory(inventoryScope(desired));
      const replan = planCutover(desired, inventory, { now: new Date() });
      server.child.kill('SIGINT');
      await server.done;
      const world: WorldDocument = parseWorldDocument(await readFile(join(dir, 'world.json'), 'utf8'), 'world.json');
      return {
        outcomesAtKill,
        writeInFlight,
        killed,
        journalProblems,
        resumeStatus,
        unlocked,
        convergedViolations: convergedViolations(desired, world),
        replanHasChanges: planHasChanges(replan) || replan.steps.length > 0,
      };
    } finally {
      provider.destroy();
    }
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}
