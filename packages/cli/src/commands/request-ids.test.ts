/**
 * Request ids end to end: the real SDK against the emulator, whose answers each carry a fresh
 * `x-amzn-RequestId` that the emulator's request log records. CloudFront refuses the phase-2 add
 * of api.example.com to green (409 CNAMEAlreadyExists, from the world's fault schedule); the
 * apply's failure line, its `step-failed` event and the journal's failed outcome all name the
 * request id of exactly that refused request.
 */
import { readdir } from 'node:fs/promises';
import { expect } from 'chai';
import {
  createEmulator,
  parseWorldDocument,
  SANDBOX_ACCESS_KEY_ID,
  SANDBOX_SECRET_ACCESS_KEY,
  SandboxWorld,
  type EmulatorRequestRecord,
  type RunningEmulator,
} from '@cfalias/providers';
import { DESIRED, GREEN, worldDocument } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, runCli, type Workspace } from '../testing/harness.js';

const AWS_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_ENDPOINT_URL'];

describe('request ids of refused calls, from the emulator to every failure report', () => {
  const saved = { ...process.env };
  let emulator: RunningEmulator;
  let requests: EmulatorRequestRecord[];
  let ws: Workspace;

  beforeEach(async () => {
    requests = [];
    // Phase 1 adds new.example.com to green; the second UpdateDistribution of green (phase 2: api) is refused.
    const document = {
      ...worldDocument(),
      faults: [{ operation: 'UpdateDistribution', resource: GREEN, error: 'CNAMEAlreadyExists', after: 1 }],
    };
    const world = SandboxWorld.fromDocument(parseWorldDocument(JSON.stringify(document), 'world.json'));
    emulator = await createEmulator(world, { onRequest: (record) => requests.push(record) });
    // The SDK reads the process environment, not the CLI's io.env.
    for (const name of AWS_VARIABLES) delete process.env[name];
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: SANDBOX_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: SANDBOX_SECRET_ACCESS_KEY,
      AWS_REGION: 'us-east-1',
    });
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED });
  });
  afterEach(async () => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    await emulator.close();
    await ws.remove();
  });

  /** The one request the emulator refused with 409: its id. */
  function refusedRequestId(): string {
    const refused = requests.filter((r) => r.status === 409);
    expect(refused.map((r) => [r.method, r.path])).to.deep.equal([['PUT', `/2020-05-31/distribution/${GREEN}/config`]]);
    return refused[0]!.requestId;
  }

  async function journalEntries(): Promise<Record<string, unknown>[]> {
    const names = (await readdir(ws.path('.cfalias'))).filter((name) => name.endsWith('.jsonl'));
    expect(names).to.have.length(1);
    const text = await ws.read(`.cfalias/${names[0]!}`);
    return text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('every answer of the emulator carries its own request id', async () => {
    await runCli(ws, ['--endpoint-url', emulator.endpoint, 'plan']);
    const ids = requests.map((r) => r.requestId);
    expect(ids.length).to.be.greaterThan(3);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('names the refused request in the human failure lines and the journal', async () => {
    const run = await runCli(ws, ['--endpoint-url', emulator.endpoint, 'apply', '--auto-approve']);
    const requestId = refusedRequestId();
    expect(run.code).to.equal(1);
    const failureLines = run.stdout.split('\n').filter((line) => line.includes('failed:') || /^\s+step \S+: /.test(line));
    expect(failureLines).to.have.length.greaterThan(1);
    for (const line of failureLines) expect(line).to.include(`HTTP 409, request id ${requestId}`);

    const failed = (await journalEntries()).filter((e) => e['type'] === 'outcome' && e['status'] === 'failed');
    expect(failed.map((e) => e['error'])).to.deep.equal([
      {
        name: 'AliasConflictError',
        message: (failed[0]!['error'] as { message: string }).message,
        operation: 'UpdateDistribution',
        resource: GREEN,
        alias: 'api.example.com',
        httpStatus: 409,
        requestId,
      },
    ]);
  });

  it('names the refused request in the step-failed event and the summary of --json', async () => {
    const run = await runCli(ws, ['--endpoint-url', emulator.endpoint, 'apply', '--auto-approve', '--json']);
    const requestId = refusedRequestId();
    const events = run.stdout
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { type: string; error?: Record<string, unknown>; failures?: { error: Record<string, unknown> }[] },
      );
    const stepFailed = events.filter((e) => e.type === 'step-failed');
    expect(stepFailed).to.have.length(1);
    expect(stepFailed[0]!.error).to.include({ name: 'AliasConflictError', operation: 'UpdateDistribution', httpStatus: 409, requestId });
    const summary = events.find((e) => e.type === 'summary');
    expect(summary?.failures?.map((f) => f.error['requestId'])).to.deep.equal([requestId]);
  });
});
