/**
 * The scheduler and a wildcard the plan detaches while it adds exact aliases the wildcard serves:
 * the wildcard leaves no earlier than those adds take effect, so every name stays served.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { servingAlias } from '../hostnames.js';
import { aliasRecord, buildDistribution, buildInventory, buildZone, desiredAlias } from '../testing/index.js';
import { ids, linearize, ORG_CERT, plan, step } from '../testing/schedule-helpers.js';
import type { Plan } from './plan.js';

/** The phase of the update that removes (or adds) `alias`. */
function phaseOf(p: Plan, change: 'remove' | 'add', alias: string): number {
  const update = p.steps.find((s) => s.kind === 'update-aliases' && s[change].includes(alias));
  expect(update, `${change} ${alias}`).to.not.equal(undefined);
  return update!.phase;
}

describe('scheduler: a wildcard detached while exact aliases under it are added', () => {
  it('same distribution: the wildcard leaves in the update that adds the names it serves', () => {
    // a.example.com is served by *.example.com on E2GREEN; its DNS points at E1BLUE, so its add
    // follows a DNS repoint (phase 2).
    const inventory = buildInventory({
      certificates: ORG_CERT,
      distributions: [buildDistribution('E1BLUE'), buildDistribution('E2GREEN', { aliases: ['*.example.com'] })],
      zones: [buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('a.example.com', 'e1blue.cloudfront.net')])],
    });
    const p = plan([desiredAlias('*.example.com', null), desiredAlias('a.example.com', 'E2GREEN')], inventory);
    expect(p.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    expect(phaseOf(p, 'remove', '*.example.com')).to.equal(phaseOf(p, 'add', 'a.example.com'));
    const update = step(p, 'update-aliases:E2GREEN:p2', 'update-aliases');
    expect(update.remove).to.deep.equal(['*.example.com']);
    expect(update.add).to.deep.equal(['a.example.com']);
    expect(ids(p)).to.not.include('update-aliases:E2GREEN:p1');
  });

  it('same distribution: a detach-attach arriving under the wildcard is served by it during its gap', () => {
    const inventory = buildInventory({
      certificates: ORG_CERT,
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['a.example.com'] }),
        buildDistribution('E2GREEN', { aliases: ['*.example.com'] }),
      ],
    });
    const p = plan(
      [desiredAlias('*.example.com', null), desiredAlias('a.example.com', 'E2GREEN', { strategy: 'detach-attach', dns: 'none' })],
      inventory,
    );
    const update = step(p, 'update-aliases:E2GREEN:p2', 'update-aliases');
    expect(update).to.deep.include({ remove: ['*.example.com'], add: ['a.example.com'] });
    expect(step(p, 'update-aliases:E1BLUE:p1', 'update-aliases').remove).to.deep.equal(['a.example.com']);
  });

  it('another distribution: the wildcard leaves only once the names it serves are Deployed on their target', () => {
    const inventory = buildInventory({
      certificates: ORG_CERT,
      distributions: [buildDistribution('E1BLUE', { aliases: ['*.example.com'] }), buildDistribution('E2GREEN')],
      zones: [buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('a.example.com', 'e1blue.cloudfront.net')])],
    });
    const p = plan([desiredAlias('*.example.com', null), desiredAlias('a.example.com', 'E2GREEN')], inventory);
    expect(p.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const removal = p.steps.find((s) => s.kind === 'update-aliases' && s.remove.includes('*.example.com'))!;
    expect(removal.dependsOn).to.include('wait-deployed:E2GREEN:p2');
    expect(phaseOf(p, 'remove', '*.example.com')).to.be.greaterThan(phaseOf(p, 'add', 'a.example.com'));
    expect(p.steps.find((s) => s.id === 'verify:E1BLUE')!.dependsOn).to.include(`wait-deployed:E1BLUE:${removal.id.split(':')[2]}`);
  });

  it('another distribution: a detach-attach arriving there is served by the wildcard during its gap', () => {
    const inventory = buildInventory({
      certificates: ORG_CERT,
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['*.example.com'] }),
        buildDistribution('E2GREEN'),
        buildDistribution('E3SRC', { aliases: ['a.example.com'] }),
      ],
    });
    const p = plan(
      [desiredAlias('*.example.com', null), desiredAlias('a.example.com', 'E2GREEN', { strategy: 'detach-attach', dns: 'none' })],
      inventory,
    );
    expect(step(p, 'update-aliases:E1BLUE:drop-wildcard', 'update-aliases')).to.deep.include({
      remove: ['*.example.com'],
      add: [],
      dependsOn: ['wait-deployed:E2GREEN:p2'],
    });
    expect(ids(p)).to.not.include('update-aliases:E1BLUE:p1');
  });

  it('a wildcard detached with nothing added under it still leaves in phase 1', () => {
    const inventory = buildInventory({
      certificates: ORG_CERT,
      distributions: [buildDistribution('E1BLUE', { aliases: ['*.example.com'] }), buildDistribution('E2GREEN')],
    });
    const p = plan([desiredAlias('*.example.com', null), desiredAlias('a.example.org', 'E2GREEN')], inventory);
    expect(step(p, 'update-aliases:E1BLUE:p1', 'update-aliases').remove).to.deep.equal(['*.example.com']);
  });
});

const NAMES = ['a.example.com', 'b.example.com', 'c.example.com'];
const DISTRIBUTIONS = ['E1BLUE', 'E2GREEN'] as const;

/** A world where *.example.com serves names with no exact alias, and a plan that detaches it while attaching them. */
const world = fc.record({
  holder: fc.constantFrom(...DISTRIBUTIONS),
  names: fc.subarray(NAMES, { minLength: 1 }),
  targets: fc.array(fc.constantFrom(...DISTRIBUTIONS), { minLength: NAMES.length, maxLength: NAMES.length }),
  dns: fc.array(fc.constantFrom('E1BLUE', 'E2GREEN', 'none'), { minLength: NAMES.length, maxLength: NAMES.length }),
});

describe('scheduler: a wildcard detached while exact aliases under it are added (property)', () => {
  it('keeps every name served (exact alias, else the wildcard) at every step boundary, in any order', () => {
    fc.assert(
      fc.property(world, fc.array(fc.nat(), { maxLength: 20 }), (w, picks) => {
        const domains = { E1BLUE: 'e1blue.cloudfront.net', E2GREEN: 'e2green.cloudfront.net' } as const;
        const records = w.names.flatMap((n) => {
          const to = w.dns[NAMES.indexOf(n)]!;
          return to === 'none' ? [] : [aliasRecord(n, domains[to])];
        });
        const inventory = buildInventory({
          certificates: ORG_CERT,
          distributions: DISTRIBUTIONS.map((d) => buildDistribution(d, { aliases: d === w.holder ? ['*.example.com'] : [] })),
          zones: [buildZone('Z1EXAMPLE', 'example.com', records)],
        });
        const p = plan(
          [desiredAlias('*.example.com', null), ...w.names.map((n) => desiredAlias(n, w.targets[NAMES.indexOf(n)]!))],
          inventory,
        );
        expect(p.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
        const edge = new Map(inventory.distributions.map((d) => [d.id, new Set(d.aliases)]));
        const check = (when: string): void => {
          const held = [...edge.values()];
          for (const n of w.names)
            expect(
              held.some((set) => servingAlias(n, set) !== undefined),
              `${n} ${when}`,
            ).to.equal(true);
        };
        check('before the first step');
        for (const s of linearize(p.steps, picks)) {
          if (s.kind === 'update-aliases') {
            for (const a of s.remove) edge.get(s.distribution)!.delete(a);
            for (const a of s.add) edge.get(s.distribution)!.add(a);
          }
          check(`after ${s.id}`);
        }
        for (const set of edge.values()) expect(set.has('*.example.com')).to.equal(false);
      }),
      { numRuns: 200 },
    );
  });
});
