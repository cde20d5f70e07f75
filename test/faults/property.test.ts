/**
 * The property test: whatever fails, every managed alias ends on its source or its target. Random worlds, random desired files over them, random fault
 * schedules (support/random-cutover.ts); plan, apply with a journal, and resume from the journal
 * while the apply (or a resume) stopped and faults are left to use up. Invariants at the end:
 *
 * - every managed alias is on exactly its source or its target (never none, never two, never a
 *   third distribution);
 * - after success, DNS agrees with the owner (`convergedViolations`: each alias on its target,
 *   its records pointing there) and a re-plan has no changes;
 * - a blocked plan is refused by apply without a single mutating call.
 *
 * DNS is held to "agrees with its owner" after success only: a random world may start with records
 * pointing elsewhere, and a stop can leave such a record as it found it.
 *
 * After a rollback (`rolled-back`, or a rollback that failed) the way forward is a new plan,
 * applied on the same world; the invariants are checked after it.
 *
 * The second property holds the apply's own stop, before any resume or new plan, to the same
 * invariant; a rollback that itself fails under a repeated fault leaves its alias on no
 * distribution there (the documented `failed` rollback), so it is skipped unless
 * CFALIAS_FAULTS_STRICT is set (docs/fault-suite.md).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import {
  applyPlan,
  hasErrors,
  parseDesiredState,
  planHasChanges,
  resumeApply,
  MemoryJournal,
  type ApplyResult,
  type DesiredState,
  type Plan,
} from '@cfalias/core';
import { createSandboxProvider, SandboxWorld, type WorldDocument } from '@cfalias/providers';
import { planOn } from './support/demo-world.js';
import { convergedViolations, sourceOrTargetViolations } from './support/invariants.js';
import { randomCutover, type RandomCutover } from './support/random-cutover.js';
import { tally } from './support/tally.js';

const NUM_RUNS = Number(process.env['CFALIAS_PROPERTY_RUNS'] ?? 1000);
/**
 * A fixed seed by default so CI is deterministic (the same 1,000 cases every run); set
 * CFALIAS_PROPERTY_SEED to explore other cases (`random` for a fresh seed each run).
 */
const SEED_SETTING = process.env['CFALIAS_PROPERTY_SEED'] ?? '20261127';
const SEED = SEED_SETTING === 'random' ? undefined : Number(SEED_SETTING);
const STRICT = (process.env['CFALIAS_FAULTS_STRICT'] ?? '') !== '';
/** A resume is only made after a run some fault fired in; three faults of at most three times each. */
const MAX_RESUMES = 10;
const MUTATING = new Set([
  'UpdateDistribution',
  'UpdateDistributionTenant',
  'AssociateAlias',
  'UpdateDomainAssociation',
  'ChangeResourceRecordSets',
]);

interface Outcome {
  readonly blocked: boolean;
  readonly applyStatus: string;
  readonly finalStatus: string;
  readonly resumes: number;
  readonly faults: number;
  readonly stopViolations: readonly string[];
  /** A rollback ended the run (done or failed) and a new plan was applied. */
  readonly replanned?: boolean;
  /** For a run that stopped for good: the failed steps' error names. */
  readonly stopReason: string;
}

const stopReasons = new Map<string, number>();
const counts = {
  runs: 0,
  apexTxt: 0,
  replannedAfterRollback: 0,
  blocked: 0,
  succeededFirst: 0,
  resumedToSuccess: 0,
  stoppedForGood: 0,
  resumes: 0,
  faults: 0,
};

function desiredOf(yaml: string): DesiredState {
  const parsed = parseDesiredState(yaml, 'cfalias.yaml');
  if (!parsed.state) throw new Error(`generated desired file does not parse: ${JSON.stringify(parsed.diagnostics)}\n${yaml}`);
  return parsed.state;
}

async function runCase(c: RandomCutover): Promise<Outcome> {
  return runOn(c, worldWithoutFaults(c.world), desiredOf(c.desiredYaml));
}

/**
 * The world as it is, minus its fault schedule: the fault schedule is for the apply, so the test
 * adds it after planning (`runOn`), and re-plans on a copy without the faults left over.
 */
function worldWithoutFaults(doc: WorldDocument): SandboxWorld {
  return SandboxWorld.fromDocument({ ...doc, faults: [] });
}

describe('property: random worlds, desired files and fault schedules', function () {
  this.timeout(120_000);

  after(() => {
    console.log(
      `property: ${counts.runs} runs (${counts.blocked} blocked plans refused, ${counts.apexTxt} left out (apex TXT in its own zone), ${counts.succeededFirst} applied first time, ` +
        `${counts.resumedToSuccess} converged after ${counts.resumes} resumes (${counts.replannedAfterRollback} re-planned after a rollback), ${counts.stoppedForGood} stopped for good` +
        `${stopReasons.size > 0 ? `: ${[...stopReasons].map(([reason, n]) => `${n}× ${reason}`).join('; ')}` : ''}); ${counts.faults} faults injected`,
    );
  });

  it(`apply (+ resume while faults remain) ends with every alias on its source or target; success converges and re-plans to nothing (${NUM_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(randomCutover, async (c) => {
        const desired = desiredOf(c.desiredYaml);
        const world = worldWithoutFaults(c.world);
        const before = world.toDocument();
        const outcome = await runOn(c, world, desired);
        counts.runs += 1;
        tally.propertyRuns += 1;
        tally.cases += 1;
        counts.faults += outcome.faults;
        tally.faultsInjected += outcome.faults;
        counts.resumes += outcome.resumes;
        tally.resumes += outcome.resumes;
        if (outcome.blocked) {
          counts.blocked += 1;
          return;
        }
        if (outcome.stopReason === APEX_TXT) {
          counts.apexTxt += 1;
          return;
        }
        const problems = sourceOrTargetViolations(desired, before, world.toDocument(), false);
        expect(problems, `end state (apply ${outcome.applyStatus}, final ${outcome.finalStatus}): ${problems.join('; ')}`).to.deep.equal(
          [],
        );
        if (outcome.replanned) counts.replannedAfterRollback += 1;
        if (outcome.finalStatus === 'succeeded') {
          if (outcome.resumes === 0) counts.succeededFirst += 1;
          else counts.resumedToSuccess += 1;
          expect(convergedViolations(desired, world.toDocument()), 'converged').to.deep.equal([]);
          const replan = await planOn(desired, worldWithoutFaults(world.toDocument()));
          expect(planHasChanges(replan) || replan.steps.length > 0, 're-plan has changes').to.equal(false);
        } else {
          counts.stoppedForGood += 1;
          stopReasons.set(outcome.stopReason, (stopReasons.get(outcome.stopReason) ?? 0) + 1);
        }
      }),
      { numRuns: NUM_RUNS, ...(SEED !== undefined && { seed: SEED }) },
    );
  });

  (STRICT ? it : it.skip)(
    'an apply that stops on a fault stops with every alias on its source or target (a rollback that itself fails is documented as failed: docs/fault-suite.md)',
    async () => {
      await fc.assert(
        fc.asyncProperty(randomCutover, async (c) => {
          const outcome = await runCase(c);
          expect(outcome.stopViolations).to.deep.equal([]);
        }),
        { numRuns: NUM_RUNS, ...(SEED !== undefined && { seed: SEED }) },
      );
    },
  );
});

/**
 * A plan that writes a zone-apex alias's ownership TXT `_example.com.` inside the zone
 * `example.com.`, where Route 53 refuses it, would fail every time. The planner no longer makes
 * such plans (an apex alias has no zone for its TXT: `auto` picks detach-attach); should one
 * appear, it is counted and left out here, and engine-findings.test.ts holds the regression.
 */
const APEX_TXT = 'apex TXT in its own zone';

function hitsApexTxtFinding(plan: Plan): boolean {
  return plan.steps.some(
    (step) => step.kind === 'change-dns' && step.changes.some((c) => c.record.type === 'TXT' && c.record.name === `_${step.zoneName}`),
  );
}

/** `runCase` on a given world, so the caller can inspect it afterwards. */
async function runOn(c: RandomCutover, world: SandboxWorld, desired: DesiredState): Promise<Outcome> {
  const before = world.toDocument();
  const plan = await planOn(desired, world);
  const mutations = (): number => world.calls.filter((call) => MUTATING.has(call.operation)).length;
  if (hasErrors(plan.diagnostics)) {
    const made = mutations();
    let refused = false;
    try {
      await applyPlan(plan, { provider: createSandboxProvider(world), clock: world.clock });
    } catch {
      refused = true;
    }
    expect(refused, 'a blocked plan is refused').to.equal(true);
    expect(mutations() - made, 'mutating calls for a blocked plan').to.equal(0);
    return { blocked: true, applyStatus: 'blocked', finalStatus: 'blocked', resumes: 0, faults: 0, stopViolations: [], stopReason: '' };
  }
  if (hitsApexTxtFinding(plan)) {
    return {
      blocked: false,
      applyStatus: `skipped (${APEX_TXT})`,
      finalStatus: `skipped (${APEX_TXT})`,
      resumes: 0,
      faults: 0,
      stopViolations: [],
      stopReason: APEX_TXT,
    };
  }
  for (const fault of c.world.faults ?? []) world.addFault(fault);
  const journal = new MemoryJournal();
  const options = { clock: world.clock, random: () => 0, journal, retry: { maxAttempts: c.maxAttempts } };
  const injected = (): number => world.calls.filter((call) => call.injected).length;
  // A fault that meets the whole-plan check's read refuses the plan before any write: apply again,
  // as an operator would, while faults keep firing.
  let result: ApplyResult | undefined;
  for (let refused = 0; result === undefined; refused++) {
    const firedBefore = injected();
    try {
      result = await applyPlan(plan, { ...options, provider: createSandboxProvider(world) });
    } catch (error) {
      if (injected() === firedBefore || refused >= MAX_RESUMES) throw error;
    }
  }
  const applyStatus = result.status;
  const stopViolations = result.status === 'succeeded' ? [] : sourceOrTargetViolations(desired, before, world.toDocument(), false);
  let resumes = 0;
  // Resume while the last run was stopped by a fault (it may be used up now); a stop no fault
  // caused (stale state, a refused request) will not go away by resuming.
  let firedInLastRun = injected() > 0;
  while (result.status !== 'succeeded' && firedInLastRun && resumes < MAX_RESUMES) {
    const firedBefore = injected();
    resumes += 1;
    result = await resumeApply(journal.entries, { ...options, provider: createSandboxProvider(world) });
    firedInLastRun = injected() > firedBefore;
  }
  // After a rollback (done, or failed) the run is over; its way forward is a new plan.
  let replanned = false;
  if (result.status !== 'succeeded' && (result.status === 'rolled-back' || (result.rollbacks ?? []).length > 0)) {
    replanned = true;
    result = await applyPlan(await planOn(desired, world), {
      ...options,
      journal: new MemoryJournal(),
      provider: createSandboxProvider(world),
    });
  }
  return {
    blocked: false,
    applyStatus,
    replanned,
    finalStatus: result.status,
    resumes,
    faults: world.calls.filter((call) => call.injected).length,
    stopViolations,
    stopReason: `${result.status}: ${[...new Set(result.failed.map((f) => `${f.stepId.split(':')[0]} ${f.error.name}`))].join(', ')}`,
  };
}
