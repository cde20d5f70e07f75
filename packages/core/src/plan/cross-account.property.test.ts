/**
 * Properties of cross-account plans over random two-account worlds: no plan disables a
 * distribution the desired file does not allow disabling, and a wildcard-route alias is served at
 * every step boundary, whatever order the executor runs the steps in (any order the dependencies
 * allow). "Served" is CloudFront's most-specific-match rule: an enabled distribution holding the
 * exact alias, else one holding its `*.<parent>` wildcard.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { DesiredAlias, StrategyChoice } from '../desired/desired.js';
import { servingAlias } from '../hostnames.js';
import type { Inventory } from '../inventory/inventory.js';
import { planCutover } from './planner.js';
import type { Plan, PlanStep } from './plan.js';
import { buildDistribution, desiredAlias, TEST_NOW } from '../testing/index.js';
import { AGENCY, crossAccountDesired, crossAccountInventory, NEW, OLD } from '../testing/cross-account-world.js';
import { linearize } from '../testing/schedule-helpers.js';

const POOL = ['example.com', 'a.example.com', 'b.example.com', 'c.example.com', 'www.example.com'];
const SANS = ['example.com', '*.example.com', ...POOL.slice(1)];

interface World {
  readonly inventory: Inventory;
  readonly aliases: readonly DesiredAlias[];
  readonly allowDisable: boolean;
}

const world: fc.Arbitrary<World> = fc
  .record({
    onOld: fc.subarray(POOL, { minLength: 1 }),
    moving: fc.array(fc.nat(), { maxLength: POOL.length }),
    // Mostly a certificate that covers the wildcard, so that many plans take the wildcard route.
    newSans: fc.oneof({ arbitrary: fc.constant(SANS), weight: 3 }, { arbitrary: fc.subarray(SANS, { minLength: 1 }), weight: 1 }),
    allowDisable: fc.boolean(),
    wildcardElsewhere: fc.constantFrom<'none' | 'declared' | 'foreign'>('none', 'none', 'declared', 'foreign'),
    strategy: fc.constantFrom<StrategyChoice>('auto', 'auto', 'move', 'detach-attach'),
    dnsNone: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  })
  .map((r): World => {
    const moving = [...new Set(r.moving.map((i) => r.onOld[i % r.onOld.length]!))].sort();
    const others =
      r.wildcardElsewhere === 'declared' ? [buildDistribution('E3WILD', { aliases: ['*.example.com'], accountId: AGENCY })] : [];
    const foreignOwners =
      r.wildcardElsewhere === 'foreign' ? [{ alias: '*.example.com', distributionId: '******WILDONE', accountId: '******999999' }] : [];
    const inventory = crossAccountInventory({ onOld: r.onOld, newSans: r.newSans, others, foreignOwners });
    const aliases = moving.map((a, i) =>
      desiredAlias(a, NEW, { strategy: r.strategy, ...(r.dnsNone && i === 0 && { dns: 'none' as const }) }),
    );
    return { inventory, aliases, allowDisable: r.allowDisable };
  });

function planOf(w: World): Plan {
  return planCutover(crossAccountDesired(w.aliases, { allowDisable: w.allowDisable }), w.inventory, { now: TEST_NOW, force: true });
}

/** Alias sets and enabled flags as the steps leave them, starting from the inventory. */
class Edge {
  private readonly aliases = new Map<string, Set<string>>();
  private readonly enabled = new Map<string, boolean>();

  constructor(inventory: Inventory) {
    for (const d of inventory.distributions) {
      this.aliases.set(d.id, new Set(d.aliases));
      this.enabled.set(d.id, d.enabled);
    }
  }

  apply(step: PlanStep): void {
    if (step.kind === 'update-aliases') {
      const set = this.aliases.get(step.distribution)!;
      for (const a of step.remove) set.delete(a);
      for (const a of step.add) set.add(a);
    } else if (step.kind === 'move-alias') {
      this.aliases.get(step.from)!.delete(step.alias);
      this.aliases.get(step.to)!.add(step.alias);
    } else if (step.kind === 'set-enabled') {
      this.enabled.set(step.distribution, step.enabled);
    }
  }

  /** The enabled distribution that serves `name` by the most specific match, if any. */
  servedBy(name: string): string | undefined {
    let best: { id: string; alias: string } | undefined;
    for (const [id, set] of this.aliases) {
      if (!this.enabled.get(id)) continue;
      const alias = servingAlias(name, set);
      if (alias !== undefined && (best === undefined || alias === name || (best.alias !== name && alias.length > best.alias.length))) {
        best = { id, alias };
      }
    }
    return best?.id;
  }
}

describe('cross-account plans (properties)', () => {
  it('never disable a distribution without allowDisableSource, and re-enable every one they disable', () => {
    fc.assert(
      fc.property(world, (w) => {
        const p = planOf(w);
        const allowed = w.allowDisable ? [OLD] : [];
        const disables = p.steps.filter((s) => s.kind === 'set-enabled' && !s.enabled);
        for (const s of disables) expect(allowed, s.id).to.include((s as Extract<PlanStep, { kind: 'set-enabled' }>).distribution);
        const enables = p.steps.filter((s) => s.kind === 'set-enabled' && s.enabled);
        expect(enables.map((s) => s.kind === 'set-enabled' && s.distribution)).to.deep.equal(
          disables.map((s) => s.kind === 'set-enabled' && s.distribution),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('keep every wildcard-route alias served (exact alias, else *.parent) at every step boundary, in any order', () => {
    let routed = 0;
    fc.assert(
      fc.property(world, fc.array(fc.nat(), { maxLength: 20 }), (w, picks) => {
        const p = planOf(w);
        // A blocked plan has no steps: nothing runs, nothing to watch.
        const watched = p.steps.length === 0 ? [] : p.changes.filter((c) => c.strategy === 'wildcard-route').map((c) => c.alias);
        if (watched.length > 0) routed++;
        const edge = new Edge(w.inventory);
        const check = (when: string): void => {
          for (const alias of watched) expect([OLD, NEW], `${alias} ${when}`).to.include(edge.servedBy(alias));
        };
        check('before the first step');
        for (const s of linearize(p.steps, picks)) {
          edge.apply(s);
          check(`after ${s.id}`);
        }
        // At the end: on the target by its exact alias, and no temporary wildcard is left behind.
        for (const alias of watched) expect(edge.servedBy(alias)).to.equal(NEW);
        if (watched.length > 0)
          expect(p.steps.some((s) => s.kind === 'verify' && s.distribution === NEW && s.aliases.includes('*.example.com'))).to.equal(false);
      }),
      { numRuns: 300 },
    );
    expect(routed, 'plans with a wildcard route among the runs').to.be.greaterThan(30);
  });
});
