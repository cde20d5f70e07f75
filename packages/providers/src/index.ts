/**
 * @cfalias/providers: what the engine in @cfalias/core needs from the outside world.
 *
 * - AWS: `createAwsProvider`, the `CutoverProvider` over the AWS SDK v3.
 * - Sandbox: `SandboxWorld` (the one model of the CloudFront, ACM and Route 53 rules, on a
 *   simulated clock), its world file, and `createSandboxProvider`, the in-process provider.
 * - Emulator: `createEmulator`, the same world behind the AWS wire protocols.
 * - Lease locks (a local file, an S3 object) and the journal file.
 *
 * These named exports are the package's public API, frozen by the report in
 * `api/providers.api.md` (`pnpm api:update` after a deliberate change): anything not named here is
 * internal. The provider contract suite is `@cfalias/providers/testing`.
 *
 * @module @cfalias/providers
 */
export {
  accountFromArn,
  type AwsClientOptions,
  type AwsClients,
  type AwsCredentials,
  type AwsProvider,
  type AwsProviderOptions,
  createAwsProvider,
  type ErrorContext,
  type RetryMode,
  translateAwsError,
  type WaiterOptions,
} from './aws/index.js';
export {
  type AccountDocument,
  type AliasesShape,
  type AliasTargetDocument,
  type CallRecord,
  type CertificateDetailShape,
  type CertificateDocument,
  type CertificateSummaryShape,
  type ChangeBatchShape,
  type ChangeDocument,
  type ChangeInfoOutput,
  type ChangeInfoShape,
  type ConflictingAliasShape,
  createSandboxProvider,
  type DescribeCertificateOutput,
  type DistributionConfigShape,
  type DistributionConfigWithETag,
  type DistributionDocument,
  type DistributionShape,
  type DistributionStatusShape,
  type DistributionSummaryShape,
  type DistributionView,
  type DistributionWithETag,
  type FaultDocument,
  type FaultError,
  fromResourceRecordSet,
  type HostedZoneDocument,
  type HostedZoneShape,
  type ListCertificatesOptions,
  type ListCertificatesOutput,
  type ListConflictingAliasesOutput,
  type ListDistributionsOutput,
  type ListHostedZonesOutput,
  type ListResourceRecordSetsOptions,
  type ListResourceRecordSetsOutput,
  loadWorldFile,
  type MutationRateLimit,
  type RealTimeCosts,
  type RequestRateLimit,
  type ServiceRateLimit,
  type PageOptions,
  parseWorldDocument,
  type PutObjectConditions,
  RATE_LIMITED_OPERATIONS,
  type RecordDocument,
  type ResolvedRateLimit,
  type ResolvedSettings,
  type ResourceRecordSetShape,
  type Route53ChangeAction,
  type S3Object,
  S3ObjectStore,
  type SandboxOperation,
  type SandboxProviderOptions,
  SandboxWorld,
  type SandboxWorldOptions,
  saveWorldFile,
  toResourceRecordSet,
  type ViewerCertificateShape,
  WORLD_FORMAT_VERSION,
  type WorldDocument,
  worldSchema,
  type WorldSettings,
} from './sandbox/index.js';
export {
  createEmulator,
  DEFAULT_LATENCY_MS,
  PUBLISHED_RATE_LIMITS,
  publishedCosts,
  type EmulatorOptions,
  type RunningEmulator,
  SANDBOX_ACCESS_KEY_ID,
  SANDBOX_SECRET_ACCESS_KEY,
} from './emulator/index.js';
export {
  type ConfiguredLeaseLock,
  createLeaseLockFromSettings,
  createLocalLeaseLock,
  createS3LeaseLock,
  DEFAULT_LOCAL_LOCK_FILE,
  type LeaseLockFromSettingsOptions,
  type LocalLeaseLockOptions,
  type S3LeaseLockOptions,
  type S3LockClientOptions,
} from './lock/index.js';
export { SandboxServiceError, SandboxTransportFault, WorldFileError, type SandboxService, type WorldFileProblem } from './errors.js';
export { openFileJournal, readJournalFile, type FileJournal } from './journal/file-journal.js';
