/** The scheduler's `move` strategy: chains per distribution, early or late placement, rounds. */
import { expect } from 'chai';
import type { DesiredAlias } from '../desired/desired.js';
import type { Inventory } from '../inventory/inventory.js';
import type { Plan } from './plan.js';
import { diffAliases } from './diff.js';
import { timingOf } from './estimate.js';
import { indexInventory } from '../inventory/inventory-index.js';
import { scheduleSteps } from './schedule.js';
import { aliasRecord, buildDesired, buildDistribution, buildInventory, buildZone, desiredAlias, txtRecordOf } from '../testing/index.js';
import { BLUE, GREEN, ids, ORG_CERT, plan, step } from '../testing/schedule-helpers.js';

describe('scheduler: moves', () => {
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
});
