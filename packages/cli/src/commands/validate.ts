/** `cfalias validate`: parse and validate the desired file, nothing else. */
import { hasErrors } from '@cfalias/core';
import type { CommandContext } from '../context.js';
import type { CommandOutcome } from '../outcome.js';
import { plural } from '../render/format.js';
import { parseDesired, readDesired } from './desired-input.js';

export async function runValidate(ctx: CommandContext, options: { readonly json?: boolean } = {}): Promise<CommandOutcome> {
  if (options.json === true) return validateAsJson(ctx);
  const desired = await readDesired(ctx);
  if (desired === undefined) return 'invalid-input';
  ctx.io.stdout.write(`${ctx.desiredName} is valid: ${plural(desired.aliases.length, 'alias', 'aliases')} managed.\n`);
  return 'ok';
}

/**
 * One JSON document on stdout for CI: `valid`, the file, the managed alias count when valid, and
 * every diagnostic with its location. Exit 0 when valid, 1 when not, as without --json.
 */
async function validateAsJson(ctx: CommandContext): Promise<CommandOutcome> {
  const { state, diagnostics } = await parseDesired(ctx);
  const valid = state !== undefined && !hasErrors(diagnostics);
  const report = {
    valid,
    file: ctx.desiredName,
    ...(valid ? { aliases: state.aliases.length } : {}),
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...(d.remediation !== undefined ? { remediation: d.remediation } : {}),
      ...(d.location !== undefined ? { location: d.location } : {}),
    })),
  };
  ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return valid ? 'ok' : 'invalid-input';
}
