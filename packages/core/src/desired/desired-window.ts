/** The maintenance window of `cfalias.yaml`: UTC ISO 8601 instants, end after start. */
import { EXAMPLE_TIMESTAMP } from './schema-messages.js';
import { isRecord, type Locate, type Report } from './yaml-locations.js';

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

type Instant = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly message: string };

function parseUtcTimestamp(field: string, written: string): Instant {
  const match = ISO_TIMESTAMP.exec(written);
  if (!match) return { ok: false, message: `${field} "${written}" is not an ISO 8601 timestamp; write it like ${EXAMPLE_TIMESTAMP}` };
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone] = match;
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const wholeSeconds = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]);
  const ms = wholeSeconds + Math.round(Number(`0${fraction}`) * 1000);
  // Date.UTC rolls 31 April over to 1 May: a round trip shows whether each field was in range.
  const back = new Date(wholeSeconds);
  const real =
    back.getUTCFullYear() === parts[0] &&
    back.getUTCMonth() === parts[1] - 1 &&
    back.getUTCDate() === parts[2] &&
    back.getUTCHours() === parts[3] &&
    back.getUTCMinutes() === parts[4] &&
    back.getUTCSeconds() === parts[5];
  if (!real) return { ok: false, message: `${field} "${written}" is not a real date and time` };
  if (zone === undefined)
    return { ok: false, message: `${field} "${written}" has no time zone: write it in UTC with a Z (like ${EXAMPLE_TIMESTAMP})` };
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    const utc = Number.isFinite(ms - offsetMs) ? new Date(ms - offsetMs).toISOString().replace('.000Z', 'Z') : undefined;
    return { ok: false, message: `${field} "${written}" is not UTC: write it with Z${utc ? ` (${utc})` : ''}` };
  }
  return { ok: true, ms };
}

export function checkWindow(where: Locate, window: unknown, report: Report): void {
  if (!isRecord(window)) return;
  const instants: Partial<Record<'start' | 'end', number>> = {};
  for (const field of ['start', 'end'] as const) {
    const written = window[field];
    if (typeof written !== 'string') continue; // missing or wrong type: a schema error
    const instant = parseUtcTimestamp(`window.${field}`, written);
    if (instant.ok) instants[field] = instant.ms;
    else report('invalid-window', instant.message, where(['window', field], 'value'));
  }
  if (instants.start !== undefined && instants.end !== undefined && instants.end <= instants.start) {
    report(
      'invalid-window',
      `window.end ${String(window['end'])} is not after window.start ${String(window['start'])}`,
      where(['window', 'end'], 'value'),
    );
  }
}
