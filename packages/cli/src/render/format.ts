/** Small formatting helpers shared by the renderers: durations, colours, distribution labels. */
import pc from 'picocolors';
import type { PlanDistribution } from '@cfalias/core';

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colour decision: `--no-color` and a non-empty NO_COLOR switch it off; FORCE_COLOR (other than
 * "0") switches it on even when stdout is not a terminal; otherwise on for a terminal only.
 */
export function createPalette(options: {
  readonly flag: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
}): Colors {
  const { flag, env, isTTY } = options;
  let enabled: boolean;
  if (!flag || (env['NO_COLOR'] ?? '') !== '') enabled = false;
  else if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') enabled = true;
  else enabled = isTTY;
  return pc.createColors(enabled);
}

/**
 * `0s`, `45s`, `1.5s` (fractions only below a minute), `5m 0s`, `1h 2m 3s`. Negative input is
 * treated as 0.
 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 60) {
    const tenths = Math.round(s * 10) / 10;
    return Number.isInteger(tenths) ? `${tenths}s` : `${tenths.toFixed(1)}s`;
  }
  const whole = Math.round(s);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  return h > 0 ? `${h}h ${m}m ${rest}s` : `${m}m ${rest}s`;
}

export function formatDurationMs(ms: number): string {
  return formatDuration(ms / 1000);
}

/** `1 deployment wait`, `2 deployment waits`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** How distributions are named in output: `E1BLUE (blue)` when a logical name is known. */
export function distributionLabeler(distributions: readonly PlanDistribution[]): (id: string) => string {
  const names = new Map(distributions.map((d) => [d.id, d.name] as const));
  return (id) => {
    const name = names.get(id);
    return name ? `${id} (${name})` : id;
  };
}

/**
 * A slack or overrun for people: `1h 49m` from an hour up (seconds dropped, rounded down), the
 * `formatDuration` form below that.
 */
export function formatSpan(seconds: number): string {
  if (seconds < 3600) return formatDuration(seconds);
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/**
 * A maintenance window, short: `02:00–04:00Z` when it starts and ends on one UTC day (the day is
 * in the plan's date already), `2026-12-01 23:00Z–2026-12-02 01:00Z` across midnight.
 */
export function formatWindow(window: { readonly start: string; readonly end: string }): string {
  const start = new Date(window.start);
  const end = new Date(window.end);
  const hhmm = (d: Date): string => d.toISOString().slice(11, 16);
  const day = (d: Date): string => d.toISOString().slice(0, 10);
  if (day(start) === day(end)) return `${hhmm(start)}–${hhmm(end)}Z`;
  return `${day(start)} ${hhmm(start)}Z–${day(end)} ${hhmm(end)}Z`;
}

/**
 * How the estimate compares with the window's length (a plan is reviewed before the window
 * opens; apply itself refuses to start outside it).
 */
export function describeWindowFit(
  estimateSeconds: number,
  window: { readonly start: string; readonly end: string },
): { readonly fits: boolean; readonly text: string } {
  const length = (Date.parse(window.end) - Date.parse(window.start)) / 1000;
  const slack = length - estimateSeconds;
  return slack >= 0
    ? { fits: true, text: `fits in the window ${formatWindow(window)} with ${formatSpan(slack)} to spare` }
    : { fits: false, text: `does not fit in the window ${formatWindow(window)}: ${formatSpan(-slack)} too long` };
}

/**
 * Where `now` stands against the window, for a plan reviewed before it opens: apply refuses to start
 * outside it, so the reviewer is told when it opens and closes, and that an apply now is refused.
 */
export function describeWindowTiming(
  now: number,
  window: { readonly start: string; readonly end: string },
): { readonly open: boolean; readonly text: string } {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  const at = (ms: number): string => new Date(ms).toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z');
  if (now < start) {
    return {
      open: false,
      text: `The window opens ${at(start)} (in ${formatSpan((start - now) / 1000)}) and closes ${at(end)}; apply before it opens is refused.`,
    };
  }
  if (now >= end)
    return { open: false, text: `The window closed ${at(end)}; apply is refused until the window in the desired file is moved.` };
  return { open: true, text: `The window is open until ${at(end)} (${formatSpan((end - now) / 1000)} left).` };
}
