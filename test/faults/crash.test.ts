/**
 * The crash test: a killed applier never leaves a cutover it cannot finish. The demo cutover (fixtures/demo with txtProof: always: 20 steps, every step kind) is
 * applied by `cfalias apply --journal` against `cfalias sandbox serve` in its own process, and SIGKILLed
 * at every step boundary: once the journal holds k outcome lines, for k = 0 … 19 (the gating proxy
 * makes the boundary exact: the applier advances one provider answer at a time). A second series
 * kills while a mutating call has landed in the emulator but its answer has not reached the
 * applier (the write-ahead journal's hardest case: an intent with no outcome, the change made).
 * Each crash is then resumed with `cfalias resume --journal`, which takes over the dead apply's lease
 * itself (docs/locking.md "Dead holder"); the world must converge and a re-plan must have nothing
 * left to do.
 *
 * The runs take a few seconds each (three processes), so they run in a small pool in `before` and
 * each `it` checks one run.
 */
import { expect } from 'chai';
import { SandboxWorld } from '@cfalias/providers';
import { demoDesired, demoFixtureDocument, planOn } from './support/demo-world.js';
import { runCrash, type CrashReport, type KillMode } from './support/crash-run.js';
import { serializePlan } from '@cfalias/core';
import { tally } from './support/tally.js';

/** fixtures/demo plans 20 steps (checked below), so there are outcome boundaries 0 … 19 to kill at. */
const DEMO_STEPS = 20;
/**
 * The after-write series: from outcome k on, the first moment a mutating call has been made (the
 * emulator applied it) and its answer is held. k is spread over the plan; the last writes of the
 * demo plan come before outcome 18.
 */
const AFTER_WRITE_FROM = [0, 6, 12];
const POOL = Number(process.env['CFALIAS_CRASH_POOL'] ?? 4);

interface Crash {
  readonly k: number;
  readonly mode: KillMode;
}

const CRASHES: readonly Crash[] = [
  ...Array.from({ length: DEMO_STEPS }, (_, k) => ({ k, mode: 'boundary' as const })),
  ...AFTER_WRITE_FROM.map((k) => ({ k, mode: 'after-write' as const })),
];

describe('crash test: SIGKILL the applier at every step boundary, then resume converges', function () {
  this.timeout(240_000);
  const reports = new Map<string, CrashReport | Error>();
  const key = (c: Crash): string => `${c.mode}:${c.k}`;
  let planSteps = 0;

  before(async () => {
    const world = SandboxWorld.fromDocument(demoFixtureDocument());
    const plan = await planOn(demoDesired(), world);
    planSteps = plan.steps.length;
    const text = serializePlan(plan);
    const queue = [...CRASHES];
    await Promise.all(
      Array.from({ length: POOL }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          try {
            reports.set(key(next), await runCrash(text, next.k, next.mode));
          } catch (error) {
            reports.set(key(next), error as Error);
          }
        }
      }),
    );
    // A kill that landed past its boundary (the applier was slower than the settle time on a
    // loaded machine) is run again, alone and with a longer settle time.
    for (const crash of CRASHES.filter((c) => c.mode === 'boundary')) {
      for (let retry = 0; retry < 2; retry++) {
        const report = reports.get(key(crash));
        if (report instanceof Error || report === undefined || report.outcomesAtKill === crash.k) break;
        reports.set(key(crash), await runCrash(text, crash.k, crash.mode, 250 * (retry + 1)).catch((error: Error) => error));
      }
    }
    const reported = [...reports.values()].filter((r): r is CrashReport => !(r instanceof Error));
    console.log(`crash test: ${reported.length} SIGKILLed applies resumed with \`cfalias resume\``);
  });

  it(`the demo plan has ${DEMO_STEPS} steps`, () => {
    expect(planSteps).to.equal(DEMO_STEPS);
  });

  for (const crash of CRASHES) {
    const title =
      crash.mode === 'boundary'
        ? `killed after outcome ${crash.k} of ${DEMO_STEPS}: resume converges`
        : `killed at outcome ${crash.k} or later, with a write landed but unanswered: resume converges`;
    it(title, () => {
      const report = reports.get(key(crash));
      if (report instanceof Error) throw report;
      expect(report, 'the run happened').to.not.equal(undefined);
      expect(report!.killed, 'the applier was killed before it finished').to.equal(true);
      if (crash.mode === 'boundary') expect(report!.outcomesAtKill).to.equal(crash.k);
      else {
        expect(report!.writeInFlight, 'a mutating call was unanswered at the kill').to.equal(true);
        expect(report!.outcomesAtKill).to.be.at.least(crash.k);
      }
      expect(report!.journalProblems, 'journal errors').to.deep.equal([]);
      // The dead apply's lease names a pid of this host that no longer runs: resume takes it over
      // at once, with no `cfalias unlock`.
      expect(report!.unlocked, 'resume needed `cfalias unlock` first').to.equal(false);
      expect(report!.resumeStatus).to.equal('succeeded');
      expect(report!.convergedViolations).to.deep.equal([]);
      expect(report!.replanHasChanges, 're-plan has changes').to.equal(false);
      tally.cases += 1;
      tally.resumes += 1;
      tally.crashesResumed += 1;
    });
  }
});
