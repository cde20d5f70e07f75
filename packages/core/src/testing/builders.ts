/**
 * Small in-memory builders for tests: an Inventory and a DesiredState from a few literal facts,
 * with defaults that make a valid, unremarkable world (account 111111111111, enabled Deployed
 * distributions, ISSUED us-east-1 certificates valid until 2027-06-01, public zones).
 * Exported from `src/testing/index.ts`, not from the core index (tests import it by relative path).
 */
import type { DesiredAlias, DesiredState, DnsMode, MoveApi, StrategyChoice, TxtProof } from '../desired/desired.js';
import type { SourceLocation } from '../plan/diagnostics.js';
import {
  CLOUDFRONT_HOSTED_ZONE_ID,
  type Certificate,
  type Distribution,
  type DistributionTenant,
  type DnsRecord,
  type ForeignOwner,
  type UnknownOwner,
  type HostedZone,
  type Inventory,
} from '../inventory/inventory.js';
import type { Plan, PlanBasis } from '../plan/plan.js';
import { computePlanDigest } from '../plan/plan-document.js';

export const TEST_ACCOUNT = '111111111111';
export const TEST_NOW = '2026-11-27T12:00:00Z';

/** `arn:aws:acm:us-east-1:111111111111:certificate/<name>` */
export function certificateArn(name: string, region = 'us-east-1', account = TEST_ACCOUNT): string {
  return `arn:aws:acm:${region}:${account}:certificate/${name}`;
}

export function buildCertificate(name: string, sans: readonly string[], overrides: Partial<Certificate> = {}): Certificate {
  return {
    arn: certificateArn(name),
    domainName: sans[0] ?? 'example.com',
    subjectAlternativeNames: sans,
    status: 'ISSUED',
    notAfter: '2027-06-01T00:00:00Z',
    ...overrides,
  };
}

/**
 * A distribution of the test account. `domainName` defaults to `<id lowercased>.cloudfront.net`;
 * `certificate` names a certificate built with `buildCertificate` (its ARN is derived), null for
 * the CloudFront default certificate.
 */
export function buildDistribution(
  id: string,
  options: {
    readonly aliases?: readonly string[];
    readonly certificate?: string | null;
    readonly domainName?: string;
    readonly enabled?: boolean;
    readonly status?: Distribution['status'];
    readonly accountId?: string;
  } = {},
): Distribution {
  const certificate = options.certificate === undefined ? 'main' : options.certificate;
  return {
    id,
    accountId: options.accountId ?? TEST_ACCOUNT,
    domainName: options.domainName ?? `${id.toLowerCase()}.cloudfront.net`,
    enabled: options.enabled ?? true,
    status: options.status ?? 'Deployed',
    aliases: options.aliases ?? [],
    certificateArn: certificate === null ? null : certificateArn(certificate),
  };
}

/**
 * A tenant of the test account on multi-tenant distribution `distributionId`; its routing endpoint
 * defaults to `<id lowercased, no underscore>.cloudfront.net`; `certificate` as for
 * `buildDistribution`, null (the default) to use the distribution's.
 */
export function buildTenant(
  id: string,
  distributionId: string,
  options: {
    readonly domains?: readonly string[];
    readonly certificate?: string | null;
    readonly routingEndpoint?: string;
    readonly enabled?: boolean;
    readonly accountId?: string;
  } = {},
): DistributionTenant {
  const certificate = options.certificate ?? null;
  return {
    id,
    accountId: options.accountId ?? TEST_ACCOUNT,
    name: id,
    distributionId,
    domains: options.domains ?? [],
    enabled: options.enabled ?? true,
    status: 'Deployed',
    certificateArn: certificate === null ? null : certificateArn(certificate),
    connectionGroupId: 'cg_default',
    routingEndpoint: options.routingEndpoint ?? `${id.toLowerCase().replace('_', '')}.cloudfront.net`,
  };
}

/** `www.example.com` → an A (or AAAA) alias record to a CloudFront domain. */
export function aliasRecord(name: string, domain: string, type: 'A' | 'AAAA' = 'A'): DnsRecord {
  return { name: `${name}.`, type, aliasTarget: { dnsName: `${domain}.`, hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID } };
}

export function cnameRecord(name: string, target: string, ttl = 300): DnsRecord {
  return { name: `${name}.`, type: 'CNAME', ttl, values: [target] };
}

/** `_www.example.com` TXT `"d2.cloudfront.net"` (pass the alias; the underscore is added). */
export function txtRecordOf(alias: string, domain: string): DnsRecord {
  return { name: `_${alias}.`, type: 'TXT', ttl: 300, values: [`"${domain}"`] };
}

export function buildZone(id: string, name: string, records: readonly DnsRecord[] = [], privateZone = false): HostedZone {
  return { id, name: name.endsWith('.') ? name : `${name}.`, records, ...(privateZone && { privateZone }) };
}

export function buildInventory(parts: {
  readonly account?: string;
  /** The registry's accounts (`Inventory.accounts`); absent: the caller's account alone. */
  readonly accounts?: readonly string[];
  readonly distributions?: readonly Distribution[];
  /** Defaults to one certificate "main" for example.com and *.example.com. */
  readonly certificates?: readonly Certificate[];
  readonly zones?: readonly HostedZone[];
  readonly foreignOwners?: readonly ForeignOwner[];
  readonly tenants?: readonly DistributionTenant[];
  readonly unknownOwners?: readonly UnknownOwner[];
  readonly aliasQuota?: number;
  readonly timing?: Inventory['timing'];
}): Inventory {
  return {
    account: parts.account ?? TEST_ACCOUNT,
    ...(parts.accounts && { accounts: parts.accounts }),
    readAt: TEST_NOW,
    distributions: parts.distributions ?? [],
    certificates: parts.certificates ?? [buildCertificate('main', ['example.com', '*.example.com'])],
    hostedZones: parts.zones ?? [],
    foreignOwners: parts.foreignOwners ?? [],
    ...(parts.tenants && { tenants: parts.tenants }),
    ...(parts.unknownOwners && { unknownOwners: parts.unknownOwners }),
    ...(parts.aliasQuota !== undefined && { limits: { aliasesPerDistribution: parts.aliasQuota } }),
    ...(parts.timing && { timing: parts.timing }),
  };
}

/** One managed alias; target null detaches. Location defaults to line `n` of cfalias.yaml when given. */
export function desiredAlias(
  alias: string,
  target: string | null,
  options: {
    readonly strategy?: StrategyChoice;
    readonly dns?: DnsMode;
    readonly targetName?: string;
    readonly location?: SourceLocation;
    readonly moveApi?: MoveApi;
    readonly txtProof?: TxtProof;
  } = {},
): DesiredAlias {
  return {
    alias,
    target,
    strategy: options.strategy ?? 'auto',
    dns: options.dns ?? 'route53',
    moveApi: options.moveApi ?? 'update-domain-association',
    txtProof: options.txtProof ?? 'when-needed',
    ...(options.targetName !== undefined && { targetName: options.targetName }),
    ...(options.location && { location: options.location }),
  };
}

export function buildDesired(
  aliases: readonly DesiredAlias[],
  options: {
    readonly account?: string;
    readonly distributions?: Readonly<Record<string, string>>;
    readonly window?: DesiredState['window'];
    readonly digest?: string;
  } = {},
): DesiredState {
  return {
    version: 1,
    file: 'cfalias.yaml',
    digest: options.digest ?? 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
    ...(options.account !== undefined && { account: options.account }),
    distributions: options.distributions ?? {},
    defaults: { strategy: 'auto', dns: 'route53', moveApi: 'update-domain-association', txtProof: 'when-needed' },
    ...(options.window && { window: options.window }),
    safety: { maxChangePercent: 30 },
    aliases,
  };
}

/** A basis with nothing in it: a hand-built plan that depends on no live fact (apply reads nothing for it). */
export const EMPTY_BASIS: PlanBasis = {
  environment: 'sandbox',
  readAt: '2026-11-27T12:00:00.000Z',
  distributions: [],
  holders: [],
  certificates: [],
  records: [],
};

/** A plan made by planCutover, as apply takes it with no live basis: the empty basis, and the digest over it. */
export function withEmptyBasis(made: Plan): Plan {
  const unsigned = { ...made, basis: EMPTY_BASIS };
  return { ...unsigned, digest: computePlanDigest(unsigned) };
}
