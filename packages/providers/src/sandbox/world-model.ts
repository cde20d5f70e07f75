/**
 * The sandbox world model: THE one place where the CloudFront, ACM, IAM and Route 53 rules of the domain
 * live. The in-process provider, the HTTP emulator, the tests and the demo all sit on it.
 *
 * `SandboxWorld` is the facade; each service is its own model that owns its resources and rules
 * (cloudfront-model.ts with cloudfront-tenant-model.ts and cloudfront-domain-model.ts over the
 * shared cloudfront-state.ts; acm-model.ts; iam-model.ts; route53-model.ts) and reads the others only through the few
 * questions it needs answered. Shared: the clock and settings (world-context.ts) and how every
 * operation is called (call-runner.ts: rate limit, faults, call log).
 *
 * Contract of every operation: it takes the CALLER ACCOUNT first; is checked against the mutation
 * rate limit (mutating calls only), then the fault schedule, before anything else; logs exactly one
 * call record; answers with AWS-shaped data (aws-shapes.ts)
 * or throws a SandboxServiceError (AWS error code + HTTP status) or a SandboxTransportFault.
 * Operations are synchronous; time is read from the injected clock and never waited on here.
 */
import { SimulatedClock, type Clock, type DnsRecord } from '@cfalias/core';
import type {
  ChangeBatchShape,
  ChangeInfoOutput,
  ConnectionGroupWithETag,
  DescribeCertificateOutput,
  DistributionConfigShape,
  DistributionConfigWithETag,
  DistributionTenantWithETag,
  DistributionWithETag,
  GetServerCertificateOutput,
  ListCertificatesOptions,
  ListCertificatesOutput,
  ListConflictingAliasesOutput,
  ListConnectionGroupsOutput,
  ListDistributionsOutput,
  ListDistributionTenantsOptions,
  ListDistributionTenantsOutput,
  ListDomainConflictsInput,
  ListDomainConflictsOutput,
  ListHostedZonesOutput,
  ListResourceRecordSetsOptions,
  TestDnsAnswerOutput,
  ListResourceRecordSetsOutput,
  ListServerCertificatesOptions,
  ListServerCertificatesOutput,
  PageOptions,
  SandboxOperation,
  UpdateDistributionTenantInput,
  UpdateDomainAssociationInput,
  UpdateDomainAssociationOutput,
  VerifyDnsConfigurationInput,
  VerifyDnsConfigurationOutput,
} from './aws-shapes.js';
import { SANDBOX_OPERATIONS } from './aws-shapes.js';
import { AcmModel } from './acm-model.js';
import type { CallRecord } from './call-log.js';
import { CallRunner } from './call-runner.js';
import { CloudFrontDomainModel } from './cloudfront-domain-model.js';
import { CloudFrontModel, type CloudFrontNeighbours, type DistributionView } from './cloudfront-model.js';
import { CloudFrontState } from './cloudfront-state.js';
import { CloudFrontTenantModel } from './cloudfront-tenant-model.js';
import { tenantView, type TenantView } from './tenant-view.js';
import { IamModel } from './iam-model.js';
import { Route53Model } from './route53-model.js';
import { S3ObjectStore } from './s3-store.js';
import { iso, resolveSettings, type ResolvedSettings, type WorldContext } from './world-context.js';
import {
  WORLD_FORMAT_VERSION,
  type AccountDocument,
  type ConnectionMode,
  type FaultDocument,
  type WorldDocument,
  type WorldSettings,
} from './world-document.js';
import { validateWorldDocument } from './world-schema.js';
import { WorldFileError } from '../errors.js';

export type { CallRecord } from './call-log.js';
export type { DistributionView } from './cloudfront-model.js';
export type { TenantView } from './tenant-view.js';
export { maskId, maskResourceId } from './cloudfront-distributions.js';
export type { ResolvedSettings } from './world-context.js';

export interface SandboxWorldOptions {
  /** Default: a SimulatedClock at the document's `now` (or the real time when absent). */
  readonly clock?: Clock;
  /**
   * The document is what parseWorldDocument returned, unchanged since: it was validated there, and
   * is not validated again (seconds for a world of a million aliases). Default false.
   */
  readonly validated?: boolean;
}

/** A session of an assumed role: the account it acts in and its `assumed-role` ARN. */
export interface RoleSession {
  readonly account: string;
  /** `arn:aws:sts::<account>:assumed-role/<role name>/<session name>` */
  readonly arn: string;
}

export class SandboxWorld {
  readonly clock: Clock;
  readonly settings: ResolvedSettings;
  /** The sandbox's S3 (the world's `s3Buckets`), for the S3 lease lock. */
  readonly s3: S3ObjectStore;
  private readonly s3BucketsGiven: boolean;
  private readonly callerId: string;
  private readonly accountList: readonly string[];
  private readonly documentSettings: WorldSettings | undefined;
  private readonly credentials: Readonly<Record<string, string>> | undefined;
  /**
   * Access keys of role sessions issued by STS AssumeRole → the session. Temporary, like the
   * session credentials STS issues: never written to the world document.
   */
  private readonly roleSessions = new Map<string, RoleSession>();
  /** The document's `$schema` and `$comment`, written back as they came. */
  private readonly annotations: Pick<WorldDocument, '$schema' | '$comment'>;
  private readonly runner: CallRunner;
  private readonly cloudfrontState: CloudFrontState;
  private readonly cloudfront: CloudFrontModel;
  private readonly tenants: CloudFrontTenantModel;
  private readonly domains: CloudFrontDomainModel;
  private readonly acm: AcmModel;
  private readonly iam: IamModel;
  private readonly route53: Route53Model;

  private constructor(doc: WorldDocument, clock: Clock) {
    this.clock = clock;
    this.settings = resolveSettings(doc.settings);
    const context: WorldContext = { clock, settings: this.settings };
    this.callerId = doc.caller;
    this.accountList = doc.accounts.map((a) => a.id);
    this.documentSettings = doc.settings;
    this.credentials = doc.credentials;
    this.annotations = {
      ...(doc.$schema !== undefined ? { $schema: doc.$schema } : {}),
      ...(doc.$comment !== undefined ? { $comment: typeof doc.$comment === 'string' ? doc.$comment : [...doc.$comment] } : {}),
    };
    this.runner = new CallRunner(clock, doc.faults ?? [], this.settings.mutationRateLimit, this.settings.deniedOperations);
    this.route53 = new Route53Model(context, this.runner, doc.accounts, doc.changes ?? [], doc.caller);
    this.acm = new AcmModel(this.runner, (arn) => this.cloudfront.arnsUsing(arn), doc.accounts);
    this.iam = new IamModel(clock, this.runner, doc.accounts);
    this.cloudfrontState = new CloudFrontState(context, this.neighboursOfCloudFront(), doc.accounts);
    this.cloudfront = new CloudFrontModel(this.cloudfrontState, this.runner);
    this.tenants = new CloudFrontTenantModel(this.cloudfrontState, this.runner);
    this.domains = new CloudFrontDomainModel(this.cloudfrontState, this.runner);
    this.s3 = new S3ObjectStore(doc.s3Buckets ?? [], clock);
    this.s3BucketsGiven = doc.s3Buckets !== undefined;
  }

  /**
   * Builds a world from a document. Validates it first (WorldFileError listing every problem,
   * with `file` = `<document>`), so worlds built in code obey the same rules as world files.
   */
  static fromDocument(doc: WorldDocument, options: SandboxWorldOptions = {}): SandboxWorld {
    const problems = options.validated === true ? [] : validateWorldDocument(doc);
    if (problems.length > 0) throw new WorldFileError('<document>', problems);
    const clock = options.clock ?? new SimulatedClock(doc.now !== undefined ? Date.parse(doc.now) : Date.now());
    return new SandboxWorld(doc, clock);
  }

  /** The account the in-process provider acts as by default. */
  get caller(): string {
    return this.callerId;
  }

  get accountIds(): readonly string[] {
    return [...this.accountList];
  }

  /** The account an access key id belongs to (the HTTP emulator's authentication). */
  accountForAccessKey(accessKeyId: string): string | undefined {
    return this.roleSessions.get(accessKeyId)?.account ?? this.credentials?.[accessKeyId];
  }

  /** The role session an access key was issued for (STS AssumeRole), if any. */
  roleSessionOf(accessKeyId: string): RoleSession | undefined {
    return this.roleSessions.get(accessKeyId);
  }

  /** Registers a role session's access key: from then on it acts as the role's account. */
  addRoleSession(accessKeyId: string, session: RoleSession): void {
    this.roleSessions.set(accessKeyId, session);
  }

  // ---------------------------------------------------------------- call log and faults

  get calls(): readonly CallRecord[] {
    return this.runner.log.calls;
  }

  /** Calls logged, of one operation (`UpdateDistribution`) or of all. */
  callCount(operation?: SandboxOperation | (string & {})): number {
    return this.runner.log.count(operation);
  }

  resetCalls(): void {
    this.runner.log.reset();
  }

  /**
   * Logs a request that a rate limit outside the world turned away (the HTTP emulator's real-time
   * limits): `Throttling`, no effect. An operation the sandbox does not model is not logged.
   */
  recordThrottled(operation: string, caller: string): void {
    if (!(operation in SANDBOX_OPERATIONS)) return;
    const known = operation as SandboxOperation;
    this.runner.log.append({
      service: SANDBOX_OPERATIONS[known],
      operation: known,
      account: caller,
      resource: null,
      at: this.clock.now(),
      outcome: 'Throttling',
      injected: false,
    });
  }

  /** Schedules one more fault (tests). */
  addFault(fault: FaultDocument): void {
    const problems = validateWorldDocument({ version: 1, caller: this.callerId, accounts: [], faults: [fault] }).filter((p) =>
      p.path.startsWith('/faults'),
    );
    if (problems.length > 0) throw new WorldFileError('<fault>', problems);
    this.runner.faults.add(fault);
  }

  // ---------------------------------------------------------------- CloudFront (cloudfront-model.ts)

  listDistributions(caller: string, options: PageOptions = {}): ListDistributionsOutput {
    return this.cloudfront.listDistributions(caller, options);
  }

  getDistribution(caller: string, id: string): DistributionWithETag {
    return this.cloudfront.getDistribution(caller, id);
  }

  getDistributionConfig(caller: string, id: string): DistributionConfigWithETag {
    return this.cloudfront.getDistributionConfig(caller, id);
  }

  /** Replaces the whole config; the rules, in the order checked, are on CloudFrontModel.updateDistribution. */
  updateDistribution(caller: string, id: string, config: DistributionConfigShape, ifMatch: string | undefined): DistributionWithETag {
    return this.cloudfront.updateDistribution(caller, id, config, ifMatch);
  }

  /** Moves `alias` onto `targetId` from wherever it is; the rules are on CloudFrontModel.associateAlias. */
  associateAlias(caller: string, targetId: string, alias: string): void {
    this.cloudfront.associateAlias(caller, targetId, alias);
  }

  /** Aliases anywhere that equal or overlap `alias`, with masked ids; asked from a distribution of the caller whose certificate covers `alias`. */
  listConflictingAliases(caller: string, distributionId: string, alias: string, options: PageOptions = {}): ListConflictingAliasesOutput {
    return this.cloudfront.listConflictingAliases(caller, distributionId, alias, options);
  }

  /** The caller's distributions of one connection mode (`direct` standard, `tenant-only` multi-tenant). */
  listDistributionsByConnectionMode(caller: string, connectionMode: ConnectionMode, options: PageOptions = {}): ListDistributionsOutput {
    return this.cloudfront.listDistributionsByConnectionMode(caller, connectionMode, options);
  }

  // ---------------------------------------------------------------- CloudFront domains (cloudfront-domain-model.ts)

  /** Moves a domain onto a distribution or tenant of the caller; the rules are on CloudFrontDomainModel.updateDomainAssociation. */
  updateDomainAssociation(caller: string, input: UpdateDomainAssociationInput): UpdateDomainAssociationOutput {
    return this.domains.updateDomainAssociation(caller, input);
  }

  /** Domains anywhere equal to or overlapping `input.domain`, masked; the control resource's certificate must cover it. */
  listDomainConflicts(caller: string, input: ListDomainConflictsInput): ListDomainConflictsOutput {
    return this.domains.listDomainConflicts(caller, input);
  }

  /** Whether a tenant's domains point at its routing endpoint, from the world's DNS records. */
  verifyDnsConfiguration(caller: string, input: VerifyDnsConfigurationInput): VerifyDnsConfigurationOutput {
    return this.domains.verifyDnsConfiguration(caller, input);
  }

  // ---------------------------------------------------------------- CloudFront tenants (cloudfront-tenant-model.ts)

  listDistributionTenants(caller: string, options: ListDistributionTenantsOptions = {}): ListDistributionTenantsOutput {
    return this.tenants.listDistributionTenants(caller, options);
  }

  /** By id, name or ARN; EntityNotFound (404) for none of the caller's. */
  getDistributionTenant(caller: string, identifier: string): DistributionTenantWithETag {
    return this.tenants.getDistributionTenant(caller, identifier);
  }

  /** Read-modify-write with If-Match; `Domains` replaces; the rules are on CloudFrontTenantModel.updateDistributionTenant. */
  updateDistributionTenant(
    caller: string,
    id: string,
    input: UpdateDistributionTenantInput,
    ifMatch: string | undefined,
  ): DistributionTenantWithETag {
    return this.tenants.updateDistributionTenant(caller, id, input, ifMatch);
  }

  listConnectionGroups(caller: string, options: PageOptions = {}): ListConnectionGroupsOutput {
    return this.tenants.listConnectionGroups(caller, options);
  }

  /** By id, name or ARN; EntityNotFound (404) for none of the caller's. */
  getConnectionGroup(caller: string, identifier: string): ConnectionGroupWithETag {
    return this.tenants.getConnectionGroup(caller, identifier);
  }

  // ---------------------------------------------------------------- IAM (iam-model.ts)

  listServerCertificates(caller: string, options: ListServerCertificatesOptions = {}): ListServerCertificatesOutput {
    return this.iam.listServerCertificates(caller, options);
  }

  /** By name; its `CertificateBody` is a real X.509 PEM with the names as subject CN and SANs. NoSuchEntity (404). */
  getServerCertificate(caller: string, name: string): GetServerCertificateOutput {
    return this.iam.getServerCertificate(caller, name);
  }

  // ---------------------------------------------------------------- ACM (acm-model.ts)

  listCertificates(caller: string, options: ListCertificatesOptions = {}): ListCertificatesOutput {
    return this.acm.listCertificates(caller, options);
  }

  /** ResourceNotFoundException (400) for an ARN not in the caller's account. */
  describeCertificate(caller: string, arn: string): DescribeCertificateOutput {
    return this.acm.describeCertificate(caller, arn);
  }

  // ---------------------------------------------------------------- Route 53 (route53-model.ts)

  listHostedZones(caller: string, options: PageOptions = {}): ListHostedZonesOutput {
    return this.route53.listHostedZones(caller, options);
  }

  /** Record sets in Route 53 order, paged by (name, type). */
  listResourceRecordSets(caller: string, zoneId: string, options: ListResourceRecordSetsOptions = {}): ListResourceRecordSetsOutput {
    return this.route53.listResourceRecordSets(caller, zoneId, options);
  }

  /** One atomic change batch; returns the change, PENDING. */
  changeResourceRecordSets(caller: string, zoneId: string, batch: ChangeBatchShape): ChangeInfoOutput {
    return this.route53.changeResourceRecordSets(caller, zoneId, batch);
  }

  /** PENDING until `dnsSyncSeconds` after submission, then INSYNC. NoSuchChange (404). */
  getChange(caller: string, changeId: string): ChangeInfoOutput {
    return this.route53.getChange(caller, changeId);
  }

  testDnsAnswer(caller: string, zoneId: string, recordName: string, recordType: string): TestDnsAnswerOutput {
    return this.route53.testDnsAnswer(caller, zoneId, recordName, recordType);
  }

  // ---------------------------------------------------------------- inspection (no call logged, no faults)

  /** A distribution of any account, for assertions and tools. */
  distribution(id: string): DistributionView | undefined {
    return this.cloudfront.view(id);
  }

  /** A distribution tenant of any account, for assertions and tools. */
  tenant(id: string): TenantView | undefined {
    const t = this.cloudfrontState.tenants.find((x) => x.id === id);
    return t ? tenantView(this.cloudfrontState, t) : undefined;
  }

  /** Records of a zone of any account, in Route 53 order (normalised: `*`, lowercase, trailing dots). */
  zoneRecords(zoneId: string): DnsRecord[] | undefined {
    return this.route53.zoneRecords(zoneId);
  }

  /** Clock ms when the distribution (or tenant, `dt_…`) reads Deployed; null when it already does or does not exist. */
  deploymentDueAt(id: string): number | null {
    const state = this.cloudfrontState;
    const r = state.distributions.find((x) => x.id === id) ?? state.tenants.find((x) => x.id === id);
    return r && state.statusOf(r) === 'InProgress' ? r.deployedAt : null;
  }

  /** Clock ms when the change reads INSYNC; null when it already does or does not exist. */
  changeDueAt(changeId: string): number | null {
    return this.route53.changeDueAt(changeId);
  }

  /**
   * Lets every pending deployment and DNS change finish: advances a SimulatedClock past the last
   * one; with another clock, completes them at the current time.
   */
  settle(): void {
    const now = this.clock.now();
    const due = [...this.cloudfrontState.pendingDueTimes(), ...this.route53.syncTimes()].reduce((max, t) => Math.max(max, t), now);
    if (due <= now) return;
    if (this.clock instanceof SimulatedClock) {
      this.clock.advance(due - now);
      return;
    }
    this.cloudfrontState.completeDeployments(now);
    this.route53.completeChanges(now);
  }

  /** The world as a document (see world-document.ts); loading it again gives the same world. */
  toDocument(): WorldDocument {
    const now = this.clock.now();
    const accounts = this.accountList.map((id) => this.accountDocument(id));
    const faults = this.runner.faults.toDocuments();
    const changes = this.route53.changeDocuments(now);
    return {
      ...this.annotations,
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

  private accountDocument(id: string): AccountDocument {
    const distributions = this.cloudfront.documentsOf(id);
    const certificates = this.acm.documentsOf(id);
    const hostedZones = this.route53.documentsOf(id);
    const tenants = this.tenants.tenantDocumentsOf(id);
    const connectionGroups = this.tenants.connectionGroupDocumentsOf(id);
    const iamCertificates = this.iam.documentsOf(id);
    return {
      id,
      ...(distributions !== undefined ? { distributions } : {}),
      ...(certificates !== undefined ? { certificates } : {}),
      ...(hostedZones !== undefined ? { hostedZones } : {}),
      ...(tenants !== undefined ? { tenants } : {}),
      ...(connectionGroups !== undefined ? { connectionGroups } : {}),
      ...(iamCertificates !== undefined ? { iamCertificates } : {}),
    };
  }

  /** What CloudFront's rules read from ACM and Route 53. */
  private neighboursOfCloudFront(): CloudFrontNeighbours {
    return {
      certificate: (account, arn) => this.acm.certificate(account, arn),
      iamCertificate: (account, id) => this.iam.facts(account, id),
      recordsNamed: (fqdn) => this.route53.recordsNamed(fqdn),
      isZoneApex: (fqdn) => this.route53.isZoneApex(fqdn),
      hasEnclosingZone: (fqdn) => this.route53.hasEnclosingZone(fqdn),
    };
  }
}
