/**
 * Apply progress for people: one line per step start and end, retries, skips and failures, and
 * rollbacks (their steps prefixed `rollback`), each stamped with the time since apply started
 * (`[+5m 0s]`), then a summary that says where every alias stands and the way forward.
 */
import {
  assertNever,
  holderWords,
  StalePlanError,
  type ApplyEvent,
  type ApplyEventListener,
  type ApplyResult,
  type MaintenanceWindow,
  type Plan,
  type PlanStep,
} from '@cfalias/core';
import { callDetails, callSuffix, describeError } from './call-context.js';
import { distributionLabeler, formatDuration, formatDurationMs, formatWindow, plural, type Colors } from './format.js';
import { aliasNames, describeReturn, rollbackStepTriggers } from './rollbacks.js';
import {
  aliasesChangedByRun,
  aliasesNotChangedByRun,
  aliasesOnNoDistribution,
  aliasesTakenByOtherWriters,
  isResumable,
  resumeCommand,
} from './run-facts.js';
import { expectedWaitSeconds, stepDetail, stepLabel, zoneNamesOf, type Labeler, type StepTiming } from './steps.js';

/** Progress lines name at most this many aliases of a step (the plan lists them all). */
const PROGRESS_LIST_LIMIT = 3;
import type { TextSink } from '../io/cli-io.js';

/** `timing`, when known, adds the expected wait to the start line of wait steps. */
export function createHumanApplyReporter(plan: Plan, out: TextSink, colors: Colors, timing?: StepTiming): ApplyEventListener {
  const label = distributionLabeler(plan.distributions);
  const zoneNames = zoneNamesOf([...plan.steps, ...(plan.rollbacks ?? []).flatMap((r) => r.steps)]);
  const rollbackSteps = rollbackStepTriggers(plan);
  const name = (step: PlanStep): string => `${rollbackSteps.has(step.id) ? 'rollback ' : ''}${stepLabel(step, label, zoneNames)}`;
  let startedAt: number | undefined;
  return (event: ApplyEvent) => {
    if (event.type === 'apply-start') startedAt = event.at;
    const stamp = colors.dim(`[+${formatDurationMs(event.at - (startedAt ?? event.at))}]`);
    const line = describeEvent(event);
    if (line !== undefined) out.write(`${stamp} ${line}\n`);
  };

  function describeEvent(event: ApplyEvent): string | undefined {
    switch (event.type) {
      case 'apply-start':
        return `Applying ${plural(event.stepCount, 'step')}`;
      case 'step-start': {
        const detail = event.attempt === 1 ? stepDetail(event.step, label, PROGRESS_LIST_LIMIT) : '';
        const wait = expectedWaitSeconds(event.step, timing);
        const expect = wait === undefined ? '' : ` (expected ~${formatDuration(wait)})`;
        return `${name(event.step)} started${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}${detail ? `: ${detail}` : ''}${expect}`;
      }
      case 'step-retry':
        return colors.yellow(
          `${name(event.step)} attempt ${event.attempt} failed (${describeError(event.error)}); retrying in ${formatDurationMs(event.delayMs)}`,
        );
      case 'step-skip':
        return `${name(event.step)} skipped (${event.reason === 'postcondition-holds' ? 'already done' : 'nothing to wait for'})`;
      case 'step-done':
        return `${name(event.step)} ${colors.green('done')} (${formatDurationMs(event.durationMs)})${
          event.txtProof
            ? `; CloudFront asked for the ownership record: created ${event.txtProof.name} TXT ${event.txtProof.value} first`
            : ''
        }`;
      case 'step-failed':
        return colors.red(`${name(event.step)} failed: ${describeError(event.error)}`);
      case 'rollback-start':
        // A re-enable recipe (disable-and-move) returns no alias: it enables the disabled source again.
        if (event.aliases.length === 0) {
          return colors.yellow(
            `Enabling the disabled source again (${event.trigger} did not complete${event.error ? `: ${[event.error.name, callDetails(event.error)].filter(Boolean).join('; ')}` : ''})`,
          );
        }
        return colors.yellow(
          event.error
            ? `Rolling back ${aliasNames(event.aliases)}: ${describeReturn(event.aliases, label)}, DNS too (the add failed: ${[event.error.name, callDetails(event.error)].filter(Boolean).join('; ')})`
            : `Continuing the rollback of ${aliasNames(event.aliases)}: ${describeReturn(event.aliases, label)}, DNS too`,
        );
      case 'rollback-done':
        return colors.green(`Rolled back: ${describeReturn(event.aliases, label)}`);
      case 'rollback-failed':
        return colors.red(`Rollback of ${aliasNames(event.aliases)} failed: ${describeError(event.error)}`);
      case 'apply-end':
        return undefined;
      default:
        return assertNever(event, 'apply event');
    }
  }
}

export interface ApplySummaryOptions {
  readonly colors: Colors;
  /** Durations are on a simulated clock (the sandbox): say so. */
  readonly simulated: boolean;
  /** The journal as the user would type it: the resume hint names it. */
  readonly journal?: string;
  /** `cfalias` and the run's global flags, to start the commands suggested next (default `cfalias`). */
  readonly cli?: string;
  /** The window the run was held to, when not the plan's (`resume --window-end`, `--no-window`: null). */
  readonly window?: MaintenanceWindow | null;
}

export function renderApplySummary(plan: Plan, result: ApplyResult, options: ApplySummaryOptions): string {
  const { colors } = options;
  const label = distributionLabeler(plan.distributions);
  const elapsed = `${formatDurationMs(result.finishedAt - result.startedAt)}${options.simulated ? ' (simulated)' : ''}`;
  const ran = result.completed.length + result.skipped.length;
  const skipped = result.skipped.length > 0 ? ` (${result.skipped.length} skipped)` : '';
  const cli = options.cli ?? 'cfalias';
  const resume = resumeCommand(options.journal, cli);
  const failures = (): string => result.failed.map((f) => `  step ${f.stepId}: ${describeError(f.error)}\n`).join('');
  const rollbackLines = (): string => rollbackReportLines(plan, result, label, { resume, cli });
  switch (result.status) {
    case 'succeeded':
      return completeLines(plan, result, colors, `${plural(ran, 'step')}${skipped} in ${elapsed}`);
    case 'stale': {
      let text = `\n${colors.red(colors.bold('Apply stopped: the plan is stale; live state no longer matches what it was made from.'))}\n`;
      for (const failure of result.failed) {
        if (failure.error instanceof StalePlanError) {
          text += `  step ${failure.error.stepId} (${failure.error.resource})${callSuffix(failure.error)}:\n`;
          for (const m of failure.error.mismatches) {
            text += `    ${m.field}: expected ${show(m.expected)}, found ${show(m.found)}\n`;
          }
        } else {
          text += `  step ${failure.stepId}: ${describeError(failure.error)}\n`;
        }
      }
      text += rollbackLines();
      text += progressLine(result, ran, skipped, elapsed);
      text += `Run \`${cli} plan\` again to see the changes needed from here.\n`;
      return text;
    }
    case 'rolled-back': {
      let text = `\n${colors.yellow(colors.bold('Apply rolled back: a phase-2 add failed, and its aliases were put back on their sources.'))}\n`;
      text += failures();
      text += rollbackLines();
      text += progressLine(result, ran, skipped, elapsed);
      text += `Every other change of the plan was applied. Fix the cause above, then run \`${cli} plan\` again.\n`;
      return text;
    }
    case 'failed': {
      let text = `\n${colors.red(colors.bold('Apply failed.'))}\n`;
      text += failures();
      text += rollbackLines();
      text += progressLine(result, ran, skipped, elapsed);
      text += `Fix the cause, then continue this run with \`${resume}\`, or run \`${cli} plan\` for a fresh plan.\n`;
      return text;
    }
    case 'aborted':
    case 'interrupted': {
      const headline =
        result.status === 'interrupted'
          ? 'Apply interrupted: steps in flight and moves already started were finished; no other step was started.'
          : 'Apply stopped at once: steps in flight were cancelled.';
      let text = `\n${colors.red(colors.bold(headline))}\n`;
      text += failures();
      text += rollbackLines();
      text += progressLine(result, ran, skipped, elapsed);
      text += `To finish it: ${resume}\n`;
      return text;
    }
    case 'window-closed': {
      const held = options.window === undefined ? plan.window : options.window;
      const window = held ? ` ${formatWindow(held)}` : '';
      let text = `\n${colors.yellow(colors.bold(`Apply paused: the maintenance window${window} has too little time left for the remaining steps.`))}\n`;
      text += '  Moves already started were finished; no alias was left between distributions.\n';
      text += failures();
      text += rollbackLines();
      text += progressLine(result, ran, skipped, elapsed);
      text += `In the next window, continue with: ${resume} --window-end <its end, ISO 8601>\n`;
      text += '  (or set that window under window: in the desired file; --no-window runs without one)\n';
      return text;
    }
    default:
      return assertNever(result.status, 'apply status');
  }
}

/**
 * `Apply complete: …`, or for a resume `Resume complete: …` and the steps it did not repeat; what
 * this run did itself, not the plan's total, with the aliases it found as planned listed apart.
 */
function completeLines(plan: Plan, result: ApplyResult, colors: Colors, steps: string): string {
  const changed = aliasesChangedByRun(plan, result);
  const untouched = aliasesNotChangedByRun(plan, changed);
  const tally = `${plural(changed.length, 'alias', 'aliases')} changed${result.alreadyDone !== undefined ? ' by this run' : ''}`;
  const headline = `${result.alreadyDone !== undefined ? 'Resume' : 'Apply'} complete: ${tally}, ${steps}.`;
  const before = result.alreadyDone?.length ?? 0;
  return (
    `\n${colors.green(colors.bold(headline))}\n` +
    (before > 0 ? `${plural(before, 'step')} done before the resume ${before === 1 ? 'was' : 'were'} not repeated.\n` : '') +
    (untouched.length > 0 ? `Already as planned, not changed by this run: ${listNames(untouched)}.\n` : '')
  );
}

/**
 * Where the aliases of each rollback stand; for those on no distribution, what to do: `resume`
 * when it continues this run, else (a stale run) a fresh plan, which attaches them where the
 * desired file says.
 */
function rollbackReportLines(plan: Plan, result: ApplyResult, label: Labeler, next: { resume: string; cli: string }): string {
  const { resume, cli } = next;
  const resumable = isResumable(result.status);
  let text = '';
  for (const report of result.rollbacks ?? []) {
    const stranded = aliasesOnNoDistribution(result, report);
    const names = stranded.join(', ');
    const them = stranded.length === 1 ? 'it' : 'them';
    const orPlan = `; run \`${cli} plan\` again for the changes needed from here`;
    switch (report.status) {
      case 'done':
        text += `  rolled back: ${describeReturn(report.aliases, label)} (DNS too)\n`;
        break;
      case 'failed':
        if (stranded.length === 0) {
          const unsettled = new Set((result.unsettled ?? []).map((u) => u.alias));
          const back = report.aliases.filter((a) => !unsettled.has(a.alias));
          text += `  rollback failed after putting back ${back.length > 0 ? aliasNames(back) : 'none of its aliases'}: see the failed rollback step above\n`;
        } else
          text += `  rollback failed: ${names} on no distribution of this account${resumable ? `; fix the cause above, then \`${resume}\` puts ${them} back` : orPlan}\n`;
        break;
      case 'incomplete':
        if (stranded.length === 0)
          text += `  rollback not finished: ${aliasNames(report.aliases)} back on their sources; \`${resume}\` finishes it\n`;
        else text += `  rollback not finished: ${names} on no distribution until \`${resume}\` puts ${them} back\n`;
        break;
      case 'stopped':
        text +=
          `  not rolled back (--on-failure stop): ${names} on no distribution` +
          `${resumable ? `; fix the cause above, then \`${resume}\` adds ${them} to ${stranded.length === 1 ? 'its target' : 'their targets'}` : orPlan}\n`;
        break;
      default: {
        const never: never = report.status;
        throw new Error(`unexpected rollback status: ${String(never)}`);
      }
    }
  }
  for (const { alias, holder } of aliasesTakenByOtherWriters(result)) {
    text +=
      `  ${alias} was taken by another writer while it was between distributions: it is now ${holderWords(holder, { account: plan.account, named: label })}; ` +
      `neither resume nor a rollback can bring it back. Once that writer releases it, run \`${cli} plan\` again.\n`;
  }
  return text;
}

/** Up to ten names, then how many more. */
function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 10).join(', ');
  return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
}

function progressLine(result: ApplyResult, ran: number, skipped: string, elapsed: string): string {
  return `${plural(ran, 'step')} done${skipped}, ${result.failed.length} failed, ${result.notStarted.length} not started, in ${elapsed}.\n`;
}

/** Values of a state mismatch, compact: arrays and objects as JSON, strings quoted. */
function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
