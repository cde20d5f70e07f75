import { expect } from 'chai';
import { SimulatedClock } from '../clock.js';
import { ThrottlingError } from '../errors.js';
import type { Inventory } from '../inventory/inventory.js';
import type { Plan, PlanStep, RollbackAlias } from '../plan/plan.js';
import type { CutoverProvider } from '../ports.js';
import { resolveRetryPolicy } from './retry.js';
import { aliasesNotReAdded, classifyUnsettled } from './unsettled.js';

const readd = (id: string, distribution: string, add: string[]): PlanStep => ({
  id,
  kind: 'update-aliases',
  dependsOn: [],
  phase: 2,
  distribution,
  remove: [],
  add,
  precondition: { aliases: [], enabled: true, certificateArn: null, mode: 'absent-present' },
  postcondition: { aliases: add },
});
const aliases: RollbackAlias[] = [
  { alias: 'b.example.com', source: 'E1', target: 'E2' },
  { alias: 'a.example.com', source: 'E1', target: 'E2' },
  { alias: 'c.example.com', source: 'E3', target: 'E2' },
];
const plan: Pick<Plan, 'rollbacks'> = {
  rollbacks: [
    {
      trigger: 'add',
      aliases,
      steps: [readd('readd:E1', 'E1', ['a.example.com', 'b.example.com']), readd('readd:E3', 'E3', ['c.example.com'])],
      estimate: { seconds: 300, waitPhases: 1 },
    },
  ],
};

describe('aliases left between source and target', () => {
  it('names the aliases whose re-add is not done, none for a done rollback, all for a stopped one, sorted', () => {
    const byAlias = (name: string) => aliases.find((a) => a.alias === name)!;
    expect(aliasesNotReAdded(plan, [{ trigger: 'add', aliases, status: 'failed' }], new Set(['readd:E1']))).to.deep.equal([
      byAlias('c.example.com'),
    ]);
    expect(aliasesNotReAdded(plan, [{ trigger: 'add', aliases, status: 'incomplete' }], new Set(['readd:E3']))).to.deep.equal([
      byAlias('a.example.com'),
      byAlias('b.example.com'),
    ]);
    expect(aliasesNotReAdded(plan, [{ trigger: 'add', aliases, status: 'done' }], new Set())).to.deep.equal([]);
    expect(aliasesNotReAdded(plan, [{ trigger: 'add', aliases, status: 'stopped' }], new Set(['readd:E1', 'readd:E3']))).to.deep.equal([
      byAlias('a.example.com'),
      byAlias('b.example.com'),
      byAlias('c.example.com'),
    ]);
  });

  describe('read again at the end of a run', () => {
    const inventory = (distributions: [string, string[]][], foreign: Inventory['foreignOwners'] = []): Inventory => ({
      account: '111111111111',
      readAt: '2026-01-01T00:00:00.000Z',
      distributions: distributions.map(([id, held]) => ({
        id,
        accountId: '111111111111',
        domainName: `${id.toLowerCase()}.cloudfront.net`,
        enabled: true,
        status: 'Deployed' as const,
        aliases: held,
        certificateArn: null,
      })),
      certificates: [],
      hostedZones: [],
      foreignOwners: foreign,
    });
    const retry = {
      policy: resolveRetryPolicy({ baseDelayMs: 10 }),
      clock: new SimulatedClock(0),
      random: () => 0.5,
      capabilities: { retriesTransientErrors: false },
    };
    const reading = (answers: (() => Inventory)[]): CutoverProvider =>
      ({ readInventory: async () => answers.shift()!() }) as unknown as CutoverProvider;

    it('tells on no distribution from taken by another writer, and drops one found on its source or target', async () => {
      const provider = reading([
        () =>
          inventory(
            [
              ['E1', ['a.example.com']],
              ['E9', ['b.example.com']],
            ],
            [{ alias: 'c.example.com', distributionId: '******OTHER1', accountId: '******222222' }],
          ),
      ]);
      const candidates = [...aliases, { alias: 'd.example.com', source: 'E1', target: 'E2' }];
      expect(await classifyUnsettled(candidates, provider, retry)).to.deep.equal([
        { alias: 'b.example.com', source: 'E1', target: 'E2', state: 'taken', holder: { distribution: 'E9', account: '111111111111' } },
        {
          alias: 'c.example.com',
          source: 'E3',
          target: 'E2',
          state: 'taken',
          holder: { distribution: '******OTHER1', account: '******222222' },
        },
        { alias: 'd.example.com', source: 'E1', target: 'E2', state: 'on-no-distribution' },
      ]);
    });

    it('retries a throttled read; without a read (or when it keeps failing) every alias is unknown', async () => {
      const provider = reading([
        () => {
          throw new ThrottlingError('ListDistributions');
        },
        () => inventory([]),
      ]);
      expect((await classifyUnsettled([aliases[1]!], provider, retry)).map((u) => u.state)).to.deep.equal(['on-no-distribution']);
      expect((await classifyUnsettled([aliases[1]!], undefined, retry)).map((u) => u.state)).to.deep.equal(['unknown']);
      const failing = { readInventory: async () => Promise.reject(new Error('boom')) } as unknown as CutoverProvider;
      expect((await classifyUnsettled([aliases[1]!], failing, retry)).map((u) => u.state)).to.deep.equal(['unknown']);
    });
  });
});
