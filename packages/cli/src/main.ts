/**
 * The cfalias command line. Commands wire files and providers to the core API and render; this
 * file alone turns how they ended (an outcome, or an error) into the process exit code.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { LockHeldError, OutsideWindowError, PlanBlockedError, StaleBasisError, StalePlanError } from '@cfalias/core';
import { DEFAULT_DRAIN_TIMEOUT_SECONDS } from './commands/interrupts.js';
import { DEFAULT_WATCH_INTERVAL_SECONDS } from './commands/defaults.js';
import type { VerifyCommandOptions } from './commands/verify.js';
import { createContext, type CommandContext, type GlobalOptions } from './context.js';
import { processIo, type CliIo } from './io/cli-io.js';
import type { CommandOutcome } from './outcome.js';
import { renderError } from './render/errors.js';
import { UsageError } from './errors.js';
import { createPalette } from './render/format.js';
import { versionText } from './version.js';
import { commandPrefix } from './render/next-command.js';

export type { CliIo, TextSink } from './io/cli-io.js';
export type { CommandOutcome } from './outcome.js';

/** How a command ended: an outcome it reported, or an error it threw. */
export type CommandEnding = CommandOutcome | { readonly error: unknown };

/** The process exit code for how a command ended (the table in the CLI README, "Exit codes"). */
export function exitCodeFor(ending: CommandEnding): number {
  if (typeof ending === 'object') {
    const { error } = ending;
    if (error instanceof PlanBlockedError) return 3;
    if (error instanceof StalePlanError || error instanceof StaleBasisError) return 4;
    if (error instanceof LockHeldError) return 5;
    // Thrown before any provider call or journal entry: nothing was changed.
    if (error instanceof OutsideWindowError) return 6;
    // Help and --version end through commander with code 0; usage errors with 1.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    return 1;
  }
  switch (ending) {
    case 'ok':
      return 0;
    case 'changes':
      return 2;
    case 'blocked':
      return 3;
    case 'stale':
      return 4;
    case 'verify-failed':
      return 7;
    case 'invalid-input':
    case 'cancelled':
    case 'apply-failed':
    case 'aborted':
    case 'rolled-back':
    case 'window-closed':
      return 1;
    case 'drifted':
      return 8;
    default: {
      const never: never = ending;
      throw new Error(`unexpected outcome: ${String(never)}`);
    }
  }
}

/**
 * Runs the CLI with `argv` as `process.argv` gives it (node, script, args...). Never throws and
 * never exits the process: resolves with the exit code.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let ending: CommandEnding = 'ok';
  const program = buildProgram(io, (outcome) => {
    ending = outcome;
  });
  try {
    await program.parseAsync(argv, { from: 'node' });
  } catch (thrown) {
    const globals = program.opts<GlobalOptions>();
    // Help, --version and usage errors end here too: they need none of the AWS setup checks.
    const error =
      thrown instanceof CommanderError
        ? thrown
        : await (await import('./aws-setup-errors.js')).explainAwsSetupError(thrown, { ...globals, env: io.env });
    ending = { error };
    // Commander has already printed its own usage errors.
    if (!(error instanceof CommanderError)) {
      const colors = createPalette({ flag: globals.color, env: io.env, isTTY: io.stdoutIsTTY ?? io.isTTY });
      io.stderr.write(renderError(error, colors, { debug: (io.env['CFALIAS_DEBUG'] ?? '') !== '', cli: commandPrefix(globals) }));
    }
  }
  return exitCodeFor(ending);
}

function buildProgram(io: CliIo, report: (outcome: CommandOutcome) => void): Command {
  const program = new Command('cfalias')
    .description('Move CloudFront alternate domain names between distributions safely: plan, review, apply.')
    .option('-f, --file <path>', 'desired state file', './cfalias.yaml')
    .option(
      '--sandbox <world.json>',
      'run against a sandbox world file: an embedded emulator of CloudFront, ACM and Route 53, driven through the AWS SDK',
    )
    // The in-process sandbox provider (no HTTP, no SDK), for tests and benchmarks.
    .addOption(new Option('--sandbox-in-process').hideHelp())
    .option('--profile <name>', 'AWS shared-config profile for credentials (default: the SDK credential chain)')
    .option('--region <region>', 'AWS region for STS and Route 53 (CloudFront and ACM are always us-east-1)')
    .option(
      '--endpoint-url <url>',
      'send every AWS call to this endpoint, e.g. `cfalias sandbox serve` (default: AWS_ENDPOINT_URL[_<SERVICE>])',
    )
    .option('--no-color', 'disable colours (NO_COLOR is honoured too)')
    .version(versionText(), '-V, --version', 'print the versions of cfalias, its engine and the plan format')
    // Each command's --help lists the global options that apply to it (-f, --sandbox, --profile...).
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run `cfalias --help` for the commands and options)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    });

  const contextOf = (command: Command): CommandContext => {
    const globals = command.optsWithGlobals<GlobalOptions>();
    return createContext(io, globals, createPalette({ flag: globals.color, env: io.env, isTTY: io.stdoutIsTTY ?? io.isTTY }));
  };

  program
    .command('version')
    .description('print the versions of cfalias, its engine and the plan format')
    .action(() => {
      io.stdout.write(`${versionText()}\n`);
    });

  registerPlanning(program, contextOf, report);
  registerApplying(program, contextOf, report);
  registerWatching(program, contextOf, report);
  registerInspecting(program, contextOf, report);
  registerSandbox(program, contextOf, report);

  return program;
}

/** The commands that read and plan: validate, plan. */
function registerPlanning(
  program: Command,
  contextOf: (command: Command) => CommandContext,
  report: (outcome: CommandOutcome) => void,
): void {
  program
    .command('validate')
    .description('parse and validate the desired state file')
    .option('--json', 'print the result and every diagnostic as one JSON document (for CI)')
    .action(async (options: { json?: boolean }, command: Command) => {
      report(await (await import('./commands/validate.js')).runValidate(contextOf(command), options));
    });

  program
    .command('plan')
    .description('compare the desired state with the live aliases and show the plan')
    .option('--out <file>', 'save the plan document to apply it later')
    .option('--json', 'print the plan document (JSON) instead of the human view')
    .option('--markdown', 'print the plan as a pull-request review comment (GitHub Markdown)')
    .option('--detailed-exitcode', 'exit 2 when the plan has changes, 0 when it has none')
    .option('--force', 'allow a plan that changes more than safety.maxChangePercent of the managed aliases')
    .action(
      async (
        options: { out?: string; json?: boolean; markdown?: boolean; detailedExitcode?: boolean; force?: boolean },
        command: Command,
      ) => {
        report(await (await import('./commands/plan.js')).runPlan(contextOf(command), options));
      },
    );
}

/** The commands that change aliases: apply and resume. */
function registerApplying(
  program: Command,
  contextOf: (command: Command) => CommandContext,
  report: (outcome: CommandOutcome) => void,
): void {
  program
    .command('apply')
    .description('apply a saved plan, or plan now and apply, after approval')
    .argument('[planfile]', 'a plan saved with `cfalias plan --out`')
    .option('--auto-approve', 'apply without asking for approval')
    .option('--json', 'report progress as JSON lines (needs --auto-approve)')
    .option('--force', 'allow a plan that changes more than safety.maxChangePercent of the managed aliases (without PLANFILE)')
    .addOption(onFailureOption())
    .addOption(lockTimeoutOption())
    .addOption(drainTimeoutOption())
    .option('--journal <path>', 'write the journal here (default: .cfalias/journal-<run id>.jsonl beside cfalias.yaml, or beside PLANFILE)')
    .addOption(
      new Option('--plan-age-warning <duration>', 'warn when PLANFILE is older than this (e.g. 90m, 12h, 2d)')
        .argParser(parseDuration)
        .default(12 * 3600, '12h'),
    )
    .addOption(
      new Option(
        '--watch <duration>',
        'after a successful apply, watch the managed aliases this long (see `cfalias watch`; exit 8 on drift)',
      ).argParser(parseDuration),
    )
    .addOption(watchIntervalOption())
    .addOption(metricsFileOption('when the apply ends, and after every check of --watch'))
    .action(async (planFile: string | undefined, options: ApplyFlags, command: Command) => {
      report(await (await import('./commands/apply.js')).runApply(contextOf(command), planFile, options));
    });

  program
    .command('resume')
    .description(
      'continue an interrupted apply from its journal: done steps are not repeated, the rest are checked against live state first',
    )
    .option('--journal <path>', 'the journal to resume (default: the newest unfinished one in .cfalias/ beside cfalias.yaml)')
    .option('--json', 'report progress as JSON lines')
    .addOption(onFailureOption())
    .addOption(lockTimeoutOption())
    .addOption(drainTimeoutOption())
    .option(
      '--window-end <time>',
      'finish within a window from now until this UTC time (ISO 8601, e.g. 2026-12-08T04:00:00Z), instead of the window in cfalias.yaml or the plan',
      parseUtcTime,
    )
    .option('--no-window', 'run without a maintenance window, even when cfalias.yaml or the plan has one')
    .addOption(metricsFileOption('when the resume ends'))
    .action(
      async (
        options: {
          journal?: string;
          json?: boolean;
          onFailure: 'rollback' | 'stop';
          lockTimeout: number;
          drainTimeout: number;
          windowEnd?: string;
          window: boolean;
          metricsFile?: string;
        },
        command: Command,
      ) => {
        report(await (await import('./commands/resume.js')).runResume(contextOf(command), options));
      },
    );
}

/** The commands around a run: watch (drift after apply) and unlock. */
function registerWatching(
  program: Command,
  contextOf: (command: Command) => CommandContext,
  report: (outcome: CommandOutcome) => void,
): void {
  program
    .command('watch')
    .description(
      'keep checking that every managed alias stays on its desired distribution; report who holds one that left (exit 8), until Ctrl-C or --for',
    )
    .addOption(new Option('--for <duration>', 'stop after this long (e.g. 30m, 12h; default: until Ctrl-C)').argParser(parseDuration))
    .addOption(watchIntervalOption())
    .option('--keep-going', 'keep watching after drift is found (the exit code still says it was found)')
    .option('--json', 'report every check and drift as JSON lines')
    .addOption(metricsFileOption('after every check'))
    .option('--metrics-port <n>', 'serve Prometheus metrics on http://HOST:N/metrics while watching (0: a free port, printed)', parsePort)
    .action(
      async (
        options: { for?: number; interval: number; keepGoing?: boolean; json?: boolean; metricsFile?: string; metricsPort?: number },
        command: Command,
      ) => {
        report(await (await import('./commands/watch.js')).runWatch(contextOf(command), options));
      },
    );

  program
    .command('unlock')
    .description('force-release the apply lock held by lease ID (a crashed or hung apply); refused when the lock has another id')
    .argument('<id>', 'the lease id, as the "lock is held" error names it')
    .option('--force', 'release the lease without asking, even when its holder is still running on this host')
    .action(async (id: string, options: { force?: boolean }, command: Command) => {
      report(await (await import('./commands/unlock.js')).runUnlock(contextOf(command), id, options));
    });
}

/** The commands that inspect: show, show-run, inventory, verify. */
function registerInspecting(
  program: Command,
  contextOf: (command: Command) => CommandContext,
  report: (outcome: CommandOutcome) => void,
): void {
  program
    .command('show')
    .description('show a saved plan')
    .argument('<planfile>', 'a plan saved with `cfalias plan --out`')
    .option('--json', 'print the plan document in canonical form')
    .option('--markdown', 'print the plan as a pull-request review comment (GitHub Markdown)')
    .action(async (planFile: string, options: { json?: boolean; markdown?: boolean }, command: Command) => {
      report(await (await import('./commands/show.js')).runShow(contextOf(command), planFile, options));
    });

  program
    .command('show-run')
    .description(
      'show a finished or interrupted run from its journal: planned vs actual times, retries and conflicts with request ids, each alias',
    )
    .argument('<journal>', 'a journal, .cfalias/journal-<run id>.jsonl')
    .option('--json', 'print the timeline as JSON')
    .option('--markdown', 'print the timeline as Markdown, with a Mermaid gantt chart of the actual times')
    .action(async (journal: string, options: { json?: boolean; markdown?: boolean }, command: Command) => {
      report((await import('./commands/show-run.js')).runShowRun(contextOf(command), journal, options));
    });

  program
    .command('inventory')
    .description('show who holds each alias (managed ones, or --all), certificate coverage, DNS targets and wildcard overlaps')
    .option('--json', 'print the rows as JSON')
    .option('--all', 'every alias on a distribution of the account, not only the managed ones')
    .option('--out <file>', 'also write the whole account as a sandbox world file, to rehearse offline with --sandbox')
    .option('--wide', 'list every overlap in NOTES instead of the first few')
    .action(async (options: { json?: boolean; all?: boolean; out?: string; wide?: boolean }, command: Command) => {
      report(await (await import('./commands/inventory.js')).runInventory(contextOf(command), options));
    });

  program
    .command('verify')
    .description('check live that each managed alias is served by its target: DNS (Route 53 and resolvers), TLS certificate, HTTP')
    .option('--resolver <host:port...>', 'resolvers to ask (default: CFALIAS_VERIFY_RESOLVERS, comma-separated, else the system resolver)')
    .option('--edge <host:port>', 'open TLS and HTTPS connections here instead of ALIAS:443 (default: CFALIAS_VERIFY_EDGE)')
    .option('--ca-file <pem>', 'also trust these CA certificates (default: CFALIAS_VERIFY_CA_FILE)')
    .option(
      '--warning-days <n>',
      'warn when a certificate expires within this many days (default: verify.warningDays, else 14)',
      parseWholeNumber,
    )
    .option('--http-path <path>', 'also request https://ALIAS/PATH and check the answer (default: verify.http of cfalias.yaml)')
    .addOption(new Option('--http-method <method>', 'method of the HTTP check (default: HEAD)').choices(['HEAD', 'GET']))
    .option('--http-status <code>', 'status the HTTP check expects (default: 200)', parseWholeNumber)
    .option('--http-header <name[=value]>', 'header the HTTP check expects (with this value)')
    .option('--json', 'print every check result as one JSON document')
    .option('--markdown', 'print the results as a GitHub Markdown table')
    .action(async (options: VerifyCommandOptions, command: Command) => {
      report(await (await import('./commands/verify.js')).runVerify(contextOf(command), options));
    });
}

/** The sandbox commands: init, schema, serve. */
function registerSandbox(
  program: Command,
  contextOf: (command: Command) => CommandContext,
  report: (outcome: CommandOutcome) => void,
): void {
  const sandbox = program.command('sandbox').description('the sandbox: an emulator of CloudFront, ACM and Route 53 over a world file');
  sandbox
    .command('init')
    .description('write a starter sandbox: world.json, a commented cfalias.yaml that plans a cutover on it, and world.schema.json')
    .option('--dir <dir>', 'write the files here (created when missing)', '.')
    .option('--force', 'replace files that already exist')
    .action(async (options: { dir: string; force?: boolean }, command: Command) => {
      report(await (await import('./commands/sandbox-init.js')).runSandboxInit(contextOf(command), options));
    });
  sandbox
    .command('schema')
    .description('print the JSON Schema of world files, for editors to validate them with')
    .action(async (_options: object, command: Command) => {
      report((await import('./commands/sandbox-schema.js')).runSandboxSchema(contextOf(command)));
    });
  sandbox
    .command('serve')
    .description('serve a world file over the AWS wire protocols until Ctrl-C, then save it back')
    .argument('<world.json>', 'the sandbox world file')
    .option('--port <n>', 'loopback TCP port (default: a free one)', parsePort)
    .option(
      '--latency [ms]',
      "real-time costs: every request waits ms (default 50) and each service throttles at its published rate (the world file's settings.realTime wins)",
      parseLatency,
    )
    .option('--real-time', 'deployments and DNS changes take their time on the wall clock (to rehearse progress, Ctrl-C and resume)')
    .option('--speed <n>', 'with --real-time: run the clock n times as fast (default 1)', parseSpeed)
    .action(
      async (world: string, options: { port?: number; latency?: number | true; realTime?: boolean; speed?: number }, command: Command) => {
        if (options.speed !== undefined && options.realTime !== true) throw new UsageError('--speed needs --real-time');
        report(await (await import('./commands/sandbox-serve.js')).runSandboxServe(contextOf(command), world, options));
      },
    );
}

function parseSpeed(value: string): number {
  const speed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(speed > 0) || speed > 10_000) throw new InvalidArgumentError('a speed above 0, up to 10000');
  return speed;
}

function parseLatency(value: string): number {
  const ms = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || ms > 60_000) throw new InvalidArgumentError('a number of milliseconds from 0 to 60000');
  return ms;
}

interface ApplyFlags {
  readonly autoApprove?: boolean;
  readonly json?: boolean;
  readonly force?: boolean;
  readonly onFailure: 'rollback' | 'stop';
  readonly lockTimeout: number;
  readonly drainTimeout: number;
  readonly journal?: string;
  readonly planAgeWarning: number;
  readonly watch?: number;
  readonly interval: number;
  readonly metricsFile?: string;
}

function metricsFileOption(when: string): Option {
  return new Option(
    '--metrics-file <path>',
    `write Prometheus metrics to PATH ${when} (atomically; for node_exporter's textfile collector)`,
  );
}

function watchIntervalOption(): Option {
  return new Option('--interval <duration>', 'time between ownership checks (e.g. 30s, 5m)')
    .argParser(parsePositiveDuration)
    .default(DEFAULT_WATCH_INTERVAL_SECONDS, `${DEFAULT_WATCH_INTERVAL_SECONDS}s`);
}

function parsePositiveDuration(value: string): number {
  const seconds = parseDuration(value);
  if (!(seconds > 0)) throw new InvalidArgumentError('a duration longer than 0, such as 30s or 5m');
  return seconds;
}

function onFailureOption(): Option {
  return new Option(
    '--on-failure <mode>',
    'when a phase-2 add fails after its aliases left their sources: put them back (rollback) or stop there',
  )
    .choices(['rollback', 'stop'])
    .default('rollback');
}

function lockTimeoutOption(): Option {
  return new Option('--lock-timeout <seconds>', 'wait this long for a lock held by another apply before giving up (exit 5)')
    .argParser(parseSeconds)
    .default(0);
}

function drainTimeoutOption(): Option {
  return new Option(
    '--drain-timeout <seconds>',
    'after the first interrupt, let steps in flight and started moves finish for this long, then stop at once',
  )
    .argParser(parseSeconds)
    .default(DEFAULT_DRAIN_TIMEOUT_SECONDS);
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(seconds)) throw new InvalidArgumentError('a number of seconds, 0 or more');
  return seconds;
}

/** `90s`, `30m`, `12h`, `2d` (or plain seconds) → seconds. */
function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(value);
  if (!match) throw new InvalidArgumentError('a duration such as 90s, 30m, 12h or 2d');
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

function parseUtcTime(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError('a UTC time in ISO 8601, ending in Z: 2026-12-08T04:00:00Z');
  }
  return value;
}

function parseWholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a whole number');
  return Number(value);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('a TCP port is a whole number from 0 to 65535');
  return port;
}
