/**
 * A planned disable-and-move run by the executor over a small in-memory provider: the source is
 * disabled, the alias moves, the source is enabled again; and when the move fails, the re-enable
 * recipe still enables the source (no failure leaves it disabled).
 */
import { expect } from 'chai';
import { SimulatedClock } from '../clock.js';
import { applyPlan } from './executor.js';
import { planCutover } from '../plan/planner.js';
import type { Plan } from '../plan/plan.js';
import { buildZone, desiredAlias, withEmptyBasis, TEST_NOW, txtRecordOf } from '../testing/index.js';
import { MemoryProvider } from '../testing/memory-provider.js';
import { crossAccountDesired, crossAccountInventory, NEW, NEW_DOMAIN, OLD } from '../testing/cross-account-world.js';

function plannedDisableAndMove(): { plan: Plan; provider: (failMoves: boolean) => MemoryProvider } {
  const inventory = crossAccountInventory({
    onOld: ['a.example.com', 'stay.example.com'],
    newSans: ['a.example.com'],
    // The TXT proof exists already and DNS is not cfalias's: the plan is the disable, move, re-enable.
    zones: [buildZone('Z1EXAMPLE', 'example.com', [txtRecordOf('a.example.com', NEW_DOMAIN)])],
  });
  const made = planCutover(crossAccountDesired([desiredAlias('a.example.com', NEW, { dns: 'none' })], { allowDisable: true }), inventory, {
    now: TEST_NOW,
  });
  expect(made.diagnostics).to.deep.equal([]);
  // A hand-fed provider has no inventory to compare the basis with: apply reads none for an empty one.
  const plan = withEmptyBasis(made);
  return {
    plan,
    provider: (failMoves) => {
      const memory = new MemoryProvider(inventory);
      memory.failMoves = failMoves;
      return memory;
    },
  };
}

describe('disable-and-move, applied', () => {
  it('disables the source, moves the alias, enables the source again', async () => {
    const { plan, provider } = plannedDisableAndMove();
    const memory = provider(false);
    const result = await applyPlan(plan, { provider: memory, clock: new SimulatedClock(Date.parse(TEST_NOW)) });
    expect(result.status).to.equal('succeeded');
    expect(memory.calls).to.deep.equal([
      `setEnabled ${OLD} false apply`,
      `moveAlias a.example.com → ${NEW}`,
      `setEnabled ${OLD} true apply`,
    ]);
    expect(memory.distributions.get(OLD)).to.deep.include({ enabled: true, aliases: ['stay.example.com'] });
    expect(memory.distributions.get(NEW)!.aliases).to.deep.equal(['a.example.com']);
  });

  it('enables the source again when the move fails', async () => {
    const { plan, provider } = plannedDisableAndMove();
    const memory = provider(true);
    const result = await applyPlan(plan, { provider: memory, clock: new SimulatedClock(Date.parse(TEST_NOW)) });
    expect(result.status).to.not.equal('succeeded');
    expect(memory.calls).to.deep.equal([
      `setEnabled ${OLD} false apply`,
      `moveAlias a.example.com → ${NEW}`,
      `setEnabled ${OLD} true apply`,
    ]);
    expect(memory.distributions.get(OLD)).to.deep.include({ enabled: true, aliases: ['a.example.com', 'stay.example.com'] });
    expect(result.completed).to.include(`rollback:${OLD}:enable:set-enabled:${OLD}`);
  });
});
