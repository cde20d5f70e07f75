/**
 * Preflight checks: what would make CloudFront, ACM or Route 53 refuse the plan (errors, which
 * block it) or make it change more than it says (warnings). Each finding is a Diagnostic with a
 * stable code, the alias (and its location in the desired file) when it is about one, and a
 * remediation an operator can act on. Only what matters is reported: a no-op alias gets no
 * certificate findings, and certificate problems are reported once per receiving distribution.
 */
import type { AliasCount } from './schedule-simulation.js';
import type { AliasPlan } from './diff.js';
import type { DesiredState } from '../desired/desired.js';
import type { Diagnostic } from './diagnostics.js';
import {
  describeRecord,
  otherCloudFrontDomain,
  recordTarget,
  repointRecords,
  routingRecords,
  someRecordPointsAt,
  txtRecord,
} from '../inventory/dns-records.js';
import { certificateCovers, certificateRegion, fromFqdn, isWildcard, toFqdn } from '../hostnames.js';
import { DEFAULT_ALIAS_QUOTA, DEFAULT_TENANT_DOMAIN_QUOTA, isTenantId, type Distribution } from '../inventory/inventory.js';
import { reachableAccounts, type InventoryIndex } from '../inventory/inventory-index.js';
import { checkCrossAccountRoute, checkForeignOwner, checkMoveApi, checkMultiTenantTarget, checkOwnerUnknown } from './ownership-checks.js';

export interface CheckInput {
  readonly desired: DesiredState;
  readonly index: InventoryIndex;
  /** The diff, sorted by alias. */
  readonly items: readonly AliasPlan[];
  readonly aliasCounts: ReadonlyMap<string, AliasCount>;
  readonly now: Date;
  readonly expiryWarningDays: number;
}

const DAY_MS = 86_400_000;
/** Names listed in one message before "and N more". */
const LISTED = 5;

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, LISTED).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}

function aliasDiagnostic(item: AliasPlan, d: Omit<Diagnostic, 'alias' | 'location'>): Diagnostic {
  return { ...d, alias: item.alias, ...(item.desired.location && { location: item.desired.location }) };
}

/** `account 111111111111`, or with a registry `accounts 111111111111, 222222222222`. */
function accountsWords(index: InventoryIndex): string {
  const accounts = [...reachableAccounts(index.inventory)].sort();
  return accounts.length === 1 ? `account ${accounts[0]}` : `accounts ${accounts.join(', ')}`;
}

/** A receiving alias: it must end on `target`, where it is not now. */
function receives(item: AliasPlan): boolean {
  return item.action === 'attach' || item.action === 'move';
}

export function checkPlan(input: CheckInput): Diagnostic[] {
  const { desired, index, items } = input;
  const account = index.inventory.account;
  const out: Diagnostic[] = [];

  if (desired.account !== undefined && desired.account !== account) {
    out.push({
      severity: 'error',
      code: 'account-mismatch',
      message: `${desired.file} is for account ${desired.account}, but the inventory is of account ${account}`,
      remediation: `use credentials for account ${desired.account}, or change "account" in ${desired.file}`,
    });
  }

  const finalHolder = finalHolders(items, index);
  const receivingByTarget = new Map<string, AliasPlan[]>();

  items.forEach((item) => {
    if (receives(item)) {
      if (!item.target) {
        out.push(
          aliasDiagnostic(item, {
            severity: 'error',
            code: 'unknown-distribution',
            distribution: String(item.targetId),
            message: `${item.alias}: target ${item.targetId}${item.desired.targetName ? ` ("${item.desired.targetName}")` : ''} is not a distribution or distribution tenant of ${accountsWords(index)}`,
            remediation: `check the distribution or tenant id in ${desired.file}`,
          }),
        );
      } else {
        const list = receivingByTarget.get(item.target.id);
        if (list) list.push(item);
        else receivingByTarget.set(item.target.id, [item]);
        if (item.target.kind !== 'multi-tenant') checkCoverage(item, item.target, index, out);
      }
    }
    checkForeignOwner(item, out);
    checkCrossAccountRoute(item, desired, out);
    checkOwnerUnknown(item, index, out);
    checkMoveApi(item, out);
    checkDnsPointsElsewhere(item, out);
    checkTxt(item, index, out);
    checkDnsLeftPointing(item, out);
    checkDnsZoneMissing(item, account, out);
    checkWildcardOverlap(item, index, finalHolder, out);
  });

  for (const [targetId, receiving] of [...receivingByTarget].sort(([a], [b]) => (a < b ? -1 : 1))) {
    checkTarget(index.distributions.get(targetId)!, receiving, input, out);
  }
  checkQuota(input, out);
  return out;
}

function checkTarget(target: Distribution, receiving: readonly AliasPlan[], input: CheckInput, out: Diagnostic[]): void {
  if (checkMultiTenantTarget(target, receiving, input.index, out)) return;
  const aliases = listNames(receiving.map((i) => i.alias));
  const base = { distribution: target.id };
  const tenantOf = input.index.tenants.get(target.id)?.distributionId;
  if (!target.enabled) {
    out.push({
      ...base,
      severity: 'error',
      code: 'distribution-disabled',
      message: `${target.id} is disabled; it cannot take ${aliases}`,
      remediation: `enable ${target.id} first, or choose another target`,
    });
  }
  const arn = target.certificateArn;
  const cert = arn === null ? undefined : input.index.certificates.get(arn);
  if (arn === null || !cert) {
    out.push({
      ...base,
      severity: 'error',
      code: 'certificate-missing',
      message:
        arn === null
          ? `${target.id} uses the CloudFront default certificate${tenantOf ? ` (neither it nor its distribution ${tenantOf} has a certificate of its own)` : ''}; it cannot serve ${aliases}`
          : `${target.id} uses certificate ${arn}, which was not found in the inventory`,
      remediation: `give ${target.id}${tenantOf ? ` (or its distribution ${tenantOf})` : ''} an ISSUED ACM certificate in us-east-1 that covers ${aliases}`,
    });
    return;
  }
  // IAM server certificates are global: the ACM region rule does not apply to them.
  const region = certificateRegion(cert.arn);
  if (cert.source !== 'iam' && region !== 'us-east-1') {
    out.push({
      ...base,
      severity: 'error',
      code: 'certificate-wrong-region',
      message: `certificate ${cert.arn} of ${target.id} is in ${region ?? 'an unknown region'}; CloudFront only uses ACM certificates in us-east-1`,
      remediation: 'request or import the certificate in us-east-1 and attach it to the distribution',
    });
    return;
  }
  if (cert.status !== 'ISSUED') {
    out.push({
      ...base,
      severity: 'error',
      code: 'certificate-not-issued',
      message: `certificate ${cert.arn} of ${target.id} is ${cert.status}, not ISSUED`,
      remediation:
        cert.status === 'PENDING_VALIDATION'
          ? 'complete the DNS validation of the certificate'
          : cert.source === 'iam'
            ? 'upload a valid server certificate to IAM (or request one in ACM) and attach it to the distribution'
            : 'request a new certificate and attach it to the distribution',
    });
    return;
  }
  if (cert.notAfter !== null) {
    const notAfter = Date.parse(cert.notAfter);
    const now = input.now.getTime();
    const windowEnd = input.desired.window ? Date.parse(input.desired.window.end) : undefined;
    if (notAfter <= now) {
      out.push({
        ...base,
        severity: 'error',
        code: 'certificate-expiring',
        message: `certificate ${cert.arn} of ${target.id} expired at ${cert.notAfter}`,
        remediation: 'renew the certificate (or attach a new one) before the cutover',
      });
    } else if (notAfter - now < input.expiryWarningDays * DAY_MS || (windowEnd !== undefined && notAfter < windowEnd)) {
      const days = Math.floor((notAfter - now) / DAY_MS);
      out.push({
        ...base,
        severity: 'warning',
        code: 'certificate-expiring',
        message: `certificate ${cert.arn} of ${target.id} expires at ${cert.notAfter} (in ${days} days)${windowEnd !== undefined && notAfter < windowEnd ? ', before the maintenance window ends' : ''}`,
        remediation: 'renew the certificate before the cutover',
      });
    }
  }
}

/** The SAN(s) that would cover `alias`, for the remediation text. */
function sanToRequest(alias: string, index: InventoryIndex): string {
  if (isWildcard(alias)) return `"${alias}"`;
  const zone = index.zoneFor(alias);
  const labels = alias.split('.');
  const apex = zone ? fromFqdn(zone.name) === alias : labels.length === 2;
  if (apex) return `"${alias}"`;
  return `"*.${labels.slice(1).join('.')}" or "${alias}"`;
}

function checkCoverage(item: AliasPlan, target: Distribution, index: InventoryIndex, out: Diagnostic[]): void {
  const cert = target.certificateArn === null ? undefined : index.certificates.get(target.certificateArn);
  if (!cert || certificateCovers(cert.subjectAlternativeNames, item.alias)) return;
  out.push(
    aliasDiagnostic(item, {
      severity: 'error',
      code: 'certificate-not-covering',
      distribution: target.id,
      message: `${item.alias}: certificate ${cert.arn} of ${target.id} does not cover it (SANs: ${cert.subjectAlternativeNames.join(', ')}; a wildcard SAN covers exactly one label)`,
      remediation: `request a certificate with SAN ${sanToRequest(item.alias, index)} (keeping the SANs it has) and attach it to ${target.id}`,
    }),
  );
}

function checkDnsPointsElsewhere(item: AliasPlan, out: Diagnostic[]): void {
  const target = item.target;
  const addsByUpdate = item.action === 'attach' || (item.action === 'move' && item.strategy === 'detach-attach');
  if (!addsByUpdate || !target || item.managedDns || !item.zone) return;
  const other = otherCloudFrontDomain(item.records, target.domainName);
  if (other === null) return;
  const wanted = repointRecords(item.alias, item.records, target.domainName).map(describeRecord).join(' and ');
  const why = item.desired.dns === 'none' ? 'dns: none' : 'its zone is not managed';
  out.push(
    aliasDiagnostic(item, {
      severity: 'error',
      code: 'dns-points-elsewhere',
      distribution: target.id,
      message: `${item.alias}: DNS points at ${other}${item.source?.domainName === other ? ` (${item.source.id}, its current distribution)` : ''}; CloudFront refuses to add it to ${target.id} until DNS is changed, and cfalias may not change it (${why})`,
      remediation: `in hosted zone ${item.zone.name} (${item.zone.id}) set ${wanted}, or set dns: route53 for ${item.alias} so cfalias repoints it first`,
    }),
  );
}

/**
 * `txtProof: always` with an explicit `strategy: move`: the `_<alias>` TXT record must exist before
 * the move, in the zone that contains its name (`ownershipRecordName`), and cfalias cannot create it.
 */
function checkTxt(item: AliasPlan, index: InventoryIndex, out: Diagnostic[]): void {
  if (item.action !== 'move' || item.desired.strategy !== 'move' || item.txt !== 'unavailable' || !item.target) return;
  const txt = txtRecord(item.alias, item.target.domainName, item.zone);
  const record = describeRecord(txt);
  const txtZone = index.zoneFor(txt.name);
  const why = item.desired.dns === 'none' ? 'dns: none' : `no hosted zone of the account contains ${txt.name}`;
  const where = txtZone ? `in hosted zone ${txtZone.name} (${txtZone.id})` : `in the DNS zone that serves ${txt.name}`;
  out.push(
    aliasDiagnostic(item, {
      severity: 'error',
      code: 'txt-record-missing',
      distribution: item.target.id,
      message: `${item.alias}: txtProof: always needs the TXT record ${record} before the move; it does not exist, and cfalias cannot create it (${why})`,
      remediation: `create ${record} ${where}, set txtProof: when-needed (a same-account move needs no record unless CloudFront asks for one), or use strategy detach-attach`,
    }),
  );
}

function checkDnsLeftPointing(item: AliasPlan, out: Diagnostic[]): void {
  const source = item.source;
  if (item.action !== 'detach' || !source || !item.zone || !someRecordPointsAt(item.records, source.domainName)) return;
  const records = routingRecords(item.records).filter((r) => recordTarget(r) === source.domainName);
  out.push(
    aliasDiagnostic(item, {
      severity: 'warning',
      code: 'dns-left-pointing',
      distribution: source.id,
      message: `${item.alias}: after the detach, ${records.map((r) => `${r.name} ${r.type}`).join(' and ')} in zone ${item.zone.name} still point${records.length === 1 ? 's' : ''} at ${source.domainName} (${source.id}); cfalias does not delete DNS records`,
      remediation: `delete or repoint ${records.map((r) => `${r.name} ${r.type}`).join(' and ')} in hosted zone ${item.zone.id}`,
    }),
  );
}

/**
 * `dns: route53` promises that cfalias points the alias at its distribution; without a hosted zone
 * of the account that contains it, the plan has no DNS step, so it says so and names the record
 * the user must create where the name is served.
 */
function checkDnsZoneMissing(item: AliasPlan, account: string, out: Diagnostic[]): void {
  const target = item.target;
  if (item.desired.dns !== 'route53' || item.zone || !target || (item.action !== 'attach' && item.action !== 'move')) return;
  const wanted = repointRecords(item.alias, item.records, target.domainName).map(describeRecord).join(' and ');
  out.push(
    aliasDiagnostic(item, {
      severity: 'warning',
      code: 'dns-zone-missing',
      distribution: target.id,
      message: `${item.alias}: dns: route53, but no hosted zone of account ${account} contains it, so the plan changes no DNS record for it`,
      remediation: `where ${item.alias} is served, point it at ${target.domainName} (${wanted}, or a CNAME to ${target.domainName} below a zone apex); or create its hosted zone in this account, or set dns: none to say DNS is handled elsewhere`,
    }),
  );
}

/**
 * Who holds each alias after the plan: managed aliases per the diff, the rest where they are. The
 * table is built on the first question (only aliases leaving a distribution ask one).
 */
function finalHolders(items: readonly AliasPlan[], index: InventoryIndex): (alias: string) => string | null {
  let managed: Map<string, string | null> | undefined;
  return (alias) => {
    if (!managed) {
      managed = new Map();
      for (const item of items) {
        managed.set(
          item.alias,
          item.action === 'detach' || item.targetId === null ? null : item.action === 'noop' ? (item.source?.id ?? null) : item.targetId,
        );
      }
    }
    return managed.has(alias) ? managed.get(alias)! : (index.owners.get(alias)?.id ?? null);
  };
}

/** The parents of a name with at least two labels: `a.b.example.com` → `b.example.com`, `example.com`. */
function parents(name: string): string[] {
  const labels = name.split('.');
  const out: string[] = [];
  for (let i = 1; labels.length - i >= 2; i++) out.push(labels.slice(i).join('.'));
  return out;
}

function checkWildcardOverlap(
  item: AliasPlan,
  index: InventoryIndex,
  finalHolder: (alias: string) => string | null,
  out: Diagnostic[],
): void {
  const source = item.source;
  if (!source) return;
  const gap = item.action === 'move' && item.strategy === 'detach-attach';
  const leaves = item.action === 'detach' || gap;
  if (!isWildcard(item.alias) && leaves) {
    // (a) An exact alias leaves: the most specific wildcard elsewhere serves it (meanwhile or afterwards).
    for (const parent of parents(item.alias)) {
      const wildcard = `*.${parent}`;
      const holder = gap ? (index.owners.get(wildcard)?.id ?? null) : finalHolder(wildcard);
      if (holder === null) continue;
      if (holder !== source.id && holder !== item.targetId) {
        out.push(
          aliasDiagnostic(item, {
            severity: 'warning',
            code: 'wildcard-overlap',
            distribution: holder,
            message: gap
              ? `${item.alias}: while it is detached from ${source.id} and not yet on ${item.targetId}, requests for it are served by ${holder} (which holds ${wildcard})`
              : `${item.alias}: after the detach, requests for it are served by ${holder} (which holds ${wildcard})`,
            remediation: gap
              ? `use strategy move (one UpdateDomainAssociation, no gap), or accept that ${holder} serves it meanwhile`
              : `also detach ${wildcard} from ${holder} if ${item.alias} must stop being served`,
          }),
        );
      }
      return;
    }
    return;
  }
  if (!isWildcard(item.alias) || !(item.action === 'detach' || item.action === 'move')) return;
  // (b) A wildcard leaves its holder: names DNS sends to the holder and no more specific alias serves change distribution.
  const suffix = item.alias.slice(2);
  const zone = index.zoneFor(suffix);
  if (!zone) return;
  const names = new Set<string>();
  const ownName = toFqdn(item.alias);
  for (const record of index.zoneRecords(zone.id)) {
    if (record.name === ownName || !record.name.endsWith(`.${suffix}.`)) continue;
    if (recordTarget(record) !== source.domainName) continue;
    const name = fromFqdn(record.name);
    if (isWildcard(name) || finalHolder(name) !== null) continue;
    const moreSpecific = parents(name).some((p) => p.length > suffix.length && finalHolder(`*.${p}`) !== null);
    if (!moreSpecific) names.add(name);
  }
  if (names.size === 0) return;
  const sorted = [...names].sort();
  let servedBy: string;
  if (item.action === 'move') {
    servedBy = `${item.targetId}${gap ? ' (and by no distribution during the switch)' : ''}`;
  } else {
    const fallback = parents(suffix)
      .map((p) => ({ wildcard: `*.${p}`, holder: finalHolder(`*.${p}`) }))
      .find((c) => c.holder !== null);
    servedBy = fallback ? `${fallback.holder} (which holds ${fallback.wildcard})` : 'no distribution (requests for them will fail)';
  }
  out.push(
    aliasDiagnostic(item, {
      severity: 'warning',
      code: 'wildcard-overlap',
      distribution: source.id,
      message: `${item.alias} leaves ${source.id}: ${listNames(sorted)} (DNS points at ${source.domainName}, no exact alias) will be served by ${servedBy}`,
      remediation: `add exact aliases for the names that must stay on ${source.id}, or repoint their DNS`,
    }),
  );
}

function checkQuota(input: CheckInput, out: Diagnostic[]): void {
  const limits = input.index.inventory.limits;
  const distributionLimit = limits?.aliasesPerDistribution ?? DEFAULT_ALIAS_QUOTA;
  const tenantLimit = limits?.domainsPerTenant ?? DEFAULT_TENANT_DOMAIN_QUOTA;
  for (const [id, count] of [...input.aliasCounts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const tenant = isTenantId(id);
    const limit = tenant ? tenantLimit : distributionLimit;
    const initial = input.index.distributions.get(id)?.aliases.length ?? 0;
    if (count.peak <= limit || count.peak <= initial) continue;
    const what = tenant ? 'domains' : 'aliases';
    out.push({
      severity: 'error',
      code: 'alias-quota-exceeded',
      distribution: id,
      message:
        count.final > limit
          ? `${id} would hold ${count.final} ${what} after the plan; the quota is ${limit}`
          : `${id} would hold ${count.peak} ${what} during the plan (moves arrive before others leave); the quota is ${limit}`,
      remediation: tenant
        ? `spread the domains over more tenants, or request a higher "Domains per distribution tenant" quota`
        : `spread the aliases over more distributions, or request a higher "Alternate domain names (CNAMEs) per distribution" quota`,
    });
  }
}
