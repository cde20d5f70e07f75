import { expect } from 'chai';
import { estimateSteps, remainingSeconds, timingOf } from './estimate.js';
import type { PlanStep } from './plan.js';
import { planCutover } from './planner.js';
import { aliasRecord, buildDesired, buildDistribution, buildInventory, buildZone, desiredAlias, TEST_NOW } from '../testing/index.js';

const wait = (id: string, dependsOn: string[]): PlanStep => ({ id, kind: 'wait-deployed', phase: 1, dependsOn, distribution: id });
const dnsWait = (id: string, dependsOn: string[]): PlanStep => ({
  id,
  kind: 'wait-dns',
  phase: 1,
  dependsOn,
  zoneId: 'Z1',
  changeStep: 'c',
});
const update = (id: string, dependsOn: string[]): PlanStep => ({
  id,
  kind: 'update-aliases',
  phase: 1,
  dependsOn,
  distribution: 'E1',
  remove: [],
  add: [],
  precondition: { aliases: [], enabled: true, certificateArn: null },
  postcondition: { aliases: [] },
});

describe('estimate', () => {
  it('is the critical path: waits cost their timing, other steps nothing', () => {
    // u1 → w1 (300) → d1 (60) → u2 → w2 (300); in parallel u3 → w3 (300).
    const steps = [
      update('u1', []),
      update('u3', []),
      wait('w1', ['u1']),
      wait('w3', ['u3']),
      dnsWait('d1', ['w1']),
      update('u2', ['d1', 'w3']),
      wait('w2', ['u2']),
    ];
    const { estimate, finishes } = estimateSteps(steps, { deploySeconds: 300, dnsSyncSeconds: 60 });
    expect(estimate).to.deep.equal({ seconds: 660, waitPhases: 2 });
    expect(Object.fromEntries(finishes)).to.deep.equal({ u1: 0, u3: 0, w1: 300, w3: 300, d1: 360, u2: 360, w2: 660 });
  });

  it('gives each step the critical-path seconds from its start to the end of the plan', () => {
    // Same graph: u1 → w1 (300) → d1 (60) → u2 → w2 (300); u3 → w3 (300) → u2.
    const steps = [
      update('u1', []),
      update('u3', []),
      wait('w1', ['u1']),
      wait('w3', ['u3']),
      dnsWait('d1', ['w1']),
      update('u2', ['d1', 'w3']),
      wait('w2', ['u2']),
    ];
    expect(Object.fromEntries(remainingSeconds(steps, { deploySeconds: 300, dnsSyncSeconds: 60 }))).to.deep.equal({
      u1: 660,
      u3: 600,
      w1: 660,
      w3: 600,
      d1: 360,
      u2: 300,
      w2: 300,
    });
  });

  it('counts wait phases on the longest chain of deployment waits, not DNS waits', () => {
    const steps = [dnsWait('d1', []), dnsWait('d2', ['d1']), dnsWait('d3', ['d2']), wait('w1', ['d3'])];
    expect(estimateSteps(steps, { deploySeconds: 100, dnsSyncSeconds: 10 }).estimate).to.deep.equal({ seconds: 130, waitPhases: 1 });
  });

  it('is zero for no steps', () => {
    expect(estimateSteps([], { deploySeconds: 300, dnsSyncSeconds: 60 }).estimate).to.deep.equal({ seconds: 0, waitPhases: 0 });
  });

  it('refuses steps out of topological order', () => {
    expect(() => estimateSteps([wait('w1', ['u1']), update('u1', [])], { deploySeconds: 1, dnsSyncSeconds: 1 })).to.throw(
      'comes before its dependency u1',
    );
  });

  it('takes timing from the inventory, with defaults of 300 s and 60 s', () => {
    expect(timingOf({})).to.deep.equal({ deploySeconds: 300, dnsSyncSeconds: 60 });
    expect(timingOf({ timing: { deploySeconds: 120, dnsSyncSeconds: 30 } })).to.deep.equal({ deploySeconds: 120, dnsSyncSeconds: 30 });
  });

  it('applies inventory timing to a plan: detach-attach with repoint = deploy + sync + deploy', () => {
    const inventory = buildInventory({
      timing: { deploySeconds: 120, dnsSyncSeconds: 30 },
      distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN')],
      zones: [buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('www.example.com', 'e1blue.cloudfront.net')])],
    });
    const plan = planCutover(buildDesired([desiredAlias('www.example.com', 'E2GREEN', { strategy: 'detach-attach' })]), inventory, {
      now: TEST_NOW,
    });
    expect(plan.estimate).to.deep.equal({ seconds: 270, waitPhases: 2 });
    expect(plan.changes[0]!.downtimeSeconds).to.equal(150);
  });
});
