/**
 * The sandbox's Route 53: the hosted zones of every account, their records, the changes submitted
 * to them (PENDING for `dnsSyncSeconds`, then INSYNC), and the operations on them.
 */
import { toFqdn, type AliasTarget, type DnsRecord } from '@cfalias/core';
import type {
  ChangeBatchShape,
  ChangeInfoOutput,
  ListHostedZonesOutput,
  ListResourceRecordSetsOptions,
  ListResourceRecordSetsOutput,
  PageOptions,
  ResourceRecordSetShape,
  TestDnsAnswerOutput,
} from './aws-shapes.js';
import type { CallRunner } from './call-runner.js';
import { sandboxEdgeAddress } from './edge-address.js';
import { clampPageSize, paginate, ROUTE53_RECORD_PAGE_CAP, ROUTE53_ZONE_PAGE_CAP } from './paging.js';
import { applyChangeBatch, route53Error } from './route53-change-batch.js';
import { bareRoute53Id, decodeRecordName, encodeRecordName, compareRecordKeys, toResourceRecordSet } from './route53-records.js';
import type { AccountDocument, ChangeDocument, HostedZoneDocument, RecordDocument } from './world-document.js';
import { iso, SECOND, type WorldContext } from './world-context.js';

/** Hours after its submission that GetChange still knows a finished change (`retainedChanges`). */
const CHANGE_RETENTION_HOURS = 24;
/** Most finished changes GetChange still knows, the newest first (`retainedChanges`). */
const CHANGE_RETENTION_COUNT = 1000;

const HOUR = 3600 * SECOND;

interface ZoneState {
  readonly accountId: string;
  readonly id: string;
  readonly name: string;
  readonly privateZone: boolean | undefined;
  records: DnsRecord[];
  /** `records` in Route 53 order, kept while `records` is the same array (a change batch replaces it). */
  listing?: RecordListing;
}

interface RecordListing {
  readonly of: readonly DnsRecord[];
  readonly sorted: readonly DnsRecord[];
}

interface ChangeState {
  readonly id: string;
  readonly zoneId: string;
  readonly accountId: string;
  readonly submittedAt: number;
  syncAt: number;
}

export class Route53Model {
  /** Every account's zones, account by account in document order. */
  private readonly zones: ZoneState[];
  /** The zones by bare id: every ListResourceRecordSets page looks its zone up. */
  private readonly zonesById = new Map<string, ZoneState[]>();
  /** Accounts whose document listed `hostedZones` (written back even when empty). */
  private readonly listed: ReadonlySet<string>;
  private readonly changes = new Map<string, ChangeState>();
  private changeCounter = 0;

  /** `changes`: pending changes of the world file; one whose zone is unknown belongs to `caller`. */
  constructor(
    private readonly context: WorldContext,
    private readonly calls: CallRunner,
    accounts: readonly AccountDocument[],
    changes: readonly ChangeDocument[],
    caller: string,
  ) {
    this.zones = accounts.flatMap((a) =>
      (a.hostedZones ?? []).map((z) => ({
        accountId: a.id,
        id: bareRoute53Id(z.id),
        name: toFqdn(z.name.toLowerCase()),
        privateZone: z.privateZone,
        records: z.records.map((r) => normalizeRecord(r)),
      })),
    );
    for (const zone of this.zones) {
      const same = this.zonesById.get(zone.id);
      if (same === undefined) this.zonesById.set(zone.id, [zone]);
      else same.push(zone);
    }
    this.listed = new Set(accounts.filter((a) => a.hostedZones !== undefined).map((a) => a.id));
    for (const change of changes) {
      this.changes.set(change.id, {
        id: change.id,
        zoneId: bareRoute53Id(change.zoneId),
        accountId: this.findZone(change.zoneId)?.accountId ?? caller,
        submittedAt: Date.parse(change.submittedAt),
        syncAt: Date.parse(change.syncAt),
      });
      this.changeCounter = Math.max(this.changeCounter, changeNumber(change.id));
    }
  }

  listHostedZones(caller: string, options: PageOptions = {}): ListHostedZonesOutput {
    return this.calls.run('ListHostedZones', caller, null, () => {
      const all = this.zones.filter((z) => z.accountId === caller);
      const marker = options.marker !== undefined ? bareRoute53Id(options.marker) : undefined;
      const page = paginate(all, (z) => z.id, marker, clampPageSize(options.maxItems, ROUTE53_ZONE_PAGE_CAP), 'ListHostedZones');
      return {
        HostedZones: page.items.map((z) => ({
          Id: `/hostedzone/${z.id}`,
          Name: encodeRecordName(z.name),
          CallerReference: `cfalias-sandbox-${z.id}`,
          Config: { PrivateZone: z.privateZone ?? false },
          ResourceRecordSetCount: z.records.length,
        })),
        ...(options.marker !== undefined ? { Marker: options.marker } : {}),
        IsTruncated: page.next !== undefined,
        ...(page.next !== undefined ? { NextMarker: page.next.id } : {}),
        MaxItems: page.size,
      };
    });
  }

  /**
   * Record sets in Route 53 order (name with labels reversed, then type), starting at
   * (startName, startType); `*` comes back as `\052`. InvalidInput for a startType without a
   * startName; NoSuchHostedZone (404) for a zone outside the caller's account.
   */
  listResourceRecordSets(caller: string, zoneId: string, options: ListResourceRecordSetsOptions = {}): ListResourceRecordSetsOutput {
    const operation = 'ListResourceRecordSets';
    return this.calls.run(operation, caller, bareRoute53Id(zoneId), () => {
      const zone = this.ownZone(caller, zoneId, operation);
      if (options.startType !== undefined && options.startName === undefined) {
        throw route53Error(operation, 'InvalidInput', 'The input is not valid: a StartRecordType needs a StartRecordName.');
      }
      const sorted = listingOf(zone);
      const start =
        options.startName !== undefined
          ? firstListedAtOrAfter(sorted, decodeRecordName(options.startName), options.startType?.toUpperCase() ?? '')
          : 0;
      const size = clampPageSize(options.maxItems, ROUTE53_RECORD_PAGE_CAP);
      const end = Math.min(start + size, sorted.length);
      const items: ResourceRecordSetShape[] = [];
      for (let i = start; i < end; i++) items.push(toResourceRecordSet(sorted[i]!));
      const next = sorted[start + size];
      return {
        ResourceRecordSets: items,
        IsTruncated: next !== undefined,
        ...(next !== undefined ? { NextRecordName: encodeRecordName(next.name), NextRecordType: next.type } : {}),
        MaxItems: size,
      };
    });
  }

  /** One atomic change batch (route53-change-batch.ts says the rules). Returns the change, PENDING. */
  changeResourceRecordSets(caller: string, zoneId: string, batch: ChangeBatchShape): ChangeInfoOutput {
    const operation = 'ChangeResourceRecordSets';
    return this.calls.run(operation, caller, bareRoute53Id(zoneId), () => {
      const zone = this.ownZone(caller, zoneId, operation);
      zone.records = applyChangeBatch(operation, zone.name, zone.records, batch);
      const now = this.context.clock.now();
      this.changeCounter += 1;
      const change: ChangeState = {
        id: `C${String(this.changeCounter).padStart(13, '0')}`,
        zoneId: zone.id,
        accountId: zone.accountId,
        submittedAt: now,
        syncAt: now + this.context.settings.dnsSyncSeconds * SECOND,
      };
      this.changes.set(change.id, change);
      this.forgetChanges(now);
      return {
        ChangeInfo: {
          Id: `/change/${change.id}`,
          Status: 'PENDING',
          SubmittedAt: new Date(now),
          ...(batch.Comment ? { Comment: batch.Comment } : {}),
        },
      };
    });
  }

  /** PENDING until `dnsSyncSeconds` after submission, then INSYNC. NoSuchChange (404). */
  getChange(caller: string, changeId: string): ChangeInfoOutput {
    const operation = 'GetChange';
    const id = bareRoute53Id(changeId);
    return this.calls.run(operation, caller, id, () => {
      const change = this.changes.get(id);
      if (change?.accountId !== caller) {
        throw route53Error(operation, 'NoSuchChange', `A change with the specified change ID does not exist: ${id}`);
      }
      return {
        ChangeInfo: {
          Id: `/change/${change.id}`,
          Status: this.context.clock.now() >= change.syncAt ? 'INSYNC' : 'PENDING',
          SubmittedAt: new Date(change.submittedAt),
        },
      };
    });
  }

  /**
   * What the zone's name servers answer for `name`/`type` (one record set, no CNAME following):
   * a CNAME's target for a name that has one, a record's values, or, for an alias record, its
   * target's addresses (a CloudFront domain answers its sandbox address, `sandboxEdgeAddress`).
   * NXDOMAIN for a name with no records, NOERROR with no data for another type. NoSuchHostedZone
   * (404) outside the caller's account; public zones only (InvalidInput for a private one).
   */
  testDnsAnswer(caller: string, zoneId: string, recordName: string, recordType: string): TestDnsAnswerOutput {
    const operation = 'TestDNSAnswer';
    return this.calls.run(operation, caller, bareRoute53Id(zoneId), () => {
      const zone = this.ownZone(caller, zoneId, operation);
      if (zone.privateZone === true) throw route53Error(operation, 'InvalidInput', 'TestDNSAnswer supports public hosted zones only.');
      const name = toFqdn(decodeRecordName(recordName).toLowerCase());
      const type = recordType.toUpperCase();
      const named = zone.records.filter((r) => r.name === name);
      const cname = named.find((r) => r.type === 'CNAME');
      const answering = cname !== undefined ? [cname] : named.filter((r) => r.type === type);
      const data = answering.flatMap((r) =>
        r.aliasTarget !== undefined
          ? r.aliasTarget.dnsName.endsWith('.cloudfront.net.') && type === 'A'
            ? [sandboxEdgeAddress(r.aliasTarget.dnsName)]
            : []
          : [...(r.values ?? [])],
      );
      return {
        Nameserver: 'ns-0.awsdns-00.com',
        RecordName: name,
        RecordType: cname !== undefined ? 'CNAME' : type,
        RecordData: data,
        ResponseCode: named.length === 0 ? 'NXDOMAIN' : 'NOERROR',
        Protocol: 'UDP',
      };
    });
  }

  // ---------------------------------------------------------------- for the other services and the facade

  /** The records named `fqdn` in every zone of the world, zone by zone (no call logged). */
  recordsNamed(fqdn: string): DnsRecord[] {
    return this.zones.flatMap((zone) => zone.records.filter((r) => r.name === fqdn));
  }

  /** True when some zone of the world (any account) is named `fqdn`. */
  isZoneApex(fqdn: string): boolean {
    return this.zones.some((zone) => zone.name === fqdn);
  }

  /** True when some zone of the world (any account) is named `fqdn` or one of its ancestors. */
  hasEnclosingZone(fqdn: string): boolean {
    return this.zones.some((zone) => fqdn === zone.name || fqdn.endsWith(`.${zone.name}`));
  }

  /** Records of a zone of any account, in Route 53 order (normalised: `*`, lowercase, trailing dots). */
  zoneRecords(zoneId: string): DnsRecord[] | undefined {
    const zone = this.findZone(zoneId);
    return zone ? [...listingOf(zone)] : undefined;
  }

  /** Clock ms when the change reads INSYNC; null when it already does or does not exist. */
  changeDueAt(changeId: string): number | null {
    const change = this.changes.get(bareRoute53Id(changeId));
    return change && this.context.clock.now() < change.syncAt ? change.syncAt : null;
  }

  /** Clock ms when each change reads INSYNC, synced ones included. */
  syncTimes(): number[] {
    return [...this.changes.values()].map((c) => c.syncAt);
  }

  /** Syncs every change still pending at `now` (a clock that cannot be moved). */
  completeChanges(now: number): void {
    for (const c of this.changes.values()) if (c.syncAt > now) c.syncAt = now;
  }

  /** The account's zones as world-file entries; undefined when it has none and listed none. */
  documentsOf(accountId: string): HostedZoneDocument[] | undefined {
    const own = this.zones.filter((z) => z.accountId === accountId);
    if (!this.listed.has(accountId) && own.length === 0) return undefined;
    return own.map((z) => ({
      id: z.id,
      name: z.name,
      ...(z.privateZone !== undefined ? { privateZone: z.privateZone } : {}),
      records: z.records.map((r) => recordDocument(r)),
    }));
  }

  /** The changes a later GetChange may still ask about (`retainedChanges`), as world-file entries. */
  changeDocuments(now: number): ChangeDocument[] {
    return this.retainedChanges(now).map((c) => ({
      id: c.id,
      zoneId: c.zoneId,
      submittedAt: iso(c.submittedAt),
      syncAt: iso(c.syncAt),
    }));
  }

  /**
   * The changes a later GetChange may still ask about, in submission order: every change still
   * PENDING at `now`, and the finished (INSYNC) ones submitted within `CHANGE_RETENTION_HOURS` of
   * `now`, the newest `CHANGE_RETENTION_COUNT` of them. A run cut while it waited for a change
   * resumes by asking about that change, possibly after the world was saved with the change
   * already INSYNC. AWS does not document how long GetChange knows a change; the bounds keep a
   * world file that serves many runs, and a long-running served world, from growing without end.
   */
  private retainedChanges(now: number): ChangeState[] {
    const all = [...this.changes.values()];
    const finished = all
      .filter((c) => c.syncAt <= now && now - c.submittedAt <= CHANGE_RETENTION_HOURS * HOUR)
      .sort((a, b) => b.submittedAt - a.submittedAt || changeNumber(b.id) - changeNumber(a.id))
      .slice(0, CHANGE_RETENTION_COUNT);
    const kept = new Set<ChangeState>([...finished, ...all.filter((c) => c.syncAt > now)]);
    return all.filter((c) => kept.has(c));
  }

  /**
   * Forgets the changes `retainedChanges` no longer keeps, so the live world holds what a saved
   * one would. Runs when a change is submitted once more than `CHANGE_RETENTION_COUNT` are held or
   * the oldest held one is past `CHANGE_RETENTION_HOURS`, so a busy world does not sort on every batch.
   */
  private forgetChanges(now: number): void {
    const oldest = this.changes.values().next().value;
    const stale = oldest !== undefined && now - oldest.submittedAt > CHANGE_RETENTION_HOURS * HOUR;
    if (this.changes.size <= CHANGE_RETENTION_COUNT && !stale) return;
    const kept = new Set(this.retainedChanges(now));
    for (const [id, change] of this.changes) if (!kept.has(change)) this.changes.delete(id);
  }

  private findZone(zoneId: string): ZoneState | undefined {
    return this.zonesById.get(bareRoute53Id(zoneId))?.[0];
  }

  private ownZone(caller: string, zoneId: string, operation: string): ZoneState {
    const id = bareRoute53Id(zoneId);
    const zone = this.zonesById.get(id)?.find((z) => z.accountId === caller);
    if (!zone) throw route53Error(operation, 'NoSuchHostedZone', `No hosted zone found with ID: ${id}`);
    return zone;
  }
}

/**
 * The zone's records in Route 53 order, sorted once per version of the zone: a listing is read a
 * page (300 record sets) at a time, and sorting the whole zone for every page made reading a zone
 * quadratic in its size.
 */
function listingOf(zone: ZoneState): readonly DnsRecord[] {
  if (zone.listing?.of !== zone.records) zone.listing = { of: zone.records, sorted: [...zone.records].sort(compareRecordKeys) };
  return zone.listing.sorted;
}

/** Where a listing from (name, type) starts: the first record set at or after it (a binary search of the sorted listing). */
function firstListedAtOrAfter(sorted: readonly DnsRecord[], name: string, type: string): number {
  const from = { name, type };
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareRecordKeys(sorted[middle]!, from) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function changeNumber(id: string): number {
  const n = Number.parseInt(bareRoute53Id(id).replace(/^C/, ''), 10);
  return Number.isFinite(n) ? n : 0;
}

// Fields assigned one by one, not spread in: V8 builds spread copies several times slower, for every record of the world.
function normalizeRecord(r: RecordDocument): DnsRecord {
  const record: { -readonly [K in keyof DnsRecord]: DnsRecord[K] } = { name: decodeRecordName(r.name), type: r.type.toUpperCase() };
  if (r.ttl !== undefined) record.ttl = r.ttl;
  if (r.values !== undefined) record.values = [...r.values];
  const target = r.aliasTarget;
  if (target !== undefined) {
    const aliasTarget: { -readonly [K in keyof AliasTarget]: AliasTarget[K] } = {
      dnsName: toFqdn(target.dnsName.toLowerCase()),
      hostedZoneId: target.hostedZoneId,
    };
    if (target.evaluateTargetHealth !== undefined) aliasTarget.evaluateTargetHealth = target.evaluateTargetHealth;
    record.aliasTarget = aliasTarget;
  }
  return record;
}

function recordDocument(r: DnsRecord): RecordDocument {
  return {
    name: r.name,
    type: r.type,
    ...(r.ttl !== undefined ? { ttl: r.ttl } : {}),
    ...(r.values !== undefined ? { values: [...r.values] } : {}),
    ...(r.aliasTarget !== undefined ? { aliasTarget: { ...r.aliasTarget } } : {}),
  };
}
