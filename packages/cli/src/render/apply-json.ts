/**
 * Apply progress as JSON lines, schema version 1 (docs/events.md is the contract): every line is
 * one object `{"v":1,"type":...}`. A run writes `plan` first, then step events, then exactly one
 * `summary` last. Steps are referred to by id, errors are plain objects, times are ISO strings
 * plus milliseconds since apply started. Consumers ignore types and fields they do not know;
 * a breaking change bumps `v`.
 */
import {
  assertNever,
  ENGINE_VERSION,
  type ApplyEvent,
  type ApplyEventListener,
  type ApplyResult,
  type ApplyStatus,
  type Plan,
} from '@cfalias/core';
import type { TextSink } from '../io/cli-io.js';
import { rollbackStepTriggers } from './rollbacks.js';
import { aliasesChangedByRun, aliasesOnNoDistribution, aliasesTakenByOtherWriters, isResumable, resumeCommand } from './run-facts.js';

export const EVENT_SCHEMA_VERSION = 1;

/** Error names that mean "CloudFront refused: the alias is held elsewhere" (409 CNAMEAlreadyExists). */
const CONFLICT_ERRORS = new Set(['AliasConflictError']);

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

/** The `plan` event: what is about to be applied (also written for a blocked or empty plan). */
export function toJsonPlanEvent(plan: Plan, at: number): Record<string, unknown> {
  return {
    v: EVENT_SCHEMA_VERSION,
    type: 'plan',
    at: new Date(at).toISOString(),
    engineVersion: ENGINE_VERSION,
    digest: plan.digest,
    account: plan.account,
    createdAt: plan.createdAt,
    summary: plan.summary,
    estimate: plan.estimate,
    ...(plan.window ? { window: plan.window } : {}),
    changes: plan.changes
      .filter((c) => c.action !== 'noop')
      .map((c) => ({
        alias: c.alias,
        action: c.action,
        from: c.from,
        to: c.to,
        strategy: c.strategy,
        ...(c.moveApi && { moveApi: c.moveApi }),
        downtimeSeconds: c.downtimeSeconds,
      })),
    diagnostics: plan.diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      ...(d.alias !== undefined ? { alias: d.alias } : {}),
      ...(d.distribution !== undefined ? { distribution: d.distribution } : {}),
      message: d.message,
      ...(d.remediation !== undefined ? { remediation: d.remediation } : {}),
    })),
    steps: plan.steps.map((s) => ({ id: s.id, kind: s.kind, phase: s.phase, dependsOn: s.dependsOn })),
    ...(plan.rollbacks && plan.rollbacks.length > 0
      ? {
          rollbacks: plan.rollbacks.map((r) => ({
            trigger: r.trigger,
            aliases: r.aliases,
            estimate: r.estimate,
            steps: r.steps.map((s) => ({ id: s.id, kind: s.kind, phase: s.phase, dependsOn: s.dependsOn })),
          })),
        }
      : {}),
  };
}

/**
 * A step or rollback event; undefined for the executor's apply-start/apply-end (the plan and
 * summary events stand for them). `rollbackTriggers` (rollback step id → trigger id) marks the
 * steps of a rollback recipe with `rollbackOf`.
 */
export function toJsonStepEvent(
  event: ApplyEvent,
  startedAt: number,
  rollbackTriggers: ReadonlyMap<string, string> = new Map(),
): Record<string, unknown> | undefined {
  if (event.type === 'apply-start' || event.type === 'apply-end') return undefined;
  const head = { v: EVENT_SCHEMA_VERSION, type: event.type, at: new Date(event.at).toISOString(), elapsedMs: event.at - startedAt };
  switch (event.type) {
    case 'rollback-start':
      return { ...head, trigger: event.trigger, aliases: event.aliases, ...(event.error ? { error: toJsonError(event.error) } : {}) };
    case 'rollback-done':
      return { ...head, trigger: event.trigger, aliases: event.aliases };
    case 'rollback-failed':
      return { ...head, trigger: event.trigger, aliases: event.aliases, error: toJsonError(event.error) };
    default:
      break;
  }
  const rollbackOf = rollbackTriggers.get(event.step.id);
  const base = {
    ...head,
    step: event.step.id,
    kind: event.step.kind,
    phase: event.step.phase,
    ...(rollbackOf !== undefined ? { rollbackOf } : {}),
  };
  switch (event.type) {
    case 'step-start':
      return { ...base, attempt: event.attempt };
    case 'step-retry':
      return { ...base, attempt: event.attempt, delayMs: event.delayMs, reason: event.error.name, error: toJsonError(event.error) };
    case 'step-skip':
      return { ...base, reason: event.reason };
    case 'step-done':
      return { ...base, durationMs: event.durationMs, ...(event.txtProof && { txtProof: event.txtProof }) };
    case 'step-failed':
      return { ...base, error: toJsonError(event.error) };
    default:
      return assertNever(event, 'apply event');
  }
}

/** How a run ended, for the summary: the executor's status, or `blocked` when apply never started. */
export type SummaryStatus = ApplyStatus | 'blocked';

export interface SummaryFacts {
  readonly status: SummaryStatus;
  /** Absent when nothing ran (a blocked or empty plan). */
  readonly result?: ApplyResult;
  /** Durations are on a simulated clock (the sandbox). */
  readonly simulated: boolean;
  /** 409 CNAMEAlreadyExists answers met (retried or fatal). */
  readonly conflicts: number;
  /** The journal's path as the user would type it (a journaled run). */
  readonly journal?: string;
  /** `cfalias` and the run's global flags, to start `resumeCommand` (default `cfalias`). */
  readonly cli?: string;
}

/**
 * Beyond the plain counts, the way forward: `aliasesOnNoDistribution` (a rollback that did not
 * finish, or `--on-failure stop`: the aliases the run left on no distribution of the account, read
 * again at the end), `aliasesTakenByOtherWriters` (aliases another writer took meanwhile, with the
 * holder: neither resume nor a rollback can bring them back) and
 * `resumeCommand` (a journaled run that `cfalias resume` continues), `aliasChangesThisRun`
 * (aliases this run itself wrote to; `aliasChanges` is the plan's total) and, on resume, `alreadyDone`.
 */
export function toJsonSummaryEvent(plan: Plan, facts: SummaryFacts, at: number): Record<string, unknown> {
  const { result } = facts;
  const stranded = result ? aliasesOnNoDistribution(result) : [];
  const taken = result ? aliasesTakenByOtherWriters(result) : [];
  return {
    v: EVENT_SCHEMA_VERSION,
    type: 'summary',
    at: new Date(at).toISOString(),
    status: facts.status,
    planDigest: plan.digest,
    aliasChanges: plan.changes.filter((c) => c.action !== 'noop').length,
    steps: plan.steps.length,
    completed: result?.completed.length ?? 0,
    skipped: result?.skipped.length ?? 0,
    failed: result?.failed.length ?? 0,
    notStarted: result?.notStarted.length ?? (facts.status === 'blocked' ? plan.steps.length : 0),
    durationMs: result ? result.finishedAt - result.startedAt : 0,
    simulated: facts.simulated,
    ...(result?.runId !== undefined ? { runId: result.runId } : {}),
    ...(facts.journal !== undefined ? { journal: facts.journal } : {}),
    ...(result !== undefined ? { aliasChangesThisRun: aliasesChangedByRun(plan, result).length } : {}),
    ...(result?.alreadyDone !== undefined ? { alreadyDone: result.alreadyDone.length } : {}),
    ...(result?.rollbacks !== undefined ? { rollbacks: result.rollbacks } : {}),
    ...(stranded.length > 0 ? { aliasesOnNoDistribution: stranded } : {}),
    ...(taken.length > 0 ? { aliasesTakenByOtherWriters: taken } : {}),
    ...(result !== undefined && facts.journal !== undefined && isResumable(result.status)
      ? { resumeCommand: resumeCommand(facts.journal, facts.cli) }
      : {}),
    failures: (result?.failed ?? []).map((f) => ({ step: f.stepId, error: toJsonError(f.error) })),
    metrics: {
      conflicts: facts.conflicts,
      retries: result?.metrics.retries ?? {},
      stepDurationsMs: result?.metrics.stepDurationsMs ?? {},
    },
  };
}

export interface JsonApplyReporterOptions {
  readonly simulated: boolean;
  /** The journal's path, for the summary. */
  readonly journal?: string;
  /** `cfalias` and the run's global flags, for the summary's `resumeCommand`. */
  readonly cli?: string;
}

/**
 * The listener for `applyPlan({ onEvent })`: `plan` on apply-start, one line per step event,
 * `summary` on apply-end. For a run that never starts (blocked, nothing to do) write
 * `toJsonPlanEvent` and `toJsonSummaryEvent` directly.
 */
export function createJsonApplyReporter(plan: Plan, out: TextSink, options: JsonApplyReporterOptions): ApplyEventListener {
  let startedAt: number | undefined;
  let conflicts = 0;
  const rollbackTriggers = rollbackStepTriggers(plan);
  const write = (line: Record<string, unknown>): void => void out.write(`${JSON.stringify(line)}\n`);
  return (event) => {
    switch (event.type) {
      case 'apply-start':
        startedAt = event.at;
        write(toJsonPlanEvent(plan, event.at));
        return;
      case 'apply-end':
        write(
          toJsonSummaryEvent(
            plan,
            {
              status: event.result.status,
              result: event.result,
              simulated: options.simulated,
              conflicts,
              ...(options.journal !== undefined ? { journal: options.journal } : {}),
              ...(options.cli !== undefined ? { cli: options.cli } : {}),
            },
            event.at,
          ),
        );
        return;
      case 'step-retry':
      case 'step-failed':
        if (CONFLICT_ERRORS.has(event.error.name)) conflicts += 1;
        break;
      default:
        break;
    }
    const line = toJsonStepEvent(event, startedAt ?? event.at, rollbackTriggers);
    if (line !== undefined) write(line);
  };
}
