/**
 * Sandbox distribution tenants and connection groups (CloudFront SaaS Manager): their state, how
 * they load from and write back to the world file, and the AWS shapes they answer with. The rules
 * that change them live in cloudfront-tenant-model.ts and cloudfront-domain-model.ts.
 */
import type { DistributionStatus } from '@cfalias/core';
import type { ConnectionGroupShape, DistributionTenantShape, DistributionTenantSummaryShape } from './aws-shapes.js';
import type { ConnectionGroupDocument, TenantDocument } from './world-document.js';
import { iso, SECOND } from './world-context.js';

/** What every deployable CloudFront resource has: a version (the ETag) and a deployment. */
export interface Deployable {
  readonly id: string;
  readonly accountId: string;
  configVersion: number;
  lastModified: number;
  /** Clock ms when Deployed; null: Deployed. */
  deployedAt: number | null;
  /** Updated since load (then `lastModifiedTime` is written). */
  updated: boolean;
}

export interface TenantDomainState {
  readonly domain: string;
  readonly status: 'active' | 'inactive';
}

export interface TenantState extends Deployable {
  readonly name: string;
  readonly arn: string;
  readonly distributionId: string;
  domains: TenantDomainState[];
  enabled: boolean;
  /** null: the account's default connection group. */
  connectionGroupId: string | null;
  /** `Customizations.Certificate.Arn`; null: the multi-tenant distribution's certificate. */
  certificateArn: string | null;
  readonly created: number;
  readonly given: { arn: boolean; configVersion: boolean; createdTime: boolean; lastModifiedTime: boolean };
}

export interface ConnectionGroupState {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
  readonly routingEndpoint: string;
  readonly enabled: boolean;
  readonly isDefault: boolean;
  readonly configVersion: number;
  readonly given: { arn: boolean; configVersion: boolean };
}

export function tenantArn(accountId: string, id: string): string {
  return `arn:aws:cloudfront::${accountId}:distribution-tenant/${id}`;
}

export function connectionGroupArn(accountId: string, id: string): string {
  return `arn:aws:cloudfront::${accountId}:connection-group/${id}`;
}

/** Counter-derived like a distribution's: changes with every accepted update, unique per resource and version. */
export function resourceETag(r: { readonly id: string; readonly configVersion: number }): string {
  return `E${r.configVersion.toString(36).toUpperCase().padStart(3, '0')}${r.id
    .replace(/^(dt|cg)_/, '')
    .slice(-9)
    .toUpperCase()}`;
}

export function loadTenant(accountId: string, t: TenantDocument, now: number, deploySeconds: number): TenantState {
  return {
    id: t.id,
    accountId,
    name: t.name,
    arn: t.arn ?? tenantArn(accountId, t.id),
    distributionId: t.distributionId,
    domains: t.domains.map((d) => ({ domain: d.domain, status: d.status ?? 'active' })),
    enabled: t.enabled,
    connectionGroupId: t.connectionGroupId ?? null,
    certificateArn: t.certificateArn ?? null,
    configVersion: t.configVersion ?? 1,
    created: t.createdTime !== undefined ? Date.parse(t.createdTime) : now,
    lastModified: t.lastModifiedTime !== undefined ? Date.parse(t.lastModifiedTime) : now,
    deployedAt: t.status === 'InProgress' ? (t.deployedAt !== undefined ? Date.parse(t.deployedAt) : now + deploySeconds * SECOND) : null,
    updated: false,
    given: {
      arn: t.arn !== undefined,
      configVersion: t.configVersion !== undefined,
      createdTime: t.createdTime !== undefined,
      lastModifiedTime: t.lastModifiedTime !== undefined,
    },
  };
}

export function tenantDocument(t: TenantState, status: DistributionStatus): TenantDocument {
  return {
    id: t.id,
    name: t.name,
    ...(t.given.arn ? { arn: t.arn } : {}),
    distributionId: t.distributionId,
    domains: t.domains.map((d) => ({ domain: d.domain, ...(d.status !== 'active' ? { status: d.status } : {}) })),
    enabled: t.enabled,
    status,
    ...(status === 'InProgress' ? { deployedAt: iso(t.deployedAt!) } : {}),
    ...(t.connectionGroupId !== null ? { connectionGroupId: t.connectionGroupId } : {}),
    ...(t.certificateArn !== null ? { certificateArn: t.certificateArn } : {}),
    ...(t.given.configVersion || t.configVersion !== 1 ? { configVersion: t.configVersion } : {}),
    ...(t.given.createdTime ? { createdTime: iso(t.created) } : {}),
    ...(t.given.lastModifiedTime || t.updated ? { lastModifiedTime: iso(t.lastModified) } : {}),
  };
}

export function loadConnectionGroup(accountId: string, g: ConnectionGroupDocument): ConnectionGroupState {
  return {
    id: g.id,
    accountId,
    name: g.name,
    arn: g.arn ?? connectionGroupArn(accountId, g.id),
    routingEndpoint: g.routingEndpoint,
    enabled: g.enabled,
    isDefault: g.isDefault,
    configVersion: g.configVersion ?? 1,
    given: { arn: g.arn !== undefined, configVersion: g.configVersion !== undefined },
  };
}

export function connectionGroupDocument(g: ConnectionGroupState): ConnectionGroupDocument {
  return {
    id: g.id,
    name: g.name,
    routingEndpoint: g.routingEndpoint,
    enabled: g.enabled,
    isDefault: g.isDefault,
    ...(g.given.configVersion ? { configVersion: g.configVersion } : {}),
    ...(g.given.arn ? { arn: g.arn } : {}),
  };
}

/** The tenant as `DistributionTenant`; `groupId` is its effective connection group. */
export function tenantShape(t: TenantState, status: DistributionStatus, groupId: string): DistributionTenantShape {
  return {
    Id: t.id,
    DistributionId: t.distributionId,
    Name: t.name,
    Arn: t.arn,
    Domains: t.domains.map((d) => ({ Domain: d.domain, Status: d.status })),
    ...(t.certificateArn !== null ? { Customizations: { Certificate: { Arn: t.certificateArn } } } : {}),
    ConnectionGroupId: groupId,
    CreatedTime: new Date(t.created),
    LastModifiedTime: new Date(t.lastModified),
    Enabled: t.enabled,
    Status: status,
  };
}

export function tenantSummary(t: TenantState, status: DistributionStatus, groupId: string): DistributionTenantSummaryShape {
  return { ...tenantShape(t, status, groupId), ETag: resourceETag(t) };
}

/**
 * The connection group as `ConnectionGroup` (and, with `ETag`, its summary). Its own deployment is
 * not modelled: groups are not changed by anything the sandbox serves, so they read `Deployed`.
 */
export function connectionGroupShape(g: ConnectionGroupState, created: number): ConnectionGroupShape {
  return {
    Id: g.id,
    Name: g.name,
    Arn: g.arn,
    CreatedTime: new Date(created),
    LastModifiedTime: new Date(created),
    Ipv6Enabled: true,
    RoutingEndpoint: g.routingEndpoint,
    Status: 'Deployed',
    Enabled: g.enabled,
    IsDefault: g.isDefault,
  };
}
