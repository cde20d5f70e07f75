/**
 * `readInventory` for the AWS provider, at the request cost the engine budgets for a refresh:
 *
 * - distributions: `ListDistributions` pages of 100 (aliases, status, enabled flag, viewer
 *   certificate and ARN all come with the summaries; no per-distribution read);
 * - certificates: one `DescribeCertificate` per distinct ACM certificate in use;
 * - hosted zones: `ListHostedZones` pages, then `ListResourceRecordSets` pages per zone;
 * - foreign owners: one `ListConflictingAliases` per managed alias that no distribution of the
 *   account holds (it needs a distribution of the account to ask from);
 * - the account: from a distribution ARN, or one STS GetCallerIdentity when there is none.
 */
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { ListConflictingAliasesCommand, paginateListDistributions, type DistributionSummary } from '@aws-sdk/client-cloudfront';
import {
  ListResourceRecordSetsCommand,
  paginateListHostedZones,
  type HostedZone as Route53HostedZone,
  type ListResourceRecordSetsCommandInput,
  type RRType,
} from '@aws-sdk/client-route-53';
import {
  certificateRegion,
  normalizeHostname,
  ResourceNotFoundError,
  type CallOptions,
  type Certificate,
  type Clock,
  type Distribution,
  type DnsRecord,
  type ForeignOwner,
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
  const [certificates, hostedZones, foreignOwners] = await Promise.all([
    readCertificates(clients, distributions, options),
    readHostedZones(clients, options),
    readForeignOwners(clients, scope, distributions, options),
  ]);
  return { account, readAt, distributions, certificates, hostedZones, foreignOwners };
}

async function listDistributions(clients: AwsClients, options: CallOptions): Promise<DistributionSummary[]> {
  const summaries: DistributionSummary[] = [];
  try {
    const pages = paginateListDistributions(
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

/** Every ACM certificate some distribution uses, described once each (in us-east-1, where CloudFront's live). */
async function readCertificates(clients: AwsClients, distributions: readonly Distribution[], options: CallOptions): Promise<Certificate[]> {
  const arns = [...new Set(distributions.flatMap((d) => (d.certificateArn ? [d.certificateArn] : [])))]
    .filter((arn) => certificateRegion(arn) !== undefined)
    .sort();
  const described = await mapWithLimit(arns, READ_CONCURRENCY, async (arn) => {
    try {
      const answer = await clients.acm.send(new DescribeCertificateCommand({ CertificateArn: arn }), {
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
  return described.filter((c): c is Certificate => c !== undefined);
}

async function readHostedZones(clients: AwsClients, options: CallOptions): Promise<HostedZone[]> {
  const zones: Route53HostedZone[] = [];
  try {
    for await (const page of paginateListHostedZones({ client: clients.route53 }, {}, { abortSignal: options.signal })) {
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
    const page = await clients.route53.send(new ListResourceRecordSetsCommand(input), { abortSignal: options.signal });
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

/**
 * Holders outside the account of managed aliases that no distribution of the account holds, as
 * ListConflictingAliases reports them (distribution and account ids partly masked, kept so).
 * Entries for aliases the account itself holds are not foreign and are dropped.
 */
async function readForeignOwners(
  clients: AwsClients,
  scope: InventoryScope,
  distributions: readonly Distribution[],
  options: CallOptions,
): Promise<ForeignOwner[]> {
  const held = new Set(distributions.flatMap((d) => d.aliases));
  const missing = [...new Set(scope.aliases.map((a) => normalizeHostname(a)))].filter((alias) => !held.has(alias));
  const ids = new Set(distributions.map((d) => d.id));
  // ListConflictingAliases must be asked from a distribution of the caller's account.
  const probe = scope.distributionIds.find((id) => ids.has(id)) ?? distributions[0]?.id;
  if (missing.length === 0 || probe === undefined) return [];

  const reported = await mapWithLimit(missing, READ_CONCURRENCY, (alias) => listConflictingAliases(clients, probe, alias, options));
  const owners = new Map<string, ForeignOwner>();
  for (const owner of reported.flat()) {
    if (held.has(owner.alias)) continue;
    owners.set(`${owner.alias}\n${owner.distributionId}\n${owner.accountId}`, owner);
  }
  return [...owners.values()];
}

/** One alias's conflicts, following `NextMarker` (no SDK paginator exists for this operation). */
async function listConflictingAliases(
  clients: AwsClients,
  distributionId: string,
  alias: string,
  options: CallOptions,
): Promise<ForeignOwner[]> {
  const owners: ForeignOwner[] = [];
  let marker: string | undefined;
  try {
    do {
      const page = await clients.cloudFront.send(
        new ListConflictingAliasesCommand({
          DistributionId: distributionId,
          Alias: alias,
          MaxItems: 100,
          ...(marker !== undefined ? { Marker: marker } : {}),
        }),
        { abortSignal: options.signal },
      );
      const list = page.ConflictingAliasesList;
      for (const item of list?.Items ?? []) {
        owners.push({
          alias: normalizeHostname(item.Alias ?? alias),
          distributionId: item.DistributionId ?? '',
          accountId: item.AccountId ?? '',
        });
      }
      marker = list?.NextMarker || undefined;
    } while (marker !== undefined);
  } catch (error) {
    throw translateAwsError(error, 'ListConflictingAliases', alias, { aliases: [alias] });
  }
  return owners;
}
