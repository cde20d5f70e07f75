/**
 * The cfalias command line. Commands wire files and providers to the core API and render; this
 * file alone turns how they ended (an outcome, or an error) into the process exit code.
 */
import { Command, CommanderError } from 'commander';
import { PlanBlockedError, StalePlanError } from '@cfalias/core';
import { runApply } from './commands/apply.js';
import { runInventory } from './commands/inventory.js';
import { runPlan } from './commands/plan.js';
import { runShow } from './commands/show.js';
import { runValidate } from './commands/validate.js';
import { createContext, type CommandContext, type GlobalOptions } from './context.js';
import { processIo, type CliIo } from './io/cli-io.js';
import type { CommandOutcome } from './outcome.js';
import { renderError } from './render/errors.js';
import { createPalette } from './render/format.js';

export type { CliIo, TextSink } from './io/cli-io.js';
export type { CommandOutcome } from './outcome.js';

/** How a command ended: an outcome it reported, or an error it threw. */
export type CommandEnding = CommandOutcome | { readonly error: unknown };

/** The exit codes of DESIGN.md "Exit codes (CLI)". 5 (lock held) and 6 (outside the window) arrive with their features. */
export function exitCodeFor(ending: CommandEnding): number {
  if (typeof ending === 'object') {
    const { error } = ending;
    if (error instanceof PlanBlockedError) return 3;
    if (error instanceof StalePlanError) return 4;
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
    case 'invalid-input':
    case 'cancelled':
    case 'apply-failed':
    case 'aborted':
      return 1;
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
  } catch (error) {
    ending = { error };
    // Commander has already printed its own usage errors.
    if (!(error instanceof CommanderError)) {
      const colors = createPalette({ flag: program.opts<GlobalOptions>().color, env: io.env, isTTY: io.stdoutIsTTY ?? io.isTTY });
      io.stderr.write(renderError(error, colors, { debug: (io.env['CFALIAS_DEBUG'] ?? '') !== '' }));
    }
  }
  return exitCodeFor(ending);
}

function buildProgram(io: CliIo, report: (outcome: CommandOutcome) => void): Command {
  const program = new Command('cfalias')
    .description('Move CloudFront alternate domain names between distributions safely: plan, review, apply.')
    .option('-f, --file <path>', 'desired state file', './cfalias.yaml')
    .option('--sandbox <world.json>', 'run against a sandbox world file (emulated CloudFront, ACM, Route 53)')
    .option('--no-color', 'disable colours (NO_COLOR is honoured too)')
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
    .command('validate')
    .description('parse and validate the desired state file')
    .action(async (_options: object, command: Command) => {
      report(await runValidate(contextOf(command)));
    });

  program
    .command('plan')
    .description('compare the desired state with the live aliases and show the plan')
    .option('--out <file>', 'save the plan document to apply it later')
    .option('--json', 'print the plan document (JSON) instead of the human view')
    .option('--detailed-exitcode', 'exit 2 when the plan has changes, 0 when it has none')
    .action(async (options: { out?: string; json?: boolean; detailedExitcode?: boolean }, command: Command) => {
      report(await runPlan(contextOf(command), options));
    });

  program
    .command('apply')
    .description('apply a saved plan, or plan now and apply, after approval')
    .argument('[planfile]', 'a plan saved with `cfalias plan --out`')
    .option('--auto-approve', 'apply without asking for approval')
    .option('--json', 'report progress as JSON lines (needs --auto-approve)')
    .action(async (planFile: string | undefined, options: { autoApprove?: boolean; json?: boolean }, command: Command) => {
      report(await runApply(contextOf(command), planFile, options));
    });

  program
    .command('show')
    .description('show a saved plan')
    .argument('<planfile>', 'a plan saved with `cfalias plan --out`')
    .option('--json', 'print the plan document in canonical form')
    .action(async (planFile: string, options: { json?: boolean }, command: Command) => {
      report(await runShow(contextOf(command), planFile, options));
    });

  program
    .command('inventory')
    .description('show who holds each managed alias, certificate coverage and DNS targets')
    .option('--json', 'print the rows as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      report(await runInventory(contextOf(command), options));
    });

  return program;
}
