import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAwsProvider } from '@cfalias/providers';
import { createContext } from '../context.js';
import { ProviderUnavailableError } from '../errors.js';
import type { CliIo } from '../io/cli-io.js';
import { createPalette } from '../render/format.js';
import { BLUE, worldJson } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, type Workspace } from '../testing/harness.js';
import { runSandboxServe } from './sandbox-serve.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..', '..');
const DEMO = join(ROOT, 'fixtures', 'demo');
/** The CLI from source (no build needed, never stale): node --conditions=source --import tsx src/bin.ts. */
const BIN = join(HERE, '..', 'bin.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A stop signal the test fires, in place of SIGINT/SIGTERM. */
function manualStop(): { stop: () => Promise<string>; fire: (signal: string) => void } {
  let fire: (signal: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (fire = resolve));
  return { stop: () => stopped, fire: (signal) => fire(signal) };
}

/** An in-process io that hands over stdout as it is written. */
function captureIo(ws: Workspace): { io: CliIo; stdout: () => string; printed: (text: string) => Promise<void> } {
  let out = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const io: CliIo = {
    stdout: {
      write(text: string) {
        out += text;
        for (const w of waiters.splice(0)) (out.includes(w.text) ? w.resolve : () => waiters.push(w))();
        return true;
      },
    },
    stderr: { write: () => true },
    stdin: process.stdin,
    isTTY: false,
    env: {},
    cwd: ws.dir,
  };
  const printed = (text: string): Promise<void> =>
    out.includes(text) ? Promise.resolve() : new Promise((resolve) => waiters.push({ text, resolve }));
  return { io, stdout: () => out, printed };
}

function exportsIn(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/^ {2}export (AWS_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('cfalias sandbox serve', () => {
  let ws: Workspace;
  afterEach(async () => {
    await ws.remove();
  });

  describe('in-process', () => {
    beforeEach(async () => {
      ws = await makeWorkspace({ 'world.json': worldJson() });
    });

    function serve(stop: () => Promise<string>, port?: number, latency?: number, realTime?: { speed: number }) {
      const capture = captureIo(ws);
      const ctx = createContext(capture.io, { file: 'cfalias.yaml', color: false }, createPalette({ flag: false, env: {}, isTTY: false }));
      const options = {
        ...(port !== undefined ? { port } : {}),
        ...(latency !== undefined ? { latency } : {}),
        ...(realTime !== undefined ? { realTime: true, speed: realTime.speed } : {}),
      };
      const outcome = runSandboxServe(ctx, 'world.json', options, stop);
      return { ...capture, outcome };
    }

    it('--real-time: a deployment stays in progress until its time has passed on the wall clock (here 60 times as fast)', async () => {
      const { stop, fire } = manualStop();
      const run = serve(stop, undefined, undefined, { speed: 60 });
      await run.printed('Press Ctrl-C');
      expect(run.stdout()).to.include('Time runs on the wall clock 60 times as fast: a 5-minute deployment takes 5s');
      const env = exportsIn(run.stdout());
      const aws = createAwsProvider({
        endpoint: env['AWS_ENDPOINT_URL']!,
        credentials: { accessKeyId: env['AWS_ACCESS_KEY_ID']!, secretAccessKey: env['AWS_SECRET_ACCESS_KEY']! },
        maxAttempts: 1,
      });
      try {
        await aws.updateAliases(BLUE, { remove: ['old.example.com'], add: [] }, () => 'apply');
        // Polled at once: no poll moves time on the wall clock, so the deployment is still running.
        expect((await aws.readDistribution(BLUE)).status).to.equal('InProgress');
        let status = 'InProgress';
        for (let polls = 0; status !== 'Deployed' && polls < 300; polls++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          status = (await aws.readDistribution(BLUE)).status;
        }
        expect(status).to.equal('Deployed');
      } finally {
        aws.destroy();
      }
      fire('SIGINT');
      await run.outcome;
    });

    it('--latency: says what real time costs, and Route 53 answers Throttling past its 5 requests per second', async () => {
      const { stop, fire } = manualStop();
      const run = serve(stop, undefined, 1);
      await run.printed('Press Ctrl-C');
      expect(run.stdout()).to.include('Real time costs: 1 ms per request; per account, route53 5/s');
      const env = exportsIn(run.stdout());
      const aws = createAwsProvider({
        endpoint: env['AWS_ENDPOINT_URL']!,
        credentials: { accessKeyId: env['AWS_ACCESS_KEY_ID']!, secretAccessKey: env['AWS_SECRET_ACCESS_KEY']! },
        maxAttempts: 1,
      });
      // Twelve record reads at once: the bucket holds five.
      const answers = await Promise.allSettled(Array.from({ length: 12 }, () => aws.readRecords('Z1EXAMPLE', ['www.example.com.'])));
      const throttled = answers.filter((a) => a.status === 'rejected' && (a.reason as Error).name === 'ThrottlingError');
      expect(throttled.length).to.be.greaterThan(0);
      aws.destroy();
      fire('SIGINT');
      await run.outcome;
    });

    it('prints the endpoint and the environment to export, serves the SDK, and saves the world on a stop signal', async () => {
      const { stop, fire } = manualStop();
      const run = serve(stop);
      await run.printed('Press Ctrl-C');
      const env = exportsIn(run.stdout());
      expect(Object.keys(env)).to.deep.equal(['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION']);
      expect(env['AWS_ENDPOINT_URL']).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(env).to.include({
        AWS_ACCESS_KEY_ID: 'AKIACFALIASSANDBOX00',
        AWS_SECRET_ACCESS_KEY: 'cfalias-sandbox-secret',
        AWS_REGION: 'us-east-1',
      });
      expect(run.stdout()).to.include(
        `Serving world.json at ${env['AWS_ENDPOINT_URL']}: CloudFront, ACM, Route 53 and STS, as account 111111111111.\n`,
      );

      const aws = createAwsProvider({
        endpoint: env['AWS_ENDPOINT_URL']!,
        credentials: { accessKeyId: env['AWS_ACCESS_KEY_ID']!, secretAccessKey: env['AWS_SECRET_ACCESS_KEY']! },
        maxAttempts: 1,
      });
      try {
        expect(await aws.readAccount()).to.equal('111111111111');
        const decision = await aws.updateAliases(BLUE, { remove: ['old.example.com'], add: [] }, () => 'apply');
        expect(decision).to.equal('apply');
      } finally {
        aws.destroy();
      }

      fire('SIGTERM');
      expect(await run.outcome).to.equal('ok');
      expect(run.stdout()).to.match(/\nSIGTERM received: stopped\. Saved the sandbox world to world\.json\.\n$/);
      const saved = JSON.parse(await ws.read('world.json')) as { accounts: { distributions: { id: string; aliases: string[] }[] }[] };
      expect(saved.accounts[0]!.distributions.find((d) => d.id === BLUE)!.aliases).to.deep.equal(['api.example.com', 'www.example.com']);
    });

    it('leaves a world nothing happened to as it was', async () => {
      const before = await ws.read('world.json');
      const { stop, fire } = manualStop();
      const run = serve(stop);
      await run.printed('Press Ctrl-C');
      fire('SIGINT');
      expect(await run.outcome).to.equal('ok');
      expect(run.stdout()).to.match(/\nSIGINT received: stopped\. The world did not change; world\.json is as it was\.\n$/);
      expect(await ws.read('world.json')).to.equal(before);
    });

    it('names a port in use (a ProviderUnavailableError: exit 1)', async () => {
      const blocker: Server = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as { port: number }).port;
      try {
        const run = serve(() => new Promise(() => undefined), port);
        const error = await run.outcome.catch((e: unknown) => e);
        expect(error).to.be.instanceOf(ProviderUnavailableError);
        expect((error as Error).message).to.equal(`cannot serve the sandbox on 127.0.0.1:${port}: the port is in use`);
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    });
  });

  /**
   * The sandbox as a separate service: `sandbox serve` in one process; in others `plan` and `apply
   * --auto-approve` with nothing but the printed variables (no --sandbox), then the same through
   * the flags and a shared-credentials profile. Spawns the CLI from source, so no build is needed.
   */
  describe('two processes (the CLI spawned from source)', () => {
    let server: ChildProcess | undefined;
    afterEach(() => {
      if (server?.exitCode === null) server.kill('SIGKILL');
      server = undefined;
    });

    function spawnCli(args: readonly string[], env: Record<string, string>): ChildProcess {
      return spawn(process.execPath, ['--conditions=source', '--import', TSX, BIN, ...args], {
        cwd: ws.dir,
        // Nothing inherited: no AWS_* of the machine, and HOME in the workspace (no ~/.aws).
        env: { HOME: ws.dir, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    }

    function finish(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      return new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code) => resolve({ code, stdout, stderr }));
      });
    }

    it('plan and apply work against `sandbox serve` with only the printed environment, and the world is saved on Ctrl-C', async function () {
      this.timeout(60_000);
      ws = await makeWorkspace({
        'world.json': await readFile(join(DEMO, 'world.json'), 'utf8'),
        'cfalias.yaml': await readFile(join(DEMO, 'cfalias.yaml'), 'utf8'),
      });
      server = spawnCli(['sandbox', 'serve', 'world.json'], {});
      const served = finish(server);
      let banner = '';
      await new Promise<void>((resolve, reject) => {
        server!.stdout!.on('data', (chunk: Buffer) => {
          banner += chunk.toString('utf8');
          if (banner.includes('Press Ctrl-C')) resolve();
        });
        server!.once('close', (code) => reject(new Error(`sandbox serve ended early (${String(code)})`)));
      });
      const env = exportsIn(banner);
      expect(Object.keys(env)).to.deep.equal(['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION']);

      const plan = await finish(spawnCli(['plan', '--detailed-exitcode'], env));
      expect(plan.stderr).to.equal('');
      expect(plan.code).to.equal(2);
      expect(plan.stdout).to.include('Plan: 1 to attach, 4 to move, 1 to detach.');

      const apply = await finish(spawnCli(['apply', '--auto-approve'], env));
      expect(apply.stderr).to.equal('');
      expect(apply.code).to.equal(0);
      expect(apply.stdout).to.include('Estimated duration: 12m 0s (2 deployment waits)');
      expect(apply.stdout).to.include('Apply complete: 6 aliases changed, 18 steps in ');
      // No wait found its deployment already over: the provider's own reads did not move the
      // served world's simulated time, only the waiters' polls did (docs/emulator.md).
      expect(apply.stdout).to.not.include('skipped');

      // The flags instead of AWS_ENDPOINT_URL, and a shared-credentials profile instead of AWS_ACCESS_KEY_ID.
      await ws.write('credentials', `[sandbox]\naws_access_key_id = ${env['AWS_ACCESS_KEY_ID']}\naws_secret_access_key = any\n`);
      await ws.write('config', '[profile sandbox]\n');
      const replan = await finish(
        spawnCli(
          ['--endpoint-url', env['AWS_ENDPOINT_URL']!, '--profile', 'sandbox', '--region', 'us-east-1', 'plan', '--detailed-exitcode'],
          {
            AWS_SHARED_CREDENTIALS_FILE: join(ws.dir, 'credentials'),
            AWS_CONFIG_FILE: join(ws.dir, 'config'),
          },
        ),
      );
      expect(replan.stderr).to.equal('');
      expect(replan.code).to.equal(0);
      expect(replan.stdout).to.include('No changes.');

      server.kill('SIGINT');
      const ended = await served;
      expect(ended.code).to.equal(0);
      expect(ended.stdout).to.include('SIGINT received: stopped. Saved the sandbox world to world.json.\n');
      const world = JSON.parse(await ws.read('world.json')) as {
        now: string;
        accounts: { distributions: { id: string; aliases: string[] }[] }[];
      };
      // 02:00:00 + the planned 12m 0s, exactly as with the in-process sandbox (apiLatencyMs is 0).
      expect(world.now).to.equal('2026-12-01T02:12:00.000Z');
      const aliases = Object.fromEntries(world.accounts[0]!.distributions.map((d) => [d.id, [...d.aliases].sort()]));
      // fixtures/demo/README.md: green takes www, api, static and shop; media comes back to blue.
      expect(aliases).to.deep.equal({
        E1BLUE7QX4M2ZK: ['media.example.com'],
        E2GREEN5T8W3PR: ['api.example.com', 'shop.example.net', 'static.example.com', 'status.example.com', 'www.example.com'],
      });
    });
  });
});
