/**
 * A detach-attach alias's downtime when its parent wildcard serves it during the gap. Timing is the
 * default (a deployment wait 300 s): the alias leaves its source in phase 1 (Deployed at 300 s) and
 * reaches its target in phase 2 (Deployed at 600 s), a gap of 300 s.
 */
import { expect } from 'chai';
import { buildCertificate, buildDistribution, buildInventory, desiredAlias } from '../testing/index.js';
import { ORG_CERT, plan } from '../testing/schedule-helpers.js';
import type { DesiredAlias } from '../desired/desired.js';
import type { Distribution } from '../inventory/inventory.js';
import type { Plan } from './plan.js';
import { planCutover } from './planner.js';
import { TEST_NOW } from '../testing/index.js';
import { crossAccountDesired, crossAccountInventory, NEW, OLD } from '../testing/cross-account-world.js';

const moving = (alias: string): DesiredAlias => desiredAlias(alias, 'E2GREEN', { strategy: 'detach-attach', dns: 'none' });

function planOf(distributions: Distribution[], aliases: DesiredAlias[], certificates = ORG_CERT): Plan {
  return plan(aliases, buildInventory({ certificates, distributions }));
}

function downtime(p: Plan, alias: string): number {
  return p.changes.find((c) => c.alias === alias)!.downtimeSeconds;
}

/** The warnings that say who serves an alias during its gap: ours, or `wildcard-overlap` where it already says it. */
const covers = (p: Plan): string[] =>
  p.diagnostics
    .filter((d) => d.code === 'gap-served-by-wildcard' || d.code === 'wildcard-overlap')
    .map((d) => `${d.code} ${d.alias} ${d.distribution}`);

describe('planner: a detach-attach alias served by its parent wildcard during its gap', () => {
  it('a wildcard on a third distribution that stays: downtime 0, explained by the wildcard-overlap warning alone', () => {
    const p = planOf(
      [
        buildDistribution('E1BLUE', { aliases: ['www.example.com'] }),
        buildDistribution('E2GREEN'),
        buildDistribution('E3WILD', { aliases: ['*.example.com'] }),
      ],
      [moving('www.example.com')],
    );
    expect(p.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    expect(downtime(p, 'www.example.com')).to.equal(0);
    expect(covers(p)).to.deep.equal(['wildcard-overlap www.example.com E3WILD']);
    expect(p.diagnostics.find((x) => x.code === 'wildcard-overlap')!.message).to.equal(
      'www.example.com: while it is detached from E1BLUE and not yet on E2GREEN, requests for it are served by E3WILD (which holds *.example.com)',
    );
  });

  it('the wildcard on the source itself, not detached: downtime 0', () => {
    const p = planOf(
      [buildDistribution('E1BLUE', { aliases: ['www.example.com', '*.example.com'] }), buildDistribution('E2GREEN')],
      [moving('www.example.com')],
    );
    expect(downtime(p, 'www.example.com')).to.equal(0);
    expect(covers(p)).to.deep.equal(['gap-served-by-wildcard www.example.com E1BLUE']);
    expect(p.diagnostics.find((d) => d.code === 'gap-served-by-wildcard')!.message).to.equal(
      'www.example.com: downtime 0 s: for the 300 s between its removal from E1BLUE and its addition to E2GREEN, requests for it are served by *.example.com on E1BLUE, the distribution it leaves',
    );
  });

  it('the wildcard on the target, not detached: downtime 0, the warning saying it is the target', () => {
    const p = planOf(
      [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN', { aliases: ['*.example.com'] })],
      [moving('www.example.com')],
    );
    expect(downtime(p, 'www.example.com')).to.equal(0);
    expect(covers(p)).to.deep.equal(['gap-served-by-wildcard www.example.com E2GREEN']);
    expect(p.diagnostics.find((d) => d.code === 'gap-served-by-wildcard')!.message).to.include(
      'served by *.example.com on E2GREEN, the distribution it moves to',
    );
  });

  it('a wildcard held in an account cfalias cannot read (whether it is enabled is unknown): the whole gap (300 s)', () => {
    const inventory = buildInventory({
      certificates: ORG_CERT,
      distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN')],
      foreignOwners: [{ alias: '*.example.com', distributionId: '*******FOREIGN', accountId: '999999999999' }],
    });
    const p = plan([moving('www.example.com')], inventory);
    expect(downtime(p, 'www.example.com')).to.equal(300);
    expect(p.diagnostics.filter((d) => d.code === 'gap-served-by-wildcard')).to.deep.equal([]);
  });

  it('no wildcard: the whole gap (300 s), no warning', () => {
    const p = planOf(
      [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN')],
      [moving('www.example.com')],
    );
    expect(downtime(p, 'www.example.com')).to.equal(300);
    expect(covers(p)).to.deep.equal([]);
  });

  it('the wildcard detached from the target by the same plan, in the update that adds the alias: the whole gap', () => {
    // It leaves at the start of phase 2 (300 s), before the alias is Deployed there (600 s).
    const p = planOf(
      [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN', { aliases: ['*.example.com'] })],
      [desiredAlias('*.example.com', null), moving('www.example.com')],
    );
    expect(downtime(p, 'www.example.com')).to.equal(300);
    expect(covers(p)).to.deep.equal([]);
  });

  it('the wildcard detached from a third distribution by the same plan: it leaves after the arrival is Deployed, downtime 0', () => {
    // The scheduler drops a wildcard only once the exact aliases it serves are Deployed on their target.
    const p = planOf(
      [
        buildDistribution('E1BLUE', { aliases: ['www.example.com'] }),
        buildDistribution('E2GREEN'),
        buildDistribution('E3WILD', { aliases: ['*.example.com'] }),
      ],
      [desiredAlias('*.example.com', null), moving('www.example.com')],
    );
    expect(downtime(p, 'www.example.com')).to.equal(0);
    expect(covers(p)).to.deep.equal(['wildcard-overlap www.example.com E3WILD']);
  });

  it('the wildcard moved by the same plan (detach-attach to the target): the whole gap', () => {
    const p = planOf(
      [
        buildDistribution('E1BLUE', { aliases: ['www.example.com'] }),
        buildDistribution('E2GREEN'),
        buildDistribution('E3WILD', { aliases: ['*.example.com'] }),
      ],
      [moving('*.example.com'), moving('www.example.com')],
    );
    expect(downtime(p, 'www.example.com')).to.equal(300);
    // wildcard-overlap names the wildcard's holder at the start, whatever the plan does with it.
    expect(covers(p)).to.deep.equal(['wildcard-overlap www.example.com E3WILD']);
  });

  it('a wildcard the plan attaches, Deployed by the time the alias has left: downtime 0', () => {
    // *.example.com reaches E3WILD in phase 1 (Deployed at 300 s), when www.example.com has left E1BLUE.
    const p = planOf(
      [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN'), buildDistribution('E3WILD')],
      [desiredAlias('*.example.com', 'E3WILD', { dns: 'none' }), moving('www.example.com')],
    );
    expect(downtime(p, 'www.example.com')).to.equal(0);
    expect(covers(p)).to.deep.equal(['gap-served-by-wildcard www.example.com E3WILD']);
    const d = p.diagnostics.find((x) => x.code === 'gap-served-by-wildcard')!;
    expect(d.severity).to.equal('warning');
    expect(d.message).to.equal(
      'www.example.com: downtime 0 s: for the 300 s between its removal from E1BLUE and its addition to E2GREEN, requests for it are served by *.example.com on E3WILD, which may serve different content',
    );
  });

  it('a wildcard on a disabled distribution: the whole gap', () => {
    const p = planOf(
      [
        buildDistribution('E1BLUE', { aliases: ['www.example.com'] }),
        buildDistribution('E2GREEN'),
        buildDistribution('E3WILD', { aliases: ['*.example.com'], enabled: false }),
      ],
      [moving('www.example.com')],
    );
    expect(downtime(p, 'www.example.com')).to.equal(300);
  });

  it('a wildcard that does not cover the alias (the apex; two labels deep): the whole gap', () => {
    const certificates = [buildCertificate('main', ['*.example.com', 'example.com', 'a.b.example.com'])];
    const p = planOf(
      [
        buildDistribution('E1BLUE', { aliases: ['example.com', 'a.b.example.com'] }),
        buildDistribution('E2GREEN'),
        buildDistribution('E3WILD', { aliases: ['*.example.com'] }),
      ],
      [moving('example.com'), moving('a.b.example.com')],
      certificates,
    );
    expect(p.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    expect(downtime(p, 'example.com')).to.equal(300);
    expect(downtime(p, 'a.b.example.com')).to.equal(300);
    // CloudFront routes a.b.example.com to *.example.com (wildcard-overlap says so), whose certificate covers one label only.
    expect(covers(p)).to.deep.equal(['wildcard-overlap a.b.example.com E3WILD']);
  });

  it('a wildcard whose holder the plan disables (disable-and-move) from the start: the whole gap', () => {
    // E1OLD (another account of the registry) holds *.example.com; x.example.com moves E3SRC → E2NEW by detach-attach.
    const inventory = crossAccountInventory({
      onOld: ['a.example.com', '*.example.com'],
      newSans: ['a.example.com', 'x.example.com'],
      others: [buildDistribution('E3SRC', { aliases: ['x.example.com'] })],
    });
    const x = desiredAlias('x.example.com', NEW, { strategy: 'detach-attach', dns: 'none' });
    const planned = (aliases: DesiredAlias[]): Plan =>
      planCutover(crossAccountDesired(aliases, { allowDisable: true }), inventory, { now: TEST_NOW, force: true });
    // Alone, it is served by *.example.com on the enabled E1OLD meanwhile.
    const alone = planned([x]);
    expect(downtime(alone, 'x.example.com')).to.equal(0);
    expect(covers(alone)).to.deep.equal([`wildcard-overlap x.example.com ${OLD}`]);
    // With a.example.com moved off E1OLD by disable-and-move, E1OLD is disabled at 0 s, before x's gap (300-600 s).
    const p = planned([desiredAlias('a.example.com', NEW), x]);
    expect(p.changes.find((c) => c.alias === 'a.example.com')!.strategy).to.equal('disable-and-move');
    expect(downtime(p, 'x.example.com')).to.equal(300);
    expect(covers(p)).to.deep.equal([`wildcard-overlap x.example.com ${OLD}`]);
  });
});
