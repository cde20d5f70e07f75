/**
 * Runs one cutover scenario on the in-process sandbox (simulated clock): cfalias (read → plan →
 * apply) and the hand-written baseline script, and reports simulated makespans and call counts
 * from the world's call log.
 */
import {
  applyPlan,
  createSandboxProvider,
  inventoryScope,
  planCutover,
  RATE_LIMITED_OPERATIONS,
  SandboxWorld,
  SimulatedClock,
  type ApplyResult,
  type CallRecord,
  type Plan,
} from './packages.js';
import type { MutationCounts, RefreshCounts } from './bounds.js';
import { aliasRecordTo, cutoverDesired, cutoverShape, cutoverWorld, domainOf, WORLD_NOW, type CutoverScenario } from './scenarios.js';

export interface CutoverMeasurement {
  readonly scenario: CutoverScenario;
  readonly plan: Plan;
  readonly result: ApplyResult;
  /** Simulated seconds from the first to the last step of apply. */
  readonly makespanSeconds: number;
  /** Accepted mutating calls of apply. */
  readonly mutations: MutationCounts;
  /** Mutating calls answered Throttling. */
  readonly throttled: number;
  /** Read calls of apply (precondition reads, waits' polls, verification). */
  readonly applyReads: number;
  /** The same, by operation. */
  readonly applyReadsByOperation: Readonly<Record<string, number>>;
  /** Calls of the inventory read before planning. */
  readonly refresh: RefreshCounts;
  /** Accepted change batches by hosted zone id. */
  readonly batchesPerZone: Readonly<Record<string, number>>;
  /** Most record changes in one change batch. */
  readonly largestBatch: number;
  readonly retries: number;
  /** Real seconds of `applyPlan` alone. */
  readonly applyWallSeconds: number;
}

export interface ApplyTuning {
  /** Jitter source for the executor's backoff: seeded, so throttled runs repeat exactly. */
  readonly random?: () => number;
  /** Executor options other than the defaults the CLI uses (reported next to the figures). */
  readonly retry?: { readonly maxAttempts?: number; readonly baseDelayMs?: number; readonly maxDelayMs?: number };
  readonly concurrency?: number;
}

function countMutations(calls: readonly CallRecord[]): MutationCounts {
  const ok = (operation: string): number => calls.filter((c) => c.operation === operation && c.outcome === 'ok').length;
  return {
    updateDistribution: ok('UpdateDistribution'),
    moveCalls: ok('UpdateDomainAssociation') + ok('AssociateAlias'),
    changeBatches: ok('ChangeResourceRecordSets'),
  };
}

function countByOperation(calls: readonly CallRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of calls) counts[c.operation] = (counts[c.operation] ?? 0) + 1;
  return counts;
}

function countRefresh(calls: readonly CallRecord[]): RefreshCounts {
  const of = (...operations: string[]): number => calls.filter((c) => operations.includes(c.operation)).length;
  return {
    distributions: of('ListDistributions', 'GetDistribution', 'ListConflictingAliases'),
    tenants: of('ListDistributionTenants', 'ListConnectionGroups'),
    certificates: of('DescribeCertificate', 'ListCertificates'),
    zones: of('ListHostedZones', 'ListResourceRecordSets'),
  };
}

export async function measureCutover(scenario: CutoverScenario, tuning: ApplyTuning = {}): Promise<CutoverMeasurement> {
  const clock = new SimulatedClock(Date.parse(WORLD_NOW));
  const world = SandboxWorld.fromDocument(cutoverWorld(scenario), { clock });
  const provider = createSandboxProvider(world);
  const desired = cutoverDesired(scenario);

  const inventory = await provider.readInventory(inventoryScope(desired));
  const refresh = countRefresh(world.calls);
  world.resetCalls();

  const plan = planCutover(desired, inventory, { now: new Date(clock.now()) });
  const applyStarted = performance.now();
  const result = await applyPlan(plan, {
    provider,
    clock,
    ...(tuning.random ? { random: tuning.random } : {}),
    ...(tuning.retry ? { retry: tuning.retry } : {}),
    ...(tuning.concurrency !== undefined ? { concurrency: tuning.concurrency } : {}),
  });
  const applyWallSeconds = (performance.now() - applyStarted) / 1000;
  const calls = world.calls;
  const batchesPerZone: Record<string, number> = {};
  for (const c of calls) {
    if (c.operation === 'ChangeResourceRecordSets' && c.outcome === 'ok' && c.resource !== null)
      batchesPerZone[c.resource] = (batchesPerZone[c.resource] ?? 0) + 1;
  }
  const reads = calls.filter((c) => !RATE_LIMITED_OPERATIONS.includes(c.operation));
  const largestBatch = plan.steps.reduce((max, s) => (s.kind === 'change-dns' ? Math.max(max, s.changes.length) : max), 0);
  return {
    scenario,
    plan,
    result,
    makespanSeconds: (result.finishedAt - result.startedAt) / 1000,
    mutations: countMutations(calls),
    throttled: calls.filter((c) => RATE_LIMITED_OPERATIONS.includes(c.operation) && c.outcome === 'Throttling').length,
    applyReads: reads.length,
    applyReadsByOperation: countByOperation(reads),
    refresh,
    batchesPerZone,
    largestBatch,
    retries: Object.values(result.metrics.retries).reduce((a, b) => a + b, 0),
    applyWallSeconds,
  };
}

export interface BaselineMeasurement {
  readonly makespanSeconds: number;
  readonly mutations: MutationCounts;
}

/**
 * The way it is done by hand today, over the same provider: for each alias in turn, remove it from
 * its source, wait until Deployed, repoint its DNS record, wait until INSYNC, add it to its target,
 * wait until Deployed. Checks that every alias ended on its target.
 */
export async function measureBaseline(scenario: CutoverScenario): Promise<BaselineMeasurement> {
  const clock = new SimulatedClock(Date.parse(WORLD_NOW));
  const world = SandboxWorld.fromDocument(cutoverWorld({ ...scenario, mutationRateLimit: undefined }), { clock });
  const provider = createSandboxProvider(world);
  const shape = cutoverShape(scenario);
  const started = clock.now();
  for (const m of shape.moves) {
    await provider.updateAliases(m.source, { remove: [m.alias], add: [] }, () => 'apply');
    await provider.waitDeployed(m.source);
    const { changeId } = await provider.changeRecords(shape.zoneIds[m.zone]!, [
      { action: 'UPSERT', record: aliasRecordTo(m.alias, domainOf(m.target)) },
    ]);
    await provider.waitRecordsSynced(changeId);
    await provider.updateAliases(m.target, { remove: [], add: [m.alias] }, () => 'apply');
    await provider.waitDeployed(m.target);
  }
  for (const m of shape.moves) {
    if (!world.distribution(m.target)?.aliases.includes(m.alias)) throw new Error(`baseline: ${m.alias} did not reach ${m.target}`);
  }
  return { makespanSeconds: (clock.now() - started) / 1000, mutations: countMutations(world.calls) };
}

/** A small seeded PRNG (mulberry32), so a throttled apply's backoff jitter is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
