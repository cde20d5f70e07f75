/**
 * Inventory: the live facts a plan is computed from. Plain data, produced by a provider's
 * `readInventory` (or loaded from a snapshot) and never mutated by the engine.
 *
 * Normalisation contract (providers must honour it): hostnames and aliases are lowercase without
 * a trailing dot; DNS record and zone names are lowercase fully-qualified WITH a trailing dot, and
 * Route 53's `\052` escape is decoded to `*`; CloudFront domain names have no trailing dot. An
 * alias target carries `evaluateTargetHealth` only when it is true: Route 53 answers the flag for
 * every alias target (it is required in its AliasTarget), and false, its default, is left out, so
 * one world reads into the same inventory through every provider.
 */

export type DistributionStatus = 'Deployed' | 'InProgress';

/**
 * `standard`: a distribution with aliases of its own. `multi-tenant` (CloudFront SaaS Manager): a
 * template that holds no aliases; its tenants (`DistributionTenant`) hold the domains.
 */
export type DistributionKind = 'standard' | 'multi-tenant';

/** How viewers reach a distribution: directly (standard), or only through its tenants (multi-tenant). */
export type ConnectionMode = 'direct' | 'tenant-only';

export interface Distribution {
  readonly id: string;
  readonly accountId: string;
  /** `d111111abcdef8.cloudfront.net` */
  readonly domainName: string;
  readonly enabled: boolean;
  readonly status: DistributionStatus;
  readonly aliases: readonly string[];
  /**
   * The viewer certificate: an ACM certificate ARN, or an IAM server certificate id (`ASCA…`,
   * `ViewerCertificate.IAMCertificateId`); null for the CloudFront default certificate
   * (`*.cloudfront.net`, which covers no alias).
   */
  readonly certificateArn: string | null;
  /** Absent: `standard`. */
  readonly kind?: DistributionKind;
  /** Absent: `direct`. */
  readonly connectionMode?: ConnectionMode;
}

/**
 * A distribution tenant (CloudFront SaaS Manager): holds `domains` (its aliases) on behalf of the
 * multi-tenant distribution `distributionId`, with its own certificate or the distribution's, and is
 * reached through its connection group, whose routing endpoint (`dXXXX.cloudfront.net`) is the DNS
 * target of its domains. Tenant domains share the global uniqueness rule with distribution aliases.
 */
export interface DistributionTenant {
  /** `dt_…` */
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  /** The multi-tenant distribution it belongs to. */
  readonly distributionId: string;
  /** Its domains, lowercase. */
  readonly domains: readonly string[];
  readonly enabled: boolean;
  readonly status: DistributionStatus;
  /** `Customizations.Certificate.Arn`; null: the multi-tenant distribution's certificate applies. */
  readonly certificateArn: string | null;
  readonly connectionGroupId: string | null;
  /** The connection group's `RoutingEndpoint`, no trailing dot. */
  readonly routingEndpoint: string;
}

export type CertificateStatus = 'ISSUED' | 'PENDING_VALIDATION' | 'INACTIVE' | 'EXPIRED' | 'VALIDATION_TIMED_OUT' | 'REVOKED' | 'FAILED';

/** Where a certificate comes from: ACM (us-east-1 for CloudFront), or IAM (server certificates, global). */
export type CertificateSource = 'acm' | 'iam';

export interface Certificate {
  /** The ACM ARN; for an IAM server certificate, its IAM ARN (`arn:aws:iam::…:server-certificate/…`). */
  readonly arn: string;
  /** Absent: `acm`. */
  readonly source?: CertificateSource;
  /** IAM only: the server certificate id a distribution names (`ViewerCertificate.IAMCertificateId`). */
  readonly iamCertificateId?: string;
  readonly domainName: string;
  readonly subjectAlternativeNames: readonly string[];
  /** ACM's status; an IAM certificate is `ISSUED` until it expires (then `EXPIRED`). */
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
  /**
   * The account whose Route 53 holds the zone (a central DNS account is common); absent: the
   * inventory's `account`. Each record is changed with that account's credentials.
   */
  readonly accountId?: string;
  /** `example.com.` */
  readonly name: string;
  readonly privateZone?: boolean;
  readonly records: readonly DnsRecord[];
}

/** The kind of resource holding a domain, as `ListDomainConflicts` names it. */
export type HolderResourceType = 'distribution' | 'distribution-tenant';

/**
 * An alias held outside the account, as `ListDomainConflicts` reports it: the resource id masked as
 * AWS masks it (7 `*` and its last 7 characters) and the account id too (6 `*` and its last 6 digits).
 */
export interface ForeignOwner {
  readonly alias: string;
  /** The holding resource's id (masked): a distribution or, with `resourceType` `distribution-tenant`, a tenant. */
  readonly distributionId: string;
  readonly accountId: string;
  /** Absent: `distribution`. */
  readonly resourceType?: HolderResourceType;
}

/**
 * A managed alias whose holder outside the account could not be learned: no distribution or
 * tenant of the account has a certificate covering it (CloudFront answers conflict queries only
 * from such a resource), or the query failed.
 */
export interface UnknownOwner {
  readonly alias: string;
  /** Why, in words (`no distribution or tenant of the account has a certificate covering it`). */
  readonly reason: string;
}

export interface Inventory {
  /** The caller's account id (with a registry of accounts: the default credentials' account). */
  readonly account: string;
  /**
   * Every account the facts were read from (a registry of accounts, `accounts:` of cfalias.yaml),
   * `account` included; absent: `[account]`. Distributions, tenants and zones of these accounts are
   * reachable (cfalias can change them); `foreignOwners` lists only holders outside all of them.
   */
  readonly accounts?: readonly string[];
  /** When the facts were read (ISO 8601). */
  readonly readAt: string;
  readonly distributions: readonly Distribution[];
  /** Distribution tenants of the account (absent: none). */
  readonly tenants?: readonly DistributionTenant[];
  readonly certificates: readonly Certificate[];
  readonly hostedZones: readonly HostedZone[];
  readonly foreignOwners: readonly ForeignOwner[];
  /** Managed aliases not held in the account whose outside holder could not be learned (absent: none). */
  readonly unknownOwners?: readonly UnknownOwner[];
  /** Service quotas in force; defaults apply when absent. */
  readonly limits?: { readonly aliasesPerDistribution: number; readonly domainsPerTenant?: number };
  /** Expected durations the provider knows (the sandbox's settings); defaults apply when absent. */
  readonly timing?: { readonly deploySeconds: number; readonly dnsSyncSeconds: number };
  /**
   * Where the facts were read: a sandbox world (emulated) or AWS (the default when absent). A plan
   * records it, and apply refuses to run a plan against the other one.
   */
  readonly environment?: 'aws' | 'sandbox';
}

export const DEFAULT_ALIAS_QUOTA = 100;
/** Default quota of domains per distribution tenant. */
export const DEFAULT_TENANT_DOMAIN_QUOTA = 100;

/** Distribution tenant ids start with `dt_`; distribution ids with `E`. */
export function isTenantId(id: string): boolean {
  return id.startsWith('dt_');
}
export const DEFAULT_DEPLOY_SECONDS = 300;
export const DEFAULT_DNS_SYNC_SECONDS = 60;
