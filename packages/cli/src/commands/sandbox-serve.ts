/**
 * `cfalias sandbox serve WORLD [--port N]`: the sandbox emulator in the foreground. Any AWS client
 * (the SDK, the AWS CLI, cfalias without --sandbox) pointed at the printed endpoint with the
 * printed credentials sees CloudFront, ACM, Route 53 and STS over the world file. On SIGINT or
 * SIGTERM it stops listening, writes the world back (atomically, only when something changed) and
 * ends with exit 0.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  createEmulator,
  publishedCosts,
  SANDBOX_ACCESS_KEY_ID,
  SANDBOX_SECRET_ACCESS_KEY,
  SandboxWorld,
  startSandboxDns,
  startSandboxEdge,
  type RealTimeCosts,
  type RunningEmulator,
} from '@cfalias/providers';
import { resolvePath, type CommandContext } from '../context.js';
import { ProviderUnavailableError } from '../errors.js';
import type { CommandOutcome } from '../outcome.js';
import { readWorldFile, worldPersistence } from '../providers.js';
import { formatDuration } from '../render/format.js';
import { runOnWallClock } from '../sandbox-wall-clock.js';
import { SimulatedClock } from '@cfalias/core';

export interface SandboxServeOptions {
  /** Loopback TCP port; 0 or absent: a free one. */
  readonly port?: number;
  /** Real-time costs: true for the default latency, or milliseconds per request, with the published rate limits. */
  readonly latency?: number | true;
  /** Waits pass on the wall clock, `speed` (default 1) times as fast, instead of at the next poll. */
  readonly realTime?: boolean;
  readonly speed?: number;
}

/** Resolves with the name of what ended the serving (`SIGINT`, `SIGTERM`). */
export type StopSignal = () => Promise<string>;

/** The region the printed environment names: CloudFront's and ACM's (certificates for CloudFront live there). */
const SANDBOX_REGION = 'us-east-1';

export async function runSandboxServe(
  ctx: CommandContext,
  worldArg: string,
  options: SandboxServeOptions,
  stop: StopSignal = processStopSignal,
): Promise<CommandOutcome> {
  const { io } = ctx;
  const path = resolvePath(io, worldArg);
  const name = relative(io.cwd, path) || worldArg;
  const document = await readWorldFile(path, name);
  const world = SandboxWorld.fromDocument(document, { validated: true });
  const persistence = worldPersistence(path, world);

  let emulator: RunningEmulator;
  try {
    emulator = await createEmulator(world, {
      port: options.port ?? 0,
      ...realTimeOption(world, options.latency),
      // On the wall clock every answer is the world's true state now: no poll moves time.
      ...(options.realTime === true && { fastForward: false }),
    });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const reason = code === 'EADDRINUSE' ? 'the port is in use' : error instanceof Error ? error.message : String(error);
    throw new ProviderUnavailableError(`cannot serve the sandbox on 127.0.0.1:${options.port ?? 0}: ${reason}`, { cause: error });
  }

  const stopWallClock = options.realTime === true ? runOnWallClock(simulatedClockOf(world), options.speed ?? 1) : () => undefined;
  // Subscribed in the same turn as listening began: no signal can slip in between.
  const stopped = stop();
  // For `cfalias verify`: the world's DNS answers and an HTTPS edge with a throwaway CA's certificates.
  const dns = await startSandboxDns(world);
  const edge = await startSandboxEdge(world);
  const caDir = await mkdtemp(join(tmpdir(), 'cfalias-sandbox-'));
  const caFile = join(caDir, 'edge-ca.pem');
  await writeFile(caFile, edge.caPem);
  const otherKeys = Object.entries(document.credentials ?? {}).filter(([key]) => key !== SANDBOX_ACCESS_KEY_ID);
  io.stdout.write(
    [
      `Serving ${name} at ${emulator.endpoint}: CloudFront, ACM, Route 53 and STS, as account ${world.caller}.`,
      timeWords(options),
      ...costsWords(world.settings.realTime, realTimeOption(world, options.latency).realTime),
      '',
      'In another shell, point cfalias, the AWS CLI or any AWS SDK at it:',
      '',
      `  export AWS_ENDPOINT_URL=${emulator.endpoint}`,
      `  export AWS_ACCESS_KEY_ID=${SANDBOX_ACCESS_KEY_ID}`,
      `  export AWS_SECRET_ACCESS_KEY=${SANDBOX_SECRET_ACCESS_KEY}`,
      `  export AWS_REGION=${SANDBOX_REGION}`,
      '',
      `Live checks (cfalias verify): DNS at ${dns.address} (UDP and TCP), HTTPS edge at ${edge.address}:`,
      '',
      `  export CFALIAS_VERIFY_RESOLVERS=${dns.address}`,
      `  export CFALIAS_VERIFY_EDGE=${edge.address}`,
      `  export CFALIAS_VERIFY_CA_FILE=${caFile}`,
      '',
      ...(otherKeys.length > 0
        ? ['Other access keys of this world (any secret works):', ...otherKeys.map(([key, account]) => `  ${key}  account ${account}`), '']
        : []),
      `Press Ctrl-C to stop; the world is then saved back to ${name}.`,
      '',
    ].join('\n'),
  );

  const signal = await stopped;
  stopWallClock();
  await emulator.close();
  await dns.close();
  await edge.close();
  await rm(caDir, { recursive: true, force: true });
  const saved = await persistence.persist();
  io.stdout.write(
    `\n${signal} received: stopped. ${saved ? `Saved the sandbox world to ${name}.` : `The world did not change; ${name} is as it was.`}\n`,
  );
  return 'ok';
}

/** The first SIGINT or SIGTERM of the process; both handlers are removed once it arrives. */
export const processStopSignal: StopSignal = () =>
  new Promise((resolve) => {
    const signals = ['SIGINT', 'SIGTERM'] as const;
    const handlers = signals.map((signal) => {
      const handler = (): void => {
        for (const [i, s] of signals.entries()) process.removeListener(s, handlers[i]!);
        resolve(signal);
      };
      process.on(signal, handler);
      return handler;
    });
  });

/** How time passes in this serve, for its banner. */
function timeWords(options: SandboxServeOptions): string {
  if (options.realTime !== true) return 'Time is simulated: a poll of a deployment or DNS change in progress moves the world to its end.';
  const speed = options.speed ?? 1;
  return speed === 1
    ? 'Time runs on the wall clock: a 5-minute deployment takes 5 real minutes (rehearse progress, Ctrl-C and resume).'
    : `Time runs on the wall clock ${speed} times as fast: a 5-minute deployment takes ${formatDuration(300 / speed)} (rehearse progress, Ctrl-C and resume).`;
}

function simulatedClockOf(world: SandboxWorld): SimulatedClock {
  if (!(world.clock instanceof SimulatedClock)) throw new TypeError('a sandbox world loaded from a file runs on a SimulatedClock');
  return world.clock;
}

/** `--latency`: the published costs, or the world file's own where it sets them. */
function realTimeOption(world: SandboxWorld, latency: number | true | undefined): { realTime?: RealTimeCosts } {
  if (latency === undefined) return {};
  const published = publishedCosts(latency === true ? undefined : latency);
  return { realTime: { ...published, ...(world.settings.realTime ?? {}) } };
}

/** What real time costs, when anything does. */
function costsWords(fromWorld: RealTimeCosts | null, served: RealTimeCosts | undefined): string[] {
  const costs = served ?? fromWorld ?? undefined;
  if (costs === undefined) return [];
  const limits = Object.entries(costs.rateLimits ?? {}).map(
    ([service, limit]) => `${service} ${limit.perSecond}/s${limit.perOperation ? ' per operation' : ''}`,
  );
  return [
    `Real time costs: ${costs.latencyMs ?? 0} ms per request; per account, ${limits.join(', ') || 'no rate limit'} (Throttling past them).`,
  ];
}
