/**
 * The sandbox CloudFront's distribution tenants and connection groups (SaaS Manager): listing and
 * reading them, and UpdateDistributionTenant with the same alias rules as UpdateDistribution.
 */
import { toFqdn } from '@cfalias/core';
import type {
  ConnectionGroupWithETag,
  DistributionTenantWithETag,
  ListConnectionGroupsOutput,
  ListDistributionTenantsOptions,
  ListDistributionTenantsOutput,
  PageOptions,
  UpdateDistributionTenantInput,
} from './aws-shapes.js';
import type { CallRunner } from './call-runner.js';
import { certificateProblem, checkAliasesWellFormed, checkAliasFree, cloudfrontError } from './cloudfront-rules.js';
import type { CloudFrontState } from './cloudfront-state.js';
import {
  connectionGroupDocument,
  connectionGroupShape,
  resourceETag,
  tenantDocument,
  tenantShape,
  tenantSummary,
  type TenantState,
} from './cloudfront-tenants.js';
import { isObject } from './distribution-config.js';
import { clampPageSize, CLOUDFRONT_PAGE_CAP, paginate } from './paging.js';
import type { ConnectionGroupDocument, TenantDocument } from './world-document.js';

export class CloudFrontTenantModel {
  constructor(
    private readonly state: CloudFrontState,
    private readonly calls: CallRunner,
  ) {}

  /** The caller's tenants (optionally of one multi-tenant distribution or connection group), paged by tenant id. */
  listDistributionTenants(caller: string, options: ListDistributionTenantsOptions = {}): ListDistributionTenantsOutput {
    const operation = 'ListDistributionTenants';
    return this.calls.run(operation, caller, null, () => {
      const all = this.state.tenants.filter(
        (t) =>
          t.accountId === caller &&
          (options.distributionId === undefined || t.distributionId === options.distributionId) &&
          (options.connectionGroupId === undefined || this.state.groupOf(t).id === options.connectionGroupId),
      );
      const page = paginate(all, (t) => t.id, options.marker, clampPageSize(options.maxItems, CLOUDFRONT_PAGE_CAP), operation);
      return {
        DistributionTenantList: page.items.map((t) => tenantSummary(t, this.state.statusOf(t), this.state.groupOf(t).id)),
        ...(page.next !== undefined ? { NextMarker: page.next.id } : {}),
      };
    });
  }

  /** The caller's tenant by id, name or ARN, with its ETag; EntityNotFound (404) otherwise. */
  getDistributionTenant(caller: string, identifier: string): DistributionTenantWithETag {
    const operation = 'GetDistributionTenant';
    return this.calls.run(operation, caller, identifier, () => this.withETag(this.state.ownTenant(caller, identifier, operation)));
  }

  /**
   * Updates a tenant: members left out keep their value; `Domains` replaces the domain list.
   * Rules, in order: EntityNotFound (404); InvalidIfMatchVersion (400, no If-Match);
   * PreconditionFailed (412, stale ETag); InvalidArgument (another DistributionId; an empty,
   * malformed, uppercase or repeated domain); EntityLimitExceeded (more than `tenantDomainQuota`
   * domains); EntityNotFound (unknown connection group); CNAMEAlreadyExists (409: an added domain
   * on another distribution or tenant anywhere, or whose DNS points at another CloudFront domain
   * than the tenant's routing endpoint); InvalidArgument (the certificate — the tenant's own, else
   * its distribution's — does not cover every domain, when domains are added or the certificate
   * changes: the model lists no InvalidViewerCertificate here). Accepted: a new ETag, InProgress
   * for `deploySeconds`.
   */
  updateDistributionTenant(
    caller: string,
    id: string,
    input: UpdateDistributionTenantInput,
    ifMatch: string | undefined,
  ): DistributionTenantWithETag {
    const operation = 'UpdateDistributionTenant';
    return this.calls.run(operation, caller, id, () => {
      const t = this.state.ownTenant(caller, id, operation);
      if (ifMatch === undefined || ifMatch === '') {
        throw cloudfrontError(operation, 'InvalidIfMatchVersion', 'The If-Match version is missing or not valid for the resource.');
      }
      if (ifMatch !== resourceETag(t)) {
        throw cloudfrontError(
          operation,
          'PreconditionFailed',
          'The precondition given in one or more of the request-header fields evaluated to false.',
        );
      }
      if (input.DistributionId !== undefined && input.DistributionId !== t.distributionId) {
        throw cloudfrontError(
          operation,
          'InvalidArgument',
          `A distribution tenant stays with its multi-tenant distribution (${t.distributionId}).`,
        );
      }
      const domains = input.Domains !== undefined ? this.checkedDomains(operation, input.Domains) : t.domains.map((d) => d.domain);
      const groupId = input.ConnectionGroupId ?? t.connectionGroupId;
      if (groupId !== null) this.state.ownConnectionGroup(caller, groupId, operation);
      const certificateArn = input.Customizations?.Certificate?.Arn ?? t.certificateArn;
      const added = domains.filter((domain) => !t.domains.some((d) => d.domain === domain));
      const endpoint =
        groupId !== null
          ? this.state.ownConnectionGroup(caller, groupId, operation).routingEndpoint
          : this.state.groupOf(t).routingEndpoint;
      for (const domain of added) {
        const holder = this.state.holderOf(domain);
        checkAliasFree(
          operation,
          domain,
          endpoint,
          holder !== undefined && holder.state !== t,
          this.state.neighbours.recordsNamed(toFqdn(domain)),
        );
      }
      if (added.length > 0 || certificateArn !== t.certificateArn) this.checkCertificate(operation, caller, t, certificateArn, domains);
      t.domains = domains.map((domain) => t.domains.find((d) => d.domain === domain) ?? { domain, status: 'active' });
      t.connectionGroupId = groupId;
      t.certificateArn = certificateArn;
      if (input.Enabled !== undefined) t.enabled = input.Enabled;
      this.state.markUpdated(t);
      return this.withETag(t);
    });
  }

  /** The caller's connection groups, paged by id. */
  listConnectionGroups(caller: string, options: PageOptions = {}): ListConnectionGroupsOutput {
    const operation = 'ListConnectionGroups';
    return this.calls.run(operation, caller, null, () => {
      const all = this.state.connectionGroups.filter((g) => g.accountId === caller);
      const page = paginate(all, (g) => g.id, options.marker, clampPageSize(options.maxItems, CLOUDFRONT_PAGE_CAP), operation);
      return {
        ConnectionGroups: page.items.map((g) => ({ ...connectionGroupShape(g, this.state.loadedAt), ETag: resourceETag(g) })),
        ...(page.next !== undefined ? { NextMarker: page.next.id } : {}),
      };
    });
  }

  /** The caller's connection group by id, name or ARN; EntityNotFound (404) otherwise. */
  getConnectionGroup(caller: string, identifier: string): ConnectionGroupWithETag {
    const operation = 'GetConnectionGroup';
    return this.calls.run(operation, caller, identifier, () => {
      const g = this.state.ownConnectionGroup(caller, identifier, operation);
      return { ConnectionGroup: connectionGroupShape(g, this.state.loadedAt), ETag: resourceETag(g) };
    });
  }

  /** The account's tenants as world-file entries; undefined when it has none and listed none. */
  tenantDocumentsOf(accountId: string): TenantDocument[] | undefined {
    const own = this.state.tenants.filter((t) => t.accountId === accountId);
    if (!this.state.listed.tenants.has(accountId) && own.length === 0) return undefined;
    return own.map((t) => tenantDocument(t, this.state.statusOf(t)));
  }

  connectionGroupDocumentsOf(accountId: string): ConnectionGroupDocument[] | undefined {
    const own = this.state.connectionGroups.filter((g) => g.accountId === accountId);
    if (!this.state.listed.connectionGroups.has(accountId) && own.length === 0) return undefined;
    return own.map((g) => connectionGroupDocument(g));
  }

  private withETag(t: TenantState): DistributionTenantWithETag {
    return { DistributionTenant: tenantShape(t, this.state.statusOf(t), this.state.groupOf(t).id), ETag: resourceETag(t) };
  }

  private checkedDomains(operation: string, items: readonly unknown[]): string[] {
    const domains = items.map((item) => (isObject(item) && typeof item['Domain'] === 'string' ? item['Domain'] : ''));
    if (domains.length === 0) throw cloudfrontError(operation, 'InvalidArgument', 'You must specify at least one domain.');
    checkAliasesWellFormed(operation, domains);
    const quota = this.state.context.settings.tenantDomainQuota;
    if (domains.length > quota) {
      throw cloudfrontError(
        operation,
        'EntityLimitExceeded',
        `A distribution tenant can have at most ${quota} domains (${domains.length} given).`,
      );
    }
    return domains;
  }

  private checkCertificate(
    operation: string,
    caller: string,
    t: TenantState,
    certificateArn: string | null,
    domains: readonly string[],
  ): void {
    const arn = certificateArn ?? this.state.parentOf(t)?.certificateArn ?? null;
    const problem = certificateProblem(caller, arn, domains, (a) => this.state.neighbours.certificate(caller, a));
    if (problem) throw cloudfrontError(operation, 'InvalidArgument', problem);
  }
}
