/**
 * The lock `cfalias.yaml` asks for (`lock:` in core desired.ts), built: the CLI's one call. No
 * `lock:` section means the local lease file beside the desired file.
 */
import { isAbsolute, join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Clock, LeaseLock, LockSettings } from '@cfalias/core';
import { createLocalLeaseLock, DEFAULT_LOCAL_LOCK_FILE } from './local-lease.js';
import { createS3LeaseLock, createS3LockClient, type S3LockClientOptions } from './s3-lease.js';

export interface LeaseLockFromSettingsOptions {
  /** Directory relative lock paths are resolved against (the desired file's). */
  readonly directory: string;
  readonly clock?: Clock;
  /** For `backend: s3`: endpoint and credentials of the S3 client (region comes from the settings). */
  readonly s3?: Omit<S3LockClientOptions, 'region'>;
}

export interface ConfiguredLeaseLock {
  readonly lock: LeaseLock;
  /** Where the lock lives, for messages: a file path or `s3://bucket/key`. */
  readonly location: string;
  /** Releases the backend's resources (the S3 client's sockets). */
  close(): void;
}

export function createLeaseLockFromSettings(
  settings: LockSettings | undefined,
  options: LeaseLockFromSettingsOptions,
): ConfiguredLeaseLock {
  const clockOption = options.clock ? { clock: options.clock } : {};
  if (settings === undefined || settings.backend === 'local') {
    const relative = settings?.path ?? DEFAULT_LOCAL_LOCK_FILE;
    const path = isAbsolute(relative) ? relative : join(options.directory, relative);
    return { lock: createLocalLeaseLock({ path, ...clockOption }), location: path, close: () => undefined };
  }
  const client: S3Client = createS3LockClient({ ...options.s3, ...(settings.region !== undefined ? { region: settings.region } : {}) });
  return {
    lock: createS3LeaseLock({ client, bucket: settings.bucket, key: settings.key, ...clockOption }),
    location: `s3://${settings.bucket}/${settings.key}`,
    close: () => client.destroy(),
  };
}
