/**
 * fixtures/demo: the blue/green cutover `npm run demo` shows. It must plan without errors, apply
 * cleanly on the sandbox, and leave nothing to do.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { applyReviewedPlan, expectConverged, loadCutover, planNow } from './support/cutover.js';
import { FIXTURES } from './support/fixture-files.js';
import { planHasChanges } from './support/packages.js';

describe('demo fixture (fixtures/demo)', () => {
  it('plans 4 moves (2 by UpdateDomainAssociation, a detach-attach swap), 1 attach and 1 detach, applies, and re-plans to no changes', async () => {
    const cutover = loadCutover(join(FIXTURES, 'demo'));
    const plan = await planNow(cutover);
    expect(plan.summary).to.deep.equal({ attach: 1, detach: 1, move: 4, noop: 1, errors: 0, warnings: 0 });
    expect(plan.changes.map((c) => [c.alias, c.action, c.strategy])).to.deep.equal([
      ['api.example.com', 'move', 'move'],
      ['media.example.com', 'move', 'detach-attach'],
      ['old.example.com', 'detach', null],
      ['shop.example.net', 'attach', null],
      ['static.example.com', 'move', 'detach-attach'],
      ['status.example.com', 'noop', null],
      ['www.example.com', 'move', 'move'],
    ]);
    expect(plan.estimate.waitPhases).to.equal(2);

    const result = await applyReviewedPlan(cutover, plan);
    expect(result.failed.map((f) => `${f.stepId}: ${f.error.message}`)).to.deep.equal([]);
    expect(result.status).to.equal('succeeded');

    expectConverged(cutover.desired, cutover.world.toDocument());
    const replan = await planNow(cutover);
    expect(planHasChanges(replan)).to.equal(false);
    expect(replan.steps).to.deep.equal([]);
  });

  // In a deterministic world the estimate is the makespan: the executor starts every step as soon
  // as its dependencies are done, and the sandbox deploys in exactly deploySeconds. (The scenarios
  // assert the same against hand-computed figures.)
  it('applies in exactly the simulated time the plan estimated', async () => {
    const cutover = loadCutover(join(FIXTURES, 'demo'));
    const plan = await planNow(cutover);
    const result = await applyReviewedPlan(cutover, plan);
    expect(result.status).to.equal('succeeded');
    expect((result.finishedAt - result.startedAt) / 1000).to.equal(plan.estimate.seconds);
  });
});
