/** Diagnostics as text, one block per finding. */
import { formatLocation, type Diagnostic } from '@cfalias/core';
import type { Colors } from './format.js';

/**
 * The one-line form used for input problems (validate, bad cfalias.yaml):
 * `cfalias.yaml:12:3 error uppercase-alias: "WWW.example.com" has uppercase letters…`
 */
export function renderDiagnosticLine(diagnostic: Diagnostic, colors: Colors): string {
  const where = diagnostic.location ? `${formatLocation(diagnostic.location)} ` : '';
  const remediation = diagnostic.remediation ? ` (${diagnostic.remediation})` : '';
  return `${where}${severityLabel(diagnostic, colors)} ${diagnostic.code}: ${diagnostic.message}${remediation}\n`;
}

/**
 * Input problems one per line; with the file's text, each located one is followed by its source
 * line and a caret under the column, as compilers print them.
 */
export function renderDiagnosticLines(diagnostics: readonly Diagnostic[], colors: Colors, source?: string): string {
  const lines = source?.split(/\r?\n/);
  return diagnostics.map((d) => renderDiagnosticLine(d, colors) + (lines ? sourceExcerpt(d, lines, colors) : '')).join('');
}

/** `   12 | www.Example.com: green` and a caret under the column; empty without a location in the text. */
function sourceExcerpt(diagnostic: Diagnostic, lines: readonly string[], colors: Colors): string {
  const location = diagnostic.location;
  const line = location === undefined ? undefined : lines[location.line - 1];
  if (location === undefined || line === undefined) return '';
  const gutter = `${String(location.line).padStart(5)} | `;
  // Tabs keep their width under the caret so it lines up in any terminal.
  const pad = line.slice(0, Math.max(0, location.col - 1)).replace(/[^\t]/g, ' ');
  return `${colors.dim(gutter)}${line}\n${' '.repeat(gutter.length)}${pad}${colors.red('^')}\n`;
}

/**
 * The block form used inside a plan: severity, code and alias on the first line, then the
 * message, the remediation and the location, indented.
 */
export function renderDiagnosticBlock(diagnostic: Diagnostic, colors: Colors): string {
  const subject = [diagnostic.alias, diagnostic.distribution].filter((s) => s !== undefined).join(' on ');
  let text = `  ${severityLabel(diagnostic, colors)} ${colors.bold(diagnostic.code)}${subject ? ` ${subject}` : ''}\n`;
  text += `      ${diagnostic.message}\n`;
  if (diagnostic.remediation) text += `      ${colors.dim('fix:')} ${diagnostic.remediation}\n`;
  if (diagnostic.location) text += `      ${colors.dim('at')} ${formatLocation(diagnostic.location)}\n`;
  return text;
}

function severityLabel(diagnostic: Diagnostic, colors: Colors): string {
  return diagnostic.severity === 'error' ? colors.red('error') : colors.yellow('warning');
}
