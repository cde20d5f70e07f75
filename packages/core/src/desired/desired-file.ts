/**
 * Reading `cfalias.yaml`: YAML → shape (JSON Schema) → semantic checks → DesiredState.
 *
 * Contract: pure and synchronous; never throws on any input text. Every problem found is returned
 * as an error Diagnostic with the `file:line:col` (1-based) of the offending key or value, sorted
 * by position. A state is returned only when there are no errors.
 *
 * When the YAML itself does not parse, only YAML problems (and duplicate keys) are reported: the
 * structure the parser recovers after a syntax error is a guess, and checking it would report
 * problems that are not in the file.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Pair,
  type YAMLError,
  type YAMLMap,
} from 'yaml';
import type { ErrorObject } from 'ajv';
import { sha256Digest } from '../plan/digest.js';
import { checkAlias, normalizeHostname } from '../hostnames.js';
import type { Diagnostic, InputDiagnosticCode, SourceLocation } from '../plan/diagnostics.js';
import {
  DEFAULT_MAX_CHANGE_PERCENT,
  type DesiredAlias,
  type DesiredState,
  type DnsMode,
  type LockSettings,
  type VerifySettings,
  type MaintenanceWindow,
  type StrategyChoice,
} from './desired.js';
import { DISTRIBUTION_ID_PATTERN, validateDesiredShape } from './desired-schema.js';

export interface DesiredParseResult {
  /** Present only when there are no error diagnostics. */
  readonly state?: DesiredState;
  /** Every problem at once, sorted by line, col. */
  readonly diagnostics: readonly Diagnostic[];
}

const DISTRIBUTION_ID = new RegExp(DISTRIBUTION_ID_PATTERN);
const EXAMPLE_TIMESTAMP = '2026-12-01T02:00:00Z';

type YamlDocument = Document.Parsed;

/** The file's content once its shape has been validated (what the schema guarantees). */
interface ValidShape {
  readonly version: 1;
  readonly account?: string;
  readonly distributions?: Record<string, string>;
  readonly defaults?: { readonly strategy?: StrategyChoice; readonly dns?: DnsMode };
  readonly window?: MaintenanceWindow;
  readonly safety?: { readonly maxChangePercent?: number };
  readonly lock?: LockSettings;
  readonly verify?: VerifySettings;
}

type AliasValue = string | null | { readonly distribution: string | null; readonly strategy?: StrategyChoice; readonly dns?: DnsMode };

/** One alias entry as read, before the state is assembled. */
interface AliasEntry {
  readonly alias: string;
  readonly value: AliasValue;
  readonly target: string | null;
  readonly targetName?: string;
  readonly offset: number;
}

export function parseDesiredState(text: string, file: string): DesiredParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    // 'error': the parser never writes to the console (core does no output), yet still reports a
    // second document as an error ('silent' would drop it without a word).
    logLevel: 'error',
  });
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { file, line, col };
  };
  const report = (code: InputDiagnosticCode, message: string, offset: number, alias?: string): void => {
    diagnostics.push({ severity: 'error', code, message, ...(alias === undefined ? {} : { alias }), location: at(offset) });
  };
  const done = (state?: DesiredState): DesiredParseResult => {
    const sorted = diagnostics
      .map((d, i) => ({ d, i }))
      .sort((a, b) => a.d.location!.line - b.d.location!.line || a.d.location!.col - b.d.location!.col || a.i - b.i)
      .map(({ d }) => d);
    return state && sorted.length === 0 ? { state, diagnostics: sorted } : { diagnostics: sorted };
  };

  const aliasesNode = pairValue(doc.contents, 'aliases');
  const aliasesMap = isMap(aliasesNode) ? aliasesNode : undefined;
  reportDuplicateKeys(doc, aliasesMap, at, report);

  reportYamlProblems(doc, text, lineCounter, report);
  if (diagnostics.some((d) => d.code === 'yaml-syntax')) return done();

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Excessive alias expansion ("billion laughs"): nothing sensible to check.
    report('yaml-syntax', error instanceof Error ? error.message : String(error), 0);
    return done();
  }

  for (const error of validateDesiredShape(value)) {
    const problem = describeSchemaError(error, doc);
    report(problem.code, problem.message, problem.offset, problem.alias);
  }
  if (!isRecord(value)) return done();

  // A `distributions` of the wrong shape is a schema error; names are then not checked against it.
  const names = value['distributions'] === undefined ? {} : isRecord(value['distributions']) ? value['distributions'] : undefined;
  const entries = aliasesMap ? readAliases(doc, aliasesMap, names, report) : [];
  checkWindow(doc, value['window'], report);

  if (diagnostics.length > 0) return done();
  return done(assembleState(value as unknown as ValidShape, entries, text, file, at));
}

function assembleState(
  shape: ValidShape,
  entries: readonly AliasEntry[],
  text: string,
  file: string,
  at: (offset: number) => SourceLocation,
): DesiredState {
  const defaults = { strategy: shape.defaults?.strategy ?? 'auto', dns: shape.defaults?.dns ?? 'route53' } as const;
  const aliases = entries.map((entry): DesiredAlias => {
    const overrides: Record<string, unknown> = isRecord(entry.value) ? entry.value : {};
    return {
      alias: entry.alias,
      target: entry.target,
      ...(entry.targetName === undefined ? {} : { targetName: entry.targetName }),
      strategy: (overrides['strategy'] as StrategyChoice | undefined) ?? defaults.strategy,
      dns: (overrides['dns'] as DnsMode | undefined) ?? defaults.dns,
      location: at(entry.offset),
    };
  });
  return {
    version: 1,
    file,
    digest: sha256Digest(text),
    ...(shape.account === undefined ? {} : { account: shape.account }),
    // fromEntries defines own properties, so a name like "__proto__" stays a plain entry.
    distributions: Object.fromEntries(Object.entries(shape.distributions ?? {})),
    defaults,
    ...(shape.window === undefined ? {} : { window: { start: shape.window.start, end: shape.window.end } }),
    safety: { maxChangePercent: shape.safety?.maxChangePercent ?? DEFAULT_MAX_CHANGE_PERCENT },
    ...(shape.lock === undefined ? {} : { lock: { ...shape.lock } }),
    ...(shape.verify === undefined ? {} : { verify: structuredClone(shape.verify) }),
    aliases,
  };
}

type Report = (code: InputDiagnosticCode, message: string, offset: number, alias?: string) => void;

// ---------------------------------------------------------------------------------------------
// YAML level

/**
 * YAML errors and warnings, as `yaml-syntax`. The parser's own duplicate-key errors are left out:
 * reportDuplicateKeys reports the same keys and says where the first one is.
 *
 * An unquoted `*.example.com` is the most likely YAML mistake in this file (`*` starts a YAML
 * alias), and the parser's messages for it are cryptic, so the problems on such a line are
 * replaced by one that says to quote it.
 */
function reportYamlProblems(doc: YamlDocument, text: string, lineCounter: LineCounter, report: Report): void {
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

/**
 * Keys that appear twice in one map. In `aliases`, keys are compared once normalised too
 * (`www.example.com` and `WWW.example.com.` are the same alias).
 */
function reportDuplicateKeys(
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

// ---------------------------------------------------------------------------------------------
// Schema errors → diagnostics

interface Problem {
  readonly code: InputDiagnosticCode;
  readonly message: string;
  readonly offset: number;
  readonly alias?: string;
}

function describeSchemaError(error: ErrorObject, doc: YamlDocument): Problem {
  const path = parsePointer(error.instancePath);
  const field = fieldName(path);
  const data: unknown = error.data;
  const params = error.params as Record<string, unknown>;
  const alias = path[0] === 'aliases' && path[1] !== undefined ? path[1] : undefined;
  const problem = (code: InputDiagnosticCode, message: string, offset: number): Problem => ({
    code,
    message,
    offset,
    ...(alias === undefined ? {} : { alias }),
  });
  const inWindow = path[0] === 'window';

  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      const allowed = Object.keys((error.parentSchema?.['properties'] as object | undefined) ?? {});
      const where = path.length === 0 ? 'at the top level' : `in ${field}`;
      const guess = closest(name, allowed);
      return problem(
        'unknown-field',
        `unknown field "${name}" ${where}; allowed: ${allowed.join(', ')}${guess ? ` (did you mean "${guess}"?)` : ''}`,
        locate(doc, [...path, name], 'key'),
      );
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      if (path.length === 0 && missing === 'version') {
        return problem('schema', '"version" is required: add "version: 1" at the top of the file', locate(doc, path, 'key'));
      }
      if (inWindow) {
        return problem('invalid-window', `window needs "${missing}" (UTC ISO 8601, like ${EXAMPLE_TIMESTAMP})`, locate(doc, path, 'key'));
      }
      return problem('schema', `${field} needs "${missing}"`, locate(doc, path, 'key'));
    }
    case 'type': {
      const offset = locate(doc, path, 'value');
      const found = describeValue(data);
      if (path.length === 0) {
        return problem(
          'schema',
          data === null
            ? 'the file is empty: it needs at least "version: 1"'
            : `the file must be a map of fields (version, aliases, …), found ${found}`,
          offset,
        );
      }
      if (path[0] === 'account') {
        return problem('invalid-account', `account must be 12 digits in quotes (like "111111111111"), found ${found}`, offset);
      }
      if (path[0] === 'distributions' && path.length === 2) {
        return problem(
          'invalid-distribution-id',
          `distribution "${path[1]}" must be a distribution id (like E2QWRUHEXAMPLE), found ${found}`,
          offset,
        );
      }
      if (alias !== undefined && path.length === 2) {
        return problem(
          'schema',
          `alias "${alias}" must map to a distribution name or id, a map with "distribution", or null (to detach); found ${found}`,
          offset,
        );
      }
      const expected = typeWords(params['type']);
      return problem(inWindow ? 'invalid-window' : 'schema', `${field} must be ${expected}, found ${found}`, offset);
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String).join(', ');
      return problem('schema', `${field} is ${describeValue(data)}; allowed: ${allowed}`, locate(doc, path, 'value'));
    }
    case 'const':
      if (path.length === 1 && path[0] === 'version') {
        const written = data === null ? 'empty' : JSON.stringify(data);
        return problem(
          'unsupported-version',
          `version ${written} is not supported: this cfalias reads version 1 (the number)`,
          locate(doc, path, 'value'),
        );
      }
      return problem(
        'schema',
        `${field} must be ${JSON.stringify(params['allowedValue'])}, found ${describeValue(data)}`,
        locate(doc, path, 'value'),
      );
    case 'pattern':
      if (path[0] === 'account') {
        return problem(
          'invalid-account',
          `account "${String(data)}" is not an AWS account id: it must be exactly 12 digits`,
          locate(doc, path, 'value'),
        );
      }
      if (path[0] === 'distributions') {
        return problem(
          'invalid-distribution-id',
          `distribution "${path[1]}" is "${String(data)}", which is not a distribution id: E and 5 or more uppercase letters or digits (like E2QWRUHEXAMPLE)`,
          locate(doc, path, 'value'),
        );
      }
      return problem('schema', `${field} ${error.message ?? 'does not match'}`, locate(doc, path, 'value'));
    case 'minLength':
      return problem('schema', `${field} must not be empty`, locate(doc, path, 'value'));
    case 'minimum':
    case 'maximum':
      return problem(
        'schema',
        `${field} must be between ${String(error.parentSchema?.['minimum'])} and ${String(error.parentSchema?.['maximum'])}, found ${describeValue(data)}`,
        locate(doc, path, 'value'),
      );
    case 'discriminator': {
      const allowed = 'local, s3';
      if (params['error'] === 'mapping') {
        return problem(
          'schema',
          `${field}.backend is ${describeValue(params['tagValue'])}; allowed: ${allowed}`,
          locate(doc, [...path, 'backend'], 'value'),
        );
      }
      const hasTag = isRecord(data) && Object.hasOwn(data, 'backend');
      return hasTag
        ? problem('schema', `${field}.backend must be a string; allowed: ${allowed}`, locate(doc, [...path, 'backend'], 'value'))
        : problem('schema', `${field} needs "backend" (${allowed})`, locate(doc, path, 'key'));
    }
    default:
      return problem(inWindow ? 'invalid-window' : 'schema', `${field} ${error.message ?? 'is invalid'}`, locate(doc, path, 'value'));
  }
}

// ---------------------------------------------------------------------------------------------
// Semantic checks

const HOSTNAME_CODES = { uppercase: 'uppercase-alias', wildcard: 'invalid-wildcard', hostname: 'invalid-hostname' } as const;

/** Checks every alias key and resolves its target; returns the entries in file order. */
function readAliases(doc: YamlDocument, aliasesMap: YAMLMap, declared: Record<string, unknown> | undefined, report: Report): AliasEntry[] {
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
 * A declared logical name wins over the id form. A name declared with a bad id resolves to what
 * was written (the bad id is reported where it is declared, so no state is built from it).
 */
function resolveTarget(written: string, declared: Record<string, unknown>): { target: string; targetName?: string } | undefined {
  if (Object.hasOwn(declared, written)) return { target: String(declared[written]), targetName: written };
  return DISTRIBUTION_ID.test(written) ? { target: written } : undefined;
}

function unknownNameMessage(written: string, names: readonly string[]): string {
  const head = `"${written}" is neither a logical name declared in distributions nor a distribution id (like E2QWRUHEXAMPLE)`;
  if (names.length === 0) return `${head}; no logical names are declared (add "distributions:")`;
  const guess = closest(written, names);
  if (guess) return `${head}; did you mean "${guess}"?`;
  return names.length <= 10 ? `${head}; declared names: ${names.join(', ')}` : head;
}

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

type Instant = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly message: string };

function parseUtcTimestamp(field: string, written: string): Instant {
  const match = ISO_TIMESTAMP.exec(written);
  if (!match) return { ok: false, message: `${field} "${written}" is not an ISO 8601 timestamp; write it like ${EXAMPLE_TIMESTAMP}` };
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone] = match;
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const wholeSeconds = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]);
  const ms = wholeSeconds + Math.round(Number(`0${fraction}`) * 1000);
  // Date.UTC rolls 31 April over to 1 May: a round trip shows whether each field was in range.
  const back = new Date(wholeSeconds);
  const real =
    back.getUTCFullYear() === parts[0] &&
    back.getUTCMonth() === parts[1] - 1 &&
    back.getUTCDate() === parts[2] &&
    back.getUTCHours() === parts[3] &&
    back.getUTCMinutes() === parts[4] &&
    back.getUTCSeconds() === parts[5];
  if (!real) return { ok: false, message: `${field} "${written}" is not a real date and time` };
  if (zone === undefined)
    return { ok: false, message: `${field} "${written}" has no time zone: write it in UTC with a Z (like ${EXAMPLE_TIMESTAMP})` };
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    const utc = Number.isFinite(ms - offsetMs) ? new Date(ms - offsetMs).toISOString().replace('.000Z', 'Z') : undefined;
    return { ok: false, message: `${field} "${written}" is not UTC: write it with Z${utc ? ` (${utc})` : ''}` };
  }
  return { ok: true, ms };
}

function checkWindow(doc: YamlDocument, window: unknown, report: Report): void {
  if (!isRecord(window)) return;
  const instants: Partial<Record<'start' | 'end', number>> = {};
  for (const field of ['start', 'end'] as const) {
    const written = window[field];
    if (typeof written !== 'string') continue; // missing or wrong type: a schema error
    const instant = parseUtcTimestamp(`window.${field}`, written);
    if (instant.ok) instants[field] = instant.ms;
    else report('invalid-window', instant.message, locate(doc, ['window', field], 'value'));
  }
  if (instants.start !== undefined && instants.end !== undefined && instants.end <= instants.start) {
    report(
      'invalid-window',
      `window.end ${String(window['end'])} is not after window.start ${String(window['start'])}`,
      locate(doc, ['window', 'end'], 'value'),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Positions: from a JSON pointer (ajv's instancePath) back to the YAML node

/**
 * Offset of the node at `path`: its key or its value. Walks as deep as the document goes (an
 * unresolvable step stops at the deepest node found), follows YAML aliases, and for an empty value
 * (`window:` with nothing after it) points at the key, which is where the reader looks.
 */
function locate(doc: YamlDocument, path: readonly string[], prefer: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: Pair | undefined;
    if (isMap(node)) {
      next = node.items.findLast((pair) => scalarKey(pair) === segment);
    } else if (isSeq(node) && /^\d+$/.test(segment)) {
      const item = node.items[Number(segment)];
      if (item !== undefined) {
        keyNode = undefined;
        node = item;
        continue;
      }
    }
    if (!next) return nodeOffset(keyNode) ?? nodeOffset(node) ?? 0;
    keyNode = next.key;
    node = next.value;
  }
  const valueOffset = isEmptyScalar(node) ? undefined : nodeOffset(node);
  const keyOffsetFound = nodeOffset(keyNode);
  if (prefer === 'key') return keyOffsetFound ?? valueOffset ?? nodeOffset(doc.contents) ?? 0;
  return valueOffset ?? keyOffsetFound ?? 0;
}

function nodeOffset(node: unknown): number | undefined {
  const range = (node as Partial<Node> | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && !!node.range && node.range[0] === node.range[1];
}

function keyOffset(pair: Pair): number {
  return nodeOffset(pair.key) ?? nodeOffset(pair.value) ?? 0;
}

/** The key of a pair as text, when it is a scalar. */
function scalarKey(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** The value node of `key` in a YAML map node (the last one when the key repeats). */
function pairValue(node: unknown, key: string): unknown {
  return isMap(node) ? node.items.findLast((pair) => scalarKey(pair) === key)?.value : undefined;
}

function safeToJS(node: unknown, doc: YamlDocument): unknown {
  if (node === null || node === undefined) return null;
  try {
    return (node as Node).toJS(doc, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

/** JSON pointer → segments (`/aliases/a~1b` → ['aliases', 'a/b']). */
function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `defaults.strategy`, `aliases["www.example.com"].dns` */
function fieldName(path: readonly string[]): string {
  if (path.length === 0) return 'the file';
  return path
    .map((segment, i) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment) ? `${i === 0 ? '' : '.'}${segment}` : `[${JSON.stringify(segment)}]`))
    .join('');
}

function typeWords(type: unknown): string {
  const words: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    object: 'a map',
    array: 'a list',
    null: 'empty',
  };
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => words[String(t)] ?? String(t)).join(' or ');
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (empty)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return JSON.stringify(value);
  const scalar = value as number | boolean; // what is left of a YAML value
  return `${typeof scalar === 'number' ? 'the number' : 'the value'} ${String(scalar)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The candidate nearest to `word` by edit distance, when near enough to be a likely typo. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
