/** Reading cfalias.yaml for a command: problems are printed with their locations, all at once. */
import { hasErrors, parseDesiredState, type DesiredParseResult, type DesiredState } from '@cfalias/core';
import type { CommandContext } from '../context.js';
import { readTextFile } from '../io/files.js';
import { renderDiagnosticLines } from '../render/diagnostics.js';

/**
 * The desired state, or undefined when the file has errors (printed to stderr, nothing else done).
 * Warnings are printed too. An unreadable file throws InputFileError.
 */
export async function readDesired(ctx: CommandContext): Promise<DesiredState | undefined> {
  const { state, diagnostics, text } = await parseDesired(ctx);
  if (diagnostics.length > 0) ctx.io.stderr.write(renderDiagnosticLines(diagnostics, ctx.colors, text));
  if (hasErrors(diagnostics) || state === undefined) return undefined;
  return state;
}

/** The parse of cfalias.yaml and its text, printing nothing (for `validate --json`). */
export async function parseDesired(ctx: CommandContext): Promise<DesiredParseResult & { readonly text: string }> {
  const text = await readTextFile(ctx.desiredPath, ctx.desiredName);
  return { ...parseDesiredState(text, ctx.desiredName), text };
}
