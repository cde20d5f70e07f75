/**
 * The sandbox world model: THE one place where the CloudFront, ACM and Route 53 rules of
 * DESIGN.md "The domain" live. The in-process provider, the HTTP emulator, the tests and the demo
 * all sit on it.
 *
 * Contract of every operation: it takes the CALLER ACCOUNT first; is checked against the mutation
 * rate limit (mutating calls only), then the fault schedule, before anything else; logs exactly one
 * call record; answers with AWS-shaped data (aws-shapes.ts)
 * or throws a SandboxServiceError (AWS error code + HTTP status) or a SandboxTransportFault.
 * Operations are synchronous; time is read from the injected clock and never waited on here.
 */
import {
  aliasMatches,
  certificateCovers,
  certificateRegion,
  checkAlias,
  DEFAULT_ALIAS_QUOTA,
  DEFAULT_DEPLOY_SECONDS,
  DEFAULT_DNS_SYNC_SECONDS,
  fromFqdn,
  SimulatedClock,
  toFqdn,
  type CertificateStatus,
  type Clock,
  type DistributionStatus,
  type DnsRecord,
} from '@cfalias/core';
import {
  SANDBOX_OPERATIONS,
  type ChangeBatchShape,
  type ChangeInfoOutput,
  type ConflictingAliasShape,
  type DescribeCertificateOutput,
  type DistributionConfigShape,
  type DistributionConfigWithETag,
  type DistributionShape,
  type DistributionSummaryShape,
  type DistributionWithETag,
  type ListCertificatesOptions,
  type ListCertificatesOutput,
  type ListConflictingAliasesOutput,
  type ListDistributionsOutput,
  type ListHostedZonesOutput,
  type ListResourceRecordSetsOptions,
  type ListResourceRecordSetsOutput,
  type PageOptions,
  type ResourceRecordSetShape,
  type SandboxOperation,
} from './aws-shapes.js';
import { buildConfig, inconsistentQuantities, isObject, splitConfig } from './distribution-config.js';
import { FaultSchedule } from './fault-schedule.js';
import { S3ObjectStore } from './s3-store.js';
import { MutationRateLimiter, resolveRateLimit, type ResolvedRateLimit } from './mutation-rate-limit.js';
import {
  bareRoute53Id,
  compareRecordKeys,
  decodeRecordName,
  encodeRecordName,
  fromResourceRecordSet,
  sameRecordContent,
  toResourceRecordSet,
  unquoteTxt,
} from './route53-records.js';
import {
  RATE_LIMITED_OPERATIONS,
  WORLD_FORMAT_VERSION,
  type AccountDocument,
  type DistributionDocument,
  type FaultDocument,
  type FaultError,
  type RecordDocument,
  type WorldDocument,
  type WorldSettings,
} from './world-document.js';
import { validateWorldDocument } from './world-schema.js';
import { SandboxServiceError, SandboxTransportFault, WorldFileError, type SandboxService } from '../errors.js';

/** One logged call. `outcome` is `ok` or the error code / transport fault kind the caller saw. */
export interface CallRecord {
  readonly service: SandboxService;
  readonly operation: SandboxOperation;
  readonly account: string;
  /** Distribution id, zone id, certificate ARN or change id; null for account-wide lists. */
  readonly resource: string | null;
  /** Clock milliseconds. */
  readonly at: number;
  readonly outcome: string;
  /** True when the outcome was injected by the fault schedule. */
  readonly injected: boolean;
}

export interface SandboxWorldOptions {
  /** Default: a SimulatedClock at the document's `now` (or the real time when absent). */
  readonly clock?: Clock;
}

/** Read-only view of one distribution for tests and tools (no call logged, no faults). */
export interface DistributionView {
  readonly id: string;
  readonly accountId: string;
  readonly domainName: string;
  readonly enabled: boolean;
  readonly status: DistributionStatus;
  readonly aliases: readonly string[];
  readonly certificateArn: string | null;
  readonly etag: string;
  /** Clock ms when it becomes Deployed; null when Deployed. */
  readonly deployedAt: number | null;
}

export type ResolvedSettings = Required<Omit<WorldSettings, 'mutationRateLimit'>> & {
  /** null: mutations are not rate limited. */
  readonly mutationRateLimit: ResolvedRateLimit | null;
};

// ---------------------------------------------------------------- internal state

interface DistributionState {
  readonly id: string;
  readonly accountId: string;
  readonly domainName: string;
  enabled: boolean;
  aliases: string[];
  certificateArn: string | null;
  configVersion: number;
  lastModified: number;
  /** Clock ms when Deployed; null: Deployed. */
  deployedAt: number | null;
  opaque: Record<string, unknown> | undefined;
  /** Which optional fields the document had, so toDocument round-trips exactly. */
  readonly given: { certificateArn: boolean; configVersion: boolean; lastModifiedTime: boolean };
  /** Updated since load (then `lastModifiedTime` is written). */
  updated: boolean;
}

interface CertificateState {
  readonly accountId: string;
  readonly arn: string;
  readonly domainName: string;
  readonly subjectAlternativeNames: readonly string[];
  readonly status: CertificateStatus;
  readonly notAfter: string | null | undefined;
}

interface ZoneState {
  readonly accountId: string;
  readonly id: string;
  readonly name: string;
  readonly privateZone: boolean | undefined;
  records: DnsRecord[];
}

interface ChangeState {
  readonly id: string;
  readonly zoneId: string;
  readonly accountId: string;
  readonly submittedAt: number;
  syncAt: number;
}

interface AccountState {
  readonly id: string;
  readonly distributions: DistributionState[];
  readonly certificates: CertificateState[];
  readonly zones: ZoneState[];
  readonly given: { distributions: boolean; certificates: boolean; hostedZones: boolean };
}

const SECOND = 1000;
const CLOUDFRONT_PAGE_CAP = 100;
const ROUTE53_ZONE_PAGE_CAP = 100;
const ROUTE53_RECORD_PAGE_CAP = 300;

export class SandboxWorld {
  readonly clock: Clock;
  readonly settings: ResolvedSettings;
  /** The sandbox's S3 (the world's `s3Buckets`), for the S3 lease lock. */
  readonly s3: S3ObjectStore;
  private readonly s3BucketsGiven: boolean;
  private readonly callerId: string;
  private readonly documentSettings: WorldSettings | undefined;
  private readonly credentials: Readonly<Record<string, string>> | undefined;
  private readonly accounts: AccountState[];
  private readonly faults: FaultSchedule;
  private readonly rateLimiter: MutationRateLimiter | null;
  private readonly changes = new Map<string, ChangeState>();
  private changeCounter = 0;
  private readonly callLog: CallRecord[] = [];

  private constructor(doc: WorldDocument, clock: Clock) {
    this.clock = clock;
    this.callerId = doc.caller;
    this.documentSettings = doc.settings;
    this.settings = {
      deploySeconds: doc.settings?.deploySeconds ?? DEFAULT_DEPLOY_SECONDS,
      dnsSyncSeconds: doc.settings?.dnsSyncSeconds ?? DEFAULT_DNS_SYNC_SECONDS,
      aliasQuota: doc.settings?.aliasQuota ?? DEFAULT_ALIAS_QUOTA,
      apiLatencyMs: doc.settings?.apiLatencyMs ?? 0,
      mutationRateLimit: resolveRateLimit(doc.settings?.mutationRateLimit),
    };
    this.rateLimiter = this.settings.mutationRateLimit !== null ? new MutationRateLimiter(this.settings.mutationRateLimit) : null;
    this.credentials = doc.credentials;
    const now = clock.now();
    this.accounts = doc.accounts.map((account) => ({
      id: account.id,
      given: {
        distributions: account.distributions !== undefined,
        certificates: account.certificates !== undefined,
        hostedZones: account.hostedZones !== undefined,
      },
      distributions: (account.distributions ?? []).map((d) => ({
        id: d.id,
        accountId: account.id,
        domainName: d.domainName,
        enabled: d.enabled,
        aliases: [...d.aliases],
        certificateArn: d.certificateArn ?? null,
        configVersion: d.configVersion ?? 1,
        lastModified: d.lastModifiedTime !== undefined ? Date.parse(d.lastModifiedTime) : now,
        deployedAt:
          d.status === 'InProgress'
            ? d.deployedAt !== undefined
              ? Date.parse(d.deployedAt)
              : now + this.settings.deploySeconds * SECOND
            : null,
        opaque: d.config !== undefined ? (structuredClone(d.config) as Record<string, unknown>) : undefined,
        given: {
          certificateArn: d.certificateArn !== undefined,
          configVersion: d.configVersion !== undefined,
          lastModifiedTime: d.lastModifiedTime !== undefined,
        },
        updated: false,
      })),
      certificates: (account.certificates ?? []).map((c) => ({
        accountId: account.id,
        arn: c.arn,
        domainName: c.domainName,
        subjectAlternativeNames: [...c.subjectAlternativeNames],
        status: c.status,
        notAfter: c.notAfter,
      })),
      zones: (account.hostedZones ?? []).map((z) => ({
        accountId: account.id,
        id: bareRoute53Id(z.id),
        name: toFqdn(z.name.toLowerCase()),
        privateZone: z.privateZone,
        records: z.records.map((r) => normalizeRecord(r)),
      })),
    }));
    this.faults = new FaultSchedule(doc.faults ?? []);
    this.s3 = new S3ObjectStore(doc.s3Buckets ?? [], clock);
    this.s3BucketsGiven = doc.s3Buckets !== undefined;
    for (const change of doc.changes ?? []) {
      const zone = this.findZone(change.zoneId);
      this.changes.set(change.id, {
        id: change.id,
        zoneId: bareRoute53Id(change.zoneId),
        accountId: zone?.accountId ?? doc.caller,
        submittedAt: Date.parse(change.submittedAt),
        syncAt: Date.parse(change.syncAt),
      });
      this.changeCounter = Math.max(this.changeCounter, changeNumber(change.id));
    }
  }

  /**
   * Builds a world from a document. Validates it first (WorldFileError listing every problem,
   * with `file` = `<document>`), so worlds built in code obey the same rules as world files.
   */
  static fromDocument(doc: WorldDocument, options: SandboxWorldOptions = {}): SandboxWorld {
    const problems = validateWorldDocument(doc);
    if (problems.length > 0) throw new WorldFileError('<document>', problems);
    const clock = options.clock ?? new SimulatedClock(doc.now !== undefined ? Date.parse(doc.now) : Date.now());
    return new SandboxWorld(doc, clock);
  }

  /** The account the in-process provider acts as by default. */
  get caller(): string {
    return this.callerId;
  }

  get accountIds(): readonly string[] {
    return this.accounts.map((a) => a.id);
  }

  /** The account an access key id belongs to (the HTTP emulator's authentication). */
  accountForAccessKey(accessKeyId: string): string | undefined {
    return this.credentials?.[accessKeyId];
  }

  // ---------------------------------------------------------------- call log and faults

  get calls(): readonly CallRecord[] {
    return this.callLog;
  }

  /** Calls logged, of one operation (`UpdateDistribution`) or of all. */
  callCount(operation?: SandboxOperation | (string & {})): number {
    return operation === undefined ? this.callLog.length : this.callLog.filter((c) => c.operation === operation).length;
  }

  resetCalls(): void {
    this.callLog.length = 0;
  }

  /** Schedules one more fault (tests). */
  addFault(fault: FaultDocument): void {
    const problems = validateWorldDocument({ version: 1, caller: this.callerId, accounts: [], faults: [fault] }).filter((p) =>
      p.path.startsWith('/faults'),
    );
    if (problems.length > 0) throw new WorldFileError('<fault>', problems);
    this.faults.add(fault);
  }

  /**
   * Runs one operation: the mutation rate limit first (a throttled request never reaches the
   * service, so it has no effect and uses up no scheduled fault; it is logged as `Throttling`, not
   * injected), then the fault schedule, then the body, logging exactly one call record.
   * A `when: 'after'` fault lets the body take effect and then replaces its answer with the error.
   */
  private call<T>(operation: SandboxOperation, caller: string, resource: string | null, body: () => T): T {
    const service = SANDBOX_OPERATIONS[operation];
    const at = this.clock.now();
    const log = (outcome: string, injected: boolean): void => {
      this.callLog.push({ service, operation, account: caller, resource, at, outcome, injected });
    };
    if (this.rateLimiter && RATE_LIMITED_OPERATIONS.includes(operation) && !this.rateLimiter.tryTake(caller, at)) {
      log('Throttling', false);
      throw new SandboxServiceError(service, operation, 'Throttling', 400, 'Rate exceeded', true);
    }
    const fault = this.faults.match(operation, resource);
    if (fault && fault.when === 'before') {
      log(fault.error, true);
      throw faultError(service, operation, resource, fault.error, false);
    }
    let result: T;
    try {
      result = body();
    } catch (error) {
      log(error instanceof SandboxServiceError ? error.code : 'InternalError', false);
      throw error;
    }
    if (fault) {
      log(fault.error, true);
      throw faultError(service, operation, resource, fault.error, true);
    }
    log('ok', false);
    return result;
  }

  // ---------------------------------------------------------------- CloudFront

  listDistributions(caller: string, options: PageOptions = {}): ListDistributionsOutput {
    return this.call('ListDistributions', caller, null, () => {
      const all = this.account(caller)?.distributions ?? [];
      const page = paginate(all, (d) => d.id, options.marker, clampPageSize(options.maxItems, CLOUDFRONT_PAGE_CAP), 'ListDistributions');
      return {
        DistributionList: {
          Marker: options.marker ?? '',
          ...(page.next !== undefined ? { NextMarker: page.next.id } : {}),
          MaxItems: page.size,
          IsTruncated: page.next !== undefined,
          Quantity: page.items.length,
          Items: page.items.map((d) => this.summaryOf(d)),
        },
      };
    });
  }

  getDistribution(caller: string, id: string): DistributionWithETag {
    return this.call('GetDistribution', caller, id, () => {
      const d = this.ownDistribution(caller, id, 'GetDistribution');
      return { Distribution: this.distributionShape(d), ETag: etagOf(d) };
    });
  }

  getDistributionConfig(caller: string, id: string): DistributionConfigWithETag {
    return this.call('GetDistributionConfig', caller, id, () => {
      const d = this.ownDistribution(caller, id, 'GetDistributionConfig');
      return { DistributionConfig: configOf(d), ETag: etagOf(d) };
    });
  }

  /**
   * Replaces the whole config (CloudFront semantics). Rules, in the order checked: NoSuchDistribution
   * (404), InvalidIfMatchVersion (400, no If-Match), PreconditionFailed (412, stale ETag),
   * IllegalUpdate (CallerReference changed), InconsistentQuantities (400), InvalidArgument (400,
   * malformed/uppercase/duplicate alias), TooManyDistributionCNAMEs (400), CNAMEAlreadyExists (409:
   * alias on another distribution anywhere, or DNS for it points at another distribution),
   * InvalidViewerCertificate (400, when aliases are added or the certificate changes).
   */
  updateDistribution(caller: string, id: string, config: DistributionConfigShape, ifMatch: string | undefined): DistributionWithETag {
    const operation = 'UpdateDistribution';
    return this.call(operation, caller, id, () => {
      const d = this.ownDistribution(caller, id, operation);
      if (ifMatch === undefined || ifMatch === '') {
        throw cloudfrontError(operation, 'InvalidIfMatchVersion', 'The If-Match version is missing or not valid for the resource.');
      }
      if (ifMatch !== etagOf(d)) {
        throw cloudfrontError(
          operation,
          'PreconditionFailed',
          'The precondition given in one or more of the request-header fields evaluated to false.',
        );
      }
      if (!isObject(config) || !isObject(config.Aliases) || typeof config.Enabled !== 'boolean') {
        throw cloudfrontError(operation, 'InvalidArgument', 'The DistributionConfig must have Aliases and Enabled.');
      }
      const current = configOf(d);
      if (config.CallerReference !== current.CallerReference) {
        throw cloudfrontError(operation, 'IllegalUpdate', `CallerReference cannot be changed (it is "${current.CallerReference}").`);
      }
      const inconsistent = inconsistentQuantities(config);
      if (inconsistent.length > 0) {
        throw cloudfrontError(
          operation,
          'InconsistentQuantities',
          `The value of Quantity and the size of Items don't match (${inconsistent.join(', ')}).`,
        );
      }
      const { modelled, opaque } = splitConfig(config);
      this.checkAliasesWellFormed(operation, modelled.aliases);
      if (modelled.aliases.length > this.settings.aliasQuota) {
        throw cloudfrontError(
          operation,
          'TooManyDistributionCNAMEs',
          `Your request contains more CNAMEs than are allowed per distribution (${modelled.aliases.length} > ${this.settings.aliasQuota}).`,
        );
      }
      const added = modelled.aliases.filter((a) => !d.aliases.includes(a));
      for (const alias of added) this.checkAliasFree(operation, alias, d);
      if (modelled.aliases.length > 0 && (added.length > 0 || modelled.certificateArn !== d.certificateArn)) {
        const problem = this.certificateProblem(caller, modelled.certificateArn, modelled.aliases);
        if (problem) throw cloudfrontError(operation, 'InvalidViewerCertificate', problem);
      }
      d.aliases = [...modelled.aliases];
      d.enabled = modelled.enabled;
      d.certificateArn = modelled.certificateArn;
      d.opaque = opaque;
      this.markUpdated(d);
      return { Distribution: this.distributionShape(d), ETag: etagOf(d) };
    });
  }

  /**
   * AssociateAlias: moves `alias` onto `targetId` (caller's) from wherever it is. Rules:
   * NoSuchDistribution (404) for a target outside the caller's account; InvalidArgument for a
   * malformed alias; IllegalUpdate (400) when the target's certificate does not cover the alias,
   * when no TXT `_<alias>` record with the target's domain name exists in any zone, or when the
   * source is in another account and still enabled; TooManyDistributionCNAMEs at the quota.
   * An alias already on the target is a no-op; an alias on no distribution is simply added.
   */
  associateAlias(caller: string, targetId: string, alias: string): void {
    const operation = 'AssociateAlias';
    this.call(operation, caller, targetId, () => {
      const target = this.ownDistribution(caller, targetId, operation);
      this.checkAliasesWellFormed(operation, [alias]);
      const source = this.holderOf(alias);
      if (source === target) return;
      const certificateProblem = this.certificateProblem(caller, target.certificateArn, [alias]);
      if (certificateProblem) {
        throw cloudfrontError(
          operation,
          'IllegalUpdate',
          `The target distribution's certificate cannot serve ${alias}: ${certificateProblem}`,
        );
      }
      if (!this.hasOwnershipTxt(alias, target.domainName)) {
        throw cloudfrontError(
          operation,
          'IllegalUpdate',
          `To move ${alias} to ${target.id}, create a TXT record _${alias}. whose value is "${target.domainName}" (it proves you control the domain).`,
        );
      }
      if (source && source.accountId !== caller && source.enabled) {
        throw cloudfrontError(
          operation,
          'IllegalUpdate',
          `${alias} is on a distribution in another account that is still enabled; its owner must disable it before the alias can move.`,
        );
      }
      if (target.aliases.length + 1 > this.settings.aliasQuota) {
        throw cloudfrontError(
          operation,
          'TooManyDistributionCNAMEs',
          `${target.id} already has ${target.aliases.length} aliases (quota ${this.settings.aliasQuota}).`,
        );
      }
      if (source) {
        source.aliases = source.aliases.filter((a) => a !== alias);
        this.markUpdated(source);
      }
      target.aliases = [...target.aliases, alias];
      this.markUpdated(target);
    });
  }

  /**
   * Aliases anywhere in CloudFront that equal or overlap `alias` (a wildcard and the names it
   * matches, both ways), with masked ids: `******` + the last 6 characters of the distribution id
   * and of the account id. `distributionId` must be the caller's (NoSuchDistribution otherwise).
   */
  listConflictingAliases(caller: string, distributionId: string, alias: string, options: PageOptions = {}): ListConflictingAliasesOutput {
    const operation = 'ListConflictingAliases';
    return this.call(operation, caller, distributionId, () => {
      this.ownDistribution(caller, distributionId, operation);
      this.checkAliasesWellFormed(operation, [alias]);
      const found: ConflictingAliasShape[] = [];
      for (const d of this.allDistributions()) {
        for (const held of d.aliases) {
          if (held === alias || aliasMatches(held, alias) || aliasMatches(alias, held)) {
            found.push({ Alias: held, DistributionId: maskId(d.id), AccountId: maskId(d.accountId) });
          }
        }
      }
      found.sort((a, b) => (a.Alias < b.Alias ? -1 : a.Alias > b.Alias ? 1 : a.DistributionId < b.DistributionId ? -1 : 1));
      const size = clampPageSize(options.maxItems, CLOUDFRONT_PAGE_CAP);
      const start = parseIndexMarker(options.marker, operation);
      const items = found.slice(start, start + size);
      const more = start + size < found.length;
      return {
        ConflictingAliasesList: {
          ...(more ? { NextMarker: String(start + size) } : {}),
          MaxItems: size,
          Quantity: items.length,
          Items: items,
        },
      };
    });
  }

  // ---------------------------------------------------------------- ACM

  listCertificates(caller: string, options: ListCertificatesOptions = {}): ListCertificatesOutput {
    const operation = 'ListCertificates';
    return this.call(operation, caller, null, () => {
      const all = (this.account(caller)?.certificates ?? []).filter(
        (c) =>
          (options.region === undefined || certificateRegion(c.arn) === options.region) &&
          (options.statuses === undefined || options.statuses.length === 0 || options.statuses.includes(c.status)),
      );
      const size = clampPageSize(options.maxItems, 1000);
      const start = parseIndexMarker(options.nextToken, operation);
      const items = all.slice(start, start + size);
      return {
        CertificateSummaryList: items.map((c) => ({
          CertificateArn: c.arn,
          DomainName: c.domainName,
          SubjectAlternativeNameSummaries: [...c.subjectAlternativeNames],
          HasAdditionalSubjectAlternativeNames: false,
          Status: c.status,
          Type: 'AMAZON_ISSUED' as const,
          KeyAlgorithm: 'RSA_2048' as const,
          InUse: this.distributionsUsing(c.arn).length > 0,
          ...(c.notAfter ? { NotAfter: new Date(c.notAfter) } : {}),
        })),
        ...(start + size < all.length ? { NextToken: String(start + size) } : {}),
      };
    });
  }

  /** ResourceNotFoundException (400) for an ARN not in the caller's account. */
  describeCertificate(caller: string, arn: string): DescribeCertificateOutput {
    const operation = 'DescribeCertificate';
    return this.call(operation, caller, arn, () => {
      if (!/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/.test(arn)) {
        throw new SandboxServiceError('acm', operation, 'InvalidArnException', 400, `The ARN ${arn} is not a valid certificate ARN.`);
      }
      const c = this.account(caller)?.certificates.find((cert) => cert.arn === arn);
      if (!c) {
        throw new SandboxServiceError('acm', operation, 'ResourceNotFoundException', 400, `Could not find certificate with arn ${arn}.`);
      }
      return {
        Certificate: {
          CertificateArn: c.arn,
          DomainName: c.domainName,
          SubjectAlternativeNames: [...c.subjectAlternativeNames],
          Status: c.status,
          Type: 'AMAZON_ISSUED',
          KeyAlgorithm: 'RSA_2048',
          ...(c.notAfter ? { NotAfter: new Date(c.notAfter) } : {}),
          InUseBy: this.distributionsUsing(c.arn).map((d) => distributionArn(d)),
        },
      };
    });
  }

  // ---------------------------------------------------------------- Route 53

  listHostedZones(caller: string, options: PageOptions = {}): ListHostedZonesOutput {
    return this.call('ListHostedZones', caller, null, () => {
      const all = this.account(caller)?.zones ?? [];
      const marker = options.marker !== undefined ? bareRoute53Id(options.marker) : undefined;
      const page = paginate(all, (z) => z.id, marker, clampPageSize(options.maxItems, ROUTE53_ZONE_PAGE_CAP), 'ListHostedZones');
      return {
        HostedZones: page.items.map((z) => ({
          Id: `/hostedzone/${z.id}`,
          Name: encodeRecordName(z.name),
          CallerReference: `cfalias-sandbox-${z.id}`,
          Config: { PrivateZone: z.privateZone ?? false },
          ResourceRecordSetCount: z.records.length,
        })),
        ...(options.marker !== undefined ? { Marker: options.marker } : {}),
        IsTruncated: page.next !== undefined,
        ...(page.next !== undefined ? { NextMarker: page.next.id } : {}),
        MaxItems: page.size,
      };
    });
  }

  /**
   * Record sets in Route 53 order (name with labels reversed, then type), starting at
   * (startName, startType); `*` comes back as `\052`. InvalidInput for a startType without a
   * startName; NoSuchHostedZone (404) for a zone outside the caller's account.
   */
  listResourceRecordSets(caller: string, zoneId: string, options: ListResourceRecordSetsOptions = {}): ListResourceRecordSetsOutput {
    const operation = 'ListResourceRecordSets';
    return this.call(operation, caller, bareRoute53Id(zoneId), () => {
      const zone = this.ownZone(caller, zoneId, operation);
      if (options.startType !== undefined && options.startName === undefined) {
        throw route53Error(operation, 'InvalidInput', 'The input is not valid: a StartRecordType needs a StartRecordName.');
      }
      const sorted = [...zone.records].sort(compareRecordKeys);
      let start = 0;
      if (options.startName !== undefined) {
        const from = { name: decodeRecordName(options.startName), type: options.startType?.toUpperCase() ?? '' };
        start = sorted.findIndex((r) => compareRecordKeys(r, from) >= 0);
        if (start < 0) start = sorted.length;
      }
      const size = clampPageSize(options.maxItems, ROUTE53_RECORD_PAGE_CAP);
      const items = sorted.slice(start, start + size);
      const next = sorted[start + size];
      return {
        ResourceRecordSets: items.map((r) => toResourceRecordSet(r)),
        IsTruncated: next !== undefined,
        ...(next !== undefined ? { NextRecordName: encodeRecordName(next.name), NextRecordType: next.type } : {}),
        MaxItems: size,
      };
    });
  }

  /**
   * One atomic change batch: every change is checked against the zone as the earlier changes of
   * the batch leave it, and nothing is applied unless all pass. InvalidChangeBatch (400) lists every
   * problem: CREATE of an existing record set, DELETE of a missing one or with other values, a name
   * outside the zone, CNAME beside another type at one name. Returns the change, PENDING.
   */
  changeResourceRecordSets(caller: string, zoneId: string, batch: ChangeBatchShape): ChangeInfoOutput {
    const operation = 'ChangeResourceRecordSets';
    return this.call(operation, caller, bareRoute53Id(zoneId), () => {
      const zone = this.ownZone(caller, zoneId, operation);
      if (!batch || !Array.isArray(batch.Changes) || batch.Changes.length === 0) {
        throw route53Error(operation, 'InvalidInput', 'The input is not valid: the change batch has no changes.');
      }
      const records = [...zone.records];
      const problems: string[] = [];
      const touched = new Set<string>();
      for (const change of batch.Changes) {
        const rrset = change.ResourceRecordSet;
        const inputProblem = resourceRecordSetProblem(rrset);
        if (inputProblem) throw route53Error(operation, 'InvalidInput', `The input is not valid: ${inputProblem}`);
        const record = fromResourceRecordSet(rrset);
        const zoneName = zone.name;
        if (record.name !== zoneName && !record.name.endsWith(`.${zoneName}`)) {
          problems.push(`RRSet with DNS name ${record.name} is not permitted in zone ${zoneName}`);
          continue;
        }
        touched.add(record.name);
        const index = records.findIndex((r) => r.name === record.name && r.type === record.type);
        const label = `[name='${record.name}', type='${record.type}']`;
        switch (change.Action) {
          case 'CREATE':
            if (index >= 0) problems.push(`Tried to create resource record set ${label} but it already exists`);
            else records.push(record);
            break;
          case 'UPSERT':
            if (index >= 0) records[index] = record;
            else records.push(record);
            break;
          case 'DELETE':
            if (index < 0) problems.push(`Tried to delete resource record set ${label} but it was not found`);
            else if (!sameRecordContent(records[index]!, record)) {
              problems.push(`Tried to delete resource record set ${label} but the values provided do not match the current values`);
            } else records.splice(index, 1);
            break;
          default:
            throw route53Error(
              operation,
              'InvalidInput',
              `The input is not valid: unknown Action ${String((change as { Action: unknown }).Action)}`,
            );
        }
      }
      for (const name of touched) {
        const atName = records.filter((r) => r.name === name);
        if (atName.some((r) => r.type === 'CNAME') && atName.length > 1) {
          problems.push(
            `RRSet of type CNAME with DNS name ${name} is not permitted as it conflicts with other records with the same DNS name in zone ${zone.name}`,
          );
        }
      }
      if (problems.length > 0) throw route53Error(operation, 'InvalidChangeBatch', `[${problems.join(', ')}]`);
      zone.records = records;
      const now = this.clock.now();
      this.changeCounter += 1;
      const change: ChangeState = {
        id: `C${String(this.changeCounter).padStart(13, '0')}`,
        zoneId: zone.id,
        accountId: zone.accountId,
        submittedAt: now,
        syncAt: now + this.settings.dnsSyncSeconds * SECOND,
      };
      this.changes.set(change.id, change);
      return {
        ChangeInfo: {
          Id: `/change/${change.id}`,
          Status: 'PENDING',
          SubmittedAt: new Date(now),
          ...(batch.Comment ? { Comment: batch.Comment } : {}),
        },
      };
    });
  }

  /** PENDING until `dnsSyncSeconds` after submission, then INSYNC. NoSuchChange (404). */
  getChange(caller: string, changeId: string): ChangeInfoOutput {
    const operation = 'GetChange';
    const id = bareRoute53Id(changeId);
    return this.call(operation, caller, id, () => {
      const change = this.changes.get(id);
      if (!change || change.accountId !== caller) {
        throw route53Error(operation, 'NoSuchChange', `A change with the specified change ID does not exist: ${id}`);
      }
      return {
        ChangeInfo: {
          Id: `/change/${change.id}`,
          Status: this.clock.now() >= change.syncAt ? 'INSYNC' : 'PENDING',
          SubmittedAt: new Date(change.submittedAt),
        },
      };
    });
  }

  // ---------------------------------------------------------------- inspection (no call logged, no faults)

  /** A distribution of any account, for assertions and tools. */
  distribution(id: string): DistributionView | undefined {
    const d = this.findDistribution(id);
    if (!d) return undefined;
    const status = this.statusOf(d);
    return {
      id: d.id,
      accountId: d.accountId,
      domainName: d.domainName,
      enabled: d.enabled,
      status,
      aliases: [...d.aliases],
      certificateArn: d.certificateArn,
      etag: etagOf(d),
      deployedAt: status === 'InProgress' ? d.deployedAt : null,
    };
  }

  /** Records of a zone of any account, in Route 53 order (normalised: `*`, lowercase, trailing dots). */
  zoneRecords(zoneId: string): DnsRecord[] | undefined {
    const zone = this.findZone(zoneId);
    return zone ? [...zone.records].sort(compareRecordKeys) : undefined;
  }

  /** Clock ms when the distribution reads Deployed; null when it already does or does not exist. */
  deploymentDueAt(id: string): number | null {
    const d = this.findDistribution(id);
    return d && this.statusOf(d) === 'InProgress' ? d.deployedAt : null;
  }

  /** Clock ms when the change reads INSYNC; null when it already does or does not exist. */
  changeDueAt(changeId: string): number | null {
    const change = this.changes.get(bareRoute53Id(changeId));
    return change && this.clock.now() < change.syncAt ? change.syncAt : null;
  }

  /**
   * Lets every pending deployment and DNS change finish: advances a SimulatedClock past the last
   * one; with another clock, completes them at the current time.
   */
  settle(): void {
    const now = this.clock.now();
    const due = [
      ...this.allDistributions().map((d) => (this.statusOf(d) === 'InProgress' ? d.deployedAt! : now)),
      ...[...this.changes.values()].map((c) => c.syncAt),
    ].reduce((max, t) => Math.max(max, t), now);
    if (due <= now) return;
    if (this.clock instanceof SimulatedClock) {
      this.clock.advance(due - now);
      return;
    }
    for (const d of this.allDistributions()) if (d.deployedAt !== null && d.deployedAt > now) d.deployedAt = now;
    for (const c of this.changes.values()) if (c.syncAt > now) c.syncAt = now;
  }

  /** The world as a document (see world-document.ts); loading it again gives the same world. */
  toDocument(): WorldDocument {
    const now = this.clock.now();
    const accounts: AccountDocument[] = this.accounts.map((account) => {
      const doc: { -readonly [K in keyof AccountDocument]: AccountDocument[K] } = { id: account.id };
      if (account.given.distributions || account.distributions.length > 0) {
        doc.distributions = account.distributions.map((d) => this.distributionDocument(d));
      }
      if (account.given.certificates || account.certificates.length > 0) {
        doc.certificates = account.certificates.map((c) => ({
          arn: c.arn,
          domainName: c.domainName,
          subjectAlternativeNames: [...c.subjectAlternativeNames],
          status: c.status,
          ...(c.notAfter !== undefined ? { notAfter: c.notAfter } : {}),
        }));
      }
      if (account.given.hostedZones || account.zones.length > 0) {
        doc.hostedZones = account.zones.map((z) => ({
          id: z.id,
          name: z.name,
          ...(z.privateZone !== undefined ? { privateZone: z.privateZone } : {}),
          records: z.records.map((r) => recordDocument(r)),
        }));
      }
      return doc;
    });
    const faults = this.faults.toDocuments();
    const changes = [...this.changes.values()]
      .filter((c) => c.syncAt > now)
      .map((c) => ({ id: c.id, zoneId: c.zoneId, submittedAt: iso(c.submittedAt), syncAt: iso(c.syncAt) }));
    return {
      version: WORLD_FORMAT_VERSION,
      caller: this.callerId,
      now: iso(now),
      ...(this.documentSettings !== undefined ? { settings: { ...this.documentSettings } } : {}),
      ...(this.credentials !== undefined ? { credentials: { ...this.credentials } } : {}),
      accounts,
      ...(faults.length > 0 ? { faults } : {}),
      ...(changes.length > 0 ? { changes } : {}),
      ...(this.s3BucketsGiven ? { s3Buckets: [...this.s3.bucketNames] } : {}),
    };
  }

  // ---------------------------------------------------------------- rules and helpers

  private account(id: string): AccountState | undefined {
    return this.accounts.find((a) => a.id === id);
  }

  private allDistributions(): DistributionState[] {
    return this.accounts.flatMap((a) => a.distributions);
  }

  private findDistribution(id: string): DistributionState | undefined {
    return this.allDistributions().find((d) => d.id === id);
  }

  private findZone(zoneId: string): ZoneState | undefined {
    const id = bareRoute53Id(zoneId);
    return this.accounts.flatMap((a) => a.zones).find((z) => z.id === id);
  }

  /** Another account's distribution is indistinguishable from a missing one (NoSuchDistribution, 404). */
  private ownDistribution(caller: string, id: string, operation: string): DistributionState {
    const d = this.account(caller)?.distributions.find((x) => x.id === id);
    if (!d) throw cloudfrontError(operation, 'NoSuchDistribution', `The specified distribution does not exist: ${id}`);
    return d;
  }

  private ownZone(caller: string, zoneId: string, operation: string): ZoneState {
    const id = bareRoute53Id(zoneId);
    const zone = this.account(caller)?.zones.find((z) => z.id === id);
    if (!zone) throw route53Error(operation, 'NoSuchHostedZone', `No hosted zone found with ID: ${id}`);
    return zone;
  }

  private statusOf(d: DistributionState): DistributionStatus {
    return d.deployedAt !== null && this.clock.now() < d.deployedAt ? 'InProgress' : 'Deployed';
  }

  private holderOf(alias: string): DistributionState | undefined {
    return this.allDistributions().find((d) => d.aliases.includes(alias));
  }

  private distributionsUsing(arn: string): DistributionState[] {
    return this.allDistributions().filter((d) => d.certificateArn === arn);
  }

  private markUpdated(d: DistributionState): void {
    const now = this.clock.now();
    d.configVersion += 1;
    d.updated = true;
    d.lastModified = now;
    d.deployedAt = now + this.settings.deploySeconds * SECOND;
  }

  private checkAliasesWellFormed(operation: string, aliases: readonly string[]): void {
    const seen = new Set<string>();
    for (const alias of aliases) {
      if (typeof alias !== 'string') throw cloudfrontError(operation, 'InvalidArgument', 'Every alias must be a string.');
      const problem = checkAlias(alias);
      if (problem) throw cloudfrontError(operation, 'InvalidArgument', `The parameter CNAME is invalid: ${problem.message}`);
      if (seen.has(alias))
        throw cloudfrontError(operation, 'InvalidArgument', `The parameter CNAME is invalid: "${alias}" is listed twice`);
      seen.add(alias);
    }
  }

  /** Global uniqueness, then the DNS rule: the alias must not be held, nor pointed at, elsewhere. */
  private checkAliasFree(operation: string, alias: string, target: DistributionState): void {
    const holder = this.holderOf(alias);
    if (holder && holder !== target) {
      throw cloudfrontError(
        operation,
        'CNAMEAlreadyExists',
        `One or more of the CNAMEs you provided are already associated with a different resource: ${alias}.`,
      );
    }
    const elsewhere = this.cloudfrontTargetsOf(alias).find((domain) => domain !== target.domainName);
    if (elsewhere !== undefined) {
      throw cloudfrontError(
        operation,
        'CNAMEAlreadyExists',
        `One or more aliases specified for the distribution includes an incorrectly configured DNS record that points to another CloudFront distribution: ${alias} points to ${elsewhere}. You must update the DNS record to correct this problem.`,
      );
    }
  }

  /** CloudFront domains (no trailing dot) that DNS records named `alias` point at, in any zone of the world. */
  private cloudfrontTargetsOf(alias: string): string[] {
    const name = toFqdn(alias);
    const targets: string[] = [];
    for (const zone of this.accounts.flatMap((a) => a.zones)) {
      for (const r of zone.records) {
        if (r.name !== name) continue;
        const pointed =
          (r.type === 'A' || r.type === 'AAAA') && r.aliasTarget
            ? [r.aliasTarget.dnsName]
            : r.type === 'CNAME'
              ? [...(r.values ?? [])]
              : [];
        for (const value of pointed) {
          const domain = fromFqdn(value.toLowerCase());
          if (domain.endsWith('.cloudfront.net')) targets.push(domain);
        }
      }
    }
    return targets;
  }

  private hasOwnershipTxt(alias: string, domainName: string): boolean {
    const name = toFqdn(`_${alias}`);
    return this.accounts
      .flatMap((a) => a.zones)
      .some((zone) =>
        zone.records.some(
          (r) => r.name === name && r.type === 'TXT' && (r.values ?? []).some((v) => fromFqdn(unquoteTxt(v).toLowerCase()) === domainName),
        ),
      );
  }

  /** Why the certificate cannot serve these aliases on a distribution of `caller`, or null. */
  private certificateProblem(caller: string, arn: string | null, aliases: readonly string[]): string | null {
    if (arn === null)
      return `The CloudFront default certificate cannot serve alternate domain names (${aliases.join(', ')}); attach an ACM certificate.`;
    if (certificateRegion(arn) !== 'us-east-1')
      return `The certificate ${arn} is not in us-east-1; CloudFront uses ACM certificates from us-east-1 only.`;
    const cert = this.account(caller)?.certificates.find((c) => c.arn === arn);
    if (!cert) return `The certificate ${arn} does not exist in account ${caller}.`;
    if (cert.status !== 'ISSUED') return `The certificate ${arn} is ${cert.status}, not ISSUED.`;
    const uncovered = aliases.filter((a) => !certificateCovers(cert.subjectAlternativeNames, a));
    if (uncovered.length > 0) {
      return `The certificate that is attached to your distribution doesn't cover the alternate domain name (CNAME) that you're trying to add: ${uncovered.join(', ')} (its names: ${cert.subjectAlternativeNames.join(', ')}).`;
    }
    return null;
  }

  private distributionShape(d: DistributionState): DistributionShape {
    return {
      Id: d.id,
      ARN: distributionArn(d),
      Status: this.statusOf(d),
      LastModifiedTime: new Date(d.lastModified),
      InProgressInvalidationBatches: 0,
      DomainName: d.domainName,
      DistributionConfig: configOf(d),
    };
  }

  private summaryOf(d: DistributionState): DistributionSummaryShape {
    const config = configOf(d);
    const summary: DistributionSummaryShape = {
      Id: d.id,
      ARN: distributionArn(d),
      ETag: etagOf(d),
      Status: this.statusOf(d),
      LastModifiedTime: new Date(d.lastModified),
      DomainName: d.domainName,
      Aliases: config.Aliases,
      Enabled: config.Enabled,
      Comment: config.Comment,
      ViewerCertificate: config.ViewerCertificate ?? {},
      Staging: false,
    };
    for (const member of SUMMARY_CONFIG_MEMBERS) {
      if (config[member] !== undefined) summary[member] = config[member];
    }
    return summary;
  }

  private distributionDocument(d: DistributionState): DistributionDocument {
    const status = this.statusOf(d);
    return {
      id: d.id,
      domainName: d.domainName,
      enabled: d.enabled,
      status,
      ...(status === 'InProgress' ? { deployedAt: iso(d.deployedAt!) } : {}),
      aliases: [...d.aliases],
      ...(d.given.certificateArn || d.certificateArn !== null ? { certificateArn: d.certificateArn } : {}),
      ...(d.given.configVersion || d.configVersion !== 1 ? { configVersion: d.configVersion } : {}),
      ...(d.given.lastModifiedTime || d.updated ? { lastModifiedTime: iso(d.lastModified) } : {}),
      ...(d.opaque !== undefined ? { config: structuredClone(d.opaque) } : {}),
    };
  }
}

/** Config members a DistributionSummary carries besides the ones typed in the summary. */
const SUMMARY_CONFIG_MEMBERS = [
  'Origins',
  'OriginGroups',
  'DefaultCacheBehavior',
  'CacheBehaviors',
  'CustomErrorResponses',
  'PriceClass',
  'Restrictions',
  'WebACLId',
  'HttpVersion',
  'IsIPV6Enabled',
] as const;

function configOf(d: DistributionState): DistributionConfigShape {
  return buildConfig(d.id, d.opaque, { aliases: d.aliases, enabled: d.enabled, certificateArn: d.certificateArn });
}

/** Counter-derived: changes with every accepted update, unique per distribution and version. */
function etagOf(d: DistributionState): string {
  return `E${d.configVersion.toString(36).toUpperCase().padStart(3, '0')}${d.id.slice(-9)}`;
}

function distributionArn(d: DistributionState): string {
  return `arn:aws:cloudfront::${d.accountId}:distribution/${d.id}`;
}

/** `******` + the last 6 characters (distribution ids and account ids alike). */
export function maskId(id: string): string {
  return `******${id.slice(-6)}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function changeNumber(id: string): number {
  const n = Number.parseInt(bareRoute53Id(id).replace(/^C/, ''), 10);
  return Number.isFinite(n) ? n : 0;
}

function normalizeRecord(r: RecordDocument): DnsRecord {
  return {
    name: decodeRecordName(r.name),
    type: r.type.toUpperCase(),
    ...(r.ttl !== undefined ? { ttl: r.ttl } : {}),
    ...(r.values !== undefined ? { values: [...r.values] } : {}),
    ...(r.aliasTarget !== undefined
      ? {
          aliasTarget: {
            dnsName: toFqdn(r.aliasTarget.dnsName.toLowerCase()),
            hostedZoneId: r.aliasTarget.hostedZoneId,
            ...(r.aliasTarget.evaluateTargetHealth !== undefined ? { evaluateTargetHealth: r.aliasTarget.evaluateTargetHealth } : {}),
          },
        }
      : {}),
  };
}

function recordDocument(r: DnsRecord): RecordDocument {
  return {
    name: r.name,
    type: r.type,
    ...(r.ttl !== undefined ? { ttl: r.ttl } : {}),
    ...(r.values !== undefined ? { values: [...r.values] } : {}),
    ...(r.aliasTarget !== undefined ? { aliasTarget: { ...r.aliasTarget } } : {}),
  };
}

function resourceRecordSetProblem(rrset: ResourceRecordSetShape | undefined): string | null {
  if (!rrset || typeof rrset.Name !== 'string' || typeof rrset.Type !== 'string')
    return 'each change needs a ResourceRecordSet with Name and Type';
  const hasValues = rrset.ResourceRecords !== undefined && rrset.ResourceRecords.length > 0;
  if (rrset.AliasTarget !== undefined) {
    if (hasValues || rrset.TTL !== undefined) return `${rrset.Name}: an alias record has no TTL and no ResourceRecords`;
    return null;
  }
  if (!hasValues) return `${rrset.Name}: ResourceRecords are required for a non-alias record`;
  if (rrset.TTL === undefined) return `${rrset.Name}: TTL is required for a non-alias record`;
  return null;
}

function clampPageSize(requested: number | undefined, cap: number): number {
  if (requested === undefined || !Number.isFinite(requested) || requested <= 0) return cap;
  return Math.min(Math.floor(requested), cap);
}

function parseIndexMarker(marker: string | undefined, operation: string): number {
  if (marker === undefined || marker === '') return 0;
  const n = Number(marker);
  if (!Number.isInteger(n) || n < 0) {
    const service = SANDBOX_OPERATIONS[operation as SandboxOperation];
    throw new SandboxServiceError(
      service,
      operation,
      service === 'acm' ? 'InvalidArgsException' : 'InvalidArgument',
      400,
      `Invalid marker: ${marker}`,
    );
  }
  return n;
}

/** A page of `all` starting at the item whose key is `marker` (the previous page's next key). */
function paginate<T>(all: readonly T[], key: (item: T) => string, marker: string | undefined, size: number, operation: string) {
  let start = 0;
  if (marker !== undefined && marker !== '') {
    start = all.findIndex((item) => key(item) === marker);
    if (start < 0) {
      const service = SANDBOX_OPERATIONS[operation as SandboxOperation];
      throw new SandboxServiceError(
        service,
        operation,
        service === 'route53' ? 'InvalidInput' : 'InvalidArgument',
        400,
        `Invalid marker: ${marker}`,
      );
    }
  }
  return { items: all.slice(start, start + size), next: all[start + size], size };
}

function cloudfrontError(operation: string, code: string, message: string): SandboxServiceError {
  return new SandboxServiceError('cloudfront', operation, code, CLOUDFRONT_ERROR_STATUS[code] ?? 400, message);
}

function route53Error(operation: string, code: string, message: string): SandboxServiceError {
  return new SandboxServiceError('route53', operation, code, code === 'NoSuchHostedZone' || code === 'NoSuchChange' ? 404 : 400, message);
}

/** HTTP statuses from the CloudFront service model (2020-05-31). */
const CLOUDFRONT_ERROR_STATUS: Readonly<Record<string, number>> = {
  CNAMEAlreadyExists: 409,
  PreconditionFailed: 412,
  NoSuchDistribution: 404,
  AccessDenied: 403,
  InvalidIfMatchVersion: 400,
  InconsistentQuantities: 400,
  InvalidViewerCertificate: 400,
  TooManyDistributionCNAMEs: 400,
  InvalidArgument: 400,
  IllegalUpdate: 400,
};

/** The error a scheduled fault injects, as the service in question would say it. */
function faultError(
  service: SandboxService,
  operation: string,
  resource: string | null,
  error: FaultError,
  effectApplied: boolean,
): SandboxServiceError | SandboxTransportFault {
  const suffix = effectApplied ? ' (injected after the change was made)' : ' (injected)';
  switch (error) {
    case 'ConnectionReset':
    case 'Timeout':
      return new SandboxTransportFault(service, operation, error, effectApplied);
    case 'Throttling':
      return new SandboxServiceError(
        service,
        operation,
        service === 'acm' ? 'ThrottlingException' : 'Throttling',
        400,
        `Rate exceeded${suffix}`,
        true,
      );
    case 'PreconditionFailed':
      return new SandboxServiceError(
        service,
        operation,
        'PreconditionFailed',
        412,
        `The precondition given in one or more of the request-header fields evaluated to false${suffix}`,
        false,
      );
    case 'CNAMEAlreadyExists':
      return new SandboxServiceError(
        service,
        operation,
        'CNAMEAlreadyExists',
        409,
        `One or more of the CNAMEs you provided are already associated with a different resource${resource ? ` (${resource})` : ''}${suffix}`,
        false,
      );
    case 'InvalidViewerCertificate':
      // The world changed under the plan: e.g. the target's certificate was replaced by one that
      // no longer covers the alias being added.
      return new SandboxServiceError(
        service,
        operation,
        'InvalidViewerCertificate',
        400,
        `The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate chain${resource ? ` (${resource})` : ''}${suffix}`,
        false,
      );
    case 'InternalError':
      return new SandboxServiceError(
        service,
        operation,
        'InternalError',
        500,
        `We encountered an internal error. Please try again${suffix}`,
        true,
      );
    default: {
      const unreachable: never = error;
      throw new Error(`unknown fault ${String(unreachable)}`);
    }
  }
}
