/** `cfalias validate`: parse and validate the desired file, nothing else. */
import type { CommandContext } from '../context.js';
import type { CommandOutcome } from '../outcome.js';
import { plural } from '../render/format.js';
import { readDesired } from './desired-input.js';

export async function runValidate(ctx: CommandContext): Promise<CommandOutcome> {
  const desired = await readDesired(ctx);
  if (desired === undefined) return 'invalid-input';
  ctx.io.stdout.write(`${ctx.desiredName} is valid: ${plural(desired.aliases.length, 'alias', 'aliases')} managed.\n`);
  return 'ok';
}
