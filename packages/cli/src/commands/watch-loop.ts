/**
 * The ownership watch: read the managed aliases' holders every interval and report the aliases
 * that are not where the desired state puts them. One inventory read per check (CloudFront's
 * `ListDistributions` pages carry every distribution's aliases), never one read per alias; the
 * comparison is core's `findOwnershipDrift`. Time is the session's clock, so on the sandbox a
 * watch runs on simulated time.
 */
import {
  AbortedError,
  findOwnershipDrift,
  inventoryScope,
  type AliasDrift,
  type Clock,
  type CutoverProvider,
  type DesiredState,
} from '@cfalias/core';

export interface WatchLoopOptions {
  readonly intervalMs: number;
  /** Stop once this long has passed since the first check; undefined: until `signal`. */
  readonly forMs?: number;
  /** Ends the watch cleanly (Ctrl-C): the check in flight is cancelled, no drift is invented. */
  readonly signal?: AbortSignal;
  /** Keep watching after drift was found (each alias's drift is reported again only when its holder changes). */
  readonly keepGoing?: boolean;
  /** Awaited after a check the watch goes on from, before its sleep (real-time pacing on simulated time). */
  readonly pace?: () => Promise<void>;
  /** Awaited before the watch goes on (a metrics file written after each check). */
  readonly onCheck?: (check: WatchCheck) => Promise<void> | void;
}

/** One check: its time on the session clock, and what it found. */
export interface WatchCheck {
  /** 1-based. */
  readonly check: number;
  readonly at: number;
  readonly aliases: number;
  /** The caller's account, as the read found it (undefined when the read failed). */
  readonly account?: string;
  /** Every alias away from its desired distribution now. */
  readonly drift: readonly AliasDrift[];
  /** The drift not reported by an earlier check (new, or a different holder). */
  readonly newDrift: readonly AliasDrift[];
  /**
   * The inventory read failed: the watch goes on and the next check reads again. A watch whose
   * every check failed rejects with the last error when its time is up.
   */
  readonly error?: Error;
}

export type WatchEndReason = 'for-elapsed' | 'interrupted' | 'drift';

export interface WatchResult {
  readonly checks: number;
  /** Aliases found away from their desired distribution at any check. */
  readonly drifted: readonly string[];
  readonly reason: WatchEndReason;
  /** When the last check that read the inventory ended (undefined: none did). */
  readonly lastSuccessAt?: number;
}

export async function watchOwnership(
  provider: CutoverProvider,
  clock: Clock,
  desired: DesiredState,
  options: WatchLoopOptions,
): Promise<WatchResult> {
  const scope = inventoryScope(desired);
  const start = clock.now();
  const end = options.forMs !== undefined ? start + options.forMs : Number.POSITIVE_INFINITY;
  const reported = new Map<string, string>();
  const drifted = new Set<string>();
  let checks = 0;
  let lastSuccessAt: number | undefined;
  const interrupted = (): WatchResult => ({
    checks,
    drifted: [...drifted].sort(),
    reason: 'interrupted',
    ...(lastSuccessAt !== undefined && { lastSuccessAt }),
  });
  for (;;) {
    if (options.signal?.aborted) return interrupted();
    checks++;
    let check: WatchCheck;
    try {
      const inventory = await provider.readInventory(scope, options.signal ? { signal: options.signal } : {});
      const drift = findOwnershipDrift(desired, inventory);
      const newDrift = drift.filter((d) => reported.get(d.alias) !== holderKey(d));
      reported.clear();
      for (const d of drift) {
        reported.set(d.alias, holderKey(d));
        drifted.add(d.alias);
      }
      lastSuccessAt = clock.now();
      check = { check: checks, at: lastSuccessAt, aliases: scope.aliases.length, account: inventory.account, drift, newDrift };
    } catch (error) {
      if (error instanceof AbortedError || options.signal?.aborted) return interrupted();
      check = { check: checks, at: clock.now(), aliases: scope.aliases.length, drift: [], newDrift: [], error: asError(error) };
    }
    await options.onCheck?.(check);
    if (check.newDrift.length > 0 && options.keepGoing !== true) {
      return { checks, drifted: [...drifted].sort(), reason: 'drift', lastSuccessAt: check.at };
    }
    await options.pace?.();
    const now = clock.now();
    const wait = Math.min(options.intervalMs, end - now);
    const last = now + options.intervalMs > end;
    try {
      if (wait > 0) await clock.sleep(wait, options.signal);
    } catch (error) {
      if (error instanceof AbortedError || options.signal?.aborted) return interrupted();
      throw error;
    }
    if (last) {
      // A watch that never read the aliases saw nothing: that is a failure, not "no drift".
      if (lastSuccessAt === undefined && check.error !== undefined) throw check.error;
      return { checks, drifted: [...drifted].sort(), reason: 'for-elapsed', ...(lastSuccessAt !== undefined && { lastSuccessAt }) };
    }
  }
}

function holderKey(drift: AliasDrift): string {
  return drift.found === null ? '' : `${drift.found.account}/${drift.found.distribution}`;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
