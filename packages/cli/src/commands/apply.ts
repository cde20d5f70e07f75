/**
 * `cfalias apply [PLANFILE]`: apply a saved plan, or plan now and apply that, after approval.
 * The executor runs exactly the plan's steps; this command only wires approval, progress output,
 * interrupts and persisting the sandbox world.
 */
import { relative } from 'node:path';
import { WriteStream } from 'node:tty';
import { applyPlan, hasErrors, readPlanDocument, type ApplyResult, type Plan } from '@cfalias/core';
import { resolvePath, type CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { readTextFile } from '../io/files.js';
import { askLine } from '../io/prompt.js';
import type { CommandOutcome } from '../outcome.js';
import { createHumanApplyReporter, renderApplySummary } from '../render/apply-human.js';
import { createJsonApplyReporter, toJsonPlanEvent, toJsonSummaryEvent } from '../render/apply-json.js';
import { renderDiagnosticLines } from '../render/diagnostics.js';
import { renderPlan, type PlanRenderOptions } from '../render/plan-human.js';
import { startLiveProgress, type LiveProgress } from '../render/progress-live.js';
import { expectedAccount, openProvider, type ProviderSession } from '../providers.js';
import { readDesired } from './desired-input.js';
import { makePlan } from './plan.js';

export interface ApplyCommandOptions {
  readonly autoApprove?: boolean;
  readonly json?: boolean;
}

export const APPROVAL_QUESTION = "Do you want to apply this plan? Only 'yes' will be accepted: ";

export async function runApply(ctx: CommandContext, planFile: string | undefined, options: ApplyCommandOptions): Promise<CommandOutcome> {
  const { io } = ctx;
  // Refuse before any work when approval cannot be asked for.
  if (!options.autoApprove) {
    if (options.json) throw new UsageError('apply --json cannot ask for approval: pass --auto-approve as well');
    if (!io.isTTY) {
      throw new UsageError('stdin is not a terminal, so approval cannot be asked for: pass --auto-approve to apply without asking');
    }
  }

  if (planFile !== undefined) {
    const plan = readPlanDocument(await readTextFile(resolvePath(io, planFile), planFile));
    await using session = await openProvider(ctx.providerOptions, expectedAccount(plan.account, planFile));
    return await applyReviewed(ctx, session, plan, undefined, options);
  }
  const desired = await readDesired(ctx);
  if (desired === undefined) return 'invalid-input';
  await using session = await openProvider(ctx.providerOptions, expectedAccount(desired.account, ctx.desiredName));
  const { plan, timing } = await makePlan(session, desired);
  return await applyReviewed(ctx, session, plan, timing, options);
}

async function applyReviewed(
  ctx: CommandContext,
  session: ProviderSession,
  plan: Plan,
  timing: PlanRenderOptions['timing'],
  options: ApplyCommandOptions,
): Promise<CommandOutcome> {
  const { io, colors } = ctx;
  const human = !options.json;
  const blocked = hasErrors(plan.diagnostics);

  const writeJson = (line: Record<string, unknown>): void => void io.stdout.write(`${JSON.stringify(line)}\n`);

  if (human) io.stdout.write(renderPlan(plan, { colors, desiredName: ctx.desiredName, timing }));
  if (blocked) {
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
    if (human) io.stdout.write('Nothing to apply.\n');
    else {
      const now = session.clock.now();
      writeJson(toJsonPlanEvent(plan, now));
      writeJson(toJsonSummaryEvent(plan, { status: 'succeeded', result: emptyResult(session), simulated: session.simulated, conflicts: 0 }, now));
    }
    return 'ok';
  }

  if (!options.autoApprove) {
    const answer = await askLine(io, `\n${APPROVAL_QUESTION}`);
    if (answer !== 'yes') {
      io.stdout.write('\nApply cancelled.\n');
      return 'cancelled';
    }
  }
  if (human) io.stdout.write('\n');

  const controller = new AbortController();
  const unsubscribe = io.onInterrupt?.(() => {
    controller.abort();
    io.stderr.write('\nInterrupt received: stopping; no new step will start (press Ctrl-C again to kill).\n');
  });
  // A live step list only on a real terminal that can redraw; otherwise one line per event.
  const terminal = human ? liveTerminal(io.stdout, io.env) : undefined;
  const live: LiveProgress | undefined =
    terminal === undefined ? undefined : startLiveProgress(plan, { stream: terminal, stderr: process.stderr, colors, clock: session.clock, ...(timing ? { timing } : {}) });
  let result: ApplyResult;
  let saved: boolean;
  try {
    result = await applyPlan(plan, {
      provider: session.provider,
      clock: session.clock,
      signal: controller.signal,
      onEvent: live
        ? live.onEvent
        : human
          ? createHumanApplyReporter(plan, io.stdout, colors, timing)
          : createJsonApplyReporter(plan, io.stdout, { simulated: session.simulated }),
    });
  } finally {
    await live?.finish();
    unsubscribe?.();
    // Also after a failed apply: the world must reflect what happened.
    saved = await session.persist();
  }

  if (human) {
    io.stdout.write(renderApplySummary(plan, result, { colors, simulated: session.simulated }));
    if (saved && ctx.providerOptions.sandbox !== undefined) {
      io.stdout.write(`Saved the sandbox world to ${relative(io.cwd, ctx.providerOptions.sandbox)}.\n`);
    }
  }
  return outcomeOf(result);
}

/**
 * The stream to draw live progress on: stdout when it is a real terminal that can redraw (not
 * TERM=dumb, not CI, where logs want plain lines); undefined otherwise.
 */
function liveTerminal(stdout: unknown, env: Readonly<Record<string, string | undefined>>): WriteStream | undefined {
  // A terminal that reports no width (some pseudo-terminals) cannot lay out a list.
  if (!(stdout instanceof WriteStream) || !stdout.isTTY || !(stdout.columns > 0)) return undefined;
  if (env['TERM'] === 'dumb' || (env['CI'] ?? '') !== '') return undefined;
  return stdout;
}

function outcomeOf(result: ApplyResult): CommandOutcome {
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
    default: {
      const never: never = result.status;
      throw new Error(`unexpected apply status: ${String(never)}`);
    }
  }
}

function emptyResult(session: ProviderSession): ApplyResult {
  const now = session.clock.now();
  return { status: 'succeeded', completed: [], skipped: [], failed: [], notStarted: [], startedAt: now, finishedAt: now, metrics: { retries: {}, stepDurationsMs: {} } };
}
