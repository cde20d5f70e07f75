/**
 * The plan's alias changes grouped by distribution, for review: each change sits under the
 * distribution it ends on (attach, move), a detach under the distribution it leaves. Shared by the
 * human and Markdown renderers so both group the same way.
 */
import type { Change, Plan, PlanDistribution } from '@cfalias/core';

export interface DistributionGroup {
  readonly distribution: PlanDistribution;
  /** Sorted by alias. */
  readonly changes: readonly Change[];
  readonly counts: { readonly attach: number; readonly move: number; readonly detach: number };
}

export function groupChangesByDistribution(plan: Pick<Plan, 'changes' | 'distributions'>): DistributionGroup[] {
  const byId = new Map<string, Change[]>();
  for (const change of plan.changes) {
    if (change.action === 'noop') continue;
    const home = change.action === 'detach' ? change.from : change.to;
    if (home === null) continue;
    const list = byId.get(home) ?? [];
    list.push(change);
    byId.set(home, list);
  }
  const known = new Map(plan.distributions.map((d) => [d.id, d] as const));
  // Plan order of distributions first, then any the plan does not describe (by id).
  const ids = [
    ...plan.distributions.map((d) => d.id).filter((id) => byId.has(id)),
    ...[...byId.keys()].filter((id) => !known.has(id)).sort(),
  ];
  return ids.map((id) => {
    const changes = [...byId.get(id)!].sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
    return {
      distribution: known.get(id) ?? { id, domainName: '' },
      changes,
      counts: {
        attach: changes.filter((c) => c.action === 'attach').length,
        move: changes.filter((c) => c.action === 'move').length,
        detach: changes.filter((c) => c.action === 'detach').length,
      },
    };
  });
}

/** `+1 ~2 -0` style tally, zero counts left out: `+1 ~2`. */
export function describeCounts(counts: DistributionGroup['counts']): string {
  return [
    counts.attach > 0 ? `+${counts.attach}` : '',
    counts.move > 0 ? `~${counts.move}` : '',
    counts.detach > 0 ? `-${counts.detach}` : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
}
