/**
 * The provider contract on what moves with UpdateDomainAssociation cost: its `If-Match` is the
 * ETag the previous move onto the same target returned, so K moves onto one target make one read
 * of the target's ETag (GetDistribution, GetDistributionConfig or GetDistributionTenant) and K
 * UpdateDomainAssociation, even when the K moves are asked for at once; moves onto two targets, one
 * read each. When someone else changed the target in between, the stale ETag costs one
 * PreconditionFailed, one re-read and the move once more; a second PreconditionFailed surfaces.
 * A write of the target by the provider's other calls (updateAliases) makes it read afresh rather
 * than send an ETag it knows is stale. Registered by `describeProviderContract` on the tenant
 * contract's world (a standard distribution and a tenant as targets), with more aliases on BLUE.
 */
import { expect } from 'chai';
import { PreconditionFailedError } from '@cfalias/core';
import type { FaultDocument, WorldDocument } from '../sandbox/world-document.js';
import type { SandboxWorld } from '../sandbox/world-model.js';
import type { MakeProviderFixture, ProviderFixture } from './provider-contract.js';
import { tenantContractDocument } from './provider-contract-tenants.js';
import { ALPHA } from './tenant-world-parts.js';
import { rejection } from './rejection.js';

const A = '111111111111';
const BLUE = 'E1BLUEBLUEBLUE';
const GREEN = 'E2GREENGREENGR';
const MOVED = ['m1.example.com', 'm2.example.com', 'm3.example.com', 'm4.example.com', 'm5.example.com', 'm6.example.com'];
const ETAG_READS: readonly string[] = ['GetDistribution', 'GetDistributionConfig', 'GetDistributionTenant'];

/** The tenant contract's world with the MOVED aliases on BLUE too (a tenant holds at most 5 domains, ALPHA holds 1). */
function movesDocument(faults: readonly FaultDocument[]): WorldDocument {
  const doc = tenantContractDocument();
  const accounts = doc.accounts.map((account) =>
    account.id !== A
      ? account
      : {
          ...account,
          distributions: (account.distributions ?? []).map((d) => (d.id === BLUE ? { ...d, aliases: [...d.aliases, ...MOVED] } : d)),
        },
  );
  return { ...doc, accounts, ...(faults.length > 0 ? { faults } : {}) };
}

/** Calls since `mark` (an index into the world's call log) on `resource`, per operation. */
function callsOn(world: SandboxWorld, mark: number, resource: string): { reads: number; moves: number; failedMoves: number } {
  const calls = world.calls.slice(mark).filter((c) => c.resource === resource);
  const moves = calls.filter((c) => c.operation === 'UpdateDomainAssociation');
  return {
    reads: calls.filter((c) => ETAG_READS.includes(c.operation)).length,
    moves: moves.length,
    failedMoves: moves.filter((c) => c.outcome !== 'ok').length,
  };
}

/** Another writer (the console, another tool) changes GREEN: its ETag moves on. */
function changeBehindTheProvidersBack(world: SandboxWorld): void {
  const { DistributionConfig, ETag } = world.getDistributionConfig(A, GREEN);
  world.updateDistribution(A, GREEN, { ...DistributionConfig, Comment: 'changed by someone else' }, ETag);
}

export function describeMoveCostContract(makeFixture: MakeProviderFixture): void {
  describe('moveAlias with UpdateDomainAssociation: one ETag read per target', () => {
    let fixture: ProviderFixture | undefined;
    const open = async (...faults: FaultDocument[]): Promise<ProviderFixture> => {
      fixture = await makeFixture(movesDocument(faults));
      return fixture;
    };
    afterEach(async () => {
      await fixture?.close?.();
      fixture = undefined;
    });

    it('K moves onto one target, asked for at once, make one ETag read and K UpdateDomainAssociation, and all land', async () => {
      const { provider, world } = await open();
      const mark = world.calls.length;
      await Promise.all(MOVED.map((alias) => provider.moveAlias(GREEN, alias, 'update-domain-association')));
      expect([...world.distribution(GREEN)!.aliases].sort()).to.deep.equal(MOVED);
      expect(world.distribution(BLUE)!.aliases).to.deep.equal(['www.example.com']);
      expect(callsOn(world, mark, GREEN)).to.deep.equal({ reads: 1, moves: MOVED.length, failedMoves: 0 });
    });

    it('moves onto two targets, a distribution and a tenant, make one ETag read each', async () => {
      const { provider, world } = await open();
      const mark = world.calls.length;
      const [toGreen, toAlpha] = [MOVED.slice(0, 3), MOVED.slice(3, 6)];
      await Promise.all([
        ...toGreen.map((alias) => provider.moveAlias(GREEN, alias, 'update-domain-association')),
        ...toAlpha.map((alias) => provider.moveAlias(ALPHA, alias, 'update-domain-association')),
      ]);
      expect(world.distribution(GREEN)!.aliases).to.have.members(toGreen);
      expect(world.tenant(ALPHA)!.domains).to.have.members(['shop.example.com', ...toAlpha]);
      expect(callsOn(world, mark, GREEN)).to.deep.equal({ reads: 1, moves: 3, failedMoves: 0 });
      expect(callsOn(world, mark, ALPHA)).to.deep.equal({ reads: 1, moves: 3, failedMoves: 0 });
    });

    it('a target changed by someone else between two moves costs one PreconditionFailed, one re-read and one more call', async () => {
      const { provider, world } = await open();
      await provider.moveAlias(GREEN, 'm1.example.com', 'update-domain-association');
      changeBehindTheProvidersBack(world);
      const mark = world.calls.length;
      await provider.moveAlias(GREEN, 'm2.example.com', 'update-domain-association');
      await provider.moveAlias(GREEN, 'm3.example.com', 'update-domain-association');
      expect(world.distribution(GREEN)!.aliases).to.deep.equal(['m1.example.com', 'm2.example.com', 'm3.example.com']);
      expect(callsOn(world, mark, GREEN)).to.deep.equal({ reads: 1, moves: 3, failedMoves: 1 });
    });

    it('a second PreconditionFailed in a row surfaces as PreconditionFailedError, and the next move reads afresh', async () => {
      const { provider, world } = await open({ operation: 'UpdateDomainAssociation', error: 'PreconditionFailed', times: 2 });
      const mark = world.calls.length;
      const error = await rejection(provider.moveAlias(GREEN, 'm1.example.com', 'update-domain-association'));
      expect(error).to.be.instanceOf(PreconditionFailedError);
      expect(world.distribution(GREEN)!.aliases).to.deep.equal([]);
      await provider.moveAlias(GREEN, 'm1.example.com', 'update-domain-association');
      expect(world.distribution(GREEN)!.aliases).to.deep.equal(['m1.example.com']);
      expect(callsOn(world, mark, GREEN)).to.deep.equal({ reads: 3, moves: 3, failedMoves: 2 });
    });

    it("the provider's own write of the target makes the next move read the ETag rather than send a stale one", async () => {
      const { provider, world } = await open();
      await provider.moveAlias(GREEN, 'm1.example.com', 'update-domain-association');
      await provider.updateAliases(GREEN, { remove: [], add: ['img.example.com'] }, () => 'apply');
      const mark = world.calls.length;
      await provider.moveAlias(GREEN, 'm2.example.com', 'update-domain-association');
      expect(world.distribution(GREEN)!.aliases).to.deep.equal(['m1.example.com', 'img.example.com', 'm2.example.com']);
      expect(callsOn(world, mark, GREEN)).to.deep.equal({ reads: 1, moves: 1, failedMoves: 0 });
    });
  });
}
