/**
 * An inventory snapshot: what a provider read, written as a sandbox world file
 * (docs/world-format.md), so a cutover can be planned and rehearsed offline with `--sandbox snapshot.json`.
 *
 * The caller's account, and with a registry every account it read: distributions (status, enabled flag, aliases, certificate,
 * domain name, multi-tenant or not), its distribution tenants and the connection groups they use
 * (with their routing endpoints), the ACM and IAM certificates in use, its hosted zones and their
 * records. The world's
 * `now` is when the inventory was read; its settings are the timing and quota the provider
 * reported (core's defaults where it reported none, as for AWS); no faults, no credentials.
 *
 * What a snapshot cannot hold: aliases held outside the account (ListDomainConflicts masks
 * their distribution and account ids, and a world needs real ones), and the rest of each
 * DistributionConfig (the emulator fills in a complete default). `foreignOwners` reports the first.
 */
import {
  isTenantId,
  DEFAULT_ALIAS_QUOTA,
  DEFAULT_DEPLOY_SECONDS,
  DEFAULT_DNS_SYNC_SECONDS,
  type DistributionTenant,
  type DnsRecord,
  type ForeignOwner,
  type Inventory,
} from '@cfalias/core';
import {
  parseWorldDocument,
  WORLD_FORMAT_VERSION,
  type AccountDocument,
  type RecordDocument,
  type WorldDocument,
} from '@cfalias/providers';
import { writeFileAtomic } from '../io/files.js';

export interface InventorySnapshot {
  readonly world: WorldDocument;
  /** Aliases held outside the account: left out of the snapshot. */
  readonly foreignOwners: readonly ForeignOwner[];
}

export function snapshotInventory(inventory: Inventory): InventorySnapshot {
  const world: WorldDocument = {
    version: WORLD_FORMAT_VERSION,
    caller: inventory.account,
    now: inventory.readAt,
    settings: {
      deploySeconds: inventory.timing?.deploySeconds ?? DEFAULT_DEPLOY_SECONDS,
      dnsSyncSeconds: inventory.timing?.dnsSyncSeconds ?? DEFAULT_DNS_SYNC_SECONDS,
      aliasQuota: inventory.limits?.aliasesPerDistribution ?? DEFAULT_ALIAS_QUOTA,
    },
    // A registry's inventory spans its accounts: each resource goes under the account that holds it.
    accounts: [...new Set([inventory.account, ...(inventory.accounts ?? [])])].map((account) => accountDocument(inventory, account)),
  };
  return { world, foreignOwners: inventory.foreignOwners };
}

/** The account id in an ACM or IAM ARN (`arn:aws:acm:us-east-1:111111111111:certificate/…`). */
function arnAccount(arn: string): string | undefined {
  return arn.split(':')[4] || undefined;
}

function accountDocument(inventory: Inventory, account: string): AccountDocument {
  const ofAccount = (arn: string): boolean => (arnAccount(arn) ?? inventory.account) === account;
  return {
    id: account,
    distributions: inventory.distributions
      .filter((d) => d.accountId === account)
      .map((d) => ({
        id: d.id,
        domainName: d.domainName,
        enabled: d.enabled,
        status: d.status,
        aliases: [...d.aliases],
        // An IAM certificate is named by its server certificate id, not an ARN.
        ...(d.certificateArn !== null && !d.certificateArn.startsWith('arn:')
          ? { iamCertificateId: d.certificateArn }
          : { certificateArn: d.certificateArn }),
        ...(d.kind === 'multi-tenant' && { connectionMode: 'tenant-only' as const }),
      })),
    ...tenantDocuments(inventory.tenants ?? [], account),
    certificates: inventory.certificates
      .filter((c) => c.source !== 'iam' && ofAccount(c.arn))
      .map((c) => ({
        arn: c.arn,
        domainName: c.domainName,
        subjectAlternativeNames: [...c.subjectAlternativeNames],
        status: c.status,
        notAfter: c.notAfter,
      })),
    ...iamCertificateDocuments(inventory, ofAccount),
    hostedZones: inventory.hostedZones
      .filter((z) => (z.accountId ?? inventory.account) === account)
      .map((z) => ({
        id: z.id,
        name: z.name,
        // false is the default; providers differ in whether they report it.
        ...(z.privateZone === true ? { privateZone: true } : {}),
        records: z.records.map(recordDocument),
      })),
  };
}

/**
 * Writes the snapshot atomically, after checking it is a world file `--sandbox` will load: a
 * snapshot that would not load (WorldFileError, every problem listed) is never written.
 */
export async function writeSnapshot(path: string, displayName: string, snapshot: InventorySnapshot): Promise<void> {
  const text = `${JSON.stringify(snapshot.world, null, 2)}\n`;
  parseWorldDocument(text, displayName);
  await writeFileAtomic(path, text);
}

function recordDocument(record: DnsRecord): RecordDocument {
  return {
    name: record.name,
    type: record.type,
    ...(record.ttl !== undefined ? { ttl: record.ttl } : {}),
    ...(record.values !== undefined ? { values: [...record.values] } : {}),
    ...(record.aliasTarget !== undefined
      ? {
          aliasTarget: {
            dnsName: record.aliasTarget.dnsName,
            hostedZoneId: record.aliasTarget.hostedZoneId,
            ...(record.aliasTarget.evaluateTargetHealth === true ? { evaluateTargetHealth: true } : {}),
          },
        }
      : {}),
  };
}

/** The account's tenants, and the connection groups they use (the first one read is the default). */
function tenantDocuments(tenants: readonly DistributionTenant[], account: string): Pick<AccountDocument, 'tenants' | 'connectionGroups'> {
  const own = tenants.filter((t) => t.accountId === account && isTenantId(t.id));
  if (own.length === 0) return {};
  const groups = new Map<string, string>();
  for (const t of own)
    if (t.connectionGroupId !== null && !groups.has(t.connectionGroupId)) groups.set(t.connectionGroupId, t.routingEndpoint);
  return {
    connectionGroups: [...groups].map(([id, routingEndpoint], i) => ({ id, name: id, routingEndpoint, enabled: true, isDefault: i === 0 })),
    tenants: own.map((t) => ({
      id: t.id,
      name: t.name,
      distributionId: t.distributionId,
      domains: t.domains.map((domain) => ({ domain })),
      enabled: t.enabled,
      status: t.status,
      ...(t.connectionGroupId !== null && { connectionGroupId: t.connectionGroupId }),
      ...(t.certificateArn !== null && { certificateArn: t.certificateArn }),
    })),
  };
}

/** IAM server certificates in use, by their id (the name is the last part of their ARN); none: no field. */
function iamCertificateDocuments(inventory: Inventory, ofAccount: (arn: string) => boolean): Pick<AccountDocument, 'iamCertificates'> {
  const iam = inventory.certificates.filter((c) => c.source === 'iam' && c.iamCertificateId !== undefined && ofAccount(c.arn));
  if (iam.length === 0) return {};
  return {
    iamCertificates: iam.map((c) => ({
      serverCertificateId: c.iamCertificateId!,
      name: c.arn.slice(c.arn.lastIndexOf('/') + 1),
      domainName: c.domainName,
      subjectAlternativeNames: [...c.subjectAlternativeNames],
      notAfter: c.notAfter ?? inventory.readAt,
    })),
  };
}
