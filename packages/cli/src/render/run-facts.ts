/**
 * Facts about a finished run that its summaries (human and JSON) state: which aliases it left on
 * no distribution, whether `resume` continues it, and which aliases it wrote to. Derived from the
 * plan and the executor's result only; shared so both summaries say the same.
 */
import { assertNever, type ApplyResult, type ApplyStatus, type Plan, type PlanStep, type RollbackReport } from '@cfalias/core';

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

/** `cfalias resume --journal <journal>` (bare `cfalias resume` when the journal is not known). */
export function resumeCommand(journal: string | undefined): string {
  return journal !== undefined ? `cfalias resume --journal ${journal}` : 'cfalias resume';
}

/**
 * The aliases of a rollback report that are on no distribution of the account when the run ended:
 * none when it is `done`; all of them when `stopped` (the failed add left them on neither side);
 * for `failed` and `incomplete`, those whose re-add to their source (the recipe's `update-aliases`
 * step adding them) is not done — in this run or, on resume, before it. Without the recipe in the
 * plan (it cannot be told), all of them. Sorted.
 */
export function aliasesLeftOnNoDistribution(plan: Pick<Plan, 'rollbacks'>, result: ApplyResult, report: RollbackReport): string[] {
  if (report.status === 'done') return [];
  const names = report.aliases.map((a) => a.alias);
  if (report.status === 'stopped') return [...names].sort();
  const done = new Set([...result.completed, ...result.skipped, ...(result.alreadyDone ?? [])]);
  const recipe = plan.rollbacks?.find((r) => r.trigger === report.trigger);
  const readded = new Set<string>();
  for (const step of recipe?.steps ?? []) {
    if (step.kind === 'update-aliases' && done.has(step.id)) for (const alias of step.add) readded.add(alias);
  }
  return names.filter((name) => !readded.has(name)).sort();
}

/** Every alias on no distribution after the run, over all its rollback reports. Sorted, unique. */
export function allAliasesLeftOnNoDistribution(plan: Pick<Plan, 'rollbacks'>, result: ApplyResult): string[] {
  const names = new Set((result.rollbacks ?? []).flatMap((report) => aliasesLeftOnNoDistribution(plan, result, report)));
  return [...names].sort();
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
        for (const alias of [...step.remove, ...step.add]) changed.add(alias);
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
