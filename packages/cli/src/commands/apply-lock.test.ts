/**
 * The lock from the command line. The local lock file: a takeover mutex left behind by a crashed
 * process does not keep the lock held after an apply, and a lock path that is a directory is
 * refused in words. The S3 lock: `--profile` and `--endpoint-url` reach the lock's S3 client, so
 * the lease is written with the cutover's own identity; driven through `cfalias unlock` (the lock
 * alone, no cutover) against the embedded emulator, whose S3 refuses access keys it does not know
 * (InvalidClientTokenId).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createEmulator, parseWorldDocument, SANDBOX_ACCESS_KEY_ID, SandboxWorld, type RunningEmulator } from '@cfalias/providers';
import { DESIRED, worldDocument, worldJson } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, runCli, type Workspace } from '../testing/harness.js';

describe('the local lock file from the command line', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': worldJson() });
  });
  afterEach(async () => {
    await ws.remove();
  });

  it('a takeover mutex left by a crashed cfalias of this host: the apply succeeds and leaves no lock behind', async () => {
    const crashed = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(crashed, 'exit');
    await ws.write(
      '.cfalias.lock.takeover',
      JSON.stringify({ pid: crashed.pid, host: hostname(), id: 'x', at: '2026-12-01T02:00:00.000Z' }),
    );
    const run = await runCli(ws, ['--sandbox', 'world.json', 'apply', '--auto-approve']);
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(0);
    expect(readdirSync(ws.dir).sort()).to.deep.equal(['.cfalias', 'cfalias.yaml', 'world.json']);
  });

  it('a lock path that is a directory: exit 1 naming it, what it is, and what to do; nothing applied', async () => {
    await mkdir(ws.path('.cfalias.lock'));
    const run = await runCli(ws, ['--sandbox', 'world.json', 'apply', '--auto-approve']);
    expect(run.code).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.equal(
      `error: ${ws.path('.cfalias.lock')} is a directory, not a lock file: the lock's path must name a file that cfalias creates and deletes; ` +
        'choose another path (`lock: path:` in cfalias.yaml) or move the directory away\n',
    );
    expect(await ws.read('world.json')).to.equal(worldJson());
  });
});

describe('the S3 lock from the command line', () => {
  let emulator: RunningEmulator;
  let ws: Workspace;
  let profiles: string;
  const saved = { ...process.env };

  before(async () => {
    emulator = await createEmulator(
      SandboxWorld.fromDocument(parseWorldDocument(JSON.stringify({ ...worldDocument(), s3Buckets: ['locks'] }), 'world.json')),
    );
    profiles = await mkdtemp(join(tmpdir(), 'cfalias-profiles-'));
    // The default profile's key is unknown to the emulator; `locks` has the sandbox's key.
    await writeFile(
      join(profiles, 'credentials'),
      `[default]\naws_access_key_id = AKIAUNKNOWNKEY000000\naws_secret_access_key = x\n\n[locks]\naws_access_key_id = ${SANDBOX_ACCESS_KEY_ID}\naws_secret_access_key = x\n`,
    );
    await writeFile(join(profiles, 'config'), '');
    // The SDK reads the process environment, not the CLI's io.env.
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_PROFILE',
      'AWS_ENDPOINT_URL',
      'AWS_ENDPOINT_URL_S3',
    ]) {
      delete process.env[name];
    }
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(profiles, 'credentials');
    process.env['AWS_CONFIG_FILE'] = join(profiles, 'config');
  });
  after(async () => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    await emulator.close();
    await rm(profiles, { recursive: true, force: true });
  });
  beforeEach(async () => {
    ws = await makeWorkspace({ 'cfalias.yaml': `${DESIRED}lock:\n  backend: s3\n  bucket: locks\n  key: prod/cfalias.lock.json\n` });
  });
  afterEach(async () => {
    await ws.remove();
  });

  it('--profile reaches the S3 lock client: its credentials are the ones used', async () => {
    const run = await runCli(ws, ['--profile', 'locks', '--endpoint-url', emulator.endpoint, 'unlock', 'lease-1']);
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(0);
    expect(run.stdout).to.equal('The lock at s3://locks/prod/cfalias.lock.json is free: nothing to unlock.\n');
  });

  it('without --profile the default profile signs, and the emulator refuses its key', async () => {
    const run = await runCli(ws, ['--endpoint-url', emulator.endpoint, 'unlock', 'lease-1']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('InvalidClientTokenId');
  });
});
