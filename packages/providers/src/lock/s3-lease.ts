/**
 * The distributed lease lock on S3 conditional writes, for pipelines on many machines: one object
 * (`s3://bucket/key`) holding the JSON lease (core lock.ts `LeaseInfo`); its ETag is the ownership
 * token.
 *
 * - acquire: `PutObject If-None-Match: *` creates the lease only if no object exists (412 if one
 *   does). Then the object is read: a live lease → LockHeldError naming it; an expired one is taken
 *   over with `PutObject If-Match: <its ETag>`, which S3 applies only if nobody changed it since
 *   the read, so of two takers exactly one wins and the other re-reads and finds the winner.
 * - renew: `PutObject If-Match: <our ETag>`; release: `DeleteObject If-Match: <our ETag>`. A 412
 *   (someone else's ETag) or 404 (no object) means the lease is no longer ours: LeaseLostError.
 * - 409 ConditionalRequestConflict (a conflicting conditional write was in flight on the key) is
 *   answered by re-reading and deciding again, a bounded number of times.
 *
 * Expiry is judged on the reading machine's clock against the `expiry` the holder wrote, so the ttl
 * must be far larger than the clock skew between machines (NTP keeps it under a second; use ttls of
 * a minute or more).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import {
  extendLeaseInfo,
  isLeaseExpired,
  LeaseLostError,
  LockHeldError,
  newLeaseInfo,
  parseLeaseInfo,
  RequestRejectedError,
  serializeLeaseInfo,
  systemClock,
  TransientError,
  type CfaliasError,
  type Clock,
  type Lease,
  type LeaseInfo,
  type LeaseLock,
  type LeaseRequest,
  type LockCallOptions,
} from '@cfalias/core';
import { translateAwsError } from '../aws/errors.js';
import { credentialProviders, s3Sdk } from '../deferred-modules.js';

export interface S3LeaseLockOptions {
  /** One client per region and credentials (see `createS3LockClient`). */
  readonly client: S3Client;
  readonly bucket: string;
  readonly key: string;
  /** Reads lease times. Default: the system clock. */
  readonly clock?: Clock;
  /** Identity written into leases. Default: this process's pid and the host name. */
  readonly pid?: number;
  readonly host?: string;
  /** Lease ids. Default: random UUIDs. */
  readonly newId?: () => string;
}

export interface S3LockClientOptions {
  readonly region?: string;
  /** A custom endpoint (emulator, moto, MinIO): addressed path-style (`/bucket/key`). */
  readonly endpoint?: string;
  /** Explicit credentials or a provider; default: the standard Node.js credential chain (of `profile`). */
  readonly credentials?: S3ClientConfig['credentials'];
  /**
   * Shared-config profile for the credential chain (and the profile's `endpoint_url`), as the AWS
   * provider takes it (`--profile`): the lock is written with the same identity as the cutover.
   */
  readonly profile?: string;
  /** Attempts per request, first one included (SDK default 3). */
  readonly maxAttempts?: number;
}

/**
 * An S3 client for the lock. Custom endpoints (explicit, or `AWS_ENDPOINT_URL_S3` /
 * `AWS_ENDPOINT_URL`, which the SDK applies itself) get path-style addressing, because an emulator
 * on 127.0.0.1 has no per-bucket host names.
 */
export function createS3LockClient(options: S3LockClientOptions = {}): S3Client {
  const customEndpoint = options.endpoint ?? process.env['AWS_ENDPOINT_URL_S3'] ?? process.env['AWS_ENDPOINT_URL'];
  return new (s3Sdk().S3Client)({
    region: options.region ?? 'us-east-1',
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(customEndpoint !== undefined ? { forcePathStyle: true } : {}),
    ...(options.credentials !== undefined
      ? { credentials: options.credentials }
      : options.profile !== undefined
        ? { credentials: credentialProviders().fromNodeProviderChain({ profile: options.profile }) }
        : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
  });
}

/** How S3 answered a conditional request, or the engine error for anything else. */
export type ConditionalOutcome = 'precondition-failed' | 'conflict' | 'no-such-key';

/**
 * Classifies an S3 error: the three answers a conditional write can get, or (as `error`) the engine
 * error for the rest (throttling, 5xx, network, NoSuchBucket, access denied...).
 */
export function classifyS3Error(
  error: unknown,
  operation: string,
  resource: string,
): ConditionalOutcome | { readonly error: CfaliasError } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  const name = typeof e.name === 'string' ? e.name : '';
  const status = e.$metadata?.httpStatusCode;
  if (name === 'PreconditionFailed' || status === 412) return 'precondition-failed';
  // OperationAborted (409) is S3's older name for "a conflicting conditional operation is in progress".
  if (name === 'ConditionalRequestConflict' || name === 'OperationAborted') return 'conflict';
  // HeadObject answers a bare 404 that the SDK names NotFound.
  if (name === 'NoSuchKey' || name === 'NotFound') return 'no-such-key';
  return { error: translateAwsError(error, operation, resource) };
}

/** Rounds of put-read-decide before a call gives up on an object that keeps changing under it. */
const MAX_ROUNDS = 8;

interface StoredLease {
  readonly info: LeaseInfo;
  readonly etag: string;
}

/** The lease object in S3: conditional reads and writes of it, each one decision of S3's. */
class S3LeaseObject {
  readonly resource: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly key: string,
  ) {
    this.resource = `s3://${bucket}/${key}`;
  }

  /** The answer of one conditional request: its value, or how S3 refused it. */
  private async attempt<T>(operation: string, call: () => Promise<T>): Promise<Attempt<T>> {
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      const outcome = classifyS3Error(error, operation, this.resource);
      if (typeof outcome === 'string') return { ok: false, refused: outcome };
      throw outcome.error;
    }
  }

  /** PutObject of the lease under one condition; the new ETag when S3 took it. */
  async put(info: LeaseInfo, condition: { IfNoneMatch: '*' } | { IfMatch: string }, call: LockCallOptions): Promise<Attempt<string>> {
    return this.attempt('PutObject', async () => {
      const output = await this.client.send(
        new (s3Sdk().PutObjectCommand)({
          Bucket: this.bucket,
          Key: this.key,
          Body: serializeLeaseInfo(info),
          ContentType: 'application/json',
          ...condition,
        }),
        sendOptions(call),
      );
      if (!output.ETag) throw new RequestRejectedError('PutObject', 'MissingETag', `${this.resource}: PutObject answered without an ETag`);
      return output.ETag;
    });
  }

  async read(call: LockCallOptions): Promise<StoredLease | null> {
    const outcome = await this.attempt('GetObject', async () => {
      const output = await this.client.send(new (s3Sdk().GetObjectCommand)({ Bucket: this.bucket, Key: this.key }), sendOptions(call));
      const text = (await output.Body?.transformToString('utf-8')) ?? '';
      if (!output.ETag) throw new RequestRejectedError('GetObject', 'MissingETag', `${this.resource}: GetObject answered without an ETag`);
      return { info: parseLeaseInfo(text, this.resource), etag: output.ETag };
    });
    if (outcome.ok) return outcome.value;
    if (outcome.refused === 'no-such-key') return null;
    throw new TransientError('GetObject', 'server-error', `${this.resource}: GetObject answered ${outcome.refused}`);
  }

  async deleteIfId(id: string, token: string | undefined, call: LockCallOptions): Promise<void> {
    let etag = token;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (etag === undefined) {
        const current = await this.read(call);
        if (current?.info.id !== id) throw new LeaseLostError(id, current?.info ?? null);
        etag = current.etag;
      }
      const outcome = await this.attempt('DeleteObject', () =>
        this.client.send(new (s3Sdk().DeleteObjectCommand)({ Bucket: this.bucket, Key: this.key, IfMatch: etag }), sendOptions(call)),
      );
      if (outcome.ok) return;
      if (outcome.refused === 'no-such-key') throw new LeaseLostError(id, null);
      if (outcome.refused === 'precondition-failed' && token !== undefined)
        throw new LeaseLostError(id, (await this.read(call))?.info ?? null);
      // 409 (a write was in flight), or a forced release whose holder renewed meanwhile: read again.
      etag = undefined;
    }
    throw this.contended();
  }

  contended(): RequestRejectedError {
    return new RequestRejectedError(
      'PutObject',
      'LockContended',
      `${this.resource} kept changing during ${MAX_ROUNDS} attempts; try again`,
    );
  }
}

export function createS3LeaseLock(options: S3LeaseLockOptions): LeaseLock {
  const object = new S3LeaseObject(options.client, options.bucket, options.key);
  const clock = options.clock ?? systemClock;
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const newId = options.newId ?? randomUUID;

  return {
    async acquire(request: LeaseRequest, call: LockCallOptions = {}): Promise<Lease> {
      const info = newLeaseInfo({ id: newId(), holder: request.holder, pid, host }, clock.now(), request.ttlSeconds);
      const leaseOf = (etag: string): Lease => ({ ...info, token: etag, ttlSeconds: request.ttlSeconds });
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const created = await object.put(info, { IfNoneMatch: '*' }, call);
        if (created.ok) return leaseOf(created.value);
        const current = await object.read(call);
        if (current === null) continue; // released between our put and our read
        if (!isLeaseExpired(current.info, clock.now())) throw new LockHeldError(current.info);
        const taken = await object.put(info, { IfMatch: current.etag }, call);
        if (taken.ok) return leaseOf(taken.value);
        // 412/404/409: someone renewed, released or took it over since our read; decide again.
      }
      throw object.contended();
    },

    async renew(lease: Lease, call: LockCallOptions = {}): Promise<Lease> {
      const renewed = extendLeaseInfo(lease, clock.now(), lease.ttlSeconds);
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const outcome = await object.put(renewed, { IfMatch: lease.token }, call);
        if (outcome.ok) return { ...renewed, token: outcome.value, ttlSeconds: lease.ttlSeconds };
        if (outcome.refused === 'conflict') continue;
        const current = await object.read(call);
        // Our own write whose answer was lost (the SDK retried it and the retry met our new ETag).
        if (current && serializeLeaseInfo(current.info) === serializeLeaseInfo(renewed)) {
          return { ...renewed, token: current.etag, ttlSeconds: lease.ttlSeconds };
        }
        throw new LeaseLostError(lease.id, current?.info ?? null);
      }
      throw object.contended();
    },

    release: (lease: Lease, call: LockCallOptions = {}) => object.deleteIfId(lease.id, lease.token, call),
    forceRelease: (id: string, call: LockCallOptions = {}) => object.deleteIfId(id, undefined, call),

    async inspect(call: LockCallOptions = {}): Promise<LeaseInfo | null> {
      return (await object.read(call))?.info ?? null;
    },
  };
}

type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refused: ConditionalOutcome };

function sendOptions(call: LockCallOptions): { abortSignal?: AbortSignal } {
  return call.signal ? { abortSignal: call.signal } : {};
}
