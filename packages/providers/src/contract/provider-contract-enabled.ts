/**
 * The provider contract on `setEnabled`: a read-modify-write of `DistributionConfig.Enabled` with
 * `If-Match` and every other field kept, the same guard contract as `updateAliases` (skip writes
 * nothing, a refusal propagates as thrown), a disabled distribution deploying as any update does
 * (InProgress, then Deployed), and standard distributions only. Registered by
 * `describeProviderContract` on its own world (contractWorldDocument).
 */
import { expect } from 'chai';
import {
  PreconditionFailedError,
  RequestRejectedError,
  ResourceNotFoundError,
  StalePlanError,
  type CutoverProvider,
  type LiveDistribution,
  type UpdateDecision,
} from '@cfalias/core';
import type { FaultDocument, WorldSettings } from '../sandbox/world-document.js';
import type { ProviderFixture } from './provider-contract.js';

const A = '111111111111';
const BLUE = 'E1BLUEBLUEBLUE';
const RED = 'E5REDREDREDRED';
const FOREIGN = 'E3FOREIGNFOREI';

type Open = (settings?: WorldSettings, ...faults: FaultDocument[]) => Promise<ProviderFixture>;

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  expect.fail('expected the call to fail');
}

/** The executor's idempotence rule for this step: skip when the flag already reads as wanted. */
function skipWhenEnabledIs(enabled: boolean) {
  return (live: LiveDistribution): UpdateDecision => (live.enabled === enabled ? 'skip' : 'apply');
}

function setEnabledOf(provider: CutoverProvider): NonNullable<CutoverProvider['setEnabled']> {
  expect(typeof provider.setEnabled, `${provider.name} implements setEnabled`).to.equal('function');
  return (id, enabled, guard, options) => provider.setEnabled!(id, enabled, guard, options);
}

export function describeEnabledContract(open: Open): void {
  describe('setEnabled', () => {
    it('disables in one UpdateDistribution with every other field kept; the distribution deploys as for an update', async () => {
      const { provider, world } = await open();
      const before = world.getDistributionConfig(A, BLUE).DistributionConfig;
      const seen: LiveDistribution[] = [];
      const decision = await setEnabledOf(provider)(BLUE, false, (live) => {
        seen.push(live);
        return 'apply';
      });
      expect(decision).to.equal('apply');
      expect(seen.map((l) => [l.id, l.enabled])).to.deep.equal([[BLUE, true]]);
      expect(world.callCount('UpdateDistribution')).to.equal(1);
      expect(world.getDistributionConfig(A, BLUE).DistributionConfig).to.deep.equal({ ...before, Enabled: false });
      expect(world.distribution(BLUE)).to.deep.include({
        enabled: false,
        status: 'InProgress',
        aliases: ['www.example.com', 'api.example.com'],
      });
      await provider.waitDeployed(BLUE);
      expect(await provider.readDistribution(BLUE)).to.deep.include({ enabled: false, status: 'Deployed' });
    });

    it('enables a disabled distribution', async () => {
      const { provider, world } = await open();
      expect(await setEnabledOf(provider)(RED, true, () => 'apply')).to.equal('apply');
      expect(world.distribution(RED)).to.deep.include({ enabled: true, status: 'InProgress' });
    });

    it("writes nothing when the guard says 'skip' or refuses, and a re-run skips", async () => {
      const { provider, world } = await open();
      const setEnabled = setEnabledOf(provider);
      expect(await setEnabled(BLUE, false, () => 'skip')).to.equal('skip');
      const stale = new StalePlanError('set-enabled:E1BLUEBLUEBLUE:1', BLUE, [{ field: 'enabled', expected: false, found: true }]);
      const refused = await rejection(
        setEnabled(BLUE, false, () => {
          throw stale;
        }),
      );
      expect(refused).to.equal(stale);
      expect(world.callCount('UpdateDistribution')).to.equal(0);
      expect(world.distribution(BLUE)!.enabled).to.equal(true);
      expect(await setEnabled(BLUE, false, skipWhenEnabledIs(false))).to.equal('apply');
      expect(await setEnabled(BLUE, false, skipWhenEnabledIs(false))).to.equal('skip');
      expect(world.callCount('UpdateDistribution')).to.equal(1);
    });

    it('raises PreconditionFailedError on a stale ETag, with nothing changed', async () => {
      const { provider, world } = await open({}, { operation: 'UpdateDistribution', error: 'PreconditionFailed' });
      const error = await rejection(setEnabledOf(provider)(BLUE, false, () => 'apply'));
      expect(error).to.be.instanceOf(PreconditionFailedError);
      expect(world.distribution(BLUE)!.enabled).to.equal(true);
    });

    it("answers ResourceNotFoundError for another account's distribution, and refuses a tenant id before any call", async () => {
      const { provider, world } = await open();
      const setEnabled = setEnabledOf(provider);
      expect(await rejection(setEnabled(FOREIGN, false, () => 'apply'))).to.be.instanceOf(ResourceNotFoundError);
      expect(world.distribution(FOREIGN)!.enabled).to.equal(true);
      world.resetCalls();
      const tenant = await rejection(setEnabled('dt_someTENANTsome0001', false, () => 'apply'));
      expect(tenant).to.be.instanceOf(RequestRejectedError);
      expect(tenant.message).to.include('standard distributions only');
      expect(world.callCount()).to.equal(0);
    });
  });
}
