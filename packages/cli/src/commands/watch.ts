/**
 * `cfalias watch`: keep checking that every managed alias stays on the distribution the desired
 * state puts it on, and report who holds one that left (another writer re-attaching it to the
 * distribution it came from). `apply --watch` runs the same watch after a successful apply.
 * Ctrl-C ends a watch cleanly; drift ends it with its own exit code (`drifted`).
 */
import type { DesiredState } from '@cfalias/core';
import { setTimeout as delay } from 'node:timers/promises';
import { resolvePath, type CommandContext } from '../context.js';
import { CliMetrics } from '../metrics/cli-metrics.js';
import { serveMetrics } from '../metrics/metrics-server.js';
import type { CommandOutcome } from '../outcome.js';
import { desiredLabeler } from '../render/inventory.js';
import { createHumanWatchReporter, createJsonWatchReporter, type WatchReporter } from '../render/watch-output.js';
import { openProvider, type ProviderSession } from '../providers.js';
import { desiredExpectation } from '../registry-providers.js';
import { readDesired } from './desired-input.js';
import { watchOwnership, type WatchCheck } from './watch-loop.js';

export { DEFAULT_WATCH_INTERVAL_SECONDS } from './defaults.js';

export interface WatchCommandOptions {
  /** Seconds between checks. */
  readonly interval: number;
  /** Seconds to watch; undefined: until Ctrl-C. */
  readonly for?: number;
  readonly json?: boolean;
  /** Keep watching after drift was found; the exit code still says it was found. */
  readonly keepGoing?: boolean;
  /** Write the metrics here after every check (Prometheus text format, atomically). */
  readonly metricsFile?: string;
  /** Serve the metrics on `/metrics` at this port while watching (0: a free one, printed). */
  readonly metricsPort?: number;
}

/** Hooks for what else follows the checks (metrics). */
export interface WatchHooks {
  /** Awaited before the next check is scheduled. */
  readonly onCheck?: (check: WatchCheck) => Promise<void> | void;
}

/**
 * On simulated time a watch without `--for` would check as fast as the processor allows: each
 * interval then also lasts this long in real time, as a watch left running should.
 */
const SIMULATED_PACE_MS = 1_000;

export async function runWatch(ctx: CommandContext, options: WatchCommandOptions): Promise<CommandOutcome> {
  const { io } = ctx;
  const desired = await readDesired(ctx);
  if (desired === undefined) return 'invalid-input';
  await using session = await openProvider(ctx.providerOptions, desiredExpectation(desired, ctx.desiredName));
  const metrics = options.metricsFile !== undefined || options.metricsPort !== undefined ? new CliMetrics() : undefined;
  await using server =
    metrics !== undefined && options.metricsPort !== undefined ? await serveMetrics(metrics.registry, options.metricsPort) : undefined;
  if (server !== undefined) io.stderr.write(`Serving metrics on http://localhost:${server.port}/metrics\n`);
  const hooks: WatchHooks =
    metrics === undefined
      ? {}
      : {
          onCheck: async (check) => {
            metrics.onWatchCheck(check);
            if (options.metricsFile !== undefined) await metrics.writeFile(resolvePath(io, options.metricsFile));
          },
        };
  return await watchSession(ctx, session, desired, options, hooks);
}

/** The watch on an open session (apply --watch reuses it); Ctrl-C ends it. */
export async function watchSession(
  ctx: CommandContext,
  session: ProviderSession,
  desired: DesiredState,
  options: WatchCommandOptions,
  hooks: WatchHooks = {},
): Promise<CommandOutcome> {
  const { io } = ctx;
  const stop = new AbortController();
  const unsubscribe = io.onInterrupt?.((signal) => {
    if (!stop.signal.aborted) io.stderr.write(`\n${ctx.colors.yellow(`${signal} received:`)} ending the watch.\n`);
    stop.abort();
  });
  try {
    const reporterOptions = {
      intervalMs: options.interval * 1000,
      ...(options.for !== undefined && { forMs: options.for * 1000 }),
      simulated: session.simulated,
      label: desiredLabeler(desired),
    };
    const reporter: WatchReporter = options.json
      ? createJsonWatchReporter(io.stdout, reporterOptions)
      : createHumanWatchReporter(io.stdout, ctx.colors, reporterOptions);
    reporter.start(session.clock.now(), new Set(desired.aliases.map((a) => a.alias)).size);
    const result = await watchOwnership(session.provider, session.clock, desired, {
      intervalMs: reporterOptions.intervalMs,
      ...(reporterOptions.forMs !== undefined && { forMs: reporterOptions.forMs }),
      signal: stop.signal,
      keepGoing: options.keepGoing === true,
      onCheck: async (check) => {
        reporter.check(check);
        await hooks.onCheck?.(check);
      },
      ...(session.simulated && options.for === undefined && { pace: () => realPause(SIMULATED_PACE_MS, stop.signal) }),
    });
    reporter.end(session.clock.now(), result);
    return result.drifted.length > 0 ? 'drifted' : 'ok';
  } finally {
    unsubscribe?.();
  }
}

/** Real time passing (ends early, without error, when `signal` fires). */
async function realPause(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch(() => undefined);
}
