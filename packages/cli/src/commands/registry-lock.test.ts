/**
 * One lease for a whole registry of accounts: the lock is keyed by the desired file's lock
 * settings (a local file beside cfalias.yaml, or one S3 object), never by account, and it is taken
 * before any account is reached. So a writer holding it keeps every other writer of the registry
 * out, whichever accounts their changes touch, and a refused writer has not assumed a single role.
 * Driven on fixtures/worlds/cross-account-wildcard-move (three accounts, two reached by role).
 */
import { expect } from 'chai';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createEmulator,
  createLeaseLockFromSettings,
  createLocalLeaseLock,
  parseWorldDocument,
  SANDBOX_ACCESS_KEY_ID,
  SANDBOX_SECRET_ACCESS_KEY,
  SandboxWorld,
  type RunningEmulator,
} from '@cfalias/providers';
import { makeWorkspace, runCli, type Workspace } from '../testing/harness.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/worlds/cross-account-wildcard-move');
const REGISTRY = readFileSync(join(FIXTURE, 'cfalias.yaml'), 'utf8');
const WORLD = readFileSync(join(FIXTURE, 'world.json'), 'utf8');

function journals(ws: Workspace): string[] {
  return existsSync(ws.path('.cfalias')) ? readdirSync(ws.path('.cfalias')) : [];
}

describe('one lease for the whole registry of accounts', () => {
  describe('the local lock file', () => {
    let ws: Workspace;
    beforeEach(async () => {
      ws = await makeWorkspace({ 'cfalias.yaml': REGISTRY, 'world.json': WORLD });
    });
    afterEach(() => ws.remove());

    it('apply of the registry exits 5 while another writer holds the lock beside cfalias.yaml; nothing read or written', async () => {
      const rival = createLocalLeaseLock({ path: ws.path('.cfalias.lock'), pid: 4242, host: 'ci-runner-7', newId: () => 'lease-1' });
      await rival.acquire({ holder: 'alice@ci-runner-7 cfalias apply', ttlSeconds: 600 });
      const run = await runCli(ws, ['--sandbox', 'world.json', 'apply', '--auto-approve']);
      expect(run.code).to.equal(5);
      expect(run.stderr).to.contain('error: the lock is held by alice@ci-runner-7 cfalias apply on ci-runner-7 (pid 4242)');
      expect(run.stdout).to.equal('');
      expect(await ws.read('world.json')).to.equal(WORLD);
      expect(journals(ws)).to.deep.equal([]);
    });

    it('resume of the registry takes the same lock', async () => {
      const rival = createLocalLeaseLock({ path: ws.path('.cfalias.lock'), pid: 4242, host: 'ci-runner-7', newId: () => 'lease-2' });
      await rival.acquire({ holder: 'bob@ci-runner-7 cfalias apply', ttlSeconds: 600 });
      await mkdir(ws.path('.cfalias'));
      await ws.write('.cfalias/journal-x.jsonl', '');
      const run = await runCli(ws, ['--sandbox', 'world.json', 'resume', '--journal', '.cfalias/journal-x.jsonl']);
      expect(run.code).to.equal(5);
      expect(run.stderr).to.contain('error: the lock is held by bob@ci-runner-7 cfalias apply');
    });

    it('a lock path named in cfalias.yaml is the one lease of every account', async () => {
      await ws.write('cfalias.yaml', `${REGISTRY}lock:\n  backend: local\n  path: locks/estate.lock\n`);
      await mkdir(ws.path('locks'));
      const rival = createLocalLeaseLock({ path: ws.path('locks/estate.lock'), newId: () => 'lease-3' });
      await rival.acquire({ holder: 'carol@ci cfalias apply', ttlSeconds: 600 });
      const run = await runCli(ws, ['--sandbox', 'world.json', 'apply', '--auto-approve']);
      expect(run.code).to.equal(5);
      expect(run.stderr).to.contain('carol@ci cfalias apply');
      expect(readdirSync(ws.path('locks'))).to.deep.equal(['estate.lock']);
      expect(existsSync(ws.path('.cfalias.lock'))).to.equal(false);
    });
  });

  describe('the S3 lock', () => {
    let emulator: RunningEmulator;
    let world: SandboxWorld;
    let ws: Workspace;
    let profiles: string;
    const requests: string[] = [];
    const saved = { ...process.env };

    before(async () => {
      profiles = await mkdtemp(join(tmpdir(), 'cfalias-profiles-'));
      await writeFile(
        join(profiles, 'credentials'),
        `[default]\naws_access_key_id = ${SANDBOX_ACCESS_KEY_ID}\naws_secret_access_key = ${SANDBOX_SECRET_ACCESS_KEY}\n`,
      );
      await writeFile(join(profiles, 'config'), '');
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL']) {
        delete process.env[name];
      }
      process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(profiles, 'credentials');
      process.env['AWS_CONFIG_FILE'] = join(profiles, 'config');
    });
    after(async () => {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
      await rm(profiles, { recursive: true, force: true });
    });
    beforeEach(async () => {
      const document = { ...(JSON.parse(WORLD) as object), s3Buckets: ['locks'] };
      world = SandboxWorld.fromDocument(parseWorldDocument(JSON.stringify(document), 'world.json'));
      requests.length = 0;
      emulator = await createEmulator(world, { onRequest: (r) => requests.push(`${r.method} ${r.path}`) });
      ws = await makeWorkspace({ 'cfalias.yaml': `${REGISTRY}lock:\n  backend: s3\n  bucket: locks\n  key: estate/cfalias.lock.json\n` });
    });
    afterEach(async () => {
      await emulator.close();
      await ws.remove();
    });

    it('one object for every account: a writer holding it keeps the registry out before any role is assumed', async () => {
      const rival = createLeaseLockFromSettings(
        { backend: 's3', bucket: 'locks', key: 'estate/cfalias.lock.json' },
        {
          directory: ws.dir,
          s3: {
            endpoint: emulator.endpoint,
            credentials: { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
          },
        },
      );
      try {
        await rival.lock.acquire({ holder: 'dave@pipeline cfalias apply', ttlSeconds: 600 });
        const before = JSON.stringify(world.toDocument().accounts);
        const rivalRequests = requests.length;
        const run = await runCli(ws, ['--endpoint-url', emulator.endpoint, 'apply', '--auto-approve']);
        expect(run.code, run.stderr).to.equal(5);
        expect(run.stderr).to.contain('error: the lock is held by dave@pipeline cfalias apply');
        // No account was reached: every request of the refused apply was to the lock's object (no
        // STS GetCallerIdentity or AssumeRole, no CloudFront or Route 53 read).
        const applyRequests = requests.slice(rivalRequests);
        expect(applyRequests.length).to.be.greaterThan(0);
        expect(applyRequests.filter((r) => !r.endsWith(' /locks/estate/cfalias.lock.json'))).to.deep.equal([]);
        expect(JSON.stringify(world.toDocument().accounts)).to.equal(before);
      } finally {
        rival.close();
      }
    });
  });
});
