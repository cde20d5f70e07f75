/** `cfalias show PLANFILE`: a saved plan, for people or canonical JSON. */
import { readPlanDocument, serializePlan } from '@cfalias/core';
import { resolvePath, type CommandContext } from '../context.js';
import { readTextFile } from '../io/files.js';
import type { CommandOutcome } from '../outcome.js';
import { renderPlan } from '../render/plan-human.js';

export async function runShow(ctx: CommandContext, planFile: string, options: { readonly json?: boolean }): Promise<CommandOutcome> {
  const plan = readPlanDocument(await readTextFile(resolvePath(ctx.io, planFile), planFile));
  ctx.io.stdout.write(options.json ? serializePlan(plan) : renderPlan(plan, { colors: ctx.colors, desiredName: ctx.desiredName }));
  return 'ok';
}
