/**
 * Distribution tenants on the AWS SDK: listing them with their connection groups' routing
 * endpoints (the SDK's paginators), reading one as a resource that holds aliases, changing its
 * `Domains` by read-modify-write with `If-Match`, waiting until it is deployed, and CloudFront's
 * own DNS check of its domains (`VerifyDnsConfiguration`).
 */
import type { CloudFrontClient, DistributionTenant as SdkTenant, GetDistributionTenantCommandInput } from '@aws-sdk/client-cloudfront';
import type { WaiterConfiguration } from '@smithy/core/client';
import {
  normalizeHostname,
  type AliasEdit,
  type CallOptions,
  type DistributionTenant,
  type LiveDistribution,
  type TenantDnsProblem,
  type UpdateDecision,
} from '@cfalias/core';
import type { AwsClients } from './clients.js';
import { translateAwsError } from './errors.js';
import { distributionStatus, viewerCertificateArn } from './normalize.js';
import { cloudFrontSdk, smithyClient } from '../deferred-modules.js';

/** Every tenant of the account, each with its connection group's routing endpoint. */
export async function listTenants(clients: AwsClients, account: string, options: CallOptions): Promise<DistributionTenant[]> {
  const endpoints = new Map<string, string>();
  const tenants: DistributionTenant[] = [];
  try {
    for await (const page of cloudFrontSdk().paginateListConnectionGroups(
      { client: clients.cloudFront },
      {},
      { abortSignal: options.signal },
    )) {
      for (const g of page.ConnectionGroups ?? []) if (g.Id) endpoints.set(g.Id, normalizeHostname(g.RoutingEndpoint ?? ''));
    }
    for await (const page of cloudFrontSdk().paginateListDistributionTenants(
      { client: clients.cloudFront },
      {},
      { abortSignal: options.signal },
    )) {
      for (const t of page.DistributionTenantList ?? []) {
        tenants.push({
          id: t.Id ?? '',
          accountId: account,
          name: t.Name ?? '',
          distributionId: t.DistributionId ?? '',
          domains: (t.Domains ?? []).map((d) => normalizeHostname(d.Domain ?? '')),
          enabled: t.Enabled === true,
          status: distributionStatus(t.Status),
          certificateArn: t.Customizations?.Certificate?.Arn ?? null,
          connectionGroupId: t.ConnectionGroupId ?? null,
          routingEndpoint: endpoints.get(t.ConnectionGroupId ?? '') ?? '',
        });
      }
    }
  } catch (error) {
    throw translateAwsError(error, 'ListDistributionTenants', 'distribution tenants');
  }
  return tenants;
}

/** GetDistributionTenant: the tenant and its ETag (what UpdateDistributionTenant and UpdateDomainAssociation want as If-Match). */
export async function getTenant(clients: AwsClients, id: string, options: CallOptions): Promise<{ tenant: SdkTenant; etag: string }> {
  try {
    const answer = await clients.cloudFront.send(new (cloudFrontSdk().GetDistributionTenantCommand)({ Identifier: id }), {
      abortSignal: options.signal,
    });
    if (!answer.DistributionTenant || !answer.ETag)
      throw new TypeError(`GetDistributionTenant ${id}: the answer has no DistributionTenant or ETag`);
    return { tenant: answer.DistributionTenant, etag: answer.ETag };
  } catch (error) {
    throw translateAwsError(error, 'GetDistributionTenant', id);
  }
}

/**
 * A tenant as a resource holding aliases: its domains, its connection group's routing endpoint as
 * its DNS name, its own certificate or else its multi-tenant distribution's.
 */
export async function liveTenant(clients: AwsClients, tenant: SdkTenant, options: CallOptions): Promise<LiveDistribution> {
  const id = tenant.Id ?? '';
  try {
    const group = await clients.cloudFront.send(
      new (cloudFrontSdk().GetConnectionGroupCommand)({ Identifier: tenant.ConnectionGroupId ?? '' }),
      {
        abortSignal: options.signal,
      },
    );
    let certificateArn = tenant.Customizations?.Certificate?.Arn ?? null;
    if (certificateArn === null && tenant.DistributionId) {
      const parent = await clients.cloudFront.send(new (cloudFrontSdk().GetDistributionCommand)({ Id: tenant.DistributionId }), {
        abortSignal: options.signal,
      });
      certificateArn = viewerCertificateArn(parent.Distribution?.DistributionConfig?.ViewerCertificate);
    }
    return {
      id,
      domainName: normalizeHostname(group.ConnectionGroup?.RoutingEndpoint ?? ''),
      enabled: tenant.Enabled === true,
      status: distributionStatus(tenant.Status),
      aliases: (tenant.Domains ?? []).map((d) => normalizeHostname(d.Domain ?? '')),
      certificateArn,
    };
  } catch (error) {
    throw translateAwsError(error, 'GetConnectionGroup', id);
  }
}

/**
 * Read-modify-write of a tenant's `Domains`: read (with ETag) → guard → UpdateDistributionTenant
 * sending back what was read (distribution, connection group, customizations, parameters,
 * enabled flag) with only `Domains` changed, and `If-Match`.
 */
export async function updateTenantDomains(
  clients: AwsClients,
  id: string,
  edit: AliasEdit,
  guard: (live: LiveDistribution) => UpdateDecision,
  options: CallOptions,
): Promise<UpdateDecision> {
  const { tenant, etag } = await getTenant(clients, id, options);
  if (guard(await liveTenant(clients, tenant, options)) === 'skip') return 'skip';
  const domains = (tenant.Domains ?? []).map((d) => d.Domain ?? '').filter((d) => !edit.remove.includes(normalizeHostname(d)));
  for (const alias of edit.add) if (!domains.some((d) => normalizeHostname(d) === alias)) domains.push(alias);
  try {
    await clients.cloudFront.send(
      new (cloudFrontSdk().UpdateDistributionTenantCommand)({
        Id: id,
        IfMatch: etag,
        DistributionId: tenant.DistributionId,
        Domains: domains.map((Domain) => ({ Domain })),
        ...(tenant.ConnectionGroupId !== undefined && { ConnectionGroupId: tenant.ConnectionGroupId }),
        ...(tenant.Customizations !== undefined && { Customizations: tenant.Customizations }),
        ...(tenant.Parameters !== undefined && { Parameters: tenant.Parameters }),
        ...(tenant.Enabled !== undefined && { Enabled: tenant.Enabled }),
      }),
      { abortSignal: options.signal },
    );
    return 'apply';
  } catch (error) {
    throw translateAwsError(error, 'UpdateDistributionTenant', id, { aliases: edit.add });
  }
}

/** The SDK has no waiter for tenants: this is one on the SDK's own waiter machinery, polling GetDistributionTenant. */
export async function waitUntilTenantDeployed(
  params: WaiterConfiguration<CloudFrontClient>,
  input: GetDistributionTenantCommandInput,
): Promise<unknown> {
  const { checkExceptions, createWaiter, WaiterState } = smithyClient();
  const result = await createWaiter({ minDelay: 60, maxDelay: 2100, ...params }, input, async (client, request) => {
    try {
      const answer = await client.send(new (cloudFrontSdk().GetDistributionTenantCommand)(request));
      return { state: answer.DistributionTenant?.Status === 'Deployed' ? WaiterState.SUCCESS : WaiterState.RETRY, reason: answer };
    } catch (error) {
      return { state: WaiterState.RETRY, reason: error };
    }
  });
  return checkExceptions(result);
}

/** `VerifyDnsConfiguration` of the tenant: the given domains CloudFront does not find routed to it. */
export async function verifyTenantDns(
  clients: AwsClients,
  tenantId: string,
  domains: readonly string[],
  options: CallOptions,
): Promise<TenantDnsProblem[]> {
  try {
    const answer = await clients.cloudFront.send(new (cloudFrontSdk().VerifyDnsConfigurationCommand)({ Identifier: tenantId }), {
      abortSignal: options.signal,
    });
    const wanted = new Set(domains);
    return (answer.DnsConfigurationList ?? [])
      .filter((c) => wanted.has(normalizeHostname(c.Domain ?? '')) && c.Status !== 'valid-configuration')
      .map((c) => ({
        domain: normalizeHostname(c.Domain ?? ''),
        status: c.Status === 'invalid-configuration' ? 'invalid-configuration' : 'unknown-configuration',
        ...(c.Reason !== undefined && { reason: c.Reason }),
      }));
  } catch (error) {
    throw translateAwsError(error, 'VerifyDnsConfiguration', tenantId);
  }
}
