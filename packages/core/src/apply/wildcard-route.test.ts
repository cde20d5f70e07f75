/**
 * A planned cross-account wildcard route of three aliases, run by the executor over the in-memory
 * provider: after every step, each alias is served by an enabled distribution (its exact alias,
 * else `*.example.com`); at the end the aliases are on the target, DNS points there, the temporary
 * wildcard is gone, and a plan of the result has nothing to change.
 */
import { expect } from 'chai';
import { SimulatedClock } from '../clock.js';
import { servingAlias } from '../hostnames.js';
import type { Inventory } from '../inventory/inventory.js';
import { applyPlan } from './executor.js';
import { planCutover } from '../plan/planner.js';
import { planHasChanges } from '../plan/plan.js';
import { desiredAlias, withEmptyBasis, TEST_NOW } from '../testing/index.js';
import { MemoryProvider } from '../testing/memory-provider.js';
import { crossAccountDesired, crossAccountInventory, NEW, NEW_DOMAIN, OLD } from '../testing/cross-account-world.js';

const MOVING = ['a.example.com', 'b.example.com', 'c.example.com'];

/** Who serves `name` now: the enabled distribution with the most specific matching alias. */
function servedBy(memory: MemoryProvider, name: string): string | undefined {
  let best: { id: string; alias: string } | undefined;
  for (const d of memory.distributions.values()) {
    if (!d.enabled) continue;
    const alias = servingAlias(name, d.aliases);
    if (alias !== undefined && (best === undefined || alias === name || alias.length > best.alias.length)) best = { id: d.id, alias };
  }
  return best?.id;
}

/** The inventory as the provider holds it now (for a plan of the result). */
function inventoryNow(before: Inventory, memory: MemoryProvider): Inventory {
  return {
    ...before,
    distributions: before.distributions.map((d) => ({ ...d, aliases: memory.distributions.get(d.id)!.aliases })),
    hostedZones: before.hostedZones.map((z) => ({ ...z, records: memory.zones.get(z.id)! })),
  };
}

describe('wildcard route, applied', () => {
  it('keeps every alias served after each step, and converges with the temporary wildcard gone', async () => {
    const inventory = crossAccountInventory({ onOld: [...MOVING, 'stay.example.com'] });
    const desired = crossAccountDesired(MOVING.map((a) => desiredAlias(a, NEW)));
    const made = planCutover(desired, inventory, { now: TEST_NOW, force: true });
    expect(made.changes.map((c) => [c.strategy, c.downtimeSeconds])).to.deep.equal(MOVING.map(() => ['wildcard-route', 0]));
    const plan = withEmptyBasis(made);

    const memory = new MemoryProvider(inventory);
    const unserved: string[] = [];
    const result = await applyPlan(plan, {
      provider: memory,
      clock: new SimulatedClock(Date.parse(TEST_NOW)),
      onEvent: (event) => {
        if (event.type !== 'step-done') return;
        for (const alias of MOVING) if (servedBy(memory, alias) === undefined) unserved.push(`${alias} after ${event.step.id}`);
      },
    });
    expect(result.status).to.equal('succeeded');
    expect(unserved).to.deep.equal([]);
    expect(memory.calls.filter((c) => c.startsWith('updateAliases'))).to.deep.equal([
      `updateAliases ${NEW} +*.example.com - apply`,
      `updateAliases ${OLD} + -${MOVING.join(',')} apply`,
      `updateAliases ${NEW} +${MOVING.join(',')} -*.example.com apply`,
    ]);
    expect(memory.distributions.get(NEW)!.aliases).to.deep.equal(MOVING);
    expect(memory.distributions.get(OLD)!.aliases).to.deep.equal(['stay.example.com']);
    const records = memory.zones.get('Z1EXAMPLE')!.filter((r) => MOVING.includes(r.name.slice(0, -1)));
    expect(records.map((r) => r.aliasTarget?.dnsName)).to.deep.equal(MOVING.map(() => `${NEW_DOMAIN}.`));

    const again = planCutover(desired, inventoryNow(inventory, memory), { now: TEST_NOW, force: true });
    expect(planHasChanges(again)).to.equal(false);
    expect(again.diagnostics).to.deep.equal([]);
  });
});
