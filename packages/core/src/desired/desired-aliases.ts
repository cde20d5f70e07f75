/** The `aliases` map of `cfalias.yaml`: every key checked as a hostname, every target resolved. */
import { isScalar, type YAMLMap } from 'yaml';
import { checkAlias, normalizeHostname } from '../hostnames.js';
import type { DnsMode, MoveApi, StrategyChoice, TxtProof } from './desired.js';
import { DISTRIBUTION_ID_PATTERN } from './desired-schema.js';
import { closest, describeValue } from './schema-messages.js';
import type { KeyOffsets } from './plain-yaml.js';
import { isRecord, keyOffset, nodeOffset, pairValue, safeToJS, type Report, type YamlDocument } from './yaml-locations.js';

const DISTRIBUTION_ID = new RegExp(DISTRIBUTION_ID_PATTERN);

export type AliasValue =
  | string
  | null
  | {
      readonly distribution: string | null;
      readonly strategy?: StrategyChoice;
      readonly dns?: DnsMode;
      readonly moveApi?: MoveApi;
      readonly txtProof?: TxtProof;
    };

/** One alias entry as read, before the state is assembled. */
export interface AliasEntry {
  readonly alias: string;
  readonly value: AliasValue;
  readonly target: string | null;
  readonly targetName?: string;
  readonly offset: number;
}

const HOSTNAME_CODES = { uppercase: 'uppercase-alias', wildcard: 'invalid-wildcard', hostname: 'invalid-hostname' } as const;

/** Checks every alias key and resolves its target; returns the entries in file order. */
export function readAliases(
  doc: YamlDocument,
  aliasesMap: YAMLMap,
  declared: Record<string, unknown> | undefined,
  report: Report,
): AliasEntry[] {
  const entries: AliasEntry[] = [];
  for (const pair of aliasesMap.items) {
    const keyAt = keyOffset(pair);
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof key !== 'string') {
      const message = isScalar(pair.key)
        ? `alias key ${String(pair.key.value)} is not a hostname: aliases are names like www.example.com`
        : `an alias key must be a hostname like www.example.com, found ${describeValue(safeToJS(pair.key, doc))}`;
      report('invalid-hostname', message, keyAt);
      continue;
    }
    const hostnameProblem = checkAlias(key);
    if (hostnameProblem) report(HOSTNAME_CODES[hostnameProblem.kind], hostnameProblem.message, keyAt, key);
    const alias = hostnameProblem ? key : normalizeHostname(key);

    const value = safeToJS(pair.value, doc);
    const written = typeof value === 'string' ? value : isRecord(value) ? value['distribution'] : value;
    if (written !== null && typeof written !== 'string') continue; // a shape error, reported by the schema
    if (written === null || written.length === 0) {
      entries.push({ alias, value: value as AliasValue, target: null, offset: keyAt });
      continue;
    }
    if (declared === undefined) continue;
    const valueNode = typeof value === 'string' ? pair.value : pairValue(pair.value, 'distribution');
    const resolved = resolveTarget(written, declared);
    if (resolved === undefined) {
      report('unknown-distribution-name', unknownNameMessage(written, Object.keys(declared)), nodeOffset(valueNode) ?? keyAt, alias);
      continue;
    }
    entries.push({ alias, value: value as AliasValue, ...resolved, offset: keyAt });
  }
  return entries;
}

/**
 * The entries of an `aliases` map read by the plain-form reader (plain-yaml.ts), with the offsets
 * of its keys; undefined when an entry has anything to report (a bad or repeated hostname, a
 * target that is neither a declared name nor an id) or is not a plain target (a map of overrides),
 * so that the file is read by readAliases, which reports it.
 */
export function plainAliasEntries(
  aliases: unknown,
  keyOffsets: ReadonlyMap<object, KeyOffsets>,
  declared: Record<string, unknown>,
): AliasEntry[] | undefined {
  if (aliases === undefined) return [];
  const keyed = isRecord(aliases) ? keyOffsets.get(aliases) : undefined;
  if (keyed === undefined) return undefined;
  const map = aliases as Record<string, unknown>;
  const entries: AliasEntry[] = [];
  const seen = new Set<string>();
  // In file order, as the keys were read (cheaper than iterating an object of 100,000 keys).
  const { keys, offsets } = keyed;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const offset = offsets[i]!;
    const value = map[key];
    if ((value !== null && typeof value !== 'string') || checkAlias(key)) return undefined;
    const alias = normalizeHostname(key);
    if (seen.has(alias)) return undefined;
    seen.add(alias);
    if (value === null || value.length === 0) {
      entries.push({ alias, value, target: null, offset });
      continue;
    }
    const resolved = resolveTarget(value, declared);
    if (resolved === undefined) return undefined;
    entries.push({ alias, value, ...resolved, offset });
  }
  return entries;
}

/**
 * A declared logical name wins over the id form. A name declared with a bad id resolves to what
 * was written (the bad id is reported where it is declared, so no state is built from it).
 */
function resolveTarget(written: string, declared: Record<string, unknown>): { target: string; targetName?: string } | undefined {
  if (Object.hasOwn(declared, written)) return { target: String(declared[written]), targetName: written };
  return DISTRIBUTION_ID.test(written) ? { target: written } : undefined;
}

function unknownNameMessage(written: string, names: readonly string[]): string {
  const head = `"${written}" is neither a logical name declared in distributions nor a distribution id (like E2QWRUHEXAMPLE) or distribution tenant id (like dt_2wjDZi3hD1ivOXf6rpZJOSNE1AB)`;
  if (names.length === 0) return `${head}; no logical names are declared (add "distributions:")`;
  const guess = closest(written, names);
  if (guess) return `${head}; did you mean "${guess}"?`;
  return names.length <= 10 ? `${head}; declared names: ${names.join(', ')}` : head;
}
