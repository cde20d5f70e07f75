/**
 * `cfalias watch`: keep checking that every managed alias stays on the distribution the desired
 * state puts it on, and report who holds one that left (another writer re-attaching it to the
 * distribution it came from). `apply --watch` runs the same watch after a successful apply.
 * Ctrl-C ends a watch cleanly; drift ends it with its own exit code (`drifted`).
 */
import type { DesiredState } from '@cfalias/core';
import type { CommandContext } from '../context.js';
import type { CommandOutcome } from '../outcome.js';
import { desiredLabeler } from '../render/inventory.js';
import { createHumanWatchReporter, createJsonWatchReporter, type WatchReporter } from '../render/watch-output.js';
import { expectedAccount, openProvider, type ProviderSession } from '../providers.js';
import { readDesired } from './desired-input.js';
import { watchOwnership, type WatchCheck, type WatchResult } from './watch-loop.js';

export const DEFAULT_WATCH_INTERVAL_SECONDS = 60;

export interface WatchCommandOptions {
  /** Seconds between checks. */
  readonly interval: number;
  /** Seconds to watch; undefined: until Ctrl-C. */
  readonly for?: number;
  readonly json?: boolean;
  /** Keep watching after drift was found; the exit code still says it was found. */
  readonly keepGoing?: boolean;
}

/** Hooks for what else follows the checks (metrics). */
export interface WatchHooks {
  readonly onCheck?: (check: WatchCheck) => void;
  readonly onEnd?: (result: WatchResult) => Promise<void> | void;
}

export async function runWatch(ctx: CommandContext, options: WatchCommandOptions, hooks: WatchHooks = {}): Promise<CommandOutcome> {
  const desired = await readDesired(ctx);
  if (desired === undefined) return 'invalid-input';
  await using session = await openProvider(ctx.providerOptions, expectedAccount(desired.account, ctx.desiredName));
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
      onCheck: (check) => {
        reporter.check(check);
        hooks.onCheck?.(check);
      },
    });
    reporter.end(session.clock.now(), result);
    await hooks.onEnd?.(result);
    return result.drifted.length > 0 ? 'drifted' : 'ok';
  } finally {
    unsubscribe?.();
  }
}
