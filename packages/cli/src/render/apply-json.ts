/**
 * Apply progress as JSON lines (schema in packages/cli/README.md): one object per ApplyEvent,
 * steps referred to by id, errors as plain objects, times as ISO strings plus milliseconds since
 * apply started; then one final `summary` object.
 */
import type { ApplyEvent, ApplyEventListener, ApplyResult, Plan } from '@cfalias/core';
import type { TextSink } from '../io/cli-io.js';

export interface JsonError {
  readonly name: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** An error's name, message and own context fields (`stepId`, `mismatches`, `operation`...). */
export function toJsonError(error: Error): JsonError {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key !== 'stack' && key !== 'cause' && key !== 'name' && key !== 'message') fields[key] = value;
  }
  return { name: error.name, message: error.message, ...fields };
}

export function toJsonEvent(event: ApplyEvent, startedAt: number): Record<string, unknown> {
  const base = { type: event.type, at: new Date(event.at).toISOString(), elapsedMs: event.at - startedAt };
  switch (event.type) {
    case 'apply-start':
      return { ...base, planDigest: event.planDigest, stepCount: event.stepCount };
    case 'step-start':
      return { ...base, step: event.step.id, kind: event.step.kind, attempt: event.attempt };
    case 'step-retry':
      return { ...base, step: event.step.id, kind: event.step.kind, attempt: event.attempt, delayMs: event.delayMs, error: toJsonError(event.error) };
    case 'step-skip':
      return { ...base, step: event.step.id, kind: event.step.kind, reason: event.reason };
    case 'step-done':
      return { ...base, step: event.step.id, kind: event.step.kind, durationMs: event.durationMs };
    case 'step-failed':
      return { ...base, step: event.step.id, kind: event.step.kind, error: toJsonError(event.error) };
    case 'apply-end':
      return { ...base, ...toJsonResult(event.result) };
    default:
      return assertNever(event);
  }
}

export function toJsonResult(result: ApplyResult): Record<string, unknown> {
  return {
    status: result.status,
    completed: result.completed,
    skipped: result.skipped,
    failed: result.failed.map((f) => ({ step: f.stepId, error: toJsonError(f.error) })),
    notStarted: result.notStarted,
    durationMs: result.finishedAt - result.startedAt,
    retries: result.metrics.retries,
    ...(result.runId !== undefined ? { runId: result.runId } : {}),
  };
}

export function createJsonApplyReporter(out: TextSink): ApplyEventListener {
  let startedAt: number | undefined;
  return (event) => {
    if (event.type === 'apply-start') startedAt = event.at;
    out.write(`${JSON.stringify(toJsonEvent(event, startedAt ?? event.at))}\n`);
  };
}

/** The closing line: what the apply achieved, in the same terms as the human summary. */
export function renderJsonSummary(plan: Plan, result: ApplyResult, simulated: boolean): string {
  const summary = {
    type: 'summary',
    status: result.status,
    planDigest: plan.digest,
    aliasChanges: plan.changes.filter((c) => c.action !== 'noop').length,
    steps: plan.steps.length,
    completed: result.completed.length,
    skipped: result.skipped.length,
    failed: result.failed.length,
    notStarted: result.notStarted.length,
    durationMs: result.finishedAt - result.startedAt,
    simulated,
  };
  return `${JSON.stringify(summary)}\n`;
}

function assertNever(value: never): never {
  throw new Error(`unexpected apply event: ${JSON.stringify(value)}`);
}
