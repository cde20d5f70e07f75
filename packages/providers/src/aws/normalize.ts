/**
 * Conversions between the SDK's wire shapes and the engine's inventory types, per the
 * normalisation contract of `@cfalias/core` inventory.ts: aliases and CloudFront domain names
 * lowercase without a trailing dot; record and zone names lowercase, fully qualified with a
 * trailing dot, Route 53's `\052` decoded to `*`; zone and change ids without their
 * `/hostedzone/` or `/change/` prefix. Pure functions, no I/O.
 */
import type { CertificateDetail } from '@aws-sdk/client-acm';
import type { DistributionSummary, DistributionConfig } from '@aws-sdk/client-cloudfront';
import type { HostedZone as Route53HostedZone, ResourceRecordSet } from '@aws-sdk/client-route-53';
import {
  normalizeHostname,
  toFqdn,
  type AliasTarget,
  type Certificate,
  type CertificateStatus,
  type Distribution,
  type DistributionStatus,
  type DnsRecord,
  type HostedZone,
  type LiveDistribution,
} from '@cfalias/core';

/** Route 53 escapes `*` (and other octets outside LDH) as `\NNN` octal in names it returns. */
export function decodeRoute53Name(name: string): string {
  return name.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** `WWW.Example.com`, `\052.example.com.` → `www.example.com.`, `*.example.com.` */
export function normalizeRecordName(name: string): string {
  // A name already normal (as Route 53 answers most) is kept, not rebuilt as a slice plus a dot.
  if (NORMAL_RECORD_NAME.test(name)) return name;
  return toFqdn(normalizeHostname(decodeRoute53Name(name)));
}

/** Lowercase, no escape, no surrounding space, one trailing dot: what normalizeRecordName leaves as it is. */
const NORMAL_RECORD_NAME = /^(?:[a-z0-9_*-](?:[a-z0-9_*.-]*[a-z0-9_*-])?)?\.$/;

/** `/hostedzone/Z1EXAMPLE` → `Z1EXAMPLE`; a bare id is returned unchanged. */
export function bareZoneId(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

/** `/change/C2682N5HXP0BZ4` → `C2682N5HXP0BZ4`; a bare id is returned unchanged. */
export function bareChangeId(id: string): string {
  return id.replace(/^\/?change\//, '');
}

/**
 * CloudFront reports `Deployed` or `InProgress`; anything else (a future state) is treated as
 * not yet deployed, which is the safe reading for the engine's waits.
 */
export function distributionStatus(status: string | undefined): DistributionStatus {
  return status === 'Deployed' ? 'Deployed' : 'InProgress';
}

/**
 * The viewer certificate as the inventory names it: its ACM ARN, or its IAM server certificate id
 * (`IAMCertificateId`); null for the CloudFront default certificate.
 */
export function viewerCertificateArn(
  viewer: { readonly ACMCertificateArn?: string | undefined; readonly IAMCertificateId?: string | undefined } | undefined,
): string | null {
  const ref = viewer?.ACMCertificateArn || viewer?.IAMCertificateId;
  return ref === undefined || ref === '' ? null : ref;
}

export function aliasItems(aliases: { readonly Items?: string[] | undefined } | undefined): string[] {
  return (aliases?.Items ?? []).map((alias) => normalizeHostname(alias));
}

/** A `ListDistributions` summary as an inventory distribution (the list carries everything needed). */
export function toDistribution(summary: DistributionSummary, accountId: string): Distribution {
  return {
    id: required(summary.Id, 'DistributionSummary.Id'),
    accountId,
    domainName: normalizeHostname(required(summary.DomainName, 'DistributionSummary.DomainName')),
    enabled: summary.Enabled === true,
    status: distributionStatus(summary.Status),
    aliases: aliasItems(summary.Aliases),
    certificateArn: viewerCertificateArn(summary.ViewerCertificate),
    ...(summary.ConnectionMode === 'tenant-only' && { kind: 'multi-tenant' as const, connectionMode: 'tenant-only' as const }),
  };
}

/** What `updateAliases` hands its guard: the config just read, plus identity and status. */
export function toLiveDistribution(
  id: string,
  domainName: string,
  status: string | undefined,
  config: DistributionConfig,
): LiveDistribution {
  return {
    id,
    domainName: normalizeHostname(domainName),
    enabled: config.Enabled === true,
    status: distributionStatus(status),
    aliases: aliasItems(config.Aliases),
    certificateArn: viewerCertificateArn(config.ViewerCertificate),
  };
}

const CERTIFICATE_STATUSES: ReadonlySet<string> = new Set<CertificateStatus>([
  'ISSUED',
  'PENDING_VALIDATION',
  'INACTIVE',
  'EXPIRED',
  'VALIDATION_TIMED_OUT',
  'REVOKED',
  'FAILED',
]);

/** ACM `DescribeCertificate` detail as an inventory certificate. An unknown status reads as INACTIVE (not usable). */
export function toCertificate(detail: CertificateDetail, arn: string): Certificate {
  const status = detail.Status ?? '';
  return {
    arn: detail.CertificateArn ?? arn,
    domainName: normalizeHostname(detail.DomainName ?? ''),
    subjectAlternativeNames: (detail.SubjectAlternativeNames ?? []).map((san) => normalizeHostname(san)),
    status: CERTIFICATE_STATUSES.has(status) ? (status as CertificateStatus) : 'INACTIVE',
    notAfter: detail.NotAfter ? detail.NotAfter.toISOString() : null,
  };
}

/** One Route 53 record set as an inventory record. Routing-policy fields have no place in the model and are dropped. */
// Fields assigned one by one, not spread in: V8 builds spread copies several times slower, for every record read.
export function toDnsRecord(set: ResourceRecordSet): DnsRecord {
  const values = set.ResourceRecords?.map((r) => r.Value ?? '');
  const alias = set.AliasTarget;
  let aliasTarget: { -readonly [K in keyof AliasTarget]: AliasTarget[K] } | undefined;
  if (alias) {
    aliasTarget = { dnsName: normalizeRecordName(alias.DNSName ?? ''), hostedZoneId: alias.HostedZoneId ?? '' };
    if (alias.EvaluateTargetHealth) aliasTarget.evaluateTargetHealth = true;
  }
  const record: { -readonly [K in keyof DnsRecord]: DnsRecord[K] } = {
    name: normalizeRecordName(required(set.Name, 'ResourceRecordSet.Name')),
    type: required(set.Type, 'ResourceRecordSet.Type'),
  };
  if (set.TTL !== undefined) record.ttl = set.TTL;
  if (values && values.length > 0) record.values = values;
  if (aliasTarget) record.aliasTarget = aliasTarget;
  return record;
}

/** An inventory record as the Route 53 record set to send in a change batch. */
export function toResourceRecordSet(record: DnsRecord): ResourceRecordSet {
  const set: ResourceRecordSet = {
    Name: normalizeRecordName(record.name),
    Type: record.type as ResourceRecordSet['Type'],
  };
  if (record.aliasTarget) {
    set.AliasTarget = {
      HostedZoneId: record.aliasTarget.hostedZoneId,
      DNSName: toFqdn(normalizeHostname(record.aliasTarget.dnsName)),
      EvaluateTargetHealth: record.aliasTarget.evaluateTargetHealth ?? false,
    };
  } else {
    if (record.ttl !== undefined) set.TTL = record.ttl;
    set.ResourceRecords = (record.values ?? []).map((value) => ({ Value: value }));
  }
  return set;
}

export function toHostedZone(zone: Route53HostedZone, records: readonly DnsRecord[]): HostedZone {
  return {
    id: bareZoneId(required(zone.Id, 'HostedZone.Id')),
    name: normalizeRecordName(required(zone.Name, 'HostedZone.Name')),
    ...(zone.Config?.PrivateZone ? { privateZone: true } : {}),
    records,
  };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new TypeError(`malformed AWS response: ${what} is missing`);
  return value;
}
