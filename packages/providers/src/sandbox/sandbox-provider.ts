/**
 * The in-process sandbox provider: a CutoverProvider that calls the world model as one account,
 * the way the AWS provider calls the SDK (same operations, same read-modify-write, same waits),
 * and translates the model's errors into core errors. Time is the world's clock only: waits sleep
 * on it, so a 300 s deployment costs 300 simulated seconds and no real time.
 */
import {
  AbortedError,
  AliasConflictError,
  InvalidCertificateError,
  isTenantId,
  OwnershipProofError,
  PreconditionFailedError,
  RequestRejectedError,
  ResourceNotFoundError,
  ThrottlingError,
  TransientError,
  type AliasEdit,
  type CallOptions,
  type Route53Answer,
  type CutoverProvider,
  type DnsRecord,
  type DnsRecordChange,
  type Inventory,
  type InventoryScope,
  type LiveDistribution,
  type MoveApi,
  type ProviderCapabilities,
  type TenantDnsProblem,
  type UpdateDecision,
} from '@cfalias/core';
import { DomainAssociationETags } from '../domain-association-etags.js';
import { SandboxServiceError, SandboxTransportFault } from '../errors.js';
import { readRecordsAtNames } from './route53-name-range.js';
import { isOwnershipRefusal, moveAccessFix } from '../move-refusals.js';
import type { DistributionShape, DistributionTenantWithETag } from './aws-shapes.js';
import { bareRoute53Id, decodeRecordName, toInventoryRecord, toResourceRecordSet } from './route53-records.js';
import { certificateRefOf, readSandboxInventory } from './sandbox-provider-inventory.js';
import type { SandboxWorld } from './world-model.js';

export interface SandboxProviderOptions {
  /** The account to act as. Default: the world's `caller`. */
  readonly account?: string;
  /**
   * Longest simulated sleep between two status polls. Default: none, each wait sleeps exactly
   * until the deployment (or DNS change) is due, so simulated makespans are exact.
   */
  readonly pollSeconds?: number;
}

/** What a failed call was about, to fill the context fields of the core error. */
interface CallContext {
  readonly resource: string;
  readonly distribution?: string;
  readonly alias?: string;
}

export function createSandboxProvider(world: SandboxWorld, options: SandboxProviderOptions = {}): CutoverProvider {
  return new SandboxProvider(world, options.account ?? world.caller, options.pollSeconds);
}

class SandboxProvider implements CutoverProvider {
  readonly name = 'sandbox';
  readonly capabilities: ProviderCapabilities = {
    moveApis: ['update-domain-association', 'associate-alias'],
    dns: true,
    retriesTransientErrors: false,
  };
  /** The ETags UpdateDomainAssociation answered, per target; a write by any other call forgets its target's. */
  private readonly etags = new DomainAssociationETags();

  constructor(
    private readonly world: SandboxWorld,
    private readonly account: string,
    private readonly pollSeconds: number | undefined,
  ) {}

  readInventory(scope: InventoryScope, options: CallOptions = {}): Promise<Inventory> {
    return readSandboxInventory(
      {
        world: this.world,
        account: this.account,
        invoke: (operation, resource, call, fn) => this.invoke(operation, { resource }, call, fn),
        listRecords: (zoneId, call) => this.listRecords(zoneId, call),
      },
      scope,
      options,
    );
  }

  async readDistribution(id: string, options: CallOptions = {}): Promise<LiveDistribution> {
    if (isTenantId(id)) return this.liveTenant((await this.getTenant(id, options)).DistributionTenant, options);
    const { Distribution: d } = await this.invoke('GetDistribution', { resource: id, distribution: id }, options, () =>
      this.world.getDistribution(this.account, id),
    );
    return liveFrom(d);
  }

  /**
   * GetDistribution (config, status, domain name and ETag in one read) → guard → UpdateDistribution
   * with only `Aliases` changed and `If-Match` set to the ETag read. For a tenant:
   * GetDistributionTenant → guard → UpdateDistributionTenant with only `Domains` changed.
   */
  async updateAliases(
    id: string,
    edit: AliasEdit,
    guard: (live: LiveDistribution) => UpdateDecision,
    options: CallOptions = {},
  ): Promise<UpdateDecision> {
    if (isTenantId(id)) return this.forgetting(id, this.updateTenantDomains(id, edit, guard, options));
    const conflictAlias = edit.add.length === 1 ? edit.add[0] : undefined;
    return this.rewriteDistribution(
      id,
      guard,
      options,
      (config) => {
        const items = editedAliases(config.Aliases.Items ?? [], edit);
        config.Aliases = items.length > 0 ? { Quantity: items.length, Items: items } : { Quantity: 0 };
      },
      { resource: id, distribution: id, ...(conflictAlias !== undefined ? { alias: conflictAlias } : {}) },
      edit.add,
    );
  }

  /**
   * The same read-modify-write with only `Enabled` changed. Standard distributions only: a tenant
   * id or a multi-tenant distribution is refused before anything is written.
   */
  async setEnabled(
    id: string,
    enabled: boolean,
    guard: (live: LiveDistribution) => UpdateDecision,
    options: CallOptions = {},
  ): Promise<UpdateDecision> {
    if (isTenantId(id)) throw notStandard(id, 'it is a distribution tenant');
    return this.rewriteDistribution(id, guard, options, (config) => {
      if (config.ConnectionMode === 'tenant-only') throw notStandard(id, 'it is a multi-tenant distribution');
      config.Enabled = enabled;
    });
  }

  /** GetDistribution → guard → UpdateDistribution of the config read after `change`, with `If-Match` = the ETag read. */
  private async rewriteDistribution(
    id: string,
    guard: (live: LiveDistribution) => UpdateDecision,
    options: CallOptions,
    change: (config: DistributionShape['DistributionConfig']) => void,
    context: CallContext = { resource: id, distribution: id },
    added: readonly string[] = [],
  ): Promise<UpdateDecision> {
    const read = await this.invoke('GetDistribution', { resource: id, distribution: id }, options, () =>
      this.world.getDistribution(this.account, id),
    );
    if (guard(liveFrom(read.Distribution)) === 'skip') return 'skip';
    const config = read.Distribution.DistributionConfig;
    change(config);
    await this.forgetting(
      id,
      this.invoke('UpdateDistribution', context, options, () => this.world.updateDistribution(this.account, id, config, read.ETag), added),
    );
    return 'apply';
  }

  /** `write` of `id` by a call other than a move: the ETag a move onto `id` remembered is forgotten once it settles. */
  private forgetting<T>(id: string, write: Promise<T>): Promise<T> {
    return write.finally(() => this.etags.forget(id));
  }

  /**
   * AssociateAlias, or UpdateDomainAssociation with the ETag the previous move onto the same
   * target returned (the target read once when none is known; domain-association-etags.ts).
   */
  async moveAlias(targetId: string, alias: string, api: MoveApi, options: CallOptions = {}): Promise<void> {
    const context = { resource: targetId, distribution: targetId, alias };
    if (api === 'associate-alias') {
      await this.invoke('AssociateAlias', context, options, () => this.world.associateAlias(this.account, targetId, alias));
      return;
    }
    const target = isTenantId(targetId) ? { distributionTenantId: targetId } : { distributionId: targetId };
    await this.etags.move(targetId, {
      readETag: async () =>
        isTenantId(targetId)
          ? (await this.getTenant(targetId, options)).ETag
          : (await this.invoke('GetDistribution', context, options, () => this.world.getDistribution(this.account, targetId))).ETag,
      associate: async (ifMatch) =>
        (
          await this.invoke('UpdateDomainAssociation', context, options, () =>
            this.world.updateDomainAssociation(this.account, { domain: alias, target, ifMatch }),
          )
        ).ETag,
    });
  }

  async waitDeployed(id: string, options: CallOptions = {}): Promise<void> {
    for (;;) {
      const status = isTenantId(id)
        ? (await this.getTenant(id, options)).DistributionTenant.Status
        : (
            await this.invoke('GetDistribution', { resource: id, distribution: id }, options, () =>
              this.world.getDistribution(this.account, id),
            )
          ).Distribution.Status;
      if (status === 'Deployed') return;
      await this.sleepUntil(this.world.deploymentDueAt(id), options.signal);
    }
  }

  async verifyTenantDns(tenantId: string, domains: readonly string[], options: CallOptions = {}): Promise<readonly TenantDnsProblem[]> {
    const { DnsConfigurationList } = await this.invoke(
      'VerifyDnsConfiguration',
      { resource: tenantId, distribution: tenantId },
      options,
      () => this.world.verifyDnsConfiguration(this.account, { identifier: tenantId }),
    );
    const wanted = new Set(domains);
    return DnsConfigurationList.filter((c) => wanted.has(c.Domain) && c.Status !== 'valid-configuration').map((c) => ({
      domain: c.Domain,
      status: c.Status as TenantDnsProblem['status'],
      ...(c.Reason !== undefined && { reason: c.Reason }),
    }));
  }

  /** Batched by name range in Route 53's listing order (route53-name-range.ts). */
  async readRecords(zoneId: string, names: readonly string[], options: CallOptions = {}): Promise<DnsRecord[]> {
    const id = bareRoute53Id(zoneId);
    return readRecordsAtNames(
      names.map((n) => decodeRecordName(n)),
      async (start) => {
        const page = await this.invoke('ListResourceRecordSets', { resource: id }, options, () =>
          this.world.listResourceRecordSets(this.account, id, {
            startName: start.name,
            ...(start.type !== undefined ? { startType: start.type } : {}),
          }),
        );
        const records = page.ResourceRecordSets.map((rrset) => toInventoryRecord(rrset));
        if (!page.IsTruncated || page.NextRecordName === undefined) return { records };
        const next = {
          name: decodeRecordName(page.NextRecordName),
          ...(page.NextRecordType !== undefined ? { type: page.NextRecordType } : {}),
        };
        return { records, next };
      },
    );
  }

  async changeRecords(
    zoneId: string,
    changes: readonly DnsRecordChange[],
    options: CallOptions = {},
  ): Promise<{ readonly changeId: string }> {
    const id = bareRoute53Id(zoneId);
    const { ChangeInfo } = await this.invoke('ChangeResourceRecordSets', { resource: id }, options, () =>
      this.world.changeResourceRecordSets(this.account, id, {
        Changes: changes.map((change) => ({ Action: change.action, ResourceRecordSet: toResourceRecordSet(change.record) })),
      }),
    );
    return { changeId: bareRoute53Id(ChangeInfo.Id) };
  }

  async waitRecordsSynced(changeId: string, options: CallOptions = {}): Promise<void> {
    const id = bareRoute53Id(changeId);
    for (;;) {
      const { ChangeInfo } = await this.invoke('GetChange', { resource: id }, options, () => this.world.getChange(this.account, id));
      if (ChangeInfo.Status === 'INSYNC') return;
      await this.sleepUntil(this.world.changeDueAt(id), options.signal);
    }
  }

  async testDnsAnswer(zoneId: string, name: string, type: string, options: CallOptions = {}): Promise<Route53Answer> {
    const answer = await this.invoke('TestDNSAnswer', { resource: zoneId }, options, () =>
      this.world.testDnsAnswer(this.account, zoneId, name, type),
    );
    return { responseCode: answer.ResponseCode, type: answer.RecordType, data: answer.RecordData };
  }

  // ---------------------------------------------------------------- helpers

  /** Every record set of a zone, following NextRecordName/NextRecordType. */
  private async listRecords(zoneId: string, options: CallOptions): Promise<DnsRecord[]> {
    const records: DnsRecord[] = [];
    let start: { startName?: string; startType?: string } = {};
    for (;;) {
      const page = await this.invoke('ListResourceRecordSets', { resource: zoneId }, options, () =>
        this.world.listResourceRecordSets(this.account, zoneId, start),
      );
      records.push(...page.ResourceRecordSets.map((rrset) => toInventoryRecord(rrset)));
      if (!page.IsTruncated || page.NextRecordName === undefined) return records;
      start = { startName: page.NextRecordName, ...(page.NextRecordType !== undefined ? { startType: page.NextRecordType } : {}) };
    }
  }

  private getTenant(id: string, options: CallOptions): Promise<DistributionTenantWithETag> {
    return this.invoke('GetDistributionTenant', { resource: id, distribution: id }, options, () =>
      this.world.getDistributionTenant(this.account, id),
    );
  }

  /** A tenant as a resource holding aliases: its routing endpoint and its own certificate, else its distribution's. */
  private async liveTenant(t: DistributionTenantWithETag['DistributionTenant'], options: CallOptions): Promise<LiveDistribution> {
    const group = await this.invoke('GetConnectionGroup', { resource: t.ConnectionGroupId }, options, () =>
      this.world.getConnectionGroup(this.account, t.ConnectionGroupId),
    );
    let certificateArn = t.Customizations?.Certificate?.Arn ?? null;
    if (certificateArn === null) {
      const { Distribution: parent } = await this.invoke('GetDistribution', { resource: t.DistributionId }, options, () =>
        this.world.getDistribution(this.account, t.DistributionId),
      );
      certificateArn = certificateRefOf(parent.DistributionConfig.ViewerCertificate);
    }
    return {
      id: t.Id,
      domainName: group.ConnectionGroup.RoutingEndpoint,
      enabled: t.Enabled,
      status: t.Status,
      aliases: t.Domains.map((d) => d.Domain),
      certificateArn,
    };
  }

  private async updateTenantDomains(
    id: string,
    edit: AliasEdit,
    guard: (live: LiveDistribution) => UpdateDecision,
    options: CallOptions,
  ): Promise<UpdateDecision> {
    const read = await this.getTenant(id, options);
    if (guard(await this.liveTenant(read.DistributionTenant, options)) === 'skip') return 'skip';
    const domains = editedAliases(
      read.DistributionTenant.Domains.map((d) => d.Domain),
      edit,
    );
    const conflictAlias = edit.add.length === 1 ? edit.add[0] : undefined;
    await this.invoke(
      'UpdateDistributionTenant',
      { resource: id, distribution: id, ...(conflictAlias !== undefined ? { alias: conflictAlias } : {}) },
      options,
      () => this.world.updateDistributionTenant(this.account, id, { Domains: domains.map((Domain) => ({ Domain })) }, read.ETag),
      edit.add,
    );
    return 'apply';
  }

  /** Sleeps on the world's clock until `due` (at most `pollSeconds`); at least 1 ms so a poll loop always progresses. */
  private async sleepUntil(due: number | null, signal: AbortSignal | undefined): Promise<void> {
    const now = this.world.clock.now();
    let ms = Math.max(1, (due ?? now) - now);
    if (this.pollSeconds !== undefined) ms = Math.min(ms, Math.max(1, this.pollSeconds * 1000));
    await this.world.clock.sleep(ms, signal);
  }

  /** One model call: abort check, simulated latency, then the call with its errors translated. */
  private async invoke<T>(
    operation: string,
    context: CallContext,
    options: CallOptions,
    call: () => T,
    added: readonly string[] = [],
  ): Promise<T> {
    if (options.signal?.aborted) throw new AbortedError();
    const latency = this.world.settings.apiLatencyMs;
    if (latency > 0) await this.world.clock.sleep(latency, options.signal);
    try {
      return call();
    } catch (error) {
      throw translateError(error, operation, context, added);
    }
  }
}

function liveFrom(d: DistributionShape): LiveDistribution {
  return {
    id: d.Id,
    domainName: d.DomainName,
    enabled: d.DistributionConfig.Enabled,
    status: d.Status,
    aliases: [...(d.DistributionConfig.Aliases.Items ?? [])],
    certificateArn: certificateRefOf(d.DistributionConfig.ViewerCertificate),
  };
}

/** `setEnabled` on anything but a standard distribution. */
function notStandard(id: string, why: string): RequestRejectedError {
  return new RequestRejectedError(
    'UpdateDistribution',
    'InvalidArgument',
    `cannot enable or disable ${id}: ${why}; cfalias enables and disables standard distributions only`,
  );
}

/** `current` without `edit.remove`, then `edit.add` not already there (order of the others kept). */
function editedAliases(current: readonly string[], edit: AliasEdit): string[] {
  const items = current.filter((alias) => !edit.remove.includes(alias));
  for (const alias of edit.add) if (!items.includes(alias)) items.push(alias);
  return items;
}

/** Model errors → core errors (the original kept as `cause`). Anything else passes through. */
export function translateError(error: unknown, operation: string, context: CallContext, added: readonly string[] = []): unknown {
  if (error instanceof SandboxTransportFault) {
    return new TransientError(
      operation,
      error.kind === 'ConnectionReset' ? 'connection-reset' : 'timeout',
      `${operation}: ${error.message}`,
      {
        cause: error,
      },
    );
  }
  if (!(error instanceof SandboxServiceError)) return error;
  const message = `${operation}: ${error.message}`;
  switch (error.code) {
    case 'Throttling':
    case 'ThrottlingException':
    case 'PriorRequestNotComplete':
      return new ThrottlingError(operation, message, { cause: error });
    case 'PreconditionFailed':
      return new PreconditionFailedError(context.resource, message, { cause: error });
    case 'CNAMEAlreadyExists': {
      const alias = context.alias ?? added.find((a) => error.message.includes(a)) ?? added.join(', ');
      return new AliasConflictError(alias, context.distribution ?? context.resource, message, { cause: error });
    }
    case 'InvalidViewerCertificate':
      return new InvalidCertificateError(context.distribution ?? context.resource, message, { cause: error });
    case 'IllegalUpdate':
      // The one IllegalUpdate a move can cure: the `_<alias>` TXT ownership record.
      if (context.alias !== undefined && isOwnershipRefusal(error.code, error.message)) {
        return new OwnershipProofError(operation, context.alias, message, { cause: error });
      }
      return new RequestRejectedError(operation, error.code, message, { cause: error });
    case 'AccessDenied':
      if (operation === 'UpdateDomainAssociation' || operation === 'AssociateAlias') {
        return new RequestRejectedError(operation, error.code, `${message}; ${moveAccessFix(operation)}`, { cause: error });
      }
      return new RequestRejectedError(operation, error.code, message, { cause: error });
    default:
      if (error.httpStatus >= 500) return new TransientError(operation, 'server-error', message, { cause: error });
      if (error.code.startsWith('NoSuch') || error.code === 'ResourceNotFoundException') {
        return new ResourceNotFoundError(context.resource, message, { cause: error });
      }
      return new RequestRejectedError(operation, error.code, message, { cause: error });
  }
}
