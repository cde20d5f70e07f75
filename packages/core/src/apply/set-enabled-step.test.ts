import { expect } from 'chai';
import { ChangeAlreadyMadeError, RequestRejectedError, StalePlanError } from '../errors.js';
import type { SetEnabledStep } from '../plan/plan.js';
import type { CutoverProvider, LiveDistribution, UpdateDecision } from '../ports.js';
import { stepsFinishingStartedMoves } from './drain.js';
import { LiveView } from './live-view.js';
import { setEnabledGuard } from './set-enabled-step.js';
import type { StepContext } from './step-context.js';
import { runStep } from './step-runner.js';

const CERT = 'arn:aws:acm:us-east-1:222222222222:certificate/old';

const disable: SetEnabledStep = {
  id: 'set-enabled:E1OLD:disable',
  kind: 'set-enabled',
  dependsOn: [],
  phase: 1,
  distribution: 'E1OLD',
  enabled: false,
  precondition: { aliases: ['a.example.com', 'stay.example.com'], enabled: true, certificateArn: CERT },
  postcondition: { enabled: false },
  offline: { aliases: ['stay.example.com'], seconds: 600 },
};

const live = (overrides: Partial<LiveDistribution> = {}): LiveDistribution => ({
  id: 'E1OLD',
  domainName: 'e1old.cloudfront.net',
  enabled: true,
  status: 'Deployed',
  aliases: ['a.example.com', 'stay.example.com'],
  certificateArn: CERT,
  ...overrides,
});

/** A provider holding one distribution; `setEnabled` runs the guard on it and writes the flag when told to. */
function fakeProvider(
  initial: LiveDistribution,
  options: { readonly withSetEnabled?: boolean } = {},
): { provider: CutoverProvider; state: () => LiveDistribution } {
  let current = initial;
  const base = { readDistribution: async () => current } as unknown as CutoverProvider;
  const provider: CutoverProvider =
    options.withSetEnabled === false
      ? base
      : {
          ...base,
          setEnabled: async (_id: string, enabled: boolean, guard: (live: LiveDistribution) => UpdateDecision): Promise<UpdateDecision> => {
            const decision = guard(current);
            if (decision === 'apply') current = { ...current, enabled, status: 'InProgress' };
            return decision;
          },
        };
  return { provider, state: () => current };
}

function contextOf(provider: CutoverProvider): StepContext {
  return { provider, view: new LiveView(provider, {}), dnsChanges: new Map<string, string>() };
}

describe('set-enabled step', () => {
  it('disables the distribution when its precondition holds', async () => {
    const { provider, state } = fakeProvider(live());
    expect(await runStep(disable, contextOf(provider))).to.deep.equal({ kind: 'done' });
    expect(state().enabled).to.equal(false);
  });

  it('refuses when the distribution changed since the plan, naming what differs', async () => {
    const { provider, state } = fakeProvider(live({ aliases: ['stay.example.com'] }));
    let error: unknown;
    await runStep(disable, contextOf(provider)).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(StalePlanError);
    expect((error as StalePlanError).mismatches).to.deep.equal([
      { field: 'aliases', expected: ['a.example.com', 'stay.example.com'], found: ['stay.example.com'] },
    ]);
    expect(state().enabled).to.equal(true);
  });

  it('skips a disable found done on resume; on a fresh apply, another writer made it', () => {
    const disabled = live({ enabled: false });
    expect(setEnabledGuard(disable, { mayFindDone: true })(disabled)).to.equal('skip');
    expect(() => setEnabledGuard(disable, { mayFindDone: false })(disabled)).to.throw(
      ChangeAlreadyMadeError,
      'step set-enabled:E1OLD:disable: E1OLD is disabled already, by another writer since the plan',
    );
  });

  it('fails clearly with a provider that cannot set the enabled flag', async () => {
    const { provider } = fakeProvider(live(), { withSetEnabled: false });
    let error: unknown;
    await runStep(disable, contextOf(provider)).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(RequestRejectedError);
    expect((error as Error).message).to.equal(
      'step set-enabled:E1OLD:disable: this provider cannot disable a distribution (it has no setEnabled); apply this plan with a provider that can, or plan the move another way',
    );
  });

  it('a drain after a disable still re-enables the source, after the moves it waits for', () => {
    const wait = (id: string, dependsOn: string[]) => ({ id, kind: 'wait-deployed' as const, dependsOn, phase: 1, distribution: 'E1OLD' });
    const move = {
      id: 'move-alias:a.example.com',
      kind: 'move-alias' as const,
      dependsOn: ['wait-deployed:E1OLD:disabled'],
      phase: 2,
      alias: 'a.example.com',
      from: 'E1OLD',
      to: 'E2NEW',
      api: 'update-domain-association' as const,
      precondition: { aliasOn: 'E1OLD' },
      postcondition: { aliasOn: 'E2NEW' },
    };
    const enable: SetEnabledStep = {
      ...disable,
      id: 'set-enabled:E1OLD:enable',
      dependsOn: [move.id],
      enabled: true,
      precondition: { ...disable.precondition, aliases: ['stay.example.com'], enabled: false },
      postcondition: { enabled: true },
    };
    const steps = [
      disable,
      wait('wait-deployed:E1OLD:disabled', [disable.id]),
      move,
      enable,
      wait('wait-deployed:E1OLD:enabled', [enable.id]),
    ];
    expect([...stepsFinishingStartedMoves(steps, new Set([disable.id]))].sort()).to.deep.equal([
      move.id,
      enable.id,
      'wait-deployed:E1OLD:disabled',
    ]);
    expect([...stepsFinishingStartedMoves(steps, new Set())]).to.deep.equal([]);
  });
});
