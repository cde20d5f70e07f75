/**
 * The registry provider over three accounts of a four-account world (testing/registry-world.ts),
 * in process and over the wire (AWS providers on the real SDK against the emulator, two of the
 * accounts reached by STS AssumeRole): one merged inventory, and each call in the account that
 * holds its resource.
 */
import { expect } from 'chai';
import {
  AccountMismatchError,
  RequestRejectedError,
  ResourceNotFoundError,
  type CutoverProvider,
  type ProviderCapabilities,
} from '@cfalias/core';
import { createSandboxProvider } from '../sandbox/sandbox-provider.js';
import { SandboxWorld } from '../sandbox/world-model.js';
import {
  AGENCY,
  DNS,
  emulatorRegistryFixture,
  NEW,
  OLD,
  OUTSIDER,
  PROD,
  registryWorldDocument,
  sandboxRegistryFixture,
  ZONE,
  type MakeRegistryFixture,
  type RegistryFixture,
} from '../testing/registry-world.js';
import { createRegistryProvider } from './registry-provider.js';

const SCOPE = { aliases: ['www.example.com', 'shop.example.com', 'cdn.example.com', 'new.example.com'], distributionIds: [NEW, OLD] };

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  expect.fail('expected the call to fail');
}

function describeRegistry(name: string, make: MakeRegistryFixture): void {
  describe(`registry provider: ${name}`, () => {
    let fixture: RegistryFixture | undefined;
    const open = async (options = {}): Promise<RegistryFixture> => (fixture = await make(registryWorldDocument(), options));
    afterEach(async () => {
      await fixture?.close();
      fixture = undefined;
    });
    /** The accounts the world saw each write of `operation` in. */
    const accountsOf = (world: SandboxWorld, operation: string) =>
      world.calls.filter((c) => c.operation === operation).map((c) => c.account);

    it('reads every account into one inventory: reachable holders are not foreign, zones name their account', async () => {
      const { provider } = await open();
      const inventory = await provider.readInventory(SCOPE);
      expect([inventory.account, inventory.accounts]).to.deep.equal([PROD, [PROD, AGENCY, DNS]]);
      expect(inventory.distributions.map((d) => [d.id, d.accountId, d.aliases])).to.deep.equal([
        [NEW, PROD, []],
        [OLD, AGENCY, ['www.example.com', 'shop.example.com']],
      ]);
      expect(inventory.hostedZones.map((z) => [z.id, z.accountId, z.name])).to.deep.equal([[ZONE, DNS, 'example.com.']]);
      expect(inventory.certificates.map((c) => c.arn).sort()).to.deep.equal([
        `arn:aws:acm:us-east-1:${PROD}:certificate/new`,
        `arn:aws:acm:us-east-1:${AGENCY}:certificate/old`,
      ]);
      // Only the holder outside the registry is foreign (masked as CloudFront masks it).
      expect(inventory.foreignOwners).to.deep.equal([
        { alias: 'cdn.example.com', distributionId: '*******DEROUT9', accountId: '******444444' },
      ]);
      expect(inventory.unknownOwners ?? []).to.deep.equal([]);
    });

    it('sends each call to the account holding its resource', async () => {
      const { provider, world } = await open();
      await provider.readInventory(SCOPE);
      expect(provider.accountOf(OLD)).to.equal(AGENCY);
      expect(provider.accountOfZone(ZONE)).to.equal(DNS);
      expect((await provider.readDistribution(OLD)).aliases).to.deep.equal(['www.example.com', 'shop.example.com']);
      await provider.updateAliases(OLD, { remove: ['shop.example.com'], add: [] }, () => 'apply');
      expect(world.distribution(OLD)!.aliases).to.deep.equal(['www.example.com']);
      await provider.waitDeployed(OLD);
      const { changeId } = await provider.changeRecords(ZONE, [
        { action: 'UPSERT', record: { name: 'shop.example.com.', type: 'CNAME', ttl: 60, values: ['d2new.cloudfront.net'] } },
      ]);
      await provider.waitRecordsSynced(changeId);
      expect((await provider.readRecords(ZONE, ['shop.example.com.'])).map((r) => r.values)).to.deep.equal([['d2new.cloudfront.net']]);
      expect(accountsOf(world, 'UpdateDistribution')).to.deep.equal([AGENCY]);
      expect(accountsOf(world, 'ChangeResourceRecordSets')).to.deep.equal([DNS]);
      expect(new Set(accountsOf(world, 'GetChange'))).to.deep.equal(new Set([DNS]));
      expect(await provider.testDnsAnswer!(ZONE, 'shop.example.com', 'CNAME')).to.deep.include({ responseCode: 'NOERROR' });
      expect(accountsOf(world, 'TestDNSAnswer')).to.deep.equal([DNS]);
    });

    it('moves an alias from another account once its owner disabled the source, with the TXT record in place', async () => {
      const { provider, world } = await open();
      await provider.readInventory(SCOPE);
      const refused = await rejection(provider.moveAlias(NEW, 'www.example.com', 'update-domain-association'));
      expect(refused).to.be.instanceOf(RequestRejectedError);
      expect(refused).to.include({ code: 'IllegalUpdate' });
      expect(world.distribution(OLD)!.aliases).to.include('www.example.com');

      expect(await provider.setEnabled!(OLD, false, () => 'apply')).to.equal('apply');
      await provider.waitDeployed(OLD);
      await provider.moveAlias(NEW, 'www.example.com', 'update-domain-association');
      expect(await provider.setEnabled!(OLD, true, () => 'apply')).to.equal('apply');
      await provider.waitDeployed(OLD);
      expect(world.distribution(NEW)!.aliases).to.deep.equal(['www.example.com']);
      expect(world.distribution(OLD)).to.deep.include({ aliases: ['shop.example.com'], enabled: true, status: 'Deployed' });
      expect(accountsOf(world, 'UpdateDomainAssociation')).to.deep.equal([PROD, PROD]);
      expect(accountsOf(world, 'UpdateDistribution')).to.deep.equal([AGENCY, AGENCY]);
    });

    it('runs the wildcard route across accounts: wildcard on the target, DNS, off the source, onto the target', async () => {
      const { provider, world } = await open();
      await provider.readInventory(SCOPE);
      await provider.updateAliases(NEW, { remove: [], add: ['*.example.com'] }, () => 'apply');
      await provider.waitDeployed(NEW);
      const { changeId } = await provider.changeRecords(ZONE, [
        {
          action: 'UPSERT',
          record: {
            name: 'www.example.com.',
            type: 'A',
            aliasTarget: { dnsName: 'd2new.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' },
          },
        },
      ]);
      await provider.waitRecordsSynced(changeId);
      await provider.updateAliases(OLD, { remove: ['www.example.com'], add: [] }, () => 'apply');
      await provider.waitDeployed(OLD);
      await provider.updateAliases(NEW, { remove: ['*.example.com'], add: ['www.example.com'] }, () => 'apply');
      await provider.waitDeployed(NEW);
      expect([world.distribution(NEW)!.aliases, world.distribution(OLD)!.aliases]).to.deep.equal([
        ['www.example.com'],
        ['shop.example.com'],
      ]);
      expect(world.calls.filter((c) => c.operation === 'UpdateDistribution').map((c) => [c.account, c.outcome])).to.deep.equal([
        [PROD, 'ok'],
        [AGENCY, 'ok'],
        [PROD, 'ok'],
      ]);
    });

    it('finds a zone not read yet by asking each account, and routes distributions by distributionAccounts', async () => {
      const { provider, world } = await open({ distributionAccounts: { [OLD]: AGENCY } });
      const { changeId } = await provider.changeRecords(ZONE, [
        { action: 'UPSERT', record: { name: 'img.example.com.', type: 'CNAME', ttl: 60, values: ['d2new.cloudfront.net'] } },
      ]);
      await provider.waitRecordsSynced(changeId);
      expect(provider.accountOfZone(ZONE)).to.equal(DNS);
      expect(world.calls.filter((c) => c.operation === 'ChangeResourceRecordSets').map((c) => [c.account, c.outcome])).to.deep.equal([
        [PROD, 'NoSuchHostedZone'],
        [AGENCY, 'NoSuchHostedZone'],
        [DNS, 'ok'],
      ]);
      expect((await provider.readDistribution(OLD)).id).to.equal(OLD);
      expect(await rejection(provider.readRecords('ZNOSUCHZONE', ['www.example.com.']))).to.be.instanceOf(ResourceNotFoundError);
    });

    it("routes by a saved plan's resourceAccounts without reading an inventory or asking other accounts", async () => {
      const { provider, world } = await open({ resourceAccounts: { [OLD]: AGENCY, [ZONE]: DNS } });
      await provider.setEnabled!(OLD, false, () => 'apply');
      const { changeId } = await provider.changeRecords(ZONE, [
        { action: 'UPSERT', record: { name: 'img.example.com.', type: 'CNAME', ttl: 60, values: ['d2new.cloudfront.net'] } },
      ]);
      await provider.waitRecordsSynced(changeId);
      const calls = world.calls.filter((c) => c.operation !== 'GetChange');
      expect(calls.map((c) => [c.operation, c.account, c.outcome])).to.deep.equal([
        ['GetDistribution', AGENCY, 'ok'],
        ['UpdateDistribution', AGENCY, 'ok'],
        ['ChangeResourceRecordSets', DNS, 'ok'],
      ]);
      expect(new Set(accountsOf(world, 'GetChange'))).to.deep.equal(new Set([DNS]));
    });

    it('sends a distribution no read and no mapping names to the default account', async () => {
      const { provider } = await open();
      expect(provider.accountOf(OLD)).to.equal(PROD);
      expect(await rejection(provider.readDistribution(OLD))).to.be.instanceOf(ResourceNotFoundError);
    });
  });
}

describeRegistry('sandbox', sandboxRegistryFixture);
describeRegistry('aws (SDK v3 over the HTTP emulator, accounts reached by AssumeRole)', emulatorRegistryFixture());

describe('registry provider: composition', () => {
  const world = () => SandboxWorld.fromDocument(registryWorldDocument());

  it('refuses an account whose provider reads another account (AccountMismatchError)', async () => {
    const w = world();
    const provider = createRegistryProvider({
      accounts: { prod: { id: PROD }, agency: { id: AGENCY } },
      providers: { prod: createSandboxProvider(w, { account: PROD }), agency: createSandboxProvider(w, { account: OUTSIDER }) },
      defaultAccount: PROD,
    });
    const error = await rejection(provider.readInventory(SCOPE));
    expect(error).to.be.instanceOf(AccountMismatchError);
    expect(error.message).to.include(`account "agency" is ${AGENCY}, but its provider reads account ${OUTSIDER}`);
  });

  it('offers what every provider can do, and nothing more', () => {
    const w = world();
    const narrow: CutoverProvider = Object.assign(Object.create(createSandboxProvider(w, { account: AGENCY })) as CutoverProvider, {
      capabilities: { moveApis: ['update-domain-association'], dns: true, retriesTransientErrors: false } satisfies ProviderCapabilities,
      setEnabled: undefined,
    });
    const provider = createRegistryProvider({
      accounts: { prod: { id: PROD }, agency: { id: AGENCY } },
      providers: { prod: createSandboxProvider(w, { account: PROD }), agency: narrow },
      defaultAccount: PROD,
    });
    expect(provider.capabilities).to.deep.equal({ moveApis: ['update-domain-association'], dns: true, retriesTransientErrors: false });
    expect('setEnabled' in provider).to.equal(false);
    expect(typeof provider.verifyTenantDns).to.equal('function');
  });

  it('refuses a default account outside the registry, an account without a provider, and a resource in an undeclared account', () => {
    const w = world();
    const prod = createSandboxProvider(w, { account: PROD });
    expect(() => createRegistryProvider({ accounts: { prod: { id: PROD } }, providers: { prod }, defaultAccount: AGENCY })).to.throw(
      `the default account ${AGENCY} is not one of the registry's accounts (${PROD})`,
    );
    expect(() =>
      createRegistryProvider({ accounts: { prod: { id: PROD }, dns: { id: DNS } }, providers: { prod }, defaultAccount: PROD }),
    ).to.throw(`account "dns" (${DNS}) has no provider`);
    expect(() =>
      createRegistryProvider({
        accounts: { prod: { id: PROD } },
        providers: { prod },
        defaultAccount: PROD,
        resourceAccounts: { [ZONE]: DNS },
      }),
    ).to.throw(`resource ${ZONE} is in account ${DNS}, which is not one of the registry's accounts`);
  });
});
