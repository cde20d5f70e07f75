/**
 * The engine's CutoverProvider on the AWS SDK for JavaScript v3: CloudFront (distributions and
 * distribution tenants), ACM, IAM server certificates and Route 53 (plus STS for the account). API mechanics live here (read-modify-write with If-Match, the SDK's
 * paginators and waiters, error translation); ordering and safety stay in core.
 *
 * Retries: the clients' retry strategy (standard or adaptive, `maxAttempts`) retries throttling,
 * `PriorRequestNotComplete`, 5xx and dropped connections on every call; nothing here retries on
 * top of it, and the capabilities say so (`retriesTransientErrors`), so the executor does not
 * either. A stale ETag (PreconditionFailed) is not retried here: the executor re-runs
 * `updateAliases`, which re-reads and re-checks. The one exception is UpdateDomainAssociation,
 * whose `If-Match` is the ETag the previous move onto the same target returned: a stale one is
 * re-read and the move sent once more (domain-association-etags.ts).
 */
import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import type { RRType } from '@aws-sdk/client-route-53';
import {
  isTenantId,
  RequestRejectedError,
  systemClock,
  type AliasEdit,
  type CallOptions,
  type Clock,
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
import { assertSameAccount, readCallerAccount } from './account.js';
import { withEditedAliases } from './alias-edit.js';
import { createAwsClients, destroyAwsClients, type AwsClientOptions, type AwsClients } from './clients.js';
import { translateAwsError, type ErrorContext } from './errors.js';
import { listRecordPage, readAwsInventory } from './inventory-reader.js';
import { readRecordsAtNames } from '../sandbox/route53-name-range.js';
import { bareChangeId, bareZoneId, normalizeRecordName, toLiveDistribution, toResourceRecordSet } from './normalize.js';
import { waitFailingFast } from './wait.js';
import { moveAlias } from './domain-moves.js';
import { DomainAssociationETags } from '../domain-association-etags.js';
import { getTenant, liveTenant, updateTenantDomains, verifyTenantDns, waitUntilTenantDeployed } from './tenants.js';
import { cloudFrontSdk, route53Sdk } from '../deferred-modules.js';

/** Waiter pacing in seconds. Fractional delays are allowed (fast tests against the emulator). */
export interface WaiterOptions {
  /** First delay between polls (default 15 for CloudFront, 5 for Route 53). */
  readonly minDelay?: number;
  /** Longest delay between polls (default 60 for CloudFront, 30 for Route 53). */
  readonly maxDelay?: number;
  /** Give up after this long with WaitTimeoutError (default 1800 for CloudFront, 600 for Route 53). */
  readonly maxWaitSeconds?: number;
}

export interface AwsProviderOptions extends AwsClientOptions {
  /** Time source for the inventory's `readAt` (default: the system clock). */
  readonly clock?: Clock;
  readonly waiter?: WaiterOptions;
}

export interface AwsProvider extends CutoverProvider {
  readonly clients: AwsClients;
  /** The account of the credentials in use (STS GetCallerIdentity). */
  readAccount(options?: CallOptions): Promise<string>;
  /** Resolves to the caller's account when it is `expected`; throws AccountMismatchError otherwise. */
  assertAccount(expected: string, options?: CallOptions): Promise<string>;
  /** Closes the clients' connections. */
  destroy(): void;
  /** VerifyDnsConfiguration of a tenant: the given domains CloudFront does not find routed to its connection group. */
  verifyTenantDns(tenantId: string, domains: readonly string[], options?: CallOptions): Promise<readonly TenantDnsProblem[]>;
}

export const AWS_PROVIDER_CAPABILITIES: ProviderCapabilities = {
  moveApis: ['update-domain-association', 'associate-alias'],
  dns: true,
  retriesTransientErrors: true,
};

/** CloudFront deployments take minutes (documented as under 15); Route 53 changes under a minute. */
const CLOUDFRONT_WAIT = { minDelay: 15, maxDelay: 60, maxWaitSeconds: 1800 };
const ROUTE53_WAIT = { minDelay: 5, maxDelay: 30, maxWaitSeconds: 600 };

export function createAwsProvider(options: AwsProviderOptions = {}): AwsProvider {
  const clients = createAwsClients(options);
  const clock = options.clock ?? systemClock;
  const cloudFrontWait = { ...CLOUDFRONT_WAIT, ...definedOnly(options.waiter) };
  const route53Wait = { ...ROUTE53_WAIT, ...definedOnly(options.waiter) };
  // The ETags UpdateDomainAssociation answered, per target; a write by any other call forgets its target's.
  const etags = new DomainAssociationETags();
  const forgetting = <T>(id: string, write: Promise<T>): Promise<T> => write.finally(() => etags.forget(id));

  return {
    name: 'aws',
    capabilities: AWS_PROVIDER_CAPABILITIES,
    clients,

    // A cfalias emulator says so on its answers: its inventory is a sandbox's, whatever endpoint reached it.
    readInventory: async (scope: InventoryScope, call?: CallOptions): Promise<Inventory> => {
      const inventory = await readAwsInventory(clients, scope, clock, call);
      return clients.answeredBySandbox() ? { ...inventory, environment: 'sandbox' } : inventory;
    },

    readDistribution: async (id: string, call: CallOptions = {}): Promise<LiveDistribution> =>
      isTenantId(id)
        ? liveTenant(clients, (await getTenant(clients, id, call)).tenant, call)
        : (await getDistribution(clients, id, call)).live,

    /**
     * One read, the guard on what was read, one write of the config read with only `Aliases`
     * changed; for a tenant, the same with its `Domains` (tenants.ts).
     */
    updateAliases(id: string, edit: AliasEdit, guard, call: CallOptions = {}): Promise<UpdateDecision> {
      if (isTenantId(id)) return forgetting(id, updateTenantDomains(clients, id, edit, guard, call));
      return forgetting(
        id,
        rewriteDistribution(clients, id, guard, call, (config) => withEditedAliases(config, edit), { aliases: edit.add }),
      );
    },

    /**
     * The same read-modify-write with only `Enabled` changed. Standard distributions only: a
     * tenant id, or a multi-tenant distribution (whose disabling would take every tenant offline),
     * is refused before anything is written.
     */
    setEnabled(id: string, enabled: boolean, guard, call: CallOptions = {}): Promise<UpdateDecision> {
      if (isTenantId(id)) return Promise.reject(notStandard(id, 'it is a distribution tenant'));
      return forgetting(
        id,
        rewriteDistribution(clients, id, guard, call, (config) => {
          if (config.ConnectionMode === 'tenant-only') throw notStandard(id, 'it is a multi-tenant distribution');
          return { ...config, Enabled: enabled };
        }),
      );
    },

    moveAlias: (targetId: string, alias: string, api: MoveApi, call: CallOptions = {}): Promise<void> =>
      moveAlias(clients, etags, targetId, alias, api, call),

    verifyTenantDns: (tenantId: string, domains: readonly string[], call: CallOptions = {}): Promise<readonly TenantDnsProblem[]> =>
      verifyTenantDns(clients, tenantId, domains, call),

    async waitDeployed(id: string, call: CallOptions = {}): Promise<void> {
      if (isTenantId(id)) {
        await waitFailingFast(clients.cloudFront, 'GetDistributionTenant', id, cloudFrontWait, call.signal, (client, params) =>
          waitUntilTenantDeployed({ client, ...params }, { Identifier: id }),
        );
        return;
      }
      await waitFailingFast(clients.cloudFront, 'GetDistribution', id, cloudFrontWait, call.signal, (client, params) =>
        cloudFrontSdk().waitUntilDistributionDeployed({ client, ...params }, { Id: id }),
      );
    },

    /** Batched by name range in Route 53's listing order (sandbox/route53-name-range.ts). */
    readRecords: (zoneId: string, names: readonly string[], call: CallOptions = {}): Promise<DnsRecord[]> =>
      readRecordsAtNames(names.map(normalizeRecordName), (start) => listRecordPage(clients, bareZoneId(zoneId), start, call)),

    changeRecords: (zoneId: string, changes: readonly DnsRecordChange[], call: CallOptions = {}) =>
      changeRecords(clients, zoneId, changes, call),

    async waitRecordsSynced(changeId: string, call: CallOptions = {}): Promise<void> {
      const id = bareChangeId(changeId);
      await waitFailingFast(clients.route53, 'GetChange', id, route53Wait, call.signal, (client, params) =>
        route53Sdk().waitUntilResourceRecordSetsChanged({ client, ...params }, { Id: id }),
      );
    },

    testDnsAnswer: (zoneId: string, name: string, type: string, call: CallOptions = {}) => testDnsAnswer(clients, zoneId, name, type, call),

    readAccount: (call?: CallOptions) => readCallerAccount(clients.sts, call),

    async assertAccount(expected: string, call?: CallOptions): Promise<string> {
      const found = await readCallerAccount(clients.sts, call);
      assertSameAccount(expected, found);
      return found;
    },

    destroy: () => destroyAwsClients(clients),
  };
}

/*
 * GetDistribution rather than GetDistributionConfig: the same DistributionConfig under the same
 * ETag (the one UpdateDistribution's If-Match wants), plus the domain name and status that
 * LiveDistribution carries, in a single request.
 */
async function getDistribution(clients: AwsClients, id: string, call: CallOptions) {
  try {
    const answer = await clients.cloudFront.send(new (cloudFrontSdk().GetDistributionCommand)({ Id: id }), { abortSignal: call.signal });
    const distribution = answer.Distribution;
    const config = distribution?.DistributionConfig;
    if (!distribution || !config || !answer.ETag) throw malformed('GetDistribution', id, 'Distribution or ETag');
    return { live: toLiveDistribution(id, distribution.DomainName ?? '', distribution.Status, config), config, etag: answer.ETag };
  } catch (error) {
    throw translateAwsError(error, 'GetDistribution', id);
  }
}

/**
 * GetDistribution → guard → UpdateDistribution of `change(config)` with `If-Match` = the ETag
 * read. `change` may throw to refuse (nothing is written then).
 */
async function rewriteDistribution(
  clients: AwsClients,
  id: string,
  guard: (live: LiveDistribution) => UpdateDecision,
  call: CallOptions,
  change: (config: DistributionConfig) => DistributionConfig,
  context: ErrorContext = {},
): Promise<UpdateDecision> {
  const { live, config, etag } = await getDistribution(clients, id, call);
  // A guard's refusal (StalePlanError) propagates as thrown.
  if (guard(live) === 'skip') return 'skip';
  const edited = change(config);
  try {
    await clients.cloudFront.send(new (cloudFrontSdk().UpdateDistributionCommand)({ Id: id, IfMatch: etag, DistributionConfig: edited }), {
      abortSignal: call.signal,
    });
    return 'apply';
  } catch (error) {
    throw translateAwsError(error, 'UpdateDistribution', id, context);
  }
}

/** `setEnabled` on anything but a standard distribution. */
function notStandard(id: string, why: string): RequestRejectedError {
  return new RequestRejectedError(
    'UpdateDistribution',
    'InvalidArgument',
    `cannot enable or disable ${id}: ${why}; cfalias enables and disables standard distributions only`,
  );
}

/** One ChangeResourceRecordSets batch; the change id to wait on. */
async function changeRecords(clients: AwsClients, zoneId: string, changes: readonly DnsRecordChange[], call: CallOptions) {
  const zone = bareZoneId(zoneId);
  try {
    const answer = await clients.route53.send(
      new (route53Sdk().ChangeResourceRecordSetsCommand)({
        HostedZoneId: zone,
        ChangeBatch: {
          Comment: 'cfalias',
          Changes: changes.map((change) => ({ Action: change.action, ResourceRecordSet: toResourceRecordSet(change.record) })),
        },
      }),
      { abortSignal: call.signal },
    );
    const changeId = answer.ChangeInfo?.Id;
    if (!changeId) throw malformed('ChangeResourceRecordSets', zone, 'ChangeInfo.Id');
    return { changeId: bareChangeId(changeId) };
  } catch (error) {
    throw translateAwsError(error, 'ChangeResourceRecordSets', zone);
  }
}

/** TestDNSAnswer: what Route 53's own name servers answer for the name and type. */
async function testDnsAnswer(clients: AwsClients, zoneId: string, name: string, type: string, call: CallOptions) {
  const zone = bareZoneId(zoneId);
  try {
    const answer = await clients.route53.send(
      new (route53Sdk().TestDNSAnswerCommand)({ HostedZoneId: zone, RecordName: name, RecordType: type as RRType }),
      { abortSignal: call.signal },
    );
    return { responseCode: answer.ResponseCode ?? '', type: answer.RecordType ?? type, data: answer.RecordData ?? [] };
  } catch (error) {
    throw translateAwsError(error, 'TestDNSAnswer', zone);
  }
}

function definedOnly(waiter: WaiterOptions | undefined): Partial<WaiterOptions> {
  return Object.fromEntries(Object.entries(waiter ?? {}).filter(([, value]) => value !== undefined));
}

function malformed(operation: string, resource: string, what: string): RequestRejectedError {
  return new RequestRejectedError(operation, 'MalformedResponse', `${operation} ${resource}: the answer has no ${what}`);
}
