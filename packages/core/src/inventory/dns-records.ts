/**
 * Route 53 facts about one alias, and the records the plan writes: where the alias's A/AAAA/CNAME
 * records send traffic, the records a repoint UPSERTs, and the `_<alias>` TXT ownership record a
 * move may need. Comparisons follow the inventory normalisation contract (lowercase FQDN names) and
 * ignore a trailing dot on targets.
 */
import { fromFqdn, toFqdn } from '../hostnames.js';
import { CLOUDFRONT_HOSTED_ZONE_ID, type DnsRecord, type HostedZone } from './inventory.js';
import type { InventoryIndex } from './inventory-index.js';

/**
 * The record sets at `<alias>.` in its zone, as the inventory index lists them (any type). Its
 * routing records are its CNAME, A and AAAA sets (a CNAME cannot share its name with A/AAAA); the
 * functions below pick them. A list rather than an object of the three: the index has the list
 * already, and the planner asks for one per alias.
 */
export type AliasRecords = readonly DnsRecord[];

type RoutingType = 'CNAME' | 'A' | 'AAAA';

/** TTL for records cfalias creates (the TXT record, a CNAME without one). */
export const CREATED_RECORD_TTL = 300;

export function aliasRecords(index: InventoryIndex, zone: HostedZone, alias: string): AliasRecords {
  return index.recordsAtHost(zone.id, alias);
}

/** The routing record set of `type` (a name has at most one per type; the last listed counts). */
function routing(records: AliasRecords, type: RoutingType): DnsRecord | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const t = records[i]!.type;
    // Types are uppercase as read; the length test spares a case conversion for every other type.
    if (t === type || (t.length === type.length && t.toUpperCase() === type)) return records[i];
  }
  return undefined;
}

export function routingRecords(records: AliasRecords): DnsRecord[] {
  return [routing(records, 'CNAME'), routing(records, 'A'), routing(records, 'AAAA')].filter((r): r is DnsRecord => r !== undefined);
}

/** Where one routing record sends traffic (lowercase host, no trailing dot); undefined for address records. */
export function recordTarget(record: DnsRecord): string | undefined {
  if (record.aliasTarget) return fromFqdn(record.aliasTarget.dnsName.toLowerCase());
  if (record.type.toUpperCase() === 'CNAME' && record.values?.[0] !== undefined) return fromFqdn(record.values[0].toLowerCase());
  return undefined;
}

export function isCloudFrontDomain(host: string): boolean {
  return host.endsWith('.cloudfront.net');
}

/**
 * `recordTarget(record) === domain` for a CloudFront domain (lowercase, no trailing dot, per the
 * inventory contract); the usual yes (`<domain>.` as written) without building the target.
 */
function targets(record: DnsRecord, domain: string): boolean {
  const host = record.aliasTarget ? record.aliasTarget.dnsName : record.type === 'CNAME' ? record.values?.[0] : undefined;
  const n = domain.length;
  if (host !== undefined && (host === domain || (host.length === n + 1 && host.charCodeAt(n) === 46 && host.startsWith(domain))))
    return true;
  return recordTarget(record) === domain;
}

/** At least one routing record exists and every one of them points at `domain`. */
export function recordsPointAt(records: AliasRecords, domain: string): boolean {
  if (records.length === 0) return false;
  const cname = routing(records, 'CNAME');
  const a = routing(records, 'A');
  const aaaa = routing(records, 'AAAA');
  if (!cname && !a && !aaaa) return false;
  return (!cname || targets(cname, domain)) && (!a || targets(a, domain)) && (!aaaa || targets(aaaa, domain));
}

/** Some routing record points at `domain`. */
export function someRecordPointsAt(records: AliasRecords, domain: string): boolean {
  const cname = routing(records, 'CNAME');
  const a = routing(records, 'A');
  const aaaa = routing(records, 'AAAA');
  return (
    (cname !== undefined && targets(cname, domain)) ||
    (a !== undefined && targets(a, domain)) ||
    (aaaa !== undefined && targets(aaaa, domain))
  );
}

/** The first CloudFront domain the records point at (CNAME, then A, then AAAA), or null. */
export function currentCloudFrontDomain(records: AliasRecords): string | null {
  for (const r of routingRecords(records)) {
    const target = recordTarget(r);
    if (target !== undefined && isCloudFrontDomain(target)) return target;
  }
  return null;
}

/** A CloudFront domain other than `domain` that the records point at, or null. */
export function otherCloudFrontDomain(records: AliasRecords, domain: string): string | null {
  for (const r of routingRecords(records)) {
    const target = recordTarget(r);
    if (target !== undefined && target !== domain && isCloudFrontDomain(target)) return target;
  }
  return null;
}

function cloudFrontAlias(name: string, type: 'A' | 'AAAA', domain: string): DnsRecord {
  return {
    name,
    type,
    aliasTarget: { dnsName: toFqdn(domain), hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID, evaluateTargetHealth: false },
  };
}

/**
 * The record sets a repoint of `alias` to `domain` UPSERTs: the CNAME (same TTL) when there is one,
 * else the A and AAAA alias records that exist, else both A and AAAA (creation).
 */
export function repointRecords(alias: string, records: AliasRecords, domain: string): DnsRecord[] {
  const name = toFqdn(alias);
  const cname = routing(records, 'CNAME');
  if (cname) {
    return [{ name, type: 'CNAME', ttl: cname.ttl ?? CREATED_RECORD_TTL, values: [domain] }];
  }
  const types: ('A' | 'AAAA')[] = [];
  if (routing(records, 'A')) types.push('A');
  if (routing(records, 'AAAA')) types.push('AAAA');
  if (types.length === 0) types.push('A', 'AAAA');
  return types.map((type) => cloudFrontAlias(name, type, domain));
}

/**
 * The name of the `_<alias>` TXT ownership record that proves control of `alias` to CloudFront when
 * it moves an alias (value: the target's DNS name). `zone` is the public hosted zone `alias`
 * belongs to. The one place this rule lives.
 *
 * - An ordinary name, `www.example.com` → `_www.example.com.`: the record AWS documents ("Move an
 *   alternate domain name": a TXT record for `_<alternate domain name>` whose value is the target's
 *   domain name).
 * - A zone apex, `example.com` (the alias is its zone's own name) → `_.example.com.`, inside the
 *   apex's own zone. AWS documents no record for an apex (it says same-account moves work for apex
 *   domains); `_example.com.` would lie outside zone `example.com.`, in a parent zone the account
 *   rarely has, so cfalias never could create it. `_.<apex>` is the `_<alias>` pattern kept inside
 *   the zone the account controls.
 * - A wildcard, `*.example.com` → `_*.example.com.` (the `_` prefixed to the whole name, as for
 *   any name; `*` is then an ordinary character in Route 53). AWS documents no record for a
 *   wildcard either.
 *
 * Where AWS is silent, CloudFront's answer decides: a move it refuses for the record (IllegalUpdate)
 * is retried once with the record created, and the sandbox plays both answers.
 */
export function ownershipRecordName(alias: string, zone: HostedZone | undefined): string {
  const name = toFqdn(alias);
  if (name === zone?.name.toLowerCase()) return `_.${name}`;
  return `_${name}`;
}

/** The TXT ownership record for moving `alias` to the resource whose DNS name is `domain` (see `ownershipRecordName`). */
export function txtRecord(alias: string, domain: string, zone?: HostedZone): DnsRecord {
  return { name: ownershipRecordName(alias, zone), type: 'TXT', ttl: CREATED_RECORD_TTL, values: [`"${domain}"`] };
}

/** Does the TXT record set hold the value `"<domain>"` (quotes and a trailing dot ignored)? */
export function txtHolds(record: DnsRecord | undefined, domain: string): boolean {
  return (record?.values ?? []).some((v) => fromFqdn(v.trim().replace(/^"|"$/g, '').toLowerCase()) === domain);
}

/** One record as an operator would write it: `www.example.com. CNAME "d2.cloudfront.net"` / `A ALIAS d2.cloudfront.net.` */
export function describeRecord(record: DnsRecord): string {
  if (record.aliasTarget) return `${record.name} ${record.type} ALIAS ${record.aliasTarget.dnsName}`;
  const values = (record.values ?? []).map((v) => (v.startsWith('"') ? v : `"${v}"`)).join(' ');
  return `${record.name} ${record.type} ${values}`;
}
