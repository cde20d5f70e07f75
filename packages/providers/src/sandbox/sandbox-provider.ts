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
  PreconditionFailedError,
  RequestRejectedError,
  ResourceNotFoundError,
  ThrottlingError,
  TransientError,
  type AliasEdit,
  type CallOptions,
  type Route53Answer,
  type Certificate,
  type CertificateStatus,
  type CutoverProvider,
  type Distribution,
  type DnsRecord,
  type DnsRecordChange,
  type ForeignOwner,
  type HostedZone,
  type Inventory,
  type InventoryScope,
  type LiveDistribution,
  type ProviderCapabilities,
  type UpdateDecision,
} from '@cfalias/core';
import { SandboxServiceError, SandboxTransportFault } from '../errors.js';
import type { DistributionShape, DistributionSummaryShape, ViewerCertificateShape } from './aws-shapes.js';
import { bareRoute53Id, decodeRecordName, fromResourceRecordSet, toResourceRecordSet } from './route53-records.js';
import { maskId, type SandboxWorld } from './world-model.js';

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
  readonly capabilities: ProviderCapabilities = { associateAlias: true, dns: true, retriesTransientErrors: false };

  constructor(
    private readonly world: SandboxWorld,
    private readonly account: string,
    private readonly pollSeconds: number | undefined,
  ) {}

  async readInventory(scope: InventoryScope, options: CallOptions = {}): Promise<Inventory> {
    const distributions: Distribution[] = [];
    let marker: string | undefined;
    do {
      const { DistributionList: page } = await this.invoke('ListDistributions', { resource: this.account }, options, () =>
        this.world.listDistributions(this.account, marker !== undefined ? { marker } : {}),
      );
      distributions.push(...page.Items.map((summary) => this.distributionFrom(summary)));
      marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (marker !== undefined);

    const certificates: Certificate[] = [];
    const arns = [...new Set(distributions.flatMap((d) => (d.certificateArn !== null ? [d.certificateArn] : [])))];
    for (const arn of arns) {
      try {
        const { Certificate: c } = await this.invoke('DescribeCertificate', { resource: arn }, options, () =>
          this.world.describeCertificate(this.account, arn),
        );
        certificates.push({
          arn: c.CertificateArn,
          domainName: c.DomainName,
          subjectAlternativeNames: [...c.SubjectAlternativeNames],
          status: c.Status as CertificateStatus,
          notAfter: c.NotAfter ? c.NotAfter.toISOString() : null,
        });
      } catch (error) {
        // A certificate the account cannot see is reported by the plan's checks as missing.
        if (!(error instanceof ResourceNotFoundError)) throw error;
      }
    }

    const hostedZones: HostedZone[] = [];
    let zoneMarker: string | undefined;
    do {
      const page = await this.invoke('ListHostedZones', { resource: this.account }, options, () =>
        this.world.listHostedZones(this.account, zoneMarker !== undefined ? { marker: zoneMarker } : {}),
      );
      for (const zone of page.HostedZones) {
        const id = bareRoute53Id(zone.Id);
        hostedZones.push({
          id,
          name: decodeRecordName(zone.Name),
          privateZone: zone.Config.PrivateZone,
          records: await this.listRecords(id, undefined, options),
        });
      }
      zoneMarker = page.IsTruncated ? page.NextMarker : undefined;
    } while (zoneMarker !== undefined);

    const foreignOwners = await this.readForeignOwners(scope, distributions, options);
    const { deploySeconds, dnsSyncSeconds, aliasQuota } = this.world.settings;
    return {
      account: this.account,
      readAt: new Date(this.world.clock.now()).toISOString(),
      distributions,
      certificates,
      hostedZones,
      foreignOwners,
      limits: { aliasesPerDistribution: aliasQuota },
      timing: { deploySeconds, dnsSyncSeconds },
      environment: 'sandbox',
    };
  }

  async readDistribution(id: string, options: CallOptions = {}): Promise<LiveDistribution> {
    const { Distribution: d } = await this.invoke('GetDistribution', { resource: id, distribution: id }, options, () =>
      this.world.getDistribution(this.account, id),
    );
    return liveFrom(d);
  }

  /**
   * GetDistribution (config, status, domain name and ETag in one read) → guard → UpdateDistribution
   * with only `Aliases` changed and `If-Match` set to the ETag read.
   */
  async updateAliases(
    id: string,
    edit: AliasEdit,
    guard: (live: LiveDistribution) => UpdateDecision,
    options: CallOptions = {},
  ): Promise<UpdateDecision> {
    const read = await this.invoke('GetDistribution', { resource: id, distribution: id }, options, () =>
      this.world.getDistribution(this.account, id),
    );
    if (guard(liveFrom(read.Distribution)) === 'skip') return 'skip';
    const config = read.Distribution.DistributionConfig;
    const items = (config.Aliases.Items ?? []).filter((alias) => !edit.remove.includes(alias));
    for (const alias of edit.add) if (!items.includes(alias)) items.push(alias);
    config.Aliases = items.length > 0 ? { Quantity: items.length, Items: items } : { Quantity: 0 };
    const conflictAlias = edit.add.length === 1 ? edit.add[0] : undefined;
    await this.invoke(
      'UpdateDistribution',
      { resource: id, distribution: id, ...(conflictAlias !== undefined ? { alias: conflictAlias } : {}) },
      options,
      () => this.world.updateDistribution(this.account, id, config, read.ETag),
      edit.add,
    );
    return 'apply';
  }

  async associateAlias(targetId: string, alias: string, options: CallOptions = {}): Promise<void> {
    await this.invoke('AssociateAlias', { resource: targetId, distribution: targetId, alias }, options, () =>
      this.world.associateAlias(this.account, targetId, alias),
    );
  }

  async waitDeployed(id: string, options: CallOptions = {}): Promise<void> {
    for (;;) {
      const { Distribution: d } = await this.invoke('GetDistribution', { resource: id, distribution: id }, options, () =>
        this.world.getDistribution(this.account, id),
      );
      if (d.Status === 'Deployed') return;
      await this.sleepUntil(this.world.deploymentDueAt(id), options.signal);
    }
  }

  async readRecords(zoneId: string, names: readonly string[], options: CallOptions = {}): Promise<DnsRecord[]> {
    const records: DnsRecord[] = [];
    for (const name of new Set(names.map((n) => decodeRecordName(n)))) {
      records.push(...(await this.listRecords(bareRoute53Id(zoneId), name, options)));
    }
    return records;
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

  /** Record sets of a zone (all, or those named `name`), following NextRecordName/NextRecordType. */
  private async listRecords(zoneId: string, name: string | undefined, options: CallOptions): Promise<DnsRecord[]> {
    const records: DnsRecord[] = [];
    let start: { startName?: string; startType?: string } = name !== undefined ? { startName: name } : {};
    for (;;) {
      const page = await this.invoke('ListResourceRecordSets', { resource: zoneId }, options, () =>
        this.world.listResourceRecordSets(this.account, zoneId, start),
      );
      const batch = page.ResourceRecordSets.map((rrset) => fromResourceRecordSet(rrset));
      const wanted = name !== undefined ? batch.filter((r) => r.name === name) : batch;
      records.push(...wanted);
      if (!page.IsTruncated || page.NextRecordName === undefined) return records;
      if (name !== undefined && decodeRecordName(page.NextRecordName) !== name) return records;
      start = { startName: page.NextRecordName, ...(page.NextRecordType !== undefined ? { startType: page.NextRecordType } : {}) };
    }
  }

  /** Owners outside the account of the scope's aliases not found in it, as ListConflictingAliases reports them (masked). */
  private async readForeignOwners(
    scope: InventoryScope,
    distributions: readonly Distribution[],
    options: CallOptions,
  ): Promise<ForeignOwner[]> {
    const held = new Set(distributions.flatMap((d) => d.aliases));
    const missing = [...new Set(scope.aliases)].filter((alias) => !held.has(alias));
    const ownIds = new Set(distributions.map((d) => d.id));
    const asker = scope.distributionIds.find((id) => ownIds.has(id)) ?? distributions[0]?.id;
    if (missing.length === 0 || asker === undefined) return [];
    const ownMasks = new Set(distributions.map((d) => maskId(d.id)));
    const ownAccountMask = maskId(this.account);
    const owners = new Map<string, ForeignOwner>();
    for (const alias of missing) {
      let marker: string | undefined;
      do {
        const { ConflictingAliasesList: page } = await this.invoke(
          'ListConflictingAliases',
          { resource: asker, distribution: asker, alias },
          options,
          () => this.world.listConflictingAliases(this.account, asker, alias, marker !== undefined ? { marker } : {}),
        );
        for (const item of page.Items) {
          if (item.AccountId === ownAccountMask && ownMasks.has(item.DistributionId)) continue;
          owners.set(`${item.Alias} ${item.DistributionId}`, {
            alias: item.Alias,
            distributionId: item.DistributionId,
            accountId: item.AccountId,
          });
        }
        marker = page.NextMarker;
      } while (marker !== undefined);
    }
    return [...owners.values()];
  }

  private distributionFrom(summary: DistributionSummaryShape): Distribution {
    return {
      id: summary.Id,
      accountId: this.account,
      domainName: summary.DomainName,
      enabled: summary.Enabled,
      status: summary.Status,
      aliases: [...(summary.Aliases.Items ?? [])],
      certificateArn: certificateArnOf(summary.ViewerCertificate),
    };
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
    certificateArn: certificateArnOf(d.DistributionConfig.ViewerCertificate),
  };
}

function certificateArnOf(certificate: ViewerCertificateShape | undefined): string | null {
  if (!certificate || certificate.CloudFrontDefaultCertificate === true) return null;
  return certificate.ACMCertificateArn ?? null;
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
    default:
      if (error.httpStatus >= 500) return new TransientError(operation, 'server-error', message, { cause: error });
      if (error.code.startsWith('NoSuch') || error.code === 'ResourceNotFoundException') {
        return new ResourceNotFoundError(context.resource, message, { cause: error });
      }
      return new RequestRejectedError(operation, error.code, message, { cause: error });
  }
}
