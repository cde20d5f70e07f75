/**
 * A one-pass reader for the plain form most `cfalias.yaml` files are written in: block maps of
 * `key: value` lines nested by indentation. It walks the YAML library's own tokens (its Lexer), so
 * the library decides what is a scalar, a quoted string, an indicator or a comment, and resolves
 * each scalar with the library's own functions (CST.resolveAsScalar, then the YAML 1.2 core
 * schema's tags for a plain one). It returns the maps of such a file (the keys the YAML parser's
 * `toJS` gives, in the same order, with the same values) and the offset of every key, without
 * building the parser's document of nodes, which for a file of 100,000 aliases costs seconds and
 * hundreds of megabytes.
 *
 * Taken here: one document (a leading byte order mark and `---` allowed) whose lines are blank, a
 * comment, or `key:` / `key: value` with an optional comment after it; keys and values plain,
 * single- or double-quoted (escapes included) on one line; values of any core-schema type;
 * spaces as indentation, tabs only between tokens; LF or CRLF line ends.
 *
 * Anything else is not read here (undefined): sequences, flow collections, anchors and YAML
 * aliases, tags, block scalars, directives, scalars over more than one line, a second document,
 * tabs in indentation, bad indentation, an indented first line after a byte order mark, keys
 * written twice, a key that is not a string or that a JS object would order first (all digits),
 * `__proto__`, a key line over 1,022 characters to its `:` (near YAML's limit), a file with no
 * key, and any scalar the library has a problem with. The caller then reads the file with the
 * full YAML parser, so every file that has something to say about is still said by it.
 */
import { CST, Lexer, LineCounter, Schema, isScalar, type ScalarTag } from 'yaml';

/** The value of a plain file: its root map; and where its lines start. */
export interface PlainYaml {
  readonly root: PlainMap;
  /** Where each line starts, the first one included, as the YAML parser's LineCounter records it. */
  readonly lineCounter: LineCounter;
}

/**
 * One block map as read: its keys in file order, the text offset of each key, and each key's value
 * (a scalar as the YAML parser resolves it, or a nested PlainMap). Parallel arrays rather than a JS
 * object: an object of a million keys is a dictionary that costs seconds to fill, and only the small
 * maps of a file are ever needed as objects (plainToJS).
 */
export class PlainMap {
  readonly keys: string[] = [];
  readonly offsets: number[] = [];
  readonly values: unknown[] = [];

  /** The value of `key`, undefined when the map has no such key. */
  get(key: string): unknown {
    const at = this.keys.indexOf(key);
    return at < 0 ? undefined : this.values[at];
  }
}

/**
 * What the YAML parser's `toJS` gives for `map`: a JS object (nested maps too), except the value of
 * `emptied` (a key of `map` itself), which, when it is a map, is given as an empty object.
 */
export function plainToJS(map: PlainMap, emptied?: string): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (let i = 0; i < map.keys.length; i++) {
    const key = map.keys[i]!;
    const value = map.values[i];
    object[key] = !(value instanceof PlainMap) ? value : key === emptied ? {} : plainToJS(value);
  }
  return object;
}

/** The tags the YAML parser tests an untagged plain scalar against, in its order (else a string). */
const CORE_TAGS: readonly ScalarTag[] = new Schema({ schema: 'core' }).tags.filter(
  (tag): tag is ScalarTag => !tag.collection && tag.default === true && tag.test !== undefined,
);
/**
 * Whether any of CORE_TAGS takes a plain scalar, in one test: their own tests (each anchored at both
 * ends) joined. Most scalars of this file are strings that no tag takes, and one test is cheaper
 * than one per tag. Should a test have flags, every scalar is tried against each tag instead.
 */
const ANY_CORE_TAG = CORE_TAGS.every((tag) => tag.test!.flags === '')
  ? new RegExp(CORE_TAGS.map((tag) => `(?:${tag.test!.source})`).join('|'))
  : /(?:)/;
/**
 * The most characters from a key's line start to its `:` read here. YAML allows 1,024 from the
 * key's start, and the parser sometimes counts them from the line end before it (after a `key:`
 * with nothing after it), which is up to two characters (CRLF) before the line start.
 */
const MAX_KEY_SPAN = 1022;
/** A JS object puts keys like these (array indices) before the others, not in file order. */
const DIGITS = /^[0-9]+$/;
const NOT_READ = Symbol('not read here');
/** What `key:` with nothing after it has, before the next lines say whether it opens a map. */
const NO_VALUE = Symbol('no value');

/** The plain file's value and key offsets, or undefined when the file is not in the plain form. */
export function readPlainYaml(text: string): PlainYaml | undefined {
  const tokens = new Tokens(text);
  const maps = new Maps();
  if (tokens.is('byte-order-mark')) {
    // The YAML parser counts a byte order mark in the column of what follows it on the first line:
    // an indented map there does not line up with the same map on the next lines.
    maps.indentedRoot = false;
    tokens.next();
  }
  while (!tokens.is('end')) {
    if (!readLine(tokens, maps)) return undefined;
  }
  if (maps.root.indent === undefined) return undefined; // no key: the document's value is null
  maps.close();
  if (maps.all.some(hasRepeatedKey)) return undefined;
  return { root: maps.root.map, lineCounter: tokens.lineCounter };
}

type Kind = CST.TokenType | 'end' | 'unknown';

/**
 * The lexer's tokens, one at a time, with the offset of each (its markers take no text) and the
 * line starts, counted as the YAML parser counts them (after each newline token).
 */
class Tokens {
  kind: Kind = 'end';
  source = '';
  offset = 0;
  readonly lineCounter = new LineCounter();
  private readonly lexemes: Iterator<string>;
  /** Whether the library reported a problem with the scalar being resolved. */
  private problem = false;
  private readonly onError = (): void => void (this.problem = true);

  constructor(text: string) {
    this.lineCounter.addNewLine(0);
    this.lexemes = new Lexer().lex(text)[Symbol.iterator]();
    this.next();
  }

  /** Whether the current token is of `kind` (a method: a property would stay narrowed across next()). */
  is(kind: Kind): boolean {
    return this.kind === kind;
  }

  next(): void {
    this.offset += this.source.length;
    let lexeme = this.lexemes.next();
    while (lexeme.done !== true && lexeme.value === CST.DOCUMENT) lexeme = this.lexemes.next();
    let kind: Kind = 'scalar';
    if (lexeme.done !== true && lexeme.value === CST.SCALAR) lexeme = this.lexemes.next();
    else if (lexeme.done !== true) kind = CST.tokenType(lexeme.value) ?? 'unknown';
    if (lexeme.done === true) {
      this.kind = 'end';
      this.source = '';
      return;
    }
    this.kind = kind;
    this.source = lexeme.value;
    if (kind === 'newline') this.lineCounter.addNewLine(this.offset + this.source.length);
  }

  /**
   * The current token, a one-line flow scalar, as the YAML parser resolves it: its text by
   * CST.resolveAsScalar, then, for a plain one, by the first core-schema tag whose test it passes
   * (else a string). NOT_READ when the library reports a problem with it, or it spans lines.
   */
  scalar(): unknown {
    const { kind, source } = this;
    if (source.includes('\n') || source.includes('\r')) return NOT_READ;
    this.problem = false;
    const token = { type: kind as CST.FlowScalar['type'], offset: this.offset, indent: 0, source };
    const { value } = CST.resolveAsScalar(token, true, this.onError);
    if (kind !== 'scalar' || !ANY_CORE_TAG.test(value)) return this.problem ? NOT_READ : value;
    const tag = CORE_TAGS.find((candidate) => candidate.test!.test(value));
    const resolved = tag === undefined ? value : tag.resolve(value, this.onError, {});
    if (this.problem) return NOT_READ;
    return isScalar(resolved) ? resolved.value : resolved;
  }
}

/** Reads one line (and its line end); false when it is not in the plain form. */
function readLine(tokens: Tokens, maps: Maps): boolean {
  let indent = 0;
  if (tokens.is('space')) {
    if (tokens.source.includes('\t')) return false; // tabs are not indentation
    indent = tokens.source.length;
    tokens.next();
  }
  if (tokens.is('doc-start')) {
    if (maps.started) return false;
    maps.started = true;
    tokens.next();
    return lineEnd(tokens, false);
  }
  if (!isFlowScalar(tokens.kind)) return lineEnd(tokens, true);
  maps.started = true;
  const keyOffset = tokens.offset;
  const key = tokens.scalar();
  tokens.next();
  if (tokens.is('space')) tokens.next();
  if (!tokens.is('map-value-ind') || tokens.offset - tokens.lineCounter.lineStarts.at(-1)! > MAX_KEY_SPAN) return false;
  tokens.next();
  const spaced = tokens.is('space');
  if (spaced) tokens.next();
  if (spaced && isFlowScalar(tokens.kind)) {
    const value = tokens.scalar();
    if (value === NOT_READ) return false;
    tokens.next();
    return lineEnd(tokens, false) && maps.add(indent, key, keyOffset, value);
  }
  return lineEnd(tokens, spaced) && maps.add(indent, key, keyOffset, NO_VALUE);
}

/**
 * The rest of a line: spaces, a comment (separated from what is before it by a space, or at the
 * line's start), then a line end or the end of the text.
 */
function lineEnd(tokens: Tokens, spaced: boolean): boolean {
  if (tokens.is('space')) {
    spaced = true;
    tokens.next();
  }
  if (tokens.is('comment')) {
    if (!spaced) return false;
    tokens.next();
  }
  if (tokens.is('end')) return true;
  if (!tokens.is('newline')) return false;
  tokens.next();
  return true;
}

function isFlowScalar(kind: Kind): boolean {
  return kind === 'scalar' || kind === 'double-quoted-scalar' || kind === 'single-quoted-scalar';
}

interface Frame {
  /** The indentation of the map's keys; undefined until its first key is read. */
  indent: number | undefined;
  readonly map: PlainMap;
  /** Where in the parent map this map is the value (that value is null while the map is empty). */
  readonly parent?: { readonly frame: Frame; readonly index: number };
}

function newFrame(parent?: Frame['parent']): Frame {
  return { indent: undefined, map: new PlainMap(), ...(parent === undefined ? {} : { parent }) };
}

/**
 * Whether a key of `map` is written twice. Checked once the whole file is read, in one Set built
 * from the keys: a Set filled key by key while the file is read is several times slower.
 */
function hasRepeatedKey(map: PlainMap): boolean {
  return new Set(map.keys).size !== map.keys.length;
}

/** The block maps read so far: the root, and the chain of maps open at the current line. */
class Maps {
  readonly root: Frame = newFrame();
  /** Every map read, the root included. */
  readonly all: PlainMap[] = [this.root.map];
  /** A key or `---` has been read (a later `---` starts a second document). */
  started = false;
  /** Whether the root map's keys may be indented. */
  indentedRoot = true;
  private frame = this.root;

  /** Adds a key at `indent` with its value (NO_VALUE: `key:` alone, which may open a map); false if not plain. */
  add(indent: number, key: unknown, offset: number, value: unknown): boolean {
    const frame = frameAt(this.frame, indent);
    if (frame === this.root && indent > 0 && !this.indentedRoot) return false;
    if (frame.indent === undefined) frame.indent = indent;
    else if (frame.indent !== indent) return false;
    if (typeof key !== 'string' || key === '__proto__' || DIGITS.test(key)) return false;
    const { map } = frame;
    map.keys.push(key);
    map.offsets.push(offset);
    this.frame = frame;
    if (value !== NO_VALUE) {
      // A string equal to the value before it (most aliases share the target of the alias above
      // them) is kept as that same string: the lexer's copy then dies young instead of surviving.
      const previous = map.values.at(-1);
      map.values.push(typeof value === 'string' && value === previous ? previous : value);
      return true;
    }
    // `key:` opens a map when the next key is indented deeper; else its value is null.
    map.values.push(null);
    this.frame = newFrame({ frame, index: map.values.length - 1 });
    this.all.push(this.frame.map);
    return true;
  }

  /** Attaches every map still open to its parent (the file ended inside it); a `key:` left open keeps its null. */
  close(): void {
    for (let current: Frame | undefined = this.frame; current?.parent !== undefined; current = current.parent.frame) {
      if (current.indent !== undefined) attach(current);
    }
  }
}

/** Makes a map that has keys the value of its key in the parent map. */
function attach(frame: Frame): void {
  frame.parent!.frame.map.values[frame.parent!.index] = frame.map;
}

/**
 * The map a key at `indent` belongs to: an open empty map takes it when it is deeper than its
 * parent's keys; otherwise maps are closed (attached to their parents) back to the one whose keys
 * have that indentation or less (the caller checks it is the same).
 */
function frameAt(frame: Frame, indent: number): Frame {
  let current = frame;
  if (current.indent === undefined) {
    if (current.parent === undefined || indent > current.parent.frame.indent!) return current;
    current = current.parent.frame;
  }
  while (current.parent !== undefined && indent < current.indent!) {
    attach(current);
    current = current.parent.frame;
  }
  return current;
}
