/**
 * The "CLI plan from files" section of the benchmark report: `cfalias plan` spawned as a user runs
 * it (cli-plan.ts) at 1k, 10k, 100k and 1M aliases, with the growth per 10× and the targets.
 */
import { cpus } from 'node:os';
import { measureCliPlan, profileCliPlan, type CliPlanSample } from './cli-plan.js';
import { mb, ratio, table } from './markdown.js';
import { SCALE_ALIASES_PER_DISTRIBUTION, SCALE_MOVING_PER_DISTRIBUTION } from './scenarios.js';

export const CLI_PLAN_HEADING = '## 5. CLI plan from files';

/** Distributions per size (100 aliases each), and how many runs each gets (the median is reported). */
const SIZES: readonly { readonly distributions: number; readonly runs: number }[] = [
  { distributions: 10, runs: 3 },
  { distributions: 100, runs: 3 },
  { distributions: 1000, runs: 3 },
  // One run: minutes of a shared 2-core machine per run.
  { distributions: 10000, runs: 1 },
];
const TARGET = { wallMs100k: 3000, rssMb100k: 400, wallMs1M: 30000, growth: 11 } as const;

/**
 * What changed, with the figures measured before the changes (same machine and world, one run
 * each, `/usr/bin/time` maxRSS): history, kept in the report because the table only shows today.
 */
const HISTORY = [
  'Before the changes that made plan linear (1k / 10k / 100k aliases): 0.81 s / 2.83 s / 242 s wall (the 100k run under `--cpu-prof`; 165 s without it when first measured), 119 / 170 / 784 MB peak RSS; 1M was not attempted (hours). What changed:',
  '',
  "- `cfalias.yaml` is parsed without the YAML parser's duplicate-key check (`uniqueKeys`), which compared each key with every earlier key of its map: 228 s of the 242 s at 100k. The project's own one-pass scan reports the same duplicates with the same line:col and message.",
  '- `plan` and `inventory` open the sandbox to read: no canonical JSON of the whole world is taken as the reference for writing it back, which they never do.',
  '- The plan document is serialized once, in pieces of about 64K characters written to plan.json and (with `--json`) to stdout as they come: the same bytes, 150 MB less peak memory at 100k, and at 1M a document (800 MB) longer than the longest string V8 allows, which failed before with `RangeError: Invalid string length`.',
  "- The SDK client's request timeout on the embedded emulator grows with the world (1.5 s per 200,000 aliases and records): at 1M a garbage collection of the 3 GB heap stops the process for over a second, and reads failed as timed out.",
  '',
  'Then (figures from the same machine, median of 3 at 1k / 10k / 100k, 1M once): 1.83 s / 5.33 s / 42 s / 289 s wall; 1.02 s / 2.13 s / 11 s / 112 s CPU; 116 / 167 / 454 / 2831 MB peak RSS. The largest phase at 100k was the inventory read through the AWS SDK and the embedded emulator (47% of a profiled run: the emulator encoding the world as XML, the SDK parsing it back), then the YAML (19%) and planCutover (14%). What changed since:',
  '',
  "- `plan` and `inventory` on a sandbox world send the same SDK commands through the same AWS provider code, but the emulator's operation handlers answer them in the process (`createWorldTransport`) instead of over HTTP: no signing, no XML or JSON, no socket. The inventory is the same (a test compares both paths on every fixture world) and so is the plan, byte for byte. Worlds whose behaviour lives on the wire (real-time costs, injected faults, an `accounts:` registry) are still read through the emulator.",
  "- `cfalias.yaml` in its plain form (block maps of `key: value` lines) is read in one pass without the YAML parser's document of nodes; any other file, and any plain file with something to report, goes through the YAML parser as before, so every diagnostic and line:col comes from it (100k aliases: 0.6 s instead of 1.7 s on this machine; since rebuilt on the YAML library's Lexer, see below).",
  "- The world file is validated once (`SandboxWorld.fromDocument` validated again the document `parseWorldDocument` had just validated). The per-alias results of planning (each alias's diff, its change) are built as written-out object literals: V8 builds a literal that spreads another object and adds members several times slower (diffAliases at 100k: about 1.5 s before, 0.4 s after, on this machine). The sandbox sorts Route 53 records with each name's key computed once; the provider session (and with it the world model) is closed before planning; `checkAlias` accepts a valid alias with one regular expression; world validation lists the distributions' aliases for its tenant-domain check only when the world has tenants.",
  '',
  'Then (median of 3 at 1k / 10k / 100k, 1M once): 1.55 s / 2.59 s / 7.53 s / 71 s wall; 1.02 s / 1.49 s / 4.85 s / 50 s CPU; 131 / 147 / 440 / 2584 MB peak RSS. What changed since, every output the same byte for byte (plan.json and its digest, stdout as JSON, text and Markdown, on every fixture world and the 100k world):',
  '',
  "- The plan document's top-level arrays are serialized in runs of about 64K characters by one JSON.stringify each (the run nested in an array, so that its text is at the document's depth already): no JSON.stringify and re-indenting per element (the document at 100k: 0.41 s of a profiled run before, 0.18 s after).",
  "- The digest's canonical JSON writes an array of plain values (strings, numbers, booleans, null) with JSON.stringify and a string member with its key in one piece (the digest of the 100k plan: 290 ms before, 245 ms after). The digest cannot be taken from the document's pieces: it hashes canonical JSON (keys sorted, no whitespace), the document is indented JSON in the plan's own key order.",
  "- `cfalias plan` frees the desired state and the inventory once the plan is made (live heap while the plan is written at 100k: 135 MB before, 87 MB after), and `planCutover` assembles the plan's parts in a call of their own, so the diff, the inventory index and the schedule are garbage while the document is digested.",
  '',
  'Start-up, changed since (CPU = user + system, `/usr/bin/time`; before and after measured in one session on this machine, median of 5 runs, 1k-alias plan median of 7):',
  '',
  '| command | CPU before | CPU after | peak RSS before | peak RSS after |',
  '|---|---|---|---|---|',
  '| `cfalias --version` | 0.81 s | 0.17 s | 126 MB | 59 MB |',
  '| `cfalias plan --help` | 0.77 s | 0.16 s | 128 MB | 58 MB |',
  '| `cfalias plan` (1,000 aliases, as above) | 1.00 s | 0.79 s | 130 MB | 117 MB |',
  '',
  "- The CLI loads a command's modules when that command runs (an `import()` in its action): help, `--version` and usage errors load commander and @cfalias/core only, not the providers, the AWS SDK clients, the emulator, listr2 or prom-client; `plan` loads what planning needs and nothing of apply, watch or verify.",
  "- The JSON Schemas of `cfalias.yaml` and of world files are compiled when the packages are built, not as their modules load: `pnpm generate:validators` writes ajv's standalone code for each (checked in; a test fails when it is stale), so no schema is compiled at start and ajv's compiler is never loaded. The validators are ajv's own code and report the same errors (a test compares them with ajv compiling the schema), so every diagnostic is unchanged.",
  "- What `plan` still loaded before it read a file then, about 0.5 s of CPU: the AWS SDK clients the provider constructs when it opens (CloudFront, Route 53, ACM, IAM and STS; about 0.3 s), and what the providers package's entry point loads with them (the S3 client of the lock backend, node-forge for the sandbox's certificates, dns-packet for verify; about 0.1 s); since loaded on first use (below).",
  '',
  'Then (median of 3 at 1k / 10k / 100k, 1M once): 0.62 s / 0.88 s / 3.41 s / 40 s wall; 0.84 s / 1.21 s / 4.17 s / 44 s CPU; 119 / 155 / 412 / 2663 MB peak RSS. The largest phase at 100k was `planCutover` (34%: the diff, the inventory index, scheduling and the digest), then cfalias.yaml (18%), the inventory read (14%), start-up (13%), writing the plan (12%) and world.json (8%). At 1M, garbage collection cost more than any phase: 1,281 young-generation collections (about 10 s) and six full ones, because most of what `plan` allocates lives on (the world, the inventory, the plan), so every object made on the way is copied before it is kept. What changed since, every output the same byte for byte:',
  '',
  '- cfalias.yaml: the plain-form reader keeps each block map as arrays of keys, offsets and values instead of a JavaScript object (an object of a million alias keys becomes a dictionary that takes seconds to fill), finds a key written twice with one set per map once the file is read, and locates each alias from the line of the one before. The schema validates the file without its aliases map, whose plain targets are checked as the schema checks them; anything else goes to the full parser as before, so every diagnostic is unchanged (a differential test compares both). The phase alone: 630 ms to 372 ms of CPU at 100k, 7.5 s to 3.0 s at 1M.',
  "- Start-up and the inventory read: the providers load each AWS SDK client, node-forge and dns-packet with `require` when first used, so `plan` loads neither IAM, S3, the credential providers, forge nor dns-packet (a small plan's CPU: 0.55 s to 0.3 s). The in-process read builds each output shape's projector once and resolves the SDK's middleware once per command class; the sandbox sorts a zone's records once (not per page), indexes which distributions use a certificate (it scanned every distribution per certificate: quadratic in the world's size), and validates a world without a string, set or closure per alias and record.",
  "- `planCutover`: the diff makes no closure or spread copy per alias and finds an alias's owner from the next alias of the target's own list first (a desired file mostly lists a distribution's aliases in order; lookups in a map of a million entries scattered over the heap were half the diff at 1M); scheduling orders steps over typed arrays, with no set per step and no object per unchanged alias. Planning alone at 100k: 886 ms to 555 ms of CPU, 21 to 10 young-generation collections.",
  "- Writing: plan.json is written from two 1 MB buffers in turn, one write in flight while the next is serialized (at 1M the process waited 1.6 s on its writes), the basis is serialized member by member instead of as one string copied to indent it, and the digest's writer makes fewer intermediate strings (214 ms to 181 ms at 100k). A failure while writing leaves no temporary file.",
  '',
  "What remains is in the table below: at 100k `planCutover` is the largest phase, most of it the digest, which hashes 52 M characters of canonical JSON (keys sorted, no whitespace) while the document is serialized again, indented and in the plan's own key order.",
];

export interface CliPlanVerdict {
  readonly text: string;
  readonly met100k: boolean;
  readonly met1M: boolean;
  readonly growthMet: boolean;
}

function verdict(met: boolean): string {
  return met ? 'met' : 'missed';
}

function secondsOf(ms: number): string {
  if (Number.isNaN(ms)) return 'failed';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(2)} s`;
}

function growthCells(samples: readonly CliPlanSample[], pick: (s: CliPlanSample) => number): string[] {
  return samples.map((s, i) => {
    const [now, before] = [pick(s), i === 0 ? NaN : pick(samples[i - 1]!)];
    return Number.isNaN(now) || Number.isNaN(before) ? '–' : ratio(now, before);
  });
}

/** Measures every size (printing progress to stderr) and writes the section. */
export async function cliPlanSection(): Promise<CliPlanVerdict> {
  const samples: CliPlanSample[] = [];
  for (const size of SIZES) {
    process.stderr.write(`cli plan: ${size.distributions * SCALE_ALIASES_PER_DISTRIBUTION} aliases, ${size.runs} run(s)…\n`);
    samples.push(await measureCliPlan(size.distributions, size.runs));
  }
  const wallGrowth = growthCells(samples, (s) => s.wallMs);
  const cpuGrowth = growthCells(samples, (s) => s.cpuMs);
  const rssGrowth = growthCells(samples, (s) => s.maxRssMb);
  const rows = samples.map((s, i) => [
    s.aliases.toLocaleString('en-US'),
    String(s.runs.length),
    secondsOf(s.wallMs),
    wallGrowth[i]!,
    secondsOf(s.cpuMs),
    cpuGrowth[i]!,
    Number.isNaN(s.maxRssMb) ? 'failed' : mb(s.maxRssMb),
    rssGrowth[i]!,
    `${mb(s.inputBytes.world / 2 ** 20)} + ${mb(s.inputBytes.desired / 2 ** 20)}`,
    s.runs
      .map((r) =>
        r.error === undefined
          ? secondsOf(r.wallMs)
          : `failed after ${secondsOf(r.wallMs)}, ${secondsOf(r.cpuMs)} CPU, ${mb(r.maxRssMb)}: ${r.error}`,
      )
      .join(', '),
  ]);
  const at = (aliases: number): CliPlanSample | undefined => samples.find((s) => s.aliases === aliases);
  const s100k = at(100_000);
  const s1M = at(1_000_000);
  const met100k = s100k !== undefined && s100k.wallMs < TARGET.wallMs100k && s100k.maxRssMb < TARGET.rssMb100k;
  const met1M = s1M !== undefined && s1M.wallMs < TARGET.wallMs1M;
  // A failed size (NaN) makes the growth unknown, which is not met.
  const worstGrowth = Math.max(...samples.slice(1).map((s, i) => s.wallMs / samples[i]!.wallMs));
  const growthMet = worstGrowth <= TARGET.growth;
  const worstCpuGrowth = Math.max(...samples.slice(1).map((s, i) => s.cpuMs / samples[i]!.cpuMs));
  process.stderr.write('cli plan: profiling one run at 100,000 aliases…\n');
  const profile = await profileCliPlan(1000);
  const profiledMs = profile.phases.reduce((sum, p) => sum + p.ms, 0);
  const cpu = cpus();
  const text = [
    CLI_PLAN_HEADING,
    '',
    `\`cfalias plan --sandbox world.json -f cfalias.yaml --json --out plan.json\`: the built CLI (packages/cli/dist/bin.js) spawned in its own process, as a user runs it, on files written beforehand: the world of section 3 (${SCALE_ALIASES_PER_DISTRIBUTION} aliases per distribution, ${SCALE_MOVING_PER_DISTRIBUTION}% moving, one certificate and one hosted zone per pair) as JSON, and \`cfalias.yaml\` with one \`alias: distribution-id\` line per alias. ` +
      "Wall = spawn to exit: Node start-up, reading and validating both files, the inventory read (the AWS provider's SDK commands, answered in the process by the emulator's handlers: `plan` only reads), planning, the JSON on stdout (discarded) and plan.json written. CPU = user + system of the CLI process; peak RSS = its maxRSS (both reported by the process itself as it exits). " +
      'Each figure is the median over the runs (1M aliases: one run, minutes long on this machine). Growth = ratio to the previous size (10× the aliases).',
    '',
    `Machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, Node.js ${process.version}. Run: ${new Date().toISOString()}.`,
    '',
    table(['aliases', 'runs', 'wall', 'growth', 'CPU', 'growth', 'peak RSS', 'growth', 'world + yaml', 'each run (wall)'], rows),
    '',
    `Targets: 100,000 aliases under ${TARGET.wallMs100k / 1000} s wall and ${TARGET.rssMb100k} MB: **${verdict(met100k)}**` +
      (s100k ? ` (${secondsOf(s100k.wallMs)}, ${mb(s100k.maxRssMb)})` : '') +
      `; 1,000,000 aliases under ${TARGET.wallMs1M / 1000} s: **${verdict(met1M)}**` +
      (s1M ? ` (${secondsOf(s1M.wallMs)})` : '') +
      `; wall growth per 10× at most ${TARGET.growth}×: **${verdict(growthMet)}** (${Number.isNaN(worstGrowth) ? 'unknown: a size failed' : `largest ${worstGrowth.toFixed(2)}×; CPU: largest ${worstCpuGrowth.toFixed(2)}×`}).`,
    '',
    ...HISTORY,
    '',
    `Where the time of one 100,000-alias run goes (\`node --cpu-prof\`, which slows the run: ${secondsOf(profiledMs)} profiled; read the shares), phase by phase in the order they run:`,
    '',
    table(
      ['phase', 'profiled', 'share'],
      profile.phases.map((p) => [p.phase, secondsOf(p.ms), `${((p.ms / profiledMs) * 100).toFixed(1)}%`]),
    ),
  ].join('\n');
  return { text, met100k, met1M, growthMet };
}

/**
 * `markdown` with the section under `heading` (up to the next `## ` or `<!-- ` line) replaced by `section`; a report
 * without it gets it before its summary, or at the end.
 */
export function replaceSection(markdown: string, heading: string, section: string): string {
  const start = markdown.indexOf(`${heading}\n`);
  if (start < 0) {
    const summary = markdown.indexOf('\n## Summary\n');
    if (summary < 0) return `${markdown.trimEnd()}\n\n${section}\n`;
    return `${markdown.slice(0, summary + 1)}${section}\n\n${markdown.slice(summary + 1)}`;
  }
  // The section ends at the next heading, or at a marker comment before it (the apply
  // benchmarks' part of the report starts with one, which belongs to the part, not to this section).
  const next = markdown.slice(start + heading.length).search(/\n(## |<!-- )/);
  const end = next < 0 ? markdown.length : start + heading.length + next + 1;
  return `${markdown.slice(0, start)}${section}\n\n${markdown.slice(end).replace(/^\n+/, '')}`.trimEnd() + '\n';
}
