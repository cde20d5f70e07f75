/**
 * Ports: what the engine needs from a provider. Core owns ordering and safety; providers own API
 * mechanics (read-modify-write with If-Match, waiters, pagination, error translation into
 * errors.ts classes). Every provider passes the same contract test suite.
 */
import type { DnsRecord, DistributionStatus, Inventory } from './inventory/inventory.js';
import type { DnsRecordChange } from './plan/plan.js';
import type { MoveApi } from './desired/desired.js';

/*
 * Resource ids: where a method takes a distribution id, it also takes a distribution tenant id
 * (`dt_…`, `isTenantId`), and acts on the tenant: its `Domains` are its aliases (read-modify-write
 * with `UpdateDistributionTenant` and `If-Match`), its connection group's routing endpoint is its
 * `domainName`, its certificate (or else its multi-tenant distribution's) is its `certificateArn`,
 * and `waitDeployed` waits until the tenant is deployed.
 */

/** What to read: the aliases the desired file manages and the distributions it names. */
export interface InventoryScope {
  readonly aliases: readonly string[];
  readonly distributionIds: readonly string[];
}

/** Live state of one distribution, as read just before a step. */
export interface LiveDistribution {
  readonly id: string;
  readonly domainName: string;
  readonly enabled: boolean;
  readonly status: DistributionStatus;
  readonly aliases: readonly string[];
  readonly certificateArn: string | null;
}

export interface AliasEdit {
  readonly remove: readonly string[];
  readonly add: readonly string[];
}

/** A guard's verdict on the live config read by `updateAliases`: write, or skip (already done). It throws to refuse. */
export type UpdateDecision = 'apply' | 'skip';

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface ProviderCapabilities {
  /** The calls `moveAlias` can make (the `move` strategy); empty: no one-step move. */
  readonly moveApis: readonly MoveApi[];
  /** Route 53 records can be read and changed. */
  readonly dns: boolean;
  /**
   * The provider already retries throttling and transient errors itself (the AWS SDK's retry
   * strategy). The executor then does not stack its own retries on those; it still retries
   * PreconditionFailed, which needs a fresh read and re-check.
   */
  readonly retriesTransientErrors: boolean;
}

export interface CutoverProvider {
  readonly name: string;
  readonly capabilities: ProviderCapabilities;

  /** Reads the live facts for the given scope (plus every hosted zone and certificate in use). */
  readInventory(scope: InventoryScope, options?: CallOptions): Promise<Inventory>;

  readDistribution(id: string, options?: CallOptions): Promise<LiveDistribution>;

  /**
   * Read-modify-write of the distribution's aliases: read the full config, call `guard` with what
   * was read (it throws StalePlanError to refuse, or returns 'skip'), then write the config back
   * with only `Aliases` changed (remove, then add; order of the others kept), with `If-Match`.
   * A stale ETag surfaces as PreconditionFailedError; the caller retries the whole call.
   */
  updateAliases(
    id: string,
    edit: AliasEdit,
    guard: (live: LiveDistribution) => UpdateDecision,
    options?: CallOptions,
  ): Promise<UpdateDecision>;

  /**
   * Moves `alias` onto `targetId` (a distribution or a tenant) from wherever it is, in one call:
   * `update-domain-association` (UpdateDomainAssociation, `If-Match` = the target's current ETag)
   * or `associate-alias` (AssociateAlias, standard distributions only). A provider should read a
   * target's ETag once and send the one each UpdateDomainAssociation answers with, moves onto one
   * target one after another, so that a cutover's reads do not grow with its aliases; a stale one
   * (PreconditionFailed) it re-reads and sends once more before throwing PreconditionFailedError.
   * A refusal for a missing or wrong `_<alias>` TXT record throws OwnershipProofError; a principal
   * not allowed to make the call, RequestRejectedError naming the IAM action. Calls may overlap.
   */
  moveAlias(targetId: string, alias: string, api: MoveApi, options?: CallOptions): Promise<void>;

  /**
   * Read-modify-write of the distribution's `Enabled` flag (GetDistributionConfig, then
   * UpdateDistribution with `If-Match`, every other field kept), with the same guard contract as
   * `updateAliases`. Disabling takes every alias of the distribution offline; the planner uses it
   * only on a distribution the desired file allows (`allowDisableSource`). Optional: a provider
   * without it cannot run a plan that disables a source. Standard distributions only.
   */
  setEnabled?(
    id: string,
    enabled: boolean,
    guard: (live: LiveDistribution) => UpdateDecision,
    options?: CallOptions,
  ): Promise<UpdateDecision>;

  /** Resolves when the distribution is Deployed. */
  waitDeployed(id: string, options?: CallOptions): Promise<void>;

  /** Current record sets in the zone with these names (any type). Names are FQDN with trailing dot. */
  readRecords(zoneId: string, names: readonly string[], options?: CallOptions): Promise<DnsRecord[]>;

  /** One atomic change batch. Returns the Route 53 change id. */
  changeRecords(zoneId: string, changes: readonly DnsRecordChange[], options?: CallOptions): Promise<{ readonly changeId: string }>;

  /** Resolves when the change is INSYNC. */
  waitRecordsSynced(changeId: string, options?: CallOptions): Promise<void>;
  /**
   * CloudFront's own check that the tenant's domains route to its connection group
   * (`VerifyDnsConfiguration`): the domains it finds not pointing there. Optional: a provider
   * without it leaves the verify step to the Route 53 records it reads.
   */
  verifyTenantDns?(tenantId: string, domains: readonly string[], options?: CallOptions): Promise<readonly TenantDnsProblem[]>;

  /**
   * What Route 53's own name servers answer for one record name and type in a public zone
   * (`TestDNSAnswer`): the live checks' view of Route 53. Optional: a provider without it is not
   * asked, and the checks judge the zone's records alone.
   */
  testDnsAnswer?(zoneId: string, name: string, type: string, options?: CallOptions): Promise<Route53Answer>;
}

/** A tenant domain `VerifyDnsConfiguration` did not find routed to the tenant's connection group. */
export interface TenantDnsProblem {
  readonly domain: string;
  readonly status: 'invalid-configuration' | 'unknown-configuration';
  readonly reason?: string;
}

/** Route 53's answer to `TestDNSAnswer`. */
export interface Route53Answer {
  /** `NOERROR`, `NXDOMAIN`… */
  readonly responseCode: string;
  /** The type answered (`CNAME` when the name has one, whatever type was asked). */
  readonly type: string;
  /** A CNAME's target, a record's values, an alias record's target addresses. */
  readonly data: readonly string[];
}
