/**
 * `cfalias sandbox schema`: prints the world file's JSON Schema (the text published as
 * `@cfalias/providers/world.schema.json`), for an editor to validate world files with.
 */
import { worldSchemaText } from '@cfalias/providers';
import type { CommandContext } from '../context.js';
import type { CommandOutcome } from '../outcome.js';

export function runSandboxSchema(ctx: CommandContext): CommandOutcome {
  ctx.io.stdout.write(worldSchemaText());
  return 'ok';
}
