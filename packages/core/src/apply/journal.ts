/**
 * The write-ahead journal of an apply: JSON lines, one entry per line, each `{"v":1,...}`.
 * The executor appends `apply-start` (the full plan), then around every step attempt an `intent`
 * BEFORE the provider call that may mutate and an `outcome` AFTER it, `retry`/`interrupt` as they
 * happen, `rollback-start`/`rollback-end` around a rollback recipe (whose steps get intents and
 * outcomes like any other), and `apply-end`. `resume` starts a further segment of the same run. The format is
 * documented in docs/journal.md; this file holds the types, the sink port and the strict parser.
 * I/O stays out of core: the file sink lives in @cfalias/providers.
 */
import { randomBytes } from 'node:crypto';
import type { ApplyStatus, SkipReason } from './events.js';
import { CALL_CONTEXT_FIELDS, callContextOf, JournalError, type CallContext, type StateMismatch } from '../errors.js';
import type { Plan } from '../plan/plan.js';
import { readPlanDocument } from '../plan/plan-document.js';

export const JOURNAL_VERSION = 1;

/**
 * An error as the journal keeps it: enough to show and to classify, no stack. An error from a
 * service call also keeps that call's context (`operation`, `resource`, `alias`, `httpStatus`,
 * `requestId`), each present only when known.
 */
export interface RecordedError extends CallContext {
  readonly name: string;
  readonly message: string;
}

/** The fields every journal entry has. */
export interface EntryBase {
  readonly v: typeof JOURNAL_VERSION;
  /** Every entry of one journal carries the same run id. */
  readonly runId: string;
  /** ISO 8601, from the apply's clock. */
  readonly at: string;
}

/** First line: the whole plan, so resuming needs nothing but the journal. */
export interface ApplyStartEntry extends EntryBase {
  readonly type: 'apply-start';
  readonly holder: string;
  /** The engine version that ran the apply (`ENGINE_VERSION`); absent in journals written before it was recorded. */
  readonly engineVersion?: string;
  readonly plan: Plan;
}

/** A `resume` of this run starts here (a new segment; the plan is the one of `apply-start`). */
export interface ResumeEntry extends EntryBase {
  readonly type: 'resume';
  readonly holder: string;
  /** The engine version that ran this segment (a resume may run on a newer cfalias than the apply). */
  readonly engineVersion?: string;
}

/** Written before each attempt of a step, i.e. before the call that may mutate. */
export interface IntentEntry extends EntryBase {
  readonly type: 'intent';
  readonly stepId: string;
  /** 1-based, per run segment. */
  readonly attempt: number;
  /** With a plan across accounts: the account id the step acts in (a move: its target's). */
  readonly account?: string;
}

/** A failed attempt that will be retried after `delayMs`. */
export interface RetryEntry extends EntryBase {
  readonly type: 'retry';
  readonly stepId: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: RecordedError;
  /** With a plan across accounts: the account id the step acts in (a move: its target's). */
  readonly account?: string;
}

export type OutcomeStatus = 'completed' | 'skipped' | 'failed';

/** Written after the step settled. */
export interface OutcomeEntry extends EntryBase {
  readonly type: 'outcome';
  readonly stepId: string;
  readonly status: OutcomeStatus;
  /** With a plan across accounts: the account id the step acts in (a move: its target's). */
  readonly account?: string;
  /** For `skipped`. */
  readonly reason?: SkipReason;
  /** For `failed`. */
  readonly error?: RecordedError;
  /** For a failure on stale state: expected vs found. */
  readonly mismatches?: readonly StateMismatch[];
  /** For a completed `change-dns`: the Route 53 change id, so a resumed `wait-dns` can wait on it. */
  readonly changeId?: string;
  /**
   * For a completed `move-alias` that CloudFront first refused for its `_<alias>` TXT record: the
   * record the step created (in sync before the one retry of the move).
   */
  readonly txtProof?: { readonly zoneId: string; readonly name: string; readonly value: string; readonly changeId: string };
}

/** An interrupt was received: `drain` (first signal) or `abort` (second signal). */
export interface InterruptEntry extends EntryBase {
  readonly type: 'interrupt';
  readonly mode: 'drain' | 'abort';
}

/**
 * The forward step `trigger` failed for good and its rollback recipe (`plan.rollbacks`) starts.
 * Written before the recipe's first intent. From here on, resume continues the rollback and never
 * runs the trigger again.
 */
export interface RollbackStartEntry extends EntryBase {
  readonly type: 'rollback-start';
  readonly trigger: string;
  /** The trigger's failure. */
  readonly error: RecordedError;
}

/** The recipe of `trigger` concluded: every step done, or a step failed (see its outcome). */
export interface RollbackEndEntry extends EntryBase {
  readonly type: 'rollback-end';
  readonly trigger: string;
  readonly status: 'done' | 'failed';
}

export interface ApplyEndEntry extends EntryBase {
  readonly type: 'apply-end';
  readonly status: ApplyStatus;
  readonly summary: {
    readonly completed: number;
    readonly skipped: number;
    readonly failed: number;
    readonly notStarted: number;
  };
}

export type JournalEntry =
  | ApplyStartEntry
  | ResumeEntry
  | IntentEntry
  | RetryEntry
  | OutcomeEntry
  | InterruptEntry
  | RollbackStartEntry
  | RollbackEndEntry
  | ApplyEndEntry;

export type JournalEntryType = JournalEntry['type'];

/**
 * Where the executor writes the journal. SYNCHRONOUS on purpose: an entry is durable before the
 * apply goes on (an intent is on disk before its call), and no await point is added, so a
 * simulated clock stays deterministic. Throwing refuses the entry: the executor then starts no
 * further step, and a step whose intent was refused is not run.
 */
export interface JournalSink {
  append(entry: JournalEntry): void;
}

/** A journal that keeps entries in memory (tests, embedding tools that persist elsewhere). */
export class MemoryJournal implements JournalSink {
  readonly entries: JournalEntry[] = [];

  append(entry: JournalEntry): void {
    this.entries.push(entry);
  }
}

/** One entry per line, as the file sink writes it. */
export function serializeJournalEntry(entry: JournalEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/**
 * A new run id: sortable by start time, unique enough for one machine's journals and safe in a
 * file name (`20261201T020000Z-9f86d081`).
 */
export function newRunId(now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A run id must be usable in a file name (`journal-<runId>.jsonl`). */
export function isValidRunId(runId: string): boolean {
  return RUN_ID.test(runId);
}

// ---------------------------------------------------------------------------------------------
// Parsing

export interface JournalProblem {
  /** `warning`: a torn last line (a crash mid-write), ignored. `error`: the journal cannot be trusted. */
  readonly severity: 'error' | 'warning';
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly message: string;
}

export interface ParsedJournal {
  readonly entries: JournalEntry[];
  readonly problems: JournalProblem[];
}

/** `.cfalias/journal-x.jsonl:7: error: ...` */
export function formatJournalProblem(problem: JournalProblem): string {
  return `${problem.file}:${problem.line}: ${problem.severity}: ${problem.message}`;
}

export function journalHasErrors(parsed: ParsedJournal): boolean {
  return parsed.problems.some((p) => p.severity === 'error');
}

/** Throws JournalError('malformed') listing every error; warnings pass. */
export function assertJournalUsable(parsed: ParsedJournal): JournalEntry[] {
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    throw new JournalError('malformed', `the journal cannot be used:\n${errors.map((p) => `  ${formatJournalProblem(p)}`).join('\n')}`);
  }
  return parsed.entries;
}

/**
 * Reads a journal's text. Never throws: every problem is returned with its `file:line`. The last
 * line, when it is not newline-terminated and not valid JSON, is a torn write (the process died
 * mid-append): a warning, and it is ignored. Any other bad line is an error (and is left out of
 * `entries`), as are lines that break the run's structure: a first line that is not `apply-start`,
 * a second `apply-start`, another run's id, a step id the plan (its steps and its rollback recipes'
 * steps) does not have, a rollback trigger it has no recipe for, an apply-start plan that fails
 * its digest check.
 */
export function parseJournal(text: string, file: string): ParsedJournal {
  const entries: JournalEntry[] = [];
  const problems: JournalProblem[] = [];
  const lines = text === '' ? [] : text.split('\n');
  const terminated = text.endsWith('\n');
  if (terminated) lines.pop();
  let start: ApplyStartEntry | undefined;
  let stepIds = new Set<string>();
  let triggers = new Set<string>();

  lines.forEach((raw, index) => {
    const line = index + 1;
    const error = (message: string): void => void problems.push({ severity: 'error', file, line, message });
    const isTail = !terminated && index === lines.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (thrown) {
      if (isTail) {
        problems.push({
          severity: 'warning',
          file,
          line,
          message: 'the last line is incomplete (the process stopped while writing it); it is ignored',
        });
      } else {
        error(raw.trim() === '' ? 'empty line' : `not valid JSON: ${(thrown as Error).message}`);
      }
      return;
    }
    const shapeProblem = entryShapeProblem(value);
    if (shapeProblem) return error(shapeProblem);
    const entry = value as JournalEntry;

    if (start === undefined) {
      if (entry.type !== 'apply-start') return error(`the first entry must be "apply-start", not "${entry.type}"`);
      try {
        readPlanDocument(JSON.stringify(entry.plan));
      } catch (thrown) {
        return error(`the apply-start plan cannot be used: ${(thrown as Error).message}`);
      }
      start = entry;
      const recipes = entry.plan.rollbacks ?? [];
      stepIds = new Set([...entry.plan.steps, ...recipes.flatMap((r) => r.steps)].map((s) => s.id));
      triggers = new Set(recipes.map((r) => r.trigger));
    } else {
      if (entry.type === 'apply-start') return error('a second "apply-start": a journal holds one run');
      if (entry.runId !== start.runId) {
        return error(`entry of run "${entry.runId}" in the journal of run "${start.runId}"`);
      }
      if ('stepId' in entry && !stepIds.has(entry.stepId)) return error(`step "${entry.stepId}" is not in the plan`);
      if ('trigger' in entry && !triggers.has(entry.trigger)) return error(`the plan has no rollback recipe for step "${entry.trigger}"`);
    }
    entries.push(entry);
  });

  if (start === undefined && !problems.some((p) => p.severity === 'error')) {
    problems.push({
      severity: 'error',
      file,
      line: 1,
      message: 'the journal has no apply-start entry: the apply never started, there is nothing to resume',
    });
  }
  return { entries, problems };
}

type Json = Record<string, unknown>;

function isTxtProof(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const o = value as Json;
  return ['zoneId', 'name', 'value', 'changeId'].every((key) => typeof o[key] === 'string');
}

const OUTCOME_STATUSES: readonly unknown[] = ['completed', 'skipped', 'failed'];
const SKIP_REASONS: readonly unknown[] = ['postcondition-holds', 'nothing-to-wait-for'];
const APPLY_STATUSES: readonly unknown[] = ['succeeded', 'failed', 'stale', 'aborted', 'interrupted', 'rolled-back', 'window-closed'];

/** What is wrong with one entry's shape (null: nothing). Unknown extra fields are allowed. */
function entryShapeProblem(value: unknown): string | null {
  if (!isObject(value)) return 'an entry must be a JSON object';
  if (!('v' in value)) return 'missing "v" (the journal format version)';
  if (value.v !== JOURNAL_VERSION) {
    return `journal format version ${JSON.stringify(value.v)} is not supported (this cfalias reads version ${JOURNAL_VERSION})`;
  }
  const type = value.type;
  const common = field(value, 'runId', 'string') ?? field(value, 'at', 'string');
  if (common) return common;
  if (!isValidRunId(value.runId as string)) return `"runId" ${JSON.stringify(value.runId)} is not a valid run id`;
  if (Number.isNaN(Date.parse(value.at as string))) return `"at" ${JSON.stringify(value.at)} is not a date`;
  switch (type) {
    case 'apply-start':
      return (
        field(value, 'holder', 'string') ??
        optionalString(value, 'engineVersion') ??
        (isObject(value.plan) ? null : '"plan" must be an object')
      );
    case 'resume':
      return field(value, 'holder', 'string') ?? optionalString(value, 'engineVersion');
    case 'intent':
      return field(value, 'stepId', 'string') ?? positiveInteger(value, 'attempt') ?? optionalString(value, 'account');
    case 'retry':
      return (
        field(value, 'stepId', 'string') ??
        optionalString(value, 'account') ??
        positiveInteger(value, 'attempt') ??
        (typeof value.delayMs === 'number' && value.delayMs >= 0 ? null : '"delayMs" must be a non-negative number') ??
        recordedError(value.error)
      );
    case 'outcome': {
      const problem = field(value, 'stepId', 'string') ?? optionalString(value, 'account');
      if (problem) return problem;
      if (!OUTCOME_STATUSES.includes(value.status)) return '"status" must be "completed", "skipped" or "failed"';
      if (value.reason !== undefined && !SKIP_REASONS.includes(value.reason)) return `"reason" ${JSON.stringify(value.reason)} is unknown`;
      if (value.status === 'failed' && value.error === undefined) return 'a failed outcome needs "error"';
      if (value.error !== undefined) {
        const errorProblem = recordedError(value.error);
        if (errorProblem) return errorProblem;
      }
      if (value.mismatches !== undefined && !(Array.isArray(value.mismatches) && value.mismatches.every(isMismatch))) {
        return '"mismatches" must be a list of {field, expected, found}';
      }
      if (value.changeId !== undefined && typeof value.changeId !== 'string') return '"changeId" must be a string';
      if (value.txtProof !== undefined && !isTxtProof(value.txtProof))
        return '"txtProof" must be {zoneId, name, value, changeId} (strings)';
      return null;
    }
    case 'rollback-start':
      return field(value, 'trigger', 'string') ?? recordedError(value.error);
    case 'rollback-end':
      return (
        field(value, 'trigger', 'string') ??
        (value.status === 'done' || value.status === 'failed' ? null : '"status" must be "done" or "failed"')
      );
    case 'interrupt':
      return value.mode === 'drain' || value.mode === 'abort' ? null : '"mode" must be "drain" or "abort"';
    case 'apply-end': {
      if (!APPLY_STATUSES.includes(value.status)) return `"status" ${JSON.stringify(value.status)} is unknown`;
      const summary = value.summary;
      if (!isObject(summary)) return '"summary" must be an object';
      for (const key of ['completed', 'skipped', 'failed', 'notStarted']) {
        const n = summary[key];
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return `"summary.${key}" must be a count`;
      }
      return null;
    }
    default:
      return typeof type === 'string' ? `unknown entry type "${type}"` : 'missing "type"';
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(o: Json, key: string, type: 'string'): string | null {
  if (typeof o[key] !== type || o[key] === '') return `"${key}" must be a non-empty ${type}`;
  return null;
}

function optionalString(o: Json, key: string): string | null {
  return o[key] === undefined ? null : field(o, key, 'string');
}

function positiveInteger(o: Json, key: string): string | null {
  const n = o[key];
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? null : `"${key}" must be a positive integer`;
}

function recordedError(value: unknown): string | null {
  if (!isObject(value) || typeof value.name !== 'string' || typeof value.message !== 'string') {
    return '"error" must be {name, message}';
  }
  const context = callContextOf(value);
  const bad = CALL_CONTEXT_FIELDS.find((key) => value[key] !== undefined && context[key] === undefined);
  if (bad !== undefined) return `"error.${bad}" must be a ${bad === 'httpStatus' ? 'number' : 'non-empty string'}`;
  return null;
}

function isMismatch(value: unknown): boolean {
  return isObject(value) && typeof value.field === 'string' && 'expected' in value && 'found' in value;
}
