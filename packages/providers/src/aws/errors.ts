/**
 * Translation of AWS SDK v3 errors into the engine's error classes, at the provider boundary.
 *
 * Contract: every error that leaves the AWS provider is a `CfaliasError`; the SDK error is kept as
 * `cause`. Classification is by the error's `name` (the AWS error code, which the SDK sets on both
 * modelled and unmodelled service exceptions), then by `$metadata.httpStatusCode` / `$retryable`,
 * then by the Node.js network error `code`. By the time an error gets here the client's retry
 * strategy has already retried throttling and transient failures `maxAttempts` times. Every
 * translated error carries the call's context (core's `CallContext`): operation, resource, the
 * alias when the call was about one, and, when an answer came, its HTTP status and request id.
 */
import {
  AbortedError,
  AliasConflictError,
  CfaliasError,
  InvalidCertificateError,
  OwnershipProofError,
  PreconditionFailedError,
  RequestRejectedError,
  ResourceNotFoundError,
  ThrottlingError,
  TransientError,
  WaitTimeoutError,
  type ErrorOptions,
} from '@cfalias/core';
import { isOwnershipRefusal, moveAccessFix } from '../move-refusals.js';

/** What the call was about, beyond its operation and resource, for the richer error classes. */
export interface ErrorContext {
  /** The alias(es) being added: AliasConflictError names the one the message mentions, else all of them. */
  readonly aliases?: readonly string[];
  /**
   * Set by the waiters only: the allowance in seconds. A waiter gives up with an error named
   * `TimeoutError` (the same name a socket timeout has), so only the caller can tell them apart.
   */
  readonly waitSeconds?: number;
  /** The call moves `aliases[0]` (UpdateDomainAssociation or AssociateAlias): a refusal names what would fix it. */
  readonly move?: boolean;
}

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'PriorRequestNotComplete',
]);

const NOT_FOUND_CODES = new Set(['ResourceNotFoundException', 'EntityNotFound', 'NotFound']);

const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
  readonly $response?: { readonly headers?: Readonly<Record<string, string | undefined>> };
  readonly $retryable?: { readonly throttling?: boolean };
}

function shapeOf(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? error : {};
}

/**
 * The engine error for an SDK error raised by `operation` on `resource` (a distribution id, zone
 * id, change id or certificate ARN). Errors that already are engine errors (a guard's
 * StalePlanError, for one) pass through unchanged.
 */
export function translateAwsError(error: unknown, operation: string, resource: string, context: ErrorContext = {}): CfaliasError {
  if (error instanceof CfaliasError) return error;
  const e = shapeOf(error);
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const code = typeof e.code === 'string' ? e.code : '';
  const status = e.$metadata?.httpStatusCode;
  const detail = typeof e.message === 'string' && e.message !== '' ? e.message : name;
  const added = context.aliases ?? [];
  const conflictAlias = name === 'CNAMEAlreadyExists' ? added.find((a) => detail.includes(a)) : undefined;
  const alias = conflictAlias ?? (added.length === 1 ? added[0] : undefined);
  const requestId = requestIdOf(e);
  const call = {
    operation,
    resource,
    ...(alias !== undefined ? { alias } : {}),
    ...(status !== undefined ? { httpStatus: status } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  };
  const options = { cause: error, call };

  if (name === 'AbortError') return new AbortedError(`${operation} ${resource}: aborted`, options);
  if (context.waitSeconds !== undefined && name === 'TimeoutError' && status === undefined) {
    return new WaitTimeoutError(resource, context.waitSeconds, undefined, options);
  }
  if (THROTTLING_CODES.has(name) || status === 429 || e.$retryable?.throttling === true) {
    return new ThrottlingError(operation, `${operation} ${resource}: rate exceeded (${name}: ${detail})`, options);
  }
  if (name === 'PreconditionFailed') return new PreconditionFailedError(resource, undefined, options);
  if (name === 'CNAMEAlreadyExists') {
    const named = alias ?? (added.length > 0 ? added.join(', ') : 'alias');
    return new AliasConflictError(named, resource, `${named}: cannot be added to ${resource}: ${detail} (CNAMEAlreadyExists)`, options);
  }
  if (name === 'InvalidViewerCertificate') {
    return new InvalidCertificateError(resource, `${resource}: ${detail} (InvalidViewerCertificate)`, options);
  }
  if (context.move === true) {
    const moved = moveRefusal(name, detail, operation, resource, context.aliases?.[0] ?? 'alias', options);
    if (moved) return moved;
  }
  if (name.startsWith('NoSuch') || NOT_FOUND_CODES.has(name)) {
    return new ResourceNotFoundError(resource, `${resource}: not found (${name})`, options);
  }
  if (status !== undefined && status >= 500) {
    return new TransientError(operation, 'server-error', `${operation} ${resource}: ${name} (HTTP ${status})`, options);
  }
  // The Node.js code first: the SDK's HTTP handler names a reset socket `TimeoutError` too.
  if (CONNECTION_CODES.has(code)) {
    return new TransientError(operation, 'connection-reset', `${operation} ${resource}: connection failed (${code}: ${detail})`, options);
  }
  if (TIMEOUT_NAMES.has(name) || TIMEOUT_CODES.has(code)) {
    return new TransientError(operation, 'timeout', `${operation} ${resource}: timed out (${code || name})`, options);
  }
  if (e.$retryable !== undefined) {
    return new TransientError(operation, 'server-error', `${operation} ${resource}: ${name}: ${detail}`, options);
  }
  return new RequestRejectedError(operation, name, `${operation} ${resource}: ${name}: ${detail}`, options);
}

/**
 * The service's id of the request: the SDK's `$metadata.requestId` (from `x-amzn-RequestId`, S3's
 * `x-amz-request-id`, or the error body's `<RequestId>`), else the raw response headers.
 */
function requestIdOf(e: SdkErrorShape): string | undefined {
  const headers = e.$response?.headers ?? {};
  const candidates = [e.$metadata?.requestId, headers['x-amzn-requestid'], headers['x-amz-request-id']];
  return candidates.find((id): id is string => typeof id === 'string' && id !== '');
}

/**
 * The refusals of a move that say what would fix them: the `_<alias>` TXT ownership record
 * (IllegalUpdate naming TXT: the engine creates it and retries), and a principal whose IAM policy
 * lacks the move's action (AccessDenied: name the action, and the option that uses the other call).
 */
function moveRefusal(
  name: string,
  detail: string,
  operation: string,
  resource: string,
  alias: string,
  options: ErrorOptions,
): CfaliasError | undefined {
  if (isOwnershipRefusal(name, detail)) {
    return new OwnershipProofError(operation, alias, `${operation} ${alias} → ${resource}: ${detail} (IllegalUpdate)`, options);
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    return new RequestRejectedError(
      operation,
      name,
      `${operation} ${alias} → ${resource}: access denied (${detail}); ${moveAccessFix(operation)}`,
      options,
    );
  }
  return undefined;
}
