import { expect } from 'chai';
import { AbortedError, TransientError } from '../errors.js';
import type { Inventory } from '../inventory/inventory.js';
import type { CutoverProvider } from '../ports.js';
import { holderWords, readAliasHolders, tryReadAliasHolders } from './alias-holders.js';

const AT = '2026-11-27T12:00:00.000Z';

describe('readAliasHolders', () => {
  const inventory = (distributions: Inventory['distributions'], foreignOwners: Inventory['foreignOwners']): Inventory => ({
    account: '111111111111',
    readAt: AT,
    distributions,
    certificates: [],
    hostedZones: [],
    foreignOwners,
  });
  const providerReading = (read: () => Promise<Inventory>, asked: unknown[] = []): CutoverProvider =>
    ({ readInventory: async (scope: unknown) => (asked.push(scope), read()) }) as unknown as CutoverProvider;
  const distribution = (id: string, aliases: string[]): Inventory['distributions'][number] => ({
    id,
    accountId: '111111111111',
    domainName: `${id.toLowerCase()}.cloudfront.net`,
    enabled: true,
    status: 'Deployed',
    aliases,
    certificateArn: null,
  });

  it('finds a distribution of the account, or one outside it as ListConflictingAliases shows it, and words them', async () => {
    const asked: unknown[] = [];
    const holders = await readAliasHolders(
      providerReading(
        async () =>
          inventory(
            [distribution('E3', ['a.example.com'])],
            [{ alias: 'b.example.com', distributionId: '******ATL97H', accountId: '******654321' }],
          ),
        asked,
      ),
      ['A.example.com', 'b.example.com', 'c.example.com'],
      'E1',
      {},
    );
    expect([...holders]).to.deep.equal([
      ['a.example.com', { distribution: 'E3', account: '111111111111' }],
      ['b.example.com', { distribution: '******ATL97H', account: '******654321' }],
    ]);
    expect([...holders].map(([, h]) => holderWords(h, { account: '111111111111' }))).to.deep.equal([
      'on E3',
      'on distribution ******ATL97H of account ******654321',
    ]);
    expect(asked).to.deep.equal([{ aliases: ['a.example.com', 'b.example.com', 'c.example.com'], distributionIds: ['E1'] }]);
  });

  it('best effort: leaves holders unknown when the read fails, but lets an abort through', async () => {
    const failing = providerReading(async () => {
      throw new TransientError('ListDistributions', 'server-error');
    });
    expect(await tryReadAliasHolders(failing, ['a.example.com'], 'E1', {})).to.equal(undefined);
    const aborting = providerReading(async () => {
      throw new AbortedError();
    });
    let error: unknown;
    await tryReadAliasHolders(aborting, ['a.example.com'], 'E1', {}).catch((thrown) => (error = thrown));
    expect(error).to.be.instanceOf(AbortedError);
  });
});
