/**
 * The apply benchmarks (`pnpm bench apply`, also part of `pnpm bench`): what a cutover costs in
 * requests and real seconds under AWS's request rate limits, the honest baselines, the lower bound
 * from CloudFront's own rules, and apply's wall time on the in-process sandbox at 10,000 moves.
 */
import { measureBatchedScript, measureEmulatedApply, COSTS, LATENCY_MS, type EmulatedApply } from './apply-costs.js';
import { measureBaseline, measureCutover } from './cutover-run.js';
import { check, ratio, seconds, table } from './markdown.js';
import { DEPLOY_SECONDS, DNS_SYNC_SECONDS, type CutoverScenario } from './scenarios.js';

export const APPLY_SIZES = [100, 1000, 10_000] as const;

/** What the baselines table means once requests cost time (the makespans count waits only). */
export const WAITS_AND_REQUESTS =
  "The makespans count the waits only. Requests take time too: \"requests + waits\" adds the real seconds of each one's requests under the rate limits (section 6 for cfalias, this section's run for the script) to its waits; for cfalias it is an upper estimate, since its deployments start as soon as a distribution's last alias has moved and overlap the rest. A `move` makes one move call (UpdateDomainAssociation) per alias, so at the assumed 5 CloudFront requests per second its request time grows with K and, from a few thousand aliases on, exceeds the waits it saves: at 10,000 aliases the batched script finishes first, at the price of every alias going unserved for about six minutes. cfalias's `detach-attach` strategy makes the script's requests (one UpdateDistribution per distribution per phase, one change batch per zone) with the same gap; `move` is the choice when no alias may go unserved.";
const ZONES = 2;
const TARGET_RATIO = 1.2;
const TARGET_PER_ALIAS = 1.5;
const TARGET_IN_PROCESS_SECONDS = 30;

/** D: sources and targets of at most 100 aliases each (the default quota). */
function scenarioOf(aliases: number, strategy: CutoverScenario['strategy'] = 'move'): CutoverScenario {
  return { aliases, distributions: 2 * Math.ceil(aliases / 100), strategy, zones: ZONES };
}

/**
 * Lower bound of a cutover's makespan from CloudFront's and Route 53's rules alone, whatever the
 * tool: a TXT record proving control must be visible (one DNS sync) before the move call, and the
 * alias is served by its target only once the target is Deployed (one deployment); repointing DNS
 * may overlap the deployment. Detach-attach: DNS must stop pointing at the source before the add
 * (one DNS sync), and the add is live once Deployed (one deployment).
 */
export function factsLowerBound(): number {
  return DNS_SYNC_SECONDS + DEPLOY_SECONDS;
}

function perOperation(m: EmulatedApply): string {
  return Object.entries(m.requests)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
}

export interface ApplyBenchResult {
  readonly markdown: string;
  readonly summary: readonly string[];
}

export async function applyBenchmarks(
  sizes: readonly number[] = APPLY_SIZES,
  log: (line: string) => void = () => undefined,
): Promise<ApplyBenchResult> {
  const rows: string[][] = [];
  const breakdown: string[][] = [];
  const baselines: string[][] = [];
  let ratioAtLargest = Number.NaN;
  let perAliasAtLargest = Number.NaN;
  let inProcess: { applySeconds: number; totalSeconds: number } | undefined;
  const bound = factsLowerBound();
  for (const k of sizes) {
    const scenario = scenarioOf(k);
    const m = await measureEmulatedApply(scenario);
    log(`cfalias K=${k}: ${m.status}, ${m.total} requests, ${m.realSeconds.toFixed(1)} s real (minimum ${m.minimum.seconds.toFixed(1)} s)`);
    const perAlias = m.total / k;
    const r = m.realSeconds / Math.max(m.minimum.seconds, 1e-9);
    ratioAtLargest = r;
    perAliasAtLargest = perAlias;
    rows.push([
      String(k),
      String(scenario.distributions),
      m.status,
      String(m.total),
      String(m.throttled),
      perAlias.toFixed(2),
      seconds(Number(m.realSeconds.toFixed(1))),
      `${seconds(Number(m.minimum.seconds.toFixed(1)))} (${m.minimum.bucket})`,
      `${r.toFixed(2)}×`,
    ]);
    breakdown.push([String(k), perOperation(m)]);
    const script = await measureBatchedScript(scenarioOf(k, 'detach-attach'));
    log(`batched script K=${k}: ${script.status}, ${script.total} requests, ${script.realSeconds.toFixed(1)} s real`);
    const started = performance.now();
    const simulated = await measureCutover(scenario);
    if (k === 10_000) inProcess = { applySeconds: simulated.applyWallSeconds, totalSeconds: (performance.now() - started) / 1000 };
    const naive = await measureBaseline(scenario);
    baselines.push([
      String(k),
      `${seconds(simulated.makespanSeconds)} (${ratio(simulated.makespanSeconds, bound)} the bound), no gap`,
      `${seconds(script.makespanSeconds)} (${ratio(script.makespanSeconds, bound)}), ${script.status}; each alias unserved from its removal's deployment to its add's`,
      `${script.total} (${script.throttled} throttled), ${seconds(Number(script.realSeconds.toFixed(1)))} real`,
      ratio(script.makespanSeconds, simulated.makespanSeconds),
      `${seconds(Number((m.realSeconds + simulated.makespanSeconds).toFixed(1)))} / ${seconds(Number((script.realSeconds + script.makespanSeconds).toFixed(1)))}`,
      seconds(naive.makespanSeconds),
    ]);
  }
  inProcess ??= await inProcessApply();
  log(`in-process K=10000: apply ${inProcess.applySeconds.toFixed(1)} s wall`);
  return render({ sizes, rows, breakdown, baselines, ratioAtLargest, perAliasAtLargest, inProcess });
}

interface Rendered {
  readonly sizes: readonly number[];
  readonly rows: string[][];
  readonly breakdown: string[][];
  readonly baselines: string[][];
  readonly ratioAtLargest: number;
  readonly perAliasAtLargest: number;
  readonly inProcess: { applySeconds: number; totalSeconds: number };
}

function render(r: Rendered): ApplyBenchResult {
  const bound = factsLowerBound();
  const largest = r.sizes[r.sizes.length - 1]!;
  const ratioOk = r.ratioAtLargest <= TARGET_RATIO;
  const perAliasOk = r.perAliasAtLargest < TARGET_PER_ALIAS;
  const inProcessOk = r.inProcess.applySeconds < TARGET_IN_PROCESS_SECONDS;
  const limits = COSTS.rateLimits!;
  const markdown = [
    '## 6. Apply under AWS request rate limits (real SDK, emulator, real seconds)',
    '',
    `K aliases move (\`move\`) from D/2 sources to D/2 targets, records in ${ZONES} hosted zones. cfalias reads, plans, then applies through the AWS SDK for JavaScript with the CLI's client settings against AWS (the SDK's adaptive retry mode, 3 attempts) against the emulator with real-time costs (\`sandbox serve --latency\`, docs/emulator.md): ${LATENCY_MS} ms per request, Route 53 ${limits.route53!.perSecond}/s per account, CloudFront ${limits.cloudfront!.perSecond}/s per operation and account (burst ${limits.cloudfront!.burst}; AWS publishes no figure, this is the emulator's assumption), ACM ${limits.acm!.perSecond}/s per operation. Deployment and DNS waits run on simulated time (polled every 50 ms of real time), so the real seconds are what the requests cost. Only the apply is counted and timed. "requests" = every request the emulator answered, throttled ones included; "minimum" = the fewest real seconds the rate limits allow for the same accepted requests (each bucket passes its burst at once, then its rate; buckets run side by side, so the busiest sets it).`,
    '',
    table(['K', 'D', 'status', 'requests', 'throttled', 'per alias', 'real', 'minimum (busiest bucket)', 'real / minimum'], r.rows),
    '',
    'Requests by operation:',
    '',
    table(['K', 'requests'], r.breakdown),
    '',
    `K = ${largest.toLocaleString('en-US')}: real / minimum ≤ ${TARGET_RATIO}× ${check(ratioOk)}; under ${TARGET_PER_ALIAS} requests per moved alias ${check(perAliasOk)}. A \`move\` cutover of this size takes as long as its move calls (UpdateDomainAssociation), one per alias, at CloudFront's rate; its reads are a few per distribution and zone (docs/api-calls.md). On AWS the deployments (minutes) overlap that phase: a distribution's wait starts when its last alias has moved.`,
    '',
    '## 7. Lower bound and baselines (simulated seconds)',
    '',
    `Lower bound = ${bound} s, from CloudFront's and Route 53's rules, not from cfalias's plan: before the move call the TXT record proving control, which the scenario asks for up front (\`txtProof: always\`), must be visible (one DNS sync, ${DNS_SYNC_SECONDS} s), and the alias is served by its target only once the target is Deployed (one deployment, ${DEPLOY_SECONDS} s), which cannot start before the move call; repointing DNS could overlap the deployment. A detach-attach has the same floor: DNS must stop pointing at the source before the add (one sync), and the add is live once Deployed. cfalias's \`move\` (in-process sandbox, no rate limits) also waits for the repoint's sync after the deployment, so that verify sees DNS on the target: 420 s.`,
    '',
    `"Batched script" = what an operator would write with the SDK: remove every moving alias from each source (one GetDistributionConfig + UpdateDistribution per distribution), wait for all to deploy, one Route 53 change batch per zone (up to 500 records each), wait, add the aliases to each target, wait; plain SDK calls, adaptive retry mode with 10 attempts, against the same rate-limited emulator as section 6 (bench/apply-costs.ts). It is a detach-attach: each alias is unserved for about ${DEPLOY_SECONDS + DNS_SYNC_SECONDS} s. "Naive" = one alias at a time (remove, wait, repoint, wait, add, wait), on the in-process sandbox: a strawman nobody should run, shown for scale only.`,
    '',
    table(
      [
        'K',
        'cfalias `move` makespan',
        'batched script makespan',
        'script requests',
        'script / cfalias (waits only)',
        'requests + waits: cfalias / script',
        'naive loop (strawman)',
      ],
      r.baselines,
    ),
    '',
    WAITS_AND_REQUESTS,
    '',
    '## 8. Apply of 10,000 moves on the in-process sandbox',
    '',
    `Library \`applyPlan\` over the in-process sandbox provider (simulated clock), K = 10,000, D = 200, ${ZONES} zones: apply ${seconds(Number(r.inProcess.applySeconds.toFixed(1)))} wall (read + plan + apply ${seconds(Number(r.inProcess.totalSeconds.toFixed(1)))}); target < ${TARGET_IN_PROCESS_SECONDS} s ${check(inProcessOk)}.`,
  ].join('\n');
  const summary = [
    `- Apply of ${largest.toLocaleString('en-US')} moves under the rate limits: ${r.ratioAtLargest.toFixed(2)}× the minimum they allow (target ≤ ${TARGET_RATIO}×: ${check(ratioOk)}), ${r.perAliasAtLargest.toFixed(2)} requests per alias (target < ${TARGET_PER_ALIAS}: ${check(perAliasOk)}) (section 6).`,
    `- Apply of 10,000 moves on the in-process sandbox: ${r.inProcess.applySeconds.toFixed(1)} s wall (target < ${TARGET_IN_PROCESS_SECONDS} s: ${check(inProcessOk)}) (section 8).`,
  ];
  return { markdown, summary };
}

async function inProcessApply(): Promise<{ applySeconds: number; totalSeconds: number }> {
  const started = performance.now();
  const m = await measureCutover(scenarioOf(10_000));
  const totalSeconds = (performance.now() - started) / 1000;
  if (m.result.status !== 'succeeded') throw new Error(`in-process apply of 10,000 moves: ${m.result.status}`);
  return { applySeconds: m.applyWallSeconds, totalSeconds };
}
