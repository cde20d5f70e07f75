/**
 * `cfalias apply [PLANFILE]`: apply a saved plan, or plan now and apply that, after approval.
 * The executor runs exactly the plan's steps; this command wires the lock, approval, the journal
 * (`.cfalias/journal-<runId>.jsonl`), interrupts, progress output and persisting the sandbox world.
 *
 * Order: read the inputs; take the lock (before anything is read from the account, so the plan is
 * made and applied by the one writer, and a sandbox world file is loaded only by its holder); open
 * the provider; plan; approve; apply; release.
 */
import { existsSync } from 'node:fs';
import {
  applyPlan,
  hasErrors,
  planHasChanges,
  readPlanDocument,
  type ApplyResult,
  type DesiredState,
  type LockSettings,
  type Plan,
} from '@cfalias/core';
import { resolvePath, type CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { readTextFile } from '../io/files.js';
import { askLine } from '../io/prompt.js';
import type { CommandOutcome } from '../outcome.js';
import { toJsonPlanEvent, toJsonSummaryEvent } from '../render/apply-json.js';
import { renderDiagnosticLines } from '../render/diagnostics.js';
import { formatDurationMs } from '../render/format.js';
import { resumeCommand } from '../render/run-facts.js';
import { renderPlan, type PlanRenderOptions } from '../render/plan-human.js';
import { openProvider, type AccountExpectation, type ProviderSession } from '../providers.js';
import { desiredExpectation, planExpectation } from '../registry-providers.js';
import { journalHolder, readGuardSettings, withApplyLock } from './apply-lock.js';
import { runJournaled } from './apply-run.js';
import { readDesired } from './desired-input.js';
import { drainTimeoutOf, watchInterrupts, type Interrupts } from './interrupts.js';
import { defaultJournalPath, LazyFileJournal } from './journal-files.js';
import { CliMetrics } from '../metrics/cli-metrics.js';
import { makePlan } from './plan.js';
import { DEFAULT_WATCH_INTERVAL_SECONDS, watchSession } from './watch.js';
import { verifiesAfterApply, verifyAfterApply } from './verify.js';

export interface ApplyCommandOptions {
  readonly autoApprove?: boolean;
  readonly json?: boolean;
  /** Write the journal here instead of `.cfalias/journal-<runId>.jsonl`; the file must not exist. */
  readonly journal?: string;
  /** `--lock-timeout`: seconds to wait for a held lock. Default 0: fail at once (exit 5). */
  readonly lockTimeout?: number;
  /** `--drain-timeout`: real seconds a drain (first interrupt) may last before it stops at once. */
  readonly drainTimeout?: number;
  /** What a failed phase-2 add does: put its aliases back on their sources (default), or stop. */
  readonly onFailure?: 'rollback' | 'stop';
  /** Switches the blast-radius check off (a fresh plan only; a saved plan was made with or without it). */
  readonly force?: boolean;
  /** Seconds: warn when a saved plan is older than this. */
  readonly planAgeWarning?: number;
  /** Seconds to watch the managed aliases after a successful apply (`cfalias watch`); undefined: no watch. */
  readonly watch?: number;
  /** Seconds between the watch's checks. */
  readonly interval?: number;
  /** Write the run's metrics here when it ends, and after each check of `--watch` (Prometheus text format, atomically). */
  readonly metricsFile?: string;
}

export const APPROVAL_QUESTION = "Do you want to apply this plan? Only 'yes' will be accepted: ";

export async function runApply(ctx: CommandContext, planFile: string | undefined, options: ApplyCommandOptions): Promise<CommandOutcome> {
  const { io } = ctx;
  // A saved plan was the review (as `terraform apply PLANFILE`): only a plan made now asks first.
  const approve = planFile === undefined && options.autoApprove !== true;
  refuseBeforeWork(ctx, planFile, options, approve);
  const found = await planSourceOf(ctx, planFile, options);
  if (found === undefined) return 'invalid-input';
  const { source, lock, watched } = found;

  const metrics = options.metricsFile !== undefined ? new CliMetrics() : undefined;
  const writeMetrics = async (): Promise<void> => {
    if (metrics !== undefined && options.metricsFile !== undefined) await metrics.writeFile(resolvePath(io, options.metricsFile));
  };
  const interrupts = watchInterrupts(io, ctx.colors, drainTimeoutOf(options));
  let outcome: CommandOutcome;
  try {
    outcome = await withApplyLock(ctx, lock, { command: 'apply', timeoutSeconds: options.lockTimeout ?? 0 }, interrupts, async () => {
      await using session = await openProvider(ctx.providerOptions, source.expected);
      const { plan, timing } = await source.plan(session);
      const outcome = await applyReviewed(ctx, session, plan, timing, { ...options, approve, metrics }, interrupts, source.beside);
      // Live checks only after a run that changed something and succeeded; they never roll back.
      if (outcome !== 'ok' || source.verify === undefined || !planHasChanges(plan)) return outcome;
      return await verifyAfterApply(ctx, session, source.verify, options);
    });
  } finally {
    interrupts.dispose();
    await writeMetrics();
  }
  if (outcome !== 'ok' || options.watch === undefined || watched === undefined || interrupts.drain.aborted) return outcome;
  // Watching only reads: the lock is released first, so the next apply need not wait for the watch.
  await using session = await openProvider(ctx.providerOptions, source.expected);
  return await watchSession(
    ctx,
    session,
    watched,
    {
      interval: options.interval ?? DEFAULT_WATCH_INTERVAL_SECONDS,
      for: options.watch,
      ...(options.json !== undefined && { json: options.json }),
    },
    metrics === undefined
      ? {}
      : {
          onCheck: async (check) => {
            metrics.onWatchCheck(check);
            await writeMetrics();
          },
        },
  );
}

/** The refusals made before any work: approval that cannot be asked for, --force on a saved plan, a journal that exists. */
function refuseBeforeWork(ctx: CommandContext, planFile: string | undefined, options: ApplyCommandOptions, approve: boolean): void {
  const { io } = ctx;
  if (approve) {
    if (options.json) throw new UsageError('apply --json cannot ask for approval: pass --auto-approve as well');
    if (!io.isTTY) {
      throw new UsageError('stdin is not a terminal, so approval cannot be asked for: pass --auto-approve to apply without asking');
    }
  }
  if (planFile !== undefined && options.force) {
    throw new UsageError(
      `--force applies to planning: plan again with \`${ctx.cli} plan --force --out FILE\`, review, then apply that file`,
    );
  }
  if (options.journal !== undefined && existsSync(resolvePath(io, options.journal))) {
    throw new UsageError(
      `${options.journal} already exists: a journal holds one run (to continue it: ${resumeCommand(options.journal, ctx.cli)})`,
    );
  }
}

/**
 * Where the plan comes from (a saved file, or the desired file planned now), the lock settings,
 * and the desired state the watch compares against (the desired file, also when the apply runs a
 * saved plan); undefined when the desired file is invalid (reported already).
 */
async function planSourceOf(
  ctx: CommandContext,
  planFile: string | undefined,
  options: ApplyCommandOptions,
): Promise<{ source: PlanSource; lock: LockSettings | undefined; watched: DesiredState | undefined } | undefined> {
  const { io } = ctx;
  let source: PlanSource;
  let lock: LockSettings | undefined;
  let watched: DesiredState | undefined;
  if (planFile !== undefined) {
    const planPath = resolvePath(io, planFile);
    const plan = readPlanDocument(await readTextFile(planPath, planFile));
    const guard = await readGuardSettings(ctx);
    if (guard === undefined) return undefined;
    if (guard.digest !== undefined && guard.digest !== plan.desiredDigest) {
      io.stderr.write(
        `note: ${ctx.desiredName} has changed since ${planFile} was made from it: the plan applies as it was reviewed; ` +
          `to apply the file as it is now, make a new plan (${ctx.cli} plan --out FILE)\n`,
      );
    }
    lock = guard.lock;
    if (options.watch !== undefined) {
      watched = await readDesired(ctx);
      if (watched === undefined) return undefined;
    }
    source = {
      beside: planPath,
      expected: planExpectation(plan, planFile),
      plan: async (session) => {
        warnIfOld(ctx, plan, planFile, session.clock.now(), options.planAgeWarning);
        return { plan, timing: undefined };
      },
    };
  } else {
    const desired = await readDesired(ctx);
    if (desired === undefined) return undefined;
    lock = desired.lock;
    watched = desired;
    source = {
      beside: ctx.desiredPath,
      expected: desiredExpectation(desired, ctx.desiredName),
      plan: (session) => makePlan(session, desired, { force: options.force === true }),
      ...(verifiesAfterApply(ctx, desired) && { verify: desired }),
    };
  }
  return { source, lock, watched };
}

/** Where the plan comes from: a saved file, or the desired file planned now. */
interface PlanSource {
  /** The file the default journal directory sits beside. */
  readonly beside: string;
  readonly expected: AccountExpectation | undefined;
  plan(session: ProviderSession): Promise<{ plan: Plan; timing: PlanRenderOptions['timing'] }>;
  /** The desired state to run the live checks of after a successful apply; absent: no live checks. */
  readonly verify?: DesiredState;
}

async function applyReviewed(
  ctx: CommandContext,
  session: ProviderSession,
  plan: Plan,
  timing: PlanRenderOptions['timing'],
  options: ApplyCommandOptions & { readonly approve: boolean; readonly metrics: CliMetrics | undefined },
  interrupts: Interrupts,
  beside: string,
): Promise<CommandOutcome> {
  const { io, colors } = ctx;
  const human = !options.json;
  const blocked = hasErrors(plan.diagnostics);

  const writeJson = (line: Record<string, unknown>): void => void io.stdout.write(`${JSON.stringify(line)}\n`);

  if (human) io.stdout.write(renderPlan(plan, { colors, desiredName: ctx.desiredName, timing, now: session.clock.now() }));
  if (blocked) {
    options.metrics?.onPlan(plan, false);
    if (!human) {
      io.stderr.write(renderDiagnosticLines(plan.diagnostics, colors));
      const now = session.clock.now();
      writeJson(toJsonPlanEvent(plan, now));
      writeJson(toJsonSummaryEvent(plan, { status: 'blocked', simulated: session.simulated, conflicts: 0 }, now));
    }
    io.stderr.write(`${colors.red('error:')} the plan is blocked by error diagnostics and cannot be applied\n`);
    return 'blocked';
  }
  if (plan.steps.length === 0) {
    options.metrics?.onNothingToApply(plan, session.clock.now());
    if (human) io.stdout.write('Nothing to apply.\n');
    else {
      const now = session.clock.now();
      writeJson(toJsonPlanEvent(plan, now));
      writeJson(
        toJsonSummaryEvent(plan, { status: 'succeeded', result: emptyResult(session), simulated: session.simulated, conflicts: 0 }, now),
      );
    }
    return 'ok';
  }

  if (options.approve) {
    const answer = await askLine(io, `\n${APPROVAL_QUESTION}`, interrupts.drain);
    if (answer !== 'yes') {
      io.stdout.write('\nApply cancelled.\n');
      return 'cancelled';
    }
  }
  if (interrupts.drain.aborted) {
    io.stderr.write('Apply cancelled before it started: nothing was changed.\n');
    return 'cancelled';
  }

  const runId = session.runId;
  const journalPath = options.journal !== undefined ? resolvePath(io, options.journal) : defaultJournalPath(beside, runId);
  return runJournaled(ctx, session, {
    announce: { runId },
    plan,
    timing,
    json: options.json === true,
    interrupts,
    journal: new LazyFileJournal(journalPath),
    journalPath,
    holder: journalHolder(),
    onFailure: options.onFailure ?? 'rollback',
    start: (applyOptions) => applyPlan(plan, { ...applyOptions, runId }),
    ...(options.metrics !== undefined && { metrics: options.metrics }),
  });
}

/** A saved plan older than the warning age: apply still checks everything it depends on, but the operator should know. */
function warnIfOld(ctx: CommandContext, plan: Plan, planFile: string, now: number, warnAfterSeconds: number | undefined): void {
  const ageMs = now - Date.parse(plan.createdAt);
  if (warnAfterSeconds === undefined || !(ageMs > warnAfterSeconds * 1000)) return;
  ctx.io.stderr.write(
    `${ctx.colors.yellow('warning:')} ${planFile} was made ${formatDurationMs(ageMs)} ago (${plan.createdAt}); ` +
      'apply re-checks everything it depends on before writing, but a new plan would show the account as it is now\n',
  );
}

function emptyResult(session: ProviderSession): ApplyResult {
  const now = session.clock.now();
  return {
    status: 'succeeded',
    completed: [],
    skipped: [],
    failed: [],
    notStarted: [],
    startedAt: now,
    finishedAt: now,
    metrics: { retries: {}, stepDurationsMs: {} },
  };
}
