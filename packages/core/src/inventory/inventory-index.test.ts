import { expect } from 'chai';
import { indexInventory } from './inventory-index.js';
import { aliasRecord, buildCertificate, buildDistribution, buildInventory, buildTenant, buildZone } from '../testing/index.js';

describe('inventory index', () => {
  const record = aliasRecord('www.example.com', 'e1blue.cloudfront.net');
  const index = indexInventory(
    buildInventory({
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['www.example.com'] }),
        buildDistribution('E7THEIRS', { aliases: ['their.example.com'], accountId: '222222222222' }),
      ],
      zones: [
        buildZone('Z1EXAMPLE', 'example.com', [record]),
        buildZone('Z2SUB', 'sub.example.com'),
        buildZone('Z3PRIVATE', 'internal.example.com', [], true),
      ],
      foreignOwners: [{ alias: 'ext.example.com', distributionId: '******ATL97HY', accountId: '******222222' }],
    }),
  );

  it('maps aliases to owners in the account, and to foreign owners outside it', () => {
    expect(index.owners.get('www.example.com')?.id).to.equal('E1BLUE');
    expect(index.owners.has('their.example.com')).to.equal(false);
    expect(index.distributions.has('E7THEIRS')).to.equal(false);
    expect(index.foreignOwners.get('their.example.com')).to.deep.equal({
      alias: 'their.example.com',
      distributionId: 'E7THEIRS',
      accountId: '222222222222',
    });
    expect(index.foreignOwners.get('ext.example.com')?.distributionId).to.equal('******ATL97HY');
  });

  it('finds the public zone by longest suffix, with or without trailing dot', () => {
    expect(index.zoneFor('a.b.sub.example.com')?.id).to.equal('Z2SUB');
    expect(index.zoneFor('sub.example.com.')?.id).to.equal('Z2SUB');
    expect(index.zoneFor('x.internal.example.com')?.id).to.equal('Z1EXAMPLE');
    expect(index.zoneFor('example.org')).to.equal(undefined);
  });

  it('looks records up by (name, type), case-insensitively', () => {
    expect(index.record('Z1EXAMPLE', 'www.example.com.', 'A')).to.equal(record);
    expect(index.record('Z1EXAMPLE', 'WWW.example.com', 'a')).to.equal(record);
    expect(index.record('Z1EXAMPLE', 'www.example.com.', 'AAAA')).to.equal(undefined);
  });

  it('indexes tenants as holders: domains as aliases, routing endpoint as DNS name, their own or their distribution’s certificate', () => {
    const iam = { ...buildCertificate('legacy', ['legacy.example.com']), source: 'iam' as const, iamCertificateId: 'ASCALEGACY0001' };
    const tenants = indexInventory(
      buildInventory({
        distributions: [{ ...buildDistribution('E6MULTI'), kind: 'multi-tenant' }],
        tenants: [
          buildTenant('dt_alpha01', 'E6MULTI', { domains: ['shop.example.com'], routingEndpoint: 'd9routing.cloudfront.net' }),
          buildTenant('dt_other01', 'E9THEIRS', { domains: ['partner.example.com'], accountId: '222222222222' }),
        ],
        certificates: [buildCertificate('main', ['*.example.com']), iam],
      }),
    );
    expect(tenants.owners.get('shop.example.com')).to.deep.equal({
      id: 'dt_alpha01',
      accountId: '111111111111',
      domainName: 'd9routing.cloudfront.net',
      enabled: true,
      status: 'Deployed',
      aliases: ['shop.example.com'],
      certificateArn: tenants.distributions.get('E6MULTI')!.certificateArn,
    });
    expect(tenants.tenantsOf.get('E6MULTI')).to.deep.equal(['dt_alpha01']);
    expect(tenants.foreignOwners.get('partner.example.com')).to.deep.equal({
      alias: 'partner.example.com',
      distributionId: 'dt_other01',
      accountId: '222222222222',
      resourceType: 'distribution-tenant',
    });
    expect(tenants.certificates.get('ASCALEGACY0001')).to.equal(iam);
  });

  it('treats distributions and tenants of every declared account as reachable owners, and only the rest as foreign', () => {
    const registry = indexInventory(
      buildInventory({
        accounts: ['111111111111', '222222222222'],
        distributions: [
          buildDistribution('E1BLUE', { aliases: ['www.example.com'] }),
          buildDistribution('E2AGENCY', { aliases: ['old.example.com'], accountId: '222222222222' }),
          buildDistribution('E3STRANGER', { aliases: ['far.example.com'], accountId: '333333333333' }),
        ],
        tenants: [buildTenant('dt_agency1', 'E2AGENCY', { domains: ['shop.example.com'], accountId: '222222222222' })],
        foreignOwners: [
          // Account 111111111111's conflict listing names the agency's distribution, masked.
          { alias: 'old.example.com', distributionId: '*******AGENCY', accountId: '******222222' },
          { alias: 'ext.example.com', distributionId: '******ATL97HY', accountId: '******444444' },
        ],
      }),
    );
    expect(registry.owners.get('old.example.com')?.id).to.equal('E2AGENCY');
    expect(registry.distributions.get('E2AGENCY')?.accountId).to.equal('222222222222');
    expect(registry.owners.get('shop.example.com')?.id).to.equal('dt_agency1');
    expect(registry.foreignOwners.has('old.example.com')).to.equal(false);
    expect(registry.foreignOwners.has('shop.example.com')).to.equal(false);
    expect(registry.foreignOwners.get('far.example.com')?.distributionId).to.equal('E3STRANGER');
    expect(registry.foreignOwners.get('ext.example.com')?.accountId).to.equal('******444444');
    expect(registry.owners.has('far.example.com')).to.equal(false);
  });
});
