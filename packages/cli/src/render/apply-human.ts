/**
 * Apply progress for people: one line per step start and end, retries, skips and failures, each
 * stamped with the time since apply started (`[+5m 0s]`), then a summary.
 */
import { StalePlanError, type ApplyEvent, type ApplyEventListener, type ApplyResult, type Plan } from '@cfalias/core';
import { distributionLabeler, formatDuration, formatDurationMs, plural, type Colors } from './format.js';
import { expectedWaitSeconds, stepDetail, stepLabel, zoneNamesOf, type StepTiming } from './steps.js';

/** Progress lines name at most this many aliases of a step (the plan lists them all). */
const PROGRESS_LIST_LIMIT = 3;
import type { TextSink } from '../io/cli-io.js';

/** `timing`, when known, adds the expected wait to the start line of wait steps. */
export function createHumanApplyReporter(plan: Plan, out: TextSink, colors: Colors, timing?: StepTiming): ApplyEventListener {
  const label = distributionLabeler(plan.distributions);
  const zoneNames = zoneNamesOf(plan.steps);
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
        return `${stepLabel(event.step, label, zoneNames)} started${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}${detail ? `: ${detail}` : ''}${expect}`;
      }
      case 'step-retry':
        return colors.yellow(
          `${stepLabel(event.step, label, zoneNames)} attempt ${event.attempt} failed (${event.error.name}: ${event.error.message}); retrying in ${formatDurationMs(event.delayMs)}`,
        );
      case 'step-skip':
        return `${stepLabel(event.step, label, zoneNames)} skipped (${event.reason === 'postcondition-holds' ? 'already done' : 'nothing to wait for'})`;
      case 'step-done':
        return `${stepLabel(event.step, label, zoneNames)} ${colors.green('done')} (${formatDurationMs(event.durationMs)})`;
      case 'step-failed':
        return colors.red(`${stepLabel(event.step, label, zoneNames)} failed: ${event.error.name}: ${event.error.message}`);
      case 'apply-end':
        return undefined;
      default:
        return assertNeverEvent(event);
    }
  }
}

export interface ApplySummaryOptions {
  readonly colors: Colors;
  /** Durations are on a simulated clock (the sandbox): say so. */
  readonly simulated: boolean;
}

export function renderApplySummary(plan: Plan, result: ApplyResult, options: ApplySummaryOptions): string {
  const { colors } = options;
  const elapsed = `${formatDurationMs(result.finishedAt - result.startedAt)}${options.simulated ? ' (simulated)' : ''}`;
  const ran = result.completed.length + result.skipped.length;
  const skipped = result.skipped.length > 0 ? ` (${result.skipped.length} skipped)` : '';
  switch (result.status) {
    case 'succeeded': {
      const aliases = plan.changes.filter((c) => c.action !== 'noop').length;
      return `\n${colors.green(colors.bold(`Apply complete: ${plural(aliases, 'alias', 'aliases')} changed, ${plural(ran, 'step')}${skipped} in ${elapsed}.`))}\n`;
    }
    case 'stale': {
      let text = `\n${colors.red(colors.bold('Apply stopped: the plan is stale; live state no longer matches what it was made from.'))}\n`;
      for (const failure of result.failed) {
        if (failure.error instanceof StalePlanError) {
          text += `  step ${failure.error.stepId} (${failure.error.resource}):\n`;
          for (const m of failure.error.mismatches) {
            text += `    ${m.field}: expected ${show(m.expected)}, found ${show(m.found)}\n`;
          }
        } else {
          text += `  step ${failure.stepId}: ${failure.error.name}: ${failure.error.message}\n`;
        }
      }
      text += progressLine(result, ran, skipped, elapsed);
      text += 'Run `cfalias plan` again to see the changes needed from here.\n';
      return text;
    }
    case 'failed':
    case 'aborted':
    case 'interrupted': {
      const headline = result.status === 'failed' ? 'Apply failed.' : 'Apply interrupted: no new step was started after the interrupt.';
      let text = `\n${colors.red(colors.bold(headline))}\n`;
      for (const failure of result.failed) {
        text += `  step ${failure.stepId}: ${failure.error.name}: ${failure.error.message}\n`;
      }
      text += progressLine(result, ran, skipped, elapsed);
      text += 'Run `cfalias plan` to see what remains to be done.\n';
      return text;
    }
    default:
      return assertNeverStatus(result.status);
  }
}

function progressLine(result: ApplyResult, ran: number, skipped: string, elapsed: string): string {
  return `${plural(ran, 'step')} done${skipped}, ${result.failed.length} failed, ${result.notStarted.length} not started, in ${elapsed}.\n`;
}

/** Values of a state mismatch, compact: arrays and objects as JSON, strings quoted. */
function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function assertNeverEvent(event: never): never {
  throw new Error(`unexpected apply event: ${JSON.stringify(event)}`);
}

function assertNeverStatus(status: never): never {
  throw new Error(`unexpected apply status: ${String(status)}`);
}
