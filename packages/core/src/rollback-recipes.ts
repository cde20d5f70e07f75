/**
 * Rollback recipes (see `RollbackRecipe` in plan.ts and docs/lifecycle.md "Rollback"): for each
 * phase-2 `update-aliases` step that adds detach-attach aliases, the inverse steps that put those
 * aliases (and their DNS) back on their sources if that step fails. They are computed from the
 * simulated state just before the trigger runs, so the DNS preconditions are exact (only the
 * forward plan's own earlier steps touch those records) while the alias updates use the weaker
 * `absent-present` precondition (other branches of the plan may or may not have run).
 */
import { repointRecords } from './dns-records.js';
import type { AliasPlan } from './diff.js';
import { estimateSteps, type StepTiming } from './estimate.js';
import { toFqdn } from './hostnames.js';
import type { HostedZone } from './inventory.js';
import type { InventoryIndex } from './inventory-index.js';
import type {
  ChangeDnsStep,
  DnsRecordChange,
  PlanStep,
  RollbackAlias,
  RollbackRecipe,
  UpdateAliasesStep,
  VerifyStep,
  WaitDeployedStep,
  WaitDnsStep,
} from './plan.js';
import { chunkRecords, type SimulationView } from './schedule.js';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The recipe for `trigger`, or undefined when it adds no detach-attach alias (attaches have nowhere
 * to go back to). `byAlias` holds the diff, or at least its detach-attach moves (only they are
 * looked up); `view` is the simulated state just before the trigger.
 */
export function rollbackRecipe(
  trigger: UpdateAliasesStep,
  byAlias: ReadonlyMap<string, AliasPlan>,
  view: SimulationView,
  index: InventoryIndex,
  timing: StepTiming,
): RollbackRecipe | undefined {
  const returning = trigger.add
    .map((alias) => byAlias.get(alias))
    .filter((item): item is AliasPlan => item !== undefined && item.action === 'move' && item.strategy === 'detach-attach' && item.source !== null)
    .sort((a, b) => compare(a.alias, b.alias));
  if (returning.length === 0) return undefined;

  const prefix = `rollback:${trigger.distribution}:`;
  const phase = trigger.phase;
  const aliases: RollbackAlias[] = returning.map((i) => ({ alias: i.alias, source: i.source!.id, target: trigger.distribution }));

  // 1. DNS back to the source, for the aliases the forward plan repointed before the trigger (the
  //    `mid` stage: their records pointed at a CloudFront domain). CloudFront would refuse the
  //    re-add while DNS names the target.
  interface Entry {
    readonly item: AliasPlan;
    readonly zone: HostedZone;
    readonly records: ReturnType<typeof repointRecords>;
  }
  const byZone = new Map<string, Entry[]>();
  for (const item of returning) {
    if (!item.dns || item.dns.from === null || !item.zone) continue;
    const entry = { item, zone: item.zone, records: repointRecords(item.alias, item.records, item.source!.domainName) };
    const list = byZone.get(item.zone.id);
    if (list) list.push(entry);
    else byZone.set(item.zone.id, [entry]);
  }
  const dnsSteps: ChangeDnsStep[] = [];
  const dnsWaits: WaitDnsStep[] = [];
  const dnsWaitOf = new Map<string, string>();
  for (const zoneId of [...byZone.keys()].sort(compare)) {
    const chunks = chunkRecords(byZone.get(zoneId)!);
    chunks.forEach((chunk, i) => {
      const suffix = chunks.length > 1 ? `:${i + 1}` : '';
      const changeId = `${prefix}change-dns:${zoneId}${suffix}`;
      const waitId = `${prefix}wait-dns:${zoneId}${suffix}`;
      const zone = chunk[0]!.zone;
      const changes = chunk.flatMap((e) => e.records.map((record): DnsRecordChange => ({ action: 'UPSERT', record })));
      dnsSteps.push({
        id: changeId,
        kind: 'change-dns',
        dependsOn: [],
        phase,
        zoneId,
        zoneName: zone.name,
        changes,
        precondition: { records: changes.map((c) => ({ name: c.record.name, type: c.record.type, record: view.record(zoneId, c.record.name, c.record.type) })) },
        postcondition: { records: changes.map((c) => ({ name: c.record.name, type: c.record.type, record: c.record })) },
      });
      dnsWaits.push({ id: waitId, kind: 'wait-dns', dependsOn: [changeId], phase, zoneId, changeStep: changeId });
      for (const e of chunk) dnsWaitOf.set(e.item.alias, waitId);
    });
  }

  // 2. Re-add to each source (one UpdateDistribution per source), wait, verify.
  const bySource = new Map<string, AliasPlan[]>();
  for (const item of returning) {
    const list = bySource.get(item.source!.id);
    if (list) list.push(item);
    else bySource.set(item.source!.id, [item]);
  }
  const updates: UpdateAliasesStep[] = [];
  const waits: WaitDeployedStep[] = [];
  const verifies: VerifyStep[] = [];
  for (const sourceId of [...bySource.keys()].sort(compare)) {
    const group = bySource.get(sourceId)!;
    const source = index.distributions.get(sourceId)!;
    const add = group.map((i) => i.alias);
    const expected = view.aliasesOf(sourceId);
    const after = [...new Set([...expected, ...add])].sort(compare);
    const updateId = `${prefix}update-aliases:${sourceId}`;
    const waitId = `${prefix}wait-deployed:${sourceId}`;
    const deps = [...new Set(group.map((i) => dnsWaitOf.get(i.alias)).filter((w): w is string => w !== undefined))].sort(compare);
    updates.push({
      id: updateId,
      kind: 'update-aliases',
      dependsOn: deps,
      phase,
      distribution: sourceId,
      remove: [],
      add,
      precondition: { aliases: expected, enabled: source.enabled, certificateArn: source.certificateArn, mode: 'absent-present' },
      postcondition: { aliases: after },
    });
    waits.push({ id: waitId, kind: 'wait-deployed', dependsOn: [updateId], phase, distribution: sourceId });
    verifies.push({
      id: `${prefix}verify:${sourceId}`,
      kind: 'verify',
      dependsOn: [waitId],
      phase,
      distribution: sourceId,
      aliases: add,
      mode: 'includes',
      dns: group
        .filter((i) => dnsWaitOf.has(i.alias))
        .map((i) => ({ zoneId: i.zone!.id, name: toFqdn(i.alias), pointsAt: source.domainName })),
    });
  }

  // Layered, each layer sorted by id: a topological order.
  const steps: PlanStep[] = [...dnsSteps, ...dnsWaits, ...updates, ...waits, ...verifies];
  return { trigger: trigger.id, aliases, steps, estimate: estimateSteps(steps, timing).estimate };
}
