/**
 * A sandbox CloudFront distribution: its state, how it loads from and writes back to the world
 * file, and the AWS shapes it answers with. The rules that change it live in cloudfront-model.ts
 * and cloudfront-rules.ts.
 */
import type { DistributionStatus } from '@cfalias/core';
import type { DistributionConfigShape, DistributionShape, DistributionSummaryShape } from './aws-shapes.js';
import { buildConfig } from './distribution-config.js';
import type { ConnectionMode, DistributionDocument } from './world-document.js';
import { iso, SECOND } from './world-context.js';

export interface DistributionState {
  readonly id: string;
  readonly accountId: string;
  readonly domainName: string;
  enabled: boolean;
  aliases: string[];
  certificateArn: string | null;
  /** `ViewerCertificate.IAMCertificateId`; null unless the distribution uses an IAM certificate. */
  iamCertificateId: string | null;
  readonly connectionMode: ConnectionMode;
  configVersion: number;
  lastModified: number;
  /** Clock ms when Deployed; null: Deployed. */
  deployedAt: number | null;
  opaque: Record<string, unknown> | undefined;
  /** Which optional fields the document had, so the document written back round-trips exactly. */
  readonly given: { connectionMode: boolean; certificateArn: boolean; configVersion: boolean; lastModifiedTime: boolean };
  /** Updated since load (then `lastModifiedTime` is written). */
  updated: boolean;
}

/** A distribution as the world file gives it, loaded at clock time `now`. */
export function loadDistribution(accountId: string, d: DistributionDocument, now: number, deploySeconds: number): DistributionState {
  return {
    id: d.id,
    accountId,
    domainName: d.domainName,
    enabled: d.enabled,
    aliases: [...d.aliases],
    certificateArn: d.certificateArn ?? null,
    iamCertificateId: d.iamCertificateId ?? null,
    connectionMode: d.connectionMode ?? 'direct',
    configVersion: d.configVersion ?? 1,
    lastModified: d.lastModifiedTime !== undefined ? Date.parse(d.lastModifiedTime) : now,
    deployedAt: d.status === 'InProgress' ? (d.deployedAt !== undefined ? Date.parse(d.deployedAt) : now + deploySeconds * SECOND) : null,
    opaque: d.config !== undefined ? structuredClone(d.config) : undefined,
    given: {
      connectionMode: d.connectionMode !== undefined,
      certificateArn: d.certificateArn !== undefined,
      configVersion: d.configVersion !== undefined,
      lastModifiedTime: d.lastModifiedTime !== undefined,
    },
    updated: false,
  };
}

/** The distribution as a world-file entry, with the status it has at `status`. */
export function distributionDocument(d: DistributionState, status: DistributionStatus): DistributionDocument {
  return {
    id: d.id,
    domainName: d.domainName,
    enabled: d.enabled,
    status,
    ...(status === 'InProgress' ? { deployedAt: iso(d.deployedAt!) } : {}),
    aliases: [...d.aliases],
    ...(d.given.certificateArn || d.certificateArn !== null ? { certificateArn: d.certificateArn } : {}),
    ...(d.iamCertificateId !== null ? { iamCertificateId: d.iamCertificateId } : {}),
    ...(d.given.connectionMode || d.connectionMode !== 'direct' ? { connectionMode: d.connectionMode } : {}),
    ...(d.given.configVersion || d.configVersion !== 1 ? { configVersion: d.configVersion } : {}),
    ...(d.given.lastModifiedTime || d.updated ? { lastModifiedTime: iso(d.lastModified) } : {}),
    ...(d.opaque !== undefined ? { config: structuredClone(d.opaque) } : {}),
  };
}

export function configOf(d: DistributionState): DistributionConfigShape {
  return buildConfig(d.id, d.opaque, {
    aliases: d.aliases,
    enabled: d.enabled,
    certificateArn: d.certificateArn,
    iamCertificateId: d.iamCertificateId,
    connectionMode: d.connectionMode,
  });
}

/** Counter-derived: changes with every accepted update, unique per distribution and version. */
export function etagOf(d: DistributionState): string {
  return `E${d.configVersion.toString(36).toUpperCase().padStart(3, '0')}${d.id.slice(-9)}`;
}

export function distributionArn(d: DistributionState): string {
  return `arn:aws:cloudfront::${d.accountId}:distribution/${d.id}`;
}

/** `******` + the last 6 characters (distribution ids and account ids alike), as ListConflictingAliases answers here. */
export function maskId(id: string): string {
  return `******${id.slice(-6)}`;
}

/**
 * How ListDomainConflicts hides an id: as many stars as half its length, then its last half (both
 * rounded down). The CloudFront Developer Guide ("Find the source standard distribution or
 * distribution tenant") shows a 30-character tenant id as 15 stars + its last 15 characters, an
 * account id as `******112233`, and (for ListConflictingAliases) a distribution id as
 * `*******EXAMPLE`: 7 + 7 for the usual 14-character distribution id.
 */
export function maskResourceId(id: string): string {
  const half = Math.floor(id.length / 2);
  return `${'*'.repeat(half)}${id.slice(id.length - half)}`;
}

export function distributionShape(d: DistributionState, status: DistributionStatus): DistributionShape {
  return {
    Id: d.id,
    ARN: distributionArn(d),
    Status: status,
    LastModifiedTime: new Date(d.lastModified),
    InProgressInvalidationBatches: 0,
    DomainName: d.domainName,
    DistributionConfig: configOf(d),
  };
}

/** Config members a DistributionSummary carries besides the ones typed in the summary. */
const SUMMARY_CONFIG_MEMBERS = [
  'Origins',
  'OriginGroups',
  'DefaultCacheBehavior',
  'CacheBehaviors',
  'CustomErrorResponses',
  'PriceClass',
  'Restrictions',
  'WebACLId',
  'HttpVersion',
  'IsIPV6Enabled',
] as const;

export function summaryOf(d: DistributionState, status: DistributionStatus): DistributionSummaryShape {
  const config = configOf(d);
  const summary: DistributionSummaryShape = {
    Id: d.id,
    ARN: distributionArn(d),
    ETag: etagOf(d),
    Status: status,
    LastModifiedTime: new Date(d.lastModified),
    DomainName: d.domainName,
    Aliases: config.Aliases,
    Enabled: config.Enabled,
    Comment: config.Comment,
    ViewerCertificate: config.ViewerCertificate ?? {},
    Staging: false,
    ...(d.connectionMode === 'tenant-only' ? { ConnectionMode: 'tenant-only' } : {}),
  };
  for (const member of SUMMARY_CONFIG_MEMBERS) {
    if (config[member] !== undefined) summary[member] = config[member];
  }
  return summary;
}
