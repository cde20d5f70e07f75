/**
 * A plan that detaches `*.example.com` while it attaches exact aliases under it, run by the
 * executor over the in-memory provider: each step's precondition holds, and every name stays served
 * (its exact alias, else the wildcard) after each step.
 */
import { expect } from 'chai';
import { SimulatedClock } from '../clock.js';
import { servingAlias } from '../hostnames.js';
import { applyPlan } from './executor.js';
import { planCutover } from '../plan/planner.js';
import {
  aliasRecord,
  buildDesired,
  buildDistribution,
  buildInventory,
  buildZone,
  desiredAlias,
  withEmptyBasis,
  TEST_NOW,
} from '../testing/index.js';
import { MemoryProvider } from '../testing/memory-provider.js';
import { ORG_CERT } from '../testing/schedule-helpers.js';

const NAMES = ['a.example.com', 'b.example.com'];

describe('a detached wildcard, applied', () => {
  for (const holder of ['E1BLUE', 'E2GREEN']) {
    it(`keeps the names it serves served while they are attached to E2GREEN (wildcard on ${holder})`, async () => {
      const inventory = buildInventory({
        certificates: ORG_CERT,
        distributions: ['E1BLUE', 'E2GREEN'].map((d) => buildDistribution(d, { aliases: d === holder ? ['*.example.com'] : [] })),
        zones: [buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('a.example.com', 'e1blue.cloudfront.net')])],
      });
      const desired = buildDesired([desiredAlias('*.example.com', null), ...NAMES.map((n) => desiredAlias(n, 'E2GREEN'))]);
      const made = planCutover(desired, inventory, { now: TEST_NOW, force: true });
      const plan = withEmptyBasis(made);

      const memory = new MemoryProvider(inventory);
      const unserved: string[] = [];
      const result = await applyPlan(plan, {
        provider: memory,
        clock: new SimulatedClock(Date.parse(TEST_NOW)),
        onEvent: (event) => {
          if (event.type !== 'step-done') return;
          const held = [...memory.distributions.values()].map((d) => d.aliases);
          for (const n of NAMES)
            if (!held.some((aliases) => servingAlias(n, aliases) !== undefined)) unserved.push(`${n} after ${event.step.id}`);
        },
      });
      expect(result.status).to.equal('succeeded');
      expect(unserved).to.deep.equal([]);
      expect([...memory.distributions.get('E2GREEN')!.aliases].sort()).to.deep.equal(NAMES);
      expect(memory.distributions.get('E1BLUE')!.aliases).to.deep.equal([]);
    });
  }
});
