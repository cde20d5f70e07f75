/**
 * Every fixtures/scenarios/<name>, and every fixtures/worlds/<name> with an expect.json: plan
 * against the world and compare with the hand-written expect.json; apply the reviewed plan on the
 * sandbox; check the world converged and that a fresh plan has nothing left to do. See
 * fixtures/README.md for the expectation format.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import {
  applyReviewedPlan,
  expectConverged,
  expectOnlyManagedChanged,
  loadCutover,
  planNow,
  planProvider,
  resourceAccounts,
  type Cutover,
} from './support/cutover.js';
import { FIXTURES, readJson, scenarioDirs, type ScenarioExpectation } from './support/fixture-files.js';
import { applyPlan, planHasChanges, StaleBasisError, type Plan, type StepKind, type WorldDocument } from './support/packages.js';

const MUTATIONS = [
  'UpdateDistribution',
  'UpdateDistributionTenant',
  'AssociateAlias',
  'UpdateDomainAssociation',
  'ChangeResourceRecordSets',
] as const;

/** Every step kind, each counted in `expect.json`'s `stepKinds` (the build fails when a kind is missing here). */
const STEP_KINDS = [
  'update-aliases',
  'move-alias',
  'wait-deployed',
  'change-dns',
  'wait-dns',
  'verify',
  'set-enabled',
] as const satisfies readonly StepKind[];
const EVERY_KIND_COUNTED: Exclude<StepKind, (typeof STEP_KINDS)[number]> extends never ? true : never = true;
void EVERY_KIND_COUNTED;

/** The mutating calls the world has logged, in every account. */
function mutatingCalls(cutover: Cutover): typeof cutover.world.calls {
  return cutover.world.calls.filter((call) => (MUTATIONS as readonly string[]).includes(call.operation));
}

/**
 * Each write was made in the account that holds what it writes to: a registry's calls go to the
 * account of their distribution, tenant or zone (a move's to its target's), read from the world
 * as it was before the apply.
 */
function expectWritesInOwnAccounts(cutover: Cutover, initial: WorldDocument): void {
  const owners = resourceAccounts(initial);
  for (const call of mutatingCalls(cutover)) {
    expect(call.account, `${call.operation} ${call.resource ?? ''}`).to.equal(owners.get(call.resource ?? ''));
  }
}

/** A blocked plan has no steps, and applyPlan refuses it without changing anything in any account. */
async function expectBlockedAndRefused(cutover: Cutover, plan: Plan): Promise<void> {
  expect(plan.summary.errors).to.be.greaterThan(0);
  expect(plan.steps).to.deep.equal([]);
  const before = JSON.stringify(cutover.world.toDocument().accounts);
  let refused: unknown;
  try {
    await applyPlan(plan, { provider: planProvider(cutover.world, plan), clock: cutover.world.clock });
  } catch (error) {
    refused = error;
  }
  expect(refused, 'applyPlan must refuse a blocked plan').to.be.instanceOf(Error);
  expect(JSON.stringify(cutover.world.toDocument().accounts)).to.equal(before);
}

function countKinds(plan: Plan): Record<StepKind, number> {
  const counts = Object.fromEntries(STEP_KINDS.map((kind) => [kind, 0])) as Record<StepKind, number>;
  for (const step of plan.steps) counts[step.kind] += 1;
  return counts;
}

describe('scenarios (fixtures/scenarios, fixtures/worlds)', () => {
  for (const { label, dir } of scenarioDirs()) {
    describe(label, () => {
      const expected = readJson<ScenarioExpectation>(join(dir, 'expect.json'));
      let cutover: Cutover;
      let initial: WorldDocument;
      let plan: Plan;

      before(async () => {
        cutover = loadCutover(dir);
        initial = cutover.world.toDocument();
        plan = await planNow(cutover);
      });

      it('plans the expected changes and diagnostics', () => {
        expect(plan.summary).to.deep.equal(expected.plan.summary);
        expect(plan.changes.map(({ alias, action, from, to, strategy }) => ({ alias, action, from, to, strategy }))).to.deep.equal(
          expected.plan.changes,
        );
        expect(
          plan.diagnostics.map((d, i) => ({
            severity: d.severity,
            code: d.code,
            alias: d.alias ?? null,
            ...('distribution' in (expected.plan.diagnostics[i] ?? {}) ? { distribution: d.distribution } : {}),
          })),
        ).to.deep.equal(expected.plan.diagnostics);
      });

      it('schedules the expected steps and estimate', () => {
        expect(countKinds(plan)).to.deep.equal(expected.plan.stepKinds);
        expect(plan.estimate).to.deep.equal({
          seconds: expected.plan.estimateSeconds,
          waitPhases: expected.plan.waitPhases,
        });
      });

      const applyExpectation = expected.apply;
      if (applyExpectation === null) {
        it('is blocked: no steps, and apply refuses it without touching the world', () => expectBlockedAndRefused(cutover, plan));
        return;
      }

      it(`applies (${applyExpectation.status}), converges, and a re-plan has no changes`, async () => {
        const result = await applyReviewedPlan(cutover, plan);
        expect(result.failed.map((f) => `${f.stepId}: ${f.error.message}`)).to.deep.equal([]);
        expect(result.status).to.equal(applyExpectation.status);
        expect(result.notStarted).to.deep.equal([]);
        expect(result.metrics.retries).to.deep.equal(applyExpectation.retries);
        // Simulated time: with zero jitter the run takes exactly the critical path the plan estimated
        // (plus what pacing after a Throttling answer costs, stated in `apply.seconds`).
        expect((result.finishedAt - result.startedAt) / 1000).to.equal(applyExpectation.seconds ?? expected.plan.estimateSeconds);

        expectWritesInOwnAccounts(cutover, initial);
        expectConverged(cutover.desired, cutover.world.toDocument());
        expectOnlyManagedChanged(cutover.desired, initial, cutover.world.toDocument());

        const replan = await planNow(cutover);
        expect(replan.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
        expect(planHasChanges(replan), 'changes left after apply').to.equal(false);
        expect(replan.steps).to.deep.equal([]);

        // Applying the same reviewed plan again: the facts it was made from have changed (by itself),
        // so it is refused before any write.
        cutover.world.resetCalls();
        const again = await applyReviewedPlan(cutover, plan).catch((error: unknown) => error);
        expect(again).to.be.instanceOf(StaleBasisError);
        expect((again as StaleBasisError).differences).to.not.be.empty;
        expect(
          mutatingCalls(cutover).map((call) => `${call.account} ${call.operation} ${call.resource ?? ''}`),
          'writes in any account',
        ).to.deep.equal([]);
      });
    });
  }

  // The acceptance figures: K aliases from N sources to M targets by detach-attach take
  // exactly N + M UpdateDistribution steps and two deployment waits, whatever K.
  describe('batch acceptance figures', () => {
    it('40 aliases, 4 sources, 4 targets: 8 update-aliases steps (10 aliases each) and 2 wait phases', async () => {
      const plan = await planNow(loadCutover(join(FIXTURES, 'scenarios', 'batch')));
      const updates = plan.steps.filter((step) => step.kind === 'update-aliases');
      expect(updates).to.have.length(8);
      expect(plan.estimate.waitPhases).to.equal(2);
      const edits = updates
        .map((step) => ({ distribution: step.distribution, remove: step.remove.length, add: step.add.length }))
        .sort((a, b) => a.distribution.localeCompare(b.distribution));
      expect(edits).to.deep.equal([
        { distribution: 'E4SRC1AQ7K2M9P', remove: 10, add: 0 },
        { distribution: 'E4SRC2BR8L3N0Q', remove: 10, add: 0 },
        { distribution: 'E4SRC3CS9M4P1R', remove: 10, add: 0 },
        { distribution: 'E4SRC4DT0N5Q2S', remove: 10, add: 0 },
        { distribution: 'E5TGT1EU1P6R3T', remove: 0, add: 10 },
        { distribution: 'E5TGT2FV2Q7S4U', remove: 0, add: 10 },
        { distribution: 'E5TGT3GW3R8T5V', remove: 0, add: 10 },
        { distribution: 'E5TGT4HX4S9U6W', remove: 0, add: 10 },
      ]);
    });
  });
});
