/**
 * The single-writer apply lock, as a lease: whoever holds an unexpired lease may apply; the holder
 * keeps it alive with a heartbeat; an expired lease (its holder crashed or hung) may be taken over.
 * Backends (a local file, an S3 object) live in providers; this module holds the contract, the
 * lease document they store, and `holdLease`, the acquire-wait-heartbeat-release loop an apply runs
 * inside. Pure: time comes from the injected Clock, no I/O.
 */
import type { Clock } from '../clock.js';
import { AbortedError, CfaliasError, LeaseLostError, LockHeldError, type LockHolder } from '../errors.js';

/** The stored lease: who holds the lock, and until when. Times are ISO 8601 UTC. */
export type LeaseInfo = LockHolder;

/** A lease as its holder sees it: the stored info plus what proves ownership to the backend. */
export interface Lease extends LeaseInfo {
  /**
   * Ownership proof the backend checks on renew/release: the lease id for the local file, the
   * object's ETag for S3. Opaque to callers; it changes on every renew (use the returned lease).
   */
  readonly token: string;
  /** The ttl the lease was acquired with; every renew extends `expiry` to now + ttl. */
  readonly ttlSeconds: number;
}

export interface LeaseRequest {
  /** Who asks, for the humans reading a LockHeldError (`alice@ci-42 cfalias apply`). */
  readonly holder: string;
  readonly ttlSeconds: number;
}

export interface LockCallOptions {
  readonly signal?: AbortSignal;
}

/**
 * A lease lock backend. Every method is one atomic decision on the backend (exclusive create,
 * conditional write), so two writers on two machines cannot both hold it.
 *
 * - `acquire`: creates the lease, or takes over an EXPIRED one; a live one → LockHeldError naming it.
 * - `renew`: extends our lease to now + ttl; refused (LeaseLostError) unless it is still ours.
 * - `release`: deletes our lease; refused (LeaseLostError) unless it is still ours.
 * - `inspect`: the current lease (expired or not), null when the lock is free.
 * - `forceRelease(id)`: the operator's `cfalias unlock ID`: deletes the lease only if its id is `id`
 *   (LeaseLostError otherwise), whoever holds it and whether or not it expired.
 */
export interface LeaseLock {
  acquire(request: LeaseRequest, options?: LockCallOptions): Promise<Lease>;
  renew(lease: Lease, options?: LockCallOptions): Promise<Lease>;
  release(lease: Lease, options?: LockCallOptions): Promise<void>;
  inspect(options?: LockCallOptions): Promise<LeaseInfo | null>;
  forceRelease(id: string, options?: LockCallOptions): Promise<void>;
}

/** A stored lease document that is not a lease (a corrupt or foreign lock file/object). */
export class LeaseDocumentError extends CfaliasError {
  override readonly name = 'LeaseDocumentError';
  constructor(
    readonly source: string,
    readonly reason: string,
    message = `${source}: not a cfalias lease (${reason}); inspect it and remove it by hand if no cfalias is running`,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Identity of the process taking a lease; backends get it from their runtime. */
export interface LeaseOwner {
  readonly id: string;
  readonly holder: string;
  readonly pid: number;
  readonly host: string;
}

/** A fresh lease document: created now, expiring `ttlSeconds` later. */
export function newLeaseInfo(owner: LeaseOwner, nowMs: number, ttlSeconds: number): LeaseInfo {
  assertTtl(ttlSeconds);
  return {
    id: owner.id,
    holder: owner.holder,
    pid: owner.pid,
    host: owner.host,
    created: new Date(nowMs).toISOString(),
    expiry: new Date(nowMs + ttlSeconds * 1000).toISOString(),
  };
}

/** The same lease, expiring `ttlSeconds` after `nowMs`. */
export function extendLeaseInfo(info: LeaseInfo, nowMs: number, ttlSeconds: number): LeaseInfo {
  assertTtl(ttlSeconds);
  return { ...leaseInfoOf(info), expiry: new Date(nowMs + ttlSeconds * 1000).toISOString() };
}

/** True when the lease's expiry is at or before `nowMs`: it may be taken over. */
export function isLeaseExpired(info: LeaseInfo, nowMs: number): boolean {
  return Date.parse(info.expiry) <= nowMs;
}

/** Just the stored fields (drops `token`/`ttlSeconds` of a Lease). */
export function leaseInfoOf(info: LeaseInfo): LeaseInfo {
  return { id: info.id, holder: info.holder, pid: info.pid, host: info.host, created: info.created, expiry: info.expiry };
}

/** The stored form: one JSON object, fields in a fixed order, newline-terminated. */
export function serializeLeaseInfo(info: LeaseInfo): string {
  return `${JSON.stringify(leaseInfoOf(info))}\n`;
}

/** Parses a stored lease; LeaseDocumentError (naming `source`) when it is not one. */
export function parseLeaseInfo(text: string, source: string): LeaseInfo {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LeaseDocumentError(source, 'not JSON', undefined, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LeaseDocumentError(source, 'not a JSON object');
  const record = value as Record<string, unknown>;
  for (const field of ['id', 'holder', 'host'] as const) {
    if (typeof record[field] !== 'string' || record[field] === '')
      throw new LeaseDocumentError(source, `"${field}" must be a non-empty string`);
  }
  if (!Number.isInteger(record['pid'])) throw new LeaseDocumentError(source, '"pid" must be an integer');
  for (const field of ['created', 'expiry'] as const) {
    const text = record[field];
    if (typeof text !== 'string' || Number.isNaN(Date.parse(text)))
      throw new LeaseDocumentError(source, `"${field}" must be an ISO 8601 time`);
  }
  return leaseInfoOf(record as unknown as LeaseInfo);
}

function assertTtl(ttlSeconds: number): void {
  if (!(Number.isFinite(ttlSeconds) && ttlSeconds > 0))
    throw new RangeError(`lease ttlSeconds must be a positive number (got ${ttlSeconds})`);
}

// ---------------------------------------------------------------- holding a lease during apply

export interface HoldLeaseOptions {
  readonly clock: Clock;
  /** Seconds between renewals. Default: a third of the ttl, so two renewals may fail before expiry. */
  readonly heartbeatSeconds?: number;
  /** `--lock-timeout`: how long to wait for a held lock before giving up with its LockHeldError. Default 0. */
  readonly timeoutSeconds?: number;
  /** Cancels the wait for the lock (AbortedError). It does not touch a lease already held: `stop()` does. */
  readonly signal?: AbortSignal;
  /** Called once when the lease is lost: a renew was refused, or renewals failed until it expired. */
  readonly onLost?: (error: LeaseLostError) => void;
  /** Called after each renewal; the next heartbeat is scheduled once the returned promise settles. */
  readonly onRenewed?: (lease: Lease) => void | Promise<void>;
  /** Called before each wait for a held lock, with its holder and the wait in milliseconds. */
  readonly onWaiting?: (current: LeaseInfo, waitMs: number) => void;
}

export interface HeldLease {
  /** The current lease (it changes with every renewal). */
  readonly lease: Lease;
  /** True once the lease is known lost. */
  readonly lost: boolean;
  /** Stops the heartbeat and releases the lease (unless lost, which it reports through onLost). Idempotent. */
  stop(): Promise<void>;
}

/** First and largest wait between attempts on a held lock. */
const FIRST_WAIT_MS = 1000;
const MAX_WAIT_MS = 15_000;

/**
 * Acquires the lock (waiting up to `timeoutSeconds` while another writer holds it, with doubling
 * waits that never overshoot the holder's expiry or the deadline), then renews it every
 * `heartbeatSeconds` on the injected clock until `stop()`.
 *
 * A renewal that fails for another reason than LeaseLostError (network, throttling) is retried at
 * the next heartbeat; once the lease's expiry passes without a successful renewal it counts as
 * lost, because from then on another writer may take it over.
 */
export async function holdLease(lock: LeaseLock, request: LeaseRequest, options: HoldLeaseOptions): Promise<HeldLease> {
  const { clock } = options;
  const heartbeatMs = (options.heartbeatSeconds ?? request.ttlSeconds / 3) * 1000;
  if (!(heartbeatMs > 0 && heartbeatMs < request.ttlSeconds * 1000)) {
    throw new RangeError(`heartbeatSeconds must be positive and below the ttl (${request.ttlSeconds}s)`);
  }
  let current = await acquireWithin(lock, request, options);
  let lost = false;
  const stopping = new AbortController();

  const reportLost = (error: LeaseLostError): void => {
    if (lost) return;
    lost = true;
    options.onLost?.(error);
  };

  const heartbeat = (async (): Promise<void> => {
    for (;;) {
      try {
        await clock.sleep(heartbeatMs, stopping.signal);
      } catch (error) {
        if (error instanceof AbortedError) return;
        throw error;
      }
      try {
        current = await lock.renew(current);
      } catch (error) {
        if (error instanceof LeaseLostError) return reportLost(error);
        if (isLeaseExpired(current, clock.now())) {
          return reportLost(
            new LeaseLostError(current.id, null, `lease ${current.id} expired at ${current.expiry} while its renewal kept failing`, {
              cause: error,
            }),
          );
        }
        continue;
      }
      await options.onRenewed?.(current);
    }
  })();

  let stopped: Promise<void> | undefined;
  return {
    get lease() {
      return current;
    },
    get lost() {
      return lost;
    },
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        await heartbeat;
        if (lost) return;
        try {
          await lock.release(current);
        } catch (error) {
          if (error instanceof LeaseLostError) return reportLost(error);
          throw error;
        }
      })();
      return stopped;
    },
  };
}

async function acquireWithin(lock: LeaseLock, request: LeaseRequest, options: HoldLeaseOptions): Promise<Lease> {
  const { clock, signal } = options;
  const deadline = clock.now() + (options.timeoutSeconds ?? 0) * 1000;
  let backoffMs = FIRST_WAIT_MS;
  for (;;) {
    if (signal?.aborted) throw new AbortedError();
    try {
      return await lock.acquire(request, signal ? { signal } : {});
    } catch (error) {
      if (!(error instanceof LockHeldError)) throw error;
      const now = clock.now();
      let waitMs = Math.min(backoffMs, deadline - now);
      const untilExpiry = Date.parse(error.current.expiry) - now;
      if (untilExpiry > 0 && untilExpiry < waitMs) waitMs = untilExpiry;
      if (waitMs <= 0) throw error;
      options.onWaiting?.(error.current, waitMs);
      await clock.sleep(waitMs, signal);
      backoffMs = Math.min(backoffMs * 2, MAX_WAIT_MS);
    }
  }
}
