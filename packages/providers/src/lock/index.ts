/** Lease lock backends for the single-writer apply lock (core lock.ts): a local file and an S3 object. */
export { createLocalLeaseLock, DEFAULT_LOCAL_LOCK_FILE, type LocalLeaseLockOptions } from './local-lease.js';
export {
  classifyS3Error,
  createS3LeaseLock,
  createS3LockClient,
  type ConditionalOutcome,
  type S3LeaseLockOptions,
  type S3LockClientOptions,
} from './s3-lease.js';
export { createLeaseLockFromSettings, type ConfiguredLeaseLock, type LeaseLockFromSettingsOptions } from './lease-lock-from-settings.js';
