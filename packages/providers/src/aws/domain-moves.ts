/**
 * Moving a domain and finding who holds one, on the AWS SDK: `UpdateDomainAssociation` (standard
 * distributions and tenants; `If-Match` is the target's current ETag, read just before) or
 * `AssociateAlias` (standard distributions only), and `ListDomainConflicts` through the SDK's
 * paginator.
 */
import { isTenantId, normalizeHostname, type CallOptions, type MoveApi } from '@cfalias/core';
import type { ControlResource, DomainConflict } from '../ownership/ownership-probe.js';
import type { AwsClients } from './clients.js';
import { translateAwsError } from './errors.js';
import { getTenant } from './tenants.js';
import { cloudFrontSdk } from '../deferred-modules.js';

/** The target's current ETag: GetDistribution's, or GetDistributionTenant's. */
async function currentETag(clients: AwsClients, targetId: string, options: CallOptions): Promise<string> {
  if (isTenantId(targetId)) return (await getTenant(clients, targetId, options)).etag;
  try {
    const answer = await clients.cloudFront.send(new (cloudFrontSdk().GetDistributionCommand)({ Id: targetId }), {
      abortSignal: options.signal,
    });
    return answer.ETag ?? '';
  } catch (error) {
    throw translateAwsError(error, 'GetDistribution', targetId);
  }
}

export async function moveAlias(clients: AwsClients, targetId: string, alias: string, api: MoveApi, options: CallOptions): Promise<void> {
  const operation = api === 'associate-alias' ? 'AssociateAlias' : 'UpdateDomainAssociation';
  try {
    if (api === 'associate-alias') {
      await clients.cloudFront.send(new (cloudFrontSdk().AssociateAliasCommand)({ TargetDistributionId: targetId, Alias: alias }), {
        abortSignal: options.signal,
      });
      return;
    }
    const ifMatch = await currentETag(clients, targetId, options);
    await clients.cloudFront.send(
      new (cloudFrontSdk().UpdateDomainAssociationCommand)({
        Domain: alias,
        TargetResource: isTenantId(targetId) ? { DistributionTenantId: targetId } : { DistributionId: targetId },
        IfMatch: ifMatch,
      }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    throw translateAwsError(error, operation, targetId, { aliases: [alias], move: true });
  }
}

/** Every page of ListDomainConflicts for `domain`, asked from `resource` (whose certificate covers it). */
export async function listDomainConflicts(
  clients: AwsClients,
  domain: string,
  resource: ControlResource,
  options: CallOptions,
): Promise<DomainConflict[]> {
  const conflicts: DomainConflict[] = [];
  try {
    const pages = cloudFrontSdk().paginateListDomainConflicts(
      { client: clients.cloudFront, pageSize: 100 },
      {
        Domain: domain,
        DomainControlValidationResource:
          resource.type === 'distribution' ? { DistributionId: resource.id } : { DistributionTenantId: resource.id },
      },
      { abortSignal: options.signal },
    );
    for await (const page of pages) {
      for (const c of page.DomainConflicts ?? []) {
        conflicts.push({
          domain: normalizeHostname(c.Domain ?? domain),
          resourceType: c.ResourceType === 'distribution-tenant' ? 'distribution-tenant' : 'distribution',
          resourceId: c.ResourceId ?? '',
          accountId: c.AccountId ?? '',
        });
      }
    }
  } catch (error) {
    throw translateAwsError(error, 'ListDomainConflicts', domain, { aliases: [domain] });
  }
  return conflicts;
}
