/**
 * Inventory: the live facts a plan is computed from. Plain data, produced by a provider's
 * `readInventory` (or loaded from a snapshot) and never mutated by the engine.
 *
 * Normalisation contract (providers must honour it): hostnames and aliases are lowercase without
 * a trailing dot; DNS record and zone names are lowercase fully-qualified WITH a trailing dot, and
 * Route 53's `\052` escape is decoded to `*`; CloudFront domain names have no trailing dot.
 */

export type DistributionStatus = 'Deployed' | 'InProgress';

export interface Distribution {
  readonly id: string;
  readonly accountId: string;
  /** `d111111abcdef8.cloudfront.net` */
  readonly domainName: string;
  readonly enabled: boolean;
  readonly status: DistributionStatus;
  readonly aliases: readonly string[];
  /** ACM certificate ARN of the viewer certificate; null for the CloudFront default certificate. */
  readonly certificateArn: string | null;
}

export type CertificateStatus = 'ISSUED' | 'PENDING_VALIDATION' | 'INACTIVE' | 'EXPIRED' | 'VALIDATION_TIMED_OUT' | 'REVOKED' | 'FAILED';

export interface Certificate {
  readonly arn: string;
  readonly domainName: string;
  readonly subjectAlternativeNames: readonly string[];
  readonly status: CertificateStatus;
  /** ISO 8601; null when ACM reports none (not yet issued). */
  readonly notAfter: string | null;
}

/** CloudFront's fixed hosted zone id for alias records. */
export const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';

export interface AliasTarget {
  /** With trailing dot, as Route 53 stores it: `d111.cloudfront.net.` */
  readonly dnsName: string;
  readonly hostedZoneId: string;
  readonly evaluateTargetHealth?: boolean;
}

export interface DnsRecord {
  /** Fully qualified, lowercase, trailing dot: `www.example.com.` */
  readonly name: string;
  readonly type: string;
  readonly ttl?: number;
  /** Resource record values (CNAME target, quoted TXT strings, addresses). */
  readonly values?: readonly string[];
  readonly aliasTarget?: AliasTarget;
}

export interface HostedZone {
  readonly id: string;
  /** `example.com.` */
  readonly name: string;
  readonly privateZone?: boolean;
  readonly records: readonly DnsRecord[];
}

/** An alias held outside the account, as `ListConflictingAliases` reports it (ids partly masked). */
export interface ForeignOwner {
  readonly alias: string;
  readonly distributionId: string;
  readonly accountId: string;
}

export interface Inventory {
  /** The caller's account id. */
  readonly account: string;
  /** When the facts were read (ISO 8601). */
  readonly readAt: string;
  readonly distributions: readonly Distribution[];
  readonly certificates: readonly Certificate[];
  readonly hostedZones: readonly HostedZone[];
  readonly foreignOwners: readonly ForeignOwner[];
  /** Service quotas in force; defaults apply when absent. */
  readonly limits?: { readonly aliasesPerDistribution: number };
  /** Expected durations the provider knows (the sandbox's settings); defaults apply when absent. */
  readonly timing?: { readonly deploySeconds: number; readonly dnsSyncSeconds: number };
  /**
   * Where the facts were read: a sandbox world (emulated) or AWS (the default when absent). A plan
   * records it, and apply refuses to run a plan against the other one.
   */
  readonly environment?: 'aws' | 'sandbox';
}

export const DEFAULT_ALIAS_QUOTA = 100;
export const DEFAULT_DEPLOY_SECONDS = 300;
export const DEFAULT_DNS_SYNC_SECONDS = 60;
