/**
 * Facts about a finished run that its summaries (human and JSON) state: which aliases it left on
 * no distribution or lost to another writer, whether `resume` continues it, and which aliases it
 * wrote to. Derived from the plan and the executor's result only; shared so both summaries say the same.
 */
import {
  assertNever,
  type AliasHolder,
  type ApplyResult,
  type ApplyStatus,
  type Plan,
  type PlanStep,
  type RollbackReport,
} from '@cfalias/core';
import { shellWord } from './next-command.js';

/** The statuses `cfalias resume` continues (the others: done, or re-plan). */
export function isResumable(status: ApplyStatus): boolean {
  switch (status) {
    case 'interrupted':
    case 'aborted':
    case 'window-closed':
    case 'failed':
      return true;
    case 'succeeded':
    case 'stale':
    case 'rolled-back':
      return false;
    default:
      return assertNever(status);
  }
}

/**
 * `cfalias resume --journal <journal>` (bare `cfalias resume` when the journal is not known),
 * started by `cli`: `cfalias` and the global flags of the run (see `commandPrefix`).
 */
export function resumeCommand(journal: string | undefined, cli = 'cfalias'): string {
  return journal !== undefined ? `${cli} resume --journal ${shellWord(journal)}` : `${cli} resume`;
}

/**
 * The aliases a run left on no distribution of the account, as read again at its end (`unknown`
 * ones too: they could not be read, most likely after an abort), optionally only those of one
 * rollback report. Sorted.
 */
export function aliasesOnNoDistribution(result: ApplyResult, report?: RollbackReport): string[] {
  const of = report ? new Set(report.aliases.map((a) => a.alias)) : undefined;
  return (result.unsettled ?? [])
    .filter((u) => u.state !== 'taken' && (of === undefined || of.has(u.alias)))
    .map((u) => u.alias)
    .sort();
}

/** The aliases another writer took while the run had them between source and target, with their holders. */
export function aliasesTakenByOtherWriters(result: ApplyResult): { readonly alias: string; readonly holder: AliasHolder }[] {
  return (result.unsettled ?? []).flatMap((u) => (u.state === 'taken' && u.holder ? [{ alias: u.alias, holder: u.holder }] : []));
}

/**
 * The managed aliases this run wrote to: added, removed or moved by a completed `update-aliases` /
 * `move-alias` step (forward or rollback), or whose own DNS record a completed `change-dns`
 * changed. Skipped steps (already in effect) and, on resume, steps done before it do not count.
 * Waits and verifies change nothing.
 */
export function aliasesChangedByRun(plan: Plan, result: ApplyResult): string[] {
  const managed = new Set(plan.changes.map((c) => c.alias));
  const byId = new Map<string, PlanStep>([...plan.steps, ...(plan.rollbacks ?? []).flatMap((r) => r.steps)].map((s) => [s.id, s]));
  const changed = new Set<string>();
  for (const id of result.completed) {
    const step = byId.get(id);
    if (step === undefined) continue;
    switch (step.kind) {
      case 'update-aliases':
        // Managed aliases only: the wildcard route's temporary `*.<parent>` is not one of them.
        for (const alias of [...step.remove, ...step.add]) if (managed.has(alias)) changed.add(alias);
        break;
      case 'move-alias':
        changed.add(step.alias);
        break;
      case 'change-dns':
        // Record names are absolute (`api.example.com.`); `_api.example.com.` TXT records only prepare a move.
        for (const change of step.changes) {
          const name = change.record.name.replace(/\.$/, '');
          if (managed.has(name)) changed.add(name);
        }
        break;
      case 'set-enabled':
      case 'wait-deployed':
      case 'wait-dns':
      case 'verify':
        break;
      default:
        return assertNever(step);
    }
  }
  return [...changed].sort();
}

/**
 * The aliases the plan changes that this run did not write to (`changed`: `aliasesChangedByRun`):
 * found as planned, or done before a resume. Sorted.
 */
export function aliasesNotChangedByRun(plan: Plan, changed: readonly string[]): string[] {
  const wrote = new Set(changed);
  return plan.changes
    .filter((c) => c.action !== 'noop' && !wrote.has(c.alias))
    .map((c) => c.alias)
    .sort();
}
