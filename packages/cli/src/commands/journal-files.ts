/**
 * Where journals live and how the CLI picks one: `.cfalias/journal-<runId>.jsonl` beside
 * cfalias.yaml (or beside the plan file applied), and for a bare `cfalias resume` the newest one in
 * `.cfalias/` beside cfalias.yaml that has not finished.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { journalHasErrors, reconcileJournal, type JournalEntry, type JournalSink } from '@cfalias/core';
import { openFileJournal, readJournalFile, type FileJournal } from '@cfalias/providers';
import { UsageError } from '../errors.js';
import { resumeCommand } from '../render/run-facts.js';

export const JOURNAL_DIR = '.cfalias';

/** `<dir of beside>/.cfalias/journal-<runId>.jsonl` */
export function defaultJournalPath(beside: string, runId: string): string {
  return join(dirname(beside), JOURNAL_DIR, `journal-${runId}.jsonl`);
}

/**
 * A journal file created on the first entry, so an apply refused before it starts (outside the
 * window, a plan that cannot be applied) leaves no file behind for `resume` to find.
 */
export class LazyFileJournal implements JournalSink {
  private file: FileJournal | undefined;

  constructor(readonly path: string) {}

  /** The file exists (an entry was written). */
  get opened(): boolean {
    return this.file !== undefined;
  }

  append(entry: JournalEntry): void {
    this.file ??= openFileJournal(this.path);
    this.file.append(entry);
  }

  close(): void {
    this.file?.close();
  }
}

interface JournalFileInfo {
  readonly path: string;
  readonly mtimeMs: number;
  /** Parses cleanly and its last segment ended succeeded or rolled-back. */
  readonly finished: boolean;
}

/** Result of looking for a journal to resume in a directory. */
export type JournalSearch =
  | { readonly kind: 'found'; readonly path: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'all-finished'; readonly newest: string };

/**
 * The newest (last written) journal in `dir` that has not finished; one that does not parse counts
 * as unfinished (resume then reports its problems). Refuses (UsageError) when a journal finished
 * after it: a later apply has run since, and resuming the older run could undo it; `--journal`
 * names the one to resume when that is really meant.
 */
export function findResumableJournal(dir: string, display: (path: string) => string, cli = 'cfalias'): JournalSearch {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /^journal-.+\.jsonl$/.test(name));
  } catch {
    return { kind: 'none' };
  }
  const infos: JournalFileInfo[] = names
    .map((name) => join(dir, name))
    .map((path) => ({ path, mtimeMs: statSync(path).mtimeMs, finished: isFinished(path) }))
    // Newest first; the run id in the name (time-sortable) breaks ties.
    .sort((a, b) => b.mtimeMs - a.mtimeMs || (a.path < b.path ? 1 : a.path > b.path ? -1 : 0));
  if (infos.length === 0) return { kind: 'none' };
  const index = infos.findIndex((info) => !info.finished);
  if (index === -1) return { kind: 'all-finished', newest: infos[0]!.path };
  if (index > 0) {
    throw new UsageError(
      `${display(infos[0]!.path)} finished after ${display(infos[index]!.path)} was interrupted: a later apply has run since. ` +
        `If resuming the older run is really meant, name it: ${resumeCommand(display(infos[index]!.path), cli)}`,
    );
  }
  return { kind: 'found', path: infos[0]!.path };
}

function isFinished(path: string): boolean {
  try {
    const parsed = readJournalFile(path);
    return !journalHasErrors(parsed) && reconcileJournal(parsed.entries).finished;
  } catch {
    return false;
  }
}
