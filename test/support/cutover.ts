/**
 * The end-to-end pipeline the CLI runs, driven in-process over the sandbox: desired file → world →
 * inventory → plan → (plan document round trip) → apply, plus the convergence invariants checked
 * on the world afterwards.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import {
  applyPlan,
  createSandboxProvider,
  createSandboxRegistryProvider,
  fromFqdn,
  inventoryScope,
  parseDesiredState,
  parseWorldDocument,
  planCutover,
  readPlanDocument,
  SandboxWorld,
  serializePlan,
  zoneFor,
  type AccountEntry,
  type ApplyResult,
  type CutoverProvider,
  type DesiredState,
  type Plan,
  type WorldDocument,
} from './packages.js';
import { readText, repoPath } from './fixture-files.js';
// How the CLI's in-process sandbox (`--sandbox-in-process`) builds a registry: which account the
// merged inventory is of, and where cfalias.yaml places each distribution. Reused, not restated.
import { defaultAccountOf, desiredPlacements } from '../../packages/cli/src/registry-providers.js';

export interface Cutover {
  readonly desired: DesiredState;
  readonly world: SandboxWorld;
}

/** Loads `<dir>/cfalias.yaml` and `<dir>/world.json`; a fixture that does not parse fails loudly. */
export function loadCutover(dir: string): Cutover {
  const desiredPath = join(dir, 'cfalias.yaml');
  const parsed = parseDesiredState(readText(desiredPath), repoPath(desiredPath));
  expect(parsed.diagnostics, `${repoPath(desiredPath)} must parse cleanly`).to.deep.equal([]);
  if (!parsed.state) throw new Error(`${desiredPath}: no state`);
  const worldPath = join(dir, 'world.json');
  const world = SandboxWorld.fromDocument(parseWorldDocument(readText(worldPath), repoPath(worldPath)));
  return { desired: parsed.state, world };
}

/**
 * One sandbox provider per account of a registry (`accounts:`), behind
 * `createSandboxRegistryProvider`: every call goes to the account that holds its resource, as the
 * CLI's in-process sandbox does. `placements`: distribution, tenant and zone id → account id.
 */
function registryProvider(
  world: SandboxWorld,
  accounts: Readonly<Record<string, AccountEntry>>,
  placements: Readonly<Record<string, string>>,
): CutoverProvider {
  return createSandboxRegistryProvider(world, {
    accounts: [...new Set(Object.values(accounts).map((account) => account.id))],
    defaultAccount: defaultAccountOf(accounts),
    distributionAccounts: placements,
  });
}

/** The provider a run from cfalias.yaml uses: the caller's, or its registry's when it declares `accounts:`. */
export function desiredProvider({ desired, world }: Cutover): CutoverProvider {
  if (desired.accounts === undefined) return createSandboxProvider(world);
  return registryProvider(world, desired.accounts, desiredPlacements(desired) ?? {});
}

/** The provider a run of a saved plan uses: the plan's account, or the registry it records, each resource where it placed it. */
export function planProvider(world: SandboxWorld, plan: Plan): CutoverProvider {
  if (plan.accounts === undefined) return createSandboxProvider(world);
  return registryProvider(world, plan.accounts, plan.resourceAccounts ?? {});
}

/** Reads a fresh inventory through a new provider (as a new CLI run would) and plans at the world's time. */
export async function planNow(cutover: Cutover): Promise<Plan> {
  const inventory = await desiredProvider(cutover).readInventory(inventoryScope(cutover.desired));
  return planCutover(cutover.desired, inventory, { now: new Date(cutover.world.clock.now()) });
}

/**
 * Applies the plan as `cfalias plan --out` + `cfalias apply plan.json` would: through its
 * serialized document (digest checked), on the accounts it records. Jitter is pinned to 0 so
 * simulated durations are exact.
 */
export async function applyReviewedPlan({ world }: Cutover, plan: Plan): Promise<ApplyResult> {
  const reviewed = readPlanDocument(serializePlan(plan));
  return applyPlan(reviewed, { provider: planProvider(world, reviewed), clock: world.clock, random: () => 0 });
}

interface RecordLike {
  readonly type: string;
  readonly values?: readonly string[];
  readonly aliasTarget?: { readonly dnsName: string };
}

/** The CloudFront domain a record sends traffic to (alias target or CNAME value), if any. */
function pointsAt(record: RecordLike): string | undefined {
  if (record.aliasTarget) return fromFqdn(record.aliasTarget.dnsName.toLowerCase());
  if (record.type === 'CNAME' && record.values?.[0]) return fromFqdn(record.values[0].toLowerCase());
  return undefined;
}

/**
 * The account of every distribution, tenant and hosted zone of the world (whoever's it is), by id:
 * where a call naming that resource must be made.
 */
export function resourceAccounts(doc: WorldDocument): Map<string, string> {
  const owners = new Map<string, string>();
  for (const account of doc.accounts) {
    for (const resource of [...(account.distributions ?? []), ...(account.tenants ?? []), ...(account.hostedZones ?? [])]) {
      owners.set(resource.id, account.id);
    }
  }
  return owners;
}

/**
 * Every resource holding each alias (a distribution's aliases, a tenant's domains; any account),
 * and the domain DNS must name for each resource: a distribution's domain name, a tenant's
 * connection group routing endpoint (its own group, else its account's default one).
 */
function holdersAndDomains(doc: WorldDocument): {
  holders: Map<string, { account: string; id: string }[]>;
  domains: Map<string, string>;
} {
  const holders = new Map<string, { account: string; id: string }[]>();
  const domains = new Map<string, string>();
  const hold = (alias: string, account: string, id: string): void => {
    holders.set(alias, [...(holders.get(alias) ?? []), { account, id }]);
  };
  for (const account of doc.accounts) {
    for (const distribution of account.distributions ?? []) {
      domains.set(distribution.id, distribution.domainName);
      for (const alias of distribution.aliases) hold(alias, account.id, distribution.id);
    }
    const groups = account.connectionGroups ?? [];
    for (const tenant of account.tenants ?? []) {
      const group = groups.find((g) => (tenant.connectionGroupId === undefined ? g.isDefault : g.id === tenant.connectionGroupId));
      if (group) domains.set(tenant.id, group.routingEndpoint);
      for (const { domain } of tenant.domains) hold(domain, account.id, tenant.id);
    }
  }
  return { holders, domains };
}

/** The accounts cfalias works in: the registry's (`accounts:`), else the world's caller. */
function workedAccounts(desired: DesiredState, doc: WorldDocument): string[] {
  return desired.accounts === undefined ? [doc.caller] : Object.values(desired.accounts).map((account) => account.id);
}

/**
 * What a finished cutover must leave behind, read from the world itself:
 * - every managed alias with a target is on exactly that distribution or tenant (in the account
 *   that holds it), and on no other one in any account; a detached alias is on no distribution or
 *   tenant of the accounts cfalias works in (the caller's, or every account of the registry);
 * - for aliases whose DNS cfalias manages (dns: route53 and a public zone of those accounts: a
 *   registry's DNS may live in an account of its own), the A/AAAA/CNAME records named after the
 *   alias exist and all point at the owner's domain.
 */
export function expectConverged(desired: DesiredState, doc: WorldDocument): void {
  const { holders, domains } = holdersAndDomains(doc);
  const owners = resourceAccounts(doc);
  const worked = workedAccounts(desired, doc);
  const zones = doc.accounts
    .filter((account) => worked.includes(account.id))
    .flatMap((account) => account.hostedZones ?? [])
    .filter((zone) => !zone.privateZone);

  for (const managed of desired.aliases) {
    const held = holders.get(managed.alias) ?? [];
    if (managed.target === null) {
      expect(
        held.filter((h) => worked.includes(h.account)),
        `${managed.alias} detached`,
      ).to.deep.equal([]);
      continue;
    }
    expect(held, `${managed.alias} holders`).to.deep.equal([{ account: owners.get(managed.target), id: managed.target }]);
    if (managed.dns !== 'route53') continue;
    const zone = zoneFor(managed.alias, zones);
    if (!zone) continue;
    const records = zone.records.filter((r) => r.name.toLowerCase() === `${managed.alias}.` && ['A', 'AAAA', 'CNAME'].includes(r.type));
    expect(records, `${managed.alias}: DNS records in ${zone.name}`).to.not.be.empty;
    for (const record of records) {
      expect(pointsAt(record), `${managed.alias} ${record.type} record`).to.equal(domains.get(managed.target));
    }
  }
}

/**
 * What a finished cutover must not have touched, comparing the world before and after: every
 * distribution and tenant is enabled as it was (a source disabled for a move is enabled again), and every
 * alias cfalias.yaml does not manage is held by exactly the resources that held it before (a
 * temporary wildcard is gone again; a disabled source's other aliases stayed on it).
 */
export function expectOnlyManagedChanged(desired: DesiredState, before: WorldDocument, after: WorldDocument): void {
  const enabled = (doc: WorldDocument): Record<string, boolean> =>
    Object.fromEntries(
      doc.accounts.flatMap((account) => [...(account.distributions ?? []), ...(account.tenants ?? [])].map((r) => [r.id, r.enabled])),
    );
  expect(enabled(after), 'enabled flags').to.deep.equal(enabled(before));

  const managed = new Set(desired.aliases.map((entry) => entry.alias));
  const unmanaged = (doc: WorldDocument): Record<string, { account: string; id: string }[]> =>
    Object.fromEntries([...holdersAndDomains(doc).holders].filter(([alias]) => !managed.has(alias)).sort(([a], [b]) => a.localeCompare(b)));
  expect(unmanaged(after), 'holders of the aliases cfalias.yaml does not manage').to.deep.equal(unmanaged(before));
}
