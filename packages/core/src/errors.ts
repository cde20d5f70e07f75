/**
 * Typed errors of the engine. Providers translate their SDK/transport errors into these at the
 * boundary (keeping the original as `cause`); only the CLI entry point maps them to exit codes.
 */

/**
 * The service call an error came from, as the provider saw it: what AWS Support needs to find the
 * request (`requestId`) and what an operator needs to act. Every field is optional: an error that
 * no call answered (a dropped connection) has no status and no request id.
 */
export interface CallContext {
  /** The API operation (`UpdateDistribution`, `ChangeResourceRecordSets`). */
  readonly operation?: string;
  /** What it was called on: a distribution id, zone id, change id, certificate ARN, lock key. */
  readonly resource?: string;
  /** The alias the call was about, when there is exactly one. */
  readonly alias?: string;
  /** The HTTP status of the answer. */
  readonly httpStatus?: number;
  /** The service's id of the request (`x-amzn-RequestId`; S3: `x-amz-request-id`). */
  readonly requestId?: string;
}

/** The keys of CallContext, in the order they are shown and serialised. */
export const CALL_CONTEXT_FIELDS = ['operation', 'resource', 'alias', 'httpStatus', 'requestId'] as const;

export interface ErrorOptions {
  readonly cause?: unknown;
  /** The call behind the error; its fields become the error's own (`error.requestId`). Default: the cause's. */
  readonly call?: CallContext;
}

/**
 * Base class: every error the engine raises or understands. An error that came from a service
 * call carries that call's context as own fields (see CallContext): `operation`, `resource`,
 * `alias`, `httpStatus`, `requestId` — absent, not undefined, when unknown, so serialising the
 * error's own fields (JSON events, the journal) shows only what is known.
 */
export class CfaliasError extends Error implements CallContext {
  override readonly name: string = 'CfaliasError';
  declare readonly operation?: string;
  declare readonly resource?: string;
  declare readonly alias?: string;
  declare readonly httpStatus?: number;
  declare readonly requestId?: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    // An error that wraps a call's error (a 409 read as a stale plan) keeps that call's context.
    const call = options?.call ?? callContextOf(options?.cause);
    if (call) {
      const self = this as unknown as Record<string, unknown>;
      for (const key of CALL_CONTEXT_FIELDS) if (call[key] !== undefined) self[key] = call[key];
    }
  }
}

/** The call context an error carries (a CfaliasError's own fields), for errors of any kind. */
export function callContextOf(error: unknown): CallContext {
  if (typeof error !== 'object' || error === null) return {};
  const source = error as Record<string, unknown>;
  const context: Record<string, unknown> = {};
  for (const key of CALL_CONTEXT_FIELDS) {
    const value = source[key];
    if ((key === 'httpStatus' && typeof value === 'number') || (key !== 'httpStatus' && typeof value === 'string' && value !== '')) {
      context[key] = value;
    }
  }
  return context;
}

/** The control plane answered "Rate exceeded" (CloudFront `Throttling`, Route 53 `Throttling`/`PriorRequestNotComplete`). Retryable. */
export class ThrottlingError extends CfaliasError {
  override readonly name = 'ThrottlingError';
  constructor(
    override readonly operation: string,
    message = `${operation}: rate exceeded`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A write was refused because the ETag sent with `If-Match` is stale (HTTP 412). Retryable: re-read, re-check, retry. */
export class PreconditionFailedError extends CfaliasError {
  override readonly name = 'PreconditionFailedError';
  constructor(
    override readonly resource: string,
    message = `${resource}: the resource changed since it was read (ETag mismatch)`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** `CNAMEAlreadyExists` (409): the alias is held by another distribution, or DNS points at another distribution. */
export class AliasConflictError extends CfaliasError {
  override readonly name = 'AliasConflictError';
  constructor(
    override readonly alias: string,
    readonly distribution: string,
    message = `${alias}: already associated with another distribution (CNAMEAlreadyExists)`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** `InvalidViewerCertificate`: the distribution's certificate does not cover the alias, or is not usable. */
export class InvalidCertificateError extends CfaliasError {
  override readonly name = 'InvalidCertificateError';
  constructor(
    readonly distribution: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The operation was refused for a reason that retrying will not fix (bad request, missing TXT, quota, access). */
export class RequestRejectedError extends CfaliasError {
  override readonly name: string = 'RequestRejectedError';
  constructor(
    override readonly operation: string,
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * CloudFront refused a move because the `_<alias>` TXT ownership record is missing or does not
 * hold the target's DNS name (`IllegalUpdate`, "Invalid or missing alias DNS TXT records").
 */
export class OwnershipProofError extends RequestRejectedError {
  override readonly name: string = 'OwnershipProofError';
  constructor(
    operation: string,
    override readonly alias: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(operation, 'IllegalUpdate', message, options);
  }
}

/** A resource the step needs does not exist (distribution, hosted zone, change, certificate). */
export class ResourceNotFoundError extends CfaliasError {
  override readonly name = 'ResourceNotFoundError';
  constructor(
    override readonly resource: string,
    message = `${resource}: not found`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export type TransientReason = 'server-error' | 'connection-reset' | 'timeout';

/** A 5xx answer, a dropped connection or a timeout: the request may or may not have taken effect. Retryable. */
export class TransientError extends CfaliasError {
  override readonly name = 'TransientError';
  constructor(
    override readonly operation: string,
    readonly reason: TransientReason,
    message = `${operation}: ${reason}`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A wait (deployment or DNS sync) did not finish within its allowance. */
export class WaitTimeoutError extends CfaliasError {
  override readonly name = 'WaitTimeoutError';
  constructor(
    override readonly resource: string,
    readonly waitedSeconds: number,
    message = `${resource}: still not settled after ${waitedSeconds}s`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** One field of live state that differs from what the plan expected. */
export interface StateMismatch {
  readonly field: string;
  readonly expected: unknown;
  readonly found: unknown;
}

/** Semantic staleness: live state no longer matches a step's precondition. Apply stops; nothing is retried. */
export class StalePlanError extends CfaliasError {
  override readonly name: string = 'StalePlanError';
  constructor(
    readonly stepId: string,
    override readonly resource: string,
    readonly mismatches: readonly StateMismatch[],
    message = `step ${stepId}: ${resource} no longer matches the plan (${mismatches.map((m) => m.field).join(', ')})`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A step found its change already made, and this run may not count it as its own (a fresh apply,
 * or a step the journal never shows started): another writer made it since the plan. Stale, with
 * nothing written; it starts no rollback, since the step left nothing half-done.
 */
export class ChangeAlreadyMadeError extends StalePlanError {
  override readonly name: string = 'ChangeAlreadyMadeError';
}

/** One fact the plan was made from that reads differently now, in words (`on E1BLUE (blue)`, `on no distribution`). */
export interface BasisDifference {
  /** What differs: an alias, a distribution, a certificate, a record set (`www.example.com. A/AAAA/CNAME`). */
  readonly subject: string;
  /** Which fact of it: `holder`, `exists`, `enabled`, `certificate`, `alias quota`, `status`, `expiry`, `coverage`, `records`. */
  readonly fact: string;
  readonly expected: string;
  readonly found: string;
}

/**
 * The live state the plan was made from has changed in a way the plan depends on (apply's
 * whole-plan check before its first write): nothing was written. Make a new plan.
 */
export class StaleBasisError extends CfaliasError {
  override readonly name = 'StaleBasisError';
  constructor(
    readonly differences: readonly BasisDifference[],
    message = `the plan is stale: ${differences.length} ${differences.length === 1 ? 'fact it was made from has' : 'facts it was made from have'} changed (${differences
      .slice(0, 3)
      .map((d) => `${d.subject} ${d.fact}`)
      .join(', ')}${differences.length > 3 ? ', …' : ''}); nothing was changed`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A plan document that cannot be applied: unknown format version, digest mismatch, malformed
 * content, or made against another environment (a sandbox world vs AWS).
 */
export class PlanFileError extends CfaliasError {
  override readonly name = 'PlanFileError';
  constructor(
    readonly reason: 'unsupported-version' | 'digest-mismatch' | 'malformed' | 'other-environment',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The live account is not the one the desired file names. */
export class AccountMismatchError extends CfaliasError {
  override readonly name = 'AccountMismatchError';
  constructor(
    readonly expected: string,
    readonly found: string,
    message = `desired state is for account ${expected}, but the credentials reach account ${found}`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Work stopped because the caller's AbortSignal fired. */
export class AbortedError extends CfaliasError {
  override readonly name = 'AbortedError';
  constructor(message = 'aborted', options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * A write-ahead journal that cannot be read or written: a malformed line (`file:line`), a journal of
 * another run, or a failed append (the step whose intent could not be recorded is not run).
 */
export class JournalError extends CfaliasError {
  override readonly name = 'JournalError';
  constructor(
    readonly reason: 'malformed' | 'other-run' | 'write-failed',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Errors the executor retries with backoff: the request can be repeated safely. */
export function isRetryableError(error: unknown): boolean {
  return error instanceof ThrottlingError || error instanceof PreconditionFailedError || error instanceof TransientError;
}

/** A plan with error diagnostics: it is a plan (it can be shown) but it cannot be applied. */
export class PlanBlockedError extends CfaliasError {
  override readonly name = 'PlanBlockedError';
  constructor(
    /** The error diagnostics' codes, in plan order. */
    readonly codes: readonly string[],
    message = `the plan is blocked by ${codes.length} error diagnostic(s) (${[...new Set(codes)].join(', ')}) and cannot be applied`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Who holds a lease lock (lock.ts `LeaseInfo`), repeated here so errors.ts imports nothing. */
export interface LockHolder {
  readonly id: string;
  readonly holder: string;
  readonly pid: number;
  readonly host: string;
  /** ISO 8601 UTC */
  readonly created: string;
  readonly expiry: string;
}

/** Another writer holds the apply lock (CLI exit 5). `current` names it; `cfalias unlock <id>` frees it. */
export class LockHeldError extends CfaliasError {
  override readonly name = 'LockHeldError';
  constructor(
    readonly current: LockHolder,
    message = `the lock is held by ${current.holder} on ${current.host} (pid ${current.pid}) since ${current.created}, until ${current.expiry} unless renewed; lease id ${current.id}`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A renew, release or forced release was refused: the lock no longer holds the lease `leaseId`
 * (it expired and was taken over, was released, or was force-released). `current` is whoever holds
 * the lock now, null when it is free.
 */
export class LeaseLostError extends CfaliasError {
  override readonly name = 'LeaseLostError';
  constructor(
    readonly leaseId: string,
    readonly current: LockHolder | null,
    message = current === null
      ? `lease ${leaseId} is no longer held: the lock is free`
      : `lease ${leaseId} is no longer held: the lock is held by ${current.holder} on ${current.host} (pid ${current.pid}), lease id ${current.id}`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * `apply` was asked to start outside its maintenance window `[start, end)` (CLI exit 6). Thrown
 * before any provider call or journal entry: nothing was changed. `window` repeats
 * desired.ts's `MaintenanceWindow` shape so errors.ts imports nothing.
 */
export class OutsideWindowError extends CfaliasError {
  override readonly name = 'OutsideWindowError';
  constructor(
    readonly window: { readonly start: string; readonly end: string },
    /** ISO 8601 UTC, from the apply's clock. */
    readonly now: string,
    message = `now (${now}) is outside the maintenance window ${window.start} – ${window.end}: nothing was changed`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
