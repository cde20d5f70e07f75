/**
 * What an apply costs in requests and real seconds when AWS's request rate limits apply: the
 * cutover planned and applied through the AWS SDK against the emulator with real-time costs
 * (docs/emulator.md, "Real-time costs"), waits on simulated time. Also the honest baseline: a
 * batched operator script with plain SDK calls against the same emulator.
 */
import {
  CloudFrontClient,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
  waitUntilDistributionDeployed,
} from '@aws-sdk/client-cloudfront';
import { ChangeResourceRecordSetsCommand, Route53Client, waitUntilResourceRecordSetsChanged, type Change } from '@aws-sdk/client-route-53';
import {
  applyPlan,
  CLOUDFRONT_HOSTED_ZONE_ID,
  createAwsProvider,
  createEmulator,
  inventoryScope,
  planCutover,
  PUBLISHED_RATE_LIMITS,
  SANDBOX_ACCESS_KEY_ID,
  SANDBOX_SECRET_ACCESS_KEY,
  SandboxWorld,
  SimulatedClock,
  type CallRecord,
  type RealTimeCosts,
  type ServiceRateLimit,
} from './packages.js';
import { cutoverDesired, cutoverShape, cutoverWorld, domainOf, WORLD_NOW, type CutoverScenario } from './scenarios.js';

/** Real milliseconds each request waits before its answer. */
export const LATENCY_MS = 50;
export const COSTS: RealTimeCosts = { latencyMs: LATENCY_MS, rateLimits: PUBLISHED_RATE_LIMITS };
/** Waits are simulated: both cfalias and the script poll every 50 ms of real time (the emulator answers a poll when its resource is done). */
const WAITER = { minDelay: 0.05, maxDelay: 0.05, maxWaitSeconds: 3600 };
const QUIET_MS = 50;

export interface RateBoundCall {
  readonly operation: string;
  readonly service: string;
}

/**
 * The fewest real seconds the rate limits allow for these accepted requests: each bucket passes
 * its burst at once and then `perSecond`; buckets run side by side, so the slowest one sets it.
 */
export function minimumSeconds(calls: readonly RateBoundCall[], costs: RealTimeCosts = COSTS): { seconds: number; bucket: string } {
  const counts = new Map<string, { n: number; limit: { perSecond: number; burst?: number } }>();
  for (const call of calls) {
    const limit = (costs.rateLimits as Record<string, ServiceRateLimit | undefined> | undefined)?.[call.service];
    if (limit === undefined) continue;
    const own = limit.operations?.[call.operation];
    const key = own !== undefined || limit.perOperation ? `${call.service} ${call.operation}` : call.service;
    const entry = counts.get(key) ?? { n: 0, limit: own ?? limit };
    entry.n++;
    counts.set(key, entry);
  }
  let best = { seconds: 0, bucket: '–' };
  for (const [key, { n, limit }] of counts) {
    const burst = limit.burst ?? Math.max(1, Math.floor(limit.perSecond));
    const s = Math.max(0, n - burst) / limit.perSecond;
    if (s > best.seconds) best = { seconds: s, bucket: key };
  }
  return best;
}

export interface EmulatedApply {
  readonly scenario: CutoverScenario;
  readonly status: string;
  /** Requests by operation, throttled ones included. */
  readonly requests: Readonly<Record<string, number>>;
  readonly total: number;
  readonly throttled: number;
  readonly realSeconds: number;
  /** Simulated seconds from the apply's first request to its last. */
  readonly makespanSeconds: number;
  readonly minimum: { readonly seconds: number; readonly bucket: string };
}

function summarise(calls: readonly CallRecord[]): { requests: Record<string, number>; throttled: number } {
  const requests: Record<string, number> = {};
  for (const c of calls) requests[c.operation] = (requests[c.operation] ?? 0) + 1;
  return { requests, throttled: calls.filter((c) => c.outcome === 'Throttling').length };
}

async function emulated(scenario: CutoverScenario) {
  const clock = new SimulatedClock(Date.parse(WORLD_NOW));
  const world = SandboxWorld.fromDocument(cutoverWorld(scenario), { clock });
  const emulator = await createEmulator(world, { quietMs: QUIET_MS, realTime: COSTS });
  return { clock, world, emulator };
}

/** cfalias: read, plan, then apply (only the apply is counted and timed), as the CLI runs against AWS. */
export async function measureEmulatedApply(scenario: CutoverScenario): Promise<EmulatedApply> {
  const { clock, world, emulator } = await emulated(scenario);
  const aws = createAwsProvider({
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
    waiter: WAITER,
  });
  try {
    const desired = cutoverDesired(scenario);
    const plan = planCutover(desired, await aws.readInventory(inventoryScope(desired)), { now: new Date(clock.now()) });
    world.resetCalls();
    const simulatedStart = clock.now();
    const started = performance.now();
    const result = await applyPlan(plan, { provider: aws });
    const realSeconds = (performance.now() - started) / 1000;
    const calls = world.calls;
    const { requests, throttled } = summarise(calls);
    return {
      scenario,
      status: result.status,
      requests,
      total: calls.length,
      throttled,
      realSeconds,
      makespanSeconds: (clock.now() - simulatedStart) / 1000,
      minimum: minimumSeconds(calls.filter((c) => c.outcome !== 'Throttling')),
    };
  } finally {
    aws.destroy();
    await emulator.close();
  }
}

/**
 * The batched operator script, as one would write it with the SDK: remove every moving alias from
 * each source (one GetDistributionConfig + UpdateDistribution per distribution), wait for them all,
 * repoint DNS (one change batch per zone of up to 500 record sets), wait, add the aliases to each
 * target, wait. The SDK's adaptive retry mode with 10 attempts keeps it under the rate limits.
 */
export async function measureBatchedScript(scenario: CutoverScenario): Promise<EmulatedApply> {
  const { clock, world, emulator } = await emulated(scenario);
  const config = {
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
    retryMode: 'adaptive',
    maxAttempts: 10,
  };
  const cf = new CloudFrontClient(config);
  const r53 = new Route53Client(config);
  const shape = cutoverShape(scenario);
  const waiter = { minDelay: WAITER.minDelay, maxDelay: WAITER.maxDelay, maxWaitTime: WAITER.maxWaitSeconds };
  const edit = async (id: string, change: (aliases: string[]) => string[]): Promise<void> => {
    const { DistributionConfig, ETag } = await cf.send(new GetDistributionConfigCommand({ Id: id }));
    const items = change(DistributionConfig!.Aliases?.Items ?? []);
    const Aliases = { Quantity: items.length, Items: items };
    await cf.send(new UpdateDistributionCommand({ Id: id, IfMatch: ETag, DistributionConfig: { ...DistributionConfig!, Aliases } }));
  };
  try {
    const simulatedStart = clock.now();
    const started = performance.now();
    for (const source of shape.sources) {
      const leaving = new Set(shape.moves.filter((m) => m.source === source).map((m) => m.alias));
      await edit(source, (aliases) => aliases.filter((a) => !leaving.has(a)));
    }
    for (const source of shape.sources) await waitUntilDistributionDeployed({ client: cf, ...waiter }, { Id: source });
    const changeIds: string[] = [];
    for (const [z, zoneId] of shape.zoneIds.entries()) {
      const changes: Change[] = shape.moves
        .filter((m) => m.zone === z)
        .map((m) => ({
          Action: 'UPSERT',
          ResourceRecordSet: {
            Name: `${m.alias}.`,
            Type: 'A',
            AliasTarget: { DNSName: `${domainOf(m.target)}.`, HostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID, EvaluateTargetHealth: false },
          },
        }));
      for (let i = 0; i < changes.length; i += 500) {
        const answer = await r53.send(
          new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes.slice(i, i + 500) } }),
        );
        changeIds.push(answer.ChangeInfo!.Id!);
      }
    }
    for (const id of changeIds) await waitUntilResourceRecordSetsChanged({ client: r53, ...waiter }, { Id: id });
    for (const target of shape.targets) {
      const arriving = shape.moves.filter((m) => m.target === target).map((m) => m.alias);
      await edit(target, (aliases) => [...aliases, ...arriving]);
    }
    for (const target of shape.targets) await waitUntilDistributionDeployed({ client: cf, ...waiter }, { Id: target });
    const realSeconds = (performance.now() - started) / 1000;
    const arrived = shape.moves.every((m) => world.distribution(m.target)?.aliases.includes(m.alias));
    const calls = world.calls;
    const { requests, throttled } = summarise(calls);
    return {
      scenario,
      status: arrived ? 'succeeded' : 'failed',
      requests,
      total: calls.length,
      throttled,
      realSeconds,
      makespanSeconds: (clock.now() - simulatedStart) / 1000,
      minimum: minimumSeconds(calls.filter((c) => c.outcome !== 'Throttling')),
    };
  } finally {
    cf.destroy();
    r53.destroy();
    await emulator.close();
  }
}
