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
import { LineCounter, isMap, parseDocument } from 'yaml';
import { sha256Digest } from '../plan/digest.js';
import type { Diagnostic, InputDiagnosticCode, SourceLocation } from '../plan/diagnostics.js';
import {
  DEFAULT_MAX_CHANGE_PERCENT,
  type AccountEntry,
  type DesiredAlias,
  type DesiredState,
  type DnsMode,
  type LockSettings,
  type VerifySettings,
  type MaintenanceWindow,
  type MoveApi,
  type StrategyChoice,
  type TxtProof,
} from './desired.js';
import { assembleAccounts, checkAccounts, distributionIds, type DistributionEntry } from './desired-accounts.js';
import { plainAliasEntries, readAliases, type MakeAlias } from './desired-aliases.js';
import { validateDesiredShape } from './desired-schema.js';
import { checkWindow } from './desired-window.js';
import { reportDuplicateKeys } from './duplicate-keys.js';
import { describeSchemaError } from './schema-messages.js';
import { plainToJS, readPlainYaml } from './plain-yaml.js';
import { isRecord, locate, pairValue, type Report } from './yaml-locations.js';
import { reportYamlProblems } from './yaml-problems.js';

export interface DesiredParseResult {
  /** Present only when there are no error diagnostics. */
  readonly state?: DesiredState;
  /** Every problem at once, sorted by line, col. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The file's content once its shape has been validated (what the schema guarantees). */
interface ValidShape {
  readonly version: 1;
  readonly account?: string;
  readonly accounts?: Record<string, AccountEntry>;
  readonly distributions?: Record<string, string | DistributionEntry>;
  readonly defaults?: {
    readonly strategy?: StrategyChoice;
    readonly dns?: DnsMode;
    readonly moveApi?: MoveApi;
    readonly txtProof?: TxtProof;
  };
  readonly window?: MaintenanceWindow;
  readonly safety?: { readonly maxChangePercent?: number };
  readonly lock?: LockSettings;
  readonly verify?: VerifySettings;
}

export function parseDesiredState(text: string, file: string): DesiredParseResult {
  return parsePlainForm(text, file) ?? parseYamlDocument(text, file);
}

/**
 * The state of a file in the plain form (plain-yaml.ts) that has nothing to report; undefined for
 * any other file, and for a plain one with a problem: that file is read again by the YAML parser,
 * so every diagnostic, and its line:col, comes from one reader.
 */
function parsePlainForm(text: string, file: string): DesiredParseResult | undefined {
  const plain = readPlainYaml(text);
  if (plain === undefined) return undefined;
  // The aliases map is left out of the schema's walk (a million entries): plainAliasEntries checks
  // what the schema asks of each of its plain targets.
  const value = plainToJS(plain.root, 'aliases');
  if (validateDesiredShape(value).length > 0) return undefined;
  const names = distributionIds(value['distributions']);
  let problems = 0;
  const count: Report = () => void problems++;
  const nowhere = (): number => 0;
  checkAccounts(nowhere, value, count);
  checkWindow(nowhere, value['window'], count);
  if (problems > 0 || names === undefined) return undefined;
  const shape = value as unknown as ValidShape;
  const aliases = plainAliasEntries(plain.root.get('aliases'), names, aliasMaker(shape, inFileOrder(file, plain.lineCounter)));
  if (aliases === undefined) return undefined;
  return { state: assembleState(shape, aliases, text, file), diagnostics: [] };
}

/**
 * The location of each offset, as `LineCounter.linePos` gives it, for offsets located in file order
 * (the keys of the aliases map): each is found from the line of the one before, where a binary
 * search over a million line starts costs more. An offset before that line is searched for.
 */
function inFileOrder(file: string, lineCounter: LineCounter): (offset: number) => SourceLocation {
  const starts = lineCounter.lineStarts;
  let at = 0; // the index in `starts` of the line of the offset located last
  return (offset) => {
    if (offset < starts[at]!) {
      const { line, col } = lineCounter.linePos(offset);
      return { file, line, col };
    }
    while (at + 1 < starts.length && starts[at + 1]! <= offset) at++;
    return { file, line: at + 1, col: offset - starts[at]! + 1 };
  };
}

/** `parseDesiredState` by the YAML parser alone (the plain-form reader skipped): tests compare the two. */
export function parseYamlDocument(text: string, file: string): DesiredParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    // Off: the parser's own check compares each key with every earlier key of its map, quadratic
    // in the number of aliases. reportDuplicateKeys finds the same duplicates (and aliases equal
    // once normalised) in one pass and says where the first one is.
    uniqueKeys: false,
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
  const names = distributionIds(value['distributions']);
  const where = (path: readonly string[], prefer: 'key' | 'value'): number => locate(doc, path, prefer);
  checkAccounts(where, value, report);
  // Made whatever the shape: they are dropped with it when anything is reported.
  const shape = value as unknown as ValidShape;
  const aliases = aliasesMap ? readAliases(doc, aliasesMap, names, report, aliasMaker(shape, at)) : [];
  checkWindow(where, value['window'], report);

  if (diagnostics.length > 0) return done();
  return done(assembleState(shape, aliases, text, file));
}

/** The settings of every alias that does not override them. */
function defaultsOf(shape: ValidShape): DesiredState['defaults'] {
  return {
    strategy: shape.defaults?.strategy ?? 'auto',
    dns: shape.defaults?.dns ?? 'route53',
    moveApi: shape.defaults?.moveApi ?? 'update-domain-association',
    txtProof: shape.defaults?.txtProof ?? 'when-needed',
  };
}

/** Makes each alias of the state: the entry's overrides, else the file's defaults; where its key is. */
function aliasMaker(shape: ValidShape, at: (offset: number) => SourceLocation): MakeAlias {
  const defaults = defaultsOf(shape);
  return (alias, value, target, targetName, offset) => {
    const overrides = isRecord(value) ? value : undefined;
    const strategy = overrides?.strategy ?? defaults.strategy;
    const dns = overrides?.dns ?? defaults.dns;
    const moveApi = overrides?.moveApi ?? defaults.moveApi;
    const txtProof = overrides?.txtProof ?? defaults.txtProof;
    const location = at(offset);
    // Two literals rather than a spread of the optional targetName: V8 builds spread copies several
    // times slower, once per alias of the file.
    return targetName === undefined
      ? { alias, target, strategy, dns, moveApi, txtProof, location }
      : { alias, target, targetName, strategy, dns, moveApi, txtProof, location };
  };
}

function assembleState(shape: ValidShape, aliases: DesiredAlias[], text: string, file: string): DesiredState {
  const defaults = defaultsOf(shape);
  return {
    version: 1,
    file,
    digest: sha256Digest(text),
    ...(shape.account === undefined ? {} : { account: shape.account }),
    ...assembleAccounts(shape.accounts, shape.distributions),
    defaults,
    ...(shape.window === undefined ? {} : { window: { start: shape.window.start, end: shape.window.end } }),
    safety: { maxChangePercent: shape.safety?.maxChangePercent ?? DEFAULT_MAX_CHANGE_PERCENT },
    ...(shape.lock === undefined ? {} : { lock: { ...shape.lock } }),
    ...(shape.verify === undefined ? {} : { verify: structuredClone(shape.verify) }),
    aliases,
  };
}
