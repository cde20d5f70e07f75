/**
 * The benchmark's deterministic figures, asserted exactly for small representative cases: simulated
 * makespans and call counts of cfalias and of the hand-written baseline, the bounds they are
 * compared with, and a throttled apply. Expected values are worked out by hand from the scenario
 * (deploySeconds 300, dnsSyncSeconds 60; 2 hosted zones, alias i in zone i mod 2). Never wall-clock.
 */
import { expect } from 'chai';
import {
  baselineMutations,
  baselineSeconds,
  lowerBoundSeconds,
  mutationBound,
  perResourceRefresh,
  refreshBound,
  throttleBoundSeconds,
} from './bounds.js';
import { measureBaseline, measureCutover, seededRandom } from './cutover-run.js';
import type { CutoverScenario } from './scenarios.js';

const DETACH_ATTACH_10: CutoverScenario = { aliases: 10, distributions: 4, strategy: 'detach-attach' };
const MOVE_10: CutoverScenario = { aliases: 10, distributions: 4, strategy: 'move' };

describe('bench: cutover makespan and calls', () => {
  it('detach-attach of 10 aliases from 2 sources to 2 targets with DNS repoint: 660 s, 4 UpdateDistribution, 1 batch per zone', async () => {
    const m = await measureCutover(DETACH_ATTACH_10);
    expect(m.result.status).to.equal('succeeded');
    // 300 (removals Deployed) + 60 (repoints INSYNC) + 300 (adds Deployed)
    expect(m.makespanSeconds).to.equal(660);
    expect(m.mutations).to.deep.equal({ updateDistribution: 4, moveCalls: 0, changeBatches: 2 });
    expect(m.batchesPerZone).to.deep.equal({ ZBENCH1: 1, ZBENCH2: 1 });
    expect(m.largestBatch).to.equal(5);
    expect(m.throttled).to.equal(0);
  });

  it('move of 10 aliases with TXT missing: 420 s, 10 UpdateDomainAssociation, 2 batches per zone', async () => {
    const m = await measureCutover(MOVE_10);
    expect(m.result.status).to.equal('succeeded');
    // 60 (TXT INSYNC) + 300 (moves Deployed) + 60 (repoints INSYNC)
    expect(m.makespanSeconds).to.equal(420);
    expect(m.mutations).to.deep.equal({ updateDistribution: 0, moveCalls: 10, changeBatches: 4 });
    expect(m.batchesPerZone).to.deep.equal({ ZBENCH1: 2, ZBENCH2: 2 });
  });

  it('move of 10 aliases onto 2 targets reads each target once for its ETag, not once per alias (docs/api-calls.md)', async () => {
    const m = await measureCutover(MOVE_10);
    expect(m.applyReadsByOperation).to.deep.equal({
      // The whole-plan check: one page of each list, the certificate, one listing per zone.
      ListDistributions: 1,
      ListDistributionTenants: 1,
      ListConnectionGroups: 1,
      DescribeCertificate: 1,
      ListHostedZones: 1,
      // 2 zones × (whole-plan check + TXT batch + repoint batch + verify stage).
      ListResourceRecordSets: 8,
      // 2 DNS stages × 2 zones × 2 polls (the sandbox answers PENDING once, then INSYNC).
      GetChange: 8,
      // 4 (move stage) + 2 (each target's ETag, once) + 4 × 2 polls (deployment waits) + 4 (verify stage).
      GetDistribution: 18,
    });
  });

  it('a single alias: move 420 s with 1 UpdateDomainAssociation and 2 batches in its zone; detach-attach 660 s with 2 UpdateDistribution', async () => {
    const move = await measureCutover({ aliases: 1, distributions: 2, strategy: 'move' });
    expect([move.makespanSeconds, move.mutations]).to.deep.equal([420, { updateDistribution: 0, moveCalls: 1, changeBatches: 2 }]);
    expect(move.batchesPerZone).to.deep.equal({ ZBENCH1: 2 });
    const da = await measureCutover({ aliases: 1, distributions: 2, strategy: 'detach-attach' });
    expect([da.makespanSeconds, da.mutations]).to.deep.equal([660, { updateDistribution: 2, moveCalls: 0, changeBatches: 1 }]);
  });

  it('refreshes in 7 calls (1 list page, 2 empty tenant lists, 1 certificate, 1 zone list, 2 record pages) where a per-resource refresh needs 10', async () => {
    const m = await measureCutover(DETACH_ATTACH_10);
    expect(m.refresh).to.deep.equal({ distributions: 1, tenants: 2, certificates: 1, zones: 3 });
    const size = { distributions: 4, certificates: 1, zoneRecords: [5, 5] };
    expect(refreshBound(size)).to.deep.equal({ distributions: 1, tenants: 2, certificates: 1, zones: 3 });
    expect(perResourceRefresh(size)).to.deep.equal({ distributions: 4, tenants: 2, certificates: 1, zones: 3 });
    expect(
      refreshBound({ distributions: 1000, certificates: 500, zoneRecords: [200, 301], tenants: 250, connectionGroups: 0 }),
    ).to.deep.equal({
      distributions: 10,
      tenants: 4,
      certificates: 500,
      zones: 4,
    });
  });

  it('the baseline script takes 660 s per alias and 2 UpdateDistribution + 1 batch per alias', async () => {
    const b = await measureBaseline(DETACH_ATTACH_10);
    expect(b.makespanSeconds).to.equal(6600);
    expect(b.mutations).to.deep.equal({ updateDistribution: 20, moveCalls: 0, changeBatches: 10 });
  });
});

describe('bench: bounds', () => {
  it('lower bounds are the chains of dependent waits, whatever K', () => {
    expect(lowerBoundSeconds(MOVE_10)).to.equal(420);
    expect(lowerBoundSeconds({ aliases: 1000, distributions: 20, strategy: 'move' })).to.equal(420);
    expect(lowerBoundSeconds(DETACH_ATTACH_10)).to.equal(660);
    expect(baselineSeconds({ aliases: 1000, distributions: 20, strategy: 'move' })).to.equal(660_000);
  });

  it('mutation bounds: one update per touched distribution per phase, one move call per alias, one batch per zone per stage', () => {
    expect(mutationBound(DETACH_ATTACH_10)).to.deep.equal({ updateDistribution: 4, moveCalls: 0, changeBatches: 2 });
    expect(mutationBound(MOVE_10)).to.deep.equal({ updateDistribution: 0, moveCalls: 10, changeBatches: 4 });
    expect(mutationBound({ aliases: 3, distributions: 20, strategy: 'detach-attach' })).to.deep.equal({
      updateDistribution: 6,
      moveCalls: 0,
      changeBatches: 2,
    });
    // 1000 aliases in one zone: 2 batches of 500 UPSERTs per stage (Route 53's 1,000-element limit).
    expect(mutationBound({ aliases: 1000, distributions: 20, strategy: 'move', zones: 1 })).to.deep.equal({
      updateDistribution: 0,
      moveCalls: 1000,
      changeBatches: 4,
    });
    expect(baselineMutations(MOVE_10)).to.deep.equal({ updateDistribution: 20, moveCalls: 0, changeBatches: 10 });
  });

  it('throttle bound at 2/s (burst 2): move of 10 aliases 424 s, detach-attach 660 s', async () => {
    // move: 2 TXT batches take the 2 tokens at 0 s; at 60 s the bucket is full again: moves at
    // 60, 60, 60.5, …, 64 s; the last target Deployed at 364 s; 2 repoint batches, INSYNC at 424 s.
    const move = await measureCutover(MOVE_10);
    expect(throttleBoundSeconds(move.plan.steps, { perSecond: 2 })).to.equal(424);
    // detach-attach: 2 removals at 0 s, 2 repoint batches at 300 s, 2 adds at 360 s: no token waits.
    const da = await measureCutover(DETACH_ATTACH_10);
    expect(throttleBoundSeconds(da.plan.steps, { perSecond: 2 })).to.equal(660);
    // 1/s, burst 1: TXT batches at 0 and 1 s; moves at 60, 61, …, 69 s (the bucket refilled during
    // the DNS wait); the last one's target Deployed at 369 s, its zone's repoint INSYNC at 429 s.
    expect(throttleBoundSeconds(move.plan.steps, { perSecond: 1 })).to.equal(429);
  });
});

describe('bench: throttled apply', () => {
  for (const scenario of [MOVE_10, DETACH_ATTACH_10]) {
    it(`${scenario.strategy} of 10 aliases at 2 mutations/s: zero failed steps, within 1.2× of the throttle bound`, async () => {
      const m = await measureCutover({ ...scenario, mutationRateLimit: { perSecond: 2 } }, { random: seededRandom(1) });
      expect(m.result.failed).to.deep.equal([]);
      expect(m.result.status).to.equal('succeeded');
      expect(m.mutations).to.deep.equal(mutationBound(scenario));
      expect(m.makespanSeconds).to.be.at.most(1.2 * throttleBoundSeconds(m.plan.steps, { perSecond: 2 }));
    });
  }

  // The executor's defaults (8 in flight, 6 attempts, calls paced by one adaptive rate limiter per
  // service) against many UpdateDomainAssociation chains on the world's one 2/s bucket for every mutation.
  // The figures are exact regression pins of a deterministic simulation (simulated clock, seeded
  // jitter); what they must satisfy is asserted beside them (no failure, within 1.2× the bound,
  // one retry per Throttling answer). Bounds: 60 s TXT sync, then K moves at 2/s, the last target's 300 s deployment
  // and its zone's 60 s repoint.
  const THROTTLED_CASES: readonly [CutoverScenario, number, number, number][] = [
    // scenario, throttle bound, makespan, throttled calls
    [{ aliases: 100, distributions: 10, strategy: 'move' }, 469, 470.7502170410156, 28],
    [{ aliases: 100, distributions: 10, strategy: 'detach-attach' }, 663, 665.933498046875, 7],
    [{ aliases: 1000, distributions: 20, strategy: 'move' }, 919, 921.7059445800782, 311],
  ];
  for (const [scenario, bound, makespan, throttled] of THROTTLED_CASES) {
    it(`${scenario.strategy} of ${scenario.aliases} aliases at 2 mutations/s, default executor: zero failed steps, ${makespan.toFixed(1)} s against a throttle bound of ${bound} s`, async function () {
      this.timeout(60_000);
      const m = await measureCutover({ ...scenario, mutationRateLimit: { perSecond: 2 } }, { random: seededRandom(1) });
      expect(m.result.failed).to.deep.equal([]);
      expect(m.result.status).to.equal('succeeded');
      expect(m.mutations).to.deep.equal(mutationBound(scenario));
      expect(throttleBoundSeconds(m.plan.steps, { perSecond: 2 })).to.equal(bound);
      expect(m.makespanSeconds).to.equal(makespan);
      expect(m.makespanSeconds).to.be.at.most(1.2 * bound);
      expect(m.throttled).to.equal(throttled);
      // Every Throttling answer cost one retry of its step, never the step itself.
      expect(m.retries).to.equal(throttled);
    });
  }
});
