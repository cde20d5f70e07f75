/**
 * A wildcard route's temporary wildcard left on its target by a run abandoned after adding it: the
 * next plan warns about it (wildcard-left-behind) and never removes it by itself.
 */
import { expect } from 'chai';
import type { DesiredAlias } from '../desired/desired.js';
import type { Inventory } from '../inventory/inventory.js';
import { planCutover } from './planner.js';
import type { Plan } from './plan.js';
import { buildDesired, buildDistribution, desiredAlias, TEST_NOW } from '../testing/index.js';
import { step } from '../testing/schedule-helpers.js';
import { crossAccountDesired, crossAccountInventory, NEW, OLD } from '../testing/cross-account-world.js';

const MOVING = ['a.example.com', 'b.example.com', 'c.example.com'];
const toNew = (aliases: readonly string[]): DesiredAlias[] => aliases.map((a) => desiredAlias(a, NEW));

/** The registry world with `*.example.com` on E2NEW and `onNew` there too. */
function withWildcardOnNew(onOld: readonly string[], onNew: readonly string[] = []): Inventory {
  const inventory = crossAccountInventory({ onOld });
  return {
    ...inventory,
    distributions: inventory.distributions.map((d) => (d.id === NEW ? { ...d, aliases: ['*.example.com', ...onNew] } : d)),
  };
}

function planOf(aliases: readonly DesiredAlias[], inventory: Inventory): Plan {
  return planCutover(crossAccountDesired(aliases), inventory, { now: TEST_NOW, force: true });
}

describe('a temporary wildcard left behind (wildcard-left-behind)', () => {
  it('warns when the wildcard is on the target mid-route, naming the distribution and the line that removes it; the plan keeps it', () => {
    const p = planOf(toNew(MOVING), withWildcardOnNew(MOVING));
    expect(p.diagnostics).to.deep.equal([
      {
        severity: 'warning',
        code: 'wildcard-left-behind',
        alias: '*.example.com',
        distribution: 'E2NEW',
        message:
          '*.example.com is on E2NEW (new) but not in cfalias.yaml, and a.example.com, b.example.com, c.example.com target E2NEW: it may be the temporary wildcard of a wildcard route whose run was abandoned before its last update; cfalias leaves aliases it does not manage in place, so it stays and serves every other name under example.com',
        remediation:
          'if nothing else needs it: once a.example.com, b.example.com, c.example.com are on E2NEW (a plan that moves them puts them there first), add the line "*.example.com": null under aliases in cfalias.yaml and apply, which removes it from E2NEW; to keep it on purpose, add "*.example.com": new, which ends this warning',
      },
    ]);
    expect(p.changes.map((c) => [c.alias, c.strategy])).to.deep.equal(MOVING.map((a) => [a, 'wildcard-route']));
    expect(step(p, `update-aliases:${NEW}:settle`, 'update-aliases').remove).to.deep.equal([]);
  });

  it('warns once the aliases have left the source, and again once they are on the target', () => {
    const released = planOf(toNew(MOVING), withWildcardOnNew([]));
    expect(released.changes.map((c) => [c.alias, c.action])).to.deep.equal(MOVING.map((a) => [a, 'attach']));
    expect(released.diagnostics.map((d) => [d.severity, d.code, d.alias, d.distribution])).to.deep.equal([
      ['warning', 'wildcard-left-behind', '*.example.com', 'E2NEW'],
    ]);
    const settled = planOf(toNew(MOVING), withWildcardOnNew([], MOVING));
    expect(settled.changes.map((c) => c.action)).to.deep.equal(['noop', 'noop', 'noop']);
    expect(settled.diagnostics.map((d) => [d.code, d.alias])).to.deep.equal([['wildcard-left-behind', '*.example.com']]);
  });

  it('is silent when cfalias.yaml names the wildcard: kept on the target, or detached (which the plan then removes)', () => {
    const settled = withWildcardOnNew([], MOVING);
    const kept = planOf([...toNew(MOVING), desiredAlias('*.example.com', NEW)], settled);
    expect(kept.diagnostics).to.deep.equal([]);
    expect(kept.changes.map((c) => c.action)).to.deep.equal(['noop', 'noop', 'noop', 'noop']);
    const detached = planOf([...toNew(MOVING), desiredAlias('*.example.com', null)], settled);
    expect(detached.diagnostics).to.deep.equal([]);
    expect(detached.changes.filter((c) => c.action !== 'noop').map((c) => [c.alias, c.action, c.from])).to.deep.equal([
      ['*.example.com', 'detach', NEW],
    ]);
  });

  it('is silent when the wildcard is on another distribution than the one the aliases target', () => {
    const inventory = crossAccountInventory({
      onOld: [],
      others: [buildDistribution('E3WILD', { aliases: ['*.example.com'], certificate: 'new' })],
    });
    expect(planOf(toNew(MOVING), inventory).diagnostics.map((d) => d.code)).to.not.include('wildcard-left-behind');
  });

  it('is silent for a file of one account, where no wildcard route ever runs', () => {
    const inventory = withWildcardOnNew([], MOVING);
    const single = planCutover(buildDesired(toNew(MOVING), { distributions: { old: OLD, new: NEW } }), inventory, {
      now: TEST_NOW,
      force: true,
    });
    expect(single.diagnostics).to.deep.equal([]);
  });
});
