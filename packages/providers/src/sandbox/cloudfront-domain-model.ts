/**
 * The sandbox CloudFront's domain operations that span standard distributions and distribution
 * tenants: UpdateDomainAssociation (move a domain), ListDomainConflicts (who holds a domain or an
 * overlapping one) and VerifyDnsConfiguration (does a tenant's domain point at its routing
 * endpoint). Rules are checked in the order their doc comments give.
 */
import { aliasMatches, toFqdn } from '@cfalias/core';
import type {
  DistributionResourceRef,
  DnsConfigurationStatus,
  DomainConflictShape,
  ListDomainConflictsInput,
  ListDomainConflictsOutput,
  UpdateDomainAssociationInput,
  UpdateDomainAssociationOutput,
  VerifyDnsConfigurationInput,
  VerifyDnsConfigurationOutput,
} from './aws-shapes.js';
import type { CallRunner } from './call-runner.js';
import { etagOf, maskResourceId } from './cloudfront-distributions.js';
import { checkAliasesWellFormed, cloudfrontError, cloudfrontTargetsOf, hasOwnershipTxt, ownershipTxtNames } from './cloudfront-rules.js';
import type { CloudFrontState, DomainHolder } from './cloudfront-state.js';
import { resourceETag } from './cloudfront-tenants.js';
import { clampPageSize, CLOUDFRONT_PAGE_CAP, parseIndexMarker } from './paging.js';

export class CloudFrontDomainModel {
  constructor(
    private readonly state: CloudFrontState,
    private readonly calls: CallRunner,
  ) {}

  /**
   * Moves `domain` onto the target (a standard distribution or a tenant of the caller). Rules, in
   * order: InvalidArgument (both or neither target id; malformed domain); EntityNotFound (404,
   * target not the caller's); InvalidIfMatchVersion (no If-Match, unless the world's
   * `domainAssociationRequiresIfMatch` is false); PreconditionFailed (412, If-Match is not the
   * target's ETag); InvalidArgument (target is a multi-tenant distribution, which holds no domains;
   * the target's certificate does not cover the domain; the target is at its domain quota);
   * IllegalUpdate (source in another account still enabled; the `_<domain>` TXT record naming the
   * target's endpoint missing — always across accounts, within one only when
   * `sameAccountMoveRequiresTxt`). The domain leaves its source (distribution or tenant) and joins
   * the target; both go InProgress as for an update. A domain already on the target changes
   * nothing. A domain on no resource is simply added: AWS does not say what it answers then.
   */
  updateDomainAssociation(caller: string, input: UpdateDomainAssociationInput): UpdateDomainAssociationOutput {
    const operation = 'UpdateDomainAssociation';
    const resource = input.target.distributionId ?? input.target.distributionTenantId ?? null;
    return this.calls.run(operation, caller, resource, () => {
      const target = this.ownResource(caller, input.target, operation);
      checkAliasesWellFormed(operation, [input.domain]);
      this.checkIfMatch(operation, target, input.ifMatch);
      const source = this.state.holderOf(input.domain);
      if (source?.state === target.state) return this.moved(input.domain, target);
      this.checkTarget(operation, target, input.domain);
      this.checkSource(operation, caller, target, source, input.domain);
      if (source) {
        removeDomain(source, input.domain);
        this.state.markUpdated(source.state);
      }
      addDomain(target, input.domain);
      this.state.markUpdated(target.state);
      return this.moved(input.domain, target);
    });
  }

  /**
   * Domains anywhere (distributions and tenants, every account) equal to or overlapping `domain`
   * (a wildcard and the names it matches, both ways), with the resource type and masked ids
   * (maskResourceId), sorted by domain then resource id, paged by an index marker (at most 100).
   * The control resource must be the caller's (EntityNotFound) and its certificate must cover the
   * domain (InvalidArgument): the API reference asks for "a standard distribution or distribution
   * tenant in your account that has an attached TLS certificate, which covers the specified
   * domain"; which error AWS gives otherwise it does not say. The control resource's own domains
   * are listed unless the world's `domainConflictsIncludeControlResource` is false (AWS does not
   * say whether it leaves them out).
   */
  listDomainConflicts(caller: string, input: ListDomainConflictsInput): ListDomainConflictsOutput {
    const operation = 'ListDomainConflicts';
    const resource = input.controlResource.distributionId ?? input.controlResource.distributionTenantId ?? null;
    return this.calls.run(operation, caller, resource, () => {
      const control = this.ownResource(caller, input.controlResource, operation);
      checkAliasesWellFormed(operation, [input.domain]);
      const problem = this.state.certificateProblemOf(control, [input.domain]);
      if (problem) {
        throw cloudfrontError(
          operation,
          'InvalidArgument',
          `The control resource ${control.state.id} cannot vouch for ${input.domain}: ${problem}`,
        );
      }
      const found: DomainConflictShape[] = this.state
        .allDomains()
        .filter(({ domain }) => domain === input.domain || aliasMatches(domain, input.domain) || aliasMatches(input.domain, domain))
        .filter(({ holder }) => this.state.context.settings.domainConflictsIncludeControlResource || holder.state !== control.state)
        .map(({ domain, holder }) => ({
          Domain: domain,
          ResourceType: holder.kind === 'tenant' ? 'distribution-tenant' : 'distribution',
          ResourceId: maskResourceId(holder.state.id),
          AccountId: maskResourceId(holder.state.accountId),
        }));
      found.sort((a, b) => (a.Domain < b.Domain ? -1 : a.Domain > b.Domain ? 1 : a.ResourceId < b.ResourceId ? -1 : 1));
      const size = clampPageSize(input.maxItems, CLOUDFRONT_PAGE_CAP);
      const start = parseIndexMarker(input.marker, operation);
      const more = start + size < found.length;
      return { DomainConflicts: found.slice(start, start + size), ...(more ? { NextMarker: String(start + size) } : {}) };
    });
  }

  /**
   * The DNS configuration of a tenant's domains (or of one `domain`), read from the world's
   * Route 53 records, which stand for all of DNS here: `valid-configuration` when a CNAME or an
   * A/AAAA alias record of that exact name points at the tenant's routing endpoint;
   * `invalid-configuration` when it points elsewhere or when no such record exists in a zone that
   * encloses the name; `unknown-configuration` when no zone of the world encloses it (the lookup
   * would fail). The identifier (id, name or ARN) must be a tenant of the caller (EntityNotFound).
   */
  verifyDnsConfiguration(caller: string, input: VerifyDnsConfigurationInput): VerifyDnsConfigurationOutput {
    const operation = 'VerifyDnsConfiguration';
    return this.calls.run(operation, caller, input.identifier, () => {
      const tenant = this.state.ownTenant(caller, input.identifier, operation);
      if (input.domain !== undefined) checkAliasesWellFormed(operation, [input.domain]);
      const endpoint = this.state.groupOf(tenant).routingEndpoint;
      const domains = input.domain !== undefined ? [input.domain] : tenant.domains.map((d) => d.domain);
      return { DnsConfigurationList: domains.map((domain) => ({ Domain: domain, ...this.dnsStatus(domain, endpoint) })) };
    });
  }

  private dnsStatus(domain: string, endpoint: string): { Status: DnsConfigurationStatus; Reason?: string } {
    const fqdn = toFqdn(domain);
    const records = this.state.neighbours
      .recordsNamed(fqdn)
      .filter((r) => r.type === 'CNAME' || ((r.type === 'A' || r.type === 'AAAA') && r.aliasTarget));
    if (records.length === 0) {
      return this.state.neighbours.hasEnclosingZone(fqdn)
        ? { Status: 'invalid-configuration', Reason: `No DNS record for ${domain} points to ${endpoint}.` }
        : { Status: 'unknown-configuration', Reason: `CloudFront could not look up ${domain}.` };
    }
    const elsewhere = cloudfrontTargetsOf(records).find((target) => target !== endpoint);
    const pointed = cloudfrontTargetsOf(records).includes(endpoint);
    if (pointed && elsewhere === undefined) return { Status: 'valid-configuration' };
    return { Status: 'invalid-configuration', Reason: `${domain} does not point to the routing endpoint ${endpoint}.` };
  }

  /** The caller's distribution or tenant a `DistributionResourceId` names. */
  private ownResource(caller: string, ref: DistributionResourceRef, operation: string): DomainHolder {
    const hasDistribution = ref.distributionId !== undefined && ref.distributionId !== '';
    const hasTenant = ref.distributionTenantId !== undefined && ref.distributionTenantId !== '';
    if (hasDistribution === hasTenant) {
      throw cloudfrontError(operation, 'InvalidArgument', 'Specify either DistributionId or DistributionTenantId, but not both.');
    }
    if (hasDistribution)
      return { kind: 'distribution', state: this.state.ownDistribution(caller, ref.distributionId!, operation, 'EntityNotFound') };
    const tenant = this.state.tenants.find((t) => t.accountId === caller && t.id === ref.distributionTenantId);
    if (!tenant)
      throw cloudfrontError(operation, 'EntityNotFound', `The specified distribution tenant does not exist: ${ref.distributionTenantId!}`);
    return { kind: 'tenant', state: tenant };
  }

  private checkIfMatch(operation: string, target: DomainHolder, ifMatch: string | undefined): void {
    if (ifMatch === undefined || ifMatch === '') {
      if (!this.state.context.settings.domainAssociationRequiresIfMatch) return;
      throw cloudfrontError(operation, 'InvalidIfMatchVersion', 'The If-Match version is missing or not valid for the resource.');
    }
    if (ifMatch !== etagOfHolder(target)) {
      throw cloudfrontError(
        operation,
        'PreconditionFailed',
        'The precondition given in one or more of the request-header fields evaluated to false.',
      );
    }
  }

  private checkTarget(operation: string, target: DomainHolder, domain: string): void {
    if (target.kind === 'distribution' && target.state.connectionMode === 'tenant-only') {
      throw cloudfrontError(
        operation,
        'InvalidArgument',
        `${target.state.id} is a multi-tenant distribution; move ${domain} to one of its tenants instead.`,
      );
    }
    const problem = this.state.certificateProblemOf(target, [domain]);
    if (problem) throw cloudfrontError(operation, 'InvalidArgument', `The target's certificate cannot serve ${domain}: ${problem}`);
    const settings = this.state.context.settings;
    const [count, quota] =
      target.kind === 'distribution'
        ? [target.state.aliases.length, settings.aliasQuota]
        : [target.state.domains.length, settings.tenantDomainQuota];
    // AWS does not say which error a full target gives on this operation; its model lists neither
    // TooManyDistributionCNAMEs nor EntityLimitExceeded, so the sandbox answers InvalidArgument.
    if (count + 1 > quota)
      throw cloudfrontError(operation, 'InvalidArgument', `${target.state.id} already has ${count} domains (quota ${quota}).`);
  }

  private checkSource(operation: string, caller: string, target: DomainHolder, source: DomainHolder | undefined, domain: string): void {
    const crossAccount = source !== undefined && source.state.accountId !== caller;
    // The API reference says the source "must first" be disabled, but not which error an enabled
    // one in another account gives; of the operation's modelled errors IllegalUpdate ("The update
    // contains modifications that are not allowed") is the one that fits, so the sandbox answers it.
    if (crossAccount && source.state.enabled) {
      throw cloudfrontError(
        operation,
        'IllegalUpdate',
        `${domain} is on a ${source.kind === 'tenant' ? 'distribution tenant' : 'distribution'} in another account that is still enabled; its owner must disable it before the domain can move.`,
      );
    }
    if (!crossAccount && !this.state.context.settings.sameAccountMoveRequiresTxt) return;
    const endpoint = this.state.endpointOf(target);
    const neighbours = this.state.neighbours;
    const names = ownershipTxtNames(domain, (fqdn) => neighbours.isZoneApex(fqdn));
    if (
      !hasOwnershipTxt(
        names.flatMap((name) => neighbours.recordsNamed(name)),
        endpoint,
      )
    ) {
      throw cloudfrontError(
        operation,
        'IllegalUpdate',
        `To move ${domain} to ${target.state.id}, create a TXT record ${names.join(' or ')} whose value is "${endpoint}" (it proves you control the domain).`,
      );
    }
  }

  private moved(domain: string, target: DomainHolder): UpdateDomainAssociationOutput {
    return { Domain: domain, ResourceId: target.state.id, ETag: etagOfHolder(target) };
  }
}

export function etagOfHolder(holder: DomainHolder): string {
  return holder.kind === 'distribution' ? etagOf(holder.state) : resourceETag(holder.state);
}

function removeDomain(holder: DomainHolder, domain: string): void {
  if (holder.kind === 'distribution') holder.state.aliases = holder.state.aliases.filter((a) => a !== domain);
  else holder.state.domains = holder.state.domains.filter((d) => d.domain !== domain);
}

function addDomain(holder: DomainHolder, domain: string): void {
  if (holder.kind === 'distribution') holder.state.aliases = [...holder.state.aliases, domain];
  else holder.state.domains = [...holder.state.domains, { domain, status: 'active' }];
}
