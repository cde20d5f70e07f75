/** Read-only view of one distribution tenant for tests and tools (no call logged, no faults). */
import type { DistributionStatus } from '@cfalias/core';
import type { CloudFrontState } from './cloudfront-state.js';
import { resourceETag, type TenantState } from './cloudfront-tenants.js';

export interface TenantView {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly distributionId: string;
  readonly domains: readonly string[];
  readonly enabled: boolean;
  readonly status: DistributionStatus;
  /** The effective connection group (its own, else the account's default) and its routing endpoint. */
  readonly connectionGroupId: string;
  readonly routingEndpoint: string;
  /** Its own certificate (`Customizations.Certificate`); null: the multi-tenant distribution's. */
  readonly certificateArn: string | null;
  readonly etag: string;
  /** Clock ms when it becomes Deployed; null when Deployed. */
  readonly deployedAt: number | null;
}

export function tenantView(state: CloudFrontState, t: TenantState): TenantView {
  const status = state.statusOf(t);
  const group = state.groupOf(t);
  return {
    id: t.id,
    accountId: t.accountId,
    name: t.name,
    distributionId: t.distributionId,
    domains: t.domains.map((d) => d.domain),
    enabled: t.enabled,
    status,
    connectionGroupId: group.id,
    routingEndpoint: group.routingEndpoint,
    certificateArn: t.certificateArn,
    etag: resourceETag(t),
    deployedAt: status === 'InProgress' ? t.deployedAt : null,
  };
}
