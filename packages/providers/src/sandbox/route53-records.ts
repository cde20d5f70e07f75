/**
 * Route 53 record mechanics shared by the world model and the providers: the `\052` escape, the
 * ListResourceRecordSets order, and conversion between the wire shape (`ResourceRecordSet`) and the
 * normalised core `DnsRecord` (lowercase FQDN with trailing dot, `*` decoded).
 */
import { toFqdn, type DnsRecord } from '@cfalias/core';
import type { ResourceRecordSetShape } from './aws-shapes.js';

/** `\052.example.com.` → `*.example.com.`; lowercases; adds the trailing dot. */
export function decodeRecordName(name: string): string {
  // Most names have no escape: a substring test is far cheaper than a regular expression per record.
  return toFqdn((name.includes('\\052') ? name.replace(/\\052/g, '*') : name).toLowerCase());
}

/** `*.example.com.` → `\052.example.com.` (Route 53 answers with the octal escape). */
export function encodeRecordName(name: string): string {
  return name.replace(/\*/g, '\\052');
}

/**
 * Route 53's ListResourceRecordSets order of two names: their labels reversed, each followed by a
 * dot (`www.example.com.` reads `com.example.www.`), compared in plain character order, so the
 * trailing dot sorts after `*` and `-`. Compared in place, label by label from the last: building
 * the reversed names cost more than sorting a zone's records already in order.
 */
export function compareRecordNames(a: string, b: string): number {
  let aEnd = a.endsWith('.') ? a.length - 1 : a.length;
  let bEnd = b.endsWith('.') ? b.length - 1 : b.length;
  // Names of one zone share their last labels: skip the common ending in one pass. When the first
  // difference from the end is between two letters (not a dot, and both names go on), the labels
  // holding it are the first that differ, and they alone decide.
  let i = aEnd - 1;
  let j = bEnd - 1;
  while (i >= 0 && j >= 0 && a.charCodeAt(i) === b.charCodeAt(j)) {
    i--;
    j--;
  }
  if (i >= 0 && j >= 0 && a.charCodeAt(i) !== DOT && b.charCodeAt(j) !== DOT) {
    const aLabelEnd = labelEnd(a, i, aEnd);
    return compareLabels(a, labelStart(a, i + 1), aLabelEnd, b, labelStart(b, j + 1), j + (aLabelEnd - i));
  }
  let aStart = labelStart(a, aEnd);
  let bStart = labelStart(b, bEnd);
  for (;;) {
    const order = compareLabels(a, aStart, aEnd, b, bStart, bEnd);
    if (order !== 0) return order;
    // The same label; then the labels before, unless a name has none left (the shorter key sorts first).
    if (aStart === 0 || bStart === 0) return aStart === bStart ? 0 : aStart === 0 ? -1 : 1;
    aEnd = aStart - 1;
    bEnd = bStart - 1;
    aStart = labelStart(a, aEnd);
    bStart = labelStart(b, bEnd);
  }
}

const DOT = 46;

/** The end (exclusive) of the label holding position `at`: the next dot, or `end`. */
function labelEnd(name: string, at: number, end: number): number {
  const dot = name.indexOf('.', at);
  return dot < 0 || dot > end ? end : dot;
}

/** Two labels, each followed by its dot, in plain character order (0: the same label). */
function compareLabels(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number): number {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const common = Math.min(aLength, bLength);
  for (let k = 0; k < common; k++) {
    const diff = a.charCodeAt(aStart + k) - b.charCodeAt(bStart + k);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  if (aLength === bLength) return 0;
  // The shorter label's dot meets a character of the longer label (never a dot).
  if (aLength < bLength) return DOT < b.charCodeAt(bStart + common) ? -1 : 1;
  return a.charCodeAt(aStart + common) < DOT ? -1 : 1;
}

/** Where the label ending at `end` (exclusive) starts. */
function labelStart(name: string, end: number): number {
  return end === 0 ? 0 : name.lastIndexOf('.', end - 1) + 1;
}

/** Route 53's ListResourceRecordSets order: by name (compareRecordNames), then by type. */
export function compareRecordKeys(a: { name: string; type: string }, b: { name: string; type: string }): number {
  return compareRecordNames(a.name, b.name) || (a.type === b.type ? 0 : a.type < b.type ? -1 : 1);
}

export function fromResourceRecordSet(rrset: ResourceRecordSetShape): DnsRecord {
  const record: { -readonly [K in keyof DnsRecord]: DnsRecord[K] } = {
    name: decodeRecordName(rrset.Name),
    type: rrset.Type.toUpperCase(),
  };
  if (rrset.TTL !== undefined) record.ttl = rrset.TTL;
  if (rrset.ResourceRecords !== undefined) record.values = rrset.ResourceRecords.map((r) => r.Value);
  if (rrset.AliasTarget !== undefined) {
    record.aliasTarget = {
      dnsName: toFqdn(rrset.AliasTarget.DNSName.toLowerCase()),
      hostedZoneId: rrset.AliasTarget.HostedZoneId,
      evaluateTargetHealth: rrset.AliasTarget.EvaluateTargetHealth,
    };
  }
  return record;
}

/**
 * A record set as an inventory record, as the Inventory normalisation contract wants it (an alias
 * target's `evaluateTargetHealth` only when true, as the AWS provider reads it too).
 */
export function toInventoryRecord(rrset: ResourceRecordSetShape): DnsRecord {
  const record = fromResourceRecordSet(rrset);
  if (record.aliasTarget?.evaluateTargetHealth !== false) return record;
  const { evaluateTargetHealth: _default, ...aliasTarget } = record.aliasTarget;
  return { ...record, aliasTarget };
}

export function toResourceRecordSet(record: DnsRecord): ResourceRecordSetShape {
  const rrset: ResourceRecordSetShape = { Name: encodeRecordName(record.name), Type: record.type };
  if (record.ttl !== undefined) rrset.TTL = record.ttl;
  if (record.values !== undefined) rrset.ResourceRecords = record.values.map((Value) => ({ Value }));
  if (record.aliasTarget !== undefined) {
    rrset.AliasTarget = {
      HostedZoneId: record.aliasTarget.hostedZoneId,
      DNSName: record.aliasTarget.dnsName,
      EvaluateTargetHealth: record.aliasTarget.evaluateTargetHealth ?? false,
    };
  }
  return rrset;
}

/** Same record set content (what a Route 53 DELETE must match): TTL, values (any order), alias target. */
export function sameRecordContent(a: DnsRecord, b: DnsRecord): boolean {
  if (a.name !== b.name || a.type !== b.type) return false;
  if ((a.ttl ?? null) !== (b.ttl ?? null)) return false;
  const va = [...(a.values ?? [])].sort();
  const vb = [...(b.values ?? [])].sort();
  if (va.length !== vb.length || va.some((v, i) => v !== vb[i])) return false;
  const ta = a.aliasTarget;
  const tb = b.aliasTarget;
  if (!ta || !tb) return !ta && !tb;
  return (
    toFqdn(ta.dnsName.toLowerCase()) === toFqdn(tb.dnsName.toLowerCase()) &&
    ta.hostedZoneId === tb.hostedZoneId &&
    (ta.evaluateTargetHealth ?? false) === (tb.evaluateTargetHealth ?? false)
  );
}

/** TXT record values are quoted strings: `"d2.cloudfront.net"` → `d2.cloudfront.net`. */
export function unquoteTxt(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).split('" "').join('');
  }
  return trimmed;
}

/** Strips Route 53's `/hostedzone/` or `/change/` prefix from an id. */
export function bareRoute53Id(id: string): string {
  return id.replace(/^\/?(hostedzone|change)\//, '');
}
