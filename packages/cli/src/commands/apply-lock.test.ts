/**
 * The S3 lock from the command line: `--profile` and `--endpoint-url` reach the lock's S3 client,
 * so the lease is written with the cutover's own identity. Driven through `cfalias unlock` (the
 * lock alone, no cutover) against the embedded emulator, whose S3 refuses access keys it does not
 * know (InvalidClientTokenId).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createEmulator, parseWorldDocument, SANDBOX_ACCESS_KEY_ID, SandboxWorld, type RunningEmulator } from '@cfalias/providers';
import { DESIRED, worldDocument } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, runCli, type Workspace } from '../testing/harness.js';

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
