/**
 * The sandbox CloudFront's resources — distributions, distribution tenants, connection groups —
 * and the questions every CloudFront operation asks of them: who holds a domain (a domain lives on
 * ONE distribution or tenant, across both kinds and every account), which resource of the caller
 * an id names, what certificate serves a resource, what domain a resource is reached at, and
 * deployment state. The operations live in cloudfront-model.ts (distributions),
 * cloudfront-tenant-model.ts (tenants, connection groups) and cloudfront-domain-model.ts (moves,
 * conflicts, DNS verification).
 */
import type { DistributionStatus, DnsRecord } from '@cfalias/core';
import { distributionArn, loadDistribution, type DistributionState } from './cloudfront-distributions.js';
import { certificateProblem, cloudfrontError, iamCertificateProblem, type CertificateFacts } from './cloudfront-rules.js';
import { loadConnectionGroup, loadTenant, type ConnectionGroupState, type Deployable, type TenantState } from './cloudfront-tenants.js';
import type { AccountDocument } from './world-document.js';
import { SECOND, type WorldContext } from './world-context.js';

/** What CloudFront reads from the other services of the world. */
export interface CloudFrontNeighbours {
  /** The ACM certificate `arn` in `account`. */
  certificate(account: string, arn: string): CertificateFacts | undefined;
  /** The IAM server certificate `id` (`ASCA…`) in `account`. */
  iamCertificate(account: string, id: string): CertificateFacts | undefined;
  /** The records named `fqdn` in every zone of the world, zone by zone (Route 53). */
  recordsNamed(fqdn: string): readonly DnsRecord[];
  /** True when some hosted zone of the world is named `fqdn` (the name is a zone apex). */
  isZoneApex(fqdn: string): boolean;
  /** True when some hosted zone of the world encloses `fqdn` (it or an ancestor is a zone's name). */
  hasEnclosingZone(fqdn: string): boolean;
}

/** A resource a domain can be attached to. */
export type DomainHolder =
  { readonly kind: 'distribution'; readonly state: DistributionState } | { readonly kind: 'tenant'; readonly state: TenantState };

export class CloudFrontState {
  /** Every account's distributions, account by account in document order. */
  readonly distributions: DistributionState[];
  readonly tenants: TenantState[];
  readonly connectionGroups: ConnectionGroupState[];
  /** Accounts whose document listed each kind (written back even when empty). */
  readonly listed: {
    readonly distributions: ReadonlySet<string>;
    readonly tenants: ReadonlySet<string>;
    readonly connectionGroups: ReadonlySet<string>;
  };
  /** Load time: connection groups are never changed, so this is their created and modified time. */
  readonly loadedAt: number;
  /** Changes accepted so far (markUpdated): derived indexes are rebuilt when it moves. */
  private accepted = 0;
  private certificateUsers: { readonly at: number; readonly byArn: ReadonlyMap<string, readonly string[]> } | undefined;

  constructor(
    readonly context: WorldContext,
    readonly neighbours: CloudFrontNeighbours,
    accounts: readonly AccountDocument[],
  ) {
    const now = context.clock.now();
    const deploySeconds = context.settings.deploySeconds;
    this.loadedAt = now;
    this.distributions = accounts.flatMap((a) => (a.distributions ?? []).map((d) => loadDistribution(a.id, d, now, deploySeconds)));
    this.tenants = accounts.flatMap((a) => (a.tenants ?? []).map((t) => loadTenant(a.id, t, now, deploySeconds)));
    this.connectionGroups = accounts.flatMap((a) => (a.connectionGroups ?? []).map((g) => loadConnectionGroup(a.id, g)));
    const listedOf = (key: 'distributions' | 'tenants' | 'connectionGroups') =>
      new Set(accounts.filter((a) => a[key] !== undefined).map((a) => a.id));
    this.listed = {
      distributions: listedOf('distributions'),
      tenants: listedOf('tenants'),
      connectionGroups: listedOf('connectionGroups'),
    };
  }

  statusOf(r: Deployable): DistributionStatus {
    return r.deployedAt !== null && this.context.clock.now() < r.deployedAt ? 'InProgress' : 'Deployed';
  }

  /** An accepted change: a new version (ETag), InProgress for `deploySeconds` (pushed out again if already). */
  markUpdated(r: Deployable): void {
    const now = this.context.clock.now();
    this.accepted += 1;
    r.configVersion += 1;
    r.updated = true;
    r.lastModified = now;
    r.deployedAt = now + this.context.settings.deploySeconds * SECOND;
  }

  /**
   * ARNs of the distributions and tenants (any account) whose ACM certificate is `certificateArn`
   * (a tenant's own, not inherited), distributions first, in document order. Indexed once per
   * accepted change: ACM asks for every certificate it describes, and scanning every distribution
   * each time made describing a world's certificates quadratic.
   */
  certificateUsersOf(certificateArn: string): readonly string[] {
    if (this.certificateUsers?.at !== this.accepted) {
      const byArn = new Map<string, string[]>();
      const use = (arn: string | null, user: string): void => {
        if (arn === null) return;
        const users = byArn.get(arn);
        if (users === undefined) byArn.set(arn, [user]);
        else users.push(user);
      };
      for (const d of this.distributions) use(d.certificateArn, distributionArn(d));
      for (const t of this.tenants) use(t.certificateArn, t.arn);
      this.certificateUsers = { at: this.accepted, byArn };
    }
    return this.certificateUsers.byArn.get(certificateArn) ?? [];
  }

  /** The distribution or tenant (any account) holding exactly `domain`. */
  holderOf(domain: string): DomainHolder | undefined {
    const distribution = this.distributions.find((d) => d.aliases.includes(domain));
    if (distribution) return { kind: 'distribution', state: distribution };
    const tenant = this.tenants.find((t) => t.domains.some((d) => d.domain === domain));
    return tenant ? { kind: 'tenant', state: tenant } : undefined;
  }

  /** Every domain attached anywhere, with its holder, in document order (distributions first). */
  allDomains(): { domain: string; holder: DomainHolder }[] {
    return [
      ...this.distributions.flatMap((d) => d.aliases.map((domain) => ({ domain, holder: { kind: 'distribution', state: d } as const }))),
      ...this.tenants.flatMap((t) => t.domains.map(({ domain }) => ({ domain, holder: { kind: 'tenant', state: t } as const }))),
    ];
  }

  /**
   * Another account's distribution is indistinguishable from a missing one (`code`, 404): an
   * account sees only its own distributions. AWS documents NoSuchDistribution as "does not exist"
   * and says nothing of an id in another account; answering as for a missing id reveals nothing
   * of other accounts, which CloudFront shows only masked (conflict listings).
   */
  ownDistribution(caller: string, id: string, operation: string, code = 'NoSuchDistribution'): DistributionState {
    const d = this.distributions.find((x) => x.accountId === caller && x.id === id);
    if (!d) throw cloudfrontError(operation, code, `The specified distribution does not exist: ${id}`);
    return d;
  }

  /** The caller's tenant named by id, name or ARN (the model's `Identifier`); EntityNotFound (404) otherwise. */
  ownTenant(caller: string, identifier: string, operation: string): TenantState {
    const t = this.tenants.find((x) => x.accountId === caller && (x.id === identifier || x.name === identifier || x.arn === identifier));
    if (!t) throw cloudfrontError(operation, 'EntityNotFound', `The specified distribution tenant does not exist: ${identifier}`);
    return t;
  }

  ownConnectionGroup(caller: string, identifier: string, operation: string): ConnectionGroupState {
    const g = this.connectionGroups.find(
      (x) => x.accountId === caller && (x.id === identifier || x.name === identifier || x.arn === identifier),
    );
    if (!g) throw cloudfrontError(operation, 'EntityNotFound', `The specified connection group does not exist: ${identifier}`);
    return g;
  }

  /** The tenant's connection group: its own, else its account's default (the world file guarantees one). */
  groupOf(t: TenantState): ConnectionGroupState {
    const g =
      t.connectionGroupId !== null
        ? this.connectionGroups.find((x) => x.id === t.connectionGroupId)
        : this.connectionGroups.find((x) => x.accountId === t.accountId && x.isDefault);
    if (!g) throw new Error(`tenant ${t.id} has no connection group (the world file validation should have refused it)`);
    return g;
  }

  /** The multi-tenant distribution a tenant belongs to. */
  parentOf(t: TenantState): DistributionState | undefined {
    return this.distributions.find((d) => d.id === t.distributionId);
  }

  /** The domain a resource is reached at: a distribution's domain name, a tenant's routing endpoint. */
  endpointOf(holder: DomainHolder): string {
    return holder.kind === 'distribution' ? holder.state.domainName : this.groupOf(holder.state).routingEndpoint;
  }

  /**
   * Why the resource's certificate cannot serve `domains`, or null. A tenant uses its own
   * certificate (`Customizations.Certificate`), else its multi-tenant distribution's.
   */
  certificateProblemOf(holder: DomainHolder, domains: readonly string[]): string | null {
    const owner = holder.state.accountId;
    if (holder.kind === 'tenant') {
      const arn = holder.state.certificateArn ?? this.parentOf(holder.state)?.certificateArn ?? null;
      return certificateProblem(owner, arn, domains, (a) => this.neighbours.certificate(owner, a));
    }
    return this.viewerCertificateProblem(owner, holder.state, domains);
  }

  /** The viewer certificate problem of a distribution's (or a config's) certificate, ACM or IAM. */
  viewerCertificateProblem(
    caller: string,
    certificate: { readonly certificateArn: string | null; readonly iamCertificateId: string | null },
    domains: readonly string[],
  ): string | null {
    if (certificate.certificateArn === null && certificate.iamCertificateId !== null) {
      return iamCertificateProblem(caller, certificate.iamCertificateId, domains, (id) => this.neighbours.iamCertificate(caller, id));
    }
    return certificateProblem(caller, certificate.certificateArn, domains, (a) => this.neighbours.certificate(caller, a));
  }

  /** Clock ms of every deployment (distribution or tenant) still in progress. */
  pendingDueTimes(): number[] {
    return [...this.distributions, ...this.tenants].filter((r) => this.statusOf(r) === 'InProgress').map((r) => r.deployedAt!);
  }

  /** Ends every deployment still in progress at `now` (a clock that cannot be moved). */
  completeDeployments(now: number): void {
    for (const r of [...this.distributions, ...this.tenants]) if (r.deployedAt !== null && r.deployedAt > now) r.deployedAt = now;
  }
}
