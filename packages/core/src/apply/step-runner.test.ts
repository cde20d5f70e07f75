import { expect } from 'chai';
import { StalePlanError } from '../errors.js';
import type { UpdateAliasesStep, VerifyStep } from '../plan/plan.js';
import type { CutoverProvider, LiveDistribution } from '../ports.js';
import { LiveView } from './live-view.js';
import type { StepContext } from './step-context.js';
import { runStep, updateAliasesGuard } from './step-runner.js';

const CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/blue';

/** Removes api from E1, which then holds www only. */
const step: UpdateAliasesStep = {
  id: 'update-aliases:E1:p1',
  kind: 'update-aliases',
  dependsOn: [],
  phase: 1,
  distribution: 'E1',
  remove: ['api.example.com'],
  add: [],
  precondition: { aliases: ['api.example.com', 'www.example.com'], enabled: true, certificateArn: CERT },
  postcondition: { aliases: ['www.example.com'] },
};

const live = (aliases: string[], overrides: Partial<LiveDistribution> = {}): LiveDistribution => ({
  id: 'E1',
  domainName: 'd1.cloudfront.net',
  enabled: true,
  status: 'Deployed',
  aliases,
  certificateArn: CERT,
  ...overrides,
});

describe('updateAliasesGuard', () => {
  const guard = updateAliasesGuard(step, { mayFindDone: false });
  const onResume = updateAliasesGuard(step, { mayFindDone: true });

  it('applies when the precondition holds (alias order does not matter)', () => {
    expect(guard(live(['www.example.com', 'api.example.com']))).to.equal('apply');
  });

  it('on resume of a started step, skips when the postcondition holds', () => {
    expect(onResume(live(['www.example.com']))).to.equal('skip');
  });

  it('on resume of a started step, skips when its edit is in effect although a later step changed the distribution since', () => {
    // a later step of the same plan moved shop onto E1
    expect(onResume(live(['shop.example.com', 'www.example.com']))).to.equal('skip');
  });

  it('on a fresh apply, refuses a change already in effect: another writer made it', () => {
    let error: unknown;
    try {
      guard(live(['www.example.com']));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).to.be.instanceOf(StalePlanError);
    expect((error as StalePlanError).message).to.equal(
      'step update-aliases:E1:p1: its change is already in effect on E1, made by another writer since the plan',
    );
    expect((error as StalePlanError).mismatches).to.deep.equal([
      { field: 'aliases', expected: ['api.example.com', 'www.example.com'], found: ['www.example.com'] },
    ]);
  });

  it('compares only the aliases the plan changes when told which: another writer may add or remove the others', () => {
    const managed = updateAliasesGuard(step, { managed: new Set(['api.example.com']), mayFindDone: false });
    expect(managed(live(['api.example.com', 'other.example.com']))).to.equal('apply');
    expect(() => managed(live(['other.example.com']))).to.throw(StalePlanError);
  });

  it('refuses with every mismatch when neither holds', () => {
    let error: unknown;
    try {
      guard(live(['api.example.com', 'old.example.com', 'www.example.com'], { enabled: false }));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(StalePlanError);
    expect((error as StalePlanError).stepId).to.equal('update-aliases:E1:p1');
    expect((error as StalePlanError).resource).to.equal('E1');
    expect((error as StalePlanError).mismatches).to.deep.equal([
      {
        field: 'aliases',
        expected: ['api.example.com', 'www.example.com'],
        found: ['api.example.com', 'old.example.com', 'www.example.com'],
      },
      { field: 'enabled', expected: true, found: false },
    ]);
  });
});

describe('verify, mode includes', () => {
  const reader = (aliases: string[]): CutoverProvider =>
    ({ readDistribution: async () => live(aliases), readRecords: async () => [] }) as unknown as CutoverProvider;
  const check: VerifyStep = {
    id: 'rollback:E2:verify:E1',
    kind: 'verify',
    dependsOn: [],
    phase: 2,
    distribution: 'E1',
    aliases: ['api.example.com'],
    mode: 'includes',
    dns: [],
  };
  const context = (aliases: string[]): StepContext => {
    const provider = reader(aliases);
    return { provider, view: new LiveView(provider, {}), dnsChanges: new Map<string, string>() };
  };

  it('passes when the distribution holds at least the aliases, whatever else it holds', async () => {
    expect(await runStep(check, context(['api.example.com', 'www.example.com']))).to.deep.equal({ kind: 'done' });
  });

  it('fails with expected vs found when one is missing; exact mode refuses extra aliases', async () => {
    let error: unknown;
    await runStep(check, context(['www.example.com'])).catch((thrown) => (error = thrown));
    expect((error as StalePlanError).mismatches).to.deep.equal([
      { field: 'aliases (at least)', expected: ['api.example.com'], found: ['www.example.com'] },
    ]);
    error = undefined;
    await runStep({ ...check, mode: 'exact' }, context(['api.example.com', 'www.example.com'])).catch((thrown) => (error = thrown));
    expect(error).to.be.instanceOf(StalePlanError);
  });
});
