/**
 * What the best possible cutover costs, worked out from the scenario alone (never from the plan
 * under test), and the throttle bound of a plan's step graph under a rate limit.
 */
import { cutoverShape, DEPLOY_SECONDS, DNS_SYNC_SECONDS, type CutoverScenario } from './scenarios.js';
import type { PlanStep } from './packages.js';

/**
 * Route 53 accepts at most 1,000 ResourceRecord elements per change batch and counts an UPSERT
 * twice, so one batch carries at most 500 single-value UPSERTs.
 */
export const ROUTE53_MAX_UPSERTS_PER_BATCH = 500;
/**
 * ListDistributions answers at most 100 distributions a page, and so do ListDistributionTenants and
 * ListConnectionGroups (their MaxItems default).
 */
export const CLOUDFRONT_LIST_PAGE = 100;
/** ListHostedZones: 100 zones a page; ListResourceRecordSets: 300 record sets a page. */
export const ROUTE53_ZONE_PAGE = 100;
export const ROUTE53_RECORD_PAGE = 300;

export interface Timing {
  readonly deploySeconds: number;
  readonly dnsSyncSeconds: number;
}

export const BENCH_TIMING: Timing = { deploySeconds: DEPLOY_SECONDS, dnsSyncSeconds: DNS_SYNC_SECONDS };

/**
 * The chain of dependent waits no schedule can avoid. Every scenario alias lacks its TXT record
 * (and asks for it up front: `txtProof: always`) and has DNS pointing at its source, so:
 * - move: TXT sync → one deployment (UpdateDomainAssociation) → DNS sync (repoint);
 * - detach-attach: deployment (removal) → DNS sync (repoint; CloudFront refuses the add while DNS
 *   points at another distribution) → deployment (add).
 */
export function lowerBoundSeconds(s: CutoverScenario, t: Timing = BENCH_TIMING): number {
  if (s.aliases === 0) return 0;
  return s.strategy === 'move'
    ? t.dnsSyncSeconds + t.deploySeconds + t.dnsSyncSeconds
    : t.deploySeconds + t.dnsSyncSeconds + t.deploySeconds;
}

/**
 * The hand-written script: for each alias in turn, remove it from its source, wait Deployed,
 * repoint DNS, wait INSYNC, add it to its target, wait Deployed.
 */
export function baselineSeconds(s: CutoverScenario, t: Timing = BENCH_TIMING): number {
  return s.aliases * (t.deploySeconds + t.dnsSyncSeconds + t.deploySeconds);
}

export interface MutationCounts {
  readonly updateDistribution: number;
  readonly moveCalls: number;
  readonly changeBatches: number;
}

export function totalMutations(c: MutationCounts): number {
  return c.updateDistribution + c.moveCalls + c.changeBatches;
}

/**
 * Fewest mutating calls: one UpdateDistribution per touched distribution per update phase (its
 * removals, then its additions), one move call (UpdateDomainAssociation) per moved alias, and per zone and DNS stage
 * as few change batches as Route 53's batch limit allows (move: the TXT records before, the
 * repoints after; detach-attach: the repoints between removal and add).
 */
export function mutationBound(s: CutoverScenario): MutationCounts {
  const shape = cutoverShape(s);
  const perZone = new Map<number, number>();
  for (const m of shape.moves) perZone.set(m.zone, (perZone.get(m.zone) ?? 0) + 1);
  const batchesPerStage = [...perZone.values()].reduce((sum, n) => sum + Math.ceil(n / ROUTE53_MAX_UPSERTS_PER_BATCH), 0);
  const touched = (ids: readonly string[]): number => new Set(ids).size;
  if (s.strategy === 'move') {
    return { updateDistribution: 0, moveCalls: s.aliases, changeBatches: 2 * batchesPerStage };
  }
  return {
    updateDistribution: touched(shape.moves.map((m) => m.source)) + touched(shape.moves.map((m) => m.target)),
    moveCalls: 0,
    changeBatches: batchesPerStage,
  };
}

/** The script above: two UpdateDistribution and one change batch per alias. */
export function baselineMutations(s: CutoverScenario): MutationCounts {
  return { updateDistribution: 2 * s.aliases, moveCalls: 0, changeBatches: s.aliases };
}

export interface RefreshCounts {
  readonly distributions: number;
  /** ListDistributionTenants and ListConnectionGroups pages. */
  readonly tenants: number;
  readonly certificates: number;
  readonly zones: number;
}

export function totalRefresh(c: RefreshCounts): number {
  return c.distributions + c.tenants + c.certificates + c.zones;
}

export interface AccountSize {
  readonly distributions: number;
  readonly certificates: number;
  /** Record sets per hosted zone. */
  readonly zoneRecords: readonly number[];
  /** Distribution tenants and connection groups (none in the benchmark worlds). */
  readonly tenants?: number;
  readonly connectionGroups?: number;
}

/** A list answers one page even when it is empty. */
function listPages(items: number, pageSize: number): number {
  return Math.max(1, Math.ceil(items / pageSize));
}

/** The tenant lists a refresh reads whatever the desired state: one page of each when there are none. */
function tenantPages(size: AccountSize): number {
  return listPages(size.tenants ?? 0, CLOUDFRONT_LIST_PAGE) + listPages(size.connectionGroups ?? 0, CLOUDFRONT_LIST_PAGE);
}

function zonePages(size: AccountSize): number {
  return (
    Math.ceil(size.zoneRecords.length / ROUTE53_ZONE_PAGE) + size.zoneRecords.reduce((sum, n) => sum + listPages(n, ROUTE53_RECORD_PAGE), 0)
  );
}

/**
 * Fewest read calls for a whole-account refresh: list pages of distributions, of tenants and of
 * connection groups, one read per certificate, zone and record pages.
 */
export function refreshBound(size: AccountSize): RefreshCounts {
  return {
    distributions: Math.ceil(size.distributions / CLOUDFRONT_LIST_PAGE),
    tenants: tenantPages(size),
    certificates: size.certificates,
    zones: zonePages(size),
  };
}

/** A per-resource refresh like Terraform's: one GetDistribution per distribution, the same tenant lists, certificates and zones. */
export function perResourceRefresh(size: AccountSize): RefreshCounts {
  return { distributions: size.distributions, tenants: tenantPages(size), certificates: size.certificates, zones: zonePages(size) };
}

export interface RateLimit {
  readonly perSecond: number;
  /** Default max(1, floor(perSecond)), as the sandbox. */
  readonly burst?: number;
}

const MUTATING_KINDS: ReadonlySet<PlanStep['kind']> = new Set(['update-aliases', 'move-alias', 'change-dns']);

/**
 * The throttle bound of a plan: its makespan on an ideal executor (unlimited parallelism, API calls
 * free, no retries) where every mutating step also needs a token of the rate limit's bucket.
 * Tokens go to steps in the order they become ready (ties: plan order); a deployment wait ends
 * `deploySeconds` after the distribution's last mutation, a DNS wait `dnsSyncSeconds` after its
 * change. Seconds from the start.
 */
export function throttleBoundSeconds(steps: readonly PlanStep[], limit: RateLimit, t: Timing = BENCH_TIMING): number {
  const interval = 1 / limit.perSecond;
  const tolerance = ((limit.burst ?? Math.max(1, Math.floor(limit.perSecond))) - 1) * interval;
  let arrival = 0; // GCRA theoretical arrival time, as the sandbox's bucket
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const waiting = steps.map((s) => new Set(s.dependsOn).size);
  const dependents: number[][] = steps.map(() => []);
  steps.forEach((s, i) => new Set(s.dependsOn).forEach((dep) => dependents[index.get(dep)!]!.push(i)));
  const ready: number[] = steps.map(() => 0);
  const finish: number[] = steps.map(() => 0);
  const lastMutation = new Map<string, number>();
  const queue: number[] = [];
  waiting.forEach((n, i) => n === 0 && queue.push(i));
  let makespan = 0;
  while (queue.length > 0) {
    // Few steps are ready at once in these plans: a linear pick keeps this obvious.
    let best = 0;
    for (let q = 1; q < queue.length; q++) {
      const a = queue[q]!;
      const b = queue[best]!;
      if (ready[a]! < ready[b]! || (ready[a] === ready[b] && a < b)) best = q;
    }
    const i = queue.splice(best, 1)[0]!;
    const step = steps[i]!;
    let start = ready[i]!;
    if (MUTATING_KINDS.has(step.kind)) {
      start = Math.max(start, arrival - tolerance);
      arrival = Math.max(arrival, start) + interval;
    }
    let end = start;
    switch (step.kind) {
      case 'update-aliases':
      case 'set-enabled':
        lastMutation.set(step.distribution, start);
        break;
      case 'move-alias':
        lastMutation.set(step.from, start);
        lastMutation.set(step.to, start);
        break;
      case 'wait-deployed':
        end = Math.max(start, (lastMutation.get(step.distribution) ?? -Infinity) + t.deploySeconds);
        break;
      case 'wait-dns':
        end = Math.max(start, finish[index.get(step.changeStep)!]! + t.dnsSyncSeconds);
        break;
      case 'change-dns':
      case 'verify':
        break;
      default: {
        const never: never = step;
        throw new Error(`unknown step ${JSON.stringify(never)}`);
      }
    }
    finish[i] = end;
    makespan = Math.max(makespan, end);
    for (const d of dependents[i]!) {
      ready[d] = Math.max(ready[d]!, end);
      if (--waiting[d]! === 0) queue.push(d);
    }
  }
  return makespan;
}
