/** YAML-level problems of `cfalias.yaml` (syntax errors, warnings, unknown YAML aliases) as diagnostics. */
import { visit, type LineCounter, type YAMLError } from 'yaml';
import type { Report, YamlDocument } from './yaml-locations.js';

/**
 * YAML errors and warnings, as `yaml-syntax`. Duplicate keys are reportDuplicateKeys's (the parser
 * does not look for them; any it did report would be left out here as the same keys).
 *
 * An unquoted `*.example.com` is the most likely YAML mistake in this file (`*` starts a YAML
 * alias), and the parser's messages for it are cryptic, so the problems on such a line are
 * replaced by one that says to quote it.
 */
export function reportYamlProblems(doc: YamlDocument, text: string, lineCounter: LineCounter, report: Report): void {
  const problems: YAMLError[] = [...doc.errors, ...doc.warnings].filter((e) => e.code !== 'DUPLICATE_KEY');
  const wildcardLines = new Set<number>();
  for (const problem of problems) {
    const offset = problem.pos[0];
    const { line } = lineCounter.linePos(Math.min(offset, text.length));
    const lineStart = lineCounter.lineStarts[line - 1] ?? 0;
    const lineEnd = text.indexOf('\n', lineStart);
    const lineText = text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
    const wildcard = /(?:^|[\s{,[:?-])(\*\.[^\s:,\]}]*)/.exec(lineText);
    if (wildcard?.[1] !== undefined) {
      if (wildcardLines.has(line)) continue;
      wildcardLines.add(line);
      const name = wildcard[1];
      report(
        'yaml-syntax',
        `"${name}" must be quoted: an unquoted * starts a YAML alias (write "${name}")`,
        lineStart + wildcard.index + wildcard[0].indexOf('*'),
      );
      continue;
    }
    report('yaml-syntax', problem.message, offset);
  }
  // An alias to an anchor that does not exist parses without error; toJS would throw on it.
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined) {
        const offset = node.range?.[0] ?? 0;
        if (wildcardLines.has(lineCounter.linePos(offset).line)) return;
        const hint = node.source.startsWith('.') ? ` (if "*${node.source}" is a wildcard alias, quote it: "*${node.source}")` : '';
        report('yaml-syntax', `unknown YAML alias *${node.source}: no anchor &${node.source} before it${hint}`, offset);
      }
    },
  });
}
