/**
 * `cfalias resume [--journal PATH]`: continue an interrupted apply from its journal (docs/journal.md
 * "Resume"). Under the same lock as apply; the steps the journal records done are not run again,
 * every other step runs with the executor's guards against live state. No approval is asked: the
 * journal's plan is the one approved when the run started.
 *
 * The window, first that applies: `--no-window` (none); `--window-end T` (from now until T: the
 * operator finishing in a later window without editing files); the one in cfalias.yaml when the
 * file exists (the operator's current statement; none there means none); the journal plan's.
 */
import { dirname, join, relative } from 'node:path';
import { reconcileJournal, formatJournalProblem, journalHasErrors, resumeApply, type MaintenanceWindow } from '@cfalias/core';
import { openFileJournal, readJournalFile } from '@cfalias/providers';
import { resolvePath, type CommandContext } from '../context.js';
import { InputFileError, UsageError } from '../errors.js';
import type { CommandOutcome } from '../outcome.js';
import { plural } from '../render/format.js';
import { openProvider } from '../providers.js';
import { planExpectation } from '../registry-providers.js';
import { journalHolder, readGuardSettings, withApplyLock, type GuardSettings } from './apply-lock.js';
import { CliMetrics } from '../metrics/cli-metrics.js';
import { runJournaled } from './apply-run.js';
import { drainTimeoutOf, watchInterrupts } from './interrupts.js';
import { findResumableJournal, JOURNAL_DIR } from './journal-files.js';

export interface ResumeCommandOptions {
  readonly journal?: string;
  readonly json?: boolean;
  readonly lockTimeout?: number;
  /** `--drain-timeout`: real seconds a drain (first interrupt) may last before it stops at once. */
  readonly drainTimeout?: number;
  readonly onFailure?: 'rollback' | 'stop';
  /** `--window-end`: finish within a window from now until this UTC ISO 8601 time. */
  readonly windowEnd?: string;
  /** False: `--no-window`, no window at all. */
  readonly window?: boolean;
  /** Write the run's metrics here when it ends (Prometheus text format, atomically). */
  readonly metricsFile?: string;
}

export async function runResume(ctx: CommandContext, options: ResumeCommandOptions): Promise<CommandOutcome> {
  const { io, colors } = ctx;
  // With --json, stdout carries events only.
  const say = options.json ? io.stderr : io.stdout;
  const display = (path: string): string => relative(io.cwd, path);
  if (options.window === false && options.windowEnd !== undefined)
    throw new UsageError('--window-end and --no-window cannot be used together');
  const guard = await readGuardSettings(ctx);
  if (guard === undefined) return 'invalid-input';

  let path: string;
  if (options.journal !== undefined) {
    path = resolvePath(io, options.journal);
  } else {
    const dir = join(dirname(ctx.desiredPath), JOURNAL_DIR);
    const search = findResumableJournal(dir, display, ctx.cli);
    if (search.kind === 'none') throw new UsageError(`no journal in ${display(dir) || '.'} to resume: name one with --journal PATH`);
    if (search.kind === 'all-finished') {
      say.write(`Nothing to resume: the last apply (${display(search.newest)}) finished.\n`);
      return 'ok';
    }
    path = search.path;
  }
  const journalName = display(path);

  const metrics = options.metricsFile !== undefined ? new CliMetrics() : undefined;
  const interrupts = watchInterrupts(io, colors, drainTimeoutOf(options));
  try {
    // The journal is read under the lock: another resume of the same run may have just appended to it.
    return await withApplyLock(ctx, guard.lock, { command: 'resume', timeoutSeconds: options.lockTimeout ?? 0 }, interrupts, async () => {
      let parsed;
      try {
        parsed = readJournalFile(path);
      } catch (error) {
        throw new InputFileError(
          journalName,
          (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message,
          { cause: error },
        );
      }
      for (const problem of parsed.problems) io.stderr.write(`${formatJournalProblem({ ...problem, file: journalName })}\n`);
      if (journalHasErrors(parsed)) {
        io.stderr.write(`${colors.red('error:')} ${journalName} cannot be resumed; nothing was changed\n`);
        return 'invalid-input';
      }
      const state = reconcileJournal(parsed.entries);
      if (state.finished) {
        say.write(`Nothing to resume: run ${state.runId} (${journalName}) ended ${state.lastStatus}.\n`);
        return 'ok';
      }
      if (!options.json) {
        const interrupted = state.lastStatus === null ? 'stopped without an ending (the process died)' : `ended ${state.lastStatus}`;
        io.stdout.write(
          `Resuming run ${state.runId} from ${journalName}, started by ${state.holder}; it ${interrupted}.\n` +
            `  ${plural(state.completed.length, 'step')} done, ${state.inFlight.length} in flight, ${state.failed.length} failed, ${state.notStarted.length} not started.\n` +
            '  Done steps are not run again; the others are checked against the live account first.\n\n',
        );
      }
      await using session = await openProvider(ctx.providerOptions, planExpectation(state.plan, journalName, state.runId));
      const entries = parsed.entries;
      const window = resumeWindow(options, guard, session.clock.now());
      // `await`: the session must stay open until the run has ended.
      return await runJournaled(ctx, session, {
        plan: state.plan,
        timing: undefined,
        json: options.json === true,
        interrupts,
        journal: openFileJournal(path),
        journalPath: path,
        holder: journalHolder(),
        onFailure: options.onFailure ?? 'rollback',
        ...(window !== undefined && { window }),
        start: (applyOptions) => resumeApply(entries, applyOptions),
        ...(metrics !== undefined && { metrics }),
      });
    });
  } finally {
    interrupts.dispose();
    if (metrics !== undefined && options.metricsFile !== undefined) await metrics.writeFile(resolvePath(io, options.metricsFile));
  }
}

/**
 * The window resume holds to (undefined: the journal plan's). `--window-end` starts it now, on the
 * provider's clock (simulated in the sandbox), and must end after now: a window already over would
 * refuse the run or hold every step, and says nothing the operator meant.
 */
function resumeWindow(options: ResumeCommandOptions, guard: GuardSettings, nowMs: number): MaintenanceWindow | null | undefined {
  if (options.window === false) return null;
  if (options.windowEnd !== undefined) {
    const now = new Date(nowMs).toISOString();
    if (Date.parse(options.windowEnd) <= nowMs) throw new UsageError(`--window-end ${options.windowEnd} is not after now (${now})`);
    return { start: now, end: options.windowEnd };
  }
  return guard.found ? (guard.window ?? null) : undefined;
}
