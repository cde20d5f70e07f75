/**
 * `pnpm bench`: how close cfalias gets to the fastest cutover CloudFront allows, on the in-process
 * sandbox (simulated clock). Prints the tables and writes BENCHMARKS.md (latest run, machine, date).
 * Simulated seconds and call counts are deterministic; CPU and memory figures are this machine's.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  baselineMutations,
  lowerBoundSeconds,
  mutationBound,
  perResourceRefresh,
  refreshBound,
  throttleBoundSeconds,
  totalMutations,
  totalRefresh,
  type MutationCounts,
} from './bounds.js';
import { cliPlanSection, replaceSection } from './cli-plan-section.js';
import { APPLY_SIZES, applyBenchmarks } from './apply-bench.js';
import { measureBaseline, measureCutover, seededRandom, type ApplyTuning } from './cutover-run.js';
import { check, mb, ms, ratio, replaceSummaryLine, seconds, table } from './markdown.js';
import { profilePlanning, samplePlanning } from './planning-cost.js';
import type { PlanningSample } from './planning-child.js';
import { cutoverShape, DEPLOY_SECONDS, DNS_SYNC_SECONDS, SCALE_ALIASES_PER_DISTRIBUTION, type CutoverScenario } from './scenarios.js';

const OUTPUT = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
/** (K aliases, D distributions): at most 100 aliases per distribution (the default quota). */
const SIZES: readonly (readonly [number, number])[] = [
  [1, 2],
  [10, 4],
  [100, 10],
  [1000, 20],
];
const STRATEGIES = ['move', 'detach-attach'] as const;
const PLANNING_SIZES = [100, 1000, 10000] as const;
const TARGET_ALIASES = 100_000;
const TARGET_CPU_MS = 1000;
const TARGET_RSS_MB = 300;
const RATE = { perSecond: 2 } as const;

const sections: string[] = [];
function emit(text: string): void {
  sections.push(text);
  process.stdout.write(`${text}\n\n`);
}

function mutationCells(c: MutationCounts): string {
  return `${c.updateDistribution} / ${c.moveCalls} / ${c.changeBatches}`;
}

async function cutovers(): Promise<{ allAtBound: boolean; callsAtBound: boolean }> {
  const makespanRows: string[][] = [];
  const callRows: string[][] = [];
  let allAtBound = true;
  let callsAtBound = true;
  const oversized: string[] = [];
  for (const [aliases, distributions] of SIZES) {
    const baseline = await measureBaseline({ aliases, distributions, strategy: 'move' });
    for (const strategy of STRATEGIES) {
      const scenario: CutoverScenario = { aliases, distributions, strategy };
      const m = await measureCutover(scenario);
      const bound = lowerBoundSeconds(scenario);
      const ok = m.result.status === 'succeeded' && m.makespanSeconds === bound;
      allAtBound &&= ok;
      makespanRows.push([
        String(aliases),
        String(distributions),
        strategy,
        m.result.status,
        seconds(m.makespanSeconds),
        seconds(bound),
        ratio(m.makespanSeconds, bound),
        check(ok),
        seconds(baseline.makespanSeconds),
      ]);
      const mBound = mutationBound(scenario);
      const callsOk = totalMutations(m.mutations) === totalMutations(mBound) && mutationCells(m.mutations) === mutationCells(mBound);
      callsAtBound &&= callsOk;
      const shape = cutoverShape(scenario);
      const size = {
        distributions,
        certificates: 1,
        zoneRecords: shape.zoneIds.map((_, z) => shape.moves.filter((mv) => mv.zone === z).length),
      };
      if (m.largestBatch > 1000) oversized.push(`K=${aliases} D=${distributions} ${strategy}: ${m.largestBatch} changes in one batch`);
      callRows.push([
        String(aliases),
        String(distributions),
        strategy,
        mutationCells(m.mutations),
        mutationCells(mBound),
        check(callsOk),
        String(totalMutations(baselineMutations(scenario))),
        ratio(totalMutations(baselineMutations(scenario)), totalMutations(m.mutations)),
        String(m.largestBatch),
        String(totalRefresh(m.refresh)),
        String(totalRefresh(refreshBound(size))),
        String(totalRefresh(perResourceRefresh(size))),
        String(m.applyReads),
      ]);
    }
  }
  emitCutoverSections(makespanRows, callRows, oversized);
  return { allAtBound, callsAtBound };
}

/** Sections 1 (makespan) and 2 (calls) of the report, from the rows `cutovers` measured. */
function emitCutoverSections(makespanRows: string[][], callRows: string[][], oversized: readonly string[]): void {
  emit(
    [
      '## 1. Makespan of apply (simulated seconds)',
      '',
      `deploySeconds ${DEPLOY_SECONDS}, dnsSyncSeconds ${DNS_SYNC_SECONDS}. K aliases move from D/2 source distributions to D/2 targets (alias i from source i mod D/2 to target i mod D/2), spread over 2 hosted zones; each alias has an A record pointing at its source and no TXT ownership record, and asks for one up front (txtProof: always; a same-account move with the default needs none and is one DNS sync shorter). ` +
        "Plan bound = the chain of dependent waits of cfalias's own plan (section 7 measures against the bound from CloudFront's rules instead): `move` = TXT sync + one deployment + DNS sync (" +
        `${lowerBoundSeconds({ aliases: 1, distributions: 2, strategy: 'move' })} s); \`detach-attach\` = deployment + DNS sync + deployment (${lowerBoundSeconds({ aliases: 1, distributions: 2, strategy: 'detach-attach' })} s), whatever K. ` +
        'Naive = one alias at a time over the same provider (remove, wait, repoint DNS, wait, add, wait): a strawman no operator runs, shown for scale only; a batched script (one update per distribution per phase, one change batch per zone) takes 660 s whatever K, and section 7 compares with it.',
      '',
      table(
        ['K', 'D', 'strategy', 'status', 'cfalias', 'plan bound', 'cfalias / bound', 'at bound', 'naive loop (strawman)'],
        makespanRows,
      ),
    ].join('\n'),
  );
  emit(
    [
      '## 2. Calls',
      '',
      'Mutating calls of apply as UpdateDistribution / UpdateDomainAssociation / Route 53 change batches, against the bound: one UpdateDistribution per touched distribution per update phase, one UpdateDomainAssociation per moved alias, one change batch per zone per DNS stage (`move`: TXT before, repoint after; `detach-attach`: repoint between removal and add). ' +
        'Refresh = the calls of the inventory read before planning; its bound is ceil(D/100) ListDistributions pages + one page each of ListDistributionTenants and ListConnectionGroups (the worlds have neither) + one DescribeCertificate per certificate + zone pages (ListHostedZones, ListResourceRecordSets); per-resource = one GetDistribution per distribution + the same certificates and zones (a Terraform-style refresh). ' +
        'Apply reads (GetDistribution for preconditions, deployment polls and, once per target, the ETag UpdateDomainAssociation sends as If-Match; ListResourceRecordSets, GetChange) are shown for information.',
      '',
      table(
        [
          'K',
          'D',
          'strategy',
          'cfalias mutations',
          'bound',
          'at bound',
          'naive loop mutations',
          'naive / cfalias',
          'largest batch',
          'refresh',
          'refresh bound',
          'per-resource refresh',
          'apply reads',
        ],
        callRows,
      ),
      '',
      oversized.length === 0
        ? "Route 53 accepts at most 1,000 changes per batch: no batch of any run exceeded it (the planner splits a zone's stage at 500 record sets)."
        : `**Route 53 batch limit exceeded** (at most 1,000 changes per batch): ${oversized.join('; ')}.`,
    ].join('\n'),
  );
}

function growth(samples: readonly PlanningSample[], pick: (s: PlanningSample) => number): string[] {
  return samples.map((s, i) => (i === 0 ? '–' : ratio(pick(s), pick(samples[i - 1]!))));
}

const PLANNING_HEADING = '## 3. Planning cost';

function planning(): { targetMet: boolean } {
  const plans = PLANNING_SIZES.map((d) => samplePlanning(d, 'plan'));
  const reads = PLANNING_SIZES.map((d) => samplePlanning(d, 'read-plan'));
  const cpuGrowth = growth(plans, (s) => s.planCpuMs);
  // What n log n growth would be from the previous size to this one (n = aliases).
  const nLogN = plans.map((p, i) =>
    i === 0 ? '–' : ratio(p.aliases * Math.log(p.aliases), plans[i - 1]!.aliases * Math.log(plans[i - 1]!.aliases)),
  );
  const rssGrowth = growth(plans, (s) => s.maxRssMb);
  const rows = plans.map((p, i) => [
    String(p.distributions),
    String(p.aliases),
    String(p.moves),
    String(p.steps),
    ms(p.planCpuMs),
    cpuGrowth[i]!,
    nLogN[i]!,
    ms(p.planWallMs),
    mb(p.maxRssMb),
    rssGrowth[i]!,
    mb(p.inputRssMb),
    `${mb(p.heapBeforeMb)} → ${mb(p.heapWithPlanMb)}`,
    `${p.planJsonMChars.toFixed(1)} M`,
  ]);
  const readRows = reads.map((r) => {
    const calls = Object.values(r.refreshCalls).reduce((a, b) => a + b, 0);
    const size = {
      distributions: r.distributions,
      certificates: r.distributions / 2,
      zoneRecords: Array.from({ length: r.distributions / 2 }, () => 2 * SCALE_ALIASES_PER_DISTRIBUTION),
    };
    return [
      String(r.distributions),
      ms(r.readCpuMs),
      ms(r.planCpuMs),
      mb(r.maxRssMb),
      Object.entries(r.refreshCalls)
        .map(([op, n]) => `${op} ${n}`)
        .join(', '),
      String(calls),
      String(totalRefresh(refreshBound(size))),
      String(totalRefresh(perResourceRefresh(size))),
    ];
  });
  const target = plans.find((p) => p.aliases === TARGET_ALIASES)!;
  const targetMet = target.planCpuMs < TARGET_CPU_MS && target.maxRssMb < TARGET_RSS_MB;
  const lines = [
    PLANNING_HEADING,
    '',
    `D distributions of ${SCALE_ALIASES_PER_DISTRIBUTION} aliases each, all managed, 10% of each distribution's aliases moving to its partner distribution (\`auto\` picks \`move\`); one certificate and one hosted zone per pair (an A record per alias). ` +
      'Each size runs in its own process. "plan": the inventory is built in memory (a loaded snapshot) and only `planCutover` is measured; CPU = user + system (process.cpuUsage); peak RSS = resident-set high-water mark during planning (reset once the input is built; input included: "input RSS" = resident set once the input was built). Input strings are flattened as a parsed file would give them. Growth = ratio to the previous size (10× the input). Heap = heapUsed after a full GC before planning and after it with the plan held: the difference is what the plan keeps; peak RSS minus input RSS minus that is transient garbage of planning. Plan JSON chars = the size of the plan serialized, which the plan digest hashes as it is serialized, in 64K-character chunks.',
    '',
    table(
      [
        'D',
        'aliases',
        'moves',
        'steps',
        'plan CPU',
        'growth',
        'n log n growth',
        'plan wall',
        'peak RSS',
        'growth',
        'input RSS',
        'heap before → with plan',
        'plan JSON chars',
      ],
      rows,
    ),
    '',
    '"read + plan": the world is loaded from its document (validated) and read through the in-process sandbox provider (the calls a refresh makes), then planned.',
    '',
    table(['D', 'load + read CPU', 'plan CPU', 'peak RSS', 'refresh calls', 'total', 'refresh bound', 'per-resource refresh'], readRows),
    '',
    `Target: ${TARGET_ALIASES.toLocaleString('en-US')} aliases planned in under ${TARGET_CPU_MS} ms CPU and ${TARGET_RSS_MB} MB: **${targetMet ? 'met' : 'missed'}** (${ms(target.planCpuMs)} CPU, ${mb(target.maxRssMb)} peak RSS, ${mb(target.inputRssMb)} of it the input).`,
  ];
  if (!targetMet) lines.push(...profileLines(target.distributions));
  emit(lines.join('\n'));
  return { targetMet };
}

/** Where planning's time goes (`node --cpu-prof`), by function and by source file: when the target is missed. */
function profileLines(distributions: number): string[] {
  const profile = profilePlanning(distributions);
  return [
    '',
    `Where the time goes (\`node --cpu-prof\`, ${distributions} distributions, the ${ms(profile.totalMs)} window from the first to the last sample inside \`planCutover\`, self time):`,
    '',
    table(
      ['function', 'self', 'share'],
      profile.functions.map((f) => [f.fn, ms(f.selfMs), `${(f.share * 100).toFixed(1)}%`]),
    ),
    '',
    'By source file:',
    '',
    table(
      ['file', 'self', 'share'],
      profile.files.map((f) => [f.fn, ms(f.selfMs), `${(f.share * 100).toFixed(1)}%`]),
    ),
  ];
}

async function throttled(): Promise<{ zeroFailures: boolean; within: boolean }> {
  const rows: string[][] = [];
  let zeroFailures = true;
  let within = true;
  const runs: { scenario: CutoverScenario; label: string; tuning: ApplyTuning }[] = [];
  for (const [aliases, distributions] of SIZES.slice(1)) {
    for (const strategy of STRATEGIES) {
      runs.push({
        scenario: { aliases, distributions, strategy, mutationRateLimit: RATE },
        label: 'defaults',
        tuning: { random: seededRandom(1) },
      });
    }
  }
  for (const run of runs) {
    const m = await measureCutover(run.scenario, run.tuning);
    const bound = throttleBoundSeconds(m.plan.steps, RATE);
    const failed = m.result.failed.length;
    const ok = failed === 0 && m.result.status === 'succeeded';
    const close = m.makespanSeconds <= 1.2 * bound;
    if (run.label === 'defaults') {
      zeroFailures &&= ok;
      within &&= ok && close;
    }
    rows.push([
      String(run.scenario.aliases),
      String(run.scenario.distributions),
      run.scenario.strategy,
      run.label,
      m.result.status,
      String(failed),
      String(m.result.notStarted.length),
      seconds(m.makespanSeconds),
      seconds(bound),
      ratio(m.makespanSeconds, bound),
      check(ok && close),
      String(m.throttled),
      String(m.retries),
    ]);
  }
  const failing = rows.filter((r) => r[3] === 'defaults' && r[5] !== '0').map((r) => `K=${r[0]} D=${r[1]} ${r[2]} (${r[5]} failed)`);
  const finding = failing.length === 0 ? [] : ['', `**Failed with the default executor:** ${failing.join('; ')}.`];
  emit(
    [
      '## 4. Throttled apply',
      '',
      `The sandbox answers \`Throttling\` beyond ${RATE.perSecond} mutations per second (token bucket per account, burst ${Math.max(1, Math.floor(RATE.perSecond))}, over UpdateDistribution, UpdateDomainAssociation and ChangeResourceRecordSets). ` +
        "Throttle bound = the plan's makespan on an ideal executor (unlimited parallelism, free API calls, no retries) where each mutating step also waits for a token. " +
        '"defaults" = the executor as the CLI runs it (concurrency 8, 6 attempts, full-jitter backoff from 1 s, capped at 30 s), its jitter seeded so runs repeat. ' +
        'Its mutating calls share one client-side token bucket, off until the first Throttling answer, whose rate drops to 0.7× on each Throttling answer and grows back along a cubic curve on successes (the AWS SDK\'s adaptive retry algorithm, docs/lifecycle.md "Pacing under throttling"); a throttled attempt is retried without using up the step\'s 6 (up to 50 more). ' +
        '"throttled calls" = calls the sandbox answered Throttling, each one retry of its step.',
      '',
      table(
        [
          'K',
          'D',
          'strategy',
          'executor',
          'status',
          'failed steps',
          'not started',
          'makespan',
          'throttle bound',
          'ratio',
          'ok (0 failed, ≤ 1.2×)',
          'throttled calls',
          'retries',
        ],
        rows,
      ),
      ...finding,
    ].join('\n'),
  );
  return { zeroFailures, within };
}

/** The summary's findings of sections 1 and 2. */
function cutoverSummary(c: { allAtBound: boolean; callsAtBound: boolean }): string[] {
  return [
    `- Makespan equals cfalias's plan bound in every row: **${c.allAtBound ? 'yes' : 'no'}**.`,
    `- Mutating calls equal the bound in every row: **${c.callsAtBound ? 'yes' : 'no'}**.`,
  ];
}

function planningSummary(p: { targetMet: boolean }): string {
  return `- ${TARGET_ALIASES.toLocaleString('en-US')}-alias plan under ${TARGET_CPU_MS} ms and ${TARGET_RSS_MB} MB: **${p.targetMet ? 'yes' : 'no'}** (see section 3).`;
}

function cliPlanSummary(cli: { met100k: boolean; met1M: boolean; growthMet: boolean }): string {
  return `- CLI plan from files: 100,000 aliases under 3 s and 400 MB **${cli.met100k ? 'yes' : 'no'}**; 1,000,000 under 30 s **${cli.met1M ? 'yes' : 'no'}**; growth per 10× at most 11× **${cli.growthMet ? 'yes' : 'no'}** (see section 5).`;
}

/**
 * A partial run (`pnpm bench plan | planning | calls`): its sections, measured and printed, put in
 * place of the same sections in BENCHMARKS.md, and its findings in place of theirs in the summary
 * (the rest of the report is left as it was).
 */
function replaceInReport(texts: readonly string[], summaryLines: readonly string[]): void {
  let markdown = readFileSync(OUTPUT, 'utf8');
  for (const text of texts) {
    process.stdout.write(`${text}\n`);
    markdown = replaceSection(markdown, text.slice(0, text.indexOf('\n')), text);
  }
  for (const line of summaryLines) markdown = replaceSummaryLine(markdown, line);
  writeFileSync(OUTPUT, markdown);
  process.stdout.write(`updated ${OUTPUT}\n`);
}

/** `pnpm bench plan`: only the CLI plan section (section 5). */
async function cliPlanOnly(): Promise<void> {
  const cli = await cliPlanSection();
  replaceInReport([cli.text], [cliPlanSummary(cli)]);
}

/** `pnpm bench planning`: only the planning-cost section (library `planCutover` in its own process; section 3). */
function planningOnly(): void {
  const p = planning();
  replaceInReport(sections.slice(-1), [planningSummary(p)]);
}

/** `pnpm bench calls`: only the simulated cutovers' makespan and calls (sections 1 and 2). */
async function callsOnly(): Promise<void> {
  const c = await cutovers();
  replaceInReport(sections.slice(-2), cutoverSummary(c));
}

/** The apply benchmarks' part of BENCHMARKS.md, between these markers (`pnpm bench apply` rewrites only it). */
const APPLY_START = '<!-- apply benchmarks: pnpm bench apply -->';
const APPLY_END = '<!-- end of apply benchmarks -->';

async function applyOnly(): Promise<void> {
  const apply = await applyBenchmarks(APPLY_SIZES, (line) => process.stdout.write(`${line}\n`));
  const part = `${APPLY_START}\n\n${apply.markdown}\n\n${APPLY_END}`;
  process.stdout.write(`${part}\n${apply.summary.join('\n')}\n`);
  const current = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '# Benchmarks\n';
  const [before, rest] = current.includes(APPLY_START) ? current.split(APPLY_START) : [`${current.trimEnd()}\n\n`, APPLY_END];
  const after = rest!.includes(APPLY_END) ? rest!.slice(rest!.indexOf(APPLY_END) + APPLY_END.length) : '';
  let markdown = `${before}${part}${after}`.replace(/\n*$/, '\n');
  for (const line of apply.summary) markdown = replaceSummaryLine(markdown, line);
  writeFileSync(OUTPUT, markdown);
  process.stdout.write(`wrote ${OUTPUT}\n`);
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only === 'plan') return cliPlanOnly();
  if (only === 'apply') return applyOnly();
  if (only === 'planning') return planningOnly();
  if (only === 'calls') return callsOnly();
  if (only !== undefined) throw new Error(`pnpm bench [plan | planning | calls | apply]: unknown section "${only}"`);
  const started = performance.now();
  const cpu = cpus();
  const header = [
    '# Benchmarks',
    '',
    "Generated by `pnpm bench` (bench/run.ts). Sections 1–4 run on the in-process sandbox with a simulated clock: simulated seconds and call counts are deterministic and asserted in bench/*.test.ts; CPU time and memory are this machine's. Section 5 (`pnpm bench plan`) spawns the built CLI on files; sections 6–8 (`pnpm bench apply`, about 45 minutes, almost all of it the 10,000-alias apply at CloudFront's rate) measure real seconds against the emulator's rate limits.",
    '',
    `Machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, Node.js ${process.version}, ${process.platform}/${process.arch}. Run: ${new Date().toISOString()}.`,
  ].join('\n');
  process.stdout.write(`${header}\n\n`);
  const c = await cutovers();
  const p = planning();
  const t = await throttled();
  const cli = await cliPlanSection();
  emit(cli.text);
  const apply = await applyBenchmarks(APPLY_SIZES, (line) => process.stdout.write(`${line}\n`));
  emit(`${APPLY_START}\n\n${apply.markdown}\n\n${APPLY_END}`);
  const summary = [
    '## Summary',
    '',
    ...cutoverSummary(c),
    planningSummary(p),
    `- Throttled apply at ${RATE.perSecond}/s with the default executor: zero failed steps **${t.zeroFailures ? 'yes' : 'no'}**; within 1.2× of the throttle bound **${t.within ? 'yes' : 'no'}** (see section 4).`,
    cliPlanSummary(cli),
    ...apply.summary,
    `- Benchmark wall time: ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  ].join('\n');
  emit(summary);
  writeFileSync(OUTPUT, `${[header, ...sections].join('\n\n')}\n`);
  process.stdout.write(`wrote ${OUTPUT}\n`);
}

await main();
