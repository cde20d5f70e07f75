/**
 * The two-stage interrupt of an apply or resume (docs/journal.md "Interrupts"): the first
 * SIGINT/SIGTERM drains (no new step starts except those finishing a started move; in-flight steps
 * finish), the second aborts (stop at once; in-flight calls are cancelled, the journal stays
 * consistent). After the second, the handlers are removed: a third signal ends the process the
 * default way. Before the apply starts (waiting for the lock, planning, the approval prompt) the
 * first signal cancels: nothing has been changed yet.
 *
 * A drain is bounded: when the steps it lets finish are still running `drainTimeoutSeconds` (real
 * time) after the first signal, it turns into the abort by itself. A deployment wait lasts minutes
 * and a throttled write may back off for long, while whoever sent SIGTERM (a CI runner, systemd,
 * Kubernetes) kills the process a few seconds later; stopping first keeps the lock released and
 * the journal's last line an `apply-end`, and a wait cut short changes nothing (resume runs it again).
 */
import type { CliIo } from '../io/cli-io.js';
import { formatDurationMs, type Colors } from '../render/format.js';

/** Default `--drain-timeout`: under the shortest grace period common supervisors give (docker stop: 10 s). */
export const DEFAULT_DRAIN_TIMEOUT_SECONDS = 5;

export interface Interrupts {
  /** Aborted by the first interrupt, or by a lost lock: pass as `ApplyOptions.drain`. */
  readonly drain: AbortSignal;
  /** Aborted by the second interrupt, or when a drain outlasts its timeout: pass as `ApplyOptions.signal`. */
  readonly abort: AbortSignal;
  /** From here on, the first interrupt drains a running apply (before: it cancels). */
  applying(): void;
  /** Drains without a signal (the lock was lost), with the reason on stderr. */
  drainBecause(reason: string): void;
  /** Removes the handlers and the drain timer; idempotent. */
  dispose(): void;
}

export interface InterruptOptions {
  /** Real seconds a drain may last before it stops at once (0: the first interrupt stops at once). */
  readonly drainTimeoutSeconds?: number;
}

export function watchInterrupts(io: CliIo, colors: Colors, options: InterruptOptions = {}): Interrupts {
  const drainTimeoutMs = (options.drainTimeoutSeconds ?? DEFAULT_DRAIN_TIMEOUT_SECONDS) * 1000;
  const drain = new AbortController();
  const abort = new AbortController();
  let applying = false;
  let unsubscribe: (() => void) | undefined;
  let drainTimer: NodeJS.Timeout | undefined;
  const dispose = (): void => {
    unsubscribe?.();
    unsubscribe = undefined;
    clearTimeout(drainTimer);
  };
  const stopAtOnce = (message: string): void => {
    abort.abort();
    io.stderr.write(`\n${message} stopping at once; the journal records where the apply stopped.\n`);
    dispose();
  };
  const startDrain = (signal: string): void => {
    drain.abort();
    if (!applying) {
      io.stderr.write(`\n${colors.yellow(`${signal} received:`)} stopping before anything is changed.\n`);
      return;
    }
    io.stderr.write(
      `\n${colors.yellow(`${signal} received:`)} finishing the steps in flight and any move already started (for up to ${formatDurationMs(drainTimeoutMs)}); no new step will start. Press Ctrl-C again to stop at once.\n`,
    );
    drainTimer = setTimeout(
      () => stopAtOnce(colors.red(`steps still in flight ${formatDurationMs(drainTimeoutMs)} after ${signal}:`)),
      drainTimeoutMs,
    );
    // The timer must not keep a finished apply's process alive.
    drainTimer.unref();
  };
  unsubscribe = io.onInterrupt?.((signal) => {
    if (!drain.signal.aborted) startDrain(signal);
    else stopAtOnce(colors.red(`${signal} received again:`));
  });
  return {
    drain: drain.signal,
    abort: abort.signal,
    applying: () => {
      applying = true;
    },
    drainBecause(reason) {
      if (drain.signal.aborted) return;
      drain.abort();
      io.stderr.write(`\n${colors.red('error:')} ${reason}; no new step will start.\n`);
    },
    dispose,
  };
}

/** The interrupt options of a command's `--drain-timeout`. */
export function drainTimeoutOf(options: { readonly drainTimeout?: number }): InterruptOptions {
  return options.drainTimeout !== undefined ? { drainTimeoutSeconds: options.drainTimeout } : {};
}
