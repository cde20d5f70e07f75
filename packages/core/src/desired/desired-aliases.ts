/** The `aliases` map of `cfalias.yaml`: every key checked as a hostname, every target resolved. */
import { isScalar, type YAMLMap } from 'yaml';
import { checkAlias, normalizeHostname } from '../hostnames.js';
import type { DesiredAlias, DnsMode, MoveApi, StrategyChoice, TxtProof } from './desired.js';
import { DISTRIBUTION_ID_PATTERN } from './desired-schema.js';
import { closest, describeValue } from './schema-messages.js';
import { PlainMap } from './plain-yaml.js';
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

/**
 * The state's alias of one entry, made as the entry is read (no list of entries in between: a file
 * may have a million): its normalised name, its value as written (a target, null, or a map of
 * overrides), its target resolved, the logical name written for it if any, and the key's offset.
 */
export type MakeAlias = (
  alias: string,
  value: AliasValue,
  target: string | null,
  targetName: string | undefined,
  offset: number,
) => DesiredAlias;

const HOSTNAME_CODES = { uppercase: 'uppercase-alias', wildcard: 'invalid-wildcard', hostname: 'invalid-hostname' } as const;

/** Checks every alias key and resolves its target; returns the aliases made of the entries, in file order. */
export function readAliases(
  doc: YamlDocument,
  aliasesMap: YAMLMap,
  declared: Record<string, unknown> | undefined,
  report: Report,
  make: MakeAlias,
): DesiredAlias[] {
  const entries: DesiredAlias[] = [];
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
      entries.push(make(alias, value as AliasValue, null, undefined, keyAt));
      continue;
    }
    if (declared === undefined) continue;
    const valueNode = typeof value === 'string' ? pair.value : pairValue(pair.value, 'distribution');
    const entry = withTarget(make, alias, value as AliasValue, written, declared, keyAt);
    if (entry === undefined) {
      report('unknown-distribution-name', unknownNameMessage(written, Object.keys(declared)), nodeOffset(valueNode) ?? keyAt, alias);
      continue;
    }
    entries.push(entry);
  }
  return entries;
}

/**
 * The aliases made of the entries of an `aliases` map read by the plain-form reader (plain-yaml.ts),
 * in file order; undefined when an entry has anything to report (a bad hostname, a target that is
 * not a non-empty string or null, or that is neither a declared name nor an id) or is not a plain
 * target (a map of overrides), so that the file is read by readAliases and the schema, which
 * report it.
 *
 * Whether each target is a non-empty string or null is what the schema asks of a plain target:
 * the caller validates the rest of the file without this map.
 */
export function plainAliasEntries(aliases: unknown, declared: Record<string, unknown>, make: MakeAlias): DesiredAlias[] | undefined {
  if (aliases === undefined) return [];
  if (!(aliases instanceof PlainMap)) return undefined;
  const { keys, offsets, values } = aliases;
  const entries: DesiredAlias[] = [];
  for (let i = 0; i < keys.length; i++) {
    // A key checkAlias takes is already normalised (lowercase letters, digits, hyphens and dots, no
    // trailing dot), and the reader takes no key twice: no two entries share an alias.
    const alias = keys[i]!;
    const value = values[i];
    if ((value !== null && typeof value !== 'string') || value === '' || checkAlias(alias)) return undefined;
    if (value === null) {
      entries.push(make(alias, value, null, undefined, offsets[i]!));
      continue;
    }
    const entry = withTarget(make, alias, value, value, declared, offsets[i]!);
    if (entry === undefined) return undefined;
    entries.push(entry);
  }
  return entries;
}

/**
 * The alias made of an entry whose target is written `written`: a declared logical name wins over
 * the id form; undefined when it is neither. A name declared with a bad id resolves to what was
 * written (the bad id is reported where it is declared, so no state is built from it).
 */
function withTarget(
  make: MakeAlias,
  alias: string,
  value: AliasValue,
  written: string,
  declared: Record<string, unknown>,
  offset: number,
): DesiredAlias | undefined {
  if (Object.hasOwn(declared, written)) return make(alias, value, String(declared[written]), written, offset);
  return DISTRIBUTION_ID.test(written) ? make(alias, value, written, undefined, offset) : undefined;
}

function unknownNameMessage(written: string, names: readonly string[]): string {
  const head = `"${written}" is neither a logical name declared in distributions nor a distribution id (like E2QWRUHEXAMPLE) or distribution tenant id (like dt_2wjDZi3hD1ivOXf6rpZJOSNE1AB)`;
  if (names.length === 0) return `${head}; no logical names are declared (add "distributions:")`;
  const guess = closest(written, names);
  if (guess) return `${head}; did you mean "${guess}"?`;
  return names.length <= 10 ? `${head}; declared names: ${names.join(', ')}` : head;
}
