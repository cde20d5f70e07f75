/**
 * Aliases a run left between their source and their target: a detach-attach took them off their
 * source, and neither the add to the target nor the rollback's re-add to the source happened. At
 * the end of a run they are read again, because "not re-added" is not "on no distribution": another
 * writer may have taken the alias in between (a race), and then neither `resume` nor a rollback can
 * bring it back — only that writer can release it.
 */
import type { AliasHolder, Plan, RollbackAlias } from '../plan/plan.js';
import type { CutoverProvider } from '../ports.js';
import { readAliasHolders } from './alias-holders.js';
import { readWithRetries, type ReadRetry } from './retry.js';
import type { RollbackReport } from './events.js';

export interface UnsettledAlias extends RollbackAlias {
  /**
   * Where it is now: `on-no-distribution` (resume, after the cause is fixed, or a re-plan puts it
   * on a distribution), `taken` (another writer holds it: `holder`), or `unknown` (it could not be
   * read again: the run was aborted, or the read failed; most likely on no distribution).
   */
  readonly state: 'on-no-distribution' | 'taken' | 'unknown';
  readonly holder?: AliasHolder;
}

/**
 * The aliases of rollback reports not re-added to their source, from the plan and the steps done:
 * none for a `done` report; all of them when `stopped` (the failed add left them on neither side);
 * for `failed` and `incomplete`, those whose re-add (the recipe's `update-aliases` step adding them)
 * is not done. Sorted by alias.
 */
export function aliasesNotReAdded(
  plan: Pick<Plan, 'rollbacks'>,
  reports: readonly RollbackReport[],
  done: ReadonlySet<string>,
): RollbackAlias[] {
  const out: RollbackAlias[] = [];
  for (const report of reports) {
    if (report.status === 'done') continue;
    const readded = new Set<string>();
    if (report.status !== 'stopped') {
      const recipe = plan.rollbacks?.find((r) => r.trigger === report.trigger);
      for (const step of recipe?.steps ?? [])
        if (step.kind === 'update-aliases' && done.has(step.id)) for (const alias of step.add) readded.add(alias);
    }
    out.push(...report.aliases.filter((a) => !readded.has(a.alias)));
  }
  return out.sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
}

/**
 * Reads the candidates' holders again and classifies them; an alias found on its own source or
 * target is settled after all (a partial re-add, a lost answer that landed) and left out. Without
 * `provider` (no read possible) every candidate is `unknown`.
 */
export async function classifyUnsettled(
  candidates: readonly RollbackAlias[],
  provider: CutoverProvider | undefined,
  retry: ReadRetry,
): Promise<UnsettledAlias[]> {
  if (candidates.length === 0) return [];
  if (!provider) return candidates.map((c) => ({ ...c, state: 'unknown' }));
  const asker = candidates[0]!.source;
  const aliases = candidates.map((c) => c.alias);
  const holders = await readWithRetries(() => readAliasHolders(provider, aliases, asker, {}), retry).catch(() => undefined);
  if (holders === undefined) return candidates.map((c) => ({ ...c, state: 'unknown' }));
  const out: UnsettledAlias[] = [];
  for (const candidate of candidates) {
    const holder = holders.get(candidate.alias);
    if (holder === undefined) out.push({ ...candidate, state: 'on-no-distribution' });
    else if (holder.distribution !== candidate.source && holder.distribution !== candidate.target)
      out.push({ ...candidate, state: 'taken', holder });
  }
  return out;
}
