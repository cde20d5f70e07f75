import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { RequestRejectedError, serializeLeaseInfo, SimulatedClock } from '@cfalias/core';
import { leaseLockContract, type LeaseLockFactory } from './lease-lock-contract.js';
import { createLocalLeaseLock } from './local-lease.js';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./takeover-child.ts', import.meta.url));

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

  it('names a takeover mutex left behind by a dead process instead of waiting forever', async () => {
    const lock = createLocalLeaseLock({ path, mutexWaitMs: 50 });
    const lease = await lock.acquire({ holder: 'alice', ttlSeconds: 60 });
    await writeFile(`${path}.takeover`, '{"pid":1}');
    const error = await lock.renew(lease).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RequestRejectedError);
    expect((error as RequestRejectedError).message).to.equal(
      `${path}.takeover has existed for over 50 ms: a cfalias process probably died while changing the lock; remove that file if no cfalias is running`,
    );
  });

  it('gives each of five expired leases to exactly one of eight processes taking it over at once', async function () {
    this.timeout(60_000);
    // Leases that expired an hour ago (real time: the children run on the system clock).
    const past = Date.now() - 3_600_000;
    const paths = [1, 2, 3, 4, 5].map((n) => join(directory, `race-${n}.lock`));
    for (const [n, file] of paths.entries()) {
      await writeFile(
        file,
        serializeLeaseInfo({ id: `dead-${n}`, holder: 'crashed', pid: 1, host: 'gone', created: new Date(past).toISOString(), expiry: new Date(past + 60_000).toISOString() }),
      );
    }
    const startAt = Date.now() + 3000;
    const ids = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'];
    const lines = await Promise.all(
      ids.map(async (id) => {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', '--conditions=source', CHILD, id, String(startAt), '300', ...paths]);
        return stdout
          .trim()
          .split('\n')
          .map((line) => ({ id, ...(JSON.parse(line) as { path: string; won: boolean; error?: string; holder?: string | null; message?: string }) }));
      }),
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
});
