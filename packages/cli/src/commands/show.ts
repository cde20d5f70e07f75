/** `cfalias show PLANFILE`: a saved plan, for people or canonical JSON. */
import { readPlanDocument, serializePlan } from '@cfalias/core';
import { resolvePath, type CommandContext } from '../context.js';
import { readTextFile } from '../io/files.js';
import type { CommandOutcome } from '../outcome.js';
import { shellWord } from '../render/next-command.js';
import { UsageError } from '../errors.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { renderPlan } from '../render/plan-human.js';

export interface ShowCommandOptions {
  readonly json?: boolean;
  /** A pull-request review comment (GitHub Markdown) instead of the terminal view. */
  readonly markdown?: boolean;
}

export async function runShow(ctx: CommandContext, planFile: string, options: ShowCommandOptions): Promise<CommandOutcome> {
  if (options.json && options.markdown) throw new UsageError('choose one of --json and --markdown');
  const plan = readPlanDocument(await readTextFile(resolvePath(ctx.io, planFile), planFile));
  const text = options.json
    ? serializePlan(plan)
    : options.markdown
      ? renderPlanMarkdown(plan, { desiredName: ctx.desiredName, applyCommand: `${ctx.cli} apply ${shellWord(planFile)}` })
      : renderPlan(plan, { colors: ctx.colors, desiredName: ctx.desiredName, now: Date.now() });
  ctx.io.stdout.write(text);
  return 'ok';
}
