/**
 * The plan's basis: the live facts it depends on, picked out of the inventory it was made from
 * (plan.ts `PlanBasis`). What counts, and why:
 * - every distribution a step names or a change starts or ends on: its enabled flag and
 *   certificate (every write and the certificate checks rest on them) and its alias count (the
 *   quota check: another writer's unrelated aliases may leave no room for ours);
 * - the holder of every alias the plan changes (an action, or a DNS repair that assumes the
 *   owner), and of the wildcard that would catch an alias the plan leaves on no distribution for a
 *   while (detach, detach-attach);
 * - the certificate of every distribution the plan adds aliases to (it must still cover them);
 * - every record set the plan reads or writes: the routing records at each changed alias with a
 *   zone (a record pointing at another distribution blocks an add), and the `_<alias>` TXT record
 *   of a move.
 * Everything else (other aliases, other config fields, ETags, statuses) is left out on purpose:
 * apply reads the whole config and changes only the aliases, and waits for whatever is in progress.
 */
import { certificateCovers, isWildcard, toFqdn } from '../hostnames.js';
import type { DnsRecord, Inventory } from '../inventory/inventory.js';
import type { InventoryIndex } from '../inventory/inventory-index.js';
import { ownershipRecordName } from '../inventory/dns-records.js';
import type { AliasPlan } from './diff.js';
import type { AliasHolder, BasisCertificate, BasisDistribution, BasisRecords, PlanBasis, PlanStep } from './plan.js';
import type { AliasCount } from './schedule-simulation.js';

export const ROUTING_TYPES: readonly string[] = ['A', 'AAAA', 'CNAME'];
export const OWNERSHIP_TYPES: readonly string[] = ['TXT'];

export interface BasisInputs {
  readonly inventory: Inventory;
  readonly index: InventoryIndex;
  readonly items: readonly AliasPlan[];
  readonly steps: readonly PlanStep[];
  readonly aliasCounts: ReadonlyMap<string, AliasCount>;
}

export function buildBasis({ inventory, index, items, steps, aliasCounts }: BasisInputs): PlanBasis {
  const touched = new Set<string>();
  const receiving = new Set<string>();
  steps.forEach((step) => {
    if (step.kind === 'update-aliases') {
      touched.add(step.distribution);
      if (step.add.length > 0) receiving.add(step.distribution);
    } else if (step.kind === 'move-alias') {
      touched.add(step.from).add(step.to);
      receiving.add(step.to);
    } else if (step.kind === 'set-enabled' || step.kind === 'wait-deployed' || step.kind === 'verify') {
      touched.add(step.distribution);
    }
  });
  const holders = new Map<string, AliasHolder | null>();
  const records = new Map<string, BasisRecords>();
  items.forEach((item) => {
    if (item.action === 'noop' && item.dns === undefined) return;
    if (item.source) touched.add(item.source.id);
    if (item.target) touched.add(item.target.id);
    holders.set(item.alias, holderOf(item.alias, index));
    // The wildcard that serves the alias while it is on no distribution, or (wildcard route) the
    // temporary one the plan adds to the target: nobody else may hold it when apply starts.
    const leavesUnattached = item.action === 'detach' || item.strategy === 'detach-attach' || item.strategy === 'wildcard-route';
    const wildcard = parentWildcard(item.alias);
    if (leavesUnattached && wildcard !== undefined) holders.set(wildcard, holderOf(wildcard, index));
    if (item.zone) addRecords(records, index, item.zone.id, toFqdn(item.alias), ROUTING_TYPES);
    if (item.txtZone) addRecords(records, index, item.txtZone.id, ownershipRecordName(item.alias, item.zone), OWNERSHIP_TYPES);
  });
  const distributions: BasisDistribution[] = [];
  const certificates = new Map<string, BasisCertificate>();
  for (const id of [...touched].sort()) {
    const d = index.distributions.get(id);
    if (!d) continue;
    const peak = receiving.has(id) ? aliasCounts.get(id)?.peak : undefined;
    distributions.push({
      id,
      enabled: d.enabled,
      certificateArn: d.certificateArn,
      aliasCount: d.aliases.length,
      ...(peak !== undefined && { peakAliasCount: peak }),
    });
    const cert = receiving.has(id) && d.certificateArn !== null ? index.certificates.get(d.certificateArn) : undefined;
    if (cert) certificates.set(cert.arn, { arn: cert.arn, status: cert.status, notAfter: cert.notAfter });
  }
  return {
    environment: inventory.environment ?? 'aws',
    readAt: inventory.readAt,
    distributions,
    holders: [...holders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([alias, holder]) => ({ alias, holder })),
    certificates: [...certificates.values()].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0)),
    records: [...records.values()].sort((a, b) =>
      a.zoneId + a.name < b.zoneId + b.name ? -1 : a.zoneId + a.name > b.zoneId + b.name ? 1 : 0,
    ),
  };
}

/** Who holds `alias` in this inventory: a distribution of the account, one outside it, or none (null). */
export function holderOf(alias: string, index: InventoryIndex): AliasHolder | null {
  const owner = index.owners.get(alias);
  if (owner) return { distribution: owner.id, account: owner.accountId };
  const foreign = index.foreignOwners.get(alias);
  if (foreign) return { distribution: foreign.distributionId, account: foreign.accountId };
  return null;
}

/** `*.example.com` for `www.example.com`; none for a wildcard or a name with one label. */
export function parentWildcard(alias: string): string | undefined {
  if (isWildcard(alias)) return undefined;
  const dot = alias.indexOf('.');
  return dot < 0 || !alias.slice(dot + 1).includes('.') ? undefined : `*${alias.slice(dot)}`;
}

/**
 * The record sets of `types` at `name` in the zone, sorted by type and in one form whatever the
 * provider (an alias target's `evaluateTargetHealth: false` is its default, and left out), so equal
 * states serialize alike.
 */
export function recordsOfTypes(records: readonly DnsRecord[], types: readonly string[]): DnsRecord[] {
  return records
    .filter((r) => types.includes(r.type.toUpperCase()))
    .map(canonicalRecord)
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

function canonicalRecord(record: DnsRecord): DnsRecord {
  if (record.aliasTarget?.evaluateTargetHealth !== false) return record;
  const { evaluateTargetHealth: _default, ...aliasTarget } = record.aliasTarget;
  return { ...record, aliasTarget };
}

function addRecords(into: Map<string, BasisRecords>, index: InventoryIndex, zoneId: string, name: string, types: readonly string[]): void {
  const key = `${zoneId} ${name}`;
  if (into.has(key)) return;
  into.set(key, { zoneId, name, types, records: recordsOfTypes(index.recordsAt(zoneId, name), types) });
}

/** Aliases each distribution receives in the plan (added by an update or moved onto it). */
export function aliasesReceived(steps: readonly PlanStep[]): Map<string, string[]> {
  const received = new Map<string, string[]>();
  const add = (id: string, aliases: readonly string[]): void => {
    if (aliases.length > 0) received.set(id, [...(received.get(id) ?? []), ...aliases]);
  };
  for (const step of steps) {
    if (step.kind === 'update-aliases') add(step.distribution, step.add);
    else if (step.kind === 'move-alias') add(step.to, [step.alias]);
  }
  return received;
}

/** The aliases a distribution receives that its certificate's SANs do not cover. */
export function uncoveredAliases(sans: readonly string[], aliases: readonly string[]): string[] {
  return aliases.filter((alias) => !certificateCovers(sans, alias));
}
