/**
 * The scheduler's last pass: walks the ordered drafts over copies of the alias sets and records,
 * so each step's precondition is the state just before it and its postcondition the state after.
 * Also assigns phases: a mutation is in phase 1 + the most deployment waits before it, a
 * wait-deployed in the phase of what it waits for, DNS steps and verifies in the phase of the last
 * deployment wait before them (at least 1).
 */
import type { Distribution, DnsRecord } from '../inventory/inventory.js';
import type { InventoryIndex } from '../inventory/inventory-index.js';
import type { DnsRecordState, PlanStep, UpdateAliasesStep } from './plan.js';
import type { Draft } from './schedule-drafts.js';
import { sortedAliases } from './schedule-groups.js';

export interface AliasCount {
  /** Most aliases the distribution holds at any point of the plan. */
  readonly peak: number;
  /** Aliases it holds at the end. */
  readonly final: number;
}

/** The simulated world at one point of the plan. */
export interface SimulationView {
  /** Sorted alias set of a distribution. */
  aliasesOf(distribution: string): string[];
  record(zoneId: string, name: string, type: string): DnsRecord | null;
}

/** Called just before each `update-aliases` step takes effect, with the simulated state at that point. */
export type BeforeUpdate = (step: UpdateAliasesStep, view: SimulationView) => void;

export function simulate(
  ordered: readonly Draft[],
  index: InventoryIndex,
  beforeUpdate: BeforeUpdate | undefined,
): { steps: PlanStep[]; aliasCounts: Map<string, AliasCount> } {
  const world = new SimulatedPlanWorld(index);
  const waitsBefore = new Map<string, number>();
  const waitsThrough = (id: string): number => waitsBefore.get(id)! + (id.startsWith('wait-deployed:') ? 1 : 0);
  const steps: PlanStep[] = [];
  ordered.forEach((draft) => {
    let before = 0;
    for (const dep of draft.dependsOn) before = Math.max(before, waitsThrough(dep));
    waitsBefore.set(draft.id, before);
    steps.push(world.step(draft, before, beforeUpdate));
  });
  return { steps, aliasCounts: world.aliasCounts() };
}

function recordKey(name: string, type: string): string {
  return `${name} ${type}`;
}

/** The alias sets and records as the steps so far leave them, read from the inventory until touched. */
class SimulatedPlanWorld {
  private readonly aliasSets = new Map<string, Set<string>>();
  private readonly peaks = new Map<string, number>();
  /** Enabled flags the steps so far changed (the rest are as read). */
  private readonly enabled = new Map<string, boolean>();
  private readonly touchedRecords = new Map<string, Map<string, DnsRecord | null>>();
  private readonly view: SimulationView = {
    aliasesOf: (id) => sortedAliases(this.setOf(id)),
    record: (zoneId, name, type) => this.recordState(zoneId, name, type),
  };

  constructor(private readonly index: InventoryIndex) {}

  /** The draft as a step, its conditions from the state now; the state then moves past it. */
  step(draft: Draft, before: number, beforeUpdate: BeforeUpdate | undefined): PlanStep {
    switch (draft.kind) {
      case 'update-aliases':
        return this.updateAliases(draft, before, beforeUpdate);
      case 'move-alias':
        return this.moveAlias(draft, before);
      case 'set-enabled':
        return this.setEnabled(draft, before);
      case 'wait-deployed':
        return { id: draft.id, kind: 'wait-deployed', phase: before + 1, dependsOn: draft.dependsOn, distribution: draft.distribution };
      case 'change-dns':
        return this.changeDns(draft, before);
      case 'wait-dns':
        return {
          id: draft.id,
          kind: 'wait-dns',
          phase: Math.max(1, before),
          dependsOn: draft.dependsOn,
          zoneId: draft.zoneId,
          changeStep: draft.changeStep,
        };
      case 'verify':
        // Verifies depend on the distribution's last wait, so every mutation of it is simulated already.
        return {
          id: draft.id,
          kind: 'verify',
          phase: Math.max(1, before),
          dependsOn: draft.dependsOn,
          distribution: draft.distribution,
          aliases: sortedAliases(this.setOf(draft.distribution)),
          dns: draft.dns,
        };
      default: {
        const never: never = draft;
        throw new Error(`unknown step ${JSON.stringify(never)}`);
      }
    }
  }

  aliasCounts(): Map<string, AliasCount> {
    const counts = new Map<string, AliasCount>();
    for (const [id, set] of this.aliasSets) counts.set(id, { peak: this.peaks.get(id)!, final: set.size });
    return counts;
  }

  private updateAliases(
    draft: Extract<Draft, { kind: 'update-aliases' }>,
    before: number,
    beforeUpdate: BeforeUpdate | undefined,
  ): UpdateAliasesStep {
    const set = this.setOf(draft.distribution.id);
    const precondition = {
      aliases: sortedAliases(set),
      enabled: this.enabledOf(draft.distribution),
      certificateArn: draft.distribution.certificateArn,
    };
    const after = new Set(set);
    for (const a of draft.remove) after.delete(a);
    for (const a of draft.add) after.add(a);
    const step: UpdateAliasesStep = {
      id: draft.id,
      kind: 'update-aliases',
      phase: before + 1,
      dependsOn: draft.dependsOn,
      distribution: draft.distribution.id,
      remove: draft.remove,
      add: draft.add,
      precondition,
      postcondition: { aliases: sortedAliases(after) },
    };
    beforeUpdate?.(step, this.view);
    this.aliasSets.set(draft.distribution.id, after);
    this.peaks.set(draft.distribution.id, Math.max(this.peaks.get(draft.distribution.id)!, after.size));
    return step;
  }

  private moveAlias(draft: Extract<Draft, { kind: 'move-alias' }>, before: number): PlanStep {
    const { id, dependsOn, alias, from, to, api, txtFallback } = draft;
    this.setOf(from).delete(alias);
    const arrived = this.setOf(to);
    arrived.add(alias);
    this.peaks.set(to, Math.max(this.peaks.get(to)!, arrived.size));
    const phase = before + 1;
    // Each shape written out: V8 builds a literal with a conditional spread several times slower, once per move.
    return txtFallback
      ? {
          id,
          kind: 'move-alias',
          phase,
          dependsOn,
          alias,
          from,
          to,
          api,
          txtFallback,
          precondition: { aliasOn: from },
          postcondition: { aliasOn: to },
        }
      : { id, kind: 'move-alias', phase, dependsOn, alias, from, to, api, precondition: { aliasOn: from }, postcondition: { aliasOn: to } };
  }

  private setEnabled(draft: Extract<Draft, { kind: 'set-enabled' }>, before: number): PlanStep {
    const d = draft.distribution;
    const precondition = { aliases: sortedAliases(this.setOf(d.id)), enabled: this.enabledOf(d), certificateArn: d.certificateArn };
    this.enabled.set(d.id, draft.enabled);
    return {
      id: draft.id,
      kind: 'set-enabled',
      phase: before + 1,
      dependsOn: draft.dependsOn,
      distribution: d.id,
      enabled: draft.enabled,
      precondition,
      postcondition: { enabled: draft.enabled },
    };
  }

  private enabledOf(d: Distribution): boolean {
    return this.enabled.get(d.id) ?? d.enabled;
  }

  private changeDns(draft: Extract<Draft, { kind: 'change-dns' }>, before: number): PlanStep {
    const pre: DnsRecordState[] = draft.changes.map((c) => ({
      name: c.record.name,
      type: c.record.type,
      record: this.recordState(draft.zone.id, c.record.name, c.record.type),
    }));
    for (const c of draft.changes) this.setRecord(draft.zone.id, c.record);
    const post: DnsRecordState[] = draft.changes.map((c) => ({ name: c.record.name, type: c.record.type, record: c.record }));
    return {
      id: draft.id,
      kind: 'change-dns',
      phase: Math.max(1, before),
      dependsOn: draft.dependsOn,
      zoneId: draft.zone.id,
      zoneName: draft.zone.name,
      changes: draft.changes,
      precondition: { records: pre },
      postcondition: { records: post },
    };
  }

  private setOf(id: string): Set<string> {
    let set = this.aliasSets.get(id);
    if (!set) {
      set = new Set(this.index.distributions.get(id)?.aliases ?? []);
      this.aliasSets.set(id, set);
      this.peaks.set(id, set.size);
    }
    return set;
  }

  private recordState(zoneId: string, name: string, type: string): DnsRecord | null {
    const zone = this.touchedRecords.get(zoneId);
    const key = recordKey(name, type);
    if (zone?.has(key)) return zone.get(key) ?? null;
    return this.index.record(zoneId, name, type) ?? null;
  }

  private setRecord(zoneId: string, record: DnsRecord): void {
    let zone = this.touchedRecords.get(zoneId);
    if (!zone) {
      zone = new Map();
      this.touchedRecords.set(zoneId, zone);
    }
    zone.set(recordKey(record.name, record.type), record);
  }
}
