/**
 * Route checks: what the rest of a move needs, checked before the move's first irreversible write.
 *
 * A detach-attach alias leaves its source in one `update-aliases` step and reaches its target in a
 * later one, with DNS repointed in between. Each later step re-checks its own precondition, but by
 * then the alias is on no distribution: a target disabled, deleted or given another certificate
 * since the plan, or a DNS record repointed elsewhere, would be found only after the outage began.
 * So the removal step also checks, right before its write, the state those later steps expect:
 * every target it sends aliases to (exists, enabled flag and certificate as its add expects, not
 * already holding them) and every record set the route will change (as its `change-dns` expects).
 * If any does not hold, the removal is not made (StalePlanError, nothing written).
 *
 * The checks are derived from the plan's own steps (no new plan data): for each alias a removal
 * step removes, the forward `update-aliases` step that adds it elsewhere, and the forward
 * `change-dns` steps after the removal that change its records.
 */
import type { DnsRecordState, Plan, PlanStep } from '../plan/plan.js';
import { recordName } from './conditions.js';

export interface RouteTarget {
  readonly id: string;
  readonly enabled: boolean;
  readonly certificateArn: string | null;
  /** Aliases the removal sends there (none of them may be there already). */
  readonly aliases: readonly string[];
}

export interface RouteCheck {
  readonly targets: readonly RouteTarget[];
  /** By zone: the record states the later DNS steps expect. */
  readonly records: ReadonlyMap<string, readonly DnsRecordState[]>;
}

/** Route checks by removal step id (forward `update-aliases` steps that remove an alias added elsewhere later). */
export function routeChecksOf(plan: Pick<Plan, 'steps'>): Map<string, RouteCheck> {
  const steps = plan.steps;
  const addedBy = new Map<string, PlanStep & { kind: 'update-aliases' }>();
  for (const step of steps) if (step.kind === 'update-aliases') for (const alias of step.add) addedBy.set(alias, step);
  const dependents = new Map<string, string[]>();
  for (const step of steps) for (const dep of step.dependsOn) dependents.set(dep, [...(dependents.get(dep) ?? []), step.id]);
  const byId = new Map(steps.map((s) => [s.id, s] as const));

  const checks = new Map<string, RouteCheck>();
  for (const step of steps) {
    if (step.kind !== 'update-aliases' || (step.precondition.mode ?? 'exact') !== 'exact') continue;
    const moving = step.remove.filter((alias) => {
      const add = addedBy.get(alias);
      return add !== undefined && add.distribution !== step.distribution;
    });
    if (moving.length === 0) continue;
    const targets = new Map<string, RouteTarget>();
    for (const alias of moving) {
      const add = addedBy.get(alias)!;
      const known = targets.get(add.distribution);
      targets.set(add.distribution, {
        id: add.distribution,
        enabled: add.precondition.enabled,
        certificateArn: add.precondition.certificateArn,
        aliases: [...(known?.aliases ?? []), alias],
      });
    }
    checks.set(step.id, { targets: [...targets.values()], records: laterRecordStates(step.id, moving, byId, dependents) });
  }
  return checks;
}

/** The first state each changed record set of `aliases` is expected in, by the change-dns steps after `from`. */
function laterRecordStates(
  from: string,
  aliases: readonly string[],
  byId: ReadonlyMap<string, PlanStep>,
  dependents: ReadonlyMap<string, readonly string[]>,
): Map<string, DnsRecordState[]> {
  const names = new Set(aliases.map((a) => recordName(a)));
  const byZone = new Map<string, DnsRecordState[]>();
  const seen = new Set<string>();
  const queue = [...(dependents.get(from) ?? [])];
  const claimed = new Set<string>();
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(dependents.get(id) ?? []));
    const step = byId.get(id);
    if (step?.kind !== 'change-dns') continue;
    for (const state of step.precondition.records) {
      const key = `${step.zoneId} ${recordName(state.name)} ${state.type.toUpperCase()}`;
      if (!names.has(recordName(state.name)) || claimed.has(key)) continue;
      claimed.add(key);
      byZone.set(step.zoneId, [...(byZone.get(step.zoneId) ?? []), state]);
    }
  }
  return byZone;
}
