/**
 * The registry of accounts a plan spans, as the plan document records it: how each logical account
 * is reached (`accounts`, from `accounts:` of cfalias.yaml: ids, profile names, role ARNs and
 * external ids, never a secret) and the account of every distribution, tenant and hosted zone its
 * steps name (`resourceAccounts`). With both, `apply PLANFILE` and `resume` reach the same accounts
 * the same way (re-assuming the roles) and send each call to the account that holds its resource,
 * without reading an inventory first (a resume reads none). A plan of one account has neither.
 */
import type { AccountEntry } from '../desired/desired.js';
import type { Inventory } from '../inventory/inventory.js';
import type { Plan, PlanStep } from './plan.js';
import { malformed, obj } from './plan-shape.js';

export type PlanAccountFields = Pick<Plan, 'accounts' | 'resourceAccounts'>;

/**
 * Step fields that name a distribution, a tenant or a hosted zone. Read by name rather than per
 * step kind, so a step kind added later is covered as long as it names its resource the same way.
 */
const RESOURCE_FIELDS = ['distribution', 'from', 'to', 'zoneId'] as const;

/** Every distribution, tenant and zone id a step names (its TXT fallback's zone and its verify records' zones included). */
export function stepResourceIds(step: PlanStep): string[] {
  const fields = step as unknown as Record<string, unknown>;
  const ids: string[] = [];
  for (const key of RESOURCE_FIELDS) if (typeof fields[key] === 'string') ids.push(fields[key]);
  const fallback = fields['txtFallback'] as { zoneId?: unknown } | undefined;
  if (typeof fallback?.zoneId === 'string') ids.push(fallback.zoneId);
  const dns = fields['dns'];
  if (Array.isArray(dns)) for (const d of dns as { zoneId?: unknown }[]) if (typeof d.zoneId === 'string') ids.push(d.zoneId);
  return ids;
}

/**
 * The account fields of a plan made from `registry` (absent: a plan of one account, no fields)
 * over `inventory`: the registry copied entry by entry (only the fields that say how an account is
 * reached), and the account id of every resource the steps (and rollback steps) name that the
 * inventory holds, sorted by id.
 */
export function planAccountFields(
  registry: Readonly<Record<string, AccountEntry>> | undefined,
  inventory: Inventory,
  steps: readonly PlanStep[],
): PlanAccountFields {
  if (registry === undefined) return {};
  const accountOf = new Map<string, string>();
  for (const d of inventory.distributions) accountOf.set(d.id, d.accountId);
  for (const t of inventory.tenants ?? []) accountOf.set(t.id, t.accountId);
  for (const z of inventory.hostedZones) accountOf.set(z.id, z.accountId ?? inventory.account);
  const named = new Map<string, string>();
  for (const step of steps) {
    for (const id of stepResourceIds(step)) {
      const account = accountOf.get(id);
      if (account !== undefined) named.set(id, account);
    }
  }
  // fromEntries defines own properties, so an account named "__proto__" stays a plain entry.
  const accounts = Object.fromEntries(
    Object.keys(registry)
      .sort()
      .map((name): [string, AccountEntry] => {
        const a = registry[name]!;
        return [
          name,
          {
            id: a.id,
            ...(a.profile !== undefined && { profile: a.profile }),
            ...(a.roleArn !== undefined && { roleArn: a.roleArn }),
            ...(a.externalId !== undefined && { externalId: a.externalId }),
          },
        ];
      }),
  );
  const resourceAccounts = Object.fromEntries([...named.keys()].sort().map((id) => [id, named.get(id)!]));
  return { accounts, resourceAccounts };
}

/** The account id of the resource `step` acts in (`move-alias`: its target's), when the plan records one. */
export function stepAccount(plan: PlanAccountFields, step: PlanStep): string | undefined {
  const placed = plan.resourceAccounts;
  if (placed === undefined) return undefined;
  const fields = step as unknown as Record<string, unknown>;
  // A move (UpdateDomainAssociation, AssociateAlias) is made in the target's account.
  for (const key of ['to', 'distribution', 'zoneId'] as const) {
    const id = fields[key];
    if (typeof id === 'string' && Object.hasOwn(placed, id)) return placed[id];
  }
  return undefined;
}

/** Checks the account fields of a plan read from a file (PlanFileError 'malformed' with the JSON path). */
export function validatePlanAccounts(root: Record<string, unknown>): void {
  if (root['accounts'] !== undefined) {
    const accounts = obj(root['accounts'], '$.accounts');
    for (const [name, value] of Object.entries(accounts)) {
      const p = `$.accounts[${JSON.stringify(name)}]`;
      const entry = obj(value, p);
      if (typeof entry['id'] !== 'string') malformed(`${p}.id`, 'must be a string');
      for (const key of ['profile', 'roleArn', 'externalId']) {
        if (entry[key] !== undefined && typeof entry[key] !== 'string') malformed(`${p}.${key}`, 'must be a string');
      }
    }
  }
  if (root['resourceAccounts'] !== undefined) {
    const placed = obj(root['resourceAccounts'], '$.resourceAccounts');
    for (const [id, account] of Object.entries(placed)) {
      if (typeof account !== 'string') malformed(`$.resourceAccounts[${JSON.stringify(id)}]`, 'must be a string (an account id)');
    }
  }
}
