/**
 * The live state a run's steps read, shared between them, so an apply reads in proportion to the
 * distributions and zones it touches, not to its aliases: one read of a distribution serves every
 * step that checks it, one batched read of a zone's names serves every DNS step of that zone.
 *
 * Contract: a cached read is only ever used to let a step go ahead as planned. Any other verdict
 * (a precondition that does not hold, a postcondition already holding) is confirmed with a fresh
 * read first (`fresh*`), so a step is never refused, nor skipped, on stale data. The run's own
 * writes update the cache (`note*`) instead of invalidating it: after a write of ours the cache says
 * what that write did, which is what the next step expects to find. A write whose outcome is unknown
 * (an error) drops what it touched (`forget*`), so the next read is fresh.
 *
 * Reads serve one stage: a completed wait (a deployment, a DNS change) ends what was read before
 * that wait began (`beginWait`, `endWait`), which is read again when next needed — minutes may
 * have passed, and other writers may have been at work. What was read while the wait was under way
 * stays: it is no older than the wait. So the waits of one phase, which start together and end one
 * after the other, make one new stage, not one each, and a run reads each distribution and zone it
 * touches about once per stage. The cache starts from the inventory the whole-plan check read
 * (`seed`), when there was one.
 *
 * A zone is read for a whole stage at once: the first cached read of a zone in a stage reads every
 * name the plan's steps check in that zone (`zoneNames`), in one batched `readRecords` (a provider
 * reads a batch of names as one listing in Route 53's name order), and the other steps of the stage
 * find theirs in the cache.
 */
import { ThrottlingError } from '../errors.js';
import { normalizeHostname } from '../hostnames.js';
import type { DnsRecord, Inventory } from '../inventory/inventory.js';
import type { DnsRecordChange, PlanStep } from '../plan/plan.js';
import type { AliasEdit, CallOptions, CutoverProvider, LiveDistribution } from '../ports.js';
import { recordName } from './conditions.js';

interface ZoneCache {
  /** When it was read (`LiveView.tick`). */
  readonly stage: number;
  /** Seeded from a full listing: a name not in `names` has no records. */
  readonly complete: boolean;
  /** Record name (FQDN, lowercase) → its record sets (empty: read, none). */
  readonly names: Map<string, DnsRecord[]>;
}

export class LiveView {
  private readonly distributions = new Map<string, { readonly stage: number; readonly live: LiveDistribution }>();
  private readonly loading = new Map<string, Promise<LiveDistribution>>();
  private readonly zones = new Map<string, ZoneCache>();
  private readonly zoneLoading = new Map<string, Promise<void>>();
  /** Counts the waits begun: a read is stamped with it. */
  private tick = 0;
  /** Reads stamped before this are stale (a wait that began after them has ended). */
  private validFrom = 0;

  constructor(
    private readonly provider: CutoverProvider,
    private readonly call: CallOptions,
    /** By zone id: every record name (FQDN) the plan's steps check there, read together (`planRecordNames`). */
    private readonly zoneNames: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {}

  private fresh(stage: number | undefined): boolean {
    return stage !== undefined && stage >= this.validFrom;
  }

  /** Starts the cache from an inventory read just now (the account's distributions and its zones, whole). */
  seed(inventory: Inventory): void {
    for (const d of inventory.distributions) {
      if (d.accountId !== inventory.account) continue;
      const { id, domainName, enabled, status, aliases, certificateArn } = d;
      this.distributions.set(id, { stage: this.tick, live: { id, domainName, enabled, status, aliases, certificateArn } });
    }
    for (const zone of inventory.hostedZones) {
      const names = new Map<string, DnsRecord[]>();
      for (const record of zone.records) {
        const name = recordName(record.name);
        const list = names.get(name);
        if (list) list.push(record);
        else names.set(name, [record]);
      }
      this.zones.set(zone.id, { stage: this.tick, complete: true, names });
    }
  }

  /** A wait begins; pass what this returns to `endWait` when it has ended. */
  beginWait(): number {
    return ++this.tick;
  }

  /** A wait ended: what was read before it began is read again when next needed. */
  endWait(began: number): void {
    this.validFrom = Math.max(this.validFrom, began);
  }

  /** The distribution as last read or written by this run (read once when not known yet). */
  distribution(id: string): Promise<LiveDistribution> {
    const known = this.distributions.get(id);
    if (this.fresh(known?.stage)) return Promise.resolve(known!.live);
    return this.load(id);
  }

  /** Reads the distribution again, whatever the cache holds. */
  freshDistribution(id: string): Promise<LiveDistribution> {
    this.distributions.delete(id);
    return this.load(id);
  }

  /**
   * The record sets at `names` in the zone (any type). Names not known yet are read in one batch,
   * with every other name of the zone the plan checks and this stage has not read yet.
   */
  async records(zoneId: string, names: readonly string[]): Promise<DnsRecord[]> {
    const wanted = [...new Set(names.map((n) => recordName(n)))];
    // Steps of one stage ask together: wait for a read of the zone under way, then see what it left unknown.
    for (let pending = this.zoneLoading.get(zoneId); pending; pending = this.zoneLoading.get(zoneId)) await pending;
    let zone = this.zones.get(zoneId);
    if (zone && !this.fresh(zone.stage)) {
      this.zones.delete(zoneId);
      zone = undefined;
    }
    const unknown = (n: string): boolean => !zone?.complete && !zone?.names.has(n);
    if (wanted.some(unknown)) {
      const missing = [...new Set([...wanted, ...(this.zoneNames.get(zoneId) ?? []).map((n) => recordName(n))])].filter(unknown);
      const stage = this.tick;
      const read = this.provider.readRecords(zoneId, missing, this.call).then((live) => this.store(zoneId, missing, live, stage));
      this.zoneLoading.set(zoneId, read);
      try {
        await read;
      } finally {
        this.zoneLoading.delete(zoneId);
      }
    }
    const cache = this.zones.get(zoneId)!;
    return wanted.flatMap((n) => cache.names.get(n) ?? []);
  }

  /** Reads the record sets at `names` again, whatever the cache holds. */
  async freshRecords(zoneId: string, names: readonly string[]): Promise<DnsRecord[]> {
    const wanted = [...new Set(names.map((n) => recordName(n)))];
    const live = await this.provider.readRecords(zoneId, wanted, this.call);
    this.store(zoneId, wanted, live);
    return live;
  }

  /** A read of the distribution made outside the view (the read of a read-modify-write): the cache keeps it. */
  noteRead(live: LiveDistribution): void {
    this.distributions.set(live.id, { stage: this.tick, live });
  }

  /** Our write removed and added these aliases (the distribution is now InProgress). */
  noteAliasEdit(id: string, edit: AliasEdit): void {
    const known = this.distributions.get(id);
    if (!known || !this.fresh(known.stage)) return;
    const d = known.live;
    const removed = new Set(edit.remove.map((a) => normalizeHostname(a)));
    const kept = d.aliases.filter((a) => !removed.has(normalizeHostname(a)));
    const added = edit.add.filter((a) => !kept.some((k) => normalizeHostname(k) === normalizeHostname(a)));
    this.distributions.set(id, { stage: known.stage, live: { ...d, aliases: [...kept, ...added], status: 'InProgress' } });
  }

  /** Our move took `alias` from `from` to `to` (both are now InProgress). */
  noteMove(alias: string, from: string, to: string): void {
    this.noteAliasEdit(from, { remove: [alias], add: [] });
    this.noteAliasEdit(to, { remove: [], add: [alias] });
  }

  /** Our write set the distribution's enabled flag (it is now InProgress). */
  noteEnabled(id: string, enabled: boolean): void {
    const known = this.distributions.get(id);
    if (!known || !this.fresh(known.stage)) return;
    this.distributions.set(id, { stage: known.stage, live: { ...known.live, enabled, status: 'InProgress' } });
  }

  /** Our change batch was accepted: the zone now holds what it says. */
  noteRecordChanges(zoneId: string, changes: readonly DnsRecordChange[]): void {
    const zone = this.zones.get(zoneId);
    if (!zone || !this.fresh(zone.stage)) return;
    for (const { action, record } of changes) {
      const name = recordName(record.name);
      const type = record.type.toUpperCase();
      const others = (zone.names.get(name) ?? []).filter((r) => r.type.toUpperCase() !== type);
      zone.names.set(name, action === 'UPSERT' ? [...others, record] : others);
    }
  }

  /**
   * A write to it failed with `error` and may or may not have happened: read it again next time.
   * A Throttling answer is the exception: the request was turned away before it did anything.
   */
  forgetDistribution(id: string, error?: unknown): void {
    if (error instanceof ThrottlingError) return;
    this.distributions.delete(id);
  }

  forgetRecords(zoneId: string, names: readonly string[], error?: unknown): void {
    if (error instanceof ThrottlingError) return;
    const zone = this.zones.get(zoneId);
    if (!zone) return;
    if (zone.complete) {
      // A complete listing with holes is not complete any more: keep what is known, forget the rest.
      this.zones.set(zoneId, { stage: zone.stage, complete: false, names: new Map(zone.names) });
    }
    const cache = this.zones.get(zoneId)!;
    for (const name of names) cache.names.delete(recordName(name));
  }

  private load(id: string): Promise<LiveDistribution> {
    const pending = this.loading.get(id);
    if (pending) return pending;
    const stage = this.tick;
    const read = this.provider.readDistribution(id, this.call).then(
      (live) => {
        this.loading.delete(id);
        this.distributions.set(id, { stage, live });
        return live;
      },
      (error: unknown) => {
        this.loading.delete(id);
        throw error;
      },
    );
    this.loading.set(id, read);
    return read;
  }

  private store(zoneId: string, names: readonly string[], live: readonly DnsRecord[], stage = this.tick): void {
    let zone = this.zones.get(zoneId);
    if (!zone || !this.fresh(zone.stage)) {
      zone = { stage, complete: false, names: new Map() };
      this.zones.set(zoneId, zone);
    }
    for (const name of names) zone.names.set(name, []);
    for (const record of live) {
      const name = recordName(record.name);
      if (!zone.names.has(name)) continue;
      zone.names.get(name)!.push(record);
    }
  }
}

/** By zone id: every record name the plan's DNS steps and verifies check there (what `LiveView` reads per zone and stage). */
export function planRecordNames(steps: readonly PlanStep[]): Map<string, string[]> {
  const byZone = new Map<string, Set<string>>();
  const add = (zoneId: string, name: string): void => {
    const names = byZone.get(zoneId) ?? new Set<string>();
    names.add(recordName(name));
    byZone.set(zoneId, names);
  };
  for (const step of steps) {
    if (step.kind === 'change-dns') {
      for (const r of [...step.precondition.records, ...step.postcondition.records, ...step.changes.map((c) => c.record)])
        add(step.zoneId, r.name);
    } else if (step.kind === 'verify') {
      for (const entry of step.dns) add(entry.zoneId, entry.name);
    }
  }
  return new Map([...byZone].map(([zoneId, names]) => [zoneId, [...names]]));
}
