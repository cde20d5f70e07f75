import { expect } from 'chai';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalError } from '@cfalias/core';
import { serializeJournalEntry, type JournalEntry, type JournalSink } from '../../../core/src/apply/journal.js';
import { reconcileJournal, resumeApply } from '../../../core/src/apply/resume.js';
import { detachAttachApi, GREEN, rig, worldDocument } from '../testing/apply-rig.js';
import { openFileJournal, readJournalFile } from './file-journal.js';

const AT = '2026-01-01T00:00:00.000Z';
const start: JournalEntry = { v: 1, runId: 'run-1', at: AT, type: 'apply-start', holder: 'test', plan: detachAttachApi };
const intent = (runId = 'run-1'): JournalEntry => ({
  v: 1,
  runId,
  at: AT,
  type: 'intent',
  stepId: detachAttachApi.steps[0]!.id,
  attempt: 1,
});

describe('file journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cfalias-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the file (and its directory) private, one line per entry, and reads it back', () => {
    const path = join(dir, '.cfalias', 'journal-run-1.jsonl');
    const journal = openFileJournal(path);
    expect(journal.runId).to.equal(undefined);
    journal.append(start);
    journal.append(intent());
    journal.close();
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    expect(readFileSync(path, 'utf8')).to.equal(serializeJournalEntry(start) + serializeJournalEntry(intent()));
    expect(readJournalFile(path)).to.deep.equal({ entries: [start, intent()], problems: [] });
  });

  it('refuses an entry of another run, and a new journal that does not start with apply-start', () => {
    const path = join(dir, 'j.jsonl');
    const fresh = openFileJournal(path);
    expect(() => fresh.append(intent())).to.throw(JournalError, 'a new journal must start with "apply-start", not "intent"');
    fresh.append(start);
    expect(() => fresh.append(intent('run-2'))).to.throw(JournalError, 'is the journal of run "run-1"; it takes no entry of run "run-2"');
    fresh.close();
    const reopened = openFileJournal(path);
    expect(reopened.runId).to.equal('run-1');
    expect(reopened.existing).to.deep.equal([start]);
    expect(() => reopened.append(intent('run-2'))).to.throw(JournalError);
    reopened.close();
    expect(readJournalFile(path).entries).to.deep.equal([start]);
  });

  it('cuts a torn last line off before appending, so the journal reads clean again', () => {
    const path = join(dir, 'j.jsonl');
    writeFileSync(path, serializeJournalEntry(start) + '{"v":1,"runId":"run-1","at":"2026-01-');
    expect(readJournalFile(path).problems.map((p) => [p.severity, p.line])).to.deep.equal([['warning', 2]]);
    const journal = openFileJournal(path);
    journal.append(intent());
    journal.close();
    expect(readJournalFile(path)).to.deep.equal({ entries: [start, intent()], problems: [] });
  });

  it('completes an unterminated last line that is a whole entry instead of cutting it', () => {
    const path = join(dir, 'j.jsonl');
    writeFileSync(path, serializeJournalEntry(start) + JSON.stringify(intent()));
    const journal = openFileJournal(path);
    journal.append(intent());
    journal.close();
    expect(readJournalFile(path)).to.deep.equal({ entries: [start, intent(), intent()], problems: [] });
  });

  it('will not append to a journal with a broken line, naming file and line', () => {
    const path = join(dir, 'j.jsonl');
    writeFileSync(path, `${serializeJournalEntry(start)}garbage\n${serializeJournalEntry(intent())}`);
    expect(() => openFileJournal(path)).to.throw(JournalError, `${path}:2: error: not valid JSON`);
  });

  it('an apply killed mid-write resumes from the file and converges', async () => {
    const path = join(dir, 'journal-run-1.jsonl');
    const r = rig(worldDocument());
    const file = openFileJournal(path);
    let written = 0;
    // Killed while writing the 6th entry: 5 whole lines and half of the next one on disk.
    const dying: JournalSink = {
      append(entry) {
        if (written === 5) {
          appendFileSync(path, serializeJournalEntry(entry).slice(0, 40));
          throw new Error('killed');
        }
        if (written > 5) throw new Error('killed');
        file.append(entry);
        written++;
      },
    };
    await r.apply(detachAttachApi, { journal: dying, runId: 'run-1', concurrency: 1 });
    file.close();
    const before = r.mutatingCalls();
    expect(before).to.equal(1);

    const parsed = readJournalFile(path);
    expect(parsed.problems.map((p) => [p.severity, p.line])).to.deep.equal([['warning', 6]]);
    const journal = openFileJournal(path);
    const result = await resumeApply(parsed.entries, { provider: r.provider, clock: r.clock, journal });
    journal.close();
    expect(result.status).to.equal('succeeded');
    expect((await r.provider.readDistribution(GREEN)).aliases).to.deep.equal(['api.example.com']);
    expect(r.mutatingCalls()).to.equal(3);
    const after = readJournalFile(path);
    expect(after.problems).to.deep.equal([]);
    expect(reconcileJournal(after.entries).finished).to.equal(true);
    expect(after.entries[5]).to.deep.include({ type: 'resume' });
    // and a further resume does nothing
    expect((await resumeApply(after.entries, { provider: r.provider, clock: r.clock })).completed).to.deep.equal([]);
  });
});
