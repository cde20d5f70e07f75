/** The scheduler: batching per distribution, swaps and cycles, parallel distributions, the order of one distribution's writes. */
import { expect } from 'chai';
import { buildDistribution, buildInventory, buildZone, desiredAlias, txtRecordOf } from '../testing/index.js';
import { CERT, GREEN, ids, kinds, names, ORG_CERT, plan, step } from '../testing/schedule-helpers.js';

describe('scheduler', () => {
  describe('batching', () => {
    // 3 sources, 2 targets, no DNS: exactly N + M = 5 update-aliases and 2 wait phases, whatever K.
    for (const k of [12, 40]) {
      it(`detach-attach of ${k} aliases from 3 sources to 2 targets: 5 update-aliases, 2 wait phases`, () => {
        const all = names('a', 1, k);
        const third = Math.ceil(k / 3);
        const inventory = buildInventory({
          certificates: ORG_CERT,
          distributions: [
            buildDistribution('E1SRC', { aliases: all.slice(0, third) }),
            buildDistribution('E2SRC', { aliases: all.slice(third, 2 * third) }),
            buildDistribution('E3SRC', { aliases: all.slice(2 * third) }),
            buildDistribution('E4DST'),
            buildDistribution('E5DST'),
          ],
        });
        const half = k / 2;
        const p = plan(
          all.map((a, i) => desiredAlias(a, i < half ? 'E4DST' : 'E5DST', { strategy: 'detach-attach', dns: 'none' })),
          inventory,
        );
        expect(p.diagnostics).to.deep.equal([]);
        expect(kinds(p)).to.deep.equal({ 'update-aliases': 5, 'wait-deployed': 5, verify: 5 });
        expect(p.estimate).to.deep.equal({ seconds: 600, waitPhases: 2 });
        expect(step(p, 'update-aliases:E1SRC:p1', 'update-aliases').remove).to.deep.equal(all.slice(0, third));
        expect(step(p, 'update-aliases:E4DST:p2', 'update-aliases').add).to.deep.equal(all.slice(0, half));
        expect(step(p, 'update-aliases:E5DST:p2', 'update-aliases').add).to.deep.equal(all.slice(half));
        expect(p.changes.every((c) => c.strategy === 'detach-attach' && c.downtimeSeconds === 300)).to.equal(true);
      });
    }

    it('makes the targets wait only for their own sources', () => {
      const inventory = buildInventory({
        certificates: ORG_CERT,
        distributions: [
          buildDistribution('E1SRC', { aliases: ['a.example.org'] }),
          buildDistribution('E2SRC', { aliases: ['b.example.org'] }),
          buildDistribution('E3SRC', { aliases: ['c.example.org'] }),
          buildDistribution('E4DST'),
          buildDistribution('E5DST'),
        ],
      });
      const p = plan(
        [
          desiredAlias('a.example.org', 'E4DST', { strategy: 'detach-attach' }),
          desiredAlias('b.example.org', 'E4DST', { strategy: 'detach-attach' }),
          desiredAlias('c.example.org', 'E5DST', { strategy: 'detach-attach' }),
        ],
        inventory,
      );
      expect(step(p, 'update-aliases:E4DST:p2', 'update-aliases').dependsOn).to.deep.equal([
        'wait-deployed:E1SRC:p1',
        'wait-deployed:E2SRC:p1',
      ]);
      expect(step(p, 'update-aliases:E5DST:p2', 'update-aliases').dependsOn).to.deep.equal(['wait-deployed:E3SRC:p1']);
    });
  });

  describe('swaps and cycles', () => {
    it('swaps A and B in two update phases: R(A), R(B), then A(A), A(B)', () => {
      const inventory = buildInventory({
        certificates: ORG_CERT,
        distributions: [
          buildDistribution('E1BLUE', { aliases: ['x.example.org'] }),
          buildDistribution('E2GREEN', { aliases: ['y.example.org'] }),
        ],
      });
      const p = plan(
        [
          desiredAlias('x.example.org', 'E2GREEN', { strategy: 'detach-attach' }),
          desiredAlias('y.example.org', 'E1BLUE', { strategy: 'detach-attach' }),
        ],
        inventory,
      );
      expect(ids(p)).to.deep.equal([
        'update-aliases:E1BLUE:p1',
        'update-aliases:E2GREEN:p1',
        'wait-deployed:E1BLUE:p1',
        'wait-deployed:E2GREEN:p1',
        'update-aliases:E1BLUE:p2',
        'update-aliases:E2GREEN:p2',
        'wait-deployed:E1BLUE:p2',
        'wait-deployed:E2GREEN:p2',
        'verify:E1BLUE',
        'verify:E2GREEN',
      ]);
      expect(p.steps.map((s) => s.phase)).to.deep.equal([1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
      const addA = step(p, 'update-aliases:E1BLUE:p2', 'update-aliases');
      expect(addA.dependsOn).to.deep.equal(['wait-deployed:E1BLUE:p1', 'wait-deployed:E2GREEN:p1']);
      expect([addA.precondition, addA.postcondition]).to.deep.equal([
        { aliases: [], enabled: true, certificateArn: CERT },
        { aliases: ['y.example.org'] },
      ]);
      expect(step(p, 'update-aliases:E1BLUE:p1', 'update-aliases').precondition.aliases).to.deep.equal(['x.example.org']);
      expect(p.estimate).to.deep.equal({ seconds: 600, waitPhases: 2 });
    });

    it('rotates A→B→C→A in two update phases too', () => {
      const inventory = buildInventory({
        certificates: ORG_CERT,
        distributions: [
          buildDistribution('E1A', { aliases: ['a.example.org'] }),
          buildDistribution('E2B', { aliases: ['b.example.org'] }),
          buildDistribution('E3C', { aliases: ['c.example.org'] }),
        ],
      });
      const p = plan(
        [
          desiredAlias('a.example.org', 'E2B', { strategy: 'detach-attach' }),
          desiredAlias('b.example.org', 'E3C', { strategy: 'detach-attach' }),
          desiredAlias('c.example.org', 'E1A', { strategy: 'detach-attach' }),
        ],
        inventory,
      );
      expect(kinds(p)).to.deep.equal({ 'update-aliases': 6, 'wait-deployed': 6, verify: 3 });
      expect(p.estimate).to.deep.equal({ seconds: 600, waitPhases: 2 });
      expect(step(p, 'update-aliases:E1A:p2', 'update-aliases').dependsOn).to.deep.equal(['wait-deployed:E1A:p1', 'wait-deployed:E3C:p1']);
      expect(step(p, 'verify:E1A', 'verify').aliases).to.deep.equal(['c.example.org']);
    });
  });

  it('runs independent distributions in parallel, with no needless dependencies', () => {
    const inventory = buildInventory({
      certificates: ORG_CERT,
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['x.example.org'] }),
        buildDistribution('E2GREEN'),
        buildDistribution('E3RED', { aliases: ['y.example.org'] }),
        buildDistribution('E4GOLD'),
      ],
      zones: [buildZone('Z2ORG', 'example.org', [txtRecordOf('x.example.org', GREEN)])],
    });
    const p = plan(
      [
        desiredAlias('x.example.org', 'E2GREEN', { dns: 'none' }),
        desiredAlias('y.example.org', 'E4GOLD', { strategy: 'detach-attach', dns: 'none' }),
      ],
      inventory,
    );
    const roots = p.steps.filter((s) => s.dependsOn.length === 0).map((s) => s.id);
    expect(roots).to.deep.equal(['move-alias:x.example.org', 'update-aliases:E3RED:p1']);
    expect(step(p, 'update-aliases:E4GOLD:p2', 'update-aliases').dependsOn).to.deep.equal(['wait-deployed:E3RED:p1']);
    expect(p.estimate).to.deep.equal({ seconds: 600, waitPhases: 2 });
  });

  it('orders R → moves → wait → A on one distribution and simulates pre/postconditions across them', () => {
    // E1BLUE loses old (detach) and www (move), then gains api (detach-attach from E2GREEN).
    const inventory = buildInventory({
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['old.example.com', 'www.example.com'] }),
        buildDistribution('E2GREEN', { aliases: ['api.example.com'] }),
      ],
      zones: [buildZone('Z1EXAMPLE', 'example.com', [txtRecordOf('www.example.com', GREEN)])],
    });
    const p = plan(
      [
        desiredAlias('old.example.com', null),
        desiredAlias('www.example.com', 'E2GREEN', { strategy: 'move', dns: 'none' }),
        desiredAlias('api.example.com', 'E1BLUE', { strategy: 'detach-attach', dns: 'none' }),
      ],
      inventory,
    );
    expect(p.diagnostics).to.deep.equal([]);
    expect(ids(p)).to.deep.equal([
      'update-aliases:E1BLUE:p1',
      'update-aliases:E2GREEN:p1',
      'move-alias:www.example.com',
      'wait-deployed:E1BLUE:p1',
      'wait-deployed:E2GREEN:p1',
      'update-aliases:E1BLUE:p2',
      'verify:E2GREEN',
      'wait-deployed:E1BLUE:p2',
      'verify:E1BLUE',
    ]);
    expect(p.steps.map((s) => s.phase)).to.deep.equal([1, 1, 1, 1, 1, 2, 1, 2, 2]);
    // The phase-1 waits follow the move too: E1BLUE's removal and the move are one deployment.
    expect(step(p, 'wait-deployed:E1BLUE:p1', 'wait-deployed').dependsOn).to.deep.equal(['move-alias:www.example.com']);
    const r1 = step(p, 'update-aliases:E1BLUE:p1', 'update-aliases');
    expect([r1.remove, r1.add, r1.precondition.aliases, r1.postcondition.aliases]).to.deep.equal([
      ['old.example.com'],
      [],
      ['old.example.com', 'www.example.com'],
      ['www.example.com'],
    ]);
    expect(step(p, 'move-alias:www.example.com', 'move-alias').dependsOn).to.deep.equal([
      'update-aliases:E1BLUE:p1',
      'update-aliases:E2GREEN:p1',
    ]);
    const a1 = step(p, 'update-aliases:E1BLUE:p2', 'update-aliases');
    expect(a1.dependsOn).to.deep.equal(['wait-deployed:E1BLUE:p1', 'wait-deployed:E2GREEN:p1']);
    expect([a1.precondition.aliases, a1.postcondition.aliases]).to.deep.equal([[], ['api.example.com']]);
    expect(step(p, 'verify:E2GREEN', 'verify').aliases).to.deep.equal(['www.example.com']);
    expect(step(p, 'verify:E1BLUE', 'verify').dependsOn).to.deep.equal(['wait-deployed:E1BLUE:p2']);
    expect(p.estimate).to.deep.equal({ seconds: 600, waitPhases: 2 });
    expect(p.changes.find((c) => c.alias === 'api.example.com')!.downtimeSeconds).to.equal(300);
  });
});
