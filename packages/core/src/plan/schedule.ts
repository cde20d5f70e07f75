/**
 * The scheduler: turns the per-alias diff into the step DAG (docs/lifecycle.md, the ordering rules).
 *
 * For each distribution D touched:
 * - `R(D)` (`update-aliases:D:p1`): one UpdateDistribution removing everything leaving D by detach or
 *   detach-attach and adding every attach that needs no DNS repoint first;
 * - `move-alias:<alias>`: one UpdateDomainAssociation (or AssociateAlias) per alias with strategy `move`;
 * - `A(D)` (`update-aliases:D:p2`): one UpdateDistribution adding everything arriving by
 *   detach-attach, and attaches whose DNS had to be repointed first;
 * - one `wait-deployed` per update phase: `:p1` after D's phase-1 writes, `:p2` after its phase-2 ones.
 * Moves are phase-1 writes (`early`) or phase-2 writes (`late`, after their distributions' phase-1
 * waits), whichever gives the shorter critical path (see `scheduleSteps`).
 * Mutations of one distribution are totally ordered (R → early moves in round order → phase-1 wait
 * → late moves in round order → A → phase-2 wait) so each step's precondition is well defined, no
 * two writes race on one ETag, and no write stretches a wait in progress; rounds increase along
 * every chain, which keeps the graph acyclic. DNS changes are batched per zone and stage
 * (`pre`, `mid`, `post`), each `change-dns` followed by its `wait-dns`. Pre/postconditions come from
 * simulating the steps in order over copies of the alias sets and records.
 */
import { repointRecords, txtRecord, recordsPointAt } from '../inventory/dns-records.js';
import type { AliasPlan } from './diff.js';
import { toFqdn } from '../hostnames.js';
import type { Distribution, DnsRecord, HostedZone } from '../inventory/inventory.js';
import type { InventoryIndex } from '../inventory/inventory-index.js';
import type { DnsRecordChange, DnsRecordState, MoveAliasStep, PlanStep, UpdateAliasesStep, VerifyStep } from './plan.js';
import { estimateSteps, type EstimateResult, type StepTiming } from './estimate.js';

/**
 * Route 53 accepts at most 1,000 record values per change batch and counts an UPSERT twice, so a
 * stage's changes in one zone are split into batches of at most this many record sets.
 */
export const MAX_RECORD_CHANGES_PER_BATCH = 500;

export type DnsStage = 'pre' | 'mid' | 'post';

export interface AliasCount {
  /** Most aliases the distribution holds at any point of the plan. */
  readonly peak: number;
  /** Aliases it holds at the end. */
  readonly final: number;
}

export interface Schedule {
  /** Topological order (depth, then id). */
  readonly steps: readonly PlanStep[];
  /** Per distribution the plan mutates. */
  readonly aliasCounts: ReadonlyMap<string, AliasCount>;
  /** Per detach-attach alias: the waits whose finishes bound the time it is on no distribution. */
  readonly gaps: ReadonlyMap<string, { readonly removed: string; readonly added: string }>;
  /** `estimateSteps(steps, timing)`, computed while choosing where the moves go. */
  readonly estimate: EstimateResult;
  /** Placements of the moves drafted: 2 when `late` could win (see `lateCanWin`), else 1. */
  readonly placementsDrafted: 1 | 2;
}

type Draft =
  | {
      readonly kind: 'update-aliases';
      readonly id: string;
      readonly dependsOn: string[];
      readonly distribution: Distribution;
      readonly remove: string[];
      readonly add: string[];
    }
  | {
      readonly kind: 'move-alias';
      readonly id: string;
      readonly dependsOn: string[];
      readonly alias: string;
      readonly from: string;
      readonly to: string;
      readonly api: MoveAliasStep['api'];
      readonly txtFallback: MoveAliasStep['txtFallback'];
    }
  | { readonly kind: 'wait-deployed'; readonly id: string; readonly dependsOn: string[]; readonly distribution: string }
  | {
      readonly kind: 'change-dns';
      readonly id: string;
      readonly dependsOn: string[];
      readonly zone: HostedZone;
      readonly changes: readonly DnsRecordChange[];
    }
  | { readonly kind: 'wait-dns'; readonly id: string; readonly dependsOn: string[]; readonly zoneId: string; readonly changeStep: string }
  | {
      readonly kind: 'verify';
      readonly id: string;
      readonly dependsOn: string[];
      readonly distribution: string;
      readonly aliases: string[];
      readonly dns: VerifyStep['dns'];
    };

/** What a DNS batch entry waits for before it may run. */
type After =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'step'; readonly id: string }
  | { readonly kind: 'target-moves' | 'target-last'; readonly distribution: string };

interface DnsEntry {
  readonly alias: string;
  readonly zone: HostedZone;
  readonly stage: DnsStage;
  readonly records: readonly DnsRecord[];
  readonly after: After;
}

const r1 = (d: string): string => `update-aliases:${d}:p1`;
const r2 = (d: string): string => `update-aliases:${d}:p2`;
const w1 = (d: string): string => `wait-deployed:${d}:p1`;
const w2 = (d: string): string => `wait-deployed:${d}:p2`;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An alias set in `compare`'s order: the default sort of strings, without a comparator call per pair. */
function sortedAliases(set: ReadonlySet<string>): string[] {
  return [...set].sort();
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface ScheduleOptions {
  /** Used to choose where moves go (see `scheduleSteps`). */
  readonly timing: StepTiming;
  /**
   * Called during the simulation just before each `update-aliases` step takes effect, with the
   * simulated state at that point (rollback recipes are computed from it).
   */
  readonly beforeUpdate?: (step: UpdateAliasesStep, view: SimulationView) => void;
}

/** The simulated world at one point of the plan. */
export interface SimulationView {
  /** Sorted alias set of a distribution. */
  aliasesOf(distribution: string): string[];
  record(zoneId: string, name: string, type: string): DnsRecord | null;
}

/** The per-alias diff sorted into the groups the DAG is built from. */
interface Groups {
  readonly removeEarly: ReadonlyMap<string, string[]>;
  readonly addEarly: ReadonlyMap<string, string[]>;
  readonly addLate: ReadonlyMap<string, AliasPlan[]>;
  readonly moves: readonly AliasPlan[];
  readonly dnsEntries: readonly DnsEntry[];
  readonly gaps: ReadonlyMap<string, { readonly removed: string; readonly added: string }>;
}

/**
 * Where the `move-alias` steps go. `early`: in phase 1, between R(D) and D's phase-1 wait (one wait
 * phase when there is nothing else). `late`: after the phase-1 waits of their distributions,
 * alongside the phase-2 adds (so a move's TXT sync overlaps phase 1 instead of delaying every
 * phase-1 wait, and the move shares its distributions' phase-2 wait).
 */
type MovePlacement = 'early' | 'late';

/**
 * Builds the DAG. When `late` could make the plan faster (`lateCanWin`), both placements of the
 * moves are drafted and the one with the shorter critical path is kept (ties: fewer wait phases,
 * then `early`), so moving the moves never makes a plan slower; otherwise moves are `early`.
 */
export function scheduleSteps(items: readonly AliasPlan[], index: InventoryIndex, options: ScheduleOptions): Schedule {
  const groups = groupItems(items);
  const layout = layOut(groups, items, index);
  let ordered = topologicalOrder(draftSteps(groups, layout, index, 'early'));
  let estimate = estimateSteps(ordered, options.timing);
  const placementsDrafted = lateCanWin(groups) ? 2 : 1;
  if (placementsDrafted === 2) {
    const late = topologicalOrder(draftSteps(groups, layout, index, 'late'));
    const a = estimate.estimate;
    const lateEstimate = estimateSteps(late, options.timing);
    const b = lateEstimate.estimate;
    if (b.seconds < a.seconds || (b.seconds === a.seconds && b.waitPhases < a.waitPhases)) {
      ordered = late;
      estimate = lateEstimate;
    }
  }
  const { steps, aliasCounts } = simulate(ordered, index, options.beforeUpdate);
  return { steps, aliasCounts, gaps: groups.gaps, estimate, placementsDrafted };
}

/**
 * Whether `late` can finish sooner than `early` (when it cannot, only `early` is drafted). It
 * cannot without phase-2 adds (it only delays moves and the waits after them), nor unless some
 * move waits for its TXT record to be created (a move whose record exists runs at time 0 beside
 * R(D) and delays nothing). Nor can it when no distribution connected to such a move, through
 * chains of moves (which run one after another per distribution), has a phase-1 update or a
 * phase-2 add: those moves then start at the same times in both placements, nothing but their own
 * DNS repoints waits for their distributions' deployments, and every other move only starts later
 * in `late`.
 */
function lateCanWin(groups: Groups): boolean {
  const { moves, removeEarly, addEarly, addLate } = groups;
  if (addLate.size === 0) return false;
  if (!moves.some((m) => m.txt === 'create')) return false;
  // Union-find over distributions, joined by moves.
  const parent = new Map<string, string>();
  const find = (d: string): string => {
    let root = d;
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) root = up;
    for (let at = d; at !== root;) {
      const up = parent.get(at)!;
      parent.set(at, root);
      at = up;
    }
    return root;
  };
  for (const m of moves) {
    const a = find(m.source!.id);
    const b = find(m.target!.id);
    parent.set(a, a);
    if (a !== b) parent.set(b, a);
  }
  const waiting = new Set<string>();
  for (const m of moves) if (m.txt === 'create') waiting.add(find(m.source!.id));
  for (const group of [removeEarly, addEarly, addLate]) {
    for (const d of group.keys()) if (parent.has(d) && waiting.has(find(d))) return true;
  }
  return false;
}

function groupItems(items: readonly AliasPlan[]): Groups {
  const removeEarly = new Map<string, string[]>();
  const addEarly = new Map<string, string[]>();
  const addLate = new Map<string, AliasPlan[]>();
  const moves: AliasPlan[] = [];
  const dnsEntries: DnsEntry[] = [];
  const gaps = new Map<string, { removed: string; added: string }>();

  const repoint = (item: AliasPlan, stage: DnsStage, after: After): void => {
    if (!item.dns || !item.zone) return;
    dnsEntries.push({ alias: item.alias, zone: item.zone, stage, records: repointRecords(item.alias, item.records, item.dns.to), after });
  };

  // Items are sorted by alias, so every list below is in alias order.
  for (const item of items) {
    const { source, target } = item;
    switch (item.action) {
      case 'noop':
        repoint(item, 'post', { kind: 'nothing' });
        break;
      case 'detach':
        if (source) push(removeEarly, source.id, item.alias);
        break;
      case 'attach':
        if (!target) break; // unknown target: blocked by checks, nothing to schedule
        if (item.dns && item.dns.from !== null) {
          // DNS points at another CloudFront distribution: CloudFront refuses the add until it is repointed.
          push(addLate, target.id, item);
          repoint(item, 'pre', { kind: 'nothing' });
        } else {
          push(addEarly, target.id, item.alias);
          repoint(item, 'post', { kind: 'target-last', distribution: target.id });
        }
        break;
      case 'move':
        if (!source || !target) break;
        if (item.strategy === 'move') {
          moves.push(item);
          // In the zone that contains `_<alias>.`, which at a zone apex is not the alias's own zone.
          if (item.txt === 'create' && item.txtZone) {
            dnsEntries.push({
              alias: item.alias,
              zone: item.txtZone,
              stage: 'pre',
              records: [txtRecord(item.alias, target.domainName, item.zone)],
              after: { kind: 'nothing' },
            });
          }
          repoint(item, 'post', { kind: 'target-moves', distribution: target.id });
        } else {
          push(removeEarly, source.id, item.alias);
          push(addLate, target.id, item);
          gaps.set(item.alias, { removed: w1(source.id), added: w2(target.id) });
          if (item.dns && item.dns.from !== null) repoint(item, 'mid', { kind: 'step', id: w1(source.id) });
          else repoint(item, 'post', { kind: 'target-last', distribution: target.id });
        }
        break;
      default: {
        const never: never = item.action;
        throw new Error(`unknown action ${String(never)}`);
      }
    }
  }
  return { removeEarly, addEarly, addLate, moves, dnsEntries, gaps };
}

/** Splits one zone's entries of a stage into batches within Route 53's limit. */
export function chunkRecords<T extends { readonly records: readonly DnsRecord[] }>(entries: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const e of entries) {
    if (current.length > 0 && size + e.records.length > MAX_RECORD_CHANGES_PER_BATCH) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(e);
    size += e.records.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** One DNS change batch: a zone's entries of one stage, within Route 53's limit. */
interface DnsBatch {
  readonly changeId: string;
  readonly waitId: string;
  readonly zone: HostedZone;
  readonly entries: readonly DnsEntry[];
  readonly changes: readonly DnsRecordChange[];
}

/** What a verify checks of one distribution, and the DNS waits it follows. */
interface VerifyLayout {
  readonly dns: VerifyStep['dns'];
  readonly dnsWaits: readonly string[];
}

/**
 * The parts of the DAG that do not depend on where the moves go, laid out once for both drafts:
 * the distributions touched, the DNS batches of each stage, and the verify of each distribution.
 */
interface Layout {
  /** Sorted. */
  readonly distributions: readonly string[];
  readonly batches: ReadonlyMap<DnsStage, readonly DnsBatch[]>;
  /** Per alias: the wait-dns of its `pre` or `mid` batch, which its mutation must follow. */
  readonly earlyDnsWait: ReadonlyMap<string, string>;
  readonly verifies: ReadonlyMap<string, VerifyLayout>;
}

function layOut(groups: Groups, items: readonly AliasPlan[], index: InventoryIndex): Layout {
  const { removeEarly, addEarly, addLate, moves, dnsEntries } = groups;
  const batches = new Map<DnsStage, DnsBatch[]>();
  const earlyDnsWait = new Map<string, string>();
  const postDnsWait = new Map<string, string>();
  for (const stage of ['pre', 'mid', 'post'] as const) {
    const byZone = new Map<string, DnsEntry[]>();
    for (const e of dnsEntries) if (e.stage === stage) push(byZone, e.zone.id, e);
    const list: DnsBatch[] = [];
    for (const zoneId of [...byZone.keys()].sort(compare)) {
      const chunks = chunkRecords(byZone.get(zoneId) ?? []);
      chunks.forEach((chunk, i) => {
        const suffix = chunks.length > 1 ? `:${i + 1}` : '';
        const changeId = `change-dns:${zoneId}:${stage}${suffix}`;
        const waitId = `wait-dns:${zoneId}:${stage}${suffix}`;
        const changes = chunk.flatMap((e) => e.records.map((record): DnsRecordChange => ({ action: 'UPSERT', record })));
        list.push({ changeId, waitId, zone: chunk[0]!.zone, entries: chunk, changes });
        for (const e of chunk) (stage === 'post' ? postDnsWait : earlyDnsWait).set(e.alias, waitId);
      });
    }
    batches.set(stage, list);
  }

  const touched = new Set<string>([...removeEarly.keys(), ...addEarly.keys(), ...addLate.keys()]);
  for (const m of moves) {
    touched.add(m.source!.id);
    touched.add(m.target!.id);
  }
  const distributions = [...touched].sort(compare);

  const finalOn = new Map<string, AliasPlan[]>();
  for (const item of items) if (item.target) push(finalOn, item.target.id, item);
  const verifies = new Map<string, VerifyLayout>();
  for (const d of distributions) {
    const dist = index.distributions.get(d)!;
    const dns: { zoneId: string; name: string; pointsAt: string }[] = [];
    const dnsWaits = new Set<string>();
    for (const item of finalOn.get(d) ?? []) {
      if (!item.managedDns || !item.zone) continue;
      if (item.dns || recordsPointAt(item.records, dist.domainName)) {
        dns.push({ zoneId: item.zone.id, name: toFqdn(item.alias), pointsAt: dist.domainName });
      }
      const wait = postDnsWait.get(item.alias);
      if (wait !== undefined) dnsWaits.add(wait);
    }
    verifies.set(d, { dns, dnsWaits: [...dnsWaits] });
  }
  return { distributions, batches, earlyDnsWait, verifies };
}

function draftSteps(groups: Groups, layout: Layout, index: InventoryIndex, placement: MovePlacement): Draft[] {
  const { removeEarly, addEarly, addLate, moves } = groups;
  const { distributions, earlyDnsWait } = layout;
  const drafts: Draft[] = [];

  const addBatches = (stage: DnsStage, resolve: (after: After) => string | undefined): void => {
    for (const batch of layout.batches.get(stage) ?? []) {
      const deps = new Set<string>();
      for (const e of batch.entries) {
        const dep = resolve(e.after);
        if (dep !== undefined) deps.add(dep);
      }
      drafts.push({ kind: 'change-dns', id: batch.changeId, dependsOn: [...deps].sort(compare), zone: batch.zone, changes: batch.changes });
      drafts.push({ kind: 'wait-dns', id: batch.waitId, dependsOn: [batch.changeId], zoneId: batch.zone.id, changeStep: batch.changeId });
    }
  };

  // 1. DNS that must happen before mutations: TXT records and repoints before attaches (pre), and
  //    repoints between a detach-attach's removal and its add (mid).
  const stepAfter = (after: After): string | undefined => (after.kind === 'step' ? after.id : undefined);
  addBatches('pre', stepAfter);
  addBatches('mid', stepAfter);

  // 2. Mutations and their waits. `chain` is the last step each distribution's next write must follow.
  const chain = new Map<string, string>();
  const lastWait = new Map<string, string>();
  // The wait-deployed that follows the moves onto/off each distribution.
  const movesWait = new Map<string, string>();
  const phase1 = new Set<string>();
  const phase2 = new Set<string>();

  for (const d of distributions) {
    const remove = removeEarly.get(d) ?? [];
    const add = addEarly.get(d) ?? [];
    if (remove.length === 0 && add.length === 0) continue;
    drafts.push({ kind: 'update-aliases', id: r1(d), dependsOn: [], distribution: index.distributions.get(d)!, remove, add });
    chain.set(d, r1(d));
    phase1.add(d);
  }
  // Moves touching one distribution must run one after another, but a plain alias-order chain can
  // thread every distribution into one long sequence (a ring of moves would run one by one). So
  // each move gets the first round free on both its source and its target (greedy edge colouring,
  // in alias order: at most 2Δ-1 rounds for Δ moves per distribution), and moves are chained per
  // distribution in round order.
  const placeMoves = (group: Set<string>): void => {
    const roundsUsed = new Map<string, Set<number>>();
    const roundsOf = (d: string): Set<number> => {
      let used = roundsUsed.get(d);
      if (!used) roundsUsed.set(d, (used = new Set()));
      return used;
    };
    const rounds = moves.map((m) => {
      const a = roundsOf(m.source!.id);
      const b = roundsOf(m.target!.id);
      let round = 1;
      while (a.has(round) || b.has(round)) round++;
      a.add(round);
      b.add(round);
      return { move: m, round };
    });
    rounds.sort((x, y) => x.round - y.round || compare(x.move.alias, y.move.alias));
    for (const { move: m } of rounds) {
      const from = m.source!.id;
      const to = m.target!.id;
      const id = `move-alias:${m.alias}`;
      const deps = new Set<string>();
      for (const d of [from, to]) {
        const prev = chain.get(d);
        if (prev !== undefined) deps.add(prev);
      }
      const txtWait = earlyDnsWait.get(m.alias);
      if (txtWait !== undefined) deps.add(txtWait);
      drafts.push({
        kind: 'move-alias',
        id,
        dependsOn: [...deps].sort(compare),
        alias: m.alias,
        from,
        to,
        api: m.moveApi ?? 'update-domain-association',
        txtFallback: m.txtFallback,
      });
      chain.set(from, id);
      chain.set(to, id);
      group.add(from).add(to);
    }
  };
  if (placement === 'early') placeMoves(phase1);
  // One phase-1 wait per distribution, after its last phase-1 mutation (R or a move): a wait that
  // another mutation of the same distribution could overlap would end later than it says.
  for (const d of distributions) {
    if (!phase1.has(d)) continue;
    drafts.push({ kind: 'wait-deployed', id: w1(d), dependsOn: [chain.get(d)!], distribution: d });
    chain.set(d, w1(d));
    lastWait.set(d, w1(d));
  }
  if (placement === 'early') {
    for (const m of moves) for (const d of [m.source!.id, m.target!.id]) movesWait.set(d, w1(d));
  } else {
    placeMoves(phase2);
    for (const m of moves) for (const d of [m.source!.id, m.target!.id]) movesWait.set(d, w2(d));
  }
  for (const d of distributions) {
    const arriving = addLate.get(d) ?? [];
    if (arriving.length > 0) {
      // After D's own earlier writes and wait (so that wait is not stretched by this write), and
      // after the DNS repoint of each alias when it has one (it follows the source's removal), else
      // straight after the source's removal is Deployed.
      const deps = new Set<string>();
      const prev = chain.get(d);
      if (prev !== undefined) deps.add(prev);
      for (const item of arriving) {
        const dnsWait = earlyDnsWait.get(item.alias);
        if (dnsWait !== undefined) deps.add(dnsWait);
        else if (item.source) deps.add(w1(item.source.id));
      }
      const add = arriving.map((i) => i.alias);
      drafts.push({
        kind: 'update-aliases',
        id: r2(d),
        dependsOn: [...deps].sort(compare),
        distribution: index.distributions.get(d)!,
        remove: [],
        add,
      });
      chain.set(d, r2(d));
      phase2.add(d);
    }
    if (phase2.has(d)) {
      drafts.push({ kind: 'wait-deployed', id: w2(d), dependsOn: [chain.get(d)!], distribution: d });
      chain.set(d, w2(d));
      lastWait.set(d, w2(d));
    }
  }

  // 3. DNS after the targets are Deployed: repoints for moves, creations and non-CloudFront repoints.
  addBatches('post', (after) => {
    switch (after.kind) {
      case 'nothing':
        return undefined;
      case 'step':
        return after.id;
      case 'target-moves':
        return movesWait.get(after.distribution);
      case 'target-last':
        return lastWait.get(after.distribution);
    }
  });

  // 4. Verify every distribution whose alias set changes.
  for (const d of distributions) {
    const { dns, dnsWaits } = layout.verifies.get(d)!;
    const deps = new Set<string>([lastWait.get(d)!, ...dnsWaits]);
    drafts.push({ kind: 'verify', id: `verify:${d}`, dependsOn: [...deps].sort(compare), distribution: d, aliases: [], dns });
  }
  return drafts;
}

/** Kahn's algorithm; order by depth (longest path from a root), then id. */
function topologicalOrder(drafts: readonly Draft[]): Draft[] {
  const byId = new Map<string, Draft>();
  for (const d of drafts) {
    if (byId.has(d.id)) throw new Error(`duplicate step id ${d.id}`);
    byId.set(d.id, d);
  }
  const dependents = new Map<string, string[]>();
  const pending = new Map<string, number>();
  for (const d of drafts) {
    pending.set(d.id, d.dependsOn.length);
    for (const dep of d.dependsOn) {
      if (!byId.has(dep)) throw new Error(`step ${d.id} depends on unknown step ${dep}`);
      push(dependents, dep, d.id);
    }
  }
  const depth = new Map<string, number>();
  const queue = drafts.filter((d) => d.dependsOn.length === 0).map((d) => d.id);
  for (const id of queue) depth.set(id, 0);
  // Breadth first: the loop also visits what it appends to `queue`.
  for (const id of queue) {
    for (const next of dependents.get(id) ?? []) {
      depth.set(next, Math.max(depth.get(next) ?? 0, depth.get(id)! + 1));
      const left = pending.get(next)! - 1;
      pending.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  if (queue.length !== drafts.length) throw new Error('the step graph has a cycle');
  return [...drafts].sort((a, b) => depth.get(a.id)! - depth.get(b.id)! || compare(a.id, b.id));
}

function recordKey(name: string, type: string): string {
  return `${name} ${type}`;
}

/**
 * Walks the steps in order over copies of the alias sets and records: each step's precondition is
 * the state just before it, its postcondition the state after. Also assigns phases: a mutation is
 * in phase 1 + the most deployment waits before it, a wait-deployed in the phase of what it waits
 * for, DNS steps and verifies in the phase of the last deployment wait before them (at least 1).
 */
function simulate(
  ordered: readonly Draft[],
  index: InventoryIndex,
  beforeUpdate: ScheduleOptions['beforeUpdate'],
): { steps: PlanStep[]; aliasCounts: Map<string, AliasCount> } {
  const aliasSets = new Map<string, Set<string>>();
  const peaks = new Map<string, number>();
  const setOf = (id: string): Set<string> => {
    let set = aliasSets.get(id);
    if (!set) {
      set = new Set(index.distributions.get(id)?.aliases ?? []);
      aliasSets.set(id, set);
      peaks.set(id, set.size);
    }
    return set;
  };
  const touchedRecords = new Map<string, Map<string, DnsRecord | null>>();
  const recordState = (zoneId: string, name: string, type: string): DnsRecord | null => {
    const zone = touchedRecords.get(zoneId);
    const key = recordKey(name, type);
    if (zone?.has(key)) return zone.get(key) ?? null;
    return index.record(zoneId, name, type) ?? null;
  };
  const setRecord = (zoneId: string, record: DnsRecord): void => {
    let zone = touchedRecords.get(zoneId);
    if (!zone) {
      zone = new Map();
      touchedRecords.set(zoneId, zone);
    }
    zone.set(recordKey(record.name, record.type), record);
  };
  const view: SimulationView = {
    aliasesOf: (id) => sortedAliases(setOf(id)),
    record: (zoneId, name, type) => recordState(zoneId, name, type),
  };
  const waitsBefore = new Map<string, number>();
  const waitsThrough = (id: string): number => waitsBefore.get(id)! + (id.startsWith('wait-deployed:') ? 1 : 0);

  const steps: PlanStep[] = [];
  for (const draft of ordered) {
    const before = draft.dependsOn.reduce((max, dep) => Math.max(max, waitsThrough(dep)), 0);
    waitsBefore.set(draft.id, before);
    switch (draft.kind) {
      case 'update-aliases': {
        const set = setOf(draft.distribution.id);
        const precondition = {
          aliases: sortedAliases(set),
          enabled: draft.distribution.enabled,
          certificateArn: draft.distribution.certificateArn,
        };
        const after = new Set(set);
        for (const a of draft.remove) after.delete(a);
        for (const a of draft.add) after.add(a);
        const step: UpdateAliasesStep = {
          id: draft.id,
          kind: 'update-aliases',
          phase: before + 1,
          dependsOn: draft.dependsOn,
          distribution: draft.distribution.id,
          remove: draft.remove,
          add: draft.add,
          precondition,
          postcondition: { aliases: sortedAliases(after) },
        };
        beforeUpdate?.(step, view);
        aliasSets.set(draft.distribution.id, after);
        peaks.set(draft.distribution.id, Math.max(peaks.get(draft.distribution.id)!, after.size));
        steps.push(step);
        break;
      }
      case 'move-alias': {
        setOf(draft.from).delete(draft.alias);
        const to = setOf(draft.to);
        to.add(draft.alias);
        peaks.set(draft.to, Math.max(peaks.get(draft.to)!, to.size));
        steps.push({
          id: draft.id,
          kind: 'move-alias',
          phase: before + 1,
          dependsOn: draft.dependsOn,
          alias: draft.alias,
          from: draft.from,
          to: draft.to,
          api: draft.api,
          ...(draft.txtFallback && { txtFallback: draft.txtFallback }),
          precondition: { aliasOn: draft.from },
          postcondition: { aliasOn: draft.to },
        });
        break;
      }
      case 'wait-deployed':
        steps.push({
          id: draft.id,
          kind: 'wait-deployed',
          phase: before + 1,
          dependsOn: draft.dependsOn,
          distribution: draft.distribution,
        });
        break;
      case 'change-dns': {
        const pre: DnsRecordState[] = draft.changes.map((c) => ({
          name: c.record.name,
          type: c.record.type,
          record: recordState(draft.zone.id, c.record.name, c.record.type),
        }));
        for (const c of draft.changes) setRecord(draft.zone.id, c.record);
        const post: DnsRecordState[] = draft.changes.map((c) => ({ name: c.record.name, type: c.record.type, record: c.record }));
        steps.push({
          id: draft.id,
          kind: 'change-dns',
          phase: Math.max(1, before),
          dependsOn: draft.dependsOn,
          zoneId: draft.zone.id,
          zoneName: draft.zone.name,
          changes: draft.changes,
          precondition: { records: pre },
          postcondition: { records: post },
        });
        break;
      }
      case 'wait-dns':
        steps.push({
          id: draft.id,
          kind: 'wait-dns',
          phase: Math.max(1, before),
          dependsOn: draft.dependsOn,
          zoneId: draft.zoneId,
          changeStep: draft.changeStep,
        });
        break;
      case 'verify':
        // Verifies depend on the distribution's last wait, so every mutation of it is simulated already.
        steps.push({
          id: draft.id,
          kind: 'verify',
          phase: Math.max(1, before),
          dependsOn: draft.dependsOn,
          distribution: draft.distribution,
          aliases: sortedAliases(setOf(draft.distribution)),
          dns: draft.dns,
        });
        break;
      default: {
        const never: never = draft;
        throw new Error(`unknown step ${JSON.stringify(never)}`);
      }
    }
  }
  const aliasCounts = new Map<string, AliasCount>();
  for (const [id, set] of aliasSets) aliasCounts.set(id, { peak: peaks.get(id)!, final: set.size });
  return { steps, aliasCounts };
}
