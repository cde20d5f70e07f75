/**
 * The sandbox's CloudFront: the distributions of every account and the operations on them. The
 * alias rules are in cloudfront-rules.ts; what CloudFront needs from ACM (certificates) and Route 53
 * (DNS records) it reads through `CloudFrontNeighbours`, never from their state.
 */
import { aliasMatches, toFqdn, type DistributionStatus, type DnsRecord } from '@cfalias/core';
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
  distributionArn,
  distributionDocument,
  distributionShape,
  etagOf,
  loadDistribution,
  maskId,
  summaryOf,
  type DistributionState,
} from './cloudfront-distributions.js';
import {
  certificateProblem,
  checkAliasesWellFormed,
  checkAliasFree,
  cloudfrontError,
  hasOwnershipTxt,
  type CertificateFacts,
} from './cloudfront-rules.js';
import { inconsistentQuantities, isObject, splitConfig } from './distribution-config.js';
import { clampPageSize, CLOUDFRONT_PAGE_CAP, paginate, parseIndexMarker } from './paging.js';
import type { AccountDocument, DistributionDocument } from './world-document.js';
import { SECOND, type WorldContext } from './world-context.js';

/** What CloudFront reads from the other services of the world. */
export interface CloudFrontNeighbours {
  /** The certificate `arn` in `account` (ACM). */
  certificate(account: string, arn: string): CertificateFacts | undefined;
  /** The records named `fqdn` in every zone of the world, zone by zone (Route 53). */
  recordsNamed(fqdn: string): readonly DnsRecord[];
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

export class CloudFrontModel {
  /** Every account's distributions, account by account in document order. */
  private readonly distributions: DistributionState[];
  /** Accounts whose document listed `distributions` (written back even when empty). */
  private readonly listed: ReadonlySet<string>;

  constructor(
    private readonly context: WorldContext,
    private readonly calls: CallRunner,
    private readonly neighbours: CloudFrontNeighbours,
    accounts: readonly AccountDocument[],
  ) {
    const now = context.clock.now();
    this.distributions = accounts.flatMap((a) =>
      (a.distributions ?? []).map((d) => loadDistribution(a.id, d, now, context.settings.deploySeconds)),
    );
    this.listed = new Set(accounts.filter((a) => a.distributions !== undefined).map((a) => a.id));
  }

  listDistributions(caller: string, options: PageOptions = {}): ListDistributionsOutput {
    return this.calls.run('ListDistributions', caller, null, () => {
      const all = this.distributions.filter((d) => d.accountId === caller);
      const page = paginate(all, (d) => d.id, options.marker, clampPageSize(options.maxItems, CLOUDFRONT_PAGE_CAP), 'ListDistributions');
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
    });
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
   * alias on another distribution anywhere, or DNS for it points at another distribution),
   * InvalidViewerCertificate (400, when aliases are added or the certificate changes).
   */
  updateDistribution(caller: string, id: string, config: DistributionConfigShape, ifMatch: string | undefined): DistributionWithETag {
    const operation = 'UpdateDistribution';
    return this.calls.run(operation, caller, id, () => {
      const d = this.ownDistribution(caller, id, operation);
      checkConfigReplacement(operation, d, config, ifMatch);
      const { modelled, opaque } = splitConfig(config);
      checkAliasesWellFormed(operation, modelled.aliases);
      const quota = this.context.settings.aliasQuota;
      if (modelled.aliases.length > quota) {
        throw cloudfrontError(
          operation,
          'TooManyDistributionCNAMEs',
          `Your request contains more CNAMEs than are allowed per distribution (${modelled.aliases.length} > ${quota}).`,
        );
      }
      const added = modelled.aliases.filter((a) => !d.aliases.includes(a));
      for (const alias of added) checkAliasFree(operation, alias, d, this.holderOf(alias), this.neighbours.recordsNamed(toFqdn(alias)));
      if (modelled.aliases.length > 0 && (added.length > 0 || modelled.certificateArn !== d.certificateArn)) {
        const problem = this.certificateProblem(caller, modelled.certificateArn, modelled.aliases);
        if (problem) throw cloudfrontError(operation, 'InvalidViewerCertificate', problem);
      }
      d.aliases = [...modelled.aliases];
      d.enabled = modelled.enabled;
      d.certificateArn = modelled.certificateArn;
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
   */
  associateAlias(caller: string, targetId: string, alias: string): void {
    const operation = 'AssociateAlias';
    this.calls.run(operation, caller, targetId, () => {
      const target = this.ownDistribution(caller, targetId, operation);
      checkAliasesWellFormed(operation, [alias]);
      const source = this.holderOf(alias);
      if (source === target) return;
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
   * and of the account id. `distributionId` must be the caller's (NoSuchDistribution otherwise).
   */
  listConflictingAliases(caller: string, distributionId: string, alias: string, options: PageOptions = {}): ListConflictingAliasesOutput {
    const operation = 'ListConflictingAliases';
    return this.calls.run(operation, caller, distributionId, () => {
      this.ownDistribution(caller, distributionId, operation);
      checkAliasesWellFormed(operation, [alias]);
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

  /** ARNs of the distributions (any account) whose viewer certificate is `certificateArn`. */
  arnsUsing(certificateArn: string): string[] {
    return this.distributions.filter((d) => d.certificateArn === certificateArn).map((d) => distributionArn(d));
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
      etag: etagOf(d),
      deployedAt: status === 'InProgress' ? d.deployedAt : null,
    };
  }

  /** Clock ms when the distribution reads Deployed; null when it already does or does not exist. */
  deploymentDueAt(id: string): number | null {
    const d = this.distributions.find((x) => x.id === id);
    return d && this.statusOf(d) === 'InProgress' ? d.deployedAt : null;
  }

  /** Clock ms of every deployment still in progress. */
  pendingDueTimes(): number[] {
    return this.distributions.filter((d) => this.statusOf(d) === 'InProgress').map((d) => d.deployedAt!);
  }

  /** Ends every deployment still in progress at `now` (a clock that cannot be moved). */
  completeDeployments(now: number): void {
    for (const d of this.distributions) if (d.deployedAt !== null && d.deployedAt > now) d.deployedAt = now;
  }

  /** The account's distributions as world-file entries; undefined when it has none and listed none. */
  documentsOf(accountId: string): DistributionDocument[] | undefined {
    const own = this.distributions.filter((d) => d.accountId === accountId);
    if (!this.listed.has(accountId) && own.length === 0) return undefined;
    return own.map((d) => distributionDocument(d, this.statusOf(d)));
  }

  // ---------------------------------------------------------------- rules

  /** Another account's distribution is indistinguishable from a missing one (NoSuchDistribution, 404). */
  private ownDistribution(caller: string, id: string, operation: string): DistributionState {
    const d = this.distributions.find((x) => x.accountId === caller && x.id === id);
    if (!d) throw cloudfrontError(operation, 'NoSuchDistribution', `The specified distribution does not exist: ${id}`);
    return d;
  }

  private statusOf(d: DistributionState): DistributionStatus {
    return d.deployedAt !== null && this.context.clock.now() < d.deployedAt ? 'InProgress' : 'Deployed';
  }

  private holderOf(alias: string): DistributionState | undefined {
    return this.distributions.find((d) => d.aliases.includes(alias));
  }

  private markUpdated(d: DistributionState): void {
    const now = this.context.clock.now();
    d.configVersion += 1;
    d.updated = true;
    d.lastModified = now;
    d.deployedAt = now + this.context.settings.deploySeconds * SECOND;
  }

  private certificateProblem(caller: string, arn: string | null, aliases: readonly string[]): string | null {
    return certificateProblem(caller, arn, aliases, (certificateArn) => this.neighbours.certificate(caller, certificateArn));
  }

  /** AssociateAlias's rules for moving `alias` from `source` (if any) to `target`. */
  private checkMovable(caller: string, target: DistributionState, source: DistributionState | undefined, alias: string): void {
    const operation = 'AssociateAlias';
    const problem = this.certificateProblem(caller, target.certificateArn, [alias]);
    if (problem) {
      throw cloudfrontError(operation, 'IllegalUpdate', `The target distribution's certificate cannot serve ${alias}: ${problem}`);
    }
    if (!hasOwnershipTxt(this.neighbours.recordsNamed(toFqdn(`_${alias}`)), target.domainName)) {
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
    const quota = this.context.settings.aliasQuota;
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
