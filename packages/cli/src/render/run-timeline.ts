/**
 * A run's timeline from its journal (`cfalias show-run`): per step, when the plan expected it to
 * start and how long, when it actually started and how long it took, its attempts, retries and
 * failures (with the request ids of the calls that failed), and where each changed alias ended up.
 * Built from what core's journal parser and reconcileJournal return; nothing here re-reads files.
 *
 * Planned times come from core's estimate of the journal's plan; the journal does not carry the
 * inventory's timing, so waits count CloudFront's typical deployment and Route 53's sync time.
 */
import {
  DEFAULT_DEPLOY_SECONDS,
  DEFAULT_DNS_SYNC_SECONDS,
  estimateSteps,
  type ApplyStatus,
  type JournalEntry,
  type JournalState,
  type Plan,
  type PlanStep,
  type RecordedError,
} from '@cfalias/core';
import { distributionLabeler } from './format.js';
import { rollbackStepTriggers } from './rollbacks.js';
import { stepLabel, zoneNamesOf } from './steps.js';

export type StepRunStatus = 'completed' | 'skipped' | 'failed' | 'in-flight' | 'not-started';

/** A failed attempt: retried (`delayMs` set) or the last one (`final`). */
export interface AttemptFailure {
  readonly attempt: number;
  /** ISO 8601, from the journal. */
  readonly at: string;
  readonly delayMs?: number;
  readonly error: RecordedError;
}

export interface StepRun {
  readonly id: string;
  readonly label: string;
  readonly phase: number;
  /** The trigger whose rollback recipe the step belongs to. */
  readonly rollbackOf?: string;
  /** Seconds from the start of apply, by the plan's estimate (rollback steps: none). */
  readonly plannedStartSeconds?: number;
  readonly plannedSeconds?: number;
  /** First intent, last outcome (ISO 8601); absent when the journal has none. */
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly attempts: number;
  readonly status: StepRunStatus;
  /** Retried attempts, then the final failure, in journal order. */
  readonly failures: readonly AttemptFailure[];
  /** With a registry of accounts: the account id the step acted in, as the journal records it. */
  readonly account?: string;
}

export type AliasOutcome = 'changed' | 'failed' | 'rolled-back' | 'in-flight' | 'not-reached';

export interface AliasRun {
  readonly alias: string;
  readonly action: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly outcome: AliasOutcome;
}

export interface RunTimeline {
  readonly runId: string;
  /** The apply-start entry's time. */
  readonly startedAt: string;
  /** The last entry's time. */
  readonly lastEntryAt: string;
  /** The last segment's status; null when it never ended (a crash, a kill). */
  readonly status: ApplyStatus | null;
  readonly finished: boolean;
  readonly resumes: number;
  readonly interrupts: readonly { readonly at: string; readonly mode: 'drain' | 'abort' }[];
  readonly steps: readonly StepRun[];
  readonly aliases: readonly AliasRun[];
}

/** Errors that mean another writer got there first: CloudFront's 409 CNAMEAlreadyExists, a 412 stale ETag. */
export const CONFLICT_ERROR_NAMES: ReadonlySet<string> = new Set(['AliasConflictError', 'PreconditionFailedError']);

export function buildRunTimeline(entries: readonly JournalEntry[], state: JournalState): RunTimeline {
  const start = entries[0];
  if (start?.type !== 'apply-start') throw new TypeError('a journal starts with apply-start');
  const plan = state.plan;
  const label = distributionLabeler(plan.distributions);
  const recipes = plan.rollbacks ?? [];
  const allSteps = [...plan.steps, ...recipes.flatMap((r) => r.steps)];
  const zoneNames = zoneNamesOf(allSteps);
  const triggers = rollbackStepTriggers(plan);
  const { finishes } = estimateSteps(plan.steps, { deploySeconds: DEFAULT_DEPLOY_SECONDS, dnsSyncSeconds: DEFAULT_DNS_SYNC_SECONDS });
  const byStep = stepEntries(entries);
  const steps = allSteps.map((step): StepRun => {
    const own = byStep.get(step.id) ?? [];
    const planned = plannedTimes(step, finishes);
    const rollbackOf = triggers.get(step.id);
    const account = own.flatMap((e) => ('account' in e && e.account !== undefined ? [e.account] : []))[0];
    return {
      id: step.id,
      label: stepLabel(step, label, zoneNames),
      phase: step.phase,
      ...(rollbackOf !== undefined ? { rollbackOf } : {}),
      ...planned,
      ...observed(own, step.id, state),
      ...(account !== undefined ? { account } : {}),
    };
  });
  const last = entries[entries.length - 1]!;
  return {
    runId: start.runId,
    startedAt: start.at,
    lastEntryAt: last.at,
    status: state.lastStatus,
    finished: state.finished,
    resumes: entries.filter((e) => e.type === 'resume').length,
    interrupts: entries.flatMap((e) => (e.type === 'interrupt' ? [{ at: e.at, mode: e.mode }] : [])),
    steps: steps.filter((s) => s.rollbackOf === undefined || s.status !== 'not-started'),
    aliases: aliasRuns(plan, steps, state),
  };
}

function stepEntries(entries: readonly JournalEntry[]): Map<string, JournalEntry[]> {
  const byStep = new Map<string, JournalEntry[]>();
  for (const entry of entries) {
    if (!('stepId' in entry)) continue;
    const list = byStep.get(entry.stepId) ?? [];
    list.push(entry);
    byStep.set(entry.stepId, list);
  }
  return byStep;
}

function plannedTimes(step: PlanStep, finishes: ReadonlyMap<string, number>): Pick<StepRun, 'plannedStartSeconds' | 'plannedSeconds'> {
  const finish = finishes.get(step.id);
  if (finish === undefined) return {};
  const seconds = step.kind === 'wait-deployed' ? DEFAULT_DEPLOY_SECONDS : step.kind === 'wait-dns' ? DEFAULT_DNS_SYNC_SECONDS : 0;
  return { plannedStartSeconds: finish - seconds, plannedSeconds: seconds };
}

function observed(own: readonly JournalEntry[], id: string, state: JournalState): Omit<StepRun, 'id' | 'label' | 'phase' | 'rollbackOf'> {
  const intents = own.filter((e) => e.type === 'intent');
  const outcomes = own.filter((e) => e.type === 'outcome');
  const failures: AttemptFailure[] = [];
  for (const entry of own) {
    if (entry.type === 'retry') failures.push({ attempt: entry.attempt, at: entry.at, delayMs: entry.delayMs, error: entry.error });
    if (entry.type === 'outcome' && entry.status === 'failed' && entry.error) {
      const attempt = intents.filter((i) => i.at <= entry.at).length;
      failures.push({ attempt, at: entry.at, error: entry.error });
    }
  }
  const lastOutcome = outcomes[outcomes.length - 1];
  const status: StepRunStatus = state.inFlight.includes(id) ? 'in-flight' : lastOutcome !== undefined ? lastOutcome.status : 'not-started';
  return {
    ...(intents[0] ? { startedAt: intents[0].at } : {}),
    ...(lastOutcome ? { endedAt: lastOutcome.at } : {}),
    attempts: intents.length,
    status,
    failures,
  };
}

/** Where each alias the plan changes stands, by the steps that change it. */
function aliasRuns(plan: Plan, steps: readonly StepRun[], state: JournalState): AliasRun[] {
  const statusOf = new Map(steps.map((s) => [s.id, s.status]));
  const rolledBack = new Set(
    (plan.rollbacks ?? [])
      .filter((r) => state.rollbacks.some((b) => b.trigger === r.trigger && b.status === 'done'))
      .flatMap((r) => r.aliases.map((a) => a.alias)),
  );
  return plan.changes
    .filter((c) => c.action !== 'noop')
    .map((change) => {
      const touching = plan.steps.filter(
        (s) =>
          (s.kind === 'update-aliases' && (s.add.includes(change.alias) || s.remove.includes(change.alias))) ||
          (s.kind === 'move-alias' && s.alias === change.alias),
      );
      const statuses = touching.map((s) => statusOf.get(s.id) ?? 'not-started');
      const outcome: AliasOutcome = rolledBack.has(change.alias)
        ? 'rolled-back'
        : statuses.includes('failed')
          ? 'failed'
          : statuses.includes('in-flight')
            ? 'in-flight'
            : statuses.length > 0 && statuses.every((s) => s === 'completed' || s === 'skipped')
              ? 'changed'
              : 'not-reached';
      return { alias: change.alias, action: change.action, from: change.from, to: change.to, outcome };
    });
}
