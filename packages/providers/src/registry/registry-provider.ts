/**
 * A registry of accounts as one CutoverProvider: one provider per account (the AWS providers of
 * `createAccountProviders`, or sandbox providers), behind the port the executor already knows.
 *
 * - `readInventory` reads every account at once, each with its own provider, and merges
 *   (merge-inventories.ts). Each account's inventory must be of the account its entry declares
 *   (AccountMismatchError otherwise, nothing changed).
 * - Every other call goes to the account that holds its resource: a distribution or tenant id to
 *   the account whose inventory listed it, else to the account `resourceAccounts` (a saved plan's)
 *   or `distributionAccounts` (cfalias.yaml's) names, else to the default account; a hosted zone
 *   to the account whose inventory listed it or `resourceAccounts` names; a Route 53 change to the
 *   account whose `changeRecords` returned it. A zone or change not learned that
 *   way (a resumed run before any read) is asked of the default account first, then of the others
 *   in declaration order, until one does not answer that it has no such resource (a refusal for a
 *   missing resource writes nothing, so asking again elsewhere is safe).
 * - `moveAlias(targetId, …)` runs in the target's account: the call takes the domain from
 *   wherever it is, and CloudFront checks there whether a source in another account may lose it.
 * - Capabilities: what every account's provider can do (the intersection); an optional method is
 *   offered only when every provider has it.
 */
import {
  AccountMismatchError,
  ResourceNotFoundError,
  type AliasEdit,
  type CallOptions,
  type CutoverProvider,
  type DnsRecord,
  type DnsRecordChange,
  type Inventory,
  type InventoryScope,
  type LiveDistribution,
  type MoveApi,
  type ProviderCapabilities,
  type Route53Answer,
  type TenantDnsProblem,
  type UpdateDecision,
} from '@cfalias/core';
import { readAccountInventories } from '../aws/account-registry.js';
import { bareRoute53Id } from '../sandbox/route53-records.js';
import { mergeInventories, type AccountInventory } from './merge-inventories.js';

/** What a registry provider is built from: plain registry facts and one provider per account. */
export interface RegistryProviderOptions {
  /** Logical account name → the account (`accounts:` of cfalias.yaml; only `id` is read). */
  readonly accounts: Readonly<Record<string, { readonly id: string }>>;
  /** Logical account name → the provider that acts in it (`createAccountProviders`' output). */
  readonly providers: Readonly<Record<string, CutoverProvider>>;
  /** The default credentials' account id: the merged inventory's `account`. One of `accounts`. */
  readonly defaultAccount: string;
  /** Distribution or tenant id → account id (cfalias.yaml's `{ account, id }`), for ids no inventory read has shown yet. */
  readonly distributionAccounts?: Readonly<Record<string, string>>;
  /**
   * Distribution, tenant or hosted zone id → account id, as a saved plan records them
   * (`resourceAccounts`): a run that reads no inventory first (`apply PLANFILE`, `resume`) still
   * sends each call to its account. Wins over `distributionAccounts`; an inventory read wins over both.
   */
  readonly resourceAccounts?: Readonly<Record<string, string>>;
}

/** The registry's provider, and where it sends each resource's calls. */
export interface RegistryProvider extends CutoverProvider {
  /** Every account id of the registry, in declaration order. */
  readonly accountIds: readonly string[];
  /** The account a distribution or tenant id's calls go to. */
  accountOf(resourceId: string): string;
  /** The account a hosted zone's calls go to, when known (an inventory read listed it, or a call found it). */
  accountOfZone(zoneId: string): string | undefined;
}

/** The `CutoverProvider` over one provider per account; see the module comment for the routing rules. */
export function createRegistryProvider(options: RegistryProviderOptions): RegistryProvider {
  const byId = providersById(options);
  const ids = [...byId.keys()];
  const all = [...byId.values()];
  const { defaultAccount } = options;
  if (!byId.has(defaultAccount)) {
    throw new Error(`the default account ${defaultAccount} is not one of the registry's accounts (${ids.join(', ')})`);
  }
  const resourceAccounts = new Map<string, string>();
  const zoneAccounts = new Map<string, string>();
  const changeAccounts = new Map<string, string>();
  for (const [id, account] of Object.entries(options.resourceAccounts ?? {})) {
    if (!byId.has(account)) throw new Error(`resource ${id} is in account ${account}, which is not one of the registry's accounts`);
    // Route 53 zone ids start with Z; distribution ids with E, tenant ids with dt_.
    const bare = bareRoute53Id(id);
    (bare.startsWith('Z') ? zoneAccounts : resourceAccounts).set(bare, account);
  }
  const accountOf = (resourceId: string): string =>
    resourceAccounts.get(resourceId) ?? options.distributionAccounts?.[resourceId] ?? defaultAccount;
  const providerOf = (resourceId: string): CutoverProvider => byId.get(accountOf(resourceId)) ?? byId.get(defaultAccount)!;
  /** The default account first, then the others: the order unknown zones and changes are asked in. */
  const probeOrder = [defaultAccount, ...ids.filter((id) => id !== defaultAccount)];

  /** Runs `call` in the account learned for `key`, or finds the account by asking each in turn. */
  async function routed<T>(learned: Map<string, string>, key: string, call: (provider: CutoverProvider) => Promise<T>): Promise<T> {
    const known = learned.get(key);
    if (known !== undefined) return call(byId.get(known)!);
    let notFound: unknown;
    for (const account of probeOrder) {
      try {
        const result = await call(byId.get(account)!);
        learned.set(key, account);
        return result;
      } catch (error) {
        if (!(error instanceof ResourceNotFoundError)) throw error;
        notFound ??= error;
      }
    }
    throw notFound;
  }

  const provider: RegistryProvider = {
    name: commonName(all),
    capabilities: intersectCapabilities(all.map((p) => p.capabilities)),
    accountIds: ids,
    accountOf,
    accountOfZone: (zoneId) => zoneAccounts.get(bareRoute53Id(zoneId)),

    async readInventory(scope: InventoryScope, call: CallOptions = {}): Promise<Inventory> {
      const parts = await readEachAccount(options, scope, call);
      for (const { accountId, inventory } of parts) {
        for (const d of inventory.distributions) resourceAccounts.set(d.id, accountId);
        for (const t of inventory.tenants ?? []) resourceAccounts.set(t.id, accountId);
        for (const z of inventory.hostedZones) zoneAccounts.set(bareRoute53Id(z.id), z.accountId ?? accountId);
      }
      return mergeInventories(defaultAccount, parts);
    },

    readDistribution: (id: string, call?: CallOptions): Promise<LiveDistribution> => providerOf(id).readDistribution(id, call),

    updateAliases: (id: string, edit: AliasEdit, guard: (live: LiveDistribution) => UpdateDecision, call?: CallOptions) =>
      providerOf(id).updateAliases(id, edit, guard, call),

    moveAlias: (targetId: string, alias: string, api: MoveApi, call?: CallOptions): Promise<void> =>
      providerOf(targetId).moveAlias(targetId, alias, api, call),

    waitDeployed: (id: string, call?: CallOptions): Promise<void> => providerOf(id).waitDeployed(id, call),

    readRecords: (zoneId: string, names: readonly string[], call?: CallOptions): Promise<DnsRecord[]> =>
      routed(zoneAccounts, bareRoute53Id(zoneId), (p) => p.readRecords(zoneId, names, call)),

    async changeRecords(zoneId: string, changes: readonly DnsRecordChange[], call?: CallOptions) {
      let account = zoneAccounts.get(bareRoute53Id(zoneId));
      const answer = await routed(zoneAccounts, bareRoute53Id(zoneId), (p) => p.changeRecords(zoneId, changes, call));
      account ??= zoneAccounts.get(bareRoute53Id(zoneId))!;
      changeAccounts.set(bareRoute53Id(answer.changeId), account);
      return answer;
    },

    waitRecordsSynced: (changeId: string, call?: CallOptions): Promise<void> =>
      routed(changeAccounts, bareRoute53Id(changeId), (p) => p.waitRecordsSynced(changeId, call)),
  };

  addOptionalMethods(provider, all, providerOf, (zoneId, call) => routed(zoneAccounts, bareRoute53Id(zoneId), call));
  return provider;
}

/** Every account's inventory, read at once; each must be of the account its entry declares. */
async function readEachAccount(options: RegistryProviderOptions, scope: InventoryScope, call: CallOptions): Promise<AccountInventory[]> {
  const inventories = await readAccountInventories(options.providers, () => scope, call);
  return Object.entries(options.accounts).map(([name, { id }]) => {
    const inventory = inventories[name]!;
    if (inventory.account !== id) {
      throw new AccountMismatchError(
        id,
        inventory.account,
        `account "${name}" is ${id}, but its provider reads account ${inventory.account}: nothing was changed`,
      );
    }
    return { accountId: id, inventory };
  });
}

/** The optional methods, each offered only when every account's provider has it. */
function addOptionalMethods(
  provider: RegistryProvider,
  all: readonly CutoverProvider[],
  providerOf: (resourceId: string) => CutoverProvider,
  zoneCall: <T>(zoneId: string, call: (provider: CutoverProvider) => Promise<T>) => Promise<T>,
): void {
  if (all.every((p) => p.setEnabled !== undefined)) {
    Object.assign(provider, {
      setEnabled: (id: string, enabled: boolean, guard: (live: LiveDistribution) => UpdateDecision, call?: CallOptions) =>
        providerOf(id).setEnabled!(id, enabled, guard, call),
    });
  }
  if (all.every((p) => p.verifyTenantDns !== undefined)) {
    Object.assign(provider, {
      verifyTenantDns: (tenantId: string, domains: readonly string[], call?: CallOptions): Promise<readonly TenantDnsProblem[]> =>
        providerOf(tenantId).verifyTenantDns!(tenantId, domains, call),
    });
  }
  if (all.every((p) => p.testDnsAnswer !== undefined)) {
    Object.assign(provider, {
      testDnsAnswer: (zoneId: string, name: string, type: string, call?: CallOptions): Promise<Route53Answer> =>
        zoneCall(zoneId, (p) => p.testDnsAnswer!(zoneId, name, type, call)),
    });
  }
}

/** Account id → provider, in declaration order; every declared account needs a provider and a distinct id. */
function providersById(options: RegistryProviderOptions): Map<string, CutoverProvider> {
  const byId = new Map<string, CutoverProvider>();
  for (const [name, entry] of Object.entries(options.accounts)) {
    const provider = options.providers[name];
    if (provider === undefined) throw new Error(`account "${name}" (${entry.id}) has no provider`);
    if (byId.has(entry.id)) throw new Error(`account ${entry.id} is declared twice (again as "${name}")`);
    byId.set(entry.id, provider);
  }
  for (const name of Object.keys(options.providers)) {
    if (options.accounts[name] === undefined) throw new Error(`provider "${name}" names no declared account`);
  }
  if (byId.size === 0) throw new Error('a registry needs at least one account');
  return byId;
}

/** The providers' name when they share one (`aws`, `sandbox`); otherwise `registry`. */
function commonName(providers: readonly CutoverProvider[]): string {
  const names = new Set(providers.map((p) => p.name));
  return names.size === 1 ? [...names][0]! : 'registry';
}

/** What every provider can do: move calls all of them make, DNS only if all have it, retries only if all retry. */
export function intersectCapabilities(all: readonly ProviderCapabilities[]): ProviderCapabilities {
  return {
    moveApis: all[0]!.moveApis.filter((api) => all.every((c) => c.moveApis.includes(api))),
    dns: all.every((c) => c.dns),
    retriesTransientErrors: all.every((c) => c.retriesTransientErrors),
  };
}
