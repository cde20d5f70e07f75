/**
 * The sandbox: `SandboxWorld` is the one model of the CloudFront, ACM and Route 53 rules (global
 * alias uniqueness, the DNS rule, ETags, deployments on simulated time, TXT proof, quotas, faults,
 * a mutation rate limit), with AWS-shaped operations taking the caller's account. Contract: a world
 * is loaded from and saved to a versioned world document (`WORLD_FORMAT_VERSION`), every bad field
 * reported at once (`WorldFileError`); `createSandboxProvider` puts a `CutoverProvider` in front of
 * it in process, and passes the same contract suite as the AWS provider.
 */
export { createSandboxProvider, type SandboxProviderOptions } from './sandbox-provider.js';
export {
  SandboxWorld,
  type CallRecord,
  type DistributionView,
  type ResolvedSettings,
  type SandboxWorldOptions,
  type TenantView,
} from './world-model.js';
export type {
  AliasesShape,
  CertificateDetailShape,
  CertificateSummaryShape,
  ChangeAction as Route53ChangeAction,
  ChangeBatchShape,
  ChangeInfoOutput,
  ChangeInfoShape,
  ConflictingAliasShape,
  DescribeCertificateOutput,
  DistributionConfigShape,
  DistributionConfigWithETag,
  DistributionShape,
  DistributionStatusShape,
  DistributionSummaryShape,
  DistributionWithETag,
  HostedZoneShape,
  ListCertificatesOptions,
  ListCertificatesOutput,
  ListConflictingAliasesOutput,
  ListDistributionsOutput,
  ListHostedZonesOutput,
  ListResourceRecordSetsOptions,
  ListResourceRecordSetsOutput,
  TestDnsAnswerOutput,
  PageOptions,
  ResourceRecordSetShape,
  SandboxOperation,
  ViewerCertificateShape,
  ConnectionGroupShape,
  ConnectionGroupWithETag,
  DistributionResourceRef,
  DistributionTenantShape,
  DistributionTenantSummaryShape,
  DistributionTenantWithETag,
  DnsConfigurationStatus,
  DomainConflictShape,
  DomainResultShape,
  GetServerCertificateOutput,
  ListConnectionGroupsOutput,
  ListDistributionTenantsOptions,
  ListDistributionTenantsOutput,
  ListDomainConflictsInput,
  ListDomainConflictsOutput,
  ListServerCertificatesOptions,
  ListServerCertificatesOutput,
  ServerCertificateMetadataShape,
  UpdateDistributionTenantInput,
  UpdateDomainAssociationInput,
  UpdateDomainAssociationOutput,
  VerifyDnsConfigurationInput,
  VerifyDnsConfigurationOutput,
} from './aws-shapes.js';
export { fromResourceRecordSet, toResourceRecordSet } from './route53-records.js';
export { S3ObjectStore, type PutObjectConditions, type S3Object } from './s3-store.js';
export type { ResolvedRateLimit } from './mutation-rate-limit.js';
export { loadWorldFile, parseWorldDocument, saveWorldFile } from './world-file.js';
export { worldSchema, worldSchemaText } from './world-schema.js';
export {
  RATE_LIMITED_OPERATIONS,
  WORLD_FORMAT_VERSION,
  type AccountDocument,
  type AliasTargetDocument,
  type CertificateDocument,
  type ChangeDocument,
  type DistributionDocument,
  type FaultDocument,
  type FaultError,
  type HostedZoneDocument,
  type MutationRateLimit,
  type RealTimeCosts,
  type RecordDocument,
  type RequestRateLimit,
  type ServiceRateLimit,
  type WorldDocument,
  type WorldSettings,
  type ConnectionGroupDocument,
  type ConnectionMode,
  type IamCertificateDocument,
  type TenantDocument,
  type TenantDomainDocument,
} from './world-document.js';
