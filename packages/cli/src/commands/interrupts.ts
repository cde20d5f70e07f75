/**
 * The two-stage interrupt of an apply or resume (docs/journal.md "Interrupts"): the first
 * SIGINT/SIGTERM drains (no new step starts except those finishing a started move; in-flight steps
 * finish), the second aborts (stop at once; in-flight calls are cancelled, the journal stays
 * consistent). After the second, the handlers are removed: a third signal ends the process the
 * default way. Before the apply starts (waiting for the lock, planning, the approval prompt) the
 * first signal cancels: nothing has been changed yet.
 */
import type { CliIo } from '../io/cli-io.js';
import type { Colors } from '../render/format.js';

export interface Interrupts {
  /** Aborted by the first interrupt, or by a lost lock: pass as `ApplyOptions.drain`. */
  readonly drain: AbortSignal;
  /** Aborted by the second interrupt: pass as `ApplyOptions.signal`. */
  readonly abort: AbortSignal;
  /** From here on, the first interrupt drains a running apply (before: it cancels). */
  applying(): void;
  /** Drains without a signal (the lock was lost), with the reason on stderr. */
  drainBecause(reason: string): void;
  /** Removes the handlers; idempotent. */
  dispose(): void;
}

export function watchInterrupts(io: CliIo, colors: Colors): Interrupts {
  const drain = new AbortController();
  const abort = new AbortController();
  let applying = false;
  let unsubscribe: (() => void) | undefined;
  const dispose = (): void => {
    unsubscribe?.();
    unsubscribe = undefined;
  };
  unsubscribe = io.onInterrupt?.((signal) => {
    if (!drain.signal.aborted) {
      drain.abort();
      io.stderr.write(
        applying
          ? `\n${colors.yellow(`${signal} received:`)} finishing the steps in flight and any move already started; no new step will start. Press Ctrl-C again to stop at once.\n`
          : `\n${colors.yellow(`${signal} received:`)} stopping before anything is changed.\n`,
      );
      return;
    }
    abort.abort();
    io.stderr.write(`\n${colors.red(`${signal} received again:`)} stopping at once; the journal records where the apply stopped.\n`);
    dispose();
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
