/**
 * The executor's side of rollback recipes, on hand-written data: recipe validation, which failures
 * start a recipe, the absent-present precondition, and the journal/resume records.
 * Running recipes against emulated CloudFront is tested on the sandbox in
 * packages/providers/src/engine/rollback.test.ts.
 */
import { expect } from 'chai';
import { presenceMismatches } from './conditions.js';
import {
  AbortedError,
  AliasConflictError,
  InvalidCertificateError,
  JournalError,
  PlanFileError,
  StalePlanError,
  TransientError,
} from '../errors.js';
import { checkPlanApplicable } from './executor.js';
import { parseJournal, serializeJournalEntry, type JournalEntry } from './journal.js';
import type { Plan, PlanStep, RollbackRecipe, UpdateAliasesStep } from '../plan/plan.js';
import { computePlanDigest } from '../plan/plan-document.js';
import type { LiveDistribution } from '../ports.js';
import { reconcileJournal } from './resume.js';
import { checkRollbackRecipes, failureStartsRollback, forwardTargetsOf } from './rollback.js';
import { absentPresentGuard } from './rollback-readd.js';
import { EMPTY_BASIS } from '../testing/index.js';

const AT = '2026-01-01T00:00:00.000Z';

const removal: UpdateAliasesStep = {
  id: 'update-aliases:E1:p1',
  kind: 'update-aliases',
  dependsOn: [],
  phase: 1,
  distribution: 'E1',
  remove: ['a.example.com'],
  add: [],
  precondition: { aliases: ['a.example.com', 'b.example.com'], enabled: true, certificateArn: 'cert-1' },
  postcondition: { aliases: ['b.example.com'] },
};
const add: UpdateAliasesStep = {
  id: 'update-aliases:E2:p2',
  kind: 'update-aliases',
  dependsOn: ['update-aliases:E1:p1'],
  phase: 2,
  distribution: 'E2',
  remove: [],
  add: ['a.example.com'],
  precondition: { aliases: [], enabled: true, certificateArn: 'cert-2' },
  postcondition: { aliases: ['a.example.com'] },
};
const reAdd: UpdateAliasesStep = {
  id: 'rollback:E2:update-aliases:E1',
  kind: 'update-aliases',
  dependsOn: [],
  phase: 2,
  distribution: 'E1',
  remove: [],
  add: ['a.example.com'],
  precondition: { aliases: ['b.example.com'], enabled: true, certificateArn: 'cert-1', mode: 'absent-present' },
  postcondition: { aliases: ['a.example.com', 'b.example.com'] },
};
const recipe = (
  steps: PlanStep[] = [
    reAdd,
    { id: 'rollback:E2:wait-deployed:E1', kind: 'wait-deployed', dependsOn: [reAdd.id], phase: 2, distribution: 'E1' },
  ],
): RollbackRecipe => ({
  trigger: add.id,
  aliases: [{ alias: 'a.example.com', source: 'E1', target: 'E2' }],
  steps,
  estimate: { seconds: 300, waitPhases: 1 },
});

function planWith(rollbacks: RollbackRecipe[], steps: PlanStep[] = [removal, add]): Plan {
  const body: Omit<Plan, 'digest'> = {
    formatVersion: 4,
    createdAt: AT,
    account: '111111111111',
    desiredDigest: 'sha256:desired',
    summary: { attach: 0, detach: 0, move: 1, noop: 0, errors: 0, warnings: 0 },
    changes: [],
    diagnostics: [],
    distributions: [],
    steps,
    rollbacks,
    estimate: { seconds: 600, waitPhases: 2 },
    basis: EMPTY_BASIS,
  };
  return { ...body, digest: computePlanDigest(body) };
}

const live = (aliases: string[], overrides: Partial<LiveDistribution> = {}): LiveDistribution => ({
  id: 'E1',
  domainName: 'd1.cloudfront.net',
  enabled: true,
  status: 'Deployed',
  aliases,
  certificateArn: 'cert-1',
  ...overrides,
});

function malformed(plan: Plan): string {
  try {
    checkPlanApplicable(plan);
  } catch (error) {
    expect(error).to.be.instanceOf(PlanFileError);
    return (error as Error).message;
  }
  return 'accepted';
}

describe('rollback recipes in the executor', () => {
  describe('checkRollbackRecipes (through checkPlanApplicable)', () => {
    it('accepts a well-formed recipe', () => {
      expect(() => checkRollbackRecipes(planWith([recipe()]))).to.not.throw();
      expect(malformed(planWith([recipe()]))).to.equal('accepted');
    });

    it('refuses a trigger that is not a forward update-aliases step (or re-enable), or has two recipes', () => {
      expect(malformed(planWith([{ ...recipe(), trigger: 'verify:E2' }]))).to.equal(
        'rollback trigger "verify:E2" is not an update-aliases step or a re-enable (set-enabled) step of the plan',
      );
      const other = recipe([{ ...reAdd, id: 'rollback:E2:update-aliases:E1:bis' }]);
      expect(malformed(planWith([recipe(), other]))).to.equal('step "update-aliases:E2:p2" has two rollback recipes');
    });

    it('refuses ids used twice, dependencies across recipe boundaries, and cycles inside a recipe', () => {
      expect(malformed(planWith([recipe([{ ...reAdd, id: removal.id }])]))).to.equal('step id "update-aliases:E1:p1" appears twice');
      expect(malformed(planWith([recipe([{ ...reAdd, dependsOn: [removal.id] }])]))).to.equal(
        'rollback step "rollback:E2:update-aliases:E1" depends on "update-aliases:E1:p1", which is not a step of its recipe',
      );
      expect(
        malformed(
          planWith(
            [recipe()],
            [removal, add, { id: 'verify:E1', kind: 'verify', dependsOn: [reAdd.id], phase: 2, distribution: 'E1', aliases: [], dns: [] }],
          ),
        ),
      ).to.equal('step "verify:E1" depends on rollback step "rollback:E2:update-aliases:E1"');
      const w = { id: 'rollback:E2:wait-deployed:E1', kind: 'wait-deployed', dependsOn: [reAdd.id], phase: 2, distribution: 'E1' } as const;
      expect(malformed(planWith([recipe([{ ...reAdd, dependsOn: [w.id] }, w])]))).to.match(/form a cycle/);
    });
  });

  it('starts a rollback on any failure but an abort or a refused journal entry', () => {
    expect(failureStartsRollback(new InvalidCertificateError('E2', 'not covered'))).to.equal(true);
    expect(failureStartsRollback(new AliasConflictError('a.example.com', 'E2'))).to.equal(true);
    expect(failureStartsRollback(new TransientError('UpdateDistribution', 'timeout'))).to.equal(true);
    expect(failureStartsRollback(new StalePlanError('s', 'E2', []))).to.equal(true);
    expect(failureStartsRollback(new AbortedError())).to.equal(false);
    expect(failureStartsRollback(new JournalError('write-failed', 'disk full'))).to.equal(false);
  });

  it('maps every recipe alias to the forward target it failed to reach', () => {
    expect([...forwardTargetsOf([recipe()])]).to.deep.equal([['a.example.com', 'E2']]);
  });

  describe('absent-present precondition', () => {
    it('holds whatever else the distribution holds; skips when the alias is already back', () => {
      const guard = absentPresentGuard(reAdd, new Map());
      expect(guard(live(['b.example.com', 'c.example.com']))).to.equal('apply');
      expect(guard(live([]))).to.equal('apply');
      expect(guard(live(['a.example.com', 'b.example.com']))).to.equal('skip');
    });

    it('does not hold when the forward target holds the alias, or enabled/certificate differ', () => {
      const guard = absentPresentGuard(reAdd, new Map([['a.example.com', 'E2']]));
      let error: unknown;
      try {
        guard(live(['b.example.com'], { certificateArn: 'cert-9' }));
      } catch (thrown) {
        error = thrown;
      }
      expect(error).to.be.instanceOf(StalePlanError);
      expect((error as StalePlanError).mismatches).to.deep.equal([
        { field: 'holder of a.example.com', expected: 'on no distribution', found: 'on E2' },
        { field: 'certificateArn', expected: 'cert-1', found: 'cert-9' },
      ]);
    });

    it('requires the aliases it removes to be there', () => {
      expect(
        presenceMismatches(
          { aliases: [], enabled: true, certificateArn: 'cert-1' },
          { remove: ['x.example.com'], add: [] },
          live(['b.example.com']),
          new Map(),
        ),
      ).to.deep.equal([{ field: 'holder of x.example.com', expected: 'on E1', found: 'not on E1' }]);
    });
  });

  describe('journal and resume', () => {
    const plan = planWith([recipe()]);
    const e = (entry: Record<string, unknown>): JournalEntry => ({ v: 1, runId: 'run-1', at: AT, ...entry }) as unknown as JournalEntry;
    const entries: JournalEntry[] = [
      e({ type: 'apply-start', holder: 'alice', plan }),
      e({ type: 'intent', stepId: removal.id, attempt: 1 }),
      e({ type: 'outcome', stepId: removal.id, status: 'completed' }),
      e({ type: 'intent', stepId: add.id, attempt: 1 }),
      e({ type: 'outcome', stepId: add.id, status: 'failed', error: { name: 'InvalidCertificateError', message: 'not covered' } }),
      e({ type: 'rollback-start', trigger: add.id, error: { name: 'InvalidCertificateError', message: 'not covered' } }),
      e({ type: 'intent', stepId: reAdd.id, attempt: 1 }),
      e({ type: 'outcome', stepId: reAdd.id, status: 'completed' }),
    ];

    it('parses rollback entries and refuses malformed ones with their line', () => {
      const text = entries.map(serializeJournalEntry).join('');
      expect(parseJournal(text, 'j').problems).to.deep.equal([]);
      const bad = [
        e({ type: 'rollback-start', trigger: 'verify:E9', error: { name: 'X', message: 'y' } }),
        e({ type: 'rollback-end', trigger: add.id, status: 'half' }),
        e({ type: 'rollback-start', trigger: add.id }),
      ];
      const parsed = parseJournal(text + bad.map(serializeJournalEntry).join(''), 'j');
      expect(parsed.problems.map((p) => [p.line, p.message])).to.deep.equal([
        [9, 'the plan has no rollback recipe for step "verify:E9"'],
        [10, '"status" must be "done" or "failed"'],
        [11, '"error" must be {name, message}'],
      ]);
    });

    it('reconciles a rollback in progress: its steps sorted like any other, the recipe listed as started', () => {
      const state = reconcileJournal(entries);
      expect(state.completed).to.deep.equal([removal.id, reAdd.id]);
      expect(state.failed).to.deep.equal([add.id]);
      expect(state.notStarted).to.deep.equal(['rollback:E2:wait-deployed:E1']);
      expect(state.rollbacks).to.deep.equal([{ trigger: add.id, status: 'started' }]);
      expect(state.finished).to.equal(false);
    });

    it('a finished rollback with a rolled-back end is a finished run', () => {
      const done = [
        ...entries,
        e({ type: 'intent', stepId: 'rollback:E2:wait-deployed:E1', attempt: 1 }),
        e({ type: 'outcome', stepId: 'rollback:E2:wait-deployed:E1', status: 'completed' }),
        e({ type: 'rollback-end', trigger: add.id, status: 'done' }),
        e({ type: 'apply-end', status: 'rolled-back', summary: { completed: 3, skipped: 0, failed: 1, notStarted: 0 } }),
      ];
      const state = reconcileJournal(done);
      expect([state.rollbacks, state.lastStatus, state.finished]).to.deep.equal([
        [{ trigger: add.id, status: 'done' }],
        'rolled-back',
        true,
      ]);
    });
  });
});
