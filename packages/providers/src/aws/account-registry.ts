/**
 * A registry spanning accounts: every declared account is reached with its own credentials
 * (accountCredentials) and clients, all at once. The account check: each must be the account its
 * entry names. The inventory: each account read through its own provider.
 */
import {
  AccountMismatchError,
  type AccountEntry,
  type CallOptions,
  type CutoverProvider,
  type Inventory,
  type InventoryScope,
} from '@cfalias/core';
import { stsSdk } from '../deferred-modules.js';
import { readCallerAccount } from './account.js';
import { accountCredentials, type AccountCredentialOptions } from './account-credentials.js';
import { createAwsProvider, type AwsProvider, type AwsProviderOptions } from './aws-provider.js';
import { CLOUDFRONT_REGION, type AwsCredentials } from './clients.js';

/** How an entry reaches its account, in words for a message (no secret: names only). */
function reachWords(entry: AccountEntry): string {
  if (entry.profile !== undefined) return `profile ${entry.profile}`;
  if (entry.roleArn !== undefined) return `role ${entry.roleArn}`;
  return 'the default credentials';
}

/**
 * Reads the caller account of every declared account in parallel (STS GetCallerIdentity with that
 * account's credentials). Throws AccountMismatchError for the first account, in declaration
 * order, whose credentials reach another account; an account that cannot be reached at all
 * throws the translated SDK error (AssumeRole refused: AccessDenied).
 */
export async function assertRegistryAccounts(
  accounts: Readonly<Record<string, AccountEntry>>,
  options: AccountCredentialOptions & { readonly source: string },
  call: CallOptions = {},
): Promise<void> {
  const entries = Object.entries(accounts);
  const found = await Promise.all(
    entries.map(async ([, entry]) => {
      const sts = new (stsSdk().STSClient)({
        region: options.region ?? CLOUDFRONT_REGION,
        credentials: accountCredentials(entry, options),
        ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
      });
      try {
        return await readCallerAccount(sts, call);
      } finally {
        sts.destroy();
      }
    }),
  );
  entries.forEach(([name, entry], i) => {
    const reached = found[i]!;
    if (reached === entry.id) return;
    throw new AccountMismatchError(
      entry.id,
      reached,
      `account "${name}" of ${options.source} is ${entry.id}, but ${reachWords(entry)} reach${entry.profile === undefined && entry.roleArn === undefined ? '' : 'es'} account ${reached}: ` +
        `nothing was read or changed; correct its id, or how it is reached`,
    );
  });
}

export interface AccountProvidersOptions extends Omit<AwsProviderOptions, 'credentials' | 'profile'> {
  /** Names the role sessions `cfalias-<runId>`. */
  readonly runId: string;
  /** Credentials roles are assumed from and `{ id }` accounts use; default: the standard chain. */
  readonly baseCredentials?: AwsCredentials;
  /** Without baseCredentials: the shared-config profile of that chain. */
  readonly baseProfile?: string;
}

/**
 * One AWS provider per declared account, each with its own SDK clients and credentials
 * (accountCredentials); an `endpoint` (an emulator) is shared. `destroy` each when done.
 */
export function createAccountProviders(
  accounts: Readonly<Record<string, AccountEntry>>,
  options: AccountProvidersOptions,
): Record<string, AwsProvider> {
  const { runId, baseCredentials, baseProfile, ...clientOptions } = options;
  const reach: AccountCredentialOptions = {
    runId,
    ...(baseCredentials !== undefined ? { baseCredentials } : {}),
    ...(baseProfile !== undefined ? { baseProfile } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
  };
  // fromEntries defines own properties, so an account named "__proto__" stays a plain entry.
  return Object.fromEntries(
    Object.entries(accounts).map(([name, entry]) => [
      name,
      createAwsProvider({ ...clientOptions, credentials: accountCredentials(entry, reach) }),
    ]),
  );
}

/** Every account's inventory, read at once, each through its own provider and scope. */
export async function readAccountInventories(
  providers: Readonly<Record<string, CutoverProvider>>,
  scopeOf: (account: string) => InventoryScope,
  call: CallOptions = {},
): Promise<Record<string, Inventory>> {
  const names = Object.keys(providers);
  const inventories = await Promise.all(names.map((name) => providers[name]!.readInventory(scopeOf(name), call)));
  return Object.fromEntries(names.map((name, i) => [name, inventories[i]!]));
}
