/**
 * Plan-level safety checks (octoDNS's TooMuchChange idiom: the rule lives in core, a CLI flag only
 * switches it off): the blast radius of a plan, and whether its estimate fits the maintenance window.
 */
import type { MaintenanceWindow, SafetySettings } from '../desired/desired.js';
import type { Diagnostic } from './diagnostics.js';
import type { ChangeAction } from './plan.js';

/** The blast-radius rule applies from this many managed aliases up. */
export const BLAST_RADIUS_MIN_MANAGED = 10;

/**
 * `too-many-changes` (error) when more than `safety.maxChangePercent` percent of the managed
 * aliases change (attach, detach or move; DNS-only repairs of no-op aliases do not count), and at
 * least BLAST_RADIUS_MIN_MANAGED aliases are managed. `force` switches the check off.
 */
export function checkBlastRadius(actions: readonly ChangeAction[], safety: SafetySettings, file: string, force: boolean): Diagnostic[] {
  const managed = actions.length;
  if (force || managed < BLAST_RADIUS_MIN_MANAGED) return [];
  const changed = actions.filter((a) => a !== 'noop').length;
  const limit = safety.maxChangePercent;
  // Integer comparison: changed/managed > limit/100 without rounding.
  if (changed * 100 <= limit * managed) return [];
  const percent = Math.round((changed * 1000) / managed) / 10;
  return [
    {
      severity: 'error',
      code: 'too-many-changes',
      message: `the plan changes ${changed} of ${managed} managed aliases (${percent}%), more than safety.maxChangePercent (${limit}%)`,
      remediation: `review the plan; if this many changes are intended, run again with --force, or raise safety.maxChangePercent in ${file}`,
    },
  ];
}

function duration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m === 0 ? `${s}s` : s === 0 ? `${m}m` : `${m}m ${s}s`;
}

/** `window-too-short` (warning) when the estimated apply time exceeds the window's length. */
export function checkWindowFit(window: MaintenanceWindow | undefined, estimateSeconds: number): Diagnostic[] {
  if (!window) return [];
  const length = (Date.parse(window.end) - Date.parse(window.start)) / 1000;
  if (!(estimateSeconds > length)) return [];
  return [
    {
      severity: 'warning',
      code: 'window-too-short',
      message: `the plan is estimated at ${duration(estimateSeconds)} (${estimateSeconds} s) but the maintenance window ${window.start} – ${window.end} lasts ${duration(length)} (${length} s); apply will not start steps that cannot finish before it ends`,
      remediation: 'widen the window, or split the cutover into smaller plans',
    },
  ];
}
