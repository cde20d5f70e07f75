/**
 * Fast-forward faithful across processes: `cfalias sandbox serve` (the emulator in its own process,
 * fast-forward on) and `cfalias apply` in another, talking over HTTP. The demo's plan estimates
 * 12m 0s; the served world's simulated clock must move by exactly that much, as it does with the
 * in-process sandbox (before waiter polls alone moved time, every read of a deployment in progress
 * ended it, and the demo took 22 simulated minutes). Spawns the CLI from source: no build needed.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..', '..');
const DEMO = join(ROOT, 'fixtures', 'demo');
const BIN = join(ROOT, 'packages', 'cli', 'src', 'bin.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe('emulator: the demo applied against `sandbox serve` in another process', function () {
  this.timeout(60_000);
  let dir: string;
  let server: ChildProcess | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cfalias-serve-time-'));
    await copyFile(join(DEMO, 'world.json'), join(dir, 'world.json'));
    await copyFile(join(DEMO, 'cfalias.yaml'), join(dir, 'cfalias.yaml'));
  });
  afterEach(async () => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    server = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  function cli(args: readonly string[], env: Record<string, string>): ChildProcess {
    return spawn(process.execPath, ['--conditions=source', '--import', TSX, BIN, ...args], {
      cwd: dir,
      // Nothing inherited: no AWS_* of the machine, and HOME in the workspace (no ~/.aws).
      env: { HOME: dir, PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  function finish(child: ChildProcess): Promise<Finished> {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('takes the planned 12m 0s of simulated time, every wait ending at its due time', async () => {
    const worldBefore = JSON.parse(await readFile(join(dir, 'world.json'), 'utf8')) as { now: string };
    expect(worldBefore.now).to.equal('2026-12-01T02:00:00Z');

    server = cli(['sandbox', 'serve', 'world.json', '--port', '0'], {});
    const served = finish(server);
    let banner = '';
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (chunk: Buffer) => {
        banner += chunk.toString('utf8');
        if (banner.includes('Press Ctrl-C')) resolve();
      });
      server!.once('close', (code) => reject(new Error(`sandbox serve ended early (${String(code)})`)));
    });
    const endpoint = /export AWS_ENDPOINT_URL=(\S+)/.exec(banner)![1]!;
    const env = {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'AKIACFALIASSANDBOX00',
      AWS_SECRET_ACCESS_KEY: 'cfalias-sandbox-secret',
      AWS_REGION: 'us-east-1',
    };

    const apply = await finish(cli(['apply', '--auto-approve'], env));
    expect(apply.stderr).to.equal('');
    expect(apply.code).to.equal(0);
    expect(apply.stdout).to.include('Estimated duration: 12m 0s (2 deployment waits)');
    expect(apply.stdout).to.include('Apply complete: 6 aliases changed, 20 steps in ');
    // No wait found its deployment already over: the precondition reads did not move time.
    expect(apply.stdout).to.not.include('skipped');

    server.kill('SIGINT');
    const ended = await served;
    expect(ended.code).to.equal(0);
    const worldAfter = JSON.parse(await readFile(join(dir, 'world.json'), 'utf8')) as { now: string };
    // 02:00:00 + 12m 0s (apiLatencyMs is 0 in the demo world).
    expect(worldAfter.now).to.equal('2026-12-01T02:12:00.000Z');
  });
});
