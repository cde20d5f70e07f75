/**
 * A registry provider over a sandbox world: one in-process sandbox provider per account of the
 * world (each acting as that account, as the emulator does for each account's access key), behind
 * `createRegistryProvider`.
 */
import { createSandboxProvider } from '../sandbox/sandbox-provider.js';
import type { SandboxWorld } from '../sandbox/world-model.js';
import { createRegistryProvider, type RegistryProvider } from './registry-provider.js';

/** Which accounts of the world form the registry, and its routing facts. */
export interface SandboxRegistryOptions {
  /** The accounts of the registry; default: every account of the world. */
  readonly accounts?: readonly string[];
  /** The merged inventory's `account`; default: the world's `caller`. */
  readonly defaultAccount?: string;
  /** Distribution or tenant id → account id (see `RegistryProviderOptions`). */
  readonly distributionAccounts?: Readonly<Record<string, string>>;
  /** Distribution, tenant or hosted zone id → account id, as a saved plan records them (see `RegistryProviderOptions`). */
  readonly resourceAccounts?: Readonly<Record<string, string>>;
  /** Longest simulated sleep between two status polls (see `SandboxProviderOptions`). */
  readonly pollSeconds?: number;
}

/** Each account is named by its id in the registry. */
export function createSandboxRegistryProvider(world: SandboxWorld, options: SandboxRegistryOptions = {}): RegistryProvider {
  const ids = options.accounts ?? world.accountIds;
  const unknown = ids.filter((id) => !world.accountIds.includes(id));
  if (unknown.length > 0) throw new Error(`the sandbox world has no account ${unknown.join(', ')}`);
  const providers = Object.fromEntries(
    ids.map((account) => [
      account,
      createSandboxProvider(world, { account, ...(options.pollSeconds !== undefined ? { pollSeconds: options.pollSeconds } : {}) }),
    ]),
  );
  return createRegistryProvider({
    accounts: Object.fromEntries(ids.map((id) => [id, { id }])),
    providers,
    defaultAccount: options.defaultAccount ?? world.caller,
    ...(options.distributionAccounts !== undefined ? { distributionAccounts: options.distributionAccounts } : {}),
    ...(options.resourceAccounts !== undefined ? { resourceAccounts: options.resourceAccounts } : {}),
  });
}
