/** The apply summary: interrupts, the window, rollbacks and what they left where, and what a resume changed. */
import { expect } from 'chai';
import { AliasConflictError, type Plan, type PlanStep } from '@cfalias/core';
import { renderApplySummary } from './apply-human.js';
import { createJsonApplyReporter, toJsonSummaryEvent } from './apply-json.js';
import { capture, plain, plan, result, T0, update, wait } from '../testing/apply-render-fixtures.js';

describe('apply summary: interrupts, the window and rollbacks', () => {
  it('names the resume command after an interrupt', () => {
    const text = renderApplySummary(
      plan,
      result({ status: 'interrupted', completed: [update.id], notStarted: [wait.id], finishedAt: T0 + 1_000 }),
      {
        colors: plain,
        simulated: false,
        journal: '.cfalias/journal-r1.jsonl',
      },
    );
    expect(text).to.equal(
      '\nApply interrupted: steps in flight and moves already started were finished; no other step was started.\n' +
        '1 step done, 0 failed, 1 not started, in 1s.\n' +
        'To finish it: cfalias resume --journal .cfalias/journal-r1.jsonl\n',
    );
  });

  it('says the window closed, that started moves were finished, and how to go on', () => {
    const windowed: Plan = { ...plan, window: { start: '2026-12-01T02:00:00Z', end: '2026-12-01T02:05:00Z' } };
    const text = renderApplySummary(
      windowed,
      result({ status: 'window-closed', completed: [update.id], notStarted: [wait.id], finishedAt: T0 }),
      {
        colors: plain,
        simulated: true,
        journal: 'j.jsonl',
      },
    );
    expect(text).to.equal(
      '\nApply paused: the maintenance window 02:00–02:05Z has too little time left for the remaining steps.\n' +
        '  Moves already started were finished; no alias was left between distributions.\n' +
        '1 step done, 0 failed, 1 not started, in 0s (simulated).\n' +
        'In the next window, continue with: cfalias resume --journal j.jsonl --window-end <its end, ISO 8601>\n' +
        '  (or set that window under window: in the desired file; --no-window runs without one)\n',
    );
  });

  it("names the window the run was held to when it is not the plan's (resume --window-end)", () => {
    const windowed: Plan = { ...plan, window: { start: '2026-12-01T02:00:00Z', end: '2026-12-01T02:05:00Z' } };
    const text = renderApplySummary(
      windowed,
      result({ status: 'window-closed', completed: [], notStarted: [update.id, wait.id], finishedAt: T0 }),
      {
        colors: plain,
        simulated: true,
        journal: 'j.jsonl',
        window: { start: '2026-12-08T02:00:00.000Z', end: '2026-12-08T02:03:00Z' },
      },
    );
    expect(text).to.include('Apply paused: the maintenance window 02:00–02:03Z has too little time left for the remaining steps.\n');
  });

  it('says where the aliases of a failed rollback and of a stopped one stand', () => {
    const aliases = [{ alias: 'api.example.com', source: 'E1BLUE', target: 'E2GREEN' }];
    const text = renderApplySummary(
      plan,
      result({
        status: 'failed',
        completed: [],
        notStarted: [],
        rollbacks: [
          { trigger: 't1', aliases, status: 'failed' },
          { trigger: 't2', aliases: [{ alias: 'b.example.com', source: 'E1BLUE', target: 'E2GREEN' }], status: 'stopped' },
        ],
        unsettled: [
          { alias: 'api.example.com', source: 'E1BLUE', target: 'E2GREEN', state: 'on-no-distribution' },
          { alias: 'b.example.com', source: 'E1BLUE', target: 'E2GREEN', state: 'on-no-distribution' },
        ],
        finishedAt: T0,
      }),
      { colors: plain, simulated: false, journal: 'j.jsonl' },
    );
    expect(text).to.equal(
      '\nApply failed.\n' +
        '  rollback failed: api.example.com on no distribution of this account; fix the cause above, then `cfalias resume --journal j.jsonl` puts it back\n' +
        '  not rolled back (--on-failure stop): b.example.com on no distribution; fix the cause above, then `cfalias resume --journal j.jsonl` adds it to its target\n' +
        '0 steps done, 0 failed, 0 not started, in 0s.\n' +
        'Fix the cause, then continue this run with `cfalias resume --journal j.jsonl`, or run `cfalias plan` for a fresh plan.\n',
    );
  });

  it('writes rollback events as JSON lines', () => {
    const sink = capture();
    const report = createJsonApplyReporter(plan, sink.out, { simulated: true, journal: 'j.jsonl' });
    const aliases = [{ alias: 'api.example.com', source: 'E1BLUE', target: 'E2GREEN' }];
    report({ type: 'apply-start', at: T0, planDigest: plan.digest, stepCount: 2, engineVersion: '0.1.0' });
    report({ type: 'rollback-start', at: T0 + 1_000, trigger: 'update-aliases:E2GREEN:p2', aliases });
    report({
      type: 'rollback-failed',
      at: T0 + 2_000,
      trigger: 'update-aliases:E2GREEN:p2',
      aliases,
      error: new AliasConflictError('api.example.com', 'E1BLUE'),
    });
    const lines = sink
      .text()
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).to.deep.equal({
      v: 1,
      type: 'rollback-start',
      at: '2026-12-01T02:00:01.000Z',
      elapsedMs: 1_000,
      trigger: 'update-aliases:E2GREEN:p2',
      aliases,
    });
    expect(lines[1]).to.deep.include({ v: 1, type: 'rollback-failed', elapsedMs: 2_000, trigger: 'update-aliases:E2GREEN:p2', aliases });
    expect((lines[1]!['error'] as { name: string; alias: string }).name).to.equal('AliasConflictError');
  });

  describe('aliases a rollback left on no distribution, and what to do', () => {
    // A recipe putting a and b back on E1BLUE, c on E3RED: one re-add per source, then a verify.
    const readdBlue: PlanStep = {
      id: 'rollback:update-aliases:E1BLUE',
      kind: 'update-aliases',
      dependsOn: [],
      phase: 2,
      distribution: 'E1BLUE',
      remove: [],
      add: ['a.example.com', 'b.example.com'],
      precondition: { aliases: [], enabled: true, certificateArn: 'arn:c', mode: 'absent-present' },
      postcondition: { aliases: ['a.example.com', 'b.example.com'] },
    };
    const readdRed: PlanStep = {
      ...readdBlue,
      id: 'rollback:update-aliases:E3RED',
      distribution: 'E3RED',
      add: ['c.example.com'],
      postcondition: { aliases: ['c.example.com'] },
    };
    const aliases = [
      { alias: 'a.example.com', source: 'E1BLUE', target: 'E2GREEN' },
      { alias: 'b.example.com', source: 'E1BLUE', target: 'E2GREEN' },
      { alias: 'c.example.com', source: 'E3RED', target: 'E2GREEN' },
    ];
    const withRecipe: Plan = {
      ...plan,
      rollbacks: [
        { trigger: 'update-aliases:E2GREEN:p2', aliases, steps: [readdBlue, readdRed], estimate: { seconds: 300, waitPhases: 1 } },
      ],
    };
    const trigger = 'update-aliases:E2GREEN:p2';

    it('a failed rollback: only the aliases whose re-add is not done are named, with the resume command', () => {
      const failed = result({
        status: 'failed',
        completed: [readdBlue.id],
        notStarted: [],
        failed: [{ stepId: readdRed.id, error: new AliasConflictError('c.example.com', 'E3RED') }],
        rollbacks: [{ trigger, aliases, status: 'failed' }],
        unsettled: [{ alias: 'c.example.com', source: 'E3RED', target: 'E2GREEN', state: 'on-no-distribution' }],
        finishedAt: T0,
      });
      const text = renderApplySummary(withRecipe, failed, { colors: plain, simulated: false, journal: 'j.jsonl' });
      expect(text).to.include(
        '  rollback failed: c.example.com on no distribution of this account; fix the cause above, then `cfalias resume --journal j.jsonl` puts it back\n',
      );
      const summary = toJsonSummaryEvent(
        withRecipe,
        { status: 'failed', result: failed, simulated: false, conflicts: 1, journal: 'j.jsonl' },
        T0,
      );
      expect(summary).to.deep.include({ aliasesOnNoDistribution: ['c.example.com'], resumeCommand: 'cfalias resume --journal j.jsonl' });
    });

    it('an aborted rollback: the aliases not re-added yet, until resume puts them back; re-adds done on an earlier run count', () => {
      const aborted = result({
        status: 'aborted',
        completed: [],
        alreadyDone: [readdRed.id],
        notStarted: [readdBlue.id],
        rollbacks: [{ trigger, aliases, status: 'incomplete' }],
        // After an abort there is no re-read: unknown, most likely on no distribution.
        unsettled: [
          { alias: 'a.example.com', source: 'E1BLUE', target: 'E2GREEN', state: 'unknown' },
          { alias: 'b.example.com', source: 'E1BLUE', target: 'E2GREEN', state: 'unknown' },
        ],
        finishedAt: T0,
      });
      const text = renderApplySummary(withRecipe, aborted, { colors: plain, simulated: false, journal: 'j.jsonl' });
      expect(text).to.include(
        '  rollback not finished: a.example.com, b.example.com on no distribution until `cfalias resume --journal j.jsonl` puts them back\n',
      );
      const summary = toJsonSummaryEvent(
        withRecipe,
        { status: 'aborted', result: aborted, simulated: false, conflicts: 0, journal: 'j.jsonl' },
        T0,
      );
      expect(summary['aliasesOnNoDistribution']).to.deep.equal(['a.example.com', 'b.example.com']);
      expect(summary['resumeCommand']).to.equal('cfalias resume --journal j.jsonl');
    });

    it('--on-failure stop: every alias of the trigger; a stale run points to a fresh plan instead of resume', () => {
      const stopped = result({
        status: 'failed',
        completed: [],
        notStarted: [readdBlue.id, readdRed.id],
        rollbacks: [{ trigger, aliases, status: 'stopped' }],
        unsettled: aliases.map((a) => ({ ...a, state: 'on-no-distribution' as const })),
        finishedAt: T0,
      });
      expect(renderApplySummary(withRecipe, stopped, { colors: plain, simulated: false, journal: 'j.jsonl' })).to.include(
        '  not rolled back (--on-failure stop): a.example.com, b.example.com, c.example.com on no distribution; fix the cause above, then `cfalias resume --journal j.jsonl` adds them to their targets\n',
      );
      const stale = { ...stopped, status: 'stale' as const };
      expect(renderApplySummary(withRecipe, stale, { colors: plain, simulated: false, journal: 'j.jsonl' })).to.include(
        '  not rolled back (--on-failure stop): a.example.com, b.example.com, c.example.com on no distribution; run `cfalias plan` again for the changes needed from here\n',
      );
      const summary = toJsonSummaryEvent(
        withRecipe,
        { status: 'stale', result: stale, simulated: false, conflicts: 0, journal: 'j.jsonl' },
        T0,
      );
      expect(summary['aliasesOnNoDistribution']).to.deep.equal(['a.example.com', 'b.example.com', 'c.example.com']);
      expect(summary).to.not.have.property('resumeCommand');
    });

    it('an alias another writer took is named with its holder, not as on no distribution, and resume is not offered for it', () => {
      const raced = result({
        status: 'stale',
        completed: [readdBlue.id],
        failed: [{ stepId: readdRed.id, error: new AliasConflictError('c.example.com', 'E3RED') }],
        rollbacks: [{ trigger, aliases, status: 'failed' }],
        unsettled: [
          {
            alias: 'c.example.com',
            source: 'E3RED',
            target: 'E2GREEN',
            state: 'taken',
            holder: { distribution: '******NFOREI', account: '******222222' },
          },
        ],
        finishedAt: T0,
      });
      const text = renderApplySummary(withRecipe, raced, { colors: plain, simulated: false, journal: 'j.jsonl' });
      expect(text).to.include(
        '  c.example.com was taken by another writer while it was between distributions: it is now on distribution ******NFOREI of account ******222222; ' +
          'neither resume nor a rollback can bring it back. Once that writer releases it, run `cfalias plan` again.\n',
      );
      expect(text).to.not.include('c.example.com on no distribution');
      expect(text).to.not.include('cfalias resume');
      const summary = toJsonSummaryEvent(
        withRecipe,
        { status: 'stale', result: raced, simulated: false, conflicts: 1, journal: 'j.jsonl' },
        T0,
      );
      expect(summary).to.not.have.property('aliasesOnNoDistribution');
      expect(summary['aliasesTakenByOtherWriters']).to.deep.equal([
        { alias: 'c.example.com', holder: { distribution: '******NFOREI', account: '******222222' } },
      ]);
      expect(summary).to.not.have.property('resumeCommand');
    });

    it('a rollback that is done leaves nothing to name', () => {
      const done = result({
        status: 'rolled-back',
        completed: [readdBlue.id, readdRed.id],
        rollbacks: [{ trigger, aliases, status: 'done' }],
      });
      const summary = toJsonSummaryEvent(
        withRecipe,
        { status: 'rolled-back', result: done, simulated: false, conflicts: 0, journal: 'j.jsonl' },
        T0,
      );
      expect(summary).to.not.have.property('aliasesOnNoDistribution');
      expect(summary).to.not.have.property('resumeCommand');
    });
  });

  describe('a resume counts what it changed itself', () => {
    it('names the aliases written by this run, and the steps done before it', () => {
      // The journal had the removal of old done; the resume only waited.
      const resumed = result({ completed: [wait.id], alreadyDone: [update.id] });
      expect(renderApplySummary(plan, resumed, { colors: plain, simulated: true })).to.equal(
        '\nResume complete: 0 aliases changed by this run, 1 step in 5m 2s (simulated).\n1 step done before the resume was not repeated.\n' +
          'Already as planned, not changed by this run: old.example.com.\n',
      );
      expect(toJsonSummaryEvent(plan, { status: 'succeeded', result: resumed, simulated: true, conflicts: 0 }, T0)).to.deep.include({
        aliasChanges: 1,
        alreadyDone: 1,
        aliasChangesThisRun: 0,
        completed: 1,
      });
      const all = result({ alreadyDone: [] });
      expect(renderApplySummary(plan, all, { colors: plain, simulated: true })).to.equal(
        '\nResume complete: 1 alias changed by this run, 2 steps in 5m 2s (simulated).\n',
      );
    });
  });
});
