/** Markdown tables and number formats for the benchmark report (printed and written alike). */

export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(3, ...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

export function ratio(a: number, b: number): string {
  return b === 0 ? '–' : `${(a / b).toFixed(a / b >= 100 ? 0 : 2)}×`;
}

export function seconds(s: number): string {
  return Number.isInteger(s) ? `${s} s` : `${s.toFixed(1)} s`;
}

export function ms(value: number): string {
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

export function mb(value: number): string {
  return `${Math.round(value)} MB`;
}

export function check(ok: boolean): string {
  return ok ? 'yes' : '**NO**';
}

/**
 * `markdown` with the line of its `## Summary` list that says the same thing as `line` (the same
 * text up to the first colon) replaced by `line` (added at the end of the list when there is
 * none): a partial run (`pnpm bench plan`, …) keeps its own findings in the summary current and
 * leaves the others.
 */
export function replaceSummaryLine(markdown: string, line: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf('## Summary');
  if (start < 0) return `${markdown.trimEnd()}\n\n## Summary\n\n${line}\n`;
  const key = (l: string): string => l.slice(0, l.indexOf(':') + 1);
  let end = start + 1;
  while (end < lines.length && !lines[end]!.startsWith('## ')) end++;
  const at = lines.slice(start + 1, end).findIndex((l) => l.includes(':') && key(l) === key(line));
  if (at >= 0) lines[start + 1 + at] = line;
  else {
    let last = end - 1;
    while (last > start && lines[last]!.trim() === '') last--;
    lines.splice(last + 1, 0, line);
  }
  return lines.join('\n');
}
