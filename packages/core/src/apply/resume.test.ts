/**
 * `reconcileJournal` over hand-written journals. Resuming against live state is tested on the
 * sandbox in packages/providers/src/engine/journal-resume.test.ts.
 */
import { expect } from 'chai';
import { JournalError, PlanFileError } from '../errors.js';
import type { JournalEntry } from './journal.js';
import type { Plan, PlanStep } from '../plan/plan.js';
import { computePlanDigest } from '../plan/plan-document.js';
import { reconcileJournal, resumeApply } from './resume.js';
import type { CutoverProvider } from '../ports.js';
import { EMPTY_BASIS } from '../testing/index.js';

const RUN = 'run-1';
const AT = '2026-01-01T00:00:00.000Z';

const wait = (id: string, dependsOn: string[] = []): PlanStep => ({ id, kind: 'wait-deployed', dependsOn, phase: 1, distribution: 'E1' });
const body: Omit<Plan, 'digest'> = {
  formatVersion: 4,
  createdAt: AT,
  account: '111111111111',
  desiredDigest: 'sha256:desired',
  summary: { attach: 0, detach: 0, move: 0, noop: 0, errors: 0, warnings: 0 },
  changes: [],
  diagnostics: [],
  distributions: [],
  steps: [
    {
      id: 'change-dns:Z',
      kind: 'change-dns',
      dependsOn: [],
      phase: 1,
      zoneId: 'Z',
      zoneName: 'example.com.',
      changes: [],
      precondition: { records: [] },
      postcondition: { records: [] },
    },
    { id: 'wait-dns:Z', kind: 'wait-dns', dependsOn: ['change-dns:Z'], phase: 1, zoneId: 'Z', changeStep: 'change-dns:Z' },
    wait('s3'),
    wait('s4'),
    wait('s5'),
    wait('s6'),
  ],
  estimate: { seconds: 0, waitPhases: 0 },
  basis: EMPTY_BASIS,
};
const plan: Plan = { ...body, digest: computePlanDigest(body) };

const e = <T extends Omit<JournalEntry, 'v' | 'runId' | 'at'>>(entry: T): JournalEntry =>
  ({ v: 1, runId: RUN, at: AT, ...entry }) as unknown as JournalEntry;
const start = e({ type: 'apply-start', holder: 'alice', plan });

describe('reconcileJournal', () => {
  it('sorts every step into completed, in flight, failed or not started, and keeps DNS change ids', () => {
    const state = reconcileJournal([
      start,
      e({ type: 'intent', stepId: 'change-dns:Z', attempt: 1 }),
      e({ type: 'outcome', stepId: 'change-dns:Z', status: 'completed', changeId: 'C123' }),
      e({ type: 'intent', stepId: 's3', attempt: 1 }),
      e({ type: 'outcome', stepId: 's3', status: 'skipped', reason: 'postcondition-holds' }),
      e({ type: 'intent', stepId: 's4', attempt: 1 }),
      e({ type: 'intent', stepId: 's5', attempt: 1 }),
      e({ type: 'outcome', stepId: 's5', status: 'failed', error: { name: 'InvalidCertificateError', message: 'no' } }),
    ]);
    expect(state.runId).to.equal(RUN);
    expect(state.holder).to.equal('alice');
    expect(state.plan).to.deep.equal(plan);
    expect(state.completed).to.deep.equal(['change-dns:Z', 's3']);
    expect(state.inFlight).to.deep.equal(['s4']);
    expect(state.failed).to.deep.equal(['s5']);
    expect(state.notStarted).to.deep.equal(['wait-dns:Z', 's6']);
    expect(state.dnsChanges).to.deep.equal({ 'change-dns:Z': 'C123' });
    expect(state.lastStatus).to.equal(null);
    expect(state.finished).to.equal(false);
  });

  it('counts a step failed in one segment and done in the resume as completed; a new intent after a failure as in flight', () => {
    const state = reconcileJournal([
      start,
      e({ type: 'outcome', stepId: 's3', status: 'failed', error: { name: 'AbortedError', message: 'aborted' } }),
      e({ type: 'outcome', stepId: 's4', status: 'failed', error: { name: 'AbortedError', message: 'aborted' } }),
      e({ type: 'apply-end', status: 'aborted', summary: { completed: 0, skipped: 0, failed: 2, notStarted: 4 } }),
      e({ type: 'resume', holder: 'bob' }),
      e({ type: 'intent', stepId: 's3', attempt: 1 }),
      e({ type: 'outcome', stepId: 's3', status: 'completed' }),
      e({ type: 'intent', stepId: 's4', attempt: 1 }),
    ]);
    expect(state.completed).to.deep.equal(['s3']);
    expect(state.inFlight).to.deep.equal(['s4']);
    expect(state.failed).to.deep.equal([]);
    expect(state.lastStatus).to.equal(null);
  });

  it('is finished only when the last segment ended succeeded', () => {
    const end = (status: 'succeeded' | 'interrupted'): JournalEntry =>
      e({ type: 'apply-end', status, summary: { completed: 0, skipped: 0, failed: 0, notStarted: 0 } });
    expect(reconcileJournal([start, end('succeeded')]).finished).to.equal(true);
    expect(reconcileJournal([start, end('interrupted')]).finished).to.equal(false);
    expect(reconcileJournal([start, end('interrupted'), e({ type: 'resume', holder: 'bob' })]).lastStatus).to.equal(null);
    expect(reconcileJournal([start, end('interrupted'), e({ type: 'resume', holder: 'bob' }), end('succeeded')]).finished).to.equal(true);
  });

  it('refuses a journal without apply-start, with a foreign or unknown entry, or with an edited plan', () => {
    expect(() => reconcileJournal([])).to.throw(JournalError, /does not start with an apply-start/);
    expect(() => reconcileJournal([start, { ...e({ type: 'intent', stepId: 's3', attempt: 1 }), runId: 'run-2' }])).to.throw(
      JournalError,
      'the journal of run "run-1" holds an entry of run "run-2"',
    );
    expect(() => reconcileJournal([start, e({ type: 'intent', stepId: 'nope', attempt: 1 })])).to.throw(JournalError, 'step "nope"');
    const edited = e({ type: 'apply-start', holder: 'alice', plan: { ...plan, account: '222222222222' } });
    expect(() => reconcileJournal([edited])).to.throw(PlanFileError, /the journal's plan cannot be resumed: the plan's digest/);
  });
});

describe('resumeApply on a finished journal', () => {
  it('does nothing: no provider call, no journal entry, every step already done', async () => {
    const untouchable = new Proxy({} as CutoverProvider, {
      get: (_target, key) => {
        if (key === 'then') return undefined;
        throw new Error(`provider.${String(key)} must not be used`);
      },
    });
    const appended: JournalEntry[] = [];
    const result = await resumeApply(
      [start, e({ type: 'apply-end', status: 'succeeded', summary: { completed: 6, skipped: 0, failed: 0, notStarted: 0 } })],
      { provider: untouchable, journal: { append: (entry) => appended.push(entry) } },
    );
    expect(result.status).to.equal('succeeded');
    expect(result.completed).to.deep.equal([]);
    expect(result.alreadyDone).to.deep.equal([]);
    expect(result.runId).to.equal(RUN);
    expect(appended).to.deep.equal([]);
  });

  it("refuses a run id that is not the journal's", async () => {
    let error: unknown;
    try {
      await resumeApply([start], { provider: {} as CutoverProvider, runId: 'run-2' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).to.be.instanceOf(JournalError);
    expect((error as JournalError).reason).to.equal('other-run');
  });
});
