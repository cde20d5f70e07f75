/**
 * The journal on disk: JSON lines appended with `appendFileSync` and made durable with `fsyncSync`
 * before `append` returns (the executor writes an intent before the call it announces, so the
 * intent must be on disk first). Creating the file also fsyncs its directory, so the file itself
 * survives a crash. Format: docs/journal.md; parsing and its rules: `parseJournal` in core.
 */
import * as fs from 'node:fs';
import { dirname } from 'node:path';
import {
  assertJournalUsable,
  JournalError,
  parseJournal,
  serializeJournalEntry,
  type JournalEntry,
  type JournalSink,
  type ParsedJournal,
} from '@cfalias/core';

export interface FileJournal extends JournalSink {
  readonly path: string;
  /** The run the file belongs to: from its first entry, or the first one appended. */
  readonly runId: string | undefined;
  /** What was already in the file when it was opened (empty for a new file). */
  readonly existing: readonly JournalEntry[];
  close(): void;
}

/**
 * Opens (creating it and its directory when absent) a journal for appending. An existing file must
 * parse without errors; a torn last line (a crash mid-append) is cut off first, so the next entry
 * starts on a line of its own. Every append of an entry of another run than the file's is refused
 * with JournalError('other-run'); a failed write with JournalError('write-failed').
 */
export function openFileJournal(path: string): FileJournal {
  fs.mkdirSync(dirname(path), { recursive: true });
  let existing: JournalEntry[] = [];
  let created = false;
  if (fs.existsSync(path)) {
    const text = fs.readFileSync(path, 'utf8');
    existing = assertJournalUsable(parseJournal(text, path));
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) {
      // An unterminated last line: complete it when it is a whole entry (parseJournal kept it), else cut it off.
      if (isJson(text.slice(end))) fs.appendFileSync(path, '\n');
      else fs.truncateSync(path, Buffer.byteLength(text.slice(0, end), 'utf8'));
    }
  } else {
    created = true;
  }
  const fd = fs.openSync(path, 'a', 0o600);
  if (created) fsyncDirectory(dirname(path));
  return new AppendingJournal(path, fd, existing);
}

/** Reads and parses a journal file: every problem with `file:line`, never a throw for bad content. */
export function readJournalFile(path: string): ParsedJournal {
  return parseJournal(fs.readFileSync(path, 'utf8'), path);
}

class AppendingJournal implements FileJournal {
  private run: string | undefined;
  private fd: number | undefined;

  constructor(
    readonly path: string,
    fd: number,
    readonly existing: readonly JournalEntry[],
  ) {
    this.fd = fd;
    this.run = existing[0]?.runId;
  }

  get runId(): string | undefined {
    return this.run;
  }

  append(entry: JournalEntry): void {
    if (this.fd === undefined) throw new JournalError('write-failed', `${this.path}: the journal is closed`);
    if (this.run !== undefined && entry.runId !== this.run) {
      throw new JournalError('other-run', `${this.path} is the journal of run "${this.run}"; it takes no entry of run "${entry.runId}"`);
    }
    if (this.run === undefined && entry.type !== 'apply-start') {
      throw new JournalError('malformed', `${this.path}: a new journal must start with "apply-start", not "${entry.type}"`);
    }
    try {
      fs.appendFileSync(this.fd, serializeJournalEntry(entry), 'utf8');
      fs.fsyncSync(this.fd);
    } catch (error) {
      throw new JournalError('write-failed', `${this.path}: ${(error as Error).message}`, { cause: error });
    }
    this.run = entry.runId;
  }

  close(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Makes a new directory entry durable. Some platforms (Windows) cannot open a directory: best effort there. */
function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    if (process.platform !== 'win32') throw error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
