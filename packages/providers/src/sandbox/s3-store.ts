/**
 * The sandbox's S3: an in-memory object store with S3's conditional-write rules, enough for the
 * S3 lease lock (PutObject, GetObject, HeadObject, DeleteObject). Buckets are the world's
 * `s3Buckets`; objects are runtime state and are not written back to the world file.
 *
 * Rules modelled (Amazon S3 User Guide, "Add preconditions to S3 operations with conditional
 * requests"):
 * - `If-None-Match: *` on PutObject: 412 PreconditionFailed when the key exists.
 * - `If-Match: <etag>` on PutObject and DeleteObject: 412 PreconditionFailed when the current ETag
 *   differs; 404 NoSuchKey when the key does not exist.
 * - ETag: the quoted hex MD5 of the body (single-part upload). `*` for If-Match matches any object.
 * - 404 NoSuchBucket for a bucket the world does not name; 404 NoSuchKey for a missing key.
 * Operations are synchronous and the emulator serves requests one at a time, so there are no
 * overlapping writes and therefore no 409 ConditionalRequestConflict here.
 */
import { createHash } from 'node:crypto';
import { CfaliasError, type Clock, type ErrorOptions } from '@cfalias/core';

export type S3Operation = 'PutObject' | 'GetObject' | 'HeadObject' | 'DeleteObject';

/** An S3 error answer: `code` as S3 names it, its HTTP status, and the extra envelope fields. */
export class S3StoreError extends CfaliasError {
  override readonly name = 'S3StoreError';
  constructor(
    override readonly operation: S3Operation,
    readonly code: 'NoSuchBucket' | 'NoSuchKey' | 'PreconditionFailed',
    override readonly httpStatus: number,
    message: string,
    /** Extra elements of the `<Error>` envelope (`BucketName`, `Key`, `Condition`). */
    readonly details: Readonly<Record<string, string>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface S3Object {
  readonly body: string;
  /** Quoted, as S3 sends it: `"9b2cf535f27731c974343645a3985328"`. */
  readonly etag: string;
  readonly contentType: string;
  /** Clock ms. */
  readonly lastModified: number;
}

export interface PutObjectConditions {
  readonly ifMatch?: string;
  readonly ifNoneMatch?: string;
}

export class S3ObjectStore {
  private readonly buckets: Map<string, Map<string, S3Object>>;

  constructor(
    bucketNames: readonly string[],
    private readonly clock: Clock,
  ) {
    this.buckets = new Map(bucketNames.map((name) => [name, new Map<string, S3Object>()]));
  }

  get bucketNames(): readonly string[] {
    return [...this.buckets.keys()];
  }

  putObject(bucket: string, key: string, body: string, contentType: string, conditions: PutObjectConditions = {}): S3Object {
    const objects = this.bucket('PutObject', bucket);
    const existing = objects.get(key);
    if (conditions.ifNoneMatch !== undefined && existing && etagMatches(conditions.ifNoneMatch, existing.etag)) {
      throw preconditionFailed('PutObject', 'If-None-Match');
    }
    if (conditions.ifMatch !== undefined) this.checkIfMatch('PutObject', bucket, key, existing, conditions.ifMatch);
    const stored: S3Object = { body, etag: etagOf(body), contentType, lastModified: this.clock.now() };
    objects.set(key, stored);
    return stored;
  }

  getObject(bucket: string, key: string, operation: 'GetObject' | 'HeadObject' = 'GetObject'): S3Object {
    const object = this.bucket(operation, bucket).get(key);
    if (!object) throw noSuchKey(operation, bucket, key);
    return object;
  }

  /** Without If-Match, deleting a missing key succeeds (S3 answers 204 either way). */
  deleteObject(bucket: string, key: string, conditions: { readonly ifMatch?: string } = {}): void {
    const objects = this.bucket('DeleteObject', bucket);
    if (conditions.ifMatch !== undefined) this.checkIfMatch('DeleteObject', bucket, key, objects.get(key), conditions.ifMatch);
    objects.delete(key);
  }

  private bucket(operation: S3Operation, name: string): Map<string, S3Object> {
    const objects = this.buckets.get(name);
    if (!objects) throw new S3StoreError(operation, 'NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: name });
    return objects;
  }

  private checkIfMatch(operation: S3Operation, bucket: string, key: string, existing: S3Object | undefined, ifMatch: string): void {
    if (!existing) throw noSuchKey(operation, bucket, key);
    if (!etagMatches(ifMatch, existing.etag)) throw preconditionFailed(operation, 'If-Match');
  }
}

/** `*`, or any of a comma-separated list of (quoted or bare, possibly weak) ETags. */
function etagMatches(condition: string, etag: string): boolean {
  const bare = (value: string): string => value.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return condition.split(',').some((candidate) => candidate.trim() === '*' || bare(candidate) === bare(etag));
}

function etagOf(body: string): string {
  return `"${createHash('md5').update(body, 'utf8').digest('hex')}"`;
}

function noSuchKey(operation: S3Operation, bucket: string, key: string): S3StoreError {
  return new S3StoreError(operation, 'NoSuchKey', 404, 'The specified key does not exist.', { Key: key, BucketName: bucket });
}

function preconditionFailed(operation: S3Operation, condition: 'If-Match' | 'If-None-Match'): S3StoreError {
  return new S3StoreError(operation, 'PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', {
    Condition: condition,
  });
}
