import { expect } from 'chai';
import { PlanFileError } from '../errors.js';
import { CLOUDFRONT_HOSTED_ZONE_ID } from '../inventory/inventory.js';
import type { Plan } from './plan.js';
import { readPlanDocument, serializePlan } from './plan-document.js';
import { planCutover } from './planner.js';
import {
  aliasRecord,
  buildDesired,
  buildDistribution,
  buildInventory,
  buildZone,
  certificateArn,
  cnameRecord,
  desiredAlias,
  TEST_NOW,
} from '../testing/index.js';

const CERT = certificateArn('main');

function aliasTo(name: string, domain: string, type: 'A' | 'AAAA' = 'A') {
  return {
    name: `${name}.`,
    type,
    aliasTarget: { dnsName: `${domain}.`, hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID, evaluateTargetHealth: false },
  };
}

/**
 * a (A record at blue) and c (CNAME at blue) leave E1BLUE, e (no record) leaves E3OLD; all three go
 * to E2GREEN by detach-attach. E1BLUE also keeps k.example.com.
 */
function batchPlan(): Plan {
  const inventory = buildInventory({
    distributions: [
      buildDistribution('E1BLUE', { aliases: ['a.example.com', 'c.example.com', 'k.example.com'] }),
      buildDistribution('E2GREEN'),
      buildDistribution('E3OLD', { aliases: ['e.example.com'] }),
    ],
    zones: [
      buildZone('Z1EXAMPLE', 'example.com', [
        aliasRecord('a.example.com', 'e1blue.cloudfront.net'),
        cnameRecord('c.example.com', 'e1blue.cloudfront.net', 120),
      ]),
    ],
  });
  const desired = buildDesired(
    ['a.example.com', 'c.example.com', 'e.example.com'].map((a) => desiredAlias(a, 'E2GREEN', { strategy: 'detach-attach' })),
  );
  return planCutover(desired, inventory, { now: TEST_NOW });
}

describe('rollback recipes', () => {
  it('a detach-attach batch: one recipe for the phase-2 add, DNS back per zone, re-add per source, wait, verify', () => {
    const plan = batchPlan();
    expect(plan.diagnostics).to.deep.equal([]);
    expect(plan.rollbacks).to.have.length(1);
    const recipe = plan.rollbacks![0]!;
    expect(recipe.trigger).to.equal('update-aliases:E2GREEN:p2');
    expect(recipe.aliases).to.deep.equal([
      { alias: 'a.example.com', source: 'E1BLUE', target: 'E2GREEN' },
      { alias: 'c.example.com', source: 'E1BLUE', target: 'E2GREEN' },
      { alias: 'e.example.com', source: 'E3OLD', target: 'E2GREEN' },
    ]);
    expect(recipe.steps.map((s) => [s.id, s.dependsOn])).to.deep.equal([
      ['rollback:E2GREEN:change-dns:Z1EXAMPLE', []],
      ['rollback:E2GREEN:wait-dns:Z1EXAMPLE', ['rollback:E2GREEN:change-dns:Z1EXAMPLE']],
      ['rollback:E2GREEN:update-aliases:E1BLUE', ['rollback:E2GREEN:wait-dns:Z1EXAMPLE']],
      // e had no record: the forward plan did not repoint it before the add, so no DNS to undo.
      ['rollback:E2GREEN:update-aliases:E3OLD', []],
      ['rollback:E2GREEN:wait-deployed:E1BLUE', ['rollback:E2GREEN:update-aliases:E1BLUE']],
      ['rollback:E2GREEN:wait-deployed:E3OLD', ['rollback:E2GREEN:update-aliases:E3OLD']],
      ['rollback:E2GREEN:verify:E1BLUE', ['rollback:E2GREEN:wait-deployed:E1BLUE']],
      ['rollback:E2GREEN:verify:E3OLD', ['rollback:E2GREEN:wait-deployed:E3OLD']],
    ]);
    // Every recipe step carries the trigger's phase.
    expect(recipe.steps.every((s) => s.phase === 2)).to.equal(true);

    const dns = recipe.steps[0]!;
    if (dns.kind !== 'change-dns') throw new Error('expected change-dns');
    // Inverse of the mid repoint: expects the records at green (as the forward plan left them), puts them back at blue.
    expect(dns.changes).to.deep.equal([
      { action: 'UPSERT', record: aliasTo('a.example.com', 'e1blue.cloudfront.net') },
      { action: 'UPSERT', record: { name: 'c.example.com.', type: 'CNAME', ttl: 120, values: ['e1blue.cloudfront.net'] } },
    ]);
    expect(dns.precondition.records).to.deep.equal([
      { name: 'a.example.com.', type: 'A', record: aliasTo('a.example.com', 'e2green.cloudfront.net') },
      {
        name: 'c.example.com.',
        type: 'CNAME',
        record: { name: 'c.example.com.', type: 'CNAME', ttl: 120, values: ['e2green.cloudfront.net'] },
      },
    ]);

    const blue = recipe.steps[2]!;
    if (blue.kind !== 'update-aliases') throw new Error('expected update-aliases');
    expect(blue.add).to.deep.equal(['a.example.com', 'c.example.com']);
    expect(blue.remove).to.deep.equal([]);
    // Informational under absent-present: blue as the simulation has it when the add to green fails.
    expect(blue.precondition).to.deep.equal({ aliases: ['k.example.com'], enabled: true, certificateArn: CERT, mode: 'absent-present' });
    expect(blue.postcondition).to.deep.equal({ aliases: ['a.example.com', 'c.example.com', 'k.example.com'] });

    const verify = recipe.steps[6]!;
    expect(verify).to.deep.equal({
      id: 'rollback:E2GREEN:verify:E1BLUE',
      kind: 'verify',
      dependsOn: ['rollback:E2GREEN:wait-deployed:E1BLUE'],
      phase: 2,
      distribution: 'E1BLUE',
      aliases: ['a.example.com', 'c.example.com'],
      mode: 'includes',
      dns: [
        { zoneId: 'Z1EXAMPLE', name: 'a.example.com.', pointsAt: 'e1blue.cloudfront.net' },
        { zoneId: 'Z1EXAMPLE', name: 'c.example.com.', pointsAt: 'e1blue.cloudfront.net' },
      ],
    });
    // DNS back (60 s) then blue Deployed (300 s).
    expect(recipe.estimate).to.deep.equal({ seconds: 360, waitPhases: 1 });
    // Forward steps keep the exact precondition (no mode).
    expect(
      plan.steps.filter((s) => s.kind === 'update-aliases').map((s) => s.kind === 'update-aliases' && s.precondition.mode),
    ).to.deep.equal([undefined, undefined, undefined]);
  });

  it('a swap: one recipe per phase-2 add, each returning the alias to its own source', () => {
    const inventory = buildInventory({
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['a.example.com'] }),
        buildDistribution('E2GREEN', { aliases: ['b.example.com'] }),
      ],
      zones: [
        buildZone('Z1EXAMPLE', 'example.com', [
          aliasRecord('a.example.com', 'e1blue.cloudfront.net'),
          aliasRecord('b.example.com', 'e2green.cloudfront.net'),
        ]),
      ],
    });
    const plan = planCutover(
      buildDesired([
        desiredAlias('a.example.com', 'E2GREEN', { strategy: 'detach-attach' }),
        desiredAlias('b.example.com', 'E1BLUE', { strategy: 'detach-attach' }),
      ]),
      inventory,
      { now: TEST_NOW },
    );
    expect(plan.rollbacks!.map((r) => [r.trigger, r.aliases, r.steps.map((s) => s.id)])).to.deep.equal([
      [
        'update-aliases:E1BLUE:p2',
        [{ alias: 'b.example.com', source: 'E2GREEN', target: 'E1BLUE' }],
        [
          'rollback:E1BLUE:change-dns:Z1EXAMPLE',
          'rollback:E1BLUE:wait-dns:Z1EXAMPLE',
          'rollback:E1BLUE:update-aliases:E2GREEN',
          'rollback:E1BLUE:wait-deployed:E2GREEN',
          'rollback:E1BLUE:verify:E2GREEN',
        ],
      ],
      [
        'update-aliases:E2GREEN:p2',
        [{ alias: 'a.example.com', source: 'E1BLUE', target: 'E2GREEN' }],
        [
          'rollback:E2GREEN:change-dns:Z1EXAMPLE',
          'rollback:E2GREEN:wait-dns:Z1EXAMPLE',
          'rollback:E2GREEN:update-aliases:E1BLUE',
          'rollback:E2GREEN:wait-deployed:E1BLUE',
          'rollback:E2GREEN:verify:E1BLUE',
        ],
      ],
    ]);
    const backToBlue = plan.rollbacks![1]!.steps[2]!;
    if (backToBlue.kind !== 'update-aliases') throw new Error('expected update-aliases');
    // The simulation runs A(blue) before A(green), so it expects b on blue already; at apply time
    // that other branch may or may not have run, hence absent-present (the set is informational).
    expect(backToBlue.precondition).to.deep.equal({
      aliases: ['b.example.com'],
      enabled: true,
      certificateArn: CERT,
      mode: 'absent-present',
    });
    expect(backToBlue.add).to.deep.equal(['a.example.com']);
  });

  it('none for pure move plans (AssociateAlias is atomic) nor for attaches', () => {
    const inventory = buildInventory({
      distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN')],
      zones: [
        buildZone('Z1EXAMPLE', 'example.com', [
          aliasRecord('www.example.com', 'e1blue.cloudfront.net'),
          aliasRecord('new.example.com', 'd9legacy.cloudfront.net'),
        ]),
      ],
    });
    const plan = planCutover(
      buildDesired([desiredAlias('www.example.com', 'E2GREEN', { strategy: 'move' }), desiredAlias('new.example.com', 'E2GREEN')]),
      inventory,
      { now: TEST_NOW },
    );
    expect(plan.diagnostics).to.deep.equal([]);
    // new.example.com needed its DNS repointed first: it is a phase-2 add, but nothing goes back.
    expect(plan.steps.map((s) => s.id)).to.include('update-aliases:E2GREEN:p2');
    expect(plan.rollbacks).to.equal(undefined);
    expect('rollbacks' in JSON.parse(serializePlan(plan))).to.equal(false);
  });

  // CloudFront refuses a re-add to the source while DNS names another distribution: no recipe can put it back.
  describe('aliases whose DNS already points at the target', () => {
    const LOC = { file: 'cfalias.yaml', line: 5, col: 3 };
    // a: A record at green, c: CNAME at green, e: no record; all leave blue for green by detach-attach.
    function atTarget(dns: 'none' | 'route53'): Plan {
      const inventory = buildInventory({
        distributions: [
          buildDistribution('E1BLUE', { aliases: ['a.example.com', 'c.example.com', 'e.example.com'] }),
          buildDistribution('E2GREEN'),
        ],
        zones: [
          buildZone('Z1EXAMPLE', 'example.com', [
            aliasRecord('a.example.com', 'e2green.cloudfront.net'),
            cnameRecord('c.example.com', 'e2green.cloudfront.net', 120),
          ]),
        ],
      });
      const desired = buildDesired([
        desiredAlias('a.example.com', 'E2GREEN', { strategy: 'detach-attach', dns, location: LOC }),
        desiredAlias('c.example.com', 'E2GREEN', { strategy: 'detach-attach', dns }),
        desiredAlias('e.example.com', 'E2GREEN', { strategy: 'detach-attach', dns }),
      ]);
      return planCutover(desired, inventory, { now: TEST_NOW, force: true });
    }

    it('dns: none: leaves them out of the recipe and warns rollback-unavailable with the records to change by hand', () => {
      const plan = atTarget('none');
      expect(plan.rollbacks!.map((r) => [r.trigger, r.aliases, r.steps.map((s) => s.id)])).to.deep.equal([
        [
          'update-aliases:E2GREEN:p2',
          [{ alias: 'e.example.com', source: 'E1BLUE', target: 'E2GREEN' }],
          ['rollback:E2GREEN:update-aliases:E1BLUE', 'rollback:E2GREEN:wait-deployed:E1BLUE', 'rollback:E2GREEN:verify:E1BLUE'],
        ],
      ]);
      const reAdd = plan.rollbacks![0]!.steps[0]!;
      if (reAdd.kind !== 'update-aliases') throw new Error('expected update-aliases');
      expect(reAdd.add).to.deep.equal(['e.example.com']);
      expect(plan.summary).to.deep.include({ errors: 0, warnings: 2 });
      expect(plan.diagnostics).to.deep.equal([
        {
          severity: 'warning',
          code: 'rollback-unavailable',
          alias: 'a.example.com',
          distribution: 'E1BLUE',
          location: LOC,
          message:
            'a.example.com: no rollback if its add to E2GREEN fails: its DNS points at e2green.cloudfront.net (E2GREEN), so CloudFront would ' +
            'refuse to put it back on E1BLUE, and cfalias may not change its records (dns: none); it would stay on no distribution until the add succeeds',
          remediation:
            'if the add fails: fix its cause and run `cfalias resume` to finish the move, or put a.example.com back by hand: ' +
            'in hosted zone example.com. (Z1EXAMPLE) set a.example.com. A ALIAS e1blue.cloudfront.net., then add a.example.com to E1BLUE',
        },
        {
          severity: 'warning',
          code: 'rollback-unavailable',
          alias: 'c.example.com',
          distribution: 'E1BLUE',
          message:
            'c.example.com: no rollback if its add to E2GREEN fails: its DNS points at e2green.cloudfront.net (E2GREEN), so CloudFront would ' +
            'refuse to put it back on E1BLUE, and cfalias may not change its records (dns: none); it would stay on no distribution until the add succeeds',
          remediation:
            'if the add fails: fix its cause and run `cfalias resume` to finish the move, or put c.example.com back by hand: ' +
            'in hosted zone example.com. (Z1EXAMPLE) set c.example.com. CNAME "e1blue.cloudfront.net", then add c.example.com to E1BLUE',
        },
      ]);
    });

    it('dns: none, every alias unreturnable: no recipe at all', () => {
      const inventory = buildInventory({
        distributions: [buildDistribution('E1BLUE', { aliases: ['a.example.com'] }), buildDistribution('E2GREEN')],
        zones: [buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('a.example.com', 'e2green.cloudfront.net')])],
      });
      const plan = planCutover(
        buildDesired([desiredAlias('a.example.com', 'E2GREEN', { strategy: 'detach-attach', dns: 'none' })]),
        inventory,
        { now: TEST_NOW },
      );
      expect(plan.rollbacks).to.equal(undefined);
      expect(plan.diagnostics.map((d) => `${d.severity} ${d.code} ${d.alias}`)).to.deep.equal([
        'warning rollback-unavailable a.example.com',
      ]);
      // The forward plan is unchanged: remove, wait, add, wait, verify (no DNS steps).
      expect(plan.steps.map((s) => s.id)).to.deep.equal([
        'update-aliases:E1BLUE:p1',
        'wait-deployed:E1BLUE:p1',
        'update-aliases:E2GREEN:p2',
        'verify:E1BLUE',
        'wait-deployed:E2GREEN:p2',
        'verify:E2GREEN',
      ]);
    });

    it('dns: route53: the recipe repoints their records to the source before the re-add', () => {
      const plan = atTarget('route53');
      expect(plan.diagnostics).to.deep.equal([]);
      const recipe = plan.rollbacks![0]!;
      expect(recipe.aliases.map((a) => a.alias)).to.deep.equal(['a.example.com', 'c.example.com', 'e.example.com']);
      expect(recipe.steps.map((s) => [s.id, s.dependsOn])).to.deep.equal([
        ['rollback:E2GREEN:change-dns:Z1EXAMPLE', []],
        ['rollback:E2GREEN:wait-dns:Z1EXAMPLE', ['rollback:E2GREEN:change-dns:Z1EXAMPLE']],
        ['rollback:E2GREEN:update-aliases:E1BLUE', ['rollback:E2GREEN:wait-dns:Z1EXAMPLE']],
        ['rollback:E2GREEN:wait-deployed:E1BLUE', ['rollback:E2GREEN:update-aliases:E1BLUE']],
        ['rollback:E2GREEN:verify:E1BLUE', ['rollback:E2GREEN:wait-deployed:E1BLUE']],
      ]);
      const dns = recipe.steps[0]!;
      if (dns.kind !== 'change-dns') throw new Error('expected change-dns');
      // The forward plan never touched them: the precondition is the inventory's records, at green.
      expect(dns.precondition.records).to.deep.equal([
        { name: 'a.example.com.', type: 'A', record: aliasRecord('a.example.com', 'e2green.cloudfront.net') },
        { name: 'c.example.com.', type: 'CNAME', record: cnameRecord('c.example.com', 'e2green.cloudfront.net', 120) },
      ]);
      expect(dns.changes).to.deep.equal([
        { action: 'UPSERT', record: aliasTo('a.example.com', 'e1blue.cloudfront.net') },
        { action: 'UPSERT', record: { name: 'c.example.com.', type: 'CNAME', ttl: 120, values: ['e1blue.cloudfront.net'] } },
      ]);
      const verify = recipe.steps[4]!;
      if (verify.kind !== 'verify') throw new Error('expected verify');
      expect(verify.dns).to.deep.equal([
        { zoneId: 'Z1EXAMPLE', name: 'a.example.com.', pointsAt: 'e1blue.cloudfront.net' },
        { zoneId: 'Z1EXAMPLE', name: 'c.example.com.', pointsAt: 'e1blue.cloudfront.net' },
      ]);
    });
  });

  it('round-trips through the plan document; the digest covers the recipes', () => {
    const plan = batchPlan();
    expect(readPlanDocument(serializePlan(plan))).to.deep.equal(plan);

    const tampered = JSON.parse(serializePlan(plan)) as { rollbacks: { steps: { add?: string[] }[] }[] };
    tampered.rollbacks[0]!.steps[2]!.add = ['a.example.com'];
    try {
      readPlanDocument(JSON.stringify(tampered));
      expect.fail('expected a digest mismatch');
    } catch (error) {
      expect(error).to.be.instanceOf(PlanFileError);
      expect((error as PlanFileError).reason).to.equal('digest-mismatch');
    }
  });

  it('refuses malformed recipes with the JSON path', () => {
    const plan = JSON.parse(serializePlan(batchPlan())) as Record<string, unknown> & { rollbacks: Record<string, unknown>[] };
    const cases: [(p: typeof plan) => void, string][] = [
      [
        (p) => (p.rollbacks[0]!.trigger = 'update-aliases:E9NOPE:p2'),
        '$.rollbacks[0].trigger names "update-aliases:E9NOPE:p2", which is not a step of the plan',
      ],
      [
        (p) => ((p.rollbacks[0]!.steps as { id: string }[])[0]!.id = 'change-dns:Z1EXAMPLE:undo'),
        '$.rollbacks[0].steps[1].dependsOn[0] names "rollback:E2GREEN:change-dns:Z1EXAMPLE", which is not an earlier step',
      ],
      [
        (p) => (((p.rollbacks[0]!.steps as Record<string, unknown>[])[2]!.precondition as { mode: string }).mode = 'lenient'),
        '$.rollbacks[0].steps[2].precondition.mode must be one of "exact", "absent-present"',
      ],
      [
        (p) => ((p.rollbacks[0]!.steps as { dependsOn: string[] }[])[0]!.dependsOn = ['update-aliases:E1BLUE:p1']),
        '$.rollbacks[0].steps[0].dependsOn[0] names "update-aliases:E1BLUE:p1", which is not an earlier step',
      ],
      [(p) => delete p.rollbacks[0]!.estimate, '$.rollbacks[0].estimate must be an object'],
    ];
    for (const [edit, message] of cases) {
      const copy = structuredClone(plan);
      edit(copy);
      try {
        readPlanDocument(JSON.stringify(copy));
        expect.fail(`expected "${message}"`);
      } catch (error) {
        expect(error, message).to.be.instanceOf(PlanFileError);
        expect((error as PlanFileError).message).to.equal(`the plan is malformed: ${message}`);
      }
    }
  });
});
