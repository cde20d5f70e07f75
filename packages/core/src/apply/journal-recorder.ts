/**
 * The executor's side of the write-ahead journal: every entry of a run goes through `record`,
 * stamped with the run id and the clock's time. The first refused append marks the journal broken:
 * no step starts after it and no further entry is attempted (a step whose intent could not be
 * recorded is not run). Without a journal every append succeeds and nothing is written.
 */
import type { Clock } from '../clock.js';
import { callContextOf, CfaliasError, JournalError } from '../errors.js';
import { JOURNAL_VERSION, type JournalEntry, type JournalSink, type RecordedError } from './journal.js';
import { stepAccount } from '../plan/plan-accounts.js';
import type { Plan } from '../plan/plan.js';

/** `Omit` over each member of a union (plain `Omit` would merge the members). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A journal entry as the run hands it over (version, run id and time are added here). */
export type RunEntry = DistributiveOmit<JournalEntry, 'v' | 'runId' | 'at'>;

export class JournalRecorder {
  /** Set by the first refused append. */
  broken: JournalError | undefined;

  /** Step id → the account it acts in, for a plan across accounts (empty otherwise). */
  private readonly accounts: ReadonlyMap<string, string>;

  constructor(
    private readonly journal: JournalSink | undefined,
    readonly runId: string,
    private readonly clock: Clock,
    plan?: Plan,
  ) {
    this.accounts = plan === undefined ? new Map() : stepAccounts(plan);
  }

  get enabled(): boolean {
    return this.journal !== undefined;
  }

  /** Appends one entry; false (and the journal marked broken) when it was refused. */
  record(entry: RunEntry): boolean {
    const journal = this.journal;
    if (!journal) return true;
    if (this.broken) return false;
    try {
      const account = 'stepId' in entry ? this.accounts.get(entry.stepId) : undefined;
      journal.append({
        v: JOURNAL_VERSION,
        runId: this.runId,
        at: new Date(this.clock.now()).toISOString(),
        ...entry,
        ...(account !== undefined && { account }),
      });
      return true;
    } catch (thrown) {
      this.broken = new JournalError('write-failed', `the journal refused a "${entry.type}" entry: ${asError(thrown).message}`, {
        cause: thrown,
      });
      return false;
    }
  }

  /** Records the first entry; throws JournalError when it is refused (nothing may run then). */
  open(entry: RunEntry): void {
    this.record(entry);
    if (this.broken) throw this.broken;
  }

  /** Journals each interrupt when it arrives (and at once when it arrived before the run); returns the cleanup. */
  watchInterrupts(drain: AbortSignal | undefined, abort: AbortSignal | undefined): () => void {
    const cleanups: (() => void)[] = [];
    const watch = (signal: AbortSignal | undefined, mode: 'drain' | 'abort'): void => {
      if (!signal) return;
      const onAbort = (): void => {
        this.record({ type: 'interrupt', mode });
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    };
    watch(drain, 'drain');
    watch(abort, 'abort');
    return () => cleanups.forEach((cleanup) => cleanup());
  }
}

/** An error as the journal keeps it: name, message and the call context it carries. */
export function recordedError(error: Error): RecordedError {
  return { name: error.name, message: error.message, ...callContextOf(error) };
}

export function asError(value: unknown): Error {
  return value instanceof Error ? value : new CfaliasError(String(value), { cause: value });
}

/** Step id → account id for every forward and rollback step whose resource the plan places in an account. */
function stepAccounts(plan: Plan): Map<string, string> {
  const accounts = new Map<string, string>();
  for (const step of [...plan.steps, ...(plan.rollbacks ?? []).flatMap((r) => r.steps)]) {
    const account = stepAccount(plan, step);
    if (account !== undefined) accounts.set(step.id, account);
  }
  return accounts;
}
