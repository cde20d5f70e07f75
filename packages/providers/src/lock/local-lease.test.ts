import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import {
  holdLease,
  LeaseDocumentError,
  LockHeldError,
  RequestRejectedError,
  serializeLeaseInfo,
  SimulatedClock,
  type Lease,
} from '@cfalias/core';
import { leaseLockContract, type LeaseLockFactory } from './lease-lock-contract.js';
import { createLocalLeaseLock } from './local-lease.js';
import { isProcessAlive } from './lock-file.js';

const CHILD = fileURLToPath(new URL('./takeover-child.ts', import.meta.url));
const HOLDER = fileURLToPath(new URL('./holder-child.ts', import.meta.url));

/** Starts holder-child.ts on `path`; resolves once it holds the lease, with its process and lease. */
async function startHolder(path: string): Promise<{ child: ChildProcess; lease: Lease }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', HOLDER, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  for await (const chunk of child.stdout) {
    out += chunk as string;
    if (out.includes('\n')) break;
  }
  return { child, lease: JSON.parse(out) as Lease };
}

/** The first `count` lines the child prints. */
async function linesOf(child: ChildProcess, count: number): Promise<string[]> {
  let out = '';
  child.stdout!.setEncoding('utf8');
  for await (const chunk of child.stdout!) {
    out += chunk as string;
    if (out.split('\n').length > count) break;
  }
  return out.split('\n').slice(0, count);
}

/** The pid of a process that ran on this host and has exited (reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

/** SIGKILLs the child and waits until it is gone (reaped: its pid no longer runs). */
async function kill(child: ChildProcess): Promise<void> {
  const exited = child.exitCode === null && child.signalCode === null ? once(child, 'exit') : Promise.resolve();
  child.kill('SIGKILL');
  await exited;
}

const localFiles: LeaseLockFactory = async (clock) => {
  const directory = await mkdtemp(join(tmpdir(), 'cfalias-lock-'));
  const path = join(directory, 'cfalias.lock');
  return {
    makeLock: ({ pid, host, id }) => createLocalLeaseLock({ path, clock, pid, host, newId: () => id }),
    dispose: () => rm(directory, { recursive: true, force: true }),
  };
};

describe('local lease lock: contract', () => {
  leaseLockContract(() => localFiles);
});

describe('local lease lock: files and processes', () => {
  let directory: string;
  let path: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'cfalias-lock-'));
    path = join(directory, 'cfalias.lock');
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('stores the lease as one JSON line and leaves no temporary or mutex file behind', async () => {
    const clock = new SimulatedClock(Date.UTC(2026, 11, 1));
    const lock = createLocalLeaseLock({ path, clock, pid: 7, host: 'h', newId: () => 'L1' });
    const lease = await lock.acquire({ holder: 'alice', ttlSeconds: 60 });
    clock.advance(1000);
    await lock.renew(lease);
    expect(await readFile(path, 'utf8')).to.equal(
      '{"id":"L1","holder":"alice","pid":7,"host":"h","created":"2026-12-01T00:00:00.000Z","expiry":"2026-12-01T00:01:01.000Z"}\n',
    );
    expect(await readdir(directory)).to.deep.equal(['cfalias.lock']);
    await lock.release(lease);
    expect(await readdir(directory)).to.deep.equal([]);
  });

  it('names a takeover mutex that names no holder instead of waiting forever', async () => {
    const lock = createLocalLeaseLock({ path, mutexWaitMs: 50 });
    const lease = await lock.acquire({ holder: 'alice', ttlSeconds: 60 });
    await writeFile(`${path}.takeover`, '{"pid":1}');
    const error = await lock.renew(lease).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RequestRejectedError);
    expect((error as RequestRejectedError).message).to.equal(
      `${path}.takeover has existed for over 50 ms: a cfalias process probably died while changing the lock; remove that file if no cfalias is running`,
    );
  });

  it('refuses a lock path that is a directory, saying so, in every operation', async () => {
    await mkdir(path);
    const lock = createLocalLeaseLock({ path });
    const message =
      `${path} is a directory, not a lock file: the lock's path must name a file that cfalias creates and deletes; ` +
      'choose another path (`lock: path:` in cfalias.yaml) or move the directory away';
    for (const attempt of [() => lock.acquire({ holder: 'alice', ttlSeconds: 60 }), () => lock.inspect(), () => lock.forceRelease('L1')]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).to.be.instanceOf(LeaseDocumentError);
      expect((error as LeaseDocumentError).message).to.equal(message);
    }
    // Nothing written beside it, nothing inside it.
    expect(await readdir(directory)).to.deep.equal(['cfalias.lock']);
    expect(await readdir(path)).to.deep.equal([]);
  });

  describe('a takeover mutex left behind', () => {
    const mutex = (holder: object): Promise<void> => writeFile(`${path}.takeover`, JSON.stringify(holder));

    it('by a process of this host that no longer runs is removed: acquire, renew and release work and leave nothing', async () => {
      await mutex({ pid: await deadPid(), host: hostname(), id: 'crashed', at: '2026-12-01T00:00:00.000Z' });
      // A short wait for the mutex: removing it must not depend on waiting.
      const lock = createLocalLeaseLock({ path, mutexWaitMs: 50 });
      const lease = await lock.acquire({ holder: 'alice', ttlSeconds: 60 });
      const renewed = await lock.renew(lease);
      await lock.release(renewed);
      expect(await readdir(directory)).to.deep.equal([]);
    });

    it('by a dead process keeps a held lease renewing (holdLease) and lets it be released at the end', async () => {
      // Left beside a free lock: taking the lease does not touch it, every renewal does.
      await mutex({ pid: await deadPid(), host: hostname(), id: 'crashed', at: '2026-12-01T00:00:00.000Z' });
      // The heartbeat is the clock's only sleeper: the clock moves to each renewal by itself.
      const clock = new SimulatedClock(Date.now());
      const lock = createLocalLeaseLock({ path, clock, mutexWaitMs: 50 });
      const lost: unknown[] = [];
      const stored: { expiry: string; renewed: string }[] = [];
      let third!: () => void;
      const thirdRenewal = new Promise<void>((resolve) => (third = resolve));
      // Settles when the heartbeat stops on a lost lease: no renewal will come after it. A promise,
      // not a poll, so nothing of the test's own keeps running once the race below is decided.
      let stoppedByLoss!: () => void;
      const heartbeatLost = new Promise<void>((resolve) => (stoppedByLoss = resolve));
      const held = await holdLease(
        lock,
        { holder: 'alice', ttlSeconds: 60 },
        {
          clock,
          onLost: (e) => {
            lost.push(e);
            stoppedByLoss();
          },
          // The heartbeat waits for this callback: the file is read before the next renewal.
          onRenewed: async (lease) => {
            stored.push({ expiry: JSON.parse(await readFile(path, 'utf8')).expiry, renewed: lease.expiry });
            if (stored.length === 3) third();
          },
        },
      );
      await Promise.race([thirdRenewal, heartbeatLost]);
      await held.stop();
      expect(lost).to.deep.equal([]);
      // A released lease leaves nothing waiting on the clock: the heartbeat's sleep was cancelled.
      expect(clock.pendingTimers).to.equal(0);
      expect(stored.map((s) => s.expiry)).to.deep.equal(stored.map((s) => s.renewed));
      expect(await readdir(directory)).to.deep.equal([]);
    });

    it('by a live process or on another host is never removed', async () => {
      const lock = createLocalLeaseLock({ path, mutexWaitMs: 50 });
      const lease = await lock.acquire({ holder: 'alice', ttlSeconds: 60 });
      for (const holder of [
        { pid: process.pid, host: hostname(), id: 'alive', at: '2026-12-01T00:00:00.000Z' },
        { pid: await deadPid(), host: 'ci-runner-7', id: 'elsewhere', at: '2026-12-01T00:00:00.000Z' },
      ]) {
        await mutex(holder);
        const error = await lock.renew(lease).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(RequestRejectedError);
        expect(JSON.parse(await readFile(`${path}.takeover`, 'utf8'))).to.deep.equal(holder);
      }
    });
  });

  it('gives each of five expired leases to exactly one of eight processes taking it over at once', async function () {
    this.timeout(60_000);
    // Leases that expired an hour ago (real time: the children run on the system clock).
    const past = Date.now() - 3_600_000;
    const paths = [1, 2, 3, 4, 5].map((n) => join(directory, `race-${n}.lock`));
    for (const [n, file] of paths.entries()) {
      await writeFile(
        file,
        serializeLeaseInfo({
          id: `dead-${n}`,
          holder: 'crashed',
          pid: 1,
          host: 'gone',
          created: new Date(past).toISOString(),
          expiry: new Date(past + 60_000).toISOString(),
        }),
      );
    }
    const startAt = Date.now() + 3000;
    const ids = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'];
    // Every child stays alive (holding what it won) until all have answered for every file.
    const children = ids.map((id) =>
      spawn(process.execPath, ['--import', 'tsx', '--conditions=source', CHILD, id, String(startAt), '300', ...paths], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const outputs = await Promise.all(children.map((child) => linesOf(child, paths.length)));
    const exits = children.map((child) => once(child, 'exit'));
    for (const child of children) child.stdin.end();
    await Promise.all(exits);
    const lines = outputs.map((texts, n) =>
      texts.map((line) => ({
        id: ids[n]!,
        ...(JSON.parse(line) as { path: string; won: boolean; error?: string; holder?: string | null; message?: string }),
      })),
    );
    for (const file of paths) {
      const results = lines.flat().filter((r) => r.path === file);
      expect(results).to.have.length(8);
      const winners = results.filter((r) => r.won);
      expect(winners, JSON.stringify(results)).to.have.length(1);
      const winner = winners[0]!.id;
      for (const loser of results.filter((r) => !r.won)) {
        expect(loser.error, loser.message).to.equal('LockHeldError');
        expect(loser.holder).to.equal(winner);
      }
      expect(JSON.parse(await readFile(file, 'utf8')).id).to.equal(winner);
    }
    expect((await readdir(directory)).sort()).to.deep.equal(['race-1.lock', 'race-2.lock', 'race-3.lock', 'race-4.lock', 'race-5.lock']);
  });

  describe('a dead holder on this host', () => {
    const children: ChildProcess[] = [];
    afterEach(async () => {
      for (const child of children.splice(0)) await kill(child);
    });

    it('is taken over at once once the process holding the lease was SIGKILLed', async function () {
      this.timeout(20_000);
      const { child, lease } = await startHolder(path);
      children.push(child);
      expect(lease).to.deep.include({ holder: 'child cfalias apply', pid: child.pid, host: hostname() });
      const lock = createLocalLeaseLock({ path, newId: () => 'after-crash' });

      // Alive: refused, naming the child, although this process is on the same host.
      const refused = await lock.acquire({ holder: 'me', ttlSeconds: 60 }).catch((e: unknown) => e);
      expect(refused).to.be.instanceOf(LockHeldError);
      expect((refused as LockHeldError).current.id).to.equal(lease.id);

      await kill(child);
      // Its lease has 600 s to run, and is taken over now.
      const mine = await lock.acquire({ holder: 'me', ttlSeconds: 60 });
      expect(mine).to.deep.include({ id: 'after-crash', holder: 'me', pid: process.pid });
      expect(JSON.parse(await readFile(path, 'utf8')).id).to.equal('after-crash');
      expect(await readdir(directory)).to.deep.equal(['cfalias.lock']);
    });

    it('is never judged dead on another host: a lease naming a pid that runs nowhere here still holds', async () => {
      const { child } = await startHolder(join(directory, 'scratch.lock'));
      children.push(child);
      const deadPid = child.pid!;
      await kill(child);
      const clock = new SimulatedClock(Date.UTC(2026, 11, 1));
      // Written by "another machine" whose pid happens to be dead here.
      const other = createLocalLeaseLock({ path, clock, pid: deadPid, host: 'ci-runner-7', newId: () => 'remote' });
      await other.acquire({ holder: 'bob@ci-runner-7 cfalias apply', ttlSeconds: 60 });
      const local = createLocalLeaseLock({ path, clock, newId: () => 'local' });
      const refused = await local.acquire({ holder: 'me', ttlSeconds: 60 }).catch((e: unknown) => e);
      expect(refused).to.be.instanceOf(LockHeldError);
      expect((refused as LockHeldError).current).to.deep.include({ id: 'remote', host: 'ci-runner-7', pid: deadPid });
      // The same lease written on this host is a dead holder's.
      await other.forceRelease('remote');
      await createLocalLeaseLock({ path, clock, pid: deadPid, newId: () => 'crashed' }).acquire({ holder: 'me earlier', ttlSeconds: 60 });
      expect((await local.acquire({ holder: 'me', ttlSeconds: 60 })).id).to.equal('local');
    });

    it('judges liveness with signal 0: this process is alive, a reaped child is not, pids naming groups count as alive', async () => {
      const { child } = await startHolder(join(directory, 'scratch.lock'));
      children.push(child);
      expect(isProcessAlive(child.pid!)).to.equal(true);
      await kill(child);
      expect(isProcessAlive(child.pid!)).to.equal(false);
      expect(isProcessAlive(process.pid)).to.equal(true);
      // kill(0, …) and kill(-1, …) would address process groups: never treated as dead.
      expect(isProcessAlive(0)).to.equal(true);
      expect(isProcessAlive(-1)).to.equal(true);
    });
  });
});
