/**
 * Stage 4, apply: run exactly a plan's steps against live state, and record what happened.
 *
 * Contract: `applyPlan(plan, options)` never re-diffs. It refuses a plan up front only when it
 * must not run (`PlanBlockedError`, `PlanFileError`), or when the live state it was made from has
 * changed in a way it depends on (`StaleBasisError`, read before the first write, nothing written);
 * otherwise it re-checks each step's
 * precondition against the provider right before the step, stops clean on a stale one, retries
 * throttling and ETag races within a budget, runs a failed move's rollback recipe, honours the
 * maintenance window, the drain and abort signals, and resolves with what happened (completed,
 * skipped, failed, not started) rather than throwing. Progress goes to the `onEvent` hook; the
 * write-ahead journal goes to a `JournalSink`, from which `resumeApply` continues an interrupted
 * run. The single-writer lock is a `LeaseLock` port held through `holdLease`. Time comes from the
 * injected `Clock`; core does no I/O of its own (file journals and lock backends are providers').
 */
export { applyPlan, type ApplyOptions } from './executor.js';
export { applyWithEvents, type ApplyEventStream } from './event-stream.js';
export { basisDifferences, basisScope } from './basis-check.js';
export { holderWords, readAliasHolders, type HolderWordsOptions } from './alias-holders.js';
export type { UnsettledAlias } from './unsettled.js';
export type {
  ApplyEvent,
  ApplyEventListener,
  ApplyMetrics,
  ApplyResult,
  ApplyStatus,
  RollbackReport,
  SkipReason,
  StepFailure,
} from './events.js';
export type { TxtProofCreated } from './step-context.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export type { OnFailure } from './rollback.js';
export { reconcileJournal, resumeApply, type JournalState } from './resume.js';
export {
  JOURNAL_VERSION,
  MemoryJournal,
  assertJournalUsable,
  formatJournalProblem,
  journalHasErrors,
  newRunId,
  parseJournal,
  serializeJournalEntry,
  type ApplyEndEntry,
  type ApplyStartEntry,
  type IntentEntry,
  type InterruptEntry,
  type JournalEntry,
  type JournalEntryType,
  type JournalProblem,
  type JournalSink,
  type OutcomeEntry,
  type OutcomeStatus,
  type ParsedJournal,
  type RecordedError,
  type EntryBase as JournalEntryBase,
  type ResumeEntry,
  type RetryEntry,
  type RollbackEndEntry,
  type RollbackStartEntry,
} from './journal.js';
export {
  LeaseDocumentError,
  extendLeaseInfo,
  holdLease,
  isLeaseExpired,
  newLeaseInfo,
  parseLeaseInfo,
  serializeLeaseInfo,
  type HeldLease,
  type HoldLeaseOptions,
  type Lease,
  type LeaseInfo,
  type LeaseLock,
  type LeaseOwner,
  type LeaseRequest,
  type LockCallOptions,
} from './lock.js';
