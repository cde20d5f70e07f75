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
  fromFqdn,
  inventoryScope,
  parseDesiredState,
  parseWorldDocument,
  planCutover,
  readPlanDocument,
  SandboxWorld,
  serializePlan,
  zoneFor,
  type ApplyResult,
  type DesiredState,
  type Plan,
  type WorldDocument,
} from './packages.js';
import { readText, repoPath } from './fixture-files.js';

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

/** Reads a fresh inventory through a new provider (as a new CLI run would) and plans at the world's time. */
export async function planNow({ desired, world }: Cutover): Promise<Plan> {
  const inventory = await createSandboxProvider(world).readInventory(inventoryScope(desired));
  return planCutover(desired, inventory, { now: new Date(world.clock.now()) });
}

/**
 * Applies the plan as `cfalias plan --out` + `cfalias apply plan.json` would: through its
 * serialized document (digest checked). Jitter is pinned to 0 so simulated durations are exact.
 */
export async function applyReviewedPlan({ world }: Cutover, plan: Plan): Promise<ApplyResult> {
  const reviewed = readPlanDocument(serializePlan(plan));
  return applyPlan(reviewed, { provider: createSandboxProvider(world), clock: world.clock, random: () => 0 });
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

/**
 * What a finished cutover must leave behind, read from the world itself:
 * - every managed alias with a target is on exactly that distribution or tenant, and on no other
 *   one in any account; a detached alias is on no distribution or tenant of the caller's account;
 * - for aliases whose DNS cfalias manages (dns: route53 and a public zone of the caller's account),
 *   the A/AAAA/CNAME records named after the alias exist and all point at the owner's domain.
 */
export function expectConverged(desired: DesiredState, doc: WorldDocument): void {
  const { holders, domains } = holdersAndDomains(doc);
  const caller = doc.accounts.find((account) => account.id === doc.caller);
  const zones = (caller?.hostedZones ?? []).filter((zone) => !zone.privateZone);

  for (const managed of desired.aliases) {
    const held = holders.get(managed.alias) ?? [];
    if (managed.target === null) {
      expect(
        held.filter((h) => h.account === doc.caller),
        `${managed.alias} detached`,
      ).to.deep.equal([]);
      continue;
    }
    expect(held, `${managed.alias} holders`).to.deep.equal([{ account: doc.caller, id: managed.target }]);
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
