/**
 * The in-process read of a world (`createWorldTransport`, what `cfalias plan --sandbox` and
 * `inventory --sandbox` read through) against the HTTP emulator: on every fixture world the AWS
 * provider reads the same inventory either way, and a read the world refuses fails with the same
 * error.
 */
import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inventoryScope, parseDesiredState, type Inventory, type InventoryScope } from '@cfalias/core';
import {
  createAwsProvider,
  createEmulator,
  createWorldTransport,
  SANDBOX_ACCESS_KEY_ID,
  SANDBOX_SECRET_ACCESS_KEY,
  SandboxWorld,
  type AwsProvider,
  type WorldDocument,
} from '@cfalias/providers';
import { FIXTURES, readJson, readText } from './support/fixture-files.js';

/** Every fixture folder with a world.json and a cfalias.yaml, and no behaviour that lives on the wire. */
function fixtureWorlds(): string[] {
  const folders = ['demo', ...['worlds', 'scenarios'].flatMap((group) => readdirSync(join(FIXTURES, group)).map((n) => `${group}/${n}`))];
  return folders.filter((folder) => {
    const dir = join(FIXTURES, folder);
    if (!existsSync(join(dir, 'world.json')) || !existsSync(join(dir, 'cfalias.yaml'))) return false;
    const doc = readJson<WorldDocument>(join(dir, 'world.json'));
    return (doc.faults ?? []).length === 0 && doc.settings?.realTime === undefined;
  });
}

function scopeOf(folder: string): InventoryScope {
  const { state, diagnostics } = parseDesiredState(readText(join(FIXTURES, folder, 'cfalias.yaml')), 'cfalias.yaml');
  if (!state) throw new Error(`${folder}/cfalias.yaml: ${diagnostics.map((d) => d.message).join('; ')}`);
  return inventoryScope(state);
}

async function overHttp<T>(doc: WorldDocument, read: (provider: AwsProvider) => Promise<T>): Promise<T> {
  const world = SandboxWorld.fromDocument(doc);
  const emulator = await createEmulator(world, { port: 0, fastForward: false });
  const provider = createAwsProvider({
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
    region: 'us-east-1',
    clock: world.clock,
    maxAttempts: 1,
  });
  try {
    return await read(provider);
  } finally {
    provider.destroy();
    await emulator.close();
  }
}

async function inProcess<T>(doc: WorldDocument, read: (provider: AwsProvider) => Promise<T>): Promise<T> {
  const world = SandboxWorld.fromDocument(doc);
  const provider = createAwsProvider({ transport: createWorldTransport(world), region: 'us-east-1', clock: world.clock, maxAttempts: 1 });
  try {
    return await read(provider);
  } finally {
    provider.destroy();
  }
}

async function failure(read: Promise<unknown>): Promise<Error> {
  try {
    await read;
  } catch (error) {
    return error as Error;
  }
  return expect.fail('expected the read to fail');
}

describe('in-process world transport (createWorldTransport)', () => {
  const folders = fixtureWorlds();

  it('covers the fixture worlds', () => {
    expect(folders).to.include.members(['demo', 'worlds/standard-to-tenant', 'worlds/iam-certificate', 'scenarios/foreign-owner']);
  });

  for (const folder of folders) {
    it(`reads the same inventory as the HTTP emulator: ${folder}`, async () => {
      const doc = readJson<WorldDocument>(join(FIXTURES, folder, 'world.json'));
      const scope = scopeOf(folder);
      const read = (provider: AwsProvider): Promise<Inventory> => provider.readInventory(scope);
      const wire = await overHttp(doc, read);
      expect(wire.distributions.length).to.be.greaterThan(0);
      expect(await inProcess(doc, read)).to.deep.equal(wire);
    });
  }

  it('reads the caller account as STS answers it', async () => {
    const doc = readJson<WorldDocument>(join(FIXTURES, 'demo', 'world.json'));
    const account = await inProcess(doc, (provider) => provider.readAccount());
    expect(account).to.equal(await overHttp(doc, (provider) => provider.readAccount()));
    expect(account).to.equal(doc.caller);
  });

  it('fails a read the world refuses with the error the wire gives', async () => {
    const doc = readJson<WorldDocument>(join(FIXTURES, 'demo', 'world.json'));
    const read = (provider: AwsProvider): Promise<Error> => failure(provider.readDistribution('E0000NOSUCH000'));
    const wire = await overHttp(doc, read);
    const direct = await inProcess(doc, read);
    expect(direct.constructor).to.equal(wire.constructor);
    expect(direct.message).to.equal(wire.message);
    expect(direct.message).to.include('NoSuchDistribution');
  });
});
