/**
 * Merging the inventories of a registry's accounts, on inventories written by hand: which owner
 * entries a declared account makes reachable (both mask forms CloudFront uses), which unknown
 * owners stay unknown, and the quotas and durations a plan over every account must respect.
 */
import { expect } from 'chai';
import type { Inventory } from '@cfalias/core';
import { maskMatches, mergeInventories } from './merge-inventories.js';

const A = '111111111111';
const B = '222222222222';

function inventory(account: string, fields: Partial<Inventory> = {}): Inventory {
  return {
    account,
    readAt: '2026-01-01T00:00:00.000Z',
    distributions: [],
    certificates: [],
    hostedZones: [],
    foreignOwners: [],
    ...fields,
  };
}

const TENANT = {
  id: 'dt_partnerPARTNER0004',
  accountId: B,
  name: 'partner',
  distributionId: 'E8BMULTIBMULTI',
  domains: ['partner.example.com'],
  enabled: true,
  status: 'Deployed' as const,
  certificateArn: null,
  connectionGroupId: null,
  routingEndpoint: 'd9routing.cloudfront.net',
};

describe('mergeInventories', () => {
  it('matches both mask forms, and an unmasked id only when equal', () => {
    expect(maskMatches('******NFOREI', 'E3FOREIGNFOREI')).to.equal(true);
    expect(maskMatches('*******GNFOREI', 'E3FOREIGNFOREI')).to.equal(true);
    expect(maskMatches('*******GNFOREX', 'E3FOREIGNFOREI')).to.equal(false);
    expect(maskMatches('******', 'E3FOREIGNFOREI')).to.equal(false);
    expect(maskMatches(B, B)).to.equal(true);
  });

  it('drops an owner that is a tenant of a declared account, keeps one outside, and keeps zone accounts', () => {
    const merged = mergeInventories(A, [
      {
        accountId: A,
        inventory: inventory(A, {
          hostedZones: [{ id: 'Z1', name: 'example.com.', records: [] }],
          foreignOwners: [
            {
              alias: 'partner.example.com',
              distributionId: '**********ARTNER0004',
              accountId: '******222222',
              resourceType: 'distribution-tenant',
            },
            { alias: 'cdn.example.com', distributionId: '*******DEROUT9', accountId: '******444444' },
          ],
        }),
      },
      { accountId: B, inventory: inventory(B, { tenants: [TENANT], hostedZones: [{ id: 'Z2', name: 'example.org.', records: [] }] }) },
    ]);
    expect(merged.foreignOwners.map((o) => o.alias)).to.deep.equal(['cdn.example.com']);
    expect(merged.tenants?.map((t) => [t.id, t.accountId])).to.deep.equal([[TENANT.id, B]]);
    expect(merged.hostedZones.map((z) => [z.id, z.accountId])).to.deep.equal([
      ['Z1', A],
      ['Z2', B],
    ]);
  });

  it('keeps an owner whose masked account differs from the declared holder (a different holder)', () => {
    const merged = mergeInventories(A, [
      {
        accountId: A,
        inventory: inventory(A, {
          foreignOwners: [{ alias: 'partner.example.com', distributionId: '**********ARTNER0004', accountId: '******999999' }],
        }),
      },
      { accountId: B, inventory: inventory(B, { tenants: [TENANT] }) },
    ]);
    expect(merged.foreignOwners).to.have.length(1);
  });

  it('keeps an alias unknown only when every account reports it unknown', () => {
    const unknown = (alias: string) => ({ alias, reason: 'no distribution or tenant of the account has a certificate covering it' });
    const merged = mergeInventories(A, [
      { accountId: A, inventory: inventory(A, { unknownOwners: [unknown('a.example.com'), unknown('b.example.com')] }) },
      { accountId: B, inventory: inventory(B, { unknownOwners: [unknown('a.example.com')] }) },
    ]);
    expect(merged.unknownOwners?.map((u) => u.alias)).to.deep.equal(['a.example.com']);
  });

  it('takes the strictest quotas, the slowest durations, the oldest read and the default account', () => {
    const merged = mergeInventories(B, [
      {
        accountId: A,
        inventory: inventory(A, {
          readAt: '2026-01-01T00:00:05.000Z',
          limits: { aliasesPerDistribution: 100, domainsPerTenant: 5 },
          timing: { deploySeconds: 300, dnsSyncSeconds: 60 },
        }),
      },
      {
        accountId: B,
        inventory: inventory(B, {
          readAt: '2026-01-01T00:00:01.000Z',
          limits: { aliasesPerDistribution: 20 },
          timing: { deploySeconds: 120, dnsSyncSeconds: 90 },
          environment: 'sandbox',
        }),
      },
    ]);
    expect(merged).to.deep.include({
      account: B,
      accounts: [A, B],
      readAt: '2026-01-01T00:00:01.000Z',
      limits: { aliasesPerDistribution: 20, domainsPerTenant: 5 },
      timing: { deploySeconds: 300, dnsSyncSeconds: 90 },
      environment: 'sandbox',
    });
  });
});
