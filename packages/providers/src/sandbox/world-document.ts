/**
 * The sandbox world file (docs/world-format.md), as plain data. It is also the inventory snapshot
 * format. `parseWorldDocument` validates it; `SandboxWorld.fromDocument` loads it;
 * `SandboxWorld.toDocument` writes it back (round trip: identical apart from time moving on).
 *
 * Conventions: aliases are lowercase without a trailing dot; record and zone names are FQDN with a
 * trailing dot (`*` written as `*`, never `\052`); timestamps are ISO 8601 UTC.
 */
import type { CertificateStatus, DistributionStatus } from '@cfalias/core';

export const WORLD_FORMAT_VERSION = 1;

export interface WorldSettings {
  /** Seconds an accepted distribution update stays InProgress. Default 300. */
  readonly deploySeconds?: number;
  /** Seconds a Route 53 change stays PENDING. Default 60 (`DEFAULT_DNS_SYNC_SECONDS`). */
  readonly dnsSyncSeconds?: number;
  /** Aliases per distribution (TooManyDistributionCNAMEs beyond it). Default 100. */
  readonly aliasQuota?: number;
  /** Simulated latency of each API call, applied by the callers (provider, emulator). Default 0. */
  readonly apiLatencyMs?: number;
  /**
   * Control-plane throttling: a token bucket per account over the mutating calls
   * (`RATE_LIMITED_OPERATIONS`), on the world's clock. Calls beyond it answer `Throttling` (400) and
   * have no effect. Default: none (unlimited).
   */
  readonly mutationRateLimit?: MutationRateLimit;
  /**
   * Whether UpdateDomainAssociation needs the `_<domain>` TXT record when the source and the
   * target are in the same account. The CloudFront Developer Guide ("Set up the target") says to
   * skip the TXT step for same-account moves, so the default is false; true plays an AWS that
   * asks for it anyway. Cross-account moves always need it. AssociateAlias always needs it.
   */
  readonly sameAccountMoveRequiresTxt?: boolean;
  /**
   * Whether UpdateDomainAssociation refuses a request without `If-Match` (InvalidIfMatchVersion).
   * The service model lists the error but does not mark the header required; AWS does not say
   * which it does. Default true: the stricter answer, so a client that forgets it is caught.
   */
  readonly domainAssociationRequiresIfMatch?: boolean;
  /**
   * Domains per distribution tenant (EntityLimitExceeded beyond it). Default 5: the service model's
   * UpdateDistributionTenant documentation ("Each distribution tenant can have up to 5 domains").
   */
  readonly tenantDomainQuota?: number;
  /**
   * Whether ListDomainConflicts lists the domains of the control resource itself (the resource
   * whose certificate vouches for the query). AWS does not say; default true, false plays an AWS
   * that leaves them out.
   */
  readonly domainConflictsIncludeControlResource?: boolean;
  /**
   * Operations the caller's IAM policy does not allow (`["UpdateDomainAssociation"]`): every call
   * of them, by any account, answers AccessDenied (CloudFront, IAM, Route 53: 403; ACM:
   * AccessDeniedException) naming the IAM action, before anything else happens. Plays a principal
   * whose policy predates an operation. Default: none.
   */
  readonly deniedOperations?: readonly string[];
  /**
   * Real-time costs of the HTTP emulator (emulator/real-time-costs.ts): a latency on every request
   * and request rate limits per service, in real (wall-clock) time, answering `Throttling` past
   * them. The in-process provider ignores it. Default: none.
   */
  readonly realTime?: RealTimeCosts;
}

/** A token bucket in real time: `perSecond` sustained, `burst` at once (default: max(1, floor(perSecond))). */
export interface RequestRateLimit {
  readonly perSecond: number;
  readonly burst?: number;
}

/** One service's request rate limits, per account. */
export interface ServiceRateLimit extends RequestRateLimit {
  /** Each operation has its own bucket of this size (true), or all share one (false, default). */
  readonly perOperation?: boolean;
  /** Operations with a bucket of their own, other than the service's. */
  readonly operations?: Readonly<Record<string, RequestRateLimit>>;
}

export interface RealTimeCosts {
  /** Real milliseconds before each request is answered (throttled ones too). Default 0. */
  readonly latencyMs?: number;
  /** By service; a service not listed is not limited. */
  readonly rateLimits?: {
    readonly cloudfront?: ServiceRateLimit;
    readonly route53?: ServiceRateLimit;
    readonly acm?: ServiceRateLimit;
  };
}

export interface MutationRateLimit {
  /** Tokens added per simulated second (> 0). */
  readonly perSecond: number;
  /** Bucket size: calls that may go through at once after a quiet spell (>= 1). Default: max(1, floor(perSecond)). */
  readonly burst?: number;
}

/** The operations one account's mutation bucket counts; reads are never throttled by it. */
export const RATE_LIMITED_OPERATIONS: readonly string[] = [
  'UpdateDistribution',
  'AssociateAlias',
  'UpdateDomainAssociation',
  'UpdateDistributionTenant',
  'ChangeResourceRecordSets',
];

/** How a distribution is reached: `direct` (a standard distribution) or `tenant-only` (multi-tenant: only its tenants serve domains). */
export type ConnectionMode = 'direct' | 'tenant-only';

export interface DistributionDocument {
  readonly id: string;
  /** `d1blue.cloudfront.net` (no trailing dot). */
  readonly domainName: string;
  readonly enabled: boolean;
  readonly status: DistributionStatus;
  /** When an InProgress distribution becomes Deployed. Default: load time + deploySeconds. */
  readonly deployedAt?: string;
  readonly aliases: readonly string[];
  /** ACM certificate ARN of the viewer certificate; null or absent: CloudFront default certificate (or `iamCertificateId`). */
  readonly certificateArn?: string | null;
  /**
   * `ViewerCertificate.IAMCertificateId`: an IAM server certificate of the same account
   * (`iamCertificates[].serverCertificateId`, `ASCA…`) instead of an ACM one. Standard
   * distributions only; never together with `certificateArn`.
   */
  readonly iamCertificateId?: string;
  /**
   * `direct` (default): a standard distribution. `tenant-only`: a multi-tenant distribution, a
   * template for its tenants (`tenants[].distributionId`); it has no aliases of its own.
   */
  readonly connectionMode?: ConnectionMode;
  /** Config version; the ETag is derived from it and changes with every accepted update. Default 1. */
  readonly configVersion?: number;
  readonly lastModifiedTime?: string;
  /**
   * The rest of the AWS `DistributionConfig` (PascalCase members such as `Comment`, `Origins`,
   * `DefaultCacheBehavior`, `ViewerCertificate.SSLSupportMethod`), opaque and preserved as is.
   * `Aliases`, `Enabled` and `ViewerCertificate.ACMCertificateArn` live in the fields above.
   */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** One domain of a distribution tenant. */
export interface TenantDomainDocument {
  /** Lowercase, no trailing dot, like an alias (`*.example.com` allowed). */
  readonly domain: string;
  /** Default `active`. */
  readonly status?: 'active' | 'inactive';
}

/**
 * A distribution tenant (CloudFront SaaS Manager): serves its `domains` with the configuration of
 * its multi-tenant distribution, through its connection group's routing endpoint.
 */
export interface TenantDocument {
  /** `dt_` followed by letters and digits. */
  readonly id: string;
  /** Unique within the account. */
  readonly name: string;
  /** Default `arn:aws:cloudfront::<account>:distribution-tenant/<id>`. */
  readonly arn?: string;
  /** The multi-tenant (`tenant-only`) distribution of the same account it is a tenant of. */
  readonly distributionId: string;
  readonly domains: readonly TenantDomainDocument[];
  readonly enabled: boolean;
  readonly status: DistributionStatus;
  /** When an InProgress tenant becomes Deployed. Default: load time + deploySeconds. */
  readonly deployedAt?: string;
  /** Default: the account's default connection group (`isDefault`). */
  readonly connectionGroupId?: string;
  /** `Customizations.Certificate.Arn`: an ACM certificate of the account; absent: the multi-tenant distribution's. */
  readonly certificateArn?: string;
  /** The ETag derives from it and changes with every accepted update. Default 1. */
  readonly configVersion?: number;
  readonly createdTime?: string;
  readonly lastModifiedTime?: string;
}

/** A connection group: owns the routing endpoint its tenants' domains point at. */
export interface ConnectionGroupDocument {
  /** `cg_` followed by letters and digits. */
  readonly id: string;
  readonly name: string;
  /** `d111111abcdef8.cloudfront.net`-like (no trailing dot); unique in the world. */
  readonly routingEndpoint: string;
  readonly enabled: boolean;
  /** The account's default group (tenants without `connectionGroupId` use it); at most one per account. */
  readonly isDefault: boolean;
  /** Default 1. */
  readonly configVersion?: number;
  readonly arn?: string;
}

/** An IAM server certificate (the older way to give CloudFront a certificate: `ViewerCertificate.IAMCertificateId`). */
export interface IamCertificateDocument {
  /** `ASCA` followed by uppercase letters and digits. */
  readonly serverCertificateId: string;
  /** `ServerCertificateName`, unique within the account. */
  readonly name: string;
  /** Default `/cloudfront/` (the path CloudFront requires for IAM certificates). */
  readonly path?: string;
  /** The subject's common name. */
  readonly domainName: string;
  /** Every name the certificate covers (the common name among them), lowercase. */
  readonly subjectAlternativeNames: readonly string[];
  /** ISO time the certificate expires. */
  readonly notAfter: string;
  /** ISO time it was uploaded. Default: `notAfter` minus a year. */
  readonly uploadDate?: string;
}

export interface CertificateDocument {
  readonly arn: string;
  readonly domainName: string;
  readonly subjectAlternativeNames: readonly string[];
  readonly status: CertificateStatus;
  readonly notAfter?: string | null;
}

export interface AliasTargetDocument {
  /** With trailing dot: `d1blue.cloudfront.net.` */
  readonly dnsName: string;
  readonly hostedZoneId: string;
  readonly evaluateTargetHealth?: boolean;
}

export interface RecordDocument {
  readonly name: string;
  readonly type: string;
  readonly ttl?: number;
  readonly values?: readonly string[];
  readonly aliasTarget?: AliasTargetDocument;
}

export interface HostedZoneDocument {
  /** Bare id (`Z1EXAMPLE`), without `/hostedzone/`. */
  readonly id: string;
  readonly name: string;
  readonly privateZone?: boolean;
  readonly records: readonly RecordDocument[];
}

export interface AccountDocument {
  readonly id: string;
  readonly distributions?: readonly DistributionDocument[];
  readonly certificates?: readonly CertificateDocument[];
  readonly hostedZones?: readonly HostedZoneDocument[];
  readonly tenants?: readonly TenantDocument[];
  readonly connectionGroups?: readonly ConnectionGroupDocument[];
  readonly iamCertificates?: readonly IamCertificateDocument[];
}

/** Errors a fault can inject. ConnectionReset and Timeout are transport faults, the rest service errors. */
export type FaultError =
  'Throttling' | 'PreconditionFailed' | 'CNAMEAlreadyExists' | 'InvalidViewerCertificate' | 'InternalError' | 'ConnectionReset' | 'Timeout';

export const FAULT_ERRORS: readonly FaultError[] = [
  'Throttling',
  'PreconditionFailed',
  'CNAMEAlreadyExists',
  'InvalidViewerCertificate',
  'InternalError',
  'ConnectionReset',
  'Timeout',
];

export interface FaultDocument {
  /** AWS operation name (`UpdateDistribution`, `ChangeResourceRecordSets`...): see `SANDBOX_OPERATIONS`. */
  readonly operation: string;
  /** Distribution id, hosted zone id, certificate ARN or change id; absent: any resource. */
  readonly resource?: string;
  readonly error: FaultError;
  /** How many matching calls fail. Default 1. */
  readonly times?: number;
  /** Matching calls let through before the fault starts firing. Default 0. */
  readonly after?: number;
  /**
   * `before` (default): the call fails without effect. `after`: the effect happens, then the answer
   * is lost (the caller sees the error although the change was made).
   */
  readonly when?: 'before' | 'after';
}

/**
 * A Route 53 change the world still remembers (PENDING until `syncAt`, INSYNC after): a saved world
 * keeps the pending ones and the finished ones of the last 24 hours (at most 1000), so a run cut
 * during its DNS wait can ask GetChange about its change after a reload.
 */
export interface ChangeDocument {
  /** Bare id (`C0000000000001`). */
  readonly id: string;
  readonly zoneId: string;
  readonly submittedAt: string;
  readonly syncAt: string;
}

export interface WorldDocument {
  /** The JSON Schema an editor validates the file with (`world.schema.json`); kept as is, never read. */
  readonly $schema?: string;
  /** Notes for the reader (a string, or a list of lines); kept as is, never read. */
  readonly $comment?: string | readonly string[];
  readonly version: typeof WORLD_FORMAT_VERSION;
  /** The account the in-process provider acts as by default. */
  readonly caller: string;
  /** Simulated time the world is at. Default: the real time at load. */
  readonly now?: string;
  readonly settings?: WorldSettings;
  /** Access key id → account id, for the HTTP emulator. */
  readonly credentials?: Readonly<Record<string, string>>;
  readonly accounts: readonly AccountDocument[];
  readonly faults?: readonly FaultDocument[];
  /** Route 53 changes GetChange can still answer for (see ChangeDocument). */
  readonly changes?: readonly ChangeDocument[];
  /** S3 buckets that exist in the sandbox (for the S3 lease lock), e.g. `["locks"]`. Objects are not saved. */
  readonly s3Buckets?: readonly string[];
}
