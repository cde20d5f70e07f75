/**
 * The sandbox's domain operations across standard distributions and tenants: UpdateDomainAssociation,
 * ListDomainConflicts, VerifyDnsConfiguration. Expected values are worked out by hand from
 * testing/tenant-world.ts.
 */
import { expect } from 'chai';
import { thrown } from '../testing/rules-world.js';
import {
  A,
  ALPHA,
  APPS,
  BETA,
  BLUE,
  FOREIGN,
  GAMMA,
  GREEN,
  MULTI,
  NOW,
  ROUTING,
  makeTenantWorld,
  tenantDocument,
  txt,
  withRecord,
} from '../testing/tenant-world.js';
import { SandboxWorld } from './world-model.js';
import { SimulatedClock } from '@cfalias/core';

function worldWith(doc: ReturnType<typeof tenantDocument>): SandboxWorld {
  return SandboxWorld.fromDocument(doc, { clock: new SimulatedClock(NOW) });
}

describe('SandboxWorld: UpdateDomainAssociation', () => {
  it('moves a domain from a standard distribution to a tenant of the same account, with no TXT record', () => {
    const { world } = makeTenantWorld();
    const before = world.getDistributionTenant(A, BETA).ETag;
    const out = world.updateDomainAssociation(A, { domain: 'www.example.com', target: { distributionTenantId: BETA }, ifMatch: before });
    expect(out).to.deep.equal({ Domain: 'www.example.com', ResourceId: BETA, ETag: world.tenant(BETA)!.etag });
    expect(out.ETag).to.not.equal(before);
    expect(world.distribution(BLUE)!.aliases).to.deep.equal(['example.com']);
    expect(world.tenant(BETA)!.domains).to.deep.equal(['blog.example.com', 'www.example.com']);
    expect([world.distribution(BLUE)!.status, world.tenant(BETA)!.status]).to.deep.equal(['InProgress', 'InProgress']);
    expect(world.deploymentDueAt(BETA)).to.equal(NOW + 300_000);
    expect(world.callCount('UpdateDomainAssociation')).to.equal(1);
  });

  it('moves a domain from a tenant to a standard distribution and between tenants', () => {
    const { world } = makeTenantWorld();
    world.updateDomainAssociation(A, {
      domain: 'shop.example.com',
      target: { distributionTenantId: BETA },
      ifMatch: world.tenant(BETA)!.etag,
    });
    expect(world.tenant(ALPHA)!.domains).to.deep.equal([]);
    expect(world.tenant(BETA)!.domains).to.deep.equal(['blog.example.com', 'shop.example.com']);
    const green = world.getDistribution(A, GREEN).ETag;
    const out = world.updateDomainAssociation(A, { domain: 'shop.example.com', target: { distributionId: GREEN }, ifMatch: green });
    expect(out.ResourceId).to.equal(GREEN);
    expect(out.ETag).to.equal(world.distribution(GREEN)!.etag);
    expect(world.distribution(GREEN)!.aliases).to.deep.equal(['shop.example.com']);
    expect(world.tenant(BETA)!.domains).to.deep.equal(['blog.example.com']);
  });

  it('moves an apex within the account; with sameAccountMoveRequiresTxt it needs _.<apex> (or _<apex>) naming the target', () => {
    const plain = makeTenantWorld().world;
    plain.updateDomainAssociation(A, {
      domain: 'example.com',
      target: { distributionId: GREEN },
      ifMatch: plain.distribution(GREEN)!.etag,
    });
    expect(plain.distribution(GREEN)!.aliases).to.deep.equal(['example.com']);

    const strict = tenantDocument({ settings: { sameAccountMoveRequiresTxt: true } });
    const refusing = worldWith(strict);
    const error = thrown(() =>
      refusing.updateDomainAssociation(A, {
        domain: 'example.com',
        target: { distributionId: GREEN },
        ifMatch: refusing.distribution(GREEN)!.etag,
      }),
    );
    expect([error.code, error.httpStatus]).to.deep.equal(['IllegalUpdate', 400]);
    expect(error.message).to.include('_example.com. or _.example.com.');
    expect(error.message).to.include('"d2green.cloudfront.net"');

    const proven = worldWith(withRecord(strict, txt('_.example.com.', 'd2green.cloudfront.net')));
    proven.updateDomainAssociation(A, {
      domain: 'example.com',
      target: { distributionId: GREEN },
      ifMatch: proven.distribution(GREEN)!.etag,
    });
    expect(proven.distribution(GREEN)!.aliases).to.deep.equal(['example.com']);
  });

  it('moves a wildcard; when a TXT record is required it is _*.<domain>', () => {
    const strict = tenantDocument({ settings: { sameAccountMoveRequiresTxt: true } });
    const refusing = worldWith(strict);
    const move = (world: SandboxWorld) =>
      world.updateDomainAssociation(A, {
        domain: '*.apps.example.com',
        target: { distributionId: APPS },
        ifMatch: world.distribution(APPS)!.etag,
      });
    expect(thrown(() => move(refusing)).message).to.include('_*.apps.example.com.');
    const proven = worldWith(withRecord(strict, txt('_*.apps.example.com.', 'd9apps.cloudfront.net')));
    move(proven);
    expect(proven.distribution(APPS)!.aliases).to.deep.equal(['*.apps.example.com']);
    expect(proven.tenant(GAMMA)!.domains).to.deep.equal([]);
  });

  it('across accounts: an enabled source is IllegalUpdate; a disabled one moves with the TXT record naming the target endpoint', () => {
    const { world } = makeTenantWorld();
    const enabled = thrown(() =>
      world.updateDomainAssociation(A, {
        domain: 'partner.example.com',
        target: { distributionTenantId: ALPHA },
        ifMatch: world.tenant(ALPHA)!.etag,
      }),
    );
    expect([enabled.code, enabled.message]).to.deep.equal([
      'IllegalUpdate',
      'partner.example.com is on a distribution tenant in another account that is still enabled; its owner must disable it before the domain can move.',
    ]);
    // _retired.example.com names alpha's routing endpoint, not beta's.
    const wrongTarget = thrown(() =>
      world.updateDomainAssociation(A, {
        domain: 'retired.example.com',
        target: { distributionTenantId: BETA },
        ifMatch: world.tenant(BETA)!.etag,
      }),
    );
    expect(wrongTarget.code).to.equal('IllegalUpdate');
    expect(wrongTarget.message).to.include('"d8second.cloudfront.net"');
    world.updateDomainAssociation(A, {
      domain: 'retired.example.com',
      target: { distributionTenantId: ALPHA },
      ifMatch: world.tenant(ALPHA)!.etag,
    });
    expect(world.tenant(ALPHA)!.domains).to.deep.equal(['shop.example.com', 'retired.example.com']);
    expect(world.tenant('dt_retiredRETIRED0005')!.domains).to.deep.equal([]);
    expect(world.tenant('dt_retiredRETIRED0005')!.status).to.equal('InProgress');
  });

  it('refuses a target whose certificate does not cover the domain, and a multi-tenant target: InvalidArgument, 400', () => {
    const { world } = makeTenantWorld();
    const uncovered = thrown(() =>
      world.updateDomainAssociation(A, {
        domain: 'www.example.com',
        target: { distributionTenantId: GAMMA },
        ifMatch: world.tenant(GAMMA)!.etag,
      }),
    );
    expect([uncovered.code, uncovered.httpStatus]).to.deep.equal(['InvalidArgument', 400]);
    expect(uncovered.message).to.include("doesn't cover");
    const multi = thrown(() =>
      world.updateDomainAssociation(A, {
        domain: 'www.example.com',
        target: { distributionId: MULTI },
        ifMatch: world.distribution(MULTI)!.etag,
      }),
    );
    expect(multi.code).to.equal('InvalidArgument');
    expect(world.distribution(BLUE)!.aliases).to.deep.equal(['www.example.com', 'example.com']);
  });

  it('checks the target: another account is EntityNotFound (404); both ids or neither is InvalidArgument', () => {
    const { world } = makeTenantWorld();
    const foreign = thrown(() =>
      world.updateDomainAssociation(A, { domain: 'www.example.com', target: { distributionId: FOREIGN }, ifMatch: 'x' }),
    );
    expect([foreign.code, foreign.httpStatus]).to.deep.equal(['EntityNotFound', 404]);
    const both = thrown(() =>
      world.updateDomainAssociation(A, {
        domain: 'www.example.com',
        target: { distributionId: GREEN, distributionTenantId: BETA },
        ifMatch: 'x',
      }),
    );
    expect(both.code).to.equal('InvalidArgument');
    expect(thrown(() => world.updateDomainAssociation(A, { domain: 'www.example.com', target: {}, ifMatch: 'x' })).code).to.equal(
      'InvalidArgument',
    );
  });

  it("needs the target's ETag: none is InvalidIfMatchVersion (400), a stale one PreconditionFailed (412); the setting lifts the first", () => {
    const { world } = makeTenantWorld();
    const input = { domain: 'www.example.com', target: { distributionId: GREEN } };
    expect(thrown(() => world.updateDomainAssociation(A, input)).code).to.equal('InvalidIfMatchVersion');
    const stale = thrown(() => world.updateDomainAssociation(A, { ...input, ifMatch: world.distribution(BLUE)!.etag }));
    expect([stale.code, stale.httpStatus]).to.deep.equal(['PreconditionFailed', 412]);
    const lenient = worldWith(tenantDocument({ settings: { domainAssociationRequiresIfMatch: false } }));
    lenient.updateDomainAssociation(A, input);
    expect(lenient.distribution(GREEN)!.aliases).to.deep.equal(['www.example.com']);
  });

  it('goes through the fault schedule and the call log like every operation', () => {
    const { world } = makeTenantWorld();
    world.addFault({ operation: 'UpdateDomainAssociation', resource: GREEN, error: 'Throttling' });
    const input = { domain: 'www.example.com', target: { distributionId: GREEN }, ifMatch: world.distribution(GREEN)!.etag };
    expect(thrown(() => world.updateDomainAssociation(A, input)).code).to.equal('Throttling');
    world.updateDomainAssociation(A, input);
    expect(world.calls.map((c) => [c.operation, c.resource, c.outcome, c.injected])).to.deep.equal([
      ['UpdateDomainAssociation', GREEN, 'Throttling', true],
      ['UpdateDomainAssociation', GREEN, 'ok', false],
    ]);
  });
});

describe('SandboxWorld: deniedOperations (a policy without the new action)', () => {
  it('answers AccessDenied (403) naming the IAM action, with no effect; other operations still work', () => {
    const world = worldWith(tenantDocument({ settings: { deniedOperations: ['UpdateDomainAssociation'] } }));
    const error = thrown(() =>
      world.updateDomainAssociation(A, {
        domain: 'www.example.com',
        target: { distributionId: GREEN },
        ifMatch: world.distribution(GREEN)!.etag,
      }),
    );
    expect([error.code, error.httpStatus, error.message]).to.deep.equal([
      'AccessDenied',
      403,
      `User: arn:aws:iam::111111111111:user/cfalias-sandbox is not authorized to perform: cloudfront:UpdateDomainAssociation on resource: ${GREEN} because no identity-based policy allows the cloudfront:UpdateDomainAssociation action`,
    ]);
    expect(world.distribution(BLUE)!.aliases).to.deep.equal(['www.example.com', 'example.com']);
    expect(world.calls.map((c) => [c.operation, c.outcome, c.injected])).to.deep.equal([
      ['UpdateDomainAssociation', 'AccessDenied', false],
    ]);
    expect(
      world.listDomainConflicts(A, { domain: 'www.example.com', controlResource: { distributionId: GREEN } }).DomainConflicts,
    ).to.have.length(1);
  });

  it('refuses an unknown operation in deniedOperations, by JSON path', () => {
    expect(() => worldWith(tenantDocument({ settings: { deniedOperations: ['MoveEverything'] } }))).to.throw(
      /deniedOperations\/0: unknown operation "MoveEverything"/,
    );
  });
});

describe('SandboxWorld: domain moves under the mutation rate limit and settle', () => {
  it('counts UpdateDomainAssociation and UpdateDistributionTenant against the account bucket; reads are free', () => {
    const world = worldWith(tenantDocument({ settings: { mutationRateLimit: { perSecond: 1, burst: 1 } } }));
    world.updateDomainAssociation(A, {
      domain: 'www.example.com',
      target: { distributionId: GREEN },
      ifMatch: world.distribution(GREEN)!.etag,
    });
    world.listDomainConflicts(A, { domain: 'www.example.com', controlResource: { distributionId: GREEN } });
    const throttled = thrown(() => world.updateDistributionTenant(A, BETA, { Enabled: false }, world.tenant(BETA)!.etag));
    expect([throttled.code, throttled.httpStatus]).to.deep.equal(['Throttling', 400]);
    expect(world.tenant(BETA)!.enabled).to.equal(true);
  });

  it('settle ends tenant deployments too', () => {
    const { world } = makeTenantWorld();
    world.updateDomainAssociation(A, {
      domain: 'www.example.com',
      target: { distributionTenantId: BETA },
      ifMatch: world.tenant(BETA)!.etag,
    });
    expect(world.deploymentDueAt(BETA)).to.equal(NOW + 300_000);
    world.settle();
    expect([world.tenant(BETA)!.status, world.deploymentDueAt(BETA), world.clock.now()]).to.deep.equal(['Deployed', null, NOW + 300_000]);
  });
});

describe('SandboxWorld: ListDomainConflicts', () => {
  it('lists the holder of a domain with its type and masked ids (half stars, as the Developer Guide shows)', () => {
    const { world } = makeTenantWorld();
    const out = world.listDomainConflicts(A, { domain: 'shop.example.com', controlResource: { distributionId: GREEN } });
    expect(out).to.deep.equal({
      DomainConflicts: [
        { Domain: 'shop.example.com', ResourceType: 'distribution-tenant', ResourceId: '**********PHAalpha01', AccountId: '******111111' },
      ],
    });
  });

  it('lists names under a wildcard across accounts and kinds, sorted, in pages', () => {
    const { world } = makeTenantWorld();
    const page = (marker?: string) =>
      world.listDomainConflicts(A, {
        domain: '*.example.com',
        controlResource: { distributionTenantId: ALPHA },
        maxItems: 3,
        ...(marker ? { marker } : {}),
      });
    const first = page();
    expect(first.DomainConflicts.map((c) => [c.Domain, c.ResourceType, c.ResourceId, c.AccountId])).to.deep.equal([
      ['api.example.com', 'distribution', '*******GNFOREI', '******222222'],
      ['blog.example.com', 'distribution-tenant', '*********Abeta0002', '******111111'],
      ['legacy.example.com', 'distribution', '*******YLEGACY', '******111111'],
    ]);
    expect(first.NextMarker).to.equal('3');
    const second = page(first.NextMarker);
    expect(second.DomainConflicts.map((c) => c.Domain)).to.deep.equal(['partner.example.com', 'retired.example.com', 'shop.example.com']);
    expect(second.DomainConflicts[0]!.ResourceId).to.equal('**********ARTNER0004');
    const last = page(second.NextMarker);
    expect(last).to.deep.equal({
      DomainConflicts: [
        { Domain: 'www.example.com', ResourceType: 'distribution', ResourceId: '*******LUEBLUE', AccountId: '******111111' },
      ],
    });
  });

  it('lists the control resource’s own domain, or leaves it out when domainConflictsIncludeControlResource is false', () => {
    const probe = (world: SandboxWorld) =>
      world.listDomainConflicts(A, { domain: 'shop.example.com', controlResource: { distributionTenantId: ALPHA } }).DomainConflicts;
    expect(probe(makeTenantWorld().world).map((c) => c.ResourceId)).to.deep.equal(['**********PHAalpha01']);
    expect(probe(worldWith(tenantDocument({ settings: { domainConflictsIncludeControlResource: false } })))).to.deep.equal([]);
  });

  it("refuses a control resource whose certificate does not cover the domain (InvalidArgument) or that is not the caller's (EntityNotFound)", () => {
    const { world } = makeTenantWorld();
    const uncovered = thrown(() =>
      world.listDomainConflicts(A, { domain: 'shop.example.com', controlResource: { distributionTenantId: GAMMA } }),
    );
    expect([uncovered.code, uncovered.httpStatus]).to.deep.equal(['InvalidArgument', 400]);
    const iamCovered = world.listDomainConflicts(A, {
      domain: 'legacy.example.com',
      controlResource: { distributionId: 'E7LEGACYLEGACY' },
    });
    expect(iamCovered.DomainConflicts.map((c) => c.Domain)).to.deep.equal(['legacy.example.com']);
    const foreign = thrown(() =>
      world.listDomainConflicts(A, { domain: 'shop.example.com', controlResource: { distributionId: FOREIGN } }),
    );
    expect([foreign.code, foreign.httpStatus]).to.deep.equal(['EntityNotFound', 404]);
  });
});

describe('SandboxWorld: VerifyDnsConfiguration', () => {
  it("reads each tenant domain's record against its routing endpoint: valid, invalid, unknown", () => {
    const { world } = makeTenantWorld();
    expect(world.verifyDnsConfiguration(A, { identifier: ALPHA })).to.deep.equal({
      DnsConfigurationList: [{ Domain: 'shop.example.com', Status: 'valid-configuration' }],
    });
    const beta = world.verifyDnsConfiguration(A, { identifier: 'beta' }).DnsConfigurationList[0]!;
    expect([beta.Status, beta.Reason]).to.deep.equal([
      'invalid-configuration',
      'blog.example.com does not point to the routing endpoint d8second.cloudfront.net.',
    ]);
    expect(world.verifyDnsConfiguration(A, { identifier: GAMMA }).DnsConfigurationList[0]!.Status).to.equal('invalid-configuration');
    const unknown = world.verifyDnsConfiguration(A, { identifier: ALPHA, domain: 'www.example.org' });
    expect(unknown.DnsConfigurationList.map((c) => [c.Domain, c.Status])).to.deep.equal([['www.example.org', 'unknown-configuration']]);
    expect(ROUTING).to.equal('d9routing.cloudfront.net');
  });

  it("answers EntityNotFound for another account's tenant", () => {
    const { world } = makeTenantWorld();
    expect(thrown(() => world.verifyDnsConfiguration(A, { identifier: 'partner' })).code).to.equal('EntityNotFound');
  });
});
