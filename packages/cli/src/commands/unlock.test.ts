/**
 * `cfalias unlock` of a lease whose holder is still running on this host: asked on a terminal
 * (`yes` releases, anything else keeps it), refused off a terminal, released at once with
 * `--force`. The holder is this test process itself (its pid runs, its host is this one); a
 * lease of another host is released without a question, as before.
 */
import { expect } from 'chai';
import { hostname } from 'node:os';
import { createLocalLeaseLock } from '@cfalias/providers';
import { DESIRED } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, runCli, type Workspace } from '../testing/harness.js';
import { UNLOCK_QUESTION } from './unlock.js';

describe('unlock of a lease whose holder is still running on this host', () => {
  let ws: Workspace;
  let since: string;
  beforeEach(async () => {
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED });
    const lease = await createLocalLeaseLock({ path: ws.path('.cfalias.lock'), newId: () => 'lease-1' }).acquire({
      holder: 'alice@build-7 cfalias apply',
      ttlSeconds: 600,
    });
    since = lease.created;
  });
  afterEach(async () => {
    await ws.remove();
  });

  const held = (): Promise<boolean> =>
    ws.read('.cfalias.lock').then(
      () => true,
      () => false,
    );
  const running = (): string => `alice@build-7 cfalias apply (pid ${process.pid} on this host, since ${since}) is still running`;

  it('off a terminal: refused (exit 1) naming the holder and --force; the lease stays', async () => {
    const run = await runCli(ws, ['unlock', 'lease-1']);
    expect(run.code).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.equal(
      `error: refusing to unlock lease-1: its holder ${running()}. Stop it (it releases the lock as it ends), or pass --force to release the lease anyway\n`,
    );
    expect(await held()).to.equal(true);
  });

  it('on a terminal: asks, and releases on a typed yes', async () => {
    const run = await runCli(ws, ['unlock', 'lease-1'], { tty: true, input: 'yes\n' });
    expect(run.code).to.equal(0);
    expect(run.stdout).to.equal(
      `Lease lease-1 is held by ${running()}.\n` +
        'Releasing it lets another apply start while that one may still be changing the account.\n' +
        UNLOCK_QUESTION +
        `Released lease lease-1 at ${ws.path('.cfalias.lock')}, held by alice@build-7 cfalias apply on ${hostname()} (pid ${process.pid}) since ${since}.\n`,
    );
    expect(await held()).to.equal(false);
  });

  it('on a terminal: any other answer cancels (exit 1); the lease stays', async () => {
    const run = await runCli(ws, ['unlock', 'lease-1'], { tty: true, input: 'y\n' });
    expect(run.code).to.equal(1);
    expect(run.stdout).to.match(/Only 'yes' will be accepted: \nUnlock cancelled: lease lease-1 is still held.\n$/);
    expect(await held()).to.equal(true);
  });

  it('--force: released without a question', async () => {
    const run = await runCli(ws, ['unlock', '--force', 'lease-1']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/^Released lease lease-1 at /);
    expect(await held()).to.equal(false);
  });

  it('a holder on another host is not asked about: its pid says nothing here', async () => {
    await ws.remove();
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED });
    await createLocalLeaseLock({ path: ws.path('.cfalias.lock'), host: 'ci-runner-7', pid: process.pid, newId: () => 'lease-2' }).acquire({
      holder: 'bob@ci-runner-7 cfalias apply',
      ttlSeconds: 600,
    });
    const run = await runCli(ws, ['unlock', 'lease-2']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/^Released lease lease-2 at /);
  });
});
