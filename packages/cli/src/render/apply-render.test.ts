/** Apply progress as people and machines read it: one line per event, and the JSON event stream. */
import { expect } from 'chai';
import { AliasConflictError, ENGINE_VERSION, StalePlanError, ThrottlingError } from '@cfalias/core';
import { createHumanApplyReporter, renderApplySummary } from './apply-human.js';
import { createJsonApplyReporter, toJsonSummaryEvent } from './apply-json.js';
import { capture, plain, plan, result, T0, update, wait } from '../testing/apply-render-fixtures.js';

describe('human apply progress', () => {
  it('writes one line per event, stamped with the time since apply started', () => {
    const sink = capture();
    const report = createHumanApplyReporter(plan, sink.out, plain);
    report({ type: 'apply-start', at: T0, planDigest: plan.digest, stepCount: 2, engineVersion: '0.1.0' });
    report({ type: 'step-start', at: T0, step: update, attempt: 1 });
    report({
      type: 'step-retry',
      at: T0 + 200,
      step: update,
      attempt: 1,
      error: new ThrottlingError('UpdateDistribution'),
      delayMs: 1_300,
    });
    report({ type: 'step-start', at: T0 + 1_500, step: update, attempt: 2 });
    report({ type: 'step-done', at: T0 + 1_500, step: update, durationMs: 1_500 });
    report({ type: 'step-start', at: T0 + 1_500, step: wait, attempt: 1 });
    report({ type: 'step-done', at: T0 + 301_500, step: wait, durationMs: 300_000 });
    report({ type: 'apply-end', at: T0 + 301_500, result: result({}) });
    expect(sink.text()).to.equal(
      [
        '[+0s] Applying 2 steps',
        '[+0s] update-aliases E1BLUE (blue) started: remove old.example.com',
        '[+0.2s] update-aliases E1BLUE (blue) attempt 1 failed (ThrottlingError: UpdateDistribution: rate exceeded); retrying in 1.3s',
        '[+1.5s] update-aliases E1BLUE (blue) started (attempt 2)',
        '[+1.5s] update-aliases E1BLUE (blue) done (1.5s)',
        '[+1.5s] wait-deployed E1BLUE (blue) started',
        '[+5m 2s] wait-deployed E1BLUE (blue) done (5m 0s)',
        '',
      ].join('\n'),
    );
  });

  it('summarises a successful apply', () => {
    const text = renderApplySummary(plan, result({ skipped: [wait.id], completed: [update.id] }), { colors: plain, simulated: true });
    expect(text).to.equal('\nApply complete: 1 alias changed, 2 steps (1 skipped) in 5m 2s (simulated).\n');
  });

  it('shows expected vs found for a stale step', () => {
    const stale = new StalePlanError(update.id, 'E1BLUE', [
      { field: 'aliases', expected: ['old.example.com', 'www.example.com'], found: ['www.example.com'] },
    ]);
    const text = renderApplySummary(
      plan,
      result({ status: 'stale', completed: [], failed: [{ stepId: update.id, error: stale }], notStarted: [wait.id], finishedAt: T0 }),
      { colors: plain, simulated: false },
    );
    expect(text).to.equal(
      [
        '',
        'Apply stopped: the plan is stale; live state no longer matches what it was made from.',
        '  step update-aliases:E1BLUE:p1 (E1BLUE):',
        '    aliases: expected ["old.example.com","www.example.com"], found ["www.example.com"]',
        '0 steps done, 1 failed, 1 not started, in 0s.',
        'Run `cfalias plan` again to see the changes needed from here.',
        '',
      ].join('\n'),
    );
  });
});

describe('JSON apply progress (events schema v1)', () => {
  it('writes the plan first, then one object per step event, steps by id, errors with their fields', () => {
    const sink = capture();
    const report = createJsonApplyReporter(plan, sink.out, { simulated: true });
    report({ type: 'apply-start', at: T0, planDigest: plan.digest, stepCount: 2, engineVersion: '0.1.0' });
    report({
      type: 'step-retry',
      at: T0 + 200,
      step: update,
      attempt: 1,
      error: new ThrottlingError('UpdateDistribution'),
      delayMs: 1_300,
    });
    report({ type: 'step-skip', at: T0 + 300, step: wait, reason: 'nothing-to-wait-for' });
    const lines = sink
      .text()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).to.deep.equal([
      {
        v: 1,
        type: 'plan',
        at: '2026-12-01T02:00:00.000Z',
        engineVersion: ENGINE_VERSION,
        digest: 'sha256:abc',
        account: '111111111111',
        createdAt: '2026-12-01T02:00:00.000Z',
        summary: { attach: 0, detach: 1, move: 0, noop: 0, errors: 0, warnings: 0 },
        estimate: { seconds: 300, waitPhases: 1 },
        changes: [{ alias: 'old.example.com', action: 'detach', from: 'E1BLUE', to: null, strategy: null, downtimeSeconds: 0 }],
        diagnostics: [],
        steps: [
          { id: 'update-aliases:E1BLUE:p1', kind: 'update-aliases', phase: 1, dependsOn: [] },
          { id: 'wait-deployed:E1BLUE:p1', kind: 'wait-deployed', phase: 1, dependsOn: ['update-aliases:E1BLUE:p1'] },
        ],
      },
      {
        v: 1,
        type: 'step-retry',
        at: '2026-12-01T02:00:00.200Z',
        elapsedMs: 200,
        step: update.id,
        kind: 'update-aliases',
        phase: 1,
        attempt: 1,
        delayMs: 1_300,
        reason: 'ThrottlingError',
        error: { name: 'ThrottlingError', message: 'UpdateDistribution: rate exceeded', operation: 'UpdateDistribution' },
      },
      {
        v: 1,
        type: 'step-skip',
        at: '2026-12-01T02:00:00.300Z',
        elapsedMs: 300,
        step: wait.id,
        kind: 'wait-deployed',
        phase: 1,
        reason: 'nothing-to-wait-for',
      },
    ]);
  });

  it('closes with a summary carrying the metrics: conflicts met, retries by reason, step durations', () => {
    const sink = capture();
    const report = createJsonApplyReporter(plan, sink.out, { simulated: true });
    report({ type: 'apply-start', at: T0, planDigest: plan.digest, stepCount: 2, engineVersion: '0.1.0' });
    report({
      type: 'step-retry',
      at: T0 + 100,
      step: update,
      attempt: 1,
      error: new AliasConflictError('old.example.com', 'E1BLUE'),
      delayMs: 1_000,
    });
    report({
      type: 'apply-end',
      at: T0 + 301_500,
      result: result({ metrics: { retries: { AliasConflictError: 1 }, stepDurationsMs: { [update.id]: 1_500, [wait.id]: 300_000 } } }),
    });
    const lines = sink
      .text()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['type'])).to.deep.equal(['plan', 'step-retry', 'summary']);
    expect(lines[2]).to.deep.equal({
      v: 1,
      type: 'summary',
      at: '2026-12-01T02:05:01.500Z',
      status: 'succeeded',
      planDigest: 'sha256:abc',
      aliasChanges: 1,
      aliasChangesThisRun: 1,
      steps: 2,
      completed: 2,
      skipped: 0,
      failed: 0,
      notStarted: 0,
      durationMs: 301_500,
      simulated: true,
      failures: [],
      metrics: {
        conflicts: 1,
        retries: { AliasConflictError: 1 },
        stepDurationsMs: { 'update-aliases:E1BLUE:p1': 1_500, 'wait-deployed:E1BLUE:p1': 300_000 },
      },
    });
  });

  it('summarises a plan that was never applied as blocked, every step not started', () => {
    expect(toJsonSummaryEvent(plan, { status: 'blocked', simulated: false, conflicts: 0 }, T0)).to.deep.equal({
      v: 1,
      type: 'summary',
      at: '2026-12-01T02:00:00.000Z',
      status: 'blocked',
      planDigest: 'sha256:abc',
      aliasChanges: 1,
      steps: 2,
      completed: 0,
      skipped: 0,
      failed: 0,
      notStarted: 2,
      durationMs: 0,
      simulated: false,
      failures: [],
      metrics: { conflicts: 0, retries: {}, stepDurationsMs: {} },
    });
  });
});
