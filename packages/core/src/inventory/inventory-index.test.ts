import { expect } from 'chai';
import { indexInventory } from './inventory-index.js';
import { aliasRecord, buildDistribution, buildInventory, buildZone } from '../testing/index.js';

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
});
