import { expect } from 'chai';
import type { Inventory } from '../inventory/inventory.js';
import type { DesiredState } from '../desired/desired.js';
import { planHasChanges } from './plan.js';
import { serializePlan } from './plan-document.js';
import { inventoryScope, planCutover } from './planner.js';
import {
  aliasRecord,
  buildCertificate,
  buildDesired,
  buildDistribution,
  buildInventory,
  buildZone,
  cnameRecord,
  desiredAlias,
  TEST_NOW,
} from '../testing/index.js';

function demo(): { desired: DesiredState; inventory: Inventory } {
  const inventory = buildInventory({
    distributions: [
      buildDistribution('E1BLUE', { aliases: ['www.example.com', 'api.example.com', 'old.example.com', 'a.example.com'] }),
      buildDistribution('E2GREEN', { aliases: ['b.example.com'] }),
    ],
    certificates: [buildCertificate('main', ['example.com', '*.example.com'])],
    zones: [
      buildZone('Z1EXAMPLE', 'example.com', [
        aliasRecord('www.example.com', 'e1blue.cloudfront.net'),
        aliasRecord('www.example.com', 'e1blue.cloudfront.net', 'AAAA'),
        cnameRecord('api.example.com', 'e1blue.cloudfront.net'),
        aliasRecord('a.example.com', 'e1blue.cloudfront.net'),
        aliasRecord('b.example.com', 'e2green.cloudfront.net'),
      ]),
    ],
  });
  const desired = buildDesired(
    [
      desiredAlias('www.example.com', 'E2GREEN', { txtProof: 'always' }),
      desiredAlias('api.example.com', 'E2GREEN', { strategy: 'detach-attach' }),
      desiredAlias('old.example.com', null),
      desiredAlias('new.example.com', 'E2GREEN'),
      desiredAlias('a.example.com', 'E2GREEN', { strategy: 'detach-attach' }),
      desiredAlias('b.example.com', 'E1BLUE', { strategy: 'detach-attach' }),
    ],
    { distributions: { blue: 'E1BLUE', green: 'E2GREEN' } },
  );
  return { desired, inventory };
}

function shuffled<T>(items: readonly T[]): T[] {
  // A fixed permutation (reverse, then rotate by one): deterministic, and not the input order.
  const reversed = [...items].reverse();
  return [...reversed.slice(1), ...reversed.slice(0, 1)];
}

describe('planCutover', () => {
  it('plans a mixed cutover: summary, actions, strategies, estimate', () => {
    const { desired, inventory } = demo();
    const plan = planCutover(desired, inventory, { now: TEST_NOW });
    expect(plan.summary).to.deep.equal({ attach: 1, detach: 1, move: 4, noop: 0, errors: 0, warnings: 0 });
    expect(plan.changes.map((c) => [c.alias, c.action, c.from, c.to, c.strategy, c.downtimeSeconds])).to.deep.equal([
      // a: detach-attach, A record at E1BLUE → mid repoint; removal Deployed at 360, add Deployed at 720.
      ['a.example.com', 'move', 'E1BLUE', 'E2GREEN', 'detach-attach', 360],
      ['api.example.com', 'move', 'E1BLUE', 'E2GREEN', 'detach-attach', 360],
      // b: swap partner; its A record points at E2GREEN → mid repoint too.
      ['b.example.com', 'move', 'E2GREEN', 'E1BLUE', 'detach-attach', 360],
      ['new.example.com', 'attach', null, 'E2GREEN', null, 0],
      ['old.example.com', 'detach', 'E1BLUE', null, null, 0],
      ['www.example.com', 'move', 'E1BLUE', 'E2GREEN', 'move', 0],
    ]);
    // The plan has a phase 2 (the a/api/b detach-attach adds), so the move of www joins it: phase-1
    // removals (old, a, api on E1BLUE; b on E2GREEN) → waits end at 300 (the TXT for www syncs
    // meanwhile, 0–60 s) → move www at 300, mid repoints (a, api, b) in sync at 360 → adds → phase-2
    // waits end at 660 → the post batch of Z1EXAMPLE (www repoint, new.example.com's records) in
    // sync at 720 = 300 + 60 + 300 + 60. (With www in phase 1 it would be 60 + 300 + 60 + 300 + 60.)
    expect(plan.estimate).to.deep.equal({ seconds: 720, waitPhases: 2 });
    expect(plan.steps.find((s) => s.id === 'move-alias:www.example.com')?.dependsOn).to.deep.equal([
      'wait-deployed:E1BLUE:p1',
      'wait-deployed:E2GREEN:p1',
      'wait-dns:Z1EXAMPLE:pre',
    ]);
    expect(plan.steps.find((s) => s.id === 'update-aliases:E2GREEN:p2')?.dependsOn).to.deep.equal([
      'move-alias:www.example.com',
      'wait-dns:Z1EXAMPLE:mid',
    ]);
    expect(plan.steps.find((s) => s.id === 'change-dns:Z1EXAMPLE:post')?.dependsOn).to.deep.equal(['wait-deployed:E2GREEN:p2']);
    expect(planHasChanges(plan)).to.equal(true);
  });

  it('is deterministic: same input, or the same facts in another order, give byte-identical plans', () => {
    const { desired, inventory } = demo();
    const first = serializePlan(planCutover(desired, inventory, { now: TEST_NOW }));
    expect(serializePlan(planCutover(desired, inventory, { now: TEST_NOW }))).to.equal(first);
    const reordered: Inventory = {
      ...inventory,
      distributions: shuffled(inventory.distributions).map((d) => ({ ...d, aliases: shuffled(d.aliases) })),
      hostedZones: inventory.hostedZones.map((z) => ({ ...z, records: shuffled(z.records) })),
    };
    const redesired: DesiredState = { ...desired, aliases: shuffled(desired.aliases) };
    expect(serializePlan(planCutover(redesired, reordered, { now: new Date(TEST_NOW) }))).to.equal(first);
  });

  it('has no changes and no steps when the live state matches', () => {
    const inventory = buildInventory({ distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] })] });
    const plan = planCutover(buildDesired([desiredAlias('www.example.com', 'E1BLUE'), desiredAlias('gone.example.com', null)]), inventory, {
      now: TEST_NOW,
    });
    expect(plan.summary).to.deep.equal({ attach: 0, detach: 0, move: 0, noop: 2, errors: 0, warnings: 0 });
    expect(plan.steps).to.deep.equal([]);
    expect(plan.distributions).to.deep.equal([]);
    expect(plan.estimate).to.deep.equal({ seconds: 0, waitPhases: 0 });
    expect(planHasChanges(plan)).to.equal(false);
  });

  it('a blocked plan keeps its changes and diagnostics but has no steps', () => {
    const { desired, inventory } = demo();
    const blocked = planCutover({ ...desired, account: '999999999999' }, inventory, { now: TEST_NOW });
    expect(blocked.summary).to.deep.equal({ attach: 1, detach: 1, move: 4, noop: 0, errors: 1, warnings: 0 });
    expect(blocked.diagnostics.map((d) => d.code)).to.deep.equal(['account-mismatch']);
    expect(blocked.steps).to.deep.equal([]);
    expect(blocked.estimate).to.deep.equal({ seconds: 0, waitPhases: 0 });
    expect(blocked.changes).to.have.length(6);
  });

  it('refuses an invalid "now"', () => {
    const { desired, inventory } = demo();
    expect(() => planCutover(desired, inventory, { now: 'yesterday' })).to.throw(RangeError, '"now" is not a valid date (yesterday)');
  });

  it('scales: 10,000 aliases over 200 distributions (counts)', () => {
    // Sources S000–S099 hold 100 aliases each; alias i goes to T(i / 100). Even aliases: auto → move
    // (txtProof: always: TXT created); odd aliases: detach-attach with their A record repointed between removal and add.
    const distributions = [];
    const records = [];
    const aliases = [];
    for (let s = 0; s < 100; s++) {
      const src = `ES${String(s).padStart(3, '0')}`;
      const own: string[] = [];
      for (let j = 0; j < 100; j++) {
        const alias = `h${String(s * 100 + j).padStart(5, '0')}.example.com`;
        own.push(alias);
        records.push(aliasRecord(alias, `${src.toLowerCase()}.cloudfront.net`));
        aliases.push(
          desiredAlias(alias, `ET${String(s).padStart(3, '0')}`, j % 2 === 0 ? { txtProof: 'always' } : { strategy: 'detach-attach' }),
        );
      }
      distributions.push(buildDistribution(src, { aliases: own }), buildDistribution(`ET${String(s).padStart(3, '0')}`));
    }
    const inventory = buildInventory({ distributions, zones: [buildZone('Z1EXAMPLE', 'example.com', records)] });
    const plan = planCutover(buildDesired(aliases), inventory, { now: TEST_NOW, force: true });
    expect(plan.summary).to.deep.equal({ attach: 0, detach: 0, move: 10000, noop: 0, errors: 0, warnings: 0 });
    const kinds: Record<string, number> = {};
    for (const s of plan.steps) kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
    // 5,000 TXT + 5,000 mid repoints + 5,000 post repoints, 500 record changes a batch: 10 + 10 + 10.
    // Waits: one phase-1 wait per distribution (200) + one phase-2 wait per target (100).
    expect(kinds).to.deep.equal({
      'change-dns': 30,
      'wait-dns': 30,
      'move-alias': 5000,
      'update-aliases': 200,
      'wait-deployed': 300,
      verify: 200,
    });
    // TXT in sync at 60 s → moves → phase-1 waits end at 360 → mid repoints in sync at 420 → adds → 720.
    expect(plan.estimate).to.deep.equal({ seconds: 720, waitPhases: 2 });
  });
});

describe('inventoryScope', () => {
  it('lists the managed aliases and every distribution named, sorted and unique', () => {
    const desired = buildDesired(
      [desiredAlias('www.example.com', 'E2GREEN'), desiredAlias('api.example.com', 'E9OTHER'), desiredAlias('old.example.com', null)],
      { distributions: { green: 'E2GREEN', blue: 'E1BLUE' } },
    );
    expect(inventoryScope(desired)).to.deep.equal({
      aliases: ['api.example.com', 'old.example.com', 'www.example.com'],
      distributionIds: ['E1BLUE', 'E2GREEN', 'E9OTHER'],
    });
  });

  it("with a registry of accounts, also asks who holds each targeted alias's parent wildcard", () => {
    const desired = {
      ...buildDesired([
        desiredAlias('www.example.com', 'E2GREEN'),
        desiredAlias('old.example.org', null),
        desiredAlias('example.net', 'E2GREEN'),
      ]),
      accounts: { prod: { id: '111111111111' }, agency: { id: '222222222222' } },
    };
    expect(inventoryScope(desired).aliases).to.deep.equal(['*.example.com', 'example.net', 'old.example.org', 'www.example.com']);
  });

  it('asks for a wildcard shared by several aliases, or also managed itself, once', () => {
    const desired = {
      ...buildDesired([
        desiredAlias('*.example.com', 'E2GREEN'),
        desiredAlias('api.example.com', 'E2GREEN'),
        desiredAlias('www.example.com', 'E1BLUE'),
      ]),
      accounts: { prod: { id: '111111111111' }, agency: { id: '222222222222' } },
    };
    expect(inventoryScope(desired).aliases).to.deep.equal(['*.example.com', 'api.example.com', 'www.example.com']);
  });
});
