/** Reading cfalias.yaml for a command: problems are printed with their locations, all at once. */
import { hasErrors, parseDesiredState, type DesiredState } from '@cfalias/core';
import type { CommandContext } from '../context.js';
import { readTextFile } from '../io/files.js';
import { renderDiagnosticLines } from '../render/diagnostics.js';

/**
 * The desired state, or undefined when the file has errors (printed to stderr, nothing else done).
 * Warnings are printed too. An unreadable file throws InputFileError.
 */
export async function readDesired(ctx: CommandContext): Promise<DesiredState | undefined> {
  const text = await readTextFile(ctx.desiredPath, ctx.desiredName);
  const { state, diagnostics } = parseDesiredState(text, ctx.desiredName);
  if (diagnostics.length > 0) ctx.io.stderr.write(renderDiagnosticLines(diagnostics, ctx.colors));
  if (hasErrors(diagnostics) || state === undefined) return undefined;
  return state;
}
