import { expect } from 'chai';
import { SimulatedClock } from '../clock.js';
import type { Plan } from '../plan/plan.js';
import type { CutoverProvider, LiveDistribution } from '../ports.js';
import { EMPTY_BASIS } from '../testing/index.js';
import { applyWithEvents } from './event-stream.js';

const T0 = Date.UTC(2026, 0, 1);

/** Only waits: each distribution is deployed after 60 simulated seconds. */
function waitingProvider(clock: SimulatedClock): CutoverProvider {
  const unused = (): never => {
    throw new Error('not used');
  };
  return {
    name: 'waits',
    capabilities: { moveApis: ['update-domain-association'], dns: true, retriesTransientErrors: false },
    readInventory: unused,
    readDistribution: async (id): Promise<LiveDistribution> => ({
      id,
      domainName: `${id}.cloudfront.net`,
      enabled: true,
      status: 'InProgress',
      aliases: [],
      certificateArn: null,
    }),
    waitDeployed: (_id, options) => clock.sleep(60_000, options?.signal),
    updateAliases: unused,
    moveAlias: unused,
    readRecords: unused,
    changeRecords: unused,
    waitRecordsSynced: unused,
  };
}

const plan: Plan = {
  formatVersion: 4,
  createdAt: '2026-01-01T00:00:00.000Z',
  account: '111111111111',
  desiredDigest: 'sha256:desired',
  summary: { attach: 0, detach: 0, move: 0, noop: 0, errors: 0, warnings: 0 },
  changes: [],
  diagnostics: [],
  distributions: [],
  steps: [
    { id: 'wait-deployed:A', kind: 'wait-deployed', phase: 1, dependsOn: [], distribution: 'A' },
    { id: 'wait-deployed:B', kind: 'wait-deployed', phase: 1, dependsOn: ['wait-deployed:A'], distribution: 'B' },
  ],
  estimate: { seconds: 120, waitPhases: 2 },
  basis: EMPTY_BASIS,
  digest: 'sha256:test',
};

describe('applyWithEvents (the progress hook as an async iterable)', () => {
  it('yields every event in order, ends after apply-end, and resolves the same result', async () => {
    const clock = new SimulatedClock(T0);
    const run = applyWithEvents(plan, { provider: waitingProvider(clock), clock });
    const seen: string[] = [];
    for await (const event of run.events) {
      seen.push(event.type === 'step-start' || event.type === 'step-done' ? `${event.type} ${event.step.id}` : event.type);
    }
    expect(seen).to.deep.equal([
      'apply-start',
      'step-start wait-deployed:A',
      'step-done wait-deployed:A',
      'step-start wait-deployed:B',
      'step-done wait-deployed:B',
      'apply-end',
    ]);
    const result = await run.result;
    expect(result.status).to.equal('succeeded');
    expect(result.completed).to.deep.equal(['wait-deployed:A', 'wait-deployed:B']);
  });
});
