/**
 * The whole-plan staleness check: before its first write, a fresh apply reads again everything the
 * plan depends on (`plan.basis`, see plan/basis.ts), with the same batched reads as the inventory,
 * and compares. Any difference refuses the plan (StaleBasisError, CLI exit 4) with nothing written,
 * each difference stated in words. A plan made against a sandbox world is refused against AWS and
 * the other way round (PlanFileError 'other-environment'); another account, AccountMismatchError.
 *
 * Comparison is semantic, fact by fact: a distribution's enabled flag and certificate; the room it
 * has for the aliases the plan adds (its alias count may grow by what the quota still allows); who
 * holds each alias; a certificate's status, that it has not expired and that it still covers the
 * aliases added under it (a renewal that keeps them covered is not a difference); the record sets
 * at each name the plan reads or writes, compared the way Route 53 means them.
 */
import { AccountMismatchError, PlanFileError, StaleBasisError, type BasisDifference } from '../errors.js';
import { describeRecord } from '../inventory/dns-records.js';
import { DEFAULT_ALIAS_QUOTA, type DnsRecord, type Inventory } from '../inventory/inventory.js';
import { indexInventory, type InventoryIndex } from '../inventory/inventory-index.js';
import { aliasesReceived, holderOf, recordsOfTypes, uncoveredAliases } from '../plan/basis.js';
import type { AliasHolder, Plan, PlanBasis } from '../plan/plan.js';
import type { CallOptions, CutoverProvider, InventoryScope } from '../ports.js';
import { holderWords } from './alias-holders.js';
import { sameRecord } from './conditions.js';
import { readWithRetries, type ReadRetry } from './retry.js';

/** What to read again: the aliases whose holders the plan depends on and the distributions it touches. */
export function basisScope(basis: PlanBasis): InventoryScope {
  return { aliases: basis.holders.map((h) => h.alias), distributionIds: basis.distributions.map((d) => d.id) };
}

/** Does the plan depend on anything at all? (A plan with nothing to do does not.) */
export function basisIsEmpty(basis: PlanBasis): boolean {
  return basis.distributions.length === 0 && basis.holders.length === 0 && basis.records.length === 0;
}

/**
 * Reads the plan's basis again through `provider` and refuses the plan when it no longer holds
 * (see the module comment). Resolves to the inventory it read (the run starts from it); throws
 * StaleBasisError, PlanFileError('other-environment') or AccountMismatchError.
 */
export async function checkBasis(plan: Plan, provider: CutoverProvider, retry: ReadRetry): Promise<Inventory> {
  const call: CallOptions = retry.signal ? { signal: retry.signal } : {};
  const live = await readWithRetries(() => provider.readInventory(basisScope(plan.basis), call), retry);
  const environment = live.environment ?? 'aws';
  if (environment !== plan.basis.environment) {
    throw new PlanFileError(
      'other-environment',
      plan.basis.environment === 'sandbox'
        ? 'this plan was made against a sandbox world and cannot be applied to AWS: make the plan against AWS'
        : 'this plan was made against AWS and cannot be applied to a sandbox world: make the plan against the sandbox',
    );
  }
  if (live.account !== plan.account) throw new AccountMismatchError(plan.account, live.account);
  const differences = basisDifferences(plan, live, retry.clock.now());
  if (differences.length > 0) throw new StaleBasisError(differences);
  return live;
}

/** Every difference between the plan's basis and `live`, in basis order (empty: the plan still holds). */
export function basisDifferences(plan: Pick<Plan, 'basis' | 'steps' | 'distributions'>, live: Inventory, now: number): BasisDifference[] {
  const index = indexInventory(live);
  const names = new Map(plan.distributions.flatMap((d) => (d.name !== undefined ? [[d.id, d.name] as const] : [])));
  const named = (id: string): string => (names.has(id) ? `${id} (${names.get(id)!})` : id);
  return [
    ...distributionDifferences(plan.basis, index, live, named),
    ...plan.basis.holders.flatMap(({ alias, holder }) => {
      const found = holderOf(alias, index);
      return sameHolder(holder, found)
        ? []
        : [
            {
              subject: alias,
              fact: 'holder',
              expected: holderWords(holder, { named, account: live.account }),
              found: holderWords(found, { named, account: live.account }),
            },
          ];
    }),
    ...certificateDifferences(plan, index, now),
    ...recordDifferences(plan.basis, index, live),
  ];
}

/**
 * The record sets, compared the way Route 53 means them. A zone that is gone (the inventory lists
 * every hosted zone of the account) is one difference naming the records the plan needs there,
 * not one per record: an empty record set the plan would create in it is no less stale.
 */
function recordDifferences(basis: PlanBasis, index: InventoryIndex, live: Inventory): BasisDifference[] {
  const zones = new Set(live.hostedZones.map((z) => z.id));
  const missing = new Map<string, string[]>();
  const out: BasisDifference[] = [];
  for (const entry of basis.records) {
    if (!zones.has(entry.zoneId)) {
      missing.set(entry.zoneId, [...(missing.get(entry.zoneId) ?? []), entry.name]);
      continue;
    }
    const found = recordsOfTypes(index.recordsAt(entry.zoneId, entry.name), entry.types);
    if (sameRecordSets(entry.records, found)) continue;
    const subject = `${entry.name} ${entry.types.join('/')}`;
    out.push({ subject, fact: 'records', expected: recordsWords(entry.records, entry.types), found: recordsWords(found, entry.types) });
  }
  for (const [zoneId, names] of missing) {
    out.push({
      subject: `hosted zone ${zoneId}`,
      fact: 'exists',
      expected: `exists, with the records at ${[...new Set(names)].join(', ')}`,
      found: 'not found (deleted, or in another account)',
    });
  }
  return out;
}

function distributionDifferences(
  basis: PlanBasis,
  index: InventoryIndex,
  live: Inventory,
  named: (id: string) => string,
): BasisDifference[] {
  const quota = live.limits?.aliasesPerDistribution ?? DEFAULT_ALIAS_QUOTA;
  const out: BasisDifference[] = [];
  for (const expected of basis.distributions) {
    const subject = named(expected.id);
    const found = index.distributions.get(expected.id);
    if (!found) {
      out.push({ subject, fact: 'exists', expected: 'exists in the account', found: 'not found (deleted, or in another account)' });
      continue;
    }
    if (found.enabled !== expected.enabled) {
      out.push({ subject, fact: 'enabled', expected: onOff(expected.enabled), found: onOff(found.enabled) });
    }
    if (found.certificateArn !== expected.certificateArn) {
      out.push({
        subject,
        fact: 'certificate',
        expected: certificateWords(expected.certificateArn),
        found: certificateWords(found.certificateArn),
      });
    }
    if (expected.peakAliasCount !== undefined) {
      const peak = expected.peakAliasCount + found.aliases.length - expected.aliasCount;
      if (peak > quota) {
        out.push({
          subject,
          fact: 'alias quota',
          expected: `${expected.aliasCount} aliases, room for the plan's peak of ${expected.peakAliasCount} (quota ${quota})`,
          found: `${found.aliases.length} aliases: the plan would need ${peak}`,
        });
      }
    }
  }
  return out;
}

/**
 * The certificates aliases are added under. One no touched distribution uses any more (replaced,
 * or its distribution deleted) is left out: the inventory reads only certificates in use, so it
 * would look deleted when it is not, and the distribution's own difference already says what changed.
 */
function certificateDifferences(plan: Pick<Plan, 'basis' | 'steps'>, index: InventoryIndex, now: number): BasisDifference[] {
  const inUse = new Set(
    plan.basis.distributions.flatMap(({ id }) => {
      const arn = index.distributions.get(id)?.certificateArn;
      return arn ? [arn] : [];
    }),
  );
  const received = aliasesReceived(plan.steps);
  const under = new Map<string, string[]>();
  for (const d of plan.basis.distributions) {
    if (d.certificateArn !== null) under.set(d.certificateArn, [...(under.get(d.certificateArn) ?? []), ...(received.get(d.id) ?? [])]);
  }
  const out: BasisDifference[] = [];
  for (const expected of plan.basis.certificates) {
    if (!inUse.has(expected.arn)) continue;
    const found = index.certificates.get(expected.arn);
    const subject = `certificate ${expected.arn}`;
    if (!found) {
      out.push({ subject, fact: 'exists', expected: `exists (${expected.status})`, found: 'not found (deleted from ACM)' });
      continue;
    }
    if (found.status !== expected.status) out.push({ subject, fact: 'status', expected: expected.status, found: found.status });
    const expiry = found.notAfter === null ? Number.NaN : Date.parse(found.notAfter);
    if (!Number.isNaN(expiry) && expiry <= now) {
      out.push({
        subject,
        fact: 'expiry',
        expected: `valid (until ${expected.notAfter ?? 'unknown'})`,
        found: `expired at ${found.notAfter!}`,
      });
    }
    const uncovered = uncoveredAliases(found.subjectAlternativeNames, under.get(expected.arn) ?? []);
    if (uncovered.length > 0) {
      out.push({
        subject,
        fact: 'coverage',
        expected: `covers ${uncovered.join(', ')}`,
        found: `does not cover ${uncovered.join(', ')} (SANs: ${found.subjectAlternativeNames.join(', ')})`,
      });
    }
  }
  return out;
}

function sameHolder(a: AliasHolder | null, b: AliasHolder | null): boolean {
  if (a === null || b === null) return a === b;
  return a.distribution === b.distribution && a.account === b.account;
}

function sameRecordSets(a: readonly DnsRecord[], b: readonly DnsRecord[]): boolean {
  return a.length === b.length && a.every((record) => b.some((other) => sameRecord(record, other)));
}

function recordsWords(records: readonly DnsRecord[], types: readonly string[]): string {
  return records.length === 0 ? `no ${types.join('/')} record` : records.map((r) => describeRecord(r)).join('; ');
}

function certificateWords(arn: string | null): string {
  return arn ?? 'no certificate of its own (the CloudFront default certificate)';
}

function onOff(enabled: boolean): string {
  return enabled ? 'enabled' : 'disabled';
}
