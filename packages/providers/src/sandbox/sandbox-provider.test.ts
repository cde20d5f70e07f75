/**
 * The in-process sandbox provider: the shared contract suite, then what only a simulated-time
 * provider can promise (exact simulated durations, poll counts, the settings it reports).
 */
import { expect } from 'chai';
import { SimulatedClock } from '@cfalias/core';
import { contractWorldDocument, describeProviderContract } from '../contract/provider-contract.js';
import type { WorldSettings } from './world-document.js';
import { createSandboxProvider } from './sandbox-provider.js';
import { SandboxWorld } from './world-model.js';

const NOW = Date.parse('2026-01-01T00:00:00.000Z');

describeProviderContract('sandbox', (doc) => {
  const world = SandboxWorld.fromDocument(doc, { clock: new SimulatedClock(NOW) });
  return { provider: createSandboxProvider(world), world };
});

function sandbox(settings: WorldSettings = {}, pollSeconds?: number) {
  const clock = new SimulatedClock(NOW);
  const world = SandboxWorld.fromDocument(contractWorldDocument(settings), { clock });
  const provider = createSandboxProvider(world, pollSeconds !== undefined ? { pollSeconds } : {});
  return { clock, world, provider };
}

describe('sandbox provider on simulated time', () => {
  it('reports the world settings as timing and limits, and the clock as readAt', async () => {
    const { provider } = sandbox({ deploySeconds: 120, dnsSyncSeconds: 10, aliasQuota: 5 });
    const inventory = await provider.readInventory({ aliases: [], distributionIds: [] });
    expect(inventory.timing).to.deep.equal({ deploySeconds: 120, dnsSyncSeconds: 10 });
    expect(inventory.limits).to.deep.equal({ aliasesPerDistribution: 5, domainsPerTenant: 5 });
    expect(inventory.readAt).to.equal('2026-01-01T00:00:00.000Z');
  });

  it('waitDeployed sleeps exactly until the deployment is due: two polls, 300 simulated seconds', async () => {
    const { provider, world, clock } = sandbox();
    await provider.updateAliases('E1BLUEBLUEBLUE', { remove: ['api.example.com'], add: [] }, () => 'apply');
    world.resetCalls();
    await provider.waitDeployed('E1BLUEBLUEBLUE');
    expect(clock.now() - NOW).to.equal(300_000);
    expect(world.callCount('GetDistribution')).to.equal(2);
  });

  it('two parallel waits cost the longer one, not the sum', async () => {
    const { provider, clock } = sandbox();
    await provider.updateAliases('E1BLUEBLUEBLUE', { remove: ['api.example.com'], add: [] }, () => 'apply');
    clock.advance(100_000);
    await provider.updateAliases('E2GREENGREENGR', { remove: [], add: ['img.example.com'] }, () => 'apply');
    await Promise.all([provider.waitDeployed('E1BLUEBLUEBLUE'), provider.waitDeployed('E2GREENGREENGR')]);
    expect(clock.now() - NOW).to.equal(400_000);
  });

  it('pollSeconds bounds each sleep: a 300 s deployment polled every 60 s takes 6 polls', async () => {
    const { provider, world, clock } = sandbox({}, 60);
    await provider.moveAlias('E2GREENGREENGR', 'www.example.com', 'update-domain-association');
    world.resetCalls();
    await provider.waitDeployed('E2GREENGREENGR');
    expect(clock.now() - NOW).to.equal(300_000);
    expect(world.callCount('GetDistribution')).to.equal(6);
  });

  it('waitRecordsSynced takes dnsSyncSeconds of simulated time', async () => {
    const { provider, world, clock } = sandbox();
    const { changeId } = await provider.changeRecords('Z1EXAMPLE', [
      { action: 'UPSERT', record: { name: '_api.example.com.', type: 'TXT', ttl: 300, values: ['"d2green.cloudfront.net"'] } },
    ]);
    expect(changeId).to.equal('C0000000000001');
    await provider.waitRecordsSynced(changeId);
    expect(clock.now() - NOW).to.equal(30_000);
    expect(world.callCount('GetChange')).to.equal(2);
  });

  it('spends apiLatencyMs of simulated time on each call', async () => {
    const { provider, world, clock } = sandbox({ apiLatencyMs: 250 });
    await provider.readDistribution('E1BLUEBLUEBLUE');
    await provider.readRecords('Z1EXAMPLE', ['www.example.com.', 'api.example.com.']);
    // One GetDistribution, one ListResourceRecordSets (both names in one listing).
    expect(world.callCount()).to.equal(2);
    expect(clock.now() - NOW).to.equal(500);
  });

  it('acts as another account when told to', async () => {
    const { world } = sandbox();
    const provider = createSandboxProvider(world, { account: '222222222222' });
    const inventory = await provider.readInventory({ aliases: [], distributionIds: [] });
    expect(inventory.account).to.equal('222222222222');
    expect(inventory.distributions.map((d) => d.id)).to.deep.equal(['E3FOREIGNFOREI', 'E4OLDOLDOLDOLD']);
    expect(inventory.hostedZones).to.deep.equal([]);
  });
});
