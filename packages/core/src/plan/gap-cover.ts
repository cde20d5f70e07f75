/**
 * Whether a detach-attach alias is served during its gap (from its removal finishing on the source
 * to its addition finishing on the target) by its parent wildcard `*.<parent>`, held by some
 * distribution or tenant for the whole gap. CloudFront serves a request by the most specific alias
 * it matches (`servingAlias`): with the exact alias held nowhere, the parent wildcard when it is
 * held, no other wildcard being more specific. Only the parent wildcard counts: a wildcard alias
 * needs a certificate covering it, and `*.example.com` covers exactly one label, so a deeper match
 * (`*.example.com` for `a.b.example.com`) routes the request to a distribution whose certificate
 * does not cover the name. Conservative throughout: a wildcard removed and added again in the plan
 * counts only until its removal, and the gap is reported whole unless it is covered whole.
 */
import { isWildcard } from '../hostnames.js';
import type { InventoryIndex } from '../inventory/inventory-index.js';
import type { AliasPlan } from './diff.js';
import type { Diagnostic } from './diagnostics.js';
import { parentWildcard } from './basis.js';
import type { PlanStep } from './plan.js';

/** The wildcard that serves an alias during its gap, and who holds it. */
export interface GapCover {
  readonly wildcard: string;
  readonly holder: string;
}

/** A gap: the steps whose finishes bound it (its removal's wait, its addition's wait). */
export interface Gap {
  readonly removed: string;
  readonly added: string;
}

/** When a wildcard is served: from `from` (its addition Deployed) until `until` (the start of whatever ends it). */
interface Held {
  holder: string;
  from: number;
  until: number;
}

/** What the schedule says of the detach-attach gaps: the steps, their finishes, each alias's gap. */
export interface GapSchedule {
  readonly steps: readonly PlanStep[];
  readonly gaps: ReadonlyMap<string, Gap>;
  readonly estimate: { readonly finishes: ReadonlyMap<string, number> };
}

/**
 * The downtime of each detach-attach alias: its gap in seconds, or 0 when its parent wildcard serves
 * it for the whole gap. `warnings(diagnostics)`, once every alias's downtime is known, says why each
 * such 0 is one (see `gapCoverWarnings`).
 */
export function gapDowntimes(
  schedule: GapSchedule,
  index: InventoryIndex,
): { seconds(item: AliasPlan): number; warnings(diagnostics: readonly Diagnostic[]): Diagnostic[] } {
  const { finishes } = schedule.estimate;
  const cover = gapCovers(schedule.steps, index, finishes);
  const covered: CoveredGap[] = [];
  return {
    seconds: (item) => {
      const gap = schedule.gaps.get(item.alias);
      if (!gap) return 0;
      const seconds = (finishes.get(gap.added) ?? 0) - (finishes.get(gap.removed) ?? 0);
      const wildcard = seconds > 0 ? cover(item.alias, gap) : undefined;
      if (!wildcard) return seconds;
      covered.push({ item, cover: wildcard, seconds });
      return 0;
    },
    warnings: (diagnostics) => gapCoverWarnings(covered, diagnostics),
  };
}

/**
 * `cover(alias, gap)`: the wildcard serving `alias` for the whole gap, or undefined. A wildcard in
 * the inventory counts from the start when its holder is one of the reachable accounts' and is
 * enabled; one the plan adds counts from the
 * finish of the deployment wait after its addition. It counts until the start of the first step that
 * removes or moves it or disables its holder: the update may take effect at any edge from then on.
 */
function gapCovers(
  steps: readonly PlanStep[],
  index: InventoryIndex,
  finishes: ReadonlyMap<string, number>,
): (alias: string, gap: Gap) => GapCover | undefined {
  let touched: Touched | undefined;
  const finish = (id: string): number => finishes.get(id) ?? 0;
  return (alias, gap) => {
    const wildcard = parentWildcard(alias);
    if (wildcard === undefined) return undefined;
    touched ??= touchedWildcards(steps, index, finish);
    const h = touched.held.has(wildcard) ? touched.held.get(wildcard)! : heldAtStart(wildcard, index);
    if (h === null) return undefined;
    const until = Math.min(h.until, touched.disabledAt.get(h.holder) ?? Infinity);
    return h.from <= finish(gap.removed) && until >= finish(gap.added) ? { wildcard, holder: h.holder } : undefined;
  };
}

/**
 * A wildcard in the inventory on an enabled distribution or tenant. A holder outside the reachable
 * accounts does not count: CloudFront names it (masked) but not whether it is enabled, and a
 * downtime of 0 must never rest on a guess (the full gap is the safe estimate).
 */
function heldAtStart(wildcard: string, index: InventoryIndex): Held | null {
  const own = index.owners.get(wildcard);
  return own?.enabled ? { holder: own.id, from: 0, until: Infinity } : null;
}

/**
 * What the plan does to wildcards: when each one it adds, removes or moves is held; when it first
 * disables each distribution.
 */
interface Touched {
  readonly held: Map<string, Held | null>;
  readonly disabledAt: Map<string, number>;
}

function touchedWildcards(steps: readonly PlanStep[], index: InventoryIndex, finish: (id: string) => number): Touched {
  const start = (step: PlanStep): number => Math.max(0, ...step.dependsOn.map(finish));
  const held = new Map<string, Held | null>();
  const initial = (wildcard: string): Held | null => {
    if (held.has(wildcard)) return held.get(wildcard)!;
    const h = heldAtStart(wildcard, index);
    held.set(wildcard, h);
    return h;
  };
  const end = (wildcard: string, at: number): void => {
    const h = initial(wildcard);
    if (h) h.until = Math.min(h.until, at);
  };
  // The deployment wait after each update: an addition is served once it is over.
  const waitAfter = new Map<string, string>();
  for (const step of steps)
    if (step.kind === 'wait-deployed') for (const dep of step.dependsOn) waitAfter.set(`${step.distribution} ${dep}`, step.id);
  const disabledAt = new Map<string, number>();
  for (const step of steps) {
    if (step.kind === 'update-aliases') {
      for (const a of step.remove) if (isWildcard(a)) end(a, start(step));
      for (const a of step.add) {
        if (!isWildcard(a) || initial(a)) continue;
        const wait = waitAfter.get(`${step.distribution} ${step.id}`);
        held.set(a, { holder: step.distribution, from: wait ? finish(wait) : finish(step.id), until: Infinity });
      }
    } else if (step.kind === 'move-alias' && isWildcard(step.alias)) {
      end(step.alias, start(step));
    } else if (step.kind === 'set-enabled' && !step.enabled) {
      disabledAt.set(step.distribution, Math.min(disabledAt.get(step.distribution) ?? Infinity, start(step)));
    }
  }
  return { held, disabledAt };
}

/** A detach-attach alias whose gap a wildcard covers: the gap's length and the wildcard. */
interface CoveredGap {
  readonly item: AliasPlan;
  readonly cover: GapCover;
  readonly seconds: number;
}

/**
 * Warnings `gap-served-by-wildcard`: why each covered alias has no downtime. Left out where a
 * `wildcard-overlap` warning already says that the same distribution serves the alias during its gap.
 */
function gapCoverWarnings(covered: readonly CoveredGap[], diagnostics: readonly Diagnostic[]): Diagnostic[] {
  if (covered.length === 0) return [];
  const said = new Set<string>();
  for (const d of diagnostics) if (d.code === 'wildcard-overlap') said.add(`${d.alias} ${d.distribution}`);
  return covered.filter((c) => !said.has(`${c.item.alias} ${c.cover.holder}`)).map(gapCoverDiagnostic);
}

function gapCoverDiagnostic({ item, cover, seconds }: CoveredGap): Diagnostic {
  // On the source or the target, the distribution serving the alias before or after serves it meanwhile.
  const on =
    cover.holder === item.source?.id
      ? `${cover.holder}, the distribution it leaves`
      : cover.holder === item.targetId
        ? `${cover.holder}, the distribution it moves to`
        : `${cover.holder}, which may serve different content`;
  return {
    severity: 'warning',
    code: 'gap-served-by-wildcard',
    alias: item.alias,
    distribution: cover.holder,
    message: `${item.alias}: downtime 0 s: for the ${seconds} s between its removal from ${item.source?.id ?? '?'} and its addition to ${item.targetId ?? '?'}, requests for it are served by ${cover.wildcard} on ${on}`,
    remediation: `use strategy move (one UpdateDomainAssociation, no gap) if ${cover.wildcard} on ${cover.holder} must not serve ${item.alias}`,
    ...(item.desired.location && { location: item.desired.location }),
  };
}
