/**
 * What `cfalias watch` (and `apply --watch`) prints: one human line per check and per drift, or
 * JSON lines in the event schema of docs/events.md (`watch-start`, `watch-check`, `drift`,
 * `watch-end`).
 */
import { holderWords, type AliasDrift } from '@cfalias/core';
import type { TextSink } from '../io/cli-io.js';
import type { WatchCheck, WatchResult } from '../commands/watch-loop.js';
import { toJsonError, EVENT_SCHEMA_VERSION } from './apply-json.js';
import { formatDurationMs, plural, type Colors } from './format.js';

export interface WatchReporter {
  start(at: number, aliases: number): void;
  check(check: WatchCheck): void;
  end(at: number, result: WatchResult): void;
}

export interface WatchReporterOptions {
  readonly intervalMs: number;
  readonly forMs?: number;
  readonly simulated: boolean;
  /** Distribution ids to their logical names (`E2GREEN (green)`). */
  readonly label: (id: string) => string;
}

/** `www.example.com left E2GREEN (green): now on E1BLUE (blue)`. */
export function driftWords(
  drift: AliasDrift,
  options: { readonly account?: string | undefined; readonly label: (id: string) => string },
): string {
  const expected = drift.expected === null ? 'was detached' : `left ${options.label(drift.expected)}`;
  const found = holderWords(drift.found, { named: options.label, ...(options.account !== undefined && { account: options.account }) });
  return `${drift.alias} ${expected}: now ${found}`;
}

export function createHumanWatchReporter(out: TextSink, colors: Colors, options: WatchReporterOptions): WatchReporter {
  const time = (at: number): string => new Date(at).toISOString().slice(11, 19);
  return {
    start(at, aliases) {
      const span = options.forMs !== undefined ? `for ${formatDurationMs(options.forMs)}` : 'until Ctrl-C';
      out.write(
        `\nWatching ${plural(aliases, 'managed alias', 'managed aliases')} every ${formatDurationMs(options.intervalMs)} ${span}` +
          `${options.simulated ? ' (simulated time)' : ''}, from ${new Date(at).toISOString()}.\n`,
      );
    },
    check(check) {
      if (check.error !== undefined) {
        out.write(`${time(check.at)} check ${check.check}: ${colors.yellow('could not read the aliases:')} ${check.error.message}\n`);
        return;
      }
      const state =
        check.drift.length === 0
          ? colors.green('every alias is where it belongs')
          : colors.red(`${plural(check.drift.length, 'alias', 'aliases')} drifted`);
      out.write(`${time(check.at)} check ${check.check}: ${state}\n`);
      for (const d of check.newDrift)
        out.write(`  ${colors.red('drift:')} ${driftWords(d, { account: check.account, label: options.label })}\n`);
    },
    end(at, result) {
      const how = { 'for-elapsed': 'the watch period ended', interrupted: 'interrupted', drift: 'drift found' }[result.reason];
      const found = result.drifted.length === 0 ? 'no drift' : `drift on ${result.drifted.join(', ')}`;
      out.write(`Watch ended at ${new Date(at).toISOString()} (${how}) after ${plural(result.checks, 'check', 'checks')}: ${found}.\n`);
    },
  };
}

export function createJsonWatchReporter(out: TextSink, options: WatchReporterOptions): WatchReporter {
  const write = (type: string, at: number, fields: Record<string, unknown>): void =>
    void out.write(`${JSON.stringify({ v: EVENT_SCHEMA_VERSION, type, at: new Date(at).toISOString(), ...fields })}\n`);
  return {
    start(at, aliases) {
      write('watch-start', at, {
        aliases,
        intervalMs: options.intervalMs,
        ...(options.forMs !== undefined && { forMs: options.forMs }),
        simulated: options.simulated,
      });
    },
    check(check) {
      write('watch-check', check.at, {
        check: check.check,
        aliases: check.aliases,
        drifted: check.drift.map((d) => d.alias),
        ...(check.error !== undefined && { error: toJsonError(check.error) }),
      });
      for (const d of check.newDrift) {
        write('drift', check.at, {
          alias: d.alias,
          expected: d.expected,
          found: d.found,
          message: driftWords(d, { account: check.account, label: options.label }),
        });
      }
    },
    end(at, result) {
      write('watch-end', at, { checks: result.checks, reason: result.reason, drifted: result.drifted });
    },
  };
}
