/**
 * Every fixtures/worlds/<name>: the world loads, and the sandbox plays the AWS behaviour the world
 * is there to pin down (see fixtures/README.md "Worlds"). Expected values are worked out by hand
 * from the world files.
 */
import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, readJson, readText } from './support/fixture-files.js';
import { parseWorldDocument, SandboxServiceError, SandboxWorld, type WorldDocument } from './support/packages.js';

const WORLDS = join(FIXTURES, 'worlds');
const CALLER = '111111111111';

function load(name: string, settings: Partial<NonNullable<WorldDocument['settings']>> = {}): SandboxWorld {
  const doc = readJson<WorldDocument>(join(WORLDS, name, 'world.json'));
  return SandboxWorld.fromDocument({ ...doc, settings: { ...doc.settings, ...settings } });
}

function refusal(call: () => unknown): SandboxServiceError {
  try {
    call();
  } catch (error) {
    if (error instanceof SandboxServiceError) return error;
    throw error;
  }
  expect.fail('expected the sandbox to refuse');
}

/** The same-account move each world is about: the domain and the resource cfalias.yaml puts it on. */
const MOVES: Record<string, { domain: string; target: { distributionId: string } | { distributionTenantId: string } }> = {
  'standard-to-tenant': { domain: 'www.example.com', target: { distributionTenantId: 'dt_2x9GhoK0TZRsohWzv1b9It8J1AB' } },
  'tenant-to-tenant': { domain: 'shop.example.com', target: { distributionTenantId: 'dt_7kQ4mN2pR8sT1vW3xY5zA6bC9dE' } },
  'apex-move': { domain: 'example.com', target: { distributionId: 'E2GREEN5T8W3PR' } },
  'wildcard-move': { domain: '*.example.com', target: { distributionId: 'E2GREEN5T8W3PR' } },
  'iam-certificate': { domain: 'legacy.example.com', target: { distributionId: 'E7LEGACY3D8F5Q' } },
};

function etagOf(world: SandboxWorld, target: { distributionId: string } | { distributionTenantId: string }): string {
  return 'distributionId' in target ? world.distribution(target.distributionId)!.etag : world.tenant(target.distributionTenantId)!.etag;
}

function domainsOf(world: SandboxWorld, target: { distributionId: string } | { distributionTenantId: string }): readonly string[] {
  return 'distributionId' in target
    ? world.distribution(target.distributionId)!.aliases
    : world.tenant(target.distributionTenantId)!.domains;
}

describe('fixture worlds (fixtures/worlds)', () => {
  const names = readdirSync(WORLDS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  it('are the eleven documented ones, each a valid world with a desired file and an expect.json for the scenario runner', () => {
    expect(names).to.deep.equal([
      'apex-move',
      'cross-account-disable-move',
      'cross-account-foreign-apex',
      'cross-account-undeclared-owner',
      'cross-account-wildcard-move',
      'foreign-tenant-owner',
      'iam-certificate',
      'no-covering-resource',
      'standard-to-tenant',
      'tenant-to-tenant',
      'wildcard-move',
    ]);
    for (const name of names) {
      const path = join(WORLDS, name, 'world.json');
      expect(() => parseWorldDocument(readText(path), path), name).to.not.throw();
      expect(existsSync(join(WORLDS, name, 'cfalias.yaml')), name).to.equal(true);
      expect(existsSync(join(WORLDS, name, 'expect.json')), `${name}/expect.json`).to.equal(true);
    }
  });

  for (const [name, move] of Object.entries(MOVES)) {
    it(`${name}: one UpdateDomainAssociation moves ${move.domain} with no TXT record; with sameAccountMoveRequiresTxt it is IllegalUpdate`, () => {
      const world = load(name);
      world.updateDomainAssociation(CALLER, { domain: move.domain, target: move.target, ifMatch: etagOf(world, move.target) });
      expect(domainsOf(world, move.target)).to.include(move.domain);
      expect(world.callCount('UpdateDomainAssociation')).to.equal(1);

      const strict = load(name, { sameAccountMoveRequiresTxt: true });
      const error = refusal(() =>
        strict.updateDomainAssociation(CALLER, { domain: move.domain, target: move.target, ifMatch: etagOf(strict, move.target) }),
      );
      expect(error.code).to.equal('IllegalUpdate');
      expect(domainsOf(strict, move.target)).to.not.include(move.domain);
    });
  }

  it('foreign-tenant-owner: the holder is a tenant of another account, masked; the move is IllegalUpdate while it is enabled', () => {
    const world = load('foreign-tenant-owner');
    const conflicts = world.listDomainConflicts(CALLER, {
      domain: 'partner.example.com',
      controlResource: { distributionId: 'E2GREEN5T8W3PR' },
    });
    expect(conflicts.DomainConflicts).to.deep.equal([
      {
        Domain: 'partner.example.com',
        ResourceType: 'distribution-tenant',
        ResourceId: '***************7rS0tU3vW6xY9zB',
        AccountId: '******222222',
      },
    ]);
    const error = refusal(() =>
      world.updateDomainAssociation(CALLER, {
        domain: 'partner.example.com',
        target: { distributionId: 'E2GREEN5T8W3PR' },
        ifMatch: world.distribution('E2GREEN5T8W3PR')!.etag,
      }),
    );
    expect(error.code).to.equal('IllegalUpdate');
  });

  it('no-covering-resource: no resource of the account can probe www.example.org, while www.example.com can be probed', () => {
    const world = load('no-covering-resource');
    for (const distributionId of ['E1BLUE7QX4M2ZK', 'E2GREEN5T8W3PR']) {
      const error = refusal(() => world.listDomainConflicts(CALLER, { domain: 'www.example.org', controlResource: { distributionId } }));
      expect(error.code).to.equal('InvalidArgument');
    }
    const probed = world.listDomainConflicts(CALLER, { domain: 'www.example.com', controlResource: { distributionId: 'E2GREEN5T8W3PR' } });
    expect(probed.DomainConflicts.map((c) => [c.Domain, c.ResourceId])).to.deep.equal([['www.example.com', '*******QX4M2ZK']]);
  });

  describe('across accounts', () => {
    const PROD_TARGET = { distributionId: 'E2NEWPROD5T8W3' };
    const OLD = 'E1OLDAGENCY7Q2';
    const AGENCY = '222222222222';

    function moveToProd(world: SandboxWorld, domain: string): void {
      world.updateDomainAssociation(CALLER, { domain, target: PROD_TARGET, ifMatch: world.distribution(PROD_TARGET.distributionId)!.etag });
    }

    function setEnabled(world: SandboxWorld, account: string, id: string, enabled: boolean): void {
      const { DistributionConfig: config, ETag } = world.getDistributionConfig(account, id);
      world.updateDistribution(account, id, { ...config, Enabled: enabled }, ETag);
    }

    it('cross-account-wildcard-move: the agency distribution is invisible to prod, its aliases show masked, and the enabled source refuses a move', () => {
      const world = load('cross-account-wildcard-move');
      expect(refusal(() => world.getDistribution(CALLER, OLD)).code).to.equal('NoSuchDistribution');
      const conflicts = world.listDomainConflicts(CALLER, { domain: '*.example.com', controlResource: PROD_TARGET });
      expect(conflicts.DomainConflicts).to.deep.equal(
        ['a.example.com', 'b.example.com', 'c.example.com'].map((Domain) => ({
          Domain,
          ResourceType: 'distribution',
          ResourceId: '*******ENCY7Q2',
          AccountId: '******222222',
        })),
      );
      for (const domain of ['a.example.com', 'b.example.com', 'c.example.com']) {
        expect(refusal(() => moveToProd(world, domain)).code, domain).to.equal('IllegalUpdate');
      }
      // The wildcard route's first step: *.example.com may go on the target while the names are elsewhere.
      const { DistributionConfig: config, ETag } = world.getDistributionConfig(CALLER, PROD_TARGET.distributionId);
      world.updateDistribution(CALLER, PROD_TARGET.distributionId, { ...config, Aliases: { Quantity: 1, Items: ['*.example.com'] } }, ETag);
      expect(world.distribution(PROD_TARGET.distributionId)!.aliases).to.deep.equal(['*.example.com']);
      expect(world.distribution(OLD)!.aliases).to.deep.equal(['a.example.com', 'b.example.com', 'c.example.com']);
    });

    it('cross-account-disable-move: the move is refused while the source is enabled; disabled and with the TXT record, it succeeds', () => {
      const world = load('cross-account-disable-move');
      expect(refusal(() => moveToProd(world, 'www.example.com')).code).to.equal('IllegalUpdate');
      setEnabled(world, AGENCY, OLD, false);
      const txt = refusal(() => moveToProd(world, 'www.example.com'));
      expect(txt.code).to.equal('IllegalUpdate');
      expect(txt.message).to.contain('_www.example.com.');
      world.changeResourceRecordSets(CALLER, 'Z1D633PJN98FT9', {
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: {
              Name: '_www.example.com.',
              Type: 'TXT',
              TTL: 300,
              ResourceRecords: [{ Value: '"d2newprod5t8w3.cloudfront.net"' }],
            },
          },
        ],
      });
      moveToProd(world, 'www.example.com');
      expect(world.distribution(PROD_TARGET.distributionId)!.aliases).to.deep.equal(['www.example.com']);
      // shop.example.com stayed on the source, which was offline while it was disabled.
      expect(world.distribution(OLD)!.aliases).to.deep.equal(['shop.example.com']);
      setEnabled(world, AGENCY, OLD, true);
      expect(world.distribution(OLD)!.enabled).to.equal(true);
    });

    it('cross-account-foreign-apex: the apex is held by the agency distribution; the move is refused while it is enabled', () => {
      const world = load('cross-account-foreign-apex');
      const conflicts = world.listDomainConflicts(CALLER, { domain: 'example.com', controlResource: PROD_TARGET });
      expect(conflicts.DomainConflicts.map((c) => [c.Domain, c.ResourceId, c.AccountId])).to.deep.equal([
        ['example.com', '*******ENCY7Q2', '******222222'],
      ]);
      expect(refusal(() => moveToProd(world, 'example.com')).code).to.equal('IllegalUpdate');
    });

    it('cross-account-undeclared-owner: the holder is in an account outside the registry, masked', () => {
      const world = load('cross-account-undeclared-owner');
      const conflicts = world.listDomainConflicts(CALLER, { domain: 'www.example.com', controlResource: PROD_TARGET });
      expect(conflicts.DomainConflicts).to.deep.equal([
        { Domain: 'www.example.com', ResourceType: 'distribution', ResourceId: '*******LARED9X', AccountId: '******444444' },
      ]);
      expect(refusal(() => moveToProd(world, 'www.example.com')).code).to.equal('IllegalUpdate');
    });
  });
});
