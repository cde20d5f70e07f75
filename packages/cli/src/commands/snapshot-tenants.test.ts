/**
 * `inventory --out` on CloudFront SaaS Manager and IAM certificates: a snapshot of a world with
 * distribution tenants (fixtures/worlds/standard-to-tenant) and of one with an IAM certificate
 * (fixtures/worlds/iam-certificate) loads as a world file and reads back the same facts.
 */
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Inventory } from '@cfalias/core';
import { createSandboxProvider, parseWorldDocument, SandboxWorld } from '@cfalias/providers';
import { snapshotInventory } from './snapshot.js';

const WORLDS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'fixtures', 'worlds');
const SCOPE = { aliases: [], distributionIds: [] };

async function inventoryOf(world: SandboxWorld): Promise<Inventory> {
  return createSandboxProvider(world).readInventory(SCOPE);
}

async function roundTrip(name: string): Promise<{ before: Inventory; after: Inventory }> {
  const doc = parseWorldDocument(await readFile(join(WORLDS, name, 'world.json'), 'utf8'), `${name}/world.json`);
  const before = await inventoryOf(SandboxWorld.fromDocument(doc));
  const text = `${JSON.stringify(snapshotInventory(before).world, null, 2)}\n`;
  const after = await inventoryOf(SandboxWorld.fromDocument(parseWorldDocument(text, 'snapshot.json')));
  return { before, after };
}

describe('inventory snapshot of tenants and IAM certificates', () => {
  it('keeps tenants, their connection group and routing endpoint, and the multi-tenant distribution', async () => {
    const { before, after } = await roundTrip('standard-to-tenant');
    expect(before.tenants).to.not.be.empty;
    expect(after.tenants).to.deep.equal(before.tenants);
    expect(after.distributions).to.deep.equal(before.distributions);
  });

  it('keeps an IAM certificate by its id, with its names', async () => {
    const { before, after } = await roundTrip('iam-certificate');
    const iam = (inv: Inventory) =>
      inv.certificates.filter((c) => c.source === 'iam').map((c) => [c.iamCertificateId, c.subjectAlternativeNames]);
    expect(iam(before)).to.have.length(1);
    expect(iam(after)).to.deep.equal(iam(before));
    expect(after.distributions.map((d) => d.certificateArn)).to.deep.equal(before.distributions.map((d) => d.certificateArn));
  });
});
