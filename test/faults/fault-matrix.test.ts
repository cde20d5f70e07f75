/**
 * The fault matrix: every mutating step kind × every fault, on the demo cutover (fixtures/demo).
 *
 * Each cell aims one fault at one step (support/fault-cell.ts). A transient fault (once) must be
 * absorbed: the apply converges by itself. A persistent one (no retry left) must stop the apply
 * clean (no alias on no distribution, never on two, DNS agreeing with the holder), and resuming the
 * journal the apply wrote must converge once the fault is gone. The race is another writer that
 * really takes the alias (support/demo-world.ts `Rival`) and later gives it back.
 *
 * A cell whose stop is not clean yet is named by `knownGap` (a bug documented in
 * docs/fault-suite.md) and kept as a skipped test with the bug in its title. Run
 * `CFALIAS_FAULTS_STRICT=1 pnpm exec mocha test/faults/fault-matrix.test.ts` to run them too.
 */
import { expect } from 'chai';
import {
  failedCallsPerFault,
  FAULT_KINDS,
  rolledBack,
  runCell,
  TARGETS,
  type CellReport,
  type FaultKind,
  type Persistence,
  type ProviderKind,
  type StepTarget,
} from './support/fault-cell.js';
import { tally } from './support/tally.js';

const STRICT = (process.env['CFALIAS_FAULTS_STRICT'] ?? '') !== '';
/** Stops that left a moved alias's DNS on its source (tolerated: see invariants.ts), for the summary. */
let lingeringStops = 0;
let stops = 0;

after(() => {
  console.log(
    `fault matrix: ${stops} stops resumed or re-planned to convergence; ${lingeringStops} of them left a moved alias's DNS on its source`,
  );
});

/**
 * Cells whose stop is not clean yet, with the bug; none at present. Kept so a new bug can be
 * recorded as a skipped cell with its name.
 */
function knownGap(_target: StepTarget): string | undefined {
  return undefined;
}

function persistencesOf(fault: FaultKind): readonly Persistence[] {
  return fault === 'CNAMEAlreadyExists race' ? ['persistent'] : ['transient', 'persistent'];
}

/** The emulator subset: every step kind, with the faults whose wire shape differs most. */
const EMULATOR_CELLS: readonly (readonly [FaultKind, Persistence])[] = [
  ['Throttling', 'transient'],
  ['ConnectionReset after', 'transient'],
  ['InternalError (500)', 'persistent'],
  ['CNAMEAlreadyExists race', 'persistent'],
];
const EMULATOR_EXTRA: readonly (readonly [string, FaultKind, Persistence])[] = [
  ['update-aliases add', 'Timeout before', 'transient'],
  ['move-alias', 'Timeout after', 'persistent'],
  ['change-dns (mid repoint, detach-attach)', 'PreconditionFailed', 'persistent'],
];

function totalRetries(report: CellReport): number {
  return Object.values(report.apply.metrics.retries).reduce((sum, n) => sum + n, 0);
}

function describeCell(kind: ProviderKind, target: StepTarget, fault: FaultKind, persistence: Persistence): void {
  let report: Promise<CellReport> | undefined;
  const cell = (): Promise<CellReport> =>
    (report ??= runCell(kind, target, fault, persistence).then((r) => {
      tally.cases += 1;
      tally.faultsInjected += r.faultsInjected;
      if (r.resume) {
        tally.resumes += 1;
        stops += 1;
        if (r.lingeringDns.length > 0) lingeringStops += 1;
      }
      return r;
    }));
  const name = `${target.label} × ${fault} (${persistence})`;

  if (persistence === 'transient') {
    it(`${name}: converges by itself`, async () => {
      const r = await cell();
      expect(r.targetReached, 'the targeted step ran').to.equal(true);
      expect(r.faultsInjected, 'faults that fired').to.equal(failedCallsPerFault(target, fault));
      expect(r.apply.failed.map((f) => `${f.stepId}: ${f.error.message}`)).to.deep.equal([]);
      expect(r.apply.status).to.equal('succeeded');
      // The in-process provider does not retry: the executor's one retry absorbed the fault.
      // Over the SDK, the client retries transient errors itself (only PreconditionFailed reaches the executor).
      if (kind === 'in-process') expect(totalRetries(r)).to.equal(1);
      expect(r.convergedViolations).to.deep.equal([]);
      expect(r.replanHasChanges, 're-plan has changes').to.equal(false);
    });
    return;
  }

  const writeLanded = fault === 'ConnectionReset after' || fault === 'Timeout after';
  it(`${name}: ${writeLanded ? 'converges, or stops' : 'stops'}, and resume converges once the fault is gone`, async () => {
    const r = await cell();
    expect(r.targetReached, 'the targeted step ran').to.equal(true);
    expect(r.faultsInjected, 'faults that fired').to.equal(failedCallsPerFault(target, fault));
    // A lost answer to a write that landed may be recognised as done (the postcondition holds).
    if (writeLanded && r.apply.status === 'succeeded') {
      expect(r.convergedViolations).to.deep.equal([]);
      expect(r.replanHasChanges, 're-plan has changes').to.equal(false);
      return;
    }
    expect(['failed', 'stale', 'rolled-back']).to.include(r.apply.status);
    expect(r.apply.failed, 'a failed step').to.not.be.empty;
    if (fault !== 'CNAMEAlreadyExists race' || target.raceAt === 'step-start') {
      expect(r.apply.failed.map((f) => f.stepId)).to.include(target.stepId);
    }
    // Never on two distributions, whatever else happened (the world enforces it; checked anyway).
    expect(r.stopViolations.filter((v) => v.includes(' distributions ('))).to.deep.equal([]);
    // The way forward: resume the journal; after a rollback, a new plan (its status says so).
    const last = r.replanned ?? r.resume;
    expect(last?.failed.map((f) => `${f.stepId}: ${f.error.message}`)).to.deep.equal([]);
    expect(last?.status).to.equal('succeeded');
    if (r.replanned) expect(rolledBack(r.apply, r.resume!), 'a new plan only after a rollback').to.equal(true);
    expect(r.convergedViolations).to.deep.equal([]);
    expect(r.replanHasChanges, 're-plan has changes').to.equal(false);
  });

  const gap = knownGap(target);
  const clean = async (): Promise<void> => {
    const r = await cell();
    expect(r.stopViolations).to.deep.equal([]);
    // A rollback that put every alias back is a clean stop, and says so: rolled-back, or stale when
    // the failure was a precondition that no longer held (exit 4 with expected vs found comes first).
    const reports = r.apply.rollbacks ?? [];
    if (reports.length > 0 && reports.every((report) => report.status === 'done')) {
      const stale = r.apply.failed.some((f) => f.error.name === 'StalePlanError');
      expect(r.apply.status).to.equal(stale ? 'stale' : 'rolled-back');
    }
  };
  if (gap !== undefined && !STRICT) it.skip(`${name}: stops clean — ${gap}`, clean);
  else it(`${name}: stops clean`, clean);
}

describe('fault matrix: in-process sandbox', () => {
  for (const target of TARGETS) {
    describe(target.label, () => {
      for (const fault of FAULT_KINDS) {
        for (const persistence of persistencesOf(fault)) describeCell('in-process', target, fault, persistence);
      }
    });
  }
});

describe('fault matrix: AWS provider over the HTTP emulator (subset)', function () {
  this.timeout(30_000);
  for (const target of TARGETS) {
    describe(target.label, () => {
      for (const [fault, persistence] of EMULATOR_CELLS) describeCell('emulator', target, fault, persistence);
      for (const [label, fault, persistence] of EMULATOR_EXTRA) {
        if (label === target.label) describeCell('emulator', target, fault, persistence);
      }
    });
  }
});
