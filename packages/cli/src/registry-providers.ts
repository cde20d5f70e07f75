/**
 * A registry of accounts (`accounts:` of cfalias.yaml, or the registry a saved plan or a journal's
 * plan records) opened as one provider: one AWS provider per declared account, each with its own
 * credentials and SDK clients (a role is assumed with the session name `cfalias-<run id>`), behind
 * `createRegistryProvider`, which reads every account at once and sends each call to the account
 * that holds its resource. What a command expects of the accounts comes from here too.
 */
import type { AccountEntry, CutoverProvider, DesiredState, Plan } from '@cfalias/core';
import { createAccountProviders, createRegistryProvider, type AccountProvidersOptions } from '@cfalias/providers';
import type { AccountExpectation } from './providers.js';

/**
 * The account the merged inventory is of (`Inventory.account`, a plan's `account`): the first
 * declared account the default credentials reach (no `profile`, no `roleArn`), else the first
 * declared one.
 */
export function defaultAccountOf(accounts: Readonly<Record<string, AccountEntry>>): string {
  const entries = Object.values(accounts);
  const direct = entries.find((a) => a.profile === undefined && a.roleArn === undefined);
  const chosen = direct ?? entries[0];
  if (chosen === undefined) throw new Error('a registry of accounts declares at least one account');
  return chosen.id;
}

/** The registry over AWS (or an emulator's endpoint): its provider, and how to close its clients. */
export function openAwsRegistry(
  accounts: Readonly<Record<string, AccountEntry>>,
  resourceAccounts: Readonly<Record<string, string>> | undefined,
  options: AccountProvidersOptions,
): { readonly provider: CutoverProvider; destroy(): void } {
  const providers = createAccountProviders(accounts, options);
  const provider = createRegistryProvider({
    accounts,
    providers,
    defaultAccount: defaultAccountOf(accounts),
    ...(resourceAccounts !== undefined && { distributionAccounts: resourceAccounts }),
  });
  return { provider, destroy: () => Object.values(providers).forEach((p) => p.destroy()) };
}

/**
 * Distribution and tenant id → account id for every distribution cfalias.yaml places in an
 * account (`{ account, id }`); undefined without a registry.
 */
export function desiredPlacements(desired: DesiredState): Record<string, string> | undefined {
  const { accounts, distributionAccounts } = desired;
  if (accounts === undefined) return undefined;
  const placed: [string, string][] = [];
  for (const [name, account] of Object.entries(distributionAccounts ?? {})) {
    const id = desired.distributions[name];
    const entry = Object.hasOwn(accounts, account) ? accounts[account] : undefined;
    if (id !== undefined && entry !== undefined) placed.push([id, entry.id]);
  }
  return Object.fromEntries(placed);
}

/** What a command reading cfalias.yaml expects: its `account`, or its registry and where its distributions are. */
export function desiredExpectation(desired: DesiredState, source: string): AccountExpectation | undefined {
  if (desired.accounts === undefined) return desired.account === undefined ? undefined : { account: desired.account, source };
  return { accounts: desired.accounts, resourceAccounts: desiredPlacements(desired) ?? {}, source };
}

/**
 * What running a saved plan (or a journal's plan) expects: the registry it records, reached the
 * same way again, with every resource its steps name placed in its account; or its one account.
 * `runId`: the run the role sessions are named for (a resume continues the journal's run).
 */
export function planExpectation(
  plan: Pick<Plan, 'account' | 'accounts' | 'resourceAccounts'>,
  source: string,
  runId?: string,
): AccountExpectation {
  if (plan.accounts === undefined) return { account: plan.account, source, ...(runId !== undefined && { runId }) };
  return {
    accounts: plan.accounts,
    resourceAccounts: plan.resourceAccounts ?? {},
    source,
    ...(runId !== undefined && { runId }),
  };
}
