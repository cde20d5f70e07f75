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
