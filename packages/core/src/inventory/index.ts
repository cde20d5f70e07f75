/**
 * Stage 2, inventory: the live facts a plan is made from.
 *
 * Contract: an `Inventory` is plain data, read by a provider (`CutoverProvider.readInventory`)
 * for the scope a desired state names (`inventoryScope`): the distributions and their aliases,
 * the certificates they use, the hosted zones and records of the managed aliases, and the owners
 * of managed aliases outside the account. Core never reads it itself; the defaults below are what
 * a provider reports when the account does not say otherwise.
 */
export {
  CLOUDFRONT_HOSTED_ZONE_ID,
  DEFAULT_ALIAS_QUOTA,
  DEFAULT_DEPLOY_SECONDS,
  DEFAULT_DNS_SYNC_SECONDS,
  DEFAULT_TENANT_DOMAIN_QUOTA,
  isTenantId,
  type AliasTarget,
  type Certificate,
  type CertificateSource,
  type CertificateStatus,
  type ConnectionMode,
  type Distribution,
  type DistributionKind,
  type DistributionTenant,
  type DistributionStatus,
  type DnsRecord,
  type ForeignOwner,
  type HolderResourceType,
  type HostedZone,
  type Inventory,
  type UnknownOwner,
} from './inventory.js';
