/**
 * What every service of the sandbox world shares: the clock, the resolved settings and the
 * accounts (in document order, which is the order every list and every document keeps). Each
 * service model (cloudfront-model.ts, acm-model.ts, route53-model.ts) owns its own resources and
 * rules and reads only this from the rest of the world.
 */
import { DEFAULT_ALIAS_QUOTA, DEFAULT_DEPLOY_SECONDS, DEFAULT_DNS_SYNC_SECONDS, type Clock } from '@cfalias/core';
import { resolveRateLimit, type ResolvedRateLimit } from './mutation-rate-limit.js';
import type { WorldSettings } from './world-document.js';

export type ResolvedSettings = Required<Omit<WorldSettings, 'mutationRateLimit'>> & {
  /** null: mutations are not rate limited. */
  readonly mutationRateLimit: ResolvedRateLimit | null;
};

export interface WorldContext {
  readonly clock: Clock;
  readonly settings: ResolvedSettings;
}

export const SECOND = 1000;

/** Domains per distribution tenant, as the service model documents UpdateDistributionTenant. */
export const DEFAULT_TENANT_DOMAIN_QUOTA = 5;

/** The world file's settings with every default filled in. */
export function resolveSettings(settings: WorldSettings | undefined): ResolvedSettings {
  return {
    deploySeconds: settings?.deploySeconds ?? DEFAULT_DEPLOY_SECONDS,
    dnsSyncSeconds: settings?.dnsSyncSeconds ?? DEFAULT_DNS_SYNC_SECONDS,
    aliasQuota: settings?.aliasQuota ?? DEFAULT_ALIAS_QUOTA,
    apiLatencyMs: settings?.apiLatencyMs ?? 0,
    mutationRateLimit: resolveRateLimit(settings?.mutationRateLimit),
    sameAccountMoveRequiresTxt: settings?.sameAccountMoveRequiresTxt ?? false,
    domainAssociationRequiresIfMatch: settings?.domainAssociationRequiresIfMatch ?? true,
    tenantDomainQuota: settings?.tenantDomainQuota ?? DEFAULT_TENANT_DOMAIN_QUOTA,
    domainConflictsIncludeControlResource: settings?.domainConflictsIncludeControlResource ?? true,
    deniedOperations: [...(settings?.deniedOperations ?? [])],
  };
}

/** Clock milliseconds as a world-file timestamp. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
