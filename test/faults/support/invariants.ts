/**
 * The invariants the fault suite holds the engine to, read from the world itself (never from what
 * the engine says it did). Each check returns the violations as plain sentences, empty when the
 * invariant holds, so a test can show every problem at once and the property test can shrink on it.
 *
 * - `stopCleanViolations`: what "stops clean" means after any failure. Every managed alias that was on a
 *   distribution before the apply is on exactly one distribution now (any account: another writer
 *   may hold it), and where cfalias manages its DNS the routing records point at that holder. One
 *   state is tolerated: an alias the plan moves in one call (strategy `move`) that is on its
 *   target while its records still point at its source. That is the move's documented zero-downtime
 *   intermediate state (CloudFront routes by alias, whatever domain DNS names); `lingeringDns`
 *   lists those, for the report.
 * - `sourceOrTargetViolations`: the property invariant. Every managed alias is on exactly its
 *   source (where it was before) or its target (never none, never two, never a third place), and
 *   its DNS agrees with whichever holds it.
 * - `convergedViolations`: the desired state is reached: every alias on its target only (a detached
 *   one on no distribution of the account), DNS pointing at the target.
 */
import { fromFqdn, zoneFor, type DesiredAlias, type DesiredState } from '@cfalias/core';
import type { WorldDocument } from '@cfalias/providers';

interface RecordLike {
  readonly name: string;
  readonly type: string;
  readonly values?: readonly string[];
  readonly aliasTarget?: { readonly dnsName: string };
}

export interface Holder {
  readonly account: string;
  readonly id: string;
  readonly domainName: string;
}

/** Every distribution (any account) holding each alias. */
export function holdersByAlias(doc: WorldDocument): Map<string, Holder[]> {
  const holders = new Map<string, Holder[]>();
  for (const account of doc.accounts) {
    for (const d of account.distributions ?? []) {
      for (const alias of d.aliases) {
        holders.set(alias, [...(holders.get(alias) ?? []), { account: account.id, id: d.id, domainName: d.domainName }]);
      }
    }
  }
  return holders;
}

/** The CloudFront domain a routing record sends traffic to, or undefined (not at CloudFront). */
export function cloudFrontTarget(record: RecordLike): string | undefined {
  const raw = record.aliasTarget?.dnsName ?? (record.type === 'CNAME' ? record.values?.[0] : undefined);
  if (raw === undefined) return undefined;
  const domain = fromFqdn(raw.toLowerCase());
  return domain.endsWith('.cloudfront.net') ? domain : undefined;
}

/** A/AAAA/CNAME records named after the alias in the caller's public zone for it (DNS cfalias manages). */
export function routingRecords(doc: WorldDocument, managed: DesiredAlias): RecordLike[] {
  if (managed.dns !== 'route53') return [];
  const caller = doc.accounts.find((a) => a.id === doc.caller);
  const zone = zoneFor(
    managed.alias,
    (caller?.hostedZones ?? []).filter((z) => !z.privateZone),
  );
  if (!zone) return [];
  return zone.records.filter((r) => r.name.toLowerCase() === `${managed.alias}.` && ['A', 'AAAA', 'CNAME'].includes(r.type));
}

/** Routing records at CloudFront that do not point at `domain`. */
function dnsDisagreements(doc: WorldDocument, managed: DesiredAlias, domain: string): string[] {
  return routingRecords(doc, managed).flatMap((r) => {
    const target = cloudFrontTarget(r);
    return target !== undefined && target !== domain
      ? [`${managed.alias}: ${r.type} record points at ${target}, but ${domain} holds the alias`]
      : [];
  });
}

export interface MoveChange {
  readonly alias: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly strategy: string | null;
}

export function stopCleanViolations(
  desired: DesiredState,
  changes: readonly MoveChange[],
  before: WorldDocument,
  after: WorldDocument,
): string[] {
  return stopState(desired, changes, before, after).violations;
}

/** Moved aliases (move call done) whose routing records still point at their source. */
export function lingeringDns(desired: DesiredState, changes: readonly MoveChange[], before: WorldDocument, after: WorldDocument): string[] {
  return stopState(desired, changes, before, after).lingering;
}

function stopState(desired: DesiredState, changes: readonly MoveChange[], before: WorldDocument, after: WorldDocument) {
  const initially = holdersByAlias(before);
  const now = holdersByAlias(after);
  const domains = new Map(after.accounts.flatMap((a) => (a.distributions ?? []).map((d) => [d.id, d.domainName] as const)));
  const violations: string[] = [];
  const lingering: string[] = [];
  for (const managed of desired.aliases) {
    const held = now.get(managed.alias) ?? [];
    if (held.length > 1) violations.push(`${managed.alias} is on ${held.length} distributions (${held.map((h) => h.id).join(', ')})`);
    if (held.length === 0) {
      const wasHeld = (initially.get(managed.alias) ?? []).length > 0;
      if (wasHeld && managed.target !== null) violations.push(`${managed.alias} is on no distribution (orphaned)`);
      continue;
    }
    const holder = held[0]!;
    const move = changes.find((c) => c.alias === managed.alias && c.strategy === 'move' && c.to === holder.id);
    const sourceDomain = move?.from ? domains.get(move.from) : undefined;
    for (const problem of dnsDisagreements(after, managed, holder.domainName)) {
      if (sourceDomain !== undefined && problem.includes(`points at ${sourceDomain},`)) lingering.push(problem);
      else violations.push(problem);
    }
  }
  return { violations, lingering };
}

/**
 * `checkDns: false` leaves DNS out: a world may start with records that disagree with the holder,
 * and an apply that stopped early may leave them as it found them.
 */
export function sourceOrTargetViolations(desired: DesiredState, before: WorldDocument, after: WorldDocument, checkDns = true): string[] {
  const initially = holdersByAlias(before);
  const now = holdersByAlias(after);
  const problems: string[] = [];
  for (const managed of desired.aliases) {
    const source = (initially.get(managed.alias) ?? [])[0];
    const held = now.get(managed.alias) ?? [];
    const allowed = new Set([source?.id ?? 'none', managed.target ?? 'none']);
    const where = held.length === 0 ? 'none' : held.length === 1 ? held[0]!.id : held.map((h) => h.id).join('+');
    if (!allowed.has(where)) {
      problems.push(
        `${managed.alias} is on ${where}; it must be on its source (${source?.id ?? 'none'}) or its target (${managed.target ?? 'none'})`,
      );
      continue;
    }
    if (checkDns && held.length === 1) problems.push(...dnsDisagreements(after, managed, held[0]!.domainName));
  }
  return problems;
}

export function convergedViolations(desired: DesiredState, after: WorldDocument): string[] {
  const now = holdersByAlias(after);
  const problems: string[] = [];
  for (const managed of desired.aliases) {
    const held = now.get(managed.alias) ?? [];
    if (managed.target === null) {
      const own = held.filter((h) => h.account === after.caller);
      if (own.length > 0) problems.push(`${managed.alias} must be detached but is on ${own.map((h) => h.id).join(', ')}`);
      continue;
    }
    if (held.length !== 1 || held[0]!.id !== managed.target) {
      problems.push(`${managed.alias} must be on ${managed.target} only, is on ${held.map((h) => h.id).join(', ') || 'none'}`);
      continue;
    }
    const records = routingRecords(after, managed);
    problems.push(...dnsDisagreements(after, managed, held[0]!.domainName));
    if (managed.dns === 'route53' && zoneOf(after, managed) && records.length === 0) {
      problems.push(`${managed.alias}: no routing record in its zone`);
    }
  }
  return problems;
}

function zoneOf(doc: WorldDocument, managed: DesiredAlias): boolean {
  const caller = doc.accounts.find((a) => a.id === doc.caller);
  return (
    zoneFor(
      managed.alias,
      (caller?.hostedZones ?? []).filter((z) => !z.privateZone),
    ) !== undefined
  );
}
