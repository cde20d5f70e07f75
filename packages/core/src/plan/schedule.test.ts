import { expect } from 'chai';
import type { Inventory } from '../inventory/inventory.js';
import type { DesiredAlias } from '../desired/desired.js';
import type { Plan, PlanStep } from './plan.js';
import { planCutover } from './planner.js';
import { diffAliases } from './diff.js';
import { timingOf } from './estimate.js';
import { indexInventory } from '../inventory/inventory-index.js';
import { scheduleSteps } from './schedule.js';
import {
  aliasRecord,
  buildCertificate,
  buildDesired,
  buildDistribution,
  buildInventory,
  buildZone,
  certificateArn,
  cnameRecord,
  desiredAlias,
  TEST_NOW,
  txtRecordOf,
} from '../testing/index.js';

const BLUE = 'e1blue.cloudfront.net';
const GREEN = 'e2green.cloudfront.net';
const CERT = certificateArn('main');
const ORG_CERT = [buildCertificate('main', ['*.example.org', '*.example.com', 'example.com'])];

function plan(aliases: DesiredAlias[], inventory: Inventory): Plan {
  // The scheduler's tests move most of what they manage on purpose: the blast-radius check is off.
  return planCutover(buildDesired(aliases), inventory, { now: TEST_NOW, force: true });
}

function ids(p: Plan): string[] {
  return p.steps.map((s) => s.id);
}

function step<K extends PlanStep['kind']>(p: Plan, id: string, kind: K): Extract<PlanStep, { kind: K }> {
  const found = p.steps.find((s) => s.id === id);
  expect(found, id).to.not.equal(undefined);
  expect(found!.kind).to.equal(kind);
  return found as Extract<PlanStep, { kind: K }>;
}

function kinds(p: Plan): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of p.steps) out[s.kind] = (out[s.kind] ?? 0) + 1;
  return out;
}

const names = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(2, '0')}.example.org`);

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

  describe('move strategy', () => {
    it('one move-alias per alias, chained per distribution, one wait phase', () => {
      const aliases = ['a.example.com', 'b.example.com', 'c.example.com'];
      const inventory = buildInventory({
        distributions: [buildDistribution('E1BLUE', { aliases }), buildDistribution('E2GREEN')],
        zones: [
          buildZone(
            'Z1EXAMPLE',
            'example.com',
            aliases.map((a) => txtRecordOf(a, GREEN)),
          ),
        ],
      });
      const p = plan(
        aliases.map((a) => desiredAlias(a, 'E2GREEN', { dns: 'none' })),
        inventory,
      );
      expect(ids(p)).to.deep.equal([
        'move-alias:a.example.com',
        'move-alias:b.example.com',
        'move-alias:c.example.com',
        'wait-deployed:E1BLUE:p1',
        'wait-deployed:E2GREEN:p1',
        'verify:E1BLUE',
        'verify:E2GREEN',
      ]);
      expect(p.steps.map((s) => s.dependsOn)).to.deep.equal([
        [],
        ['move-alias:a.example.com'],
        ['move-alias:b.example.com'],
        ['move-alias:c.example.com'],
        ['move-alias:c.example.com'],
        ['wait-deployed:E1BLUE:p1'],
        ['wait-deployed:E2GREEN:p1'],
      ]);
      expect(step(p, 'move-alias:b.example.com', 'move-alias')).to.deep.include({
        from: 'E1BLUE',
        to: 'E2GREEN',
        precondition: { aliasOn: 'E1BLUE' },
        postcondition: { aliasOn: 'E2GREEN' },
      });
      expect(p.estimate).to.deep.equal({ seconds: 300, waitPhases: 1 });
      expect(p.changes.map((c) => c.downtimeSeconds)).to.deep.equal([0, 0, 0]);
    });
  });

  describe('move placement', () => {
    // www moves E1BLUE → E2GREEN (AssociateAlias), a goes E1BLUE → E2GREEN by detach-attach (A record
    // at blue → mid repoint), new.example.com is attached to E2GREEN (no record: created at the end).
    function mixed(txtPresent: boolean): Plan {
      const inventory = buildInventory({
        distributions: [buildDistribution('E1BLUE', { aliases: ['a.example.com', 'www.example.com'] }), buildDistribution('E2GREEN')],
        zones: [
          buildZone('Z1EXAMPLE', 'example.com', [
            aliasRecord('www.example.com', BLUE),
            aliasRecord('a.example.com', BLUE),
            ...(txtPresent ? [txtRecordOf('www.example.com', GREEN)] : []),
          ]),
        ],
      });
      return plan(
        [
          desiredAlias('www.example.com', 'E2GREEN', { strategy: 'move', txtProof: 'always' }),
          desiredAlias('a.example.com', 'E2GREEN', { strategy: 'detach-attach' }),
          desiredAlias('new.example.com', 'E2GREEN'),
        ],
        inventory,
      );
    }

    it('with a phase 2 anyway, a move whose TXT must be created joins it: 300 + 60 + 300 + 60 s', () => {
      const p = mixed(false);
      // In phase 1 it would be: TXT 60 → move → phase-1 waits end at 360 → mid repoint 420 → add →
      // 720 → new's records 780. Joining phase 2, the TXT syncs during phase 1.
      expect(p.estimate).to.deep.equal({ seconds: 720, waitPhases: 2 });
      const move = step(p, 'move-alias:www.example.com', 'move-alias');
      expect(move.dependsOn).to.deep.equal(['wait-deployed:E1BLUE:p1', 'wait-deployed:E2GREEN:p1', 'wait-dns:Z1EXAMPLE:pre']);
      expect(move.phase).to.equal(2);
      // Writes per distribution stay totally ordered: R(green) → wait → move → A(green) → wait.
      expect(step(p, 'update-aliases:E2GREEN:p2', 'update-aliases').dependsOn).to.deep.equal([
        'move-alias:www.example.com',
        'wait-dns:Z1EXAMPLE:mid',
      ]);
      expect(step(p, 'update-aliases:E2GREEN:p2', 'update-aliases').precondition.aliases).to.deep.equal([
        'new.example.com',
        'www.example.com',
      ]);
      // blue's only phase-2 write is the move: its own wait follows it.
      expect(step(p, 'wait-deployed:E1BLUE:p2', 'wait-deployed').dependsOn).to.deep.equal(['move-alias:www.example.com']);
      // www's repoint waits for green's deployment after the move, i.e. its phase-2 wait.
      expect(step(p, 'change-dns:Z1EXAMPLE:post', 'change-dns').dependsOn).to.deep.equal(['wait-deployed:E2GREEN:p2']);
      expect(p.changes.map((c) => [c.alias, c.downtimeSeconds])).to.deep.equal([
        ['a.example.com', 360],
        ['new.example.com', 0],
        ['www.example.com', 0],
      ]);
    });

    it('keeps a move in phase 1 when that is no slower (its TXT record exists)', () => {
      const p = mixed(true);
      expect(p.estimate).to.deep.equal({ seconds: 720, waitPhases: 2 });
      const move = step(p, 'move-alias:www.example.com', 'move-alias');
      expect(move.dependsOn).to.deep.equal(['update-aliases:E1BLUE:p1', 'update-aliases:E2GREEN:p1']);
      expect(move.phase).to.equal(1);
      expect(step(p, 'wait-deployed:E2GREEN:p1', 'wait-deployed').dependsOn).to.deep.equal(['move-alias:www.example.com']);
    });

    it('keeps a move in phase 1 when joining a later add would be slower (420 s, not 660 s)', () => {
      // www moves E1BLUE → E2GREEN (TXT created) and old leaves E2GREEN; new.example.com points at a
      // legacy distribution, so its attach to E3SHOP is a late add after a DNS repoint.
      const inventory = buildInventory({
        distributions: [
          buildDistribution('E1BLUE', { aliases: ['www.example.com'] }),
          buildDistribution('E2GREEN', { aliases: ['old.example.com'] }),
          buildDistribution('E3SHOP'),
        ],
        zones: [
          buildZone('Z1EXAMPLE', 'example.com', [
            aliasRecord('www.example.com', BLUE),
            aliasRecord('new.example.com', 'd9legacy.cloudfront.net'),
          ]),
        ],
      });
      const p = plan(
        [
          desiredAlias('www.example.com', 'E2GREEN', { strategy: 'move', txtProof: 'always' }),
          desiredAlias('old.example.com', null),
          desiredAlias('new.example.com', 'E3SHOP'),
        ],
        inventory,
      );
      // TXT 60 → move → waits end at 360 → www repointed 420. (After green's removal were Deployed,
      // the move would end at 600 and its repoint at 660.)
      expect(p.estimate).to.deep.equal({ seconds: 420, waitPhases: 1 });
      expect(step(p, 'move-alias:www.example.com', 'move-alias').dependsOn).to.deep.equal([
        'update-aliases:E2GREEN:p1',
        'wait-dns:Z1EXAMPLE:pre',
      ]);
      expect(step(p, 'update-aliases:E3SHOP:p2', 'update-aliases').dependsOn).to.deep.equal(['wait-dns:Z1EXAMPLE:pre']);
    });
  });

  describe('drafting the late placement only when it can win', () => {
    // www moves E1BLUE → E2GREEN with its TXT record to create; a goes E3RED → E4GOLD by
    // detach-attach (a phase-2 add). `chained` adds a move of z E2GREEN → E3RED (TXT present), after www on green, which
    // connects www's distributions to E3RED's phase-1 removal.
    function world(chained: boolean): { aliases: DesiredAlias[]; inventory: Inventory } {
      const inventory = buildInventory({
        distributions: [
          buildDistribution('E1BLUE', { aliases: ['www.example.com'] }),
          buildDistribution('E2GREEN', { aliases: chained ? ['z.example.com'] : [] }),
          buildDistribution('E3RED', { aliases: ['a.example.com'] }),
          buildDistribution('E4GOLD'),
        ],
        zones: [
          buildZone('Z1EXAMPLE', 'example.com', [
            aliasRecord('www.example.com', BLUE),
            aliasRecord('a.example.com', 'e3red.cloudfront.net'),
            ...(chained ? [aliasRecord('z.example.com', GREEN), txtRecordOf('z.example.com', 'e3red.cloudfront.net')] : []),
          ]),
        ],
      });
      const aliases = [
        desiredAlias('www.example.com', 'E2GREEN', { strategy: 'move', txtProof: 'always' }),
        desiredAlias('a.example.com', 'E4GOLD', { strategy: 'detach-attach' }),
        ...(chained ? [desiredAlias('z.example.com', 'E3RED', { strategy: 'move', txtProof: 'always' })] : []),
      ];
      return { aliases, inventory };
    }

    function schedule(chained: boolean): ReturnType<typeof scheduleSteps> {
      const { aliases, inventory } = world(chained);
      const index = indexInventory(inventory);
      return scheduleSteps(diffAliases(buildDesired(aliases), index), index, { timing: timingOf(inventory) });
    }

    it('drafts one placement when no distribution linked to a TXT-waiting move has other writes', () => {
      const s = schedule(false);
      expect(s.placementsDrafted).to.equal(1);
      // The move stays in phase 1 (TXT 60 → move → deployed 360 → repoint 420); beside it red's
      // removal is deployed at 300, a's repoint synced at 360, and gold's add deployed at 660.
      expect(s.steps.find((x) => x.id === 'move-alias:www.example.com')!.dependsOn).to.deep.equal(['wait-dns:Z1EXAMPLE:pre']);
      expect(s.estimate.estimate).to.deep.equal({ seconds: 660, waitPhases: 2 });
      expect(plan(world(false).aliases, world(false).inventory).estimate).to.deep.equal({ seconds: 660, waitPhases: 2 });
    });

    it('drafts both when a chain of moves links it to a phase-1 write, and keeps the faster', () => {
      const s = schedule(true);
      expect(s.placementsDrafted).to.equal(2);
      // Early: the chain www (after its TXT, 60) → z holds red's phase-1 wait until 360, so a's
      // repoint syncs at 420 and gold's add is deployed at 720. Late: red's removal is deployed at
      // 300, a's repoint at 360, gold's add at 660; z moves at 300 and red, green and blue are
      // deployed again at 600, the repoints of www and z synced at 660: 660 s.
      expect(s.estimate.estimate).to.deep.equal({ seconds: 660, waitPhases: 2 });
      expect(s.steps.find((x) => x.id === 'move-alias:z.example.com')!.dependsOn).to.include('wait-deployed:E3RED:p1');
    });
  });

  it('keeps chains of moves short: a ring of four moves runs in two rounds, not four', () => {
    // a: E1→E2, b: E2→E3, c: E3→E4, d: E4→E1. Rounds (first free on both ends, alias order):
    // a 1, b 2 (E2 busy in 1), c 1, d 2 (E4 and E1 busy in 1).
    const inventory = buildInventory({
      certificates: ORG_CERT,
      distributions: [
        buildDistribution('E1', { aliases: ['a.example.org'] }),
        buildDistribution('E2', { aliases: ['b.example.org'] }),
        buildDistribution('E3', { aliases: ['c.example.org'] }),
        buildDistribution('E4', { aliases: ['d.example.org'] }),
      ],
      zones: [
        buildZone('Z2ORG', 'example.org', [
          txtRecordOf('a.example.org', 'e2.cloudfront.net'),
          txtRecordOf('b.example.org', 'e3.cloudfront.net'),
          txtRecordOf('c.example.org', 'e4.cloudfront.net'),
          txtRecordOf('d.example.org', 'e1.cloudfront.net'),
        ]),
      ],
    });
    const p = plan(
      [
        desiredAlias('a.example.org', 'E2', { dns: 'none' }),
        desiredAlias('b.example.org', 'E3', { dns: 'none' }),
        desiredAlias('c.example.org', 'E4', { dns: 'none' }),
        desiredAlias('d.example.org', 'E1', { dns: 'none' }),
      ],
      inventory,
    );
    const moves = p.steps.filter((s) => s.kind === 'move-alias').map((s) => [s.id, s.dependsOn]);
    expect(moves).to.deep.equal([
      ['move-alias:a.example.org', []],
      ['move-alias:c.example.org', []],
      ['move-alias:b.example.org', ['move-alias:a.example.org', 'move-alias:c.example.org']],
      ['move-alias:d.example.org', ['move-alias:a.example.org', 'move-alias:c.example.org']],
    ]);
    expect(step(p, 'wait-deployed:E1:p1', 'wait-deployed').dependsOn).to.deep.equal(['move-alias:d.example.org']);
    expect(p.estimate).to.deep.equal({ seconds: 300, waitPhases: 1 });
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

  describe('DNS', () => {
    it('detach-attach with a repoint: remove → wait → repoint (mid) → wait INSYNC → add → wait → verify', () => {
      const a = aliasRecord('www.example.com', BLUE);
      const aaaa = aliasRecord('www.example.com', BLUE, 'AAAA');
      const inventory = buildInventory({
        distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN')],
        zones: [buildZone('Z1EXAMPLE', 'example.com', [a, aaaa])],
      });
      const p = plan([desiredAlias('www.example.com', 'E2GREEN', { strategy: 'detach-attach' })], inventory);
      expect(ids(p)).to.deep.equal([
        'update-aliases:E1BLUE:p1',
        'wait-deployed:E1BLUE:p1',
        'change-dns:Z1EXAMPLE:mid',
        'verify:E1BLUE',
        'wait-dns:Z1EXAMPLE:mid',
        'update-aliases:E2GREEN:p2',
        'wait-deployed:E2GREEN:p2',
        'verify:E2GREEN',
      ]);
      expect(p.steps.map((s) => s.phase)).to.deep.equal([1, 1, 1, 1, 1, 2, 2, 2]);
      const newA = {
        name: 'www.example.com.',
        type: 'A',
        aliasTarget: { dnsName: `${GREEN}.`, hostedZoneId: 'Z2FDTNDATAQYW2', evaluateTargetHealth: false },
      };
      const newAaaa = { ...newA, type: 'AAAA' };
      const change = step(p, 'change-dns:Z1EXAMPLE:mid', 'change-dns');
      expect(change).to.deep.include({ zoneId: 'Z1EXAMPLE', zoneName: 'example.com.', dependsOn: ['wait-deployed:E1BLUE:p1'] });
      expect(change.changes).to.deep.equal([
        { action: 'UPSERT', record: newA },
        { action: 'UPSERT', record: newAaaa },
      ]);
      expect(change.precondition.records).to.deep.equal([
        { name: 'www.example.com.', type: 'A', record: a },
        { name: 'www.example.com.', type: 'AAAA', record: aaaa },
      ]);
      expect(change.postcondition.records).to.deep.equal([
        { name: 'www.example.com.', type: 'A', record: newA },
        { name: 'www.example.com.', type: 'AAAA', record: newAaaa },
      ]);
      expect(step(p, 'wait-dns:Z1EXAMPLE:mid', 'wait-dns')).to.deep.include({
        changeStep: 'change-dns:Z1EXAMPLE:mid',
        zoneId: 'Z1EXAMPLE',
      });
      expect(step(p, 'update-aliases:E2GREEN:p2', 'update-aliases').dependsOn).to.deep.equal(['wait-dns:Z1EXAMPLE:mid']);
      expect(step(p, 'verify:E2GREEN', 'verify')).to.deep.include({
        aliases: ['www.example.com'],
        dns: [{ zoneId: 'Z1EXAMPLE', name: 'www.example.com.', pointsAt: GREEN }],
        dependsOn: ['wait-deployed:E2GREEN:p2'],
      });
      expect(step(p, 'verify:E1BLUE', 'verify')).to.deep.include({ aliases: [], dns: [] });
      expect(p.estimate).to.deep.equal({ seconds: 660, waitPhases: 2 });
      expect(p.changes[0]!.downtimeSeconds).to.equal(360);
    });

    it('same-account move by default: no TXT step; the move carries its API and the record to create if CloudFront asks', () => {
      const inventory = buildInventory({
        distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN')],
        zones: [buildZone('Z1EXAMPLE', 'example.com', [cnameRecord('www.example.com', BLUE, 60)])],
      });
      const p = plan([desiredAlias('www.example.com', 'E2GREEN')], inventory);
      expect(ids(p)).to.deep.equal([
        'move-alias:www.example.com',
        'wait-deployed:E1BLUE:p1',
        'wait-deployed:E2GREEN:p1',
        'change-dns:Z1EXAMPLE:post',
        'verify:E1BLUE',
        'wait-dns:Z1EXAMPLE:post',
        'verify:E2GREEN',
      ]);
      expect(step(p, 'move-alias:www.example.com', 'move-alias')).to.deep.include({
        dependsOn: [],
        api: 'update-domain-association',
        txtFallback: {
          zoneId: 'Z1EXAMPLE',
          zoneName: 'example.com.',
          record: { name: '_www.example.com.', type: 'TXT', ttl: 300, values: [`"${GREEN}"`] },
        },
      });
      expect(p.estimate).to.deep.equal({ seconds: 360, waitPhases: 1 });
      expect(p.changes[0]).to.deep.include({ strategy: 'move', moveApi: 'update-domain-association', downtimeSeconds: 0 });
    });

    it('move with txtProof: always and the TXT record missing: TXT (pre) → move → wait → repoint CNAME keeping its TTL (post) → verify', () => {
      const inventory = buildInventory({
        distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN')],
        zones: [buildZone('Z1EXAMPLE', 'example.com', [cnameRecord('www.example.com', BLUE, 60)])],
      });
      const p = plan([desiredAlias('www.example.com', 'E2GREEN', { txtProof: 'always' })], inventory);
      expect(ids(p)).to.deep.equal([
        'change-dns:Z1EXAMPLE:pre',
        'wait-dns:Z1EXAMPLE:pre',
        'move-alias:www.example.com',
        'wait-deployed:E1BLUE:p1',
        'wait-deployed:E2GREEN:p1',
        'change-dns:Z1EXAMPLE:post',
        'verify:E1BLUE',
        'wait-dns:Z1EXAMPLE:post',
        'verify:E2GREEN',
      ]);
      expect(p.steps.every((s) => s.phase === 1)).to.equal(true);
      const txt = step(p, 'change-dns:Z1EXAMPLE:pre', 'change-dns');
      expect(txt.changes).to.deep.equal([
        { action: 'UPSERT', record: { name: '_www.example.com.', type: 'TXT', ttl: 300, values: [`"${GREEN}"`] } },
      ]);
      expect(txt.precondition.records).to.deep.equal([{ name: '_www.example.com.', type: 'TXT', record: null }]);
      expect(step(p, 'move-alias:www.example.com', 'move-alias').dependsOn).to.deep.equal(['wait-dns:Z1EXAMPLE:pre']);
      const post = step(p, 'change-dns:Z1EXAMPLE:post', 'change-dns');
      expect(post.dependsOn).to.deep.equal(['wait-deployed:E2GREEN:p1']);
      expect(post.changes).to.deep.equal([
        { action: 'UPSERT', record: { name: 'www.example.com.', type: 'CNAME', ttl: 60, values: [GREEN] } },
      ]);
      expect(step(p, 'verify:E2GREEN', 'verify').dependsOn).to.deep.equal(['wait-deployed:E2GREEN:p1', 'wait-dns:Z1EXAMPLE:post']);
      expect(p.estimate).to.deep.equal({ seconds: 420, waitPhases: 1 });
      expect(p.changes[0]).to.deep.include({ strategy: 'move', downtimeSeconds: 0 });
    });

    it('move of the apex of a delegated subzone with txtProof: always: `_.<apex>` in the subzone (pre), repoint there too (post)', () => {
      const inventory = buildInventory({
        distributions: [buildDistribution('E1BLUE', { aliases: ['shop.example.com'] }), buildDistribution('E2GREEN')],
        zones: [buildZone('Z1EXAMPLE', 'example.com'), buildZone('Z2SHOP', 'shop.example.com', [aliasRecord('shop.example.com', BLUE)])],
      });
      const p = plan([desiredAlias('shop.example.com', 'E2GREEN', { txtProof: 'always' })], inventory);
      expect(p.diagnostics).to.deep.equal([]);
      expect(ids(p)).to.deep.equal([
        'change-dns:Z2SHOP:pre',
        'wait-dns:Z2SHOP:pre',
        'move-alias:shop.example.com',
        'wait-deployed:E1BLUE:p1',
        'wait-deployed:E2GREEN:p1',
        'change-dns:Z2SHOP:post',
        'verify:E1BLUE',
        'wait-dns:Z2SHOP:post',
        'verify:E2GREEN',
      ]);
      const txt = step(p, 'change-dns:Z2SHOP:pre', 'change-dns');
      expect(txt).to.deep.include({ zoneId: 'Z2SHOP', zoneName: 'shop.example.com.' });
      expect(txt.changes).to.deep.equal([
        { action: 'UPSERT', record: { name: '_.shop.example.com.', type: 'TXT', ttl: 300, values: [`"${GREEN}"`] } },
      ]);
      const post = step(p, 'change-dns:Z2SHOP:post', 'change-dns');
      expect(post.changes.map((c) => `${c.record.name} ${c.record.type} ${c.record.aliasTarget?.dnsName}`)).to.deep.equal([
        `shop.example.com. A ${GREEN}.`,
      ]);
      expect(p.changes[0]).to.deep.include({ strategy: 'move', downtimeSeconds: 0 });
    });

    it('auto move of a zone apex: one move, no gap; the record it would create if asked is `_.<apex>` inside the apex zone', () => {
      const inventory = buildInventory({
        distributions: [buildDistribution('E1BLUE', { aliases: ['example.com'] }), buildDistribution('E2GREEN')],
        zones: [buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('example.com', BLUE)])],
      });
      const p = plan([desiredAlias('example.com', 'E2GREEN')], inventory);
      expect(p.diagnostics).to.deep.equal([]);
      expect(p.changes[0]).to.deep.include({ strategy: 'move', downtimeSeconds: 0 });
      expect(ids(p)).to.deep.equal([
        'move-alias:example.com',
        'wait-deployed:E1BLUE:p1',
        'wait-deployed:E2GREEN:p1',
        'change-dns:Z1EXAMPLE:post',
        'verify:E1BLUE',
        'wait-dns:Z1EXAMPLE:post',
        'verify:E2GREEN',
      ]);
      expect(step(p, 'move-alias:example.com', 'move-alias').txtFallback).to.deep.equal({
        zoneId: 'Z1EXAMPLE',
        zoneName: 'example.com.',
        record: { name: '_.example.com.', type: 'TXT', ttl: 300, values: [`"${GREEN}"`] },
      });
    });

    it('auto move of a wildcard: one move; the record it would create if asked is `_*.<parent>`', () => {
      const inventory = buildInventory({
        distributions: [buildDistribution('E1BLUE', { aliases: ['*.example.com'] }), buildDistribution('E2GREEN')],
        zones: [buildZone('Z1EXAMPLE', 'example.com')],
      });
      const p = plan([desiredAlias('*.example.com', 'E2GREEN')], inventory);
      expect(p.changes[0]).to.deep.include({ strategy: 'move', downtimeSeconds: 0 });
      expect(step(p, 'move-alias:*.example.com', 'move-alias').txtFallback?.record.name).to.equal('_*.example.com.');
      expect(p.estimate.waitPhases).to.equal(1);
    });

    it('attach while DNS points at another distribution: repoint first (pre), then add', () => {
      const inventory = buildInventory({
        distributions: [buildDistribution('E2GREEN')],
        zones: [buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('new.example.com', 'd9else.cloudfront.net')])],
      });
      const p = plan([desiredAlias('new.example.com', 'E2GREEN')], inventory);
      expect(ids(p)).to.deep.equal([
        'change-dns:Z1EXAMPLE:pre',
        'wait-dns:Z1EXAMPLE:pre',
        'update-aliases:E2GREEN:p2',
        'wait-deployed:E2GREEN:p2',
        'verify:E2GREEN',
      ]);
      expect(step(p, 'update-aliases:E2GREEN:p2', 'update-aliases')).to.deep.include({
        dependsOn: ['wait-dns:Z1EXAMPLE:pre'],
        add: ['new.example.com'],
        phase: 1,
      });
      expect(
        step(p, 'change-dns:Z1EXAMPLE:pre', 'change-dns').changes.map((c) => `${c.record.type} ${c.record.aliasTarget?.dnsName}`),
      ).to.deep.equal([`A ${GREEN}.`]);
      expect(p.estimate).to.deep.equal({ seconds: 360, waitPhases: 1 });
    });

    it('attach without a record: add (phase 1), then create A and AAAA after the deployment (post)', () => {
      const inventory = buildInventory({ distributions: [buildDistribution('E2GREEN')], zones: [buildZone('Z1EXAMPLE', 'example.com')] });
      const p = plan([desiredAlias('new.example.com', 'E2GREEN')], inventory);
      expect(ids(p)).to.deep.equal([
        'update-aliases:E2GREEN:p1',
        'wait-deployed:E2GREEN:p1',
        'change-dns:Z1EXAMPLE:post',
        'wait-dns:Z1EXAMPLE:post',
        'verify:E2GREEN',
      ]);
      const post = step(p, 'change-dns:Z1EXAMPLE:post', 'change-dns');
      expect(post.changes.map((c) => c.record.type)).to.deep.equal(['A', 'AAAA']);
      expect(post.precondition.records.map((r) => r.record)).to.deep.equal([null, null]);
      expect(p.estimate).to.deep.equal({ seconds: 360, waitPhases: 1 });
    });

    it('batches DNS per zone and stage', () => {
      const inventory = buildInventory({
        certificates: ORG_CERT,
        distributions: [
          buildDistribution('E1BLUE', { aliases: ['a.example.com', 'b.example.com', 'c.example.org'] }),
          buildDistribution('E2GREEN'),
        ],
        zones: [
          buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('a.example.com', BLUE), cnameRecord('b.example.com', BLUE)]),
          buildZone('Z2ORG', 'example.org', [aliasRecord('c.example.org', BLUE)]),
        ],
      });
      const p = plan(
        ['a.example.com', 'b.example.com', 'c.example.org'].map((a) => desiredAlias(a, 'E2GREEN', { strategy: 'detach-attach' })),
        inventory,
      );
      expect(kinds(p)).to.deep.equal({ 'update-aliases': 2, 'wait-deployed': 2, 'change-dns': 2, 'wait-dns': 2, verify: 2 });
      expect(step(p, 'change-dns:Z1EXAMPLE:mid', 'change-dns').changes.map((c) => `${c.record.name} ${c.record.type}`)).to.deep.equal([
        'a.example.com. A',
        'b.example.com. CNAME',
      ]);
      expect(step(p, 'update-aliases:E2GREEN:p2', 'update-aliases').dependsOn).to.deep.equal([
        'wait-dns:Z1EXAMPLE:mid',
        'wait-dns:Z2ORG:mid',
      ]);
    });

    it('splits a large change batch (at most 500 record changes each)', () => {
      const aliases = Array.from({ length: 600 }, (_, i) => `n${String(i).padStart(3, '0')}.example.com`);
      const inventory = buildInventory({
        aliasQuota: 1000,
        distributions: [buildDistribution('E2GREEN')],
        zones: [buildZone('Z1EXAMPLE', 'example.com')],
      });
      const p = plan(
        aliases.map((a) => desiredAlias(a, 'E2GREEN')),
        inventory,
      );
      const batches = p.steps.filter((s) => s.kind === 'change-dns');
      expect(batches.map((s) => s.id)).to.deep.equal([
        'change-dns:Z1EXAMPLE:post:1',
        'change-dns:Z1EXAMPLE:post:2',
        'change-dns:Z1EXAMPLE:post:3',
      ]);
      expect(batches.map((s) => (s.kind === 'change-dns' ? s.changes.length : 0))).to.deep.equal([500, 500, 200]);
      expect(step(p, 'verify:E2GREEN', 'verify').dependsOn).to.deep.equal([
        'wait-deployed:E2GREEN:p1',
        'wait-dns:Z1EXAMPLE:post:1',
        'wait-dns:Z1EXAMPLE:post:2',
        'wait-dns:Z1EXAMPLE:post:3',
      ]);
    });

    it('repairs a no-op alias whose record points at another distribution, with no alias steps', () => {
      const inventory = buildInventory({
        distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] })],
        zones: [buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('www.example.com', GREEN)])],
      });
      const p = plan([desiredAlias('www.example.com', 'E1BLUE')], inventory);
      expect(ids(p)).to.deep.equal(['change-dns:Z1EXAMPLE:post', 'wait-dns:Z1EXAMPLE:post']);
      expect(p.changes[0]).to.deep.include({ action: 'noop', dns: { zoneId: 'Z1EXAMPLE', from: GREEN, to: BLUE } });
    });
  });
});
