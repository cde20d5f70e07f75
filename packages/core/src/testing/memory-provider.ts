/**
 * A small in-memory CutoverProvider for core's executor tests of planned cross-account routes:
 * distributions and record sets in maps, every write Deployed and every change INSYNC at once, the
 * guards run on the state in memory. Not a model of CloudFront (the sandbox in
 * `@cfalias/providers` is): it refuses nothing on its own, except moves when told to.
 */
import { RequestRejectedError } from '../errors.js';
import type { DnsRecord, Inventory } from '../inventory/inventory.js';
import type { DnsRecordChange } from '../plan/plan.js';
import type { AliasEdit, CutoverProvider, LiveDistribution, ProviderCapabilities, UpdateDecision } from '../ports.js';

export class MemoryProvider implements CutoverProvider {
  readonly name = 'memory';
  readonly capabilities: ProviderCapabilities = {
    moveApis: ['update-domain-association', 'associate-alias'],
    dns: true,
    retriesTransientErrors: false,
  };
  /** The writes made, in order (`setEnabled E1 false apply`, `moveAlias a → E2`, `updateAliases E2 +… -…`, `changeRecords Z1`). */
  readonly calls: string[] = [];
  readonly distributions = new Map<string, LiveDistribution>();
  /** Zone id → record sets. */
  readonly zones = new Map<string, DnsRecord[]>();
  /** When set, every move is refused for good. */
  failMoves = false;

  constructor(inventory: Inventory) {
    for (const d of inventory.distributions) {
      const { id, domainName, enabled, aliases, certificateArn } = d;
      this.distributions.set(id, { id, domainName, enabled, status: 'Deployed', aliases, certificateArn });
    }
    for (const z of inventory.hostedZones) this.zones.set(z.id, [...z.records]);
  }

  async readDistribution(id: string): Promise<LiveDistribution> {
    return Promise.resolve(this.distributions.get(id)!);
  }
  async updateAliases(id: string, edit: AliasEdit, guard: (live: LiveDistribution) => UpdateDecision): Promise<UpdateDecision> {
    const live = this.distributions.get(id)!;
    const decision = guard(live);
    if (decision === 'apply') {
      const kept = live.aliases.filter((a) => !edit.remove.includes(a));
      this.distributions.set(id, { ...live, aliases: [...kept, ...edit.add.filter((a) => !kept.includes(a))] });
    }
    this.calls.push(`updateAliases ${id} +${edit.add.join(',')} -${edit.remove.join(',')} ${decision}`);
    return Promise.resolve(decision);
  }
  async setEnabled(id: string, enabled: boolean, guard: (live: LiveDistribution) => UpdateDecision): Promise<UpdateDecision> {
    const decision = guard(this.distributions.get(id)!);
    if (decision === 'apply') this.distributions.set(id, { ...this.distributions.get(id)!, enabled });
    this.calls.push(`setEnabled ${id} ${enabled} ${decision}`);
    return Promise.resolve(decision);
  }
  async moveAlias(targetId: string, alias: string): Promise<void> {
    this.calls.push(`moveAlias ${alias} → ${targetId}`);
    if (this.failMoves) throw new RequestRejectedError('UpdateDomainAssociation', 'IllegalUpdate', 'refused');
    for (const [id, d] of this.distributions) this.distributions.set(id, { ...d, aliases: d.aliases.filter((a) => a !== alias) });
    const target = this.distributions.get(targetId)!;
    this.distributions.set(targetId, { ...target, aliases: [...target.aliases, alias] });
    return Promise.resolve();
  }
  /** Every write is Deployed at once: nothing to wait for. */
  async waitDeployed(): Promise<void> {
    return Promise.resolve();
  }
  async readRecords(zoneId: string, names: readonly string[]): Promise<DnsRecord[]> {
    const wanted = new Set(names.map((n) => n.toLowerCase()));
    return Promise.resolve((this.zones.get(zoneId) ?? []).filter((r) => wanted.has(r.name.toLowerCase())));
  }
  async changeRecords(zoneId: string, changes: readonly DnsRecordChange[]): Promise<{ changeId: string }> {
    let records = this.zones.get(zoneId) ?? [];
    for (const { action, record } of changes) {
      records = records.filter((r) => !(r.name === record.name && r.type === record.type));
      if (action === 'UPSERT') records.push(record);
    }
    this.zones.set(zoneId, records);
    this.calls.push(`changeRecords ${zoneId}`);
    return Promise.resolve({ changeId: `C${this.calls.length}` });
  }
  /** Every change is INSYNC at once. */
  async waitRecordsSynced(): Promise<void> {
    return Promise.resolve();
  }
  readInventory(): never {
    throw new Error('MemoryProvider reads no inventory: apply plans whose basis is empty');
  }
}
