/**
 * A sandbox CloudFront distribution: its state, how it loads from and writes back to the world
 * file, and the AWS shapes it answers with. The rules that change it live in cloudfront-model.ts
 * and cloudfront-rules.ts.
 */
import type { DistributionStatus } from '@cfalias/core';
import type { DistributionConfigShape, DistributionShape, DistributionSummaryShape } from './aws-shapes.js';
import { buildConfig } from './distribution-config.js';
import type { DistributionDocument } from './world-document.js';
import { iso, SECOND } from './world-context.js';

export interface DistributionState {
  readonly id: string;
  readonly accountId: string;
  readonly domainName: string;
  enabled: boolean;
  aliases: string[];
  certificateArn: string | null;
  configVersion: number;
  lastModified: number;
  /** Clock ms when Deployed; null: Deployed. */
  deployedAt: number | null;
  opaque: Record<string, unknown> | undefined;
  /** Which optional fields the document had, so the document written back round-trips exactly. */
  readonly given: { certificateArn: boolean; configVersion: boolean; lastModifiedTime: boolean };
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
    configVersion: d.configVersion ?? 1,
    lastModified: d.lastModifiedTime !== undefined ? Date.parse(d.lastModifiedTime) : now,
    deployedAt: d.status === 'InProgress' ? (d.deployedAt !== undefined ? Date.parse(d.deployedAt) : now + deploySeconds * SECOND) : null,
    opaque: d.config !== undefined ? structuredClone(d.config) : undefined,
    given: {
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
    ...(d.given.configVersion || d.configVersion !== 1 ? { configVersion: d.configVersion } : {}),
    ...(d.given.lastModifiedTime || d.updated ? { lastModifiedTime: iso(d.lastModified) } : {}),
    ...(d.opaque !== undefined ? { config: structuredClone(d.opaque) } : {}),
  };
}

export function configOf(d: DistributionState): DistributionConfigShape {
  return buildConfig(d.id, d.opaque, { aliases: d.aliases, enabled: d.enabled, certificateArn: d.certificateArn });
}

/** Counter-derived: changes with every accepted update, unique per distribution and version. */
export function etagOf(d: DistributionState): string {
  return `E${d.configVersion.toString(36).toUpperCase().padStart(3, '0')}${d.id.slice(-9)}`;
}

export function distributionArn(d: DistributionState): string {
  return `arn:aws:cloudfront::${d.accountId}:distribution/${d.id}`;
}

/** `******` + the last 6 characters (distribution ids and account ids alike). */
export function maskId(id: string): string {
  return `******${id.slice(-6)}`;
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
  };
  for (const member of SUMMARY_CONFIG_MEMBERS) {
    if (config[member] !== undefined) summary[member] = config[member];
  }
  return summary;
}
