import assert from 'node:assert/strict';
import { buildDesired, buildDistribution, buildInventory, desiredAlias, TEST_ACCOUNT } from '../testing/builders.js';
import { findOwnershipDrift } from './drift.js';

describe('findOwnershipDrift', () => {
  const desired = buildDesired([
    desiredAlias('www.example.com', 'E2GREEN'),
    desiredAlias('api.example.com', 'E2GREEN'),
    desiredAlias('old.example.com', null),
  ]);

  it('finds nothing when every alias is where the desired state puts it', () => {
    const inventory = buildInventory({
      distributions: [buildDistribution('E1BLUE'), buildDistribution('E2GREEN', { aliases: ['www.example.com', 'api.example.com'] })],
    });
    assert.deepEqual(findOwnershipDrift(desired, inventory), []);
  });

  it('names the distribution of the account that took an alias back', () => {
    const inventory = buildInventory({
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['www.example.com'] }),
        buildDistribution('E2GREEN', { aliases: ['api.example.com'] }),
      ],
    });
    assert.deepEqual(findOwnershipDrift(desired, inventory), [
      { alias: 'www.example.com', expected: 'E2GREEN', found: { distribution: 'E1BLUE', account: TEST_ACCOUNT } },
    ]);
  });

  it('names a holder outside the account as the conflict listing shows it, and an alias held by nobody', () => {
    const inventory = buildInventory({
      distributions: [buildDistribution('E2GREEN')],
      foreignOwners: [{ alias: 'www.example.com', distributionId: '******ATL97HY', accountId: '******456789' }],
    });
    assert.deepEqual(findOwnershipDrift(desired, inventory), [
      { alias: 'api.example.com', expected: 'E2GREEN', found: null },
      { alias: 'www.example.com', expected: 'E2GREEN', found: { distribution: '******ATL97HY', account: '******456789' } },
    ]);
  });

  it('reports a detached alias only when a distribution of the account holds it again', () => {
    const elsewhere = buildInventory({
      distributions: [buildDistribution('E2GREEN', { aliases: ['www.example.com', 'api.example.com'] })],
      foreignOwners: [{ alias: 'old.example.com', distributionId: '******ATL97HY', accountId: '******456789' }],
    });
    assert.deepEqual(findOwnershipDrift(desired, elsewhere), []);

    const back = buildInventory({
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['old.example.com'] }),
        buildDistribution('E2GREEN', { aliases: ['www.example.com', 'api.example.com'] }),
      ],
    });
    assert.deepEqual(findOwnershipDrift(desired, back), [
      { alias: 'old.example.com', expected: null, found: { distribution: 'E1BLUE', account: TEST_ACCOUNT } },
    ]);
  });
});
