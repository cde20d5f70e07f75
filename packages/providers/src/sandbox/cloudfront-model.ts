/**
 * The sandbox's CloudFront distributions and the operations on them. The resources (with tenants
 * and connection groups) live in cloudfront-state.ts, the alias rules in cloudfront-rules.ts; what
 * CloudFront needs from ACM, IAM (certificates) and Route 53 (DNS records) it reads through
 * `CloudFrontNeighbours`, never from their state.
 */
import { aliasMatches, toFqdn, type DistributionStatus } from '@cfalias/core';
import type {
  ConflictingAliasShape,
  DistributionConfigShape,
  DistributionConfigWithETag,
  DistributionWithETag,
  ListConflictingAliasesOutput,
  ListDistributionsOutput,
  PageOptions,
} from './aws-shapes.js';
import type { CallRunner } from './call-runner.js';
import {
  configOf,
  distributionDocument,
  distributionShape,
  etagOf,
  maskId,
  summaryOf,
  type DistributionState,
} from './cloudfront-distributions.js';
import { checkAliasesWellFormed, checkAliasFree, cloudfrontError, hasOwnershipTxt, ownershipTxtNames } from './cloudfront-rules.js';
import type { CloudFrontState } from './cloudfront-state.js';
import { inconsistentQuantities, isObject, splitConfig } from './distribution-config.js';
import { clampPageSize, CLOUDFRONT_PAGE_CAP, paginate, parseIndexMarker } from './paging.js';
import type { ConnectionMode, DistributionDocument } from './world-document.js';

export type { CloudFrontNeighbours } from './cloudfront-state.js';

/** Read-only view of one distribution for tests and tools (no call logged, no faults). */
export interface DistributionView {
  readonly id: string;
  readonly accountId: string;
  readonly domainName: string;
  readonly enabled: boolean;
  readonly status: DistributionStatus;
  readonly aliases: readonly string[];
  readonly certificateArn: string | null;
  readonly iamCertificateId: string | null;
  readonly connectionMode: ConnectionMode;
  readonly etag: string;
  /** Clock ms when it becomes Deployed; null when Deployed. */
  readonly deployedAt: number | null;
}

export class CloudFrontModel {
  constructor(
    private readonly state: CloudFrontState,
    private readonly calls: CallRunner,
  ) {}

  private get distributions(): DistributionState[] {
    return this.state.distributions;
  }

  listDistributions(caller: string, options: PageOptions = {}): ListDistributionsOutput {
    return this.calls.run('ListDistributions', caller, null, () => this.distributionList(caller, undefined, options, 'ListDistributions'));
  }

  /** ListDistributionsByConnectionMode: the caller's distributions of one mode, paged like ListDistributions. */
  listDistributionsByConnectionMode(caller: string, connectionMode: ConnectionMode, options: PageOptions = {}): ListDistributionsOutput {
    const operation = 'ListDistributionsByConnectionMode';
    return this.calls.run(operation, caller, null, () => {
      if (connectionMode !== 'direct' && connectionMode !== 'tenant-only') {
        throw cloudfrontError(
          operation,
          'InvalidArgument',
          `ConnectionMode must be direct or tenant-only, not "${String(connectionMode)}".`,
        );
      }
      return this.distributionList(caller, connectionMode, options, operation);
    });
  }

  private distributionList(
    caller: string,
    mode: ConnectionMode | undefined,
    options: PageOptions,
    operation: 'ListDistributions' | 'ListDistributionsByConnectionMode',
  ): ListDistributionsOutput {
    const all = this.distributions.filter((d) => d.accountId === caller && (mode === undefined || d.connectionMode === mode));
    const page = paginate(all, (d) => d.id, options.marker, clampPageSize(options.maxItems, CLOUDFRONT_PAGE_CAP), operation);
    return {
      DistributionList: {
        Marker: options.marker ?? '',
        ...(page.next !== undefined ? { NextMarker: page.next.id } : {}),
        MaxItems: page.size,
        IsTruncated: page.next !== undefined,
        Quantity: page.items.length,
        Items: page.items.map((d) => summaryOf(d, this.statusOf(d))),
      },
    };
  }

  getDistribution(caller: string, id: string): DistributionWithETag {
    return this.calls.run('GetDistribution', caller, id, () => {
      const d = this.ownDistribution(caller, id, 'GetDistribution');
      return { Distribution: distributionShape(d, this.statusOf(d)), ETag: etagOf(d) };
    });
  }

  getDistributionConfig(caller: string, id: string): DistributionConfigWithETag {
    return this.calls.run('GetDistributionConfig', caller, id, () => {
      const d = this.ownDistribution(caller, id, 'GetDistributionConfig');
      return { DistributionConfig: configOf(d), ETag: etagOf(d) };
    });
  }

  /**
   * Replaces the whole config (CloudFront semantics). Rules, in the order checked: NoSuchDistribution
   * (404), InvalidIfMatchVersion (400, no If-Match), PreconditionFailed (412, stale ETag),
   * IllegalUpdate (CallerReference changed), InconsistentQuantities (400), InvalidArgument (400,
   * malformed/uppercase/duplicate alias), TooManyDistributionCNAMEs (400), CNAMEAlreadyExists (409:
   * alias on another distribution or tenant anywhere, or DNS for it points at another
   * distribution), InvalidViewerCertificate (400, when aliases are added or the certificate
   * changes; ACM or IAM). A multi-tenant distribution takes no aliases (InvalidArgument) and no
   * distribution changes its ConnectionMode (IllegalUpdate).
   */
  updateDistribution(caller: string, id: string, config: DistributionConfigShape, ifMatch: string | undefined): DistributionWithETag {
    const operation = 'UpdateDistribution';
    return this.calls.run(operation, caller, id, () => {
      const d = this.ownDistribution(caller, id, operation);
      checkConfigReplacement(operation, d, config, ifMatch);
      const { modelled, opaque } = splitConfig(config);
      checkAliasesWellFormed(operation, modelled.aliases);
      checkConnectionMode(operation, d, modelled.connectionMode, modelled.aliases);
      const quota = this.state.context.settings.aliasQuota;
      if (modelled.aliases.length > quota) {
        throw cloudfrontError(
          operation,
          'TooManyDistributionCNAMEs',
          `Your request contains more CNAMEs than are allowed per distribution (${modelled.aliases.length} > ${quota}).`,
        );
      }
      const added = modelled.aliases.filter((a) => !d.aliases.includes(a));
      for (const alias of added) {
        const holder = this.state.holderOf(alias);
        const elsewhere = holder !== undefined && holder.state !== d;
        checkAliasFree(operation, alias, d.domainName, elsewhere, this.state.neighbours.recordsNamed(toFqdn(alias)));
      }
      const certificateChanged = modelled.certificateArn !== d.certificateArn || modelled.iamCertificateId !== d.iamCertificateId;
      if (modelled.aliases.length > 0 && (added.length > 0 || certificateChanged)) {
        const problem = this.state.viewerCertificateProblem(caller, modelled, modelled.aliases);
        if (problem) throw cloudfrontError(operation, 'InvalidViewerCertificate', problem);
      }
      d.aliases = [...modelled.aliases];
      d.enabled = modelled.enabled;
      d.certificateArn = modelled.certificateArn;
      d.iamCertificateId = modelled.iamCertificateId;
      d.opaque = opaque;
      this.markUpdated(d);
      return { Distribution: distributionShape(d, this.statusOf(d)), ETag: etagOf(d) };
    });
  }

  /**
   * AssociateAlias: moves `alias` onto `targetId` (caller's) from wherever it is. Rules:
   * NoSuchDistribution (404) for a target outside the caller's account; InvalidArgument for a
   * malformed alias; IllegalUpdate (400) when the target's certificate does not cover the alias,
   * when no TXT `_<alias>` record with the target's domain name exists in any zone, or when the
   * source is in another account and still enabled; TooManyDistributionCNAMEs at the quota.
   * An alias already on the target is a no-op; an alias on no distribution is simply added.
   * Standard distributions only (its API reference): a multi-tenant target or an alias held by a
   * tenant is IllegalUpdate, pointing at UpdateDomainAssociation. The TXT record is always needed
   * here, same account or not (the `sameAccountMoveRequiresTxt` setting is UpdateDomainAssociation's).
   */
  associateAlias(caller: string, targetId: string, alias: string): void {
    const operation = 'AssociateAlias';
    this.calls.run(operation, caller, targetId, () => {
      const target = this.ownDistribution(caller, targetId, operation);
      checkAliasesWellFormed(operation, [alias]);
      const holder = this.state.holderOf(alias);
      if (holder?.state === target) return;
      if (target.connectionMode === 'tenant-only' || holder?.kind === 'tenant') {
        throw cloudfrontError(
          operation,
          'IllegalUpdate',
          `AssociateAlias supports standard distributions only; ${alias} ${holder?.kind === 'tenant' ? `is on distribution tenant ${holder.state.id}` : `cannot go to multi-tenant distribution ${target.id}`}. Use UpdateDomainAssociation.`,
        );
      }
      const source = holder?.state;
      this.checkMovable(caller, target, source, alias);
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
   * and of the account id. `distributionId` must be the caller's (NoSuchDistribution otherwise)
   * and its certificate (ACM or IAM) must cover `alias` (InvalidArgument): the API reference asks
   * for "a standard distribution in your account that has an attached TLS certificate that
   * includes the provided alias"; which error AWS gives otherwise it does not say, and
   * InvalidArgument is the only other one its model lists. The operation "only supports standard
   * distributions" (its API reference): asked from a multi-tenant distribution it answers
   * InvalidArgument too, pointing at ListDomainConflicts.
   */
  listConflictingAliases(caller: string, distributionId: string, alias: string, options: PageOptions = {}): ListConflictingAliasesOutput {
    const operation = 'ListConflictingAliases';
    return this.calls.run(operation, caller, distributionId, () => {
      const asking = this.ownDistribution(caller, distributionId, operation);
      if (asking.connectionMode === 'tenant-only') {
        throw cloudfrontError(
          operation,
          'InvalidArgument',
          `ListConflictingAliases supports standard distributions only; ${asking.id} is a multi-tenant distribution. Use ListDomainConflicts.`,
        );
      }
      checkAliasesWellFormed(operation, [alias]);
      const problem = this.state.certificateProblemOf({ kind: 'distribution', state: asking }, [alias]);
      if (problem)
        throw cloudfrontError(operation, 'InvalidArgument', `The distribution ${asking.id} cannot vouch for ${alias}: ${problem}`);
      const found: ConflictingAliasShape[] = [];
      for (const d of this.distributions) {
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

  // ---------------------------------------------------------------- for the other services and the facade

  /** ARNs of the distributions and tenants (any account) whose ACM certificate is `certificateArn` (a tenant's own, not inherited). */
  arnsUsing(certificateArn: string): string[] {
    return [...this.state.certificateUsersOf(certificateArn)];
  }

  /** A distribution of any account, for assertions and tools. */
  view(id: string): DistributionView | undefined {
    const d = this.distributions.find((x) => x.id === id);
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
      iamCertificateId: d.iamCertificateId,
      connectionMode: d.connectionMode,
      etag: etagOf(d),
      deployedAt: status === 'InProgress' ? d.deployedAt : null,
    };
  }

  /** The account's distributions as world-file entries; undefined when it has none and listed none. */
  documentsOf(accountId: string): DistributionDocument[] | undefined {
    const own = this.distributions.filter((d) => d.accountId === accountId);
    if (!this.state.listed.distributions.has(accountId) && own.length === 0) return undefined;
    return own.map((d) => distributionDocument(d, this.statusOf(d)));
  }

  // ---------------------------------------------------------------- rules

  private ownDistribution(caller: string, id: string, operation: string): DistributionState {
    return this.state.ownDistribution(caller, id, operation);
  }

  private statusOf(d: DistributionState): DistributionStatus {
    return this.state.statusOf(d);
  }

  private markUpdated(d: DistributionState): void {
    this.state.markUpdated(d);
  }

  /** AssociateAlias's rules for moving `alias` from `source` (if any) to `target`. */
  private checkMovable(caller: string, target: DistributionState, source: DistributionState | undefined, alias: string): void {
    const operation = 'AssociateAlias';
    const problem = this.state.viewerCertificateProblem(caller, target, [alias]);
    if (problem) {
      throw cloudfrontError(operation, 'IllegalUpdate', `The target distribution's certificate cannot serve ${alias}: ${problem}`);
    }
    const neighbours = this.state.neighbours;
    const txtRecords = ownershipTxtNames(alias, (fqdn) => neighbours.isZoneApex(fqdn)).flatMap((name) => neighbours.recordsNamed(name));
    if (!hasOwnershipTxt(txtRecords, target.domainName)) {
      throw cloudfrontError(
        operation,
        'IllegalUpdate',
        `To move ${alias} to ${target.id}, create a TXT record _${alias}. whose value is "${target.domainName}" (it proves you control the domain).`,
      );
    }
    // AWS documents that a source in another account must be disabled, not the error otherwise;
    // IllegalUpdate is the modelled error that fits (as for UpdateDomainAssociation).
    if (source && source.accountId !== caller && source.enabled) {
      throw cloudfrontError(
        operation,
        'IllegalUpdate',
        `${alias} is on a distribution in another account that is still enabled; its owner must disable it before the alias can move.`,
      );
    }
    const quota = this.state.context.settings.aliasQuota;
    if (target.aliases.length + 1 > quota) {
      throw cloudfrontError(
        operation,
        'TooManyDistributionCNAMEs',
        `${target.id} already has ${target.aliases.length} aliases (quota ${quota}).`,
      );
    }
  }
}

/**
 * UpdateDistribution's checks of the request itself, before any alias rule: If-Match present and
 * current, Aliases and Enabled given, CallerReference unchanged, every Quantity matching its Items.
 */
function checkConfigReplacement(
  operation: string,
  d: DistributionState,
  config: DistributionConfigShape,
  ifMatch: string | undefined,
): void {
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
}

/** A multi-tenant distribution has no aliases of its own; no distribution changes its connection mode. */
function checkConnectionMode(
  operation: string,
  d: DistributionState,
  requested: ConnectionMode | undefined,
  aliases: readonly string[],
): void {
  if (requested !== undefined && requested !== d.connectionMode) {
    throw cloudfrontError(operation, 'IllegalUpdate', `The ConnectionMode of ${d.id} cannot be changed (it is ${d.connectionMode}).`);
  }
  if (d.connectionMode === 'tenant-only' && aliases.length > 0) {
    throw cloudfrontError(
      operation,
      'InvalidArgument',
      `${d.id} is a multi-tenant distribution: it has no aliases of its own; its distribution tenants hold the domains.`,
    );
  }
}
