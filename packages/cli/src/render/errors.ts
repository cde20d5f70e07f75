/** Errors as text for stderr: the message, plus the context fields an operator needs to act. */
import { CfaliasError, LockHeldError, OutsideWindowError, StaleBasisError, StalePlanError } from '@cfalias/core';
import { callSuffix } from './call-context.js';
import type { Colors } from './format.js';

export interface ErrorRenderOptions {
  readonly debug: boolean;
  /** `cfalias` and the global flags of the command, to start the commands suggested next (default `cfalias`). */
  readonly cli?: string;
}

export function renderError(error: unknown, colors: Colors, options: ErrorRenderOptions): string {
  const label = colors.red('error:');
  const cli = options.cli ?? 'cfalias';
  if (error instanceof StalePlanError) {
    let text = `${label} ${error.message}\n`;
    for (const m of error.mismatches) text += `  ${m.field}: expected ${JSON.stringify(m.expected)}, found ${JSON.stringify(m.found)}\n`;
    return text;
  }
  if (error instanceof StaleBasisError) return renderStaleBasis(error, colors, cli);
  if (error instanceof LockHeldError) {
    return (
      `${label} ${error.message}\n` +
      '  Wait for it with --lock-timeout SECONDS. Only if that run is no longer running (a crash, a lost machine):\n' +
      `  ${cli} unlock ${error.current.id}\n`
    );
  }
  if (error instanceof OutsideWindowError) {
    return (
      `${label} ${error.message}\n` +
      '  Apply in the window, or set the next one under window: in the desired file (resume also takes --window-end TIME, or --no-window).\n'
    );
  }
  // Messages of our errors are complete (a WorldFileError's lists every problem with its path).
  if (error instanceof CfaliasError) {
    const text = `${label} ${error.message}${callSuffix(error)}\n`;
    return options.debug && error.stack ? `${text}${error.stack}\n` : text;
  }
  // Not one of ours: a bug or an unexpected failure; keep its name, and the stack on request.
  const err = error instanceof Error ? error : new Error(String(error));
  const hint = options.debug ? `${err.stack ?? ''}\n` : '  (set CFALIAS_DEBUG=1 to see the stack trace)\n';
  return `${label} unexpected ${err.name}: ${err.message}\n${hint}`;
}

/**
 * A plan refused before its first write: every fact that changed, in words, and the way forward
 * (a new plan from the live state, reviewed again).
 */
export function renderStaleBasis(error: StaleBasisError, colors: Colors, cli = 'cfalias'): string {
  const count = error.differences.length;
  let text = `${colors.red('error:')} the plan is stale: ${count === 1 ? 'one fact it was made from has' : `${count} facts it was made from have`} changed since. Nothing was changed.\n`;
  for (const d of error.differences) text += `  ${d.subject} (${d.fact}): expected ${d.expected}; found ${d.found}\n`;
  text += `  Make a new plan from the live state (${cli} plan --out FILE), review it, and apply that.\n`;
  return text;
}
