/**
 * The in-process sandbox provider's inventory read: the same operations the AWS provider makes
 * (distributions, tenants and their connection groups, ACM and IAM certificates, hosted zones and
 * records, ListDomainConflicts for the aliases the account does not hold), called on the world
 * model as one account.
 */
import {
  ResourceNotFoundError,
  type CallOptions,
  type Certificate,
  type CertificateStatus,
  type Distribution,
  type DistributionTenant,
  type DnsRecord,
  type HostedZone,
  type Inventory,
  type InventoryScope,
} from '@cfalias/core';
import { serverCertificate } from '../certificates/server-certificate.js';
import { controlResources, readOwners, type DomainConflict } from '../ownership/ownership-probe.js';
import type { DistributionSummaryShape, ViewerCertificateShape } from './aws-shapes.js';
import { bareRoute53Id, decodeRecordName } from './route53-records.js';
import type { SandboxWorld } from './world-model.js';

/** What the provider lends the reader: its account and its one way of calling the world. */
export interface SandboxCaller {
  readonly world: SandboxWorld;
  readonly account: string;
  invoke<T>(operation: string, resource: string, options: CallOptions, call: () => T): Promise<T>;
  /** Every record set of a zone. */
  listRecords(zoneId: string, options: CallOptions): Promise<DnsRecord[]>;
}

/** The certificate reference of a viewer certificate: ACM ARN, IAM server certificate id, or null (default). */
export function certificateRefOf(certificate: ViewerCertificateShape | undefined): string | null {
  if (!certificate || certificate.CloudFrontDefaultCertificate === true) return null;
  return certificate.ACMCertificateArn ?? certificate.IAMCertificateId ?? null;
}

export async function readSandboxInventory(caller: SandboxCaller, scope: InventoryScope, options: CallOptions): Promise<Inventory> {
  const { world, account } = caller;
  const distributions = await readDistributions(caller, options);
  const tenants = await readTenants(caller, options);
  const certificates = await readCertificates(caller, distributions, tenants, options);
  const hostedZones = await readZones(caller, options);
  const held = new Set([...distributions.flatMap((d) => d.aliases), ...tenants.flatMap((t) => t.domains)]);
  const missing = scope.aliases.filter((alias) => !held.has(alias));
  const { foreignOwners, unknownOwners } = await readOwners(
    missing,
    controlResources(distributions, tenants, certificates),
    account,
    async (domain, resource) => {
      const conflicts: DomainConflict[] = [];
      let marker: string | undefined;
      do {
        const page = await caller.invoke('ListDomainConflicts', resource.id, options, () =>
          world.listDomainConflicts(account, {
            domain,
            controlResource: resource.type === 'distribution' ? { distributionId: resource.id } : { distributionTenantId: resource.id },
            ...(marker !== undefined && { marker }),
          }),
        );
        for (const c of page.DomainConflicts) {
          conflicts.push({ domain: c.Domain, resourceType: c.ResourceType, resourceId: c.ResourceId, accountId: c.AccountId });
        }
        marker = page.NextMarker;
      } while (marker !== undefined);
      return conflicts;
    },
  );
  const { deploySeconds, dnsSyncSeconds, aliasQuota, tenantDomainQuota } = world.settings;
  return {
    account,
    readAt: new Date(world.clock.now()).toISOString(),
    distributions,
    tenants,
    certificates,
    hostedZones,
    foreignOwners,
    ...(unknownOwners.length > 0 && { unknownOwners }),
    limits: { aliasesPerDistribution: aliasQuota, domainsPerTenant: tenantDomainQuota },
    timing: { deploySeconds, dnsSyncSeconds },
    environment: 'sandbox',
  };
}

async function readDistributions(caller: SandboxCaller, options: CallOptions): Promise<Distribution[]> {
  const out: Distribution[] = [];
  let marker: string | undefined;
  do {
    const { DistributionList: page } = await caller.invoke('ListDistributions', caller.account, options, () =>
      caller.world.listDistributions(caller.account, marker !== undefined ? { marker } : {}),
    );
    out.push(...page.Items.map((summary) => distributionFrom(summary, caller.account)));
    marker = page.IsTruncated ? page.NextMarker : undefined;
  } while (marker !== undefined);
  return out;
}

function distributionFrom(summary: DistributionSummaryShape, account: string): Distribution {
  const multiTenant = summary['ConnectionMode'] === 'tenant-only';
  return {
    id: summary.Id,
    accountId: account,
    domainName: summary.DomainName,
    enabled: summary.Enabled,
    status: summary.Status,
    aliases: [...(summary.Aliases.Items ?? [])],
    certificateArn: certificateRefOf(summary.ViewerCertificate),
    ...(multiTenant && { kind: 'multi-tenant' as const, connectionMode: 'tenant-only' as const }),
  };
}

/** Every tenant of the account, with its connection group's routing endpoint. */
async function readTenants(caller: SandboxCaller, options: CallOptions): Promise<DistributionTenant[]> {
  const { world, account } = caller;
  const endpoints = new Map<string, string>();
  let marker: string | undefined;
  do {
    const page = await caller.invoke('ListConnectionGroups', account, options, () =>
      world.listConnectionGroups(account, marker !== undefined ? { marker } : {}),
    );
    for (const g of page.ConnectionGroups) endpoints.set(g.Id, g.RoutingEndpoint);
    marker = page.NextMarker;
  } while (marker !== undefined);
  const tenants: DistributionTenant[] = [];
  do {
    const page = await caller.invoke('ListDistributionTenants', account, options, () =>
      world.listDistributionTenants(account, marker !== undefined ? { marker } : {}),
    );
    for (const t of page.DistributionTenantList) {
      tenants.push({
        id: t.Id,
        accountId: account,
        name: t.Name,
        distributionId: t.DistributionId,
        domains: t.Domains.map((d) => d.Domain),
        enabled: t.Enabled,
        status: t.Status,
        certificateArn: t.Customizations?.Certificate?.Arn ?? null,
        connectionGroupId: t.ConnectionGroupId,
        routingEndpoint: endpoints.get(t.ConnectionGroupId) ?? '',
      });
    }
    marker = page.NextMarker;
  } while (marker !== undefined);
  return tenants;
}

/** ACM certificates by ARN and IAM server certificates by id, for every resource that names one. */
async function readCertificates(
  caller: SandboxCaller,
  distributions: readonly Distribution[],
  tenants: readonly DistributionTenant[],
  options: CallOptions,
): Promise<Certificate[]> {
  const { world, account } = caller;
  const refs = new Set<string>();
  for (const r of [...distributions, ...tenants]) if (r.certificateArn !== null) refs.add(r.certificateArn);
  const certificates: Certificate[] = [];
  const iamIds = [...refs].filter((ref) => !ref.startsWith('arn:'));
  for (const arn of [...refs].filter((ref) => ref.startsWith('arn:'))) {
    try {
      const { Certificate: c } = await caller.invoke('DescribeCertificate', arn, options, () => world.describeCertificate(account, arn));
      certificates.push({
        arn: c.CertificateArn,
        domainName: c.DomainName,
        subjectAlternativeNames: [...c.SubjectAlternativeNames],
        status: c.Status as CertificateStatus,
        notAfter: c.NotAfter ? c.NotAfter.toISOString() : null,
      });
    } catch (error) {
      // A certificate the account cannot see is reported by the plan's checks as missing.
      if (!(error instanceof ResourceNotFoundError)) throw error;
    }
  }
  if (iamIds.length > 0) certificates.push(...(await readServerCertificates(caller, new Set(iamIds), options)));
  return certificates;
}

async function readServerCertificates(caller: SandboxCaller, ids: ReadonlySet<string>, options: CallOptions): Promise<Certificate[]> {
  const { world, account } = caller;
  const out: Certificate[] = [];
  let marker: string | undefined;
  do {
    const page = await caller.invoke('ListServerCertificates', account, options, () =>
      world.listServerCertificates(account, marker !== undefined ? { marker } : {}),
    );
    for (const meta of page.ServerCertificateMetadataList) {
      if (!ids.has(meta.ServerCertificateId)) continue;
      const { ServerCertificate: sc } = await caller.invoke('GetServerCertificate', meta.ServerCertificateName, options, () =>
        world.getServerCertificate(account, meta.ServerCertificateName),
      );
      out.push(
        serverCertificate(
          { arn: meta.Arn, serverCertificateId: meta.ServerCertificateId, expiration: meta.Expiration, body: sc.CertificateBody },
          world.clock.now(),
        ),
      );
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker !== undefined);
  return out;
}

async function readZones(caller: SandboxCaller, options: CallOptions): Promise<HostedZone[]> {
  const { world, account } = caller;
  const zones: HostedZone[] = [];
  let marker: string | undefined;
  do {
    const page = await caller.invoke('ListHostedZones', account, options, () =>
      world.listHostedZones(account, marker !== undefined ? { marker } : {}),
    );
    for (const zone of page.HostedZones) {
      const id = bareRoute53Id(zone.Id);
      zones.push({
        id,
        name: decodeRecordName(zone.Name),
        privateZone: zone.Config.PrivateZone,
        records: await caller.listRecords(id, options),
      });
    }
    marker = page.IsTruncated ? page.NextMarker : undefined;
  } while (marker !== undefined);
  return zones;
}
