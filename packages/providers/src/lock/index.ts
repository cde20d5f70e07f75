/**
 * Lease lock backends for the single-writer apply lock (core's `LeaseLock` port): a local file and
 * an S3 object written with conditional requests. Contract: both pass the lease lock contract
 * suite; `createLeaseLockFromSettings` picks one from the desired file's `lock` settings.
 */
export { createLocalLeaseLock, DEFAULT_LOCAL_LOCK_FILE, type LocalLeaseLockOptions } from './local-lease.js';
export { isProcessAlive } from './lock-file.js';
export { createS3LeaseLock, type S3LeaseLockOptions, type S3LockClientOptions } from './s3-lease.js';
export { createLeaseLockFromSettings, type ConfiguredLeaseLock, type LeaseLockFromSettingsOptions } from './lease-lock-from-settings.js';
