/**
 * Reading the record sets at many names of one zone in few ListResourceRecordSets requests.
 *
 * Route 53 lists a zone's record sets in one order (by name with the labels reversed, then by
 * type; the API reference of ListResourceRecordSets, "Sort order") and starts a listing at the
 * first record set whose name is at or after `StartRecordName`. So names sorted in that order are
 * read in one pass: start at the lowest name, and after each page of up to 300 record sets every
 * name before the page's `NextRecordName` is settled (found, or known to have no record set). The
 * next request continues from `NextRecordName` when that is a name still wanted, and jumps to the
 * next wanted name otherwise, so the records between two wanted names are never paged through.
 *
 * Cost: never more requests than names, nor more than the pages the range from the lowest to the
 * highest name spans (plus one per jump over a gap). Both providers (AWS and the in-process
 * sandbox) read records this way, so their request counts agree.
 */
import type { DnsRecord } from '@cfalias/core';
import { compareRecordKeys } from './route53-records.js';

/** Where a listing starts: a name, and (to continue inside a name) the type and set identifier. */
export interface RecordListStart {
  readonly name: string;
  readonly type?: string;
  readonly identifier?: string;
}

/** One ListResourceRecordSets page: its record sets (normalised names) and where the next page starts. */
export interface RecordPage {
  readonly records: readonly DnsRecord[];
  /** Absent on the last page. `name` normalised like the records' names. */
  readonly next?: RecordListStart;
}

/** Names in Route 53's listing order (normalised: lowercase FQDN with trailing dot), without repeats. */
export function inListingOrder(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => compareRecordKeys({ name: a, type: '' }, { name: b, type: '' }));
}

/**
 * The record sets at `names` (normalised lowercase FQDNs), read with `listPage` as described above.
 * Record sets come back in listing order.
 */
export async function readRecordsAtNames(
  names: readonly string[],
  listPage: (start: RecordListStart) => Promise<RecordPage>,
): Promise<DnsRecord[]> {
  const wanted = inListingOrder(names);
  const wantedSet = new Set(wanted);
  const found: DnsRecord[] = [];
  let next = 0;
  let start: RecordListStart | undefined = wanted[0] !== undefined ? { name: wanted[0] } : undefined;
  while (start !== undefined) {
    const page = await listPage(start);
    for (const record of page.records) if (wantedSet.has(record.name)) found.push(record);
    const after = page.next;
    if (after === undefined) break;
    // Every wanted name before where the next page starts is settled.
    while (next < wanted.length && compareRecordKeys({ name: wanted[next]!, type: '' }, { name: after.name, type: '' }) < 0) next++;
    const name = wanted[next];
    start = name === undefined ? undefined : name === after.name ? after : { name };
  }
  return found;
}
