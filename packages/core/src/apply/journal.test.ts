import { expect } from 'chai';
import { JournalError } from '../errors.js';
import {
  assertJournalUsable,
  formatJournalProblem,
  isValidRunId,
  newRunId,
  parseJournal,
  serializeJournalEntry,
  type JournalEntry,
} from './journal.js';
import type { Plan } from '../plan/plan.js';
import { computePlanDigest } from '../plan/plan-document.js';
import { EMPTY_BASIS } from '../testing/index.js';

const RUN = '20260101T000000Z-0badc0de';
const AT = '2026-01-01T00:00:00.000Z';

function twoStepPlan(): Plan {
  const body: Omit<Plan, 'digest'> = {
    formatVersion: 4,
    createdAt: AT,
    account: '111111111111',
    desiredDigest: 'sha256:desired',
    summary: { attach: 0, detach: 1, move: 0, noop: 0, errors: 0, warnings: 0 },
    changes: [],
    diagnostics: [],
    distributions: [],
    steps: [
      {
        id: 'update-aliases:E1:p1',
        kind: 'update-aliases',
        dependsOn: [],
        phase: 1,
        distribution: 'E1',
        remove: ['a.example.com'],
        add: [],
        precondition: { aliases: ['a.example.com'], enabled: true, certificateArn: null },
        postcondition: { aliases: [] },
      },
      { id: 'wait-deployed:E1:p1', kind: 'wait-deployed', dependsOn: ['update-aliases:E1:p1'], phase: 1, distribution: 'E1' },
    ],
    estimate: { seconds: 300, waitPhases: 1 },
    basis: EMPTY_BASIS,
  };
  return { ...body, digest: computePlanDigest(body) };
}

const plan = twoStepPlan();
const entries: JournalEntry[] = [
  { v: 1, runId: RUN, at: AT, type: 'apply-start', holder: 'alice@host pid 7', plan },
  { v: 1, runId: RUN, at: AT, type: 'intent', stepId: 'update-aliases:E1:p1', attempt: 1 },
  {
    v: 1,
    runId: RUN,
    at: AT,
    type: 'retry',
    stepId: 'update-aliases:E1:p1',
    attempt: 1,
    delayMs: 500,
    error: { name: 'ThrottlingError', message: 'UpdateDistribution: rate exceeded' },
  },
  { v: 1, runId: RUN, at: AT, type: 'intent', stepId: 'update-aliases:E1:p1', attempt: 2 },
  { v: 1, runId: RUN, at: AT, type: 'outcome', stepId: 'update-aliases:E1:p1', status: 'completed' },
  { v: 1, runId: RUN, at: AT, type: 'interrupt', mode: 'drain' },
  {
    v: 1,
    runId: RUN,
    at: AT,
    type: 'apply-end',
    status: 'interrupted',
    summary: { completed: 1, skipped: 0, failed: 0, notStarted: 1 },
  },
];
const text = entries.map(serializeJournalEntry).join('');

describe('journal format', () => {
  it('writes one JSON object per line and reads every entry back with no problem', () => {
    expect(text.split('\n')).to.have.length(8);
    expect(text.split('\n')[1]).to.equal(
      '{"v":1,"runId":"20260101T000000Z-0badc0de","at":"2026-01-01T00:00:00.000Z","type":"intent","stepId":"update-aliases:E1:p1","attempt":1}',
    );
    const parsed = parseJournal(text, 'j.jsonl');
    expect(parsed.problems).to.deep.equal([]);
    expect(parsed.entries).to.deep.equal(entries);
  });

  it('ignores a torn last line with a warning', () => {
    const torn = `${text}{"v":1,"runId":"${RUN}","at":"${AT}","type":"outc`;
    const parsed = parseJournal(torn, 'j.jsonl');
    expect(parsed.entries).to.deep.equal(entries);
    expect(parsed.problems).to.deep.equal([
      {
        severity: 'warning',
        file: 'j.jsonl',
        line: 8,
        message: 'the last line is incomplete (the process stopped while writing it); it is ignored',
      },
    ]);
    expect(assertJournalUsable(parsed)).to.deep.equal(entries);
  });

  it('keeps an unterminated last line that is a whole entry', () => {
    const parsed = parseJournal(text.slice(0, -1), 'j.jsonl');
    expect(parsed.problems).to.deep.equal([]);
    expect(parsed.entries).to.have.length(7);
  });

  it('reports a broken line in the middle as an error with file:line, and keeps reading', () => {
    const lines = text.split('\n');
    lines[2] = '{"v":1,"runId":';
    const parsed = parseJournal(lines.join('\n'), '.cfalias/journal-x.jsonl');
    expect(parsed.entries).to.have.length(6);
    expect(parsed.problems).to.have.length(1);
    const problem = parsed.problems[0]!;
    expect([problem.severity, problem.line]).to.deep.equal(['error', 3]);
    expect(formatJournalProblem(problem)).to.match(/^\.cfalias\/journal-x\.jsonl:3: error: not valid JSON: /);
    expect(() => assertJournalUsable(parsed)).to.throw(JournalError, /journal-x\.jsonl:3: error: not valid JSON/);
  });

  it('reports each structural problem at its line', () => {
    const line = (entry: object): string => JSON.stringify(entry);
    const bad = [
      line(entries[0]!),
      '',
      line({ ...entries[1]!, runId: 'OTHER-RUN' }),
      line({ ...entries[1]!, stepId: 'verify:E9' }),
      line({ ...entries[1]!, v: 2 }),
      line({ ...entries[1]!, attempt: 0 }),
      line({ ...entries[4]!, status: 'done' }),
      line({ v: 1, runId: RUN, at: AT, type: 'outcome', stepId: 'wait-deployed:E1:p1', status: 'failed' }),
      line({ ...entries[0]! }),
      line({ v: 1, runId: RUN, at: 'yesterday', type: 'interrupt', mode: 'drain' }),
      line({ v: 1, runId: RUN, at: AT, type: 'checkpoint' }),
      '[1,2]',
    ].join('\n');
    const parsed = parseJournal(`${bad}\n`, 'j');
    expect(parsed.entries).to.deep.equal([entries[0]]);
    expect(parsed.problems.map((p) => `${p.line}: ${p.message}`)).to.deep.equal([
      '2: empty line',
      '3: entry of run "OTHER-RUN" in the journal of run "20260101T000000Z-0badc0de"',
      '4: step "verify:E9" is not in the plan',
      '5: journal format version 2 is not supported (this cfalias reads version 1)',
      '6: "attempt" must be a positive integer',
      '7: "status" must be "completed", "skipped" or "failed"',
      '8: a failed outcome needs "error"',
      '9: a second "apply-start": a journal holds one run',
      '10: "at" "yesterday" is not a date',
      '11: unknown entry type "checkpoint"',
      '12: an entry must be a JSON object',
    ]);
    expect(parsed.problems.every((p) => p.severity === 'error')).to.equal(true);
  });

  it('reads the TXT record a move created, and refuses a malformed one', () => {
    const proof = { zoneId: 'Z1', name: '_www.example.com.', value: '"d2.cloudfront.net"', changeId: 'C1' };
    const good = parseJournal(`${JSON.stringify(entries[0])}\n${JSON.stringify({ ...entries[4]!, txtProof: proof })}\n`, 'j');
    expect(good.problems).to.deep.equal([]);
    expect(good.entries[1]).to.deep.include({ txtProof: proof });
    const bad = parseJournal(`${JSON.stringify(entries[0])}\n${JSON.stringify({ ...entries[4]!, txtProof: { zoneId: 'Z1' } })}\n`, 'j');
    expect(bad.problems.map((p) => `${p.line}: ${p.message}`)).to.deep.equal([
      '2: "txtProof" must be {zoneId, name, value, changeId} (strings)',
    ]);
  });

  it('refuses a first line that is not apply-start, and an edited plan', () => {
    const noStart = parseJournal(`${JSON.stringify(entries[1])}\n`, 'j');
    expect(noStart.problems.map((p) => [p.line, p.message])).to.deep.equal([[1, 'the first entry must be "apply-start", not "intent"']]);
    const edited = { ...entries[0]!, plan: { ...plan, account: '222222222222' } };
    const tampered = parseJournal(`${JSON.stringify(edited)}\n`, 'j');
    expect(tampered.problems).to.have.length(1);
    expect(tampered.problems[0]!.message).to.match(
      /^the apply-start plan cannot be used: the plan's digest sha256:[0-9a-f]+ does not match/,
    );
  });

  it('says there is nothing to resume when the journal is empty or its only line is torn', () => {
    expect(parseJournal('', 'j').problems).to.deep.equal([
      {
        severity: 'error',
        file: 'j',
        line: 1,
        message: 'the journal has no apply-start entry: the apply never started, there is nothing to resume',
      },
    ]);
    const tornStart = parseJournal('{"v":1,"runId":"x","plan":{"formatVers', 'j');
    expect(tornStart.problems.map((p) => p.severity)).to.deep.equal(['warning', 'error']);
  });

  it('makes run ids that sort by start time and fit in a file name', () => {
    const id = newRunId(Date.UTC(2026, 11, 1, 2, 0, 0));
    expect(id).to.match(/^20261201T020000Z-[0-9a-f]{8}$/);
    expect(isValidRunId(id)).to.equal(true);
    expect(isValidRunId('../etc/passwd')).to.equal(false);
    expect(isValidRunId('')).to.equal(false);
  });
});
