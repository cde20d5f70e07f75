/**
 * Running an approved plan, for `apply` and `resume` alike: progress output (live list, lines, or
 * JSON events), the journal, the two-stage interrupt, persisting the sandbox world, the summary
 * with the way forward (`cfalias resume --journal <path>`), and the outcome. The executor decides
 * everything; this only wires and renders.
 */
import { relative } from 'node:path';
import { WriteStream } from 'node:tty';
import {
  StaleBasisError,
  type ApplyEvent,
  type ApplyOptions,
  type ApplyResult,
  type JournalSink,
  type MaintenanceWindow,
  type Plan,
} from '@cfalias/core';
import type { CommandContext } from '../context.js';
import type { CommandOutcome } from '../outcome.js';
import { createHumanApplyReporter, renderApplySummary } from '../render/apply-human.js';
import { createJsonApplyReporter, toJsonPlanEvent, toJsonSummaryEvent } from '../render/apply-json.js';
import { isResumable, resumeCommand } from '../render/run-facts.js';
import type { PlanRenderOptions } from '../render/plan-human.js';
import { startLiveProgress, type LiveProgress } from '../render/progress-live.js';
import type { ProviderSession } from '../providers.js';
import type { CliMetrics } from '../metrics/cli-metrics.js';
import type { Interrupts } from './interrupts.js';

export interface JournaledRun {
  readonly plan: Plan;
  readonly timing: PlanRenderOptions['timing'];
  readonly json: boolean;
  readonly interrupts: Interrupts;
  readonly journal: JournalSink & { close(): void };
  /** The journal's path, absolute (shown relative to the working directory). */
  readonly journalPath: string;
  readonly holder: string;
  readonly onFailure: 'rollback' | 'stop';
  /** Undefined: the plan's window. */
  readonly window?: MaintenanceWindow | null;
  /** `applyPlan(plan, options)` or `resumeApply(entries, options)`. */
  readonly start: (options: ApplyOptions) => Promise<ApplyResult>;
  /** Human output names the journal and run id once the run starts (a refused start creates none). */
  readonly announce?: { readonly runId: string };
  /** Fed every executor event and the plan's outcome (`--metrics-file`). */
  readonly metrics?: CliMetrics;
}

export async function runJournaled(ctx: CommandContext, session: ProviderSession, run: JournaledRun): Promise<CommandOutcome> {
  const { io, colors } = ctx;
  const { plan, timing, interrupts } = run;
  const human = !run.json;
  const journal = relative(io.cwd, run.journalPath);
  // A live step list only on a real terminal that can redraw; otherwise one line per event. Both
  // start with the run: a plan refused before its first write (stale, outside its window) shows none.
  const terminal = human ? liveTerminal(io.stdout, io.env) : undefined;
  let live: LiveProgress | undefined;
  const lines = human
    ? createHumanApplyReporter(plan, io.stdout, colors, timing)
    : createJsonApplyReporter(plan, io.stdout, { simulated: session.simulated, journal, cli: ctx.cli });
  const onEvent = (event: ApplyEvent): void => {
    if (event.type === 'apply-start') {
      if (human && run.announce) io.stdout.write(`\nJournal: ${journal} (run ${run.announce.runId})\n`);
      if (terminal) {
        live = startLiveProgress(plan, {
          stream: terminal,
          stderr: process.stderr,
          colors,
          clock: session.clock,
          ...(timing ? { timing } : {}),
        });
      }
    }
    (live ? live.onEvent : lines)(event);
    run.metrics?.onApplyEvent(event);
  };
  interrupts.applying();
  let result: ApplyResult;
  let saved: boolean;
  try {
    result = await run.start({
      provider: session.provider,
      clock: session.clock,
      drain: interrupts.drain,
      signal: interrupts.abort,
      journal: run.journal,
      holder: run.holder,
      onFailure: run.onFailure,
      ...(run.window !== undefined && { window: run.window }),
      onEvent,
    });
  } catch (error) {
    if (!human && error instanceof StaleBasisError) {
      // stdout carries only events: the refusal is one, with every difference.
      const now = session.clock.now();
      io.stdout.write(`${JSON.stringify(toJsonPlanEvent(plan, now))}\n`);
      io.stdout.write(
        `${JSON.stringify({ ...toJsonSummaryEvent(plan, { status: 'stale', simulated: session.simulated, conflicts: 0 }, now), differences: error.differences })}\n`,
      );
    }
    throw error;
  } finally {
    await live?.finish();
    run.journal.close();
    // Also after a failed apply: the world must reflect what happened.
    saved = await session.persist();
  }

  run.metrics?.onPlan(plan, result.status === 'succeeded');
  if (human) {
    io.stdout.write(
      renderApplySummary(plan, result, {
        colors,
        simulated: session.simulated,
        journal,
        cli: ctx.cli,
        ...(run.window !== undefined && { window: run.window }),
      }),
    );
    if (saved && ctx.providerOptions.sandbox !== undefined) {
      io.stdout.write(`Saved the sandbox world to ${relative(io.cwd, ctx.providerOptions.sandbox)}.\n`);
    }
  } else if (isResumable(result.status)) {
    // stdout carries only events; the way forward goes where people look.
    io.stderr.write(`To continue: ${resumeCommand(journal, ctx.cli)}\n`);
  }
  return outcomeOf(result);
}

/**
 * The stream to draw live progress on: stdout when it is a real terminal that can redraw (not
 * TERM=dumb, not CI, where logs want plain lines); undefined otherwise.
 */
function liveTerminal(stdout: unknown, env: Readonly<Record<string, string | undefined>>): WriteStream | undefined {
  if (!(stdout instanceof WriteStream) || !stdout.isTTY) return undefined;
  if (env['TERM'] === 'dumb' || (env['CI'] ?? '') !== '') return undefined;
  // Some pseudo-terminals (serial consoles, `script`, containers without a size) report a width of
  // 0; the list renderer lays out to the stream's width, so such a terminal gets the usual 80.
  if (!(stdout.columns > 0)) Object.defineProperty(stdout, 'columns', { value: FALLBACK_COLUMNS, configurable: true, writable: true });
  return stdout;
}

/** Columns assumed for a terminal that reports none. */
const FALLBACK_COLUMNS = 80;

export function outcomeOf(result: ApplyResult): CommandOutcome {
  switch (result.status) {
    case 'succeeded':
      return 'ok';
    case 'stale':
      return 'stale';
    case 'failed':
      return 'apply-failed';
    case 'aborted':
    case 'interrupted':
      return 'aborted';
    case 'rolled-back':
      return 'rolled-back';
    case 'window-closed':
      return 'window-closed';
    default: {
      const never: never = result.status;
      throw new Error(`unexpected apply status: ${String(never)}`);
    }
  }
}
