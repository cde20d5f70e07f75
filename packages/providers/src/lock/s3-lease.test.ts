import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { CreateBucketCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { ResourceNotFoundError, SimulatedClock, ThrottlingError, TransientError } from '@cfalias/core';
import { createEmulator, type RunningEmulator } from '../emulator/create-emulator.js';
import { SANDBOX_ACCESS_KEY_ID, SANDBOX_SECRET_ACCESS_KEY } from '../emulator/caller-credentials.js';
import { testWorldDocument } from '../testing/emulator-world.js';
import { SandboxWorld } from '../sandbox/world-model.js';
import { CONTRACT_T0, leaseLockContract, type LeaseLockFactory } from './lease-lock-contract.js';
import { classifyS3Error, createS3LeaseLock, createS3LockClient } from './s3-lease.js';

const BUCKET = 'locks';
let keyCounter = 0;

/** A fresh object key per fixture on one bucket behind `client`. */
function s3Objects(client: () => S3Client): LeaseLockFactory {
  return async (clock) => {
    const key = `cfalias/lease-${++keyCounter}.json`;
    return {
      makeLock: ({ pid, host, id }) => createS3LeaseLock({ client: client(), bucket: BUCKET, key, clock, pid, host, newId: () => id }),
      dispose: async () => undefined,
    };
  };
}

describe('S3 lease lock over the emulator (AWS SDK v3)', () => {
  let emulator: RunningEmulator;
  let client: S3Client;
  before(async () => {
    emulator = await createEmulator(SandboxWorld.fromDocument({ ...testWorldDocument(), s3Buckets: [BUCKET] }));
    client = createS3LockClient({
      endpoint: emulator.endpoint,
      credentials: { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
      maxAttempts: 1,
    });
  });
  after(async () => {
    client.destroy();
    await emulator.close();
  });

  describe('contract', () => {
    leaseLockContract(() => s3Objects(() => client));
  });

  it('re-reads and decides again after a 409 ConditionalRequestConflict', async () => {
    // The emulator serves one request at a time, so S3's 409 (an overlapping conditional write) is
    // injected on the real client: the first PutObject answers it without reaching the server.
    const conflicted = createS3LockClient({
      endpoint: emulator.endpoint,
      credentials: { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    let puts = 0;
    conflicted.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'PutObjectCommand') return next(args);
        if (++puts === 1) {
          throw new S3ServiceException({
            name: 'ConditionalRequestConflict',
            $fault: 'client',
            $metadata: { httpStatusCode: 409 },
            message: 'A conflicting operation occurred.',
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectConflict' },
    );
    try {
      const lock = createS3LeaseLock({
        client: conflicted,
        bucket: BUCKET,
        key: `cfalias/conflict-${++keyCounter}.json`,
        clock: new SimulatedClock(CONTRACT_T0),
        newId: () => 'L409',
      });
      const lease = await lock.acquire({ holder: 'alice', ttlSeconds: 60 });
      expect(lease.id).to.equal('L409');
      expect(puts).to.equal(2);
      expect((await lock.inspect())?.id).to.equal('L409');
    } finally {
      conflicted.destroy();
    }
  });

  it('reports a bucket that does not exist as ResourceNotFoundError', async () => {
    const lock = createS3LeaseLock({ client, bucket: 'no-such-bucket', key: 'k', clock: new SimulatedClock(CONTRACT_T0) });
    const error = await lock.acquire({ holder: 'alice', ttlSeconds: 60 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ResourceNotFoundError);
    expect((error as Error).message).to.equal('s3://no-such-bucket/k: not found (NoSuchBucket)');
  });

  it('refuses an object that is not a lease, naming it', async () => {
    const key = `cfalias/garbage-${++keyCounter}.json`;
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'not json' }));
    const lock = createS3LeaseLock({ client, bucket: BUCKET, key, clock: new SimulatedClock(CONTRACT_T0) });
    const error = await lock.acquire({ holder: 'alice', ttlSeconds: 60 }).catch((e: unknown) => e);
    expect((error as Error).name).to.equal('LeaseDocumentError');
    expect((error as Error).message).to.equal(
      `s3://locks/${key}: not a cfalias lease (not JSON); inspect it and remove it by hand if no cfalias is running`,
    );
  });

  it('signs with the credentials of `profile` from the shared files, as the AWS provider does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cfalias-profile-'));
    const saved = { ...process.env };
    // The default profile's key is one the emulator does not know; `locks` has the sandbox's.
    await writeFile(
      join(dir, 'credentials'),
      `[default]\naws_access_key_id = AKIAUNKNOWNKEY000000\naws_secret_access_key = x\n\n[locks]\naws_access_key_id = ${SANDBOX_ACCESS_KEY_ID}\naws_secret_access_key = x\n`,
    );
    await writeFile(join(dir, 'config'), '');
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[name];
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(dir, 'credentials');
    process.env['AWS_CONFIG_FILE'] = join(dir, 'config');
    const withProfile = createS3LockClient({ endpoint: emulator.endpoint, profile: 'locks', maxAttempts: 1 });
    const withDefault = createS3LockClient({ endpoint: emulator.endpoint, maxAttempts: 1 });
    try {
      const key = `cfalias/profile-${++keyCounter}.json`;
      const lock = createS3LeaseLock({
        client: withProfile,
        bucket: BUCKET,
        key,
        clock: new SimulatedClock(CONTRACT_T0),
        newId: () => 'Lp',
      });
      expect((await lock.acquire({ holder: 'alice', ttlSeconds: 60 })).id).to.equal('Lp');
      expect((await withProfile.config.credentials()).accessKeyId).to.equal(SANDBOX_ACCESS_KEY_ID);
      const refused = await createS3LeaseLock({ client: withDefault, bucket: BUCKET, key })
        .inspect()
        .catch((e: unknown) => e);
      expect((refused as Error).message).to.include('InvalidClientTokenId');
    } finally {
      withProfile.destroy();
      withDefault.destroy();
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('S3 error classification', () => {
  const sdkError = (name: string, status: number): S3ServiceException =>
    new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: name });

  it('names the three answers of a conditional request', () => {
    expect(classifyS3Error(sdkError('PreconditionFailed', 412), 'PutObject', 's3://b/k')).to.equal('precondition-failed');
    expect(classifyS3Error(sdkError('ConditionalRequestConflict', 409), 'PutObject', 's3://b/k')).to.equal('conflict');
    expect(classifyS3Error(sdkError('NoSuchKey', 404), 'DeleteObject', 's3://b/k')).to.equal('no-such-key');
    expect(classifyS3Error(sdkError('NotFound', 404), 'HeadObject', 's3://b/k')).to.equal('no-such-key');
  });

  it('translates everything else into engine errors', () => {
    const slow = classifyS3Error(sdkError('SlowDown', 503), 'PutObject', 's3://b/k');
    expect(typeof slow === 'object' && slow.error).to.be.instanceOf(TransientError);
    const throttled = classifyS3Error(sdkError('Throttling', 400), 'PutObject', 's3://b/k');
    expect(typeof throttled === 'object' && throttled.error).to.be.instanceOf(ThrottlingError);
    const bucket = classifyS3Error(sdkError('NoSuchBucket', 404), 'PutObject', 's3://b/k');
    expect(typeof bucket === 'object' && bucket.error).to.be.instanceOf(ResourceNotFoundError);
  });
});

// ---------------------------------------------------------------- moto_server: an independent S3

const motoFound = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' }).status === 0;
(motoFound ? describe : describe.skip)(
  motoFound
    ? 'S3 lease lock over moto_server (independent S3 conditional writes)'
    : 'S3 lease lock over moto_server (SKIPPED: `moto_server` is not on PATH)',
  function () {
    this.timeout(60_000);
    let moto: ChildProcess;
    let client: S3Client;

    before(async function () {
      this.timeout(60_000);
      const port = await freeLoopbackPort();
      moto = spawn('moto_server', ['-p', String(port), '-H', '127.0.0.1'], { stdio: 'ignore', detached: true });
      const endpoint = `http://127.0.0.1:${port}`;
      await waitUntilAnswering(endpoint, 45_000);
      client = createS3LockClient({ endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, maxAttempts: 1 });
      await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    });
    after(async () => {
      client?.destroy();
      if (moto?.pid !== undefined && moto.exitCode === null) {
        const exited = new Promise((resolve) => moto.once('exit', resolve));
        process.kill(-moto.pid, 'SIGTERM'); // the process group this test started
        await exited;
      }
    });

    leaseLockContract(() => s3Objects(() => client));
  },
);

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilAnswering(endpoint: string, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      await fetch(endpoint);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`moto_server did not answer at ${endpoint} within ${withinMs} ms`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
