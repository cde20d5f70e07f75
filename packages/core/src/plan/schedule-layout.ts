/**
 * The parts of the step DAG that do not depend on where the moves go, laid out once for both
 * drafts: the distributions touched, the DNS change batches of each stage (within Route 53's
 * limit), and what each distribution's verify checks.
 */
import type { DnsRecord, HostedZone } from '../inventory/inventory.js';
import { toFqdn } from '../hostnames.js';
import type { AliasPlan } from './diff.js';
import type { DnsRecordChange, VerifyStep } from './plan.js';
import { compare, push, type DnsEntry, type DnsStage, type Groups } from './schedule-groups.js';

/**
 * Route 53 accepts at most 1,000 record values per change batch and counts an UPSERT twice, so a
 * stage's changes in one zone are split into batches of at most this many record sets.
 */
export const MAX_RECORD_CHANGES_PER_BATCH = 500;

/** Splits one zone's entries of a stage into batches within Route 53's limit. */
export function chunkRecords<T extends { readonly records: readonly DnsRecord[] }>(entries: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  entries.forEach((e) => {
    if (current.length > 0 && size + e.records.length > MAX_RECORD_CHANGES_PER_BATCH) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(e);
    size += e.records.length;
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** One DNS change batch: a zone's entries of one stage, within Route 53's limit. */
export interface DnsBatch {
  readonly changeId: string;
  readonly waitId: string;
  readonly zone: HostedZone;
  readonly entries: readonly DnsEntry[];
  readonly changes: readonly DnsRecordChange[];
}

/** What a verify checks of one distribution, and the DNS waits it follows. */
export interface VerifyLayout {
  readonly dns: VerifyStep['dns'];
  readonly dnsWaits: readonly string[];
}

/**
 * The parts of the DAG that do not depend on where the moves go, laid out once for both drafts:
 * the distributions touched, the DNS batches of each stage, and the verify of each distribution.
 */
export interface Layout {
  /** Sorted. */
  readonly distributions: readonly string[];
  readonly batches: ReadonlyMap<DnsStage, readonly DnsBatch[]>;
  /** Per alias: the wait-dns of its `pre` or `mid` batch, which its mutation must follow. */
  readonly earlyDnsWait: ReadonlyMap<string, string>;
  readonly verifies: ReadonlyMap<string, VerifyLayout>;
}

export function layOut(groups: Groups, items: readonly AliasPlan[]): Layout {
  const { removeEarly, addEarly, addLate, moves, dnsEntries } = groups;
  const batches = new Map<DnsStage, DnsBatch[]>();
  const earlyDnsWait = new Map<string, string>();
  const postDnsWait = new Map<string, string>();
  // Each stage's entries by zone, in one pass (entries keep their order within a zone).
  const stages = { pre: new Map<string, DnsEntry[]>(), mid: new Map<string, DnsEntry[]>(), post: new Map<string, DnsEntry[]>() };
  dnsEntries.forEach((e) => push(stages[e.stage], e.zone.id, e));
  for (const stage of ['pre', 'mid', 'post'] as const) {
    const byZone = stages[stage];
    const list: DnsBatch[] = [];
    for (const zoneId of [...byZone.keys()].sort(compare)) {
      const chunks = chunkRecords(byZone.get(zoneId) ?? []);
      chunks.forEach((chunk, i) => {
        const suffix = chunks.length > 1 ? `:${i + 1}` : '';
        const changeId = `change-dns:${zoneId}:${stage}${suffix}`;
        const waitId = `wait-dns:${zoneId}:${stage}${suffix}`;
        const changes = chunk.flatMap((e) => e.records.map((record): DnsRecordChange => ({ action: 'UPSERT', record })));
        list.push({ changeId, waitId, zone: chunk[0]!.zone, entries: chunk, changes });
        const waits = stage === 'post' ? postDnsWait : earlyDnsWait;
        chunk.forEach((e) => waits.set(e.alias, waitId));
      });
    }
    batches.set(stage, list);
  }

  const touched = new Set<string>([...removeEarly.keys(), ...addEarly.keys(), ...addLate.keys(), ...groups.wildcardDrops.keys()]);
  for (const list of [moves, groups.wildcardRoutes, groups.disableRoutes]) {
    list.forEach((m) => touched.add(m.source!.id).add(m.target!.id));
  }
  const distributions = [...touched].sort(compare);

  // What each verify checks: the records of every alias that ends on the distribution (in alias
  // order), in one pass over the diff. Each alias with a managed zone and a target ends pointing
  // at it: its records point there already, or the diff repoints them (`dns`, see `dnsRepoint`),
  // so none is asked again. Only a repointed alias has a post-stage DNS wait.
  const verifying = new Map<string, { dns: VerifyStep['dns'][number][]; dnsWaits: Set<string> }>();
  for (const d of distributions) verifying.set(d, { dns: [], dnsWaits: new Set() });
  items.forEach((item) => {
    const target = item.target;
    if (!target || !item.managedDns || !item.zone) return;
    const verify = verifying.get(target.id);
    if (!verify) return;
    verify.dns.push({ zoneId: item.zone.id, name: toFqdn(item.alias), pointsAt: target.domainName });
    const wait = item.dns && postDnsWait.get(item.alias);
    if (wait) verify.dnsWaits.add(wait);
  });
  const verifies = new Map<string, VerifyLayout>();
  for (const [d, { dns, dnsWaits }] of verifying) verifies.set(d, { dns, dnsWaits: [...dnsWaits] });
  return { distributions, batches, earlyDnsWait, verifies };
}
