/**
 * The sandbox world file (DESIGN.md "Sandbox world file"), as plain data. It is also the inventory
 * snapshot format. `parseWorldDocument` validates it; `SandboxWorld.fromDocument` loads it;
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
  /** Seconds a Route 53 change stays PENDING. Default 30. */
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
export const RATE_LIMITED_OPERATIONS: readonly string[] = ['UpdateDistribution', 'AssociateAlias', 'ChangeResourceRecordSets'];

export interface DistributionDocument {
  readonly id: string;
  /** `d1blue.cloudfront.net` (no trailing dot). */
  readonly domainName: string;
  readonly enabled: boolean;
  readonly status: DistributionStatus;
  /** When an InProgress distribution becomes Deployed. Default: load time + deploySeconds. */
  readonly deployedAt?: string;
  readonly aliases: readonly string[];
  /** ACM certificate ARN of the viewer certificate; null or absent: CloudFront default certificate. */
  readonly certificateArn?: string | null;
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

/** A Route 53 change still remembered by the world (PENDING until `syncAt`). */
export interface ChangeDocument {
  /** Bare id (`C0000000000001`). */
  readonly id: string;
  readonly zoneId: string;
  readonly submittedAt: string;
  readonly syncAt: string;
}

export interface WorldDocument {
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
  readonly changes?: readonly ChangeDocument[];
  /** S3 buckets that exist in the sandbox (for the S3 lease lock), e.g. `["locks"]`. Objects are not saved. */
  readonly s3Buckets?: readonly string[];
}
