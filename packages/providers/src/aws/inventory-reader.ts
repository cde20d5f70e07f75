/**
 * `readInventory` for the AWS provider, at the request cost the engine budgets for a refresh:
 *
 * - distributions: `ListDistributions` pages of 100 (aliases, status, enabled flag, viewer
 *   certificate and ARN all come with the summaries; no per-distribution read);
 * - tenants: `ListConnectionGroups` and `ListDistributionTenants` pages;
 * - certificates: one `DescribeCertificate` per distinct ACM certificate in use; IAM server
 *   certificates in use through `ListServerCertificates` pages and one `GetServerCertificate` each;
 * - hosted zones: `ListHostedZones` pages, then `ListResourceRecordSets` pages per zone;
 * - owners outside the account: `ListDomainConflicts` pages per managed alias that no resource of
 *   the account holds, asked from a resource whose certificate covers it (ownership-probe.ts);
 * - the account: from a distribution ARN, or one STS GetCallerIdentity when there is none.
 */
import type { DistributionSummary } from '@aws-sdk/client-cloudfront';
import type { HostedZone as Route53HostedZone, ListResourceRecordSetsCommandInput, RRType } from '@aws-sdk/client-route-53';
import {
  certificateRegion,
  normalizeHostname,
  ResourceNotFoundError,
  type CallOptions,
  type Certificate,
  type Clock,
  type Distribution,
  type DistributionTenant,
  type DnsRecord,
  type HostedZone,
  type Inventory,
  type InventoryScope,
} from '@cfalias/core';
import { accountFromArn, readCallerAccount } from './account.js';
import type { AwsClients } from './clients.js';
import { mapWithLimit } from './concurrency.js';
import { translateAwsError } from './errors.js';
import { bareZoneId, normalizeRecordName, toCertificate, toDistribution, toDnsRecord, toHostedZone } from './normalize.js';
import type { RecordListStart, RecordPage } from '../sandbox/route53-name-range.js';
import { controlResources, readOwners } from '../ownership/ownership-probe.js';
import { listDomainConflicts } from './domain-moves.js';
import { readServerCertificates } from './iam-certificates.js';
import { listTenants } from './tenants.js';
import { acmSdk, cloudFrontSdk, route53Sdk } from '../deferred-modules.js';

/** CloudFront's largest ListDistributions page. */
const DISTRIBUTION_PAGE_SIZE = 100;
/** Parallel reads per service: well inside ACM's and Route 53's request rates; throttling is retried by the client. */
const READ_CONCURRENCY = 4;

export async function readAwsInventory(
  clients: AwsClients,
  scope: InventoryScope,
  clock: Clock,
  options: CallOptions = {},
): Promise<Inventory> {
  const readAt = new Date(clock.now()).toISOString();
  const summaries = await listDistributions(clients, options);
  const account =
    summaries.map((s) => accountFromArn(s.ARN ?? '')).find((a) => a !== undefined) ?? (await readCallerAccount(clients.sts, options));
  const distributions = summaries.map((summary) => toDistribution(summary, account));
  const tenants = await listTenants(clients, account, options);
  const [certificates, hostedZones] = await Promise.all([
    readCertificates(clients, [...distributions, ...tenants], clock.now(), options),
    readHostedZones(clients, options),
  ]);
  const missing = aliasesHeldByNone(scope.aliases, distributions, tenants);
  const { foreignOwners, unknownOwners } = await readOwners(
    missing,
    // Resources to probe from, needed only when some alias is missing.
    missing.length > 0 ? controlResources(distributions, tenants, certificates) : [],
    account,
    (domain, resource) => listDomainConflicts(clients, domain, resource, options),
  );
  return {
    account,
    readAt,
    distributions,
    ...(tenants.length > 0 && { tenants }),
    certificates,
    hostedZones,
    foreignOwners,
    ...(unknownOwners.length > 0 && { unknownOwners }),
  };
}

/**
 * The scope's aliases (normalised, each once, in scope order) that no distribution or tenant holds.
 * One set of the scope's aliases with the held ones crossed out: no second set of every alias held.
 */
function aliasesHeldByNone(
  aliases: readonly string[],
  distributions: readonly Distribution[],
  tenants: readonly DistributionTenant[],
): string[] {
  const missing = new Set<string>();
  for (const alias of aliases) missing.add(normalizeHostname(alias));
  for (const d of distributions) for (const alias of d.aliases) missing.delete(alias);
  for (const t of tenants) for (const domain of t.domains) missing.delete(domain);
  return [...missing];
}

async function listDistributions(clients: AwsClients, options: CallOptions): Promise<DistributionSummary[]> {
  const summaries: DistributionSummary[] = [];
  try {
    const pages = cloudFrontSdk().paginateListDistributions(
      { client: clients.cloudFront, pageSize: DISTRIBUTION_PAGE_SIZE },
      {},
      { abortSignal: options.signal },
    );
    for await (const page of pages) summaries.push(...(page.DistributionList?.Items ?? []));
  } catch (error) {
    throw translateAwsError(error, 'ListDistributions', 'distributions');
  }
  return summaries;
}

/**
 * Every ACM certificate some distribution or tenant uses, described once each (in us-east-1, where
 * CloudFront's live), and every IAM server certificate one uses (named by its id, not an ARN).
 */
async function readCertificates(
  clients: AwsClients,
  resources: readonly (Distribution | DistributionTenant)[],
  now: number,
  options: CallOptions,
): Promise<Certificate[]> {
  const refs = [...new Set(resources.flatMap((d) => (d.certificateArn ? [d.certificateArn] : [])))].sort();
  const arns = refs.filter((arn) => certificateRegion(arn) !== undefined);
  const iamIds = new Set(refs.filter((ref) => !ref.startsWith('arn:')));
  const described = await mapWithLimit(arns, READ_CONCURRENCY, async (arn) => {
    try {
      const answer = await clients.acm.send(new (acmSdk().DescribeCertificateCommand)({ CertificateArn: arn }), {
        abortSignal: options.signal,
      });
      return toCertificate(answer.Certificate ?? {}, arn);
    } catch (error) {
      const translated = translateAwsError(error, 'DescribeCertificate', arn);
      // A certificate the account cannot see is left out; the plan's checks report it as missing.
      if (translated instanceof ResourceNotFoundError) return undefined;
      throw translated;
    }
  });
  const iam = await readServerCertificates(clients, iamIds, now, options);
  return [...described.filter((c): c is Certificate => c !== undefined), ...iam];
}

async function readHostedZones(clients: AwsClients, options: CallOptions): Promise<HostedZone[]> {
  const zones: Route53HostedZone[] = [];
  try {
    for await (const page of route53Sdk().paginateListHostedZones({ client: clients.route53 }, {}, { abortSignal: options.signal })) {
      zones.push(...(page.HostedZones ?? []));
    }
  } catch (error) {
    throw translateAwsError(error, 'ListHostedZones', 'hosted zones');
  }
  return mapWithLimit(zones, READ_CONCURRENCY, async (zone) =>
    toHostedZone(zone, await listRecords(clients, bareZoneId(zone.Id ?? ''), options)),
  );
}

/** Every record set of a zone, following `NextRecordName`/`NextRecordType`/`NextRecordIdentifier` (Route 53 has no SDK paginator for this). */
async function listRecords(clients: AwsClients, zoneId: string, options: CallOptions): Promise<DnsRecord[]> {
  const records: DnsRecord[] = [];
  let start: RecordListStart | undefined;
  do {
    const page = await listRecordPage(clients, zoneId, start, options);
    records.push(...page.records);
    start = page.next;
  } while (start !== undefined);
  return records;
}

/** One ListResourceRecordSets page from `start` (the zone's first record set without one), names normalised. */
export async function listRecordPage(
  clients: AwsClients,
  zoneId: string,
  start: RecordListStart | undefined,
  options: CallOptions,
): Promise<RecordPage> {
  const input: ListResourceRecordSetsCommandInput = {
    HostedZoneId: zoneId,
    ...(start !== undefined ? { StartRecordName: start.name } : {}),
    ...(start?.type !== undefined ? { StartRecordType: start.type as RRType } : {}),
    ...(start?.identifier !== undefined ? { StartRecordIdentifier: start.identifier } : {}),
  };
  try {
    const page = await clients.route53.send(new (route53Sdk().ListResourceRecordSetsCommand)(input), { abortSignal: options.signal });
    const records = (page.ResourceRecordSets ?? []).map(toDnsRecord);
    if (!page.IsTruncated || page.NextRecordName === undefined) return { records };
    const next: RecordListStart = {
      name: normalizeRecordName(page.NextRecordName),
      ...(page.NextRecordType !== undefined ? { type: page.NextRecordType } : {}),
      ...(page.NextRecordIdentifier !== undefined ? { identifier: page.NextRecordIdentifier } : {}),
    };
    return { records, next };
  } catch (error) {
    throw translateAwsError(error, 'ListResourceRecordSets', zoneId);
  }
}
