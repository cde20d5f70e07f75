/**
 * Rollback recipes (see `RollbackRecipe` in plan.ts and docs/lifecycle.md "Rollback"): for each
 * phase-2 `update-aliases` step that adds detach-attach aliases, the inverse steps that put those
 * aliases (and their DNS) back on their sources if that step fails. They are computed from the
 * simulated state just before the trigger runs, so the DNS preconditions are exact (only the
 * forward plan's own earlier steps touch those records) while the alias updates use the weaker
 * `absent-present` precondition (other branches of the plan may or may not have run).
 *
 * CloudFront refuses to add an alias whose DNS points at another distribution, so a re-add needs
 * the alias's records off every CloudFront domain but the source's. The recipe repoints them when
 * cfalias manages them (`dns: route53`); when it may not (`dns: none`, records already at the
 * target), a re-add could never succeed: such aliases are left out of the recipe and reported
 * (`rollback-unavailable`) with the records an operator would have to change.
 */
import { describeRecord, otherCloudFrontDomain, repointRecords } from '../inventory/dns-records.js';
import type { Diagnostic } from './diagnostics.js';
import type { AliasPlan } from './diff.js';
import { estimateSteps, type StepTiming } from './estimate.js';
import { toFqdn } from '../hostnames.js';
import type { HostedZone } from '../inventory/inventory.js';
import type { InventoryIndex } from '../inventory/inventory-index.js';
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
import { chunkRecords } from './schedule-layout.js';
import { returnable } from './disable-impact.js';
import type { SimulationView } from './schedule-simulation.js';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What can be undone if `trigger` fails. */
export interface RollbackDraft {
  /** Undefined when no alias of the trigger can go back (or none is a detach-attach move). */
  readonly recipe: RollbackRecipe | undefined;
  /** One warning (`rollback-unavailable`) per detach-attach alias the recipe cannot put back. */
  readonly unavailable: readonly Diagnostic[];
}

const NO_ROLLBACK: RollbackDraft = { recipe: undefined, unavailable: [] };

/**
 * The rollback of `trigger`: its recipe, or none when it adds no detach-attach alias (attaches have
 * nowhere to go back to) or none of them can go back. `byAlias` holds the diff, or at least its
 * detach-attach moves (only they are looked up); `view` is the simulated state just before the
 * trigger.
 */
export function rollbackRecipe(
  trigger: UpdateAliasesStep,
  byAlias: ReadonlyMap<string, AliasPlan>,
  view: SimulationView,
  index: InventoryIndex,
  timing: StepTiming,
): RollbackDraft {
  const moving = trigger.add
    .map((alias) => byAlias.get(alias))
    .filter((item): item is AliasPlan => item?.action === 'move' && returnable(item) && item.source !== null)
    .sort((a, b) => compare(a.alias, b.alias));
  if (moving.length === 0) return NO_ROLLBACK;
  const returning: AliasPlan[] = [];
  const unavailable: Diagnostic[] = [];
  for (const item of moving) {
    const blocking = unreturnableBecause(item);
    if (blocking === null) returning.push(item);
    else unavailable.push(rollbackUnavailable(item, trigger.distribution, blocking, index));
  }
  if (returning.length === 0) return { recipe: undefined, unavailable };

  const prefix = `rollback:${trigger.distribution}:`;
  const phase = trigger.phase;
  const aliases: RollbackAlias[] = returning.map((i) => ({ alias: i.alias, source: i.source!.id, target: trigger.distribution }));

  const dns = dnsBackSteps(returning, prefix, phase, view);
  const readd = reAddSteps(returning, prefix, phase, view, index, dns.waitOf);

  // Layered, each layer sorted by id: a topological order.
  const steps: PlanStep[] = [...dns.changes, ...dns.waits, ...readd.updates, ...readd.waits, ...readd.verifies];
  return { recipe: { trigger: trigger.id, aliases, steps, estimate: estimateSteps(steps, timing).estimate }, unavailable };
}

/**
 * DNS back to the source, for the aliases whose records name another CloudFront domain just
 * before the trigger: those the forward plan repointed (the `mid` stage: their records pointed at
 * a CloudFront domain), and managed records that pointed at the target before the plan.
 * CloudFront would refuse the re-add while DNS names the target. `waitOf`: per alias, the
 * wait-dns its re-add must follow.
 */
function dnsBackSteps(
  returning: readonly AliasPlan[],
  prefix: string,
  phase: number,
  view: SimulationView,
): { changes: ChangeDnsStep[]; waits: WaitDnsStep[]; waitOf: Map<string, string> } {
  interface Entry {
    readonly item: AliasPlan;
    readonly zone: HostedZone;
    readonly records: ReturnType<typeof repointRecords>;
  }
  const byZone = new Map<string, Entry[]>();
  for (const item of returning) {
    if (!item.zone || !needsDnsBack(item)) continue;
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
        precondition: {
          records: changes.map((c) => ({
            name: c.record.name,
            type: c.record.type,
            record: view.record(zoneId, c.record.name, c.record.type),
          })),
        },
        postcondition: { records: changes.map((c) => ({ name: c.record.name, type: c.record.type, record: c.record })) },
      });
      dnsWaits.push({ id: waitId, kind: 'wait-dns', dependsOn: [changeId], phase, zoneId, changeStep: changeId });
      for (const e of chunk) dnsWaitOf.set(e.item.alias, waitId);
    });
  }
  return { changes: dnsSteps, waits: dnsWaits, waitOf: dnsWaitOf };
}

/** Re-add to each source (one UpdateDistribution per source), after the aliases' DNS is back; wait; verify. */
function reAddSteps(
  returning: readonly AliasPlan[],
  prefix: string,
  phase: number,
  view: SimulationView,
  index: InventoryIndex,
  dnsWaitOf: ReadonlyMap<string, string>,
): { updates: UpdateAliasesStep[]; waits: WaitDeployedStep[]; verifies: VerifyStep[] } {
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
  return { updates, waits, verifies };
}

/**
 * Whether the recipe must repoint the alias's records to its source before the re-add: the
 * forward plan repointed them before the trigger (`mid`), or they already named another
 * CloudFront domain (the target) and the forward plan leaves them alone until after the trigger.
 * Only managed records (`dns: route53`) get here: see `unreturnableBecause`.
 */
function needsDnsBack(item: AliasPlan): boolean {
  if (!item.managedDns) return false;
  if (item.dns && item.dns.from !== null) return true;
  return otherCloudFrontDomain(item.records, item.source!.domainName) !== null;
}

/**
 * The CloudFront domain other than the source's that the alias's records name just before the
 * trigger, when cfalias may not change them; null when a re-add to the source can work. Unmanaged
 * records are never changed by the forward plan, so the inventory's are the ones at the trigger.
 */
function unreturnableBecause(item: AliasPlan): string | null {
  if (item.managedDns) return null;
  return otherCloudFrontDomain(item.records, item.source!.domainName);
}

function rollbackUnavailable(item: AliasPlan, target: string, pointsAt: string, index: InventoryIndex): Diagnostic {
  const source = item.source!;
  const zone = item.zone!;
  const named = index.distributions.get(target)?.domainName === pointsAt ? ` (${target})` : '';
  const records = repointRecords(item.alias, item.records, source.domainName).map(describeRecord).join(' and ');
  return {
    severity: 'warning',
    code: 'rollback-unavailable',
    alias: item.alias,
    distribution: source.id,
    message:
      `${item.alias}: no rollback if its add to ${target} fails: its DNS points at ${pointsAt}${named}, so CloudFront would refuse ` +
      `to put it back on ${source.id}, and cfalias may not change its records (dns: ${item.desired.dns}); it would stay on no ` +
      `distribution until the add succeeds`,
    remediation:
      `if the add fails: fix its cause and run \`cfalias resume\` to finish the move, or put ${item.alias} back by hand: ` +
      `in hosted zone ${zone.name} (${zone.id}) set ${records}, then add ${item.alias} to ${source.id}`,
    ...(item.desired.location && { location: item.desired.location }),
  };
}
