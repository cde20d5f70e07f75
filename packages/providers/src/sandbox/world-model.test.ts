/**
 * The world as a whole: time across services, and loading.
 * Expected values are worked out by hand from testing/rules-world.ts.
 */
import { expect } from 'chai';
import { SimulatedClock } from '@cfalias/core';
import { SandboxWorld } from './world-model.js';
import { A, BLUE, GREEN, NOW, baseDocument, makeWorld, setAliases } from '../testing/rules-world.js';

describe('SandboxWorld: time', () => {
  it('settle() advances the clock past every pending deployment and DNS change', () => {
    const { world, clock } = makeWorld();
    setAliases(world, BLUE, ['www.example.com']);
    clock.advance(100_000);
    world.changeResourceRecordSets(A, 'Z1EXAMPLE', {
      Changes: [
        { Action: 'UPSERT', ResourceRecordSet: { Name: 'x.example.com.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"x"' }] } },
      ],
    });
    world.settle();
    expect(clock.now()).to.equal(NOW + 300_000);
    expect(world.distribution(BLUE)!.status).to.equal('Deployed');
    expect(world.getChange(A, 'C0000000000001').ChangeInfo.Status).to.equal('INSYNC');
  });

  it('an InProgress distribution without deployedAt deploys deploySeconds after load', () => {
    const doc = baseDocument();
    const accounts = doc.accounts.map((a, i) =>
      i === 0 ? { ...a, distributions: a.distributions!.map((d) => (d.id === GREEN ? { ...d, status: 'InProgress' as const } : d)) } : a,
    );
    const world = SandboxWorld.fromDocument({ ...doc, accounts }, { clock: new SimulatedClock(NOW) });
    expect(world.distribution(GREEN)).to.include({ status: 'InProgress', deployedAt: NOW + 300_000 });
  });
});
