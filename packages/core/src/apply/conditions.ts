/**
 * Semantic comparison of a step's expected state with live state, for the executor's
 * precondition/postcondition checks. Only what the plan is about counts: a distribution's alias set,
 * enabled flag and certificate (never its ETag or other config), and DNS record content compared
 * the way Route 53 means it (names without case or trailing-dot differences, records and values in
 * any order, `evaluateTargetHealth` absent == false, TTL only when both sides state one).
 */
import type { StateMismatch } from '../errors.js';
import { recordTarget } from '../inventory/dns-records.js';
import { normalizeHostname, toFqdn } from '../hostnames.js';
import type { AliasTarget, DnsRecord } from '../inventory/inventory.js';
import type { DistributionCondition, DnsRecordState } from '../plan/plan.js';
import type { AliasEdit, LiveDistribution } from '../ports.js';
import { onDistribution } from './alias-holders.js';

/** Sorted, de-duplicated, lowercase. */
export function sortedAliases(aliases: readonly string[]): string[] {
  return [...new Set(aliases.map((a) => normalizeHostname(a)))].sort();
}

export function sameAliasSet(a: readonly string[], b: readonly string[]): boolean {
  const x = sortedAliases(a);
  const y = sortedAliases(b);
  return x.length === y.length && x.every((alias, i) => alias === y[i]);
}

/**
 * Is an alias edit already in effect on `live` (every removed alias absent, every added one
 * present)? A step whose edit is in effect has nothing left to do, even when later steps of the
 * same plan have since changed the distribution further (which is why its exact postcondition may
 * no longer hold on a re-run).
 */
export function aliasEditInEffect(live: readonly string[], edit: AliasEdit): boolean {
  const held = new Set(sortedAliases(live));
  return edit.remove.every((alias) => !held.has(normalizeHostname(alias))) && edit.add.every((alias) => held.has(normalizeHostname(alias)));
}

/**
 * The aliases of `aliases` the plan changes (`managed`), sorted; all of them without a set. A
 * distribution's other aliases are not the plan's business: apply keeps them as they are, and
 * another writer may add or remove them without making the plan stale.
 */
export function managedAliases(aliases: readonly string[], managed: ReadonlySet<string> | undefined): string[] {
  const sorted = sortedAliases(aliases);
  return managed === undefined ? sorted : sorted.filter((a) => managed.has(a));
}

/** Do two alias sets agree on the aliases the plan changes? */
export function sameManagedAliases(a: readonly string[], b: readonly string[], managed: ReadonlySet<string> | undefined): boolean {
  const x = managedAliases(a, managed);
  const y = managedAliases(b, managed);
  return x.length === y.length && x.every((alias, i) => alias === y[i]);
}

/**
 * Differences between a distribution's expected condition and what was read (empty: it holds).
 * Aliases are compared on the `managed` ones only when a set is given.
 */
export function distributionMismatches(
  expected: DistributionCondition,
  live: LiveDistribution,
  managed?: ReadonlySet<string>,
): StateMismatch[] {
  const mismatches: StateMismatch[] = [];
  if (!sameManagedAliases(expected.aliases, live.aliases, managed)) {
    mismatches.push({
      field: 'aliases',
      expected: managedAliases(expected.aliases, managed),
      found: managedAliases(live.aliases, managed),
    });
  }
  mismatches.push(...settingMismatches(expected, live));
  return mismatches;
}

/**
 * Differences for an `absent-present` precondition (plan.ts `PreconditionMode`), empty when it
 * holds: every alias `edit` removes is on `live`; no alias it adds has a holder in `heldElsewhere`
 * (alias, lowercase → the distribution found holding it); `enabled` and `certificateArn` match.
 * The rest of the alias set is not compared. A mismatch `holder of <alias>` shows the holder
 * expected and found in words (`on E1BLUE`, `not on E1BLUE`, `on no distribution`).
 */
export function presenceMismatches(
  expected: DistributionCondition,
  edit: AliasEdit,
  live: LiveDistribution,
  heldElsewhere: ReadonlyMap<string, string>,
): StateMismatch[] {
  const mismatches: StateMismatch[] = [];
  const held = new Set(sortedAliases(live.aliases));
  for (const alias of sortedAliases(edit.remove)) {
    if (!held.has(alias)) mismatches.push({ field: `holder of ${alias}`, expected: onDistribution(live.id), found: `not on ${live.id}` });
  }
  for (const alias of sortedAliases(edit.add)) {
    const holder = heldElsewhere.get(alias);
    if (holder !== undefined && holder !== live.id) {
      mismatches.push({ field: `holder of ${alias}`, expected: onDistribution(null), found: onDistribution(holder) });
    }
  }
  mismatches.push(...settingMismatches(expected, live));
  return mismatches;
}

/** The enabled flag and the certificate: what every distribution precondition compares. */
function settingMismatches(expected: DistributionCondition, live: LiveDistribution): StateMismatch[] {
  const mismatches: StateMismatch[] = [];
  if (expected.enabled !== live.enabled) {
    mismatches.push({ field: 'enabled', expected: expected.enabled, found: live.enabled });
  }
  if ((expected.certificateArn ?? null) !== (live.certificateArn ?? null)) {
    mismatches.push({ field: 'certificateArn', expected: expected.certificateArn, found: live.certificateArn });
  }
  return mismatches;
}

/** `www.example.com`, `WWW.example.com.` → `www.example.com.` */
export function recordName(name: string): string {
  return toFqdn(normalizeHostname(name));
}

/** Types whose values are free text, compared exactly; every other value is a name or an address. */
const TEXT_TYPES = new Set(['TXT', 'SPF']);

function recordValues(record: DnsRecord): string[] {
  const text = TEXT_TYPES.has(record.type.toUpperCase());
  return (record.values ?? []).map((v) => (text ? v.trim() : normalizeHostname(v))).sort();
}

function sameAliasTarget(a: AliasTarget | undefined, b: AliasTarget | undefined): boolean {
  if (!a || !b) return !a && !b;
  return (
    normalizeHostname(a.dnsName) === normalizeHostname(b.dnsName) &&
    a.hostedZoneId.toUpperCase() === b.hostedZoneId.toUpperCase() &&
    (a.evaluateTargetHealth ?? false) === (b.evaluateTargetHealth ?? false)
  );
}

/** Do two records say the same thing? */
export function sameRecord(a: DnsRecord, b: DnsRecord): boolean {
  if (recordName(a.name) !== recordName(b.name) || a.type.toUpperCase() !== b.type.toUpperCase()) return false;
  if (a.ttl !== undefined && b.ttl !== undefined && a.ttl !== b.ttl) return false;
  if (!sameAliasTarget(a.aliasTarget, b.aliasTarget)) return false;
  const x = recordValues(a);
  const y = recordValues(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function findRecord(records: readonly DnsRecord[], name: string, type: string): DnsRecord | undefined {
  const wantedName = recordName(name);
  const wantedType = type.toUpperCase();
  return records.find((r) => recordName(r.name) === wantedName && r.type.toUpperCase() === wantedType);
}

/**
 * Which of the expected (name, type) record states do not hold in `live` (empty: all hold).
 * Each mismatch names the record set (`www.example.com. A`) and shows the record expected and the
 * one found (null: absent).
 */
export function recordStateMismatches(expected: readonly DnsRecordState[], live: readonly DnsRecord[]): StateMismatch[] {
  const mismatches: StateMismatch[] = [];
  for (const state of expected) {
    const found = findRecord(live, state.name, state.type) ?? null;
    const holds = state.record === null ? found === null : found !== null && sameRecord(state.record, found);
    if (!holds) {
      mismatches.push({ field: `${recordName(state.name)} ${state.type.toUpperCase()}`, expected: state.record, found });
    }
  }
  return mismatches;
}

const ROUTING_TYPES = new Set(['A', 'AAAA', 'CNAME']);

/**
 * Does `name` route to `domain` (a CloudFront domain name)? It must have at least one A/AAAA/CNAME
 * record, and every one of them must point at `domain`. Null when it does; otherwise the mismatch
 * (found: the targets it points at, or null when it has no such record).
 */
export function dnsTargetMismatch(name: string, domain: string, live: readonly DnsRecord[]): StateMismatch | null {
  const fqdn = recordName(name);
  const wanted = normalizeHostname(domain);
  // A plain address record routes somewhere too (not to CloudFront): show its addresses.
  const targets = live
    .filter((r) => recordName(r.name) === fqdn && ROUTING_TYPES.has(r.type.toUpperCase()))
    .map((r) => recordTarget(r) ?? recordValues(r).join(','));
  if (targets.length > 0 && targets.every((t) => t === wanted)) return null;
  return { field: `${fqdn} target`, expected: wanted, found: targets.length > 0 ? [...new Set(targets)].sort() : null };
}
