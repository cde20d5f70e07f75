import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorldDocument } from '@cfalias/providers';
import { BLUE, DESIRED, GREEN, worldDocument, worldJson } from '@cfalias/providers/testing/move-attach-detach';
import { sandboxRequestTimeoutMs } from './providers.js';
import { makeWorkspace, runCli, type Workspace } from './testing/harness.js';

const FAULTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'scenarios', 'faults');
const SDK = ['--sandbox', 'world.json'];
const IN_PROCESS = ['--sandbox', 'world.json', '--sandbox-in-process'];

interface WorldShape {
  faults?: unknown[];
  accounts: { distributions: { id: string; aliases: string[] }[] }[];
}

async function aliasesOf(ws: Workspace, id: string): Promise<string[]> {
  const world = JSON.parse(await ws.read('world.json')) as WorldShape;
  return [...world.accounts[0]!.distributions.find((d) => d.id === id)!.aliases].sort();
}

function lastLine(stdout: string): Record<string, unknown> {
  const lines = stdout.trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

describe('provider selection (providers.ts)', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': worldJson() });
  });
  afterEach(async () => {
    await ws.remove();
  });

  describe('--sandbox: the AWS SDK against the embedded emulator', () => {
    it('plans exactly as the in-process provider does, and leaves the world file untouched', async () => {
      const before = await ws.read('world.json');
      const sdk = await runCli(ws, [...SDK, 'plan', '--json']);
      const inProcess = await runCli(ws, [...IN_PROCESS, 'plan', '--json']);
      expect([sdk.code, inProcess.code]).to.deep.equal([0, 0]);
      expect(sdk.stdout).to.equal(inProcess.stdout);
      expect(await ws.read('world.json')).to.equal(before);
    });

    it('applies in the simulated time the plan estimates, as the in-process provider does', async () => {
      const sdk = await runCli(ws, [...SDK, 'apply', '--auto-approve', '--json']);
      expect(sdk.code).to.equal(0);
      // The fixture's hand-worked makespan (testing/fixtures.ts): 300 + 60 + 300 s.
      expect(lastLine(sdk.stdout)).to.include({ type: 'summary', status: 'succeeded', durationMs: 660_000, simulated: true });
      expect(await aliasesOf(ws, GREEN)).to.deep.equal(['api.example.com', 'new.example.com']);
      expect(await aliasesOf(ws, BLUE)).to.deep.equal(['www.example.com']);

      await ws.write('world.json', worldJson());
      const inProcess = await runCli(ws, [...IN_PROCESS, 'apply', '--auto-approve', '--json']);
      expect(inProcess.code).to.equal(0);
      // Each run has its own run id (and journal named after it); everything else is equal.
      const { runId: sdkRun, journal: sdkJournal, ...sdkSummary } = lastLine(sdk.stdout);
      const { runId: inProcessRun, journal: inProcessJournal, ...inProcessSummary } = lastLine(inProcess.stdout);
      expect(inProcessSummary).to.deep.equal(sdkSummary);
      expect([sdkJournal, inProcessJournal]).to.deep.equal([
        `.cfalias/journal-${String(sdkRun)}.jsonl`,
        `.cfalias/journal-${String(inProcessRun)}.jsonl`,
      ]);
    });

    it('plans a world with injected faults through the emulator, as the in-process provider plans it', async () => {
      // Faults are played on the wire, so plan reads this world over HTTP (the others in-process).
      await ws.write('cfalias.yaml', await readFile(join(FAULTS, 'cfalias.yaml'), 'utf8'));
      await ws.write('world.json', await readFile(join(FAULTS, 'world.json'), 'utf8'));
      const sdk = await runCli(ws, [...SDK, 'plan', '--json']);
      const inProcess = await runCli(ws, [...IN_PROCESS, 'plan', '--json']);
      expect([sdk.code, inProcess.code], sdk.stderr).to.deep.equal([0, 0]);
      expect(sdk.stdout).to.equal(inProcess.stdout);
    });

    it("plays a world's injected faults out through the executor's retries, in simulated time", async () => {
      // fixtures/scenarios/faults: green's UpdateDistribution answers PreconditionFailed once, then
      // Throttling three times. On this path the SDK client makes one attempt and the executor
      // retries (backing off on the simulated clock): the retries its expect.json lists.
      await ws.write('cfalias.yaml', await readFile(join(FAULTS, 'cfalias.yaml'), 'utf8'));
      await ws.write('world.json', await readFile(join(FAULTS, 'world.json'), 'utf8'));
      const run = await runCli(ws, [...SDK, 'apply', '--auto-approve', '--json']);
      expect(run.code).to.equal(0);
      const summary = lastLine(run.stdout) as { type: string; status: string; metrics: { retries: unknown } };
      expect([summary.type, summary.status]).to.deep.equal(['summary', 'succeeded']);
      expect(summary.metrics.retries).to.deep.equal({ PreconditionFailedError: 1, ThrottlingError: 3 });
      const world = JSON.parse(await ws.read('world.json')) as WorldShape;
      expect(world.faults ?? []).to.deep.equal([]);
      expect(await aliasesOf(ws, 'E2GREEN5T8W3PR')).to.deep.equal(['api.example.com']);
    });
  });

  describe('the account guard', () => {
    const OTHER_ACCOUNT = DESIRED.replace('account: "111111111111"', 'account: "222222222222"');
    const MISMATCH =
      'error: cfalias.yaml is for account 222222222222, but the credentials in use reach account 111111111111: ' +
      'nothing was read or changed; use credentials (or --profile) for account 222222222222\n';

    it('refuses a desired file for another account before reading anything, and exits 1', async () => {
      await ws.write('cfalias.yaml', OTHER_ACCOUNT);
      for (const args of [
        [...SDK, 'plan'],
        [...IN_PROCESS, 'plan'],
        [...SDK, 'apply', '--auto-approve'],
        [...SDK, 'inventory'],
      ]) {
        const run = await runCli(ws, args);
        expect(run.code, args.join(' ')).to.equal(1);
        expect(run.stderr, args.join(' ')).to.equal(MISMATCH);
        expect(run.stdout, args.join(' ')).to.equal('');
      }
    });

    it('refuses to apply a saved plan in another account than it was made for', async () => {
      expect((await runCli(ws, [...SDK, 'plan', '--out', 'plan.json'])).code).to.equal(0);
      await ws.write('world.json', worldJson().replaceAll('111111111111', '333333333333'));
      const before = await ws.read('world.json');
      const run = await runCli(ws, [...SDK, 'apply', 'plan.json', '--auto-approve']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.equal(
        'error: plan.json is for account 111111111111, but the credentials in use reach account 333333333333: ' +
          'nothing was read or changed; use credentials (or --profile) for account 111111111111\n',
      );
      expect(await ws.read('world.json')).to.equal(before);
    });
  });

  describe('flags', () => {
    it('refuses AWS connection flags with --sandbox, which brings its own', async () => {
      const run = await runCli(ws, [...SDK, '--endpoint-url', 'http://127.0.0.1:9', '--profile', 'prod', 'plan']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.equal(
        'error: --sandbox runs its own emulator and credentials: --profile, --endpoint-url cannot be used with it\n',
      );
    });

    it('refuses --sandbox-in-process without --sandbox', async () => {
      const run = await runCli(ws, ['--sandbox-in-process', 'plan']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.equal('error: --sandbox-in-process needs --sandbox <world.json>\n');
    });

    it('refuses an --endpoint-url that is not an http(s) URL, before any AWS call', async () => {
      const notHttp = await runCli(ws, ['--endpoint-url', 'localhost:4566', 'plan']);
      expect(notHttp.code).to.equal(1);
      expect(notHttp.stderr).to.equal('error: --endpoint-url "localhost:4566" must be an http:// or https:// URL\n');
      const garbage = await runCli(ws, ['--endpoint-url', 'not a url', 'plan']);
      expect(garbage.stderr).to.equal('error: --endpoint-url "not a url" is not a URL (expected http://host:port or https://host)\n');
    });

    it('keeps --sandbox-in-process out of the help', async () => {
      const run = await runCli(ws, ['--help']);
      expect(run.stdout).to.include('--endpoint-url <url>');
      expect(run.stdout).to.include('--profile <name>');
      expect(run.stdout).to.include('--region <region>');
      expect(run.stdout).to.not.include('--sandbox-in-process');
    });
  });
});

describe('sandbox request timeout (sandboxRequestTimeoutMs)', () => {
  const world = (aliases: number, records: number): WorldDocument =>
    ({
      version: 1,
      caller: '111111111111',
      accounts: [
        {
          id: '111111111111',
          distributions: [
            {
              id: 'E1',
              domainName: 'd1.cloudfront.net',
              enabled: true,
              status: 'Deployed',
              aliases: Array.from({ length: aliases }, (_, i) => `a${i}.example.com`),
            },
          ],
          hostedZones: [
            {
              id: 'Z1',
              name: 'example.com.',
              records: Array.from({ length: records }, () => ({ name: 'x.example.com.', type: 'TXT', values: ['"x"'] })),
            },
          ],
        },
      ],
    }) as unknown as WorldDocument;

  it('is 1.5 s for a world of up to 200,000 aliases and records (an injected Timeout costs 1.5 s)', () => {
    expect(sandboxRequestTimeoutMs(worldDocument() as unknown as WorldDocument)).to.equal(1500);
    expect(sandboxRequestTimeoutMs(world(100_000, 100_000))).to.equal(1500);
  });

  it('grows by 1.5 s per 200,000 aliases and records beyond that', () => {
    expect(sandboxRequestTimeoutMs(world(200_000, 200_000))).to.equal(3000);
    expect(sandboxRequestTimeoutMs(world(600_000, 400_000))).to.equal(7500);
  });
});
