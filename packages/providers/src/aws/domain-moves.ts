/**
 * Moving a domain and finding who holds one, on the AWS SDK: `UpdateDomainAssociation` (standard
 * distributions and tenants; `If-Match` is the ETag the previous move onto the same target
 * returned, or the target's read once when none is known: domain-association-etags.ts) or
 * `AssociateAlias` (standard distributions only), and `ListDomainConflicts` through the SDK's
 * paginator.
 */
import { isTenantId, normalizeHostname, type CallOptions, type MoveApi } from '@cfalias/core';
import type { DomainAssociationETags } from '../domain-association-etags.js';
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

export async function moveAlias(
  clients: AwsClients,
  etags: DomainAssociationETags,
  targetId: string,
  alias: string,
  api: MoveApi,
  options: CallOptions,
): Promise<void> {
  if (api === 'associate-alias') {
    try {
      await clients.cloudFront.send(new (cloudFrontSdk().AssociateAliasCommand)({ TargetDistributionId: targetId, Alias: alias }), {
        abortSignal: options.signal,
      });
    } catch (error) {
      throw translateAwsError(error, 'AssociateAlias', targetId, { aliases: [alias], move: true });
    }
    return;
  }
  await etags.move(targetId, {
    readETag: () => currentETag(clients, targetId, options),
    associate: (ifMatch) => updateDomainAssociation(clients, targetId, alias, ifMatch, options),
  });
}

/** One UpdateDomainAssociation onto `targetId`; the target's ETag after it, as the answer's `ETag` header carries it. */
async function updateDomainAssociation(
  clients: AwsClients,
  targetId: string,
  alias: string,
  ifMatch: string,
  options: CallOptions,
): Promise<string | undefined> {
  try {
    const answer = await clients.cloudFront.send(
      new (cloudFrontSdk().UpdateDomainAssociationCommand)({
        Domain: alias,
        TargetResource: isTenantId(targetId) ? { DistributionTenantId: targetId } : { DistributionId: targetId },
        IfMatch: ifMatch,
      }),
      { abortSignal: options.signal },
    );
    return answer.ETag;
  } catch (error) {
    throw translateAwsError(error, 'UpdateDomainAssociation', targetId, { aliases: [alias], move: true });
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
