/**
 * `cfalias show-run JOURNAL [--markdown | --json]`: a finished or interrupted run as a timeline,
 * read from its journal with core's parser (a torn last line is a warning; a journal with errors
 * is refused with each problem as `file:line`). Reads nothing else and changes nothing.
 */
import { relative } from 'node:path';
import { formatJournalProblem, journalHasErrors, reconcileJournal } from '@cfalias/core';
import { readJournalFile } from '@cfalias/providers';
import { resolvePath, type CommandContext } from '../context.js';
import { InputFileError, UsageError } from '../errors.js';
import type { CommandOutcome } from '../outcome.js';
import { renderRunHuman, renderRunJson, renderRunMarkdown } from '../render/run-report.js';
import { buildRunTimeline } from '../render/run-timeline.js';

export interface ShowRunOptions {
  readonly json?: boolean;
  readonly markdown?: boolean;
}

export function runShowRun(ctx: CommandContext, journal: string, options: ShowRunOptions): CommandOutcome {
  const { io, colors } = ctx;
  if (options.json && options.markdown) throw new UsageError('choose one of --json and --markdown');
  const path = resolvePath(io, journal);
  const name = relative(io.cwd, path) || journal;
  let parsed;
  try {
    parsed = readJournalFile(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputFileError(name, missing ? 'no such file' : (error as Error).message, { cause: error });
  }
  for (const problem of parsed.problems) io.stderr.write(`${formatJournalProblem({ ...problem, file: name })}\n`);
  if (journalHasErrors(parsed)) {
    io.stderr.write(`${colors.red('error:')} ${name} cannot be read as a run\n`);
    return 'invalid-input';
  }
  const run = buildRunTimeline(parsed.entries, reconcileJournal(parsed.entries));
  io.stdout.write(options.json ? renderRunJson(run) : options.markdown ? renderRunMarkdown(run) : renderRunHuman(run, colors));
  return 'ok';
}
