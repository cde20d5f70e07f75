/**
 * `cfalias show-run` on journals written by real sandbox applies (the real SDK against the
 * embedded emulator): one where CloudFront answers a stale ETag (412, retried) and then refuses an
 * add (409 CNAMEAlreadyExists, rolled back), and one interrupted mid-run. What the timeline shows is
 * checked against the journal's own entries.
 */
import { readdir } from 'node:fs/promises';
import { expect } from 'chai';
import { GREEN, DESIRED, worldDocument } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, runCli, type Workspace } from '../testing/harness.js';
import { mermaidBlocks, parseGantt } from '../testing/mermaid.js';

interface JsonStep {
  id: string;
  status: string;
  attempts: number;
  startedAt?: string;
  endedAt?: string;
  plannedSeconds?: number;
  failures: { attempt: number; delayMs?: number; error: Record<string, unknown> }[];
}
interface JsonRun {
  runId: string;
  status: string | null;
  steps: JsonStep[];
  aliases: { alias: string; outcome: string }[];
  interrupts: { mode: string }[];
}
type Entry = Record<string, unknown> & { type: string; stepId?: string; error?: Record<string, unknown> };

describe('cfalias show-run', () => {
  let ws: Workspace;

  async function applyWith(faults: readonly Record<string, unknown>[], options: Parameters<typeof runCli>[2] = {}): Promise<string> {
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': JSON.stringify({ ...worldDocument(), faults }) });
    await runCli(ws, ['--sandbox', 'world.json', 'apply', '--auto-approve'], options);
    const names = await readdir(ws.path('.cfalias'));
    expect(names).to.have.length(1);
    return `.cfalias/${names[0]!}`;
  }

  async function entries(journal: string): Promise<Entry[]> {
    return (await ws.read(journal))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Entry);
  }

  afterEach(async () => {
    await ws.remove();
  });

  describe('a run with a retried 412 and a refused 409', () => {
    let journal: string;
    beforeEach(async () => {
      journal = await applyWith([
        { operation: 'UpdateDistribution', resource: GREEN, error: 'PreconditionFailed' },
        { operation: 'UpdateDistribution', resource: GREEN, error: 'CNAMEAlreadyExists', after: 1 },
      ]);
    });

    it('--json: each step planned vs actual, the retry and the failure with the journal request ids, each alias', async () => {
      const run = await runCli(ws, ['show-run', journal, '--json']);
      expect(run.code).to.equal(0);
      const shown = JSON.parse(run.stdout) as JsonRun;
      const written = await entries(journal);
      expect(shown.runId).to.equal(written[0]!['runId']);
      expect(shown.status).to.equal(written[written.length - 1]!['status']);

      const retry = written.find((e) => e.type === 'retry')!;
      const failed = written.find((e) => e.type === 'outcome' && e['status'] === 'failed')!;
      expect(retry.error).to.include({ name: 'PreconditionFailedError', httpStatus: 412 });
      expect(failed.error).to.include({ name: 'AliasConflictError', httpStatus: 409 });
      const retried = shown.steps.find((s) => s.id === retry.stepId)!;
      expect(retried.failures.map((f) => f.error['requestId'])).to.deep.equal([retry.error!['requestId']]);
      expect(retried.attempts).to.equal(2);
      const refused = shown.steps.find((s) => s.id === failed.stepId)!;
      expect(refused.status).to.equal('failed');
      expect(refused.failures.map((f) => f.error['requestId'])).to.deep.equal([failed.error!['requestId']]);

      // Every step the journal started is shown with its first intent and last outcome.
      for (const step of shown.steps) {
        const own = written.filter((e) => e.stepId === step.id);
        expect(step.startedAt).to.equal(own.find((e) => e.type === 'intent')?.['at']);
        expect(step.endedAt).to.equal(own.filter((e) => e.type === 'outcome').pop()?.['at']);
      }
      expect(shown.aliases.find((a) => a.alias === 'api.example.com')?.outcome).to.equal('rolled-back');
      expect(shown.aliases.find((a) => a.alias === 'new.example.com')?.outcome).to.equal('changed');
    });

    it('human: a table, then the conflicts with their HTTP status and request id', async () => {
      const run = await runCli(ws, ['show-run', journal]);
      const written = await entries(journal);
      expect(run.stdout).to.match(
        /^Run \S+: started .*; rolled-back\n\nSTEP +PHASE +PLANNED START +PLANNED +ACTUAL START +ACTUAL +ATTEMPTS +STATUS\n/,
      );
      for (const entry of written.filter((e) => e.type === 'retry' || (e.type === 'outcome' && e['status'] === 'failed'))) {
        expect(run.stdout).to.include(`conflict: ${entry.stepId}`);
        expect(run.stdout).to.include(`HTTP ${String(entry.error!['httpStatus'])}, request id ${String(entry.error!['requestId'])}`);
      }
      expect(run.stdout).to.include('  api.example.com: move');
    });

    it('--markdown: a gantt chart of the actual times that Mermaid parses', async () => {
      const run = await runCli(ws, ['show-run', journal, '--markdown']);
      const shown = JSON.parse((await runCli(ws, ['show-run', journal, '--json'])).stdout) as JsonRun;
      const charts = mermaidBlocks(run.stdout);
      expect(charts).to.have.length(1);
      const tasks = await parseGantt(charts[0]!);
      const started = shown.steps.filter((s) => s.startedAt !== undefined);
      expect(tasks).to.have.length(started.length);
      // The chart is at second precision.
      const second = (iso: string): number => Math.floor(Date.parse(iso) / 1000) * 1000;
      expect(tasks.map((t) => t.startTime.getTime()).sort()).to.deep.equal(started.map((s) => second(s.startedAt!)).sort());
      expect(tasks.filter((t) => t.crit)).to.have.length(started.filter((s) => s.status === 'failed').length);
    });
  });

  it('an interrupted run: the steps never started, the interrupt, a started move finished', async () => {
    const journal = await applyWith([], { interruptWhen: 'wait-deployed E1BLUEBLUEBLUE (blue) started' });
    const run = await runCli(ws, ['show-run', journal, '--json']);
    const shown = JSON.parse(run.stdout) as JsonRun;
    expect(shown.status).to.equal('interrupted');
    expect(shown.interrupts.map((i) => i.mode)).to.deep.equal(['drain']);
    const notStarted = shown.steps.filter((s) => s.status === 'not-started');
    expect(notStarted.length).to.be.greaterThan(0);
    for (const step of notStarted) expect([step.startedAt, step.attempts]).to.deep.equal([undefined, 0]);
    // A drain finishes a move it started: api's detach was done, so its attach was too.
    expect(shown.aliases.find((a) => a.alias === 'api.example.com')?.outcome).to.equal('changed');
    const human = await runCli(ws, ['show-run', journal]);
    expect(human.stdout).to.match(/Interrupted \(drain\) at /);
  });

  it('a run interrupted before its first step: every alias not reached', async () => {
    const journal = await applyWith([], { interruptWhen: 'Applying' });
    const shown = JSON.parse((await runCli(ws, ['show-run', journal, '--json'])).stdout) as JsonRun;
    expect(shown.steps.map((s) => s.status)).to.satisfy((statuses: string[]) => statuses.every((s) => s === 'not-started'));
    expect(shown.aliases.map((a) => a.outcome)).to.deep.equal(['not-reached', 'not-reached', 'not-reached']);
  });

  it('refuses a journal with errors, naming file:line', async () => {
    ws = await makeWorkspace({ 'bad.jsonl': '{"v":1}\n' });
    const run = await runCli(ws, ['show-run', 'bad.jsonl']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/^bad\.jsonl:1: error: /);
  });
});
