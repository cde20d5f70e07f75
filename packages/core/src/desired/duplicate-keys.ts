/**
 * Duplicate keys in `cfalias.yaml`, found in one pass over each map (the YAML parser's own check
 * compares each key with every earlier one, quadratic in the number of aliases, and is off).
 */
import { visit, type YAMLMap } from 'yaml';
import { normalizeHostname } from '../hostnames.js';
import type { SourceLocation } from '../plan/diagnostics.js';
import { keyOffset, scalarKey, type Report, type YamlDocument } from './yaml-locations.js';

/**
 * Keys that appear twice in one map. In `aliases`, keys are compared once normalised too
 * (`www.example.com` and `WWW.example.com.` are the same alias).
 */
export function reportDuplicateKeys(
  doc: YamlDocument,
  aliasesMap: YAMLMap | undefined,
  at: (offset: number) => SourceLocation,
  report: Report,
): void {
  visit(doc, {
    Map(_key, map) {
      const isAliases = map === aliasesMap;
      const first = new Map<string, { readonly written: string; readonly offset: number }>();
      for (const pair of map.items) {
        const written = scalarKey(pair);
        if (written === undefined) continue;
        const offset = keyOffset(pair);
        const identity = isAliases ? normalizeHostname(written) : written;
        const earlier = first.get(identity);
        if (!earlier) {
          first.set(identity, { written, offset });
          continue;
        }
        const where = at(earlier.offset);
        const position = `line ${where.line}, col ${where.col}`;
        if (!isAliases) {
          report('duplicate-key', `duplicate key "${written}" (first at ${position})`, offset);
        } else if (earlier.written === written) {
          report('duplicate-key', `duplicate alias "${written}" (first at ${position})`, offset, identity);
        } else {
          report(
            'duplicate-key',
            `alias "${written}" is the same alias as "${earlier.written}" at ${position} once normalised ("${identity}")`,
            offset,
            identity,
          );
        }
      }
    },
  });
}
