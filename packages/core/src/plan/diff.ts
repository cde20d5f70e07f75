/**
 * Diff: per managed alias, where it is (owner in the account, or a foreign owner), where it must
 * end, which action and strategy get it there, and whether its Route 53 records need a change.
 * The result (`AliasPlan`) carries the facts the checks and the scheduler need, so neither looks
 * anything up twice. Pure; O(aliases) with the inventory index.
 */
import {
  aliasRecords,
  otherCloudFrontDomain,
  recordsPointAt,
  txtHolds,
  txtRecordName,
  type AliasRecords,
} from '../inventory/dns-records.js';
import type { DesiredAlias, DesiredState } from '../desired/desired.js';
import { certificateCovers } from '../hostnames.js';
import type { Distribution, ForeignOwner, HostedZone } from '../inventory/inventory.js';
import type { InventoryIndex } from '../inventory/inventory-index.js';
import type { ChangeAction, DnsRepoint, Strategy } from './plan.js';

/** For a `move`: the `_<alias>` TXT record holds the target's domain, can be created, or neither. */
export type TxtState = 'present' | 'create' | 'unavailable';

export interface AliasPlan {
  readonly desired: DesiredAlias;
  readonly alias: string;
  readonly action: ChangeAction;
  /** The account's distribution holding the alias now. */
  readonly source: Distribution | null;
  /** Desired target id (null: detach). */
  readonly targetId: string | null;
  /** The target, when it is a distribution of the account. */
  readonly target: Distribution | null;
  readonly strategy: Strategy | null;
  readonly reason: string;
  readonly foreign: ForeignOwner | undefined;
  /** The public hosted zone the alias belongs to (whatever the alias's `dns` mode). */
  readonly zone: HostedZone | undefined;
  /** Its routing records in that zone (empty without a zone). */
  readonly records: AliasRecords;
  /** cfalias may change its records: `dns: route53` and a zone exists. */
  readonly managedDns: boolean;
  readonly dns: DnsRepoint | undefined;
  readonly txt: TxtState | undefined;
  /**
   * For a `move`: the public hosted zone that contains `_<alias>.` (longest suffix), where the TXT
   * record is read and created. The alias's own zone, except at a zone apex: `_example.com.` is
   * not inside `example.com.` but in its parent's zone (or in no zone of the account).
   */
  readonly txtZone?: HostedZone | undefined;
}

export function diffAliases(desired: DesiredState, index: InventoryIndex): AliasPlan[] {
  const aliases = desired.aliases;
  // Desired files are usually written in order: sort only when they are not.
  let sorted = true;
  for (let i = 1; i < aliases.length && sorted; i++) sorted = aliases[i - 1]!.alias <= aliases[i]!.alias;
  const ordered = sorted ? aliases : [...aliases].sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
  const out: AliasPlan[] = [];
  for (const d of ordered) out.push(diffAlias(d, index));
  return out;
}

function diffAlias(desired: DesiredAlias, index: InventoryIndex): AliasPlan {
  const alias = desired.alias;
  const source = index.owners.get(alias) ?? null;
  const foreign = source ? undefined : index.foreignOwners.get(alias);
  const target = desired.target === null ? null : (index.distributions.get(desired.target) ?? null);
  const zone = index.zoneFor(alias);
  const records = zone ? aliasRecords(index, zone, alias) : {};
  const managedDns = desired.dns === 'route53' && zone !== undefined;

  let action: ChangeAction;
  let reason: string;
  let strategy: Strategy | null = null;
  let txt: TxtState | undefined;
  let txtZone: HostedZone | undefined;
  if (desired.target === null) {
    action = source ? 'detach' : 'noop';
    reason = source ? `target is null: remove it from ${source.id}` : 'target is null and no distribution of the account holds it';
  } else if (source?.id === desired.target) {
    action = 'noop';
    reason = `already on ${source.id}`;
  } else if (source) {
    action = 'move';
    txtZone = index.zoneFor(txtRecordName(alias));
    const txtState = target ? txtStateFor(alias, target, txtZone, desired.dns === 'route53', index) : 'unavailable';
    if (desired.strategy === 'auto') {
      const covers = target !== null && coveredBy(target, alias, index);
      if (covers && txtState !== 'unavailable') {
        strategy = 'move';
        reason = `auto: AssociateAlias (target certificate covers it; TXT ${txtRecordName(alias)} ${txtState === 'present' ? 'present' : 'will be created'})`;
      } else {
        strategy = 'detach-attach';
        reason = !covers
          ? `auto: detach-attach (${target ? `the certificate of ${target.id} does not cover it` : 'target unknown'})`
          : `auto: detach-attach (TXT ${txtRecordName(alias)} is missing and cfalias cannot create it: ${desired.dns === 'none' ? 'dns: none' : zone ? 'no hosted zone of the account contains it' : 'no hosted zone'})`;
      }
    } else {
      strategy = desired.strategy;
      reason = `strategy ${desired.strategy} requested`;
    }
    if (strategy === 'move') txt = txtState;
    else txtZone = undefined;
  } else {
    action = 'attach';
    reason = foreign ? `held by ${foreign.distributionId} in account ${foreign.accountId}` : 'no distribution holds it';
  }

  return {
    desired,
    alias,
    action,
    source,
    targetId: desired.target,
    target,
    strategy,
    reason,
    foreign,
    zone,
    records,
    managedDns,
    dns: dnsRepoint(action, target, zone, records, managedDns),
    txt,
    ...(txtZone !== undefined && { txtZone }),
  };
}

function coveredBy(target: Distribution, alias: string, index: InventoryIndex): boolean {
  const cert = target.certificateArn === null ? undefined : index.certificates.get(target.certificateArn);
  return cert !== undefined && certificateCovers(cert.subjectAlternativeNames, alias);
}

/** `route53`: cfalias may write the alias's records, the TXT record included, wherever a zone holds them. */
function txtStateFor(
  alias: string,
  target: Distribution,
  txtZone: HostedZone | undefined,
  route53: boolean,
  index: InventoryIndex,
): TxtState {
  if (!txtZone) return 'unavailable';
  if (txtHolds(index.record(txtZone.id, txtRecordName(alias), 'TXT'), target.domainName)) return 'present';
  return route53 ? 'create' : 'unavailable';
}

/**
 * The Route 53 change the alias gets: with `dns: route53` and a hosted zone, its records must end
 * pointing at the final owner (a no-op alias included: its records are repaired or created; a
 * detached alias keeps its records, see `dns-left-pointing`).
 */
function dnsRepoint(
  action: ChangeAction,
  target: Distribution | null,
  zone: HostedZone | undefined,
  records: AliasRecords,
  managedDns: boolean,
): DnsRepoint | undefined {
  if (!managedDns || !zone || !target || action === 'detach') return undefined;
  if (recordsPointAt(records, target.domainName)) return undefined;
  return { zoneId: zone.id, from: otherCloudFrontDomain(records, target.domainName), to: target.domainName };
}
