/**
 * No secret reaches a file or stream cfalias writes: the CLI spawned from source (as in
 * apply-signals.test.ts) plans and applies on the fixture world through the embedded emulator,
 * with known AWS credentials in its environment; then every plan file, journal, JSON event stream,
 * stdout and stderr of the run is searched for them and for the sandbox's own key and secret.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SANDBOX_ACCESS_KEY_ID, SANDBOX_SECRET_ACCESS_KEY } from '@cfalias/providers';
import { BLUE, GREEN, worldDocument } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, type Workspace } from '../testing/harness.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const BIN = join(HERE, '..', 'bin.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const SECRETS = {
  AWS_ACCESS_KEY_ID: 'AKIAMARKERKEY0000001',
  AWS_SECRET_ACCESS_KEY: 'marker-secret-access-key-2c9d4e7f',
  AWS_SESSION_TOKEN: 'marker-session-token-8b1f0a6d',
};

/**
 * The registry form of the fixture's desired state: the fixture's account and an agency reached
 * through a role (so the run holds session credentials too), distributions placed in the first.
 */
const DESIRED = `version: 1
accounts:
  prod: { id: "111111111111" }
  agency: { id: "222222222222", roleArn: "arn:aws:iam::222222222222:role/cfalias", externalId: "marker-external-id" }
distributions:
  blue: { account: prod, id: ${BLUE} }
  green: { account: prod, id: ${GREEN} }
aliases:
  api.example.com: { distribution: green, strategy: detach-attach }
  new.example.com: green
  old.example.com: null
`;

interface Ended {
  readonly code: number | null;
  readonly output: string;
}

function cli(ws: Workspace, args: readonly string[]): Promise<Ended> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', TSX, BIN, '--sandbox', 'world.json', ...args], {
    cwd: ws.dir,
    env: { HOME: ws.dir, PATH: process.env['PATH'] ?? '', ...SECRETS },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('no secret in plans, journals, event streams or output (the CLI spawned from source)', function () {
  this.timeout(60_000);
  let ws: Workspace;

  beforeEach(async () => {
    const doc = worldDocument() as { accounts: unknown[] };
    const agency = { id: '222222222222', distributions: [], certificates: [], hostedZones: [] };
    const world = { ...doc, accounts: [...doc.accounts, agency] };
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': `${JSON.stringify(world, null, 2)}\n` });
  });
  afterEach(() => ws.remove());

  it('plans and applies with credentials in the environment, and writes none of them anywhere', async () => {
    const plan = await cli(ws, ['plan', '--out', 'plan.json']);
    expect(plan.code, plan.output).to.equal(0);
    const planJson = await cli(ws, ['plan', '--json']);
    const apply = await cli(ws, ['apply', 'plan.json', '--auto-approve', '--json']);
    expect(apply.code, apply.output).to.equal(0);
    const show = await cli(ws, ['show-run']);
    const journals = readdirSync(ws.path('.cfalias')).filter((name) => name.endsWith('.jsonl'));
    expect(journals).to.have.length(1);

    const written: Record<string, string> = {
      'plan output': plan.output,
      'plan --json': planJson.output,
      'apply --json events': apply.output,
      'show-run output': show.output,
      'plan.json': await ws.read('plan.json'),
      [journals[0]!]: await ws.read(`.cfalias/${journals[0]!}`),
    };
    // The run did write what is searched: a plan, events and journal records for the three aliases.
    expect(written['plan.json']).to.contain('new.example.com');
    expect(written[journals[0]!]).to.contain('api.example.com');
    expectNoSecret(written);
  });
});

describe('no secret in the files and streams of a run across accounts (the CLI spawned from source)', function () {
  this.timeout(60_000);
  let ws: Workspace;

  beforeEach(async () => {
    ws = await makeWorkspace({});
    await cp(join(HERE, '../../../../fixtures/worlds/cross-account-wildcard-move'), ws.dir, { recursive: true });
  });
  afterEach(() => ws.remove());

  it('the wildcard move between three accounts, two reached by role: plan, apply, resume, inventory, show-run', async () => {
    const plan = await cli(ws, ['plan', '--out', 'plan.json']);
    expect(plan.code, plan.output).to.equal(0);
    const planJson = await cli(ws, ['plan', '--json']);
    const inventory = await cli(ws, ['inventory', '--json']);
    const apply = await cli(ws, ['apply', 'plan.json', '--auto-approve', '--json']);
    expect(apply.code, apply.output).to.equal(0);
    const resume = await cli(ws, ['resume']);
    const show = await cli(ws, ['show-run']);
    const journals = readdirSync(ws.path('.cfalias')).filter((name) => name.endsWith('.jsonl'));
    expect(journals).to.have.length(1);
    const journal = await ws.read(`.cfalias/${journals[0]!}`);
    const written: Record<string, string> = {
      'plan output': plan.output,
      'plan --json': planJson.output,
      'inventory --json': inventory.output,
      'apply --json events': apply.output,
      'resume output': resume.output,
      'show-run output': show.output,
      'plan.json': await ws.read('plan.json'),
      [journals[0]!]: journal,
      'world.json': await ws.read('world.json'),
    };
    // What is searched is the cross-account run: the registry with its roles, steps in each account.
    expect(written['plan.json']).to.contain('arn:aws:iam::222222222222:role/cfalias');
    expect(journal).to.contain('"account":"333333333333"');
    expect(journal).to.contain('"account":"222222222222"');
    expectNoSecret(written);
  });
});

/** None of the environment's credentials, the sandbox's own, or a role session's appear anywhere. */
function expectNoSecret(written: Readonly<Record<string, string>>): void {
  const secrets = [...Object.values(SECRETS), SANDBOX_ACCESS_KEY_ID, SANDBOX_SECRET_ACCESS_KEY];
  const leaks = Object.entries(written).flatMap(([where, text]) => secrets.filter((s) => text.includes(s)).map((s) => `${s} in ${where}`));
  expect(leaks).to.deep.equal([]);
  // Role session credentials are random: no access key of a role session (ASIA…), and no field that carries one.
  const sessionKeys = Object.entries(written).flatMap(([where, text]) =>
    /ASIA[A-Z0-9]{16}|secretAccessKey|sessionToken|SessionToken|SecretAccessKey/.test(text) ? [where] : [],
  );
  expect(sessionKeys).to.deep.equal([]);
}
