/**
 * A one-pass reader for the plain form most `cfalias.yaml` files are written in: block maps of
 * `key: value` lines nested by indentation (spaces), plain or double-quoted scalars without
 * escapes, blank lines and whole-line comments. It returns what the YAML parser's `toJS` gives for
 * such a file (the same keys in the same order, scalars typed by the YAML 1.2 core schema) and the
 * offset of every key, without building the parser's document of nodes, which for a file of
 * 100,000 aliases costs seconds and hundreds of megabytes.
 *
 * Anything else is not read here (undefined): sequences, flow collections, anchors and YAML
 * aliases, tags, block scalars, escapes, comments after a value, tabs, CR line ends, keys written
 * twice, a key that is not a plain string or is an integer, and numbers other than plain decimal integers. The
 * caller then reads the file with the full YAML parser, so every file that has something to say
 * about is still said by it.
 */

/** The value of a plain file, and the offset of each key of each of its maps. */
export interface PlainYaml {
  readonly value: Record<string, unknown>;
  /** For each map of `value` (by identity), the text offset of each of its keys. */
  readonly keyOffsets: ReadonlyMap<object, ReadonlyMap<string, number>>;
  /** The offset where each line starts, the first one included (what YAML's LineCounter records). */
  readonly lineStarts: readonly number[];
}

interface Frame {
  /** The indentation of the map's keys; undefined until its first key is read. */
  indent: number | undefined;
  readonly map: Record<string, unknown>;
  readonly offsets: Map<string, number>;
  /** The key in the parent map this map is the value of (its value is null while the map is empty). */
  readonly parent?: { readonly frame: Frame; readonly key: string };
}

// `key:` or `key: value` with nothing else on the line: a plain or double-quoted key, then a plain
// or double-quoted value (plain scalars of letters, digits and `_.-/` only).
const LINE = /^( *)(?:([A-Za-z0-9_][A-Za-z0-9_./-]*)|"([^"\\]*)"):(?: +(?:([A-Za-z0-9_][A-Za-z0-9_./-]*)|"([^"\\]*)"))? *$/;
const COMMENT_OR_BLANK = /^ *(?:#.*)?$/;
/** YAML 1.2 core schema: the plain scalars that resolve to something other than a string. */
const INTEGER = /^[0-9]+$/;
const OTHER_NUMBER = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
const BOOLEAN = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const NULL = /^(?:[Nn]ull|NULL)$/;
const NOT_READ = Symbol('not read here');

/** The plain file's value and key offsets, or undefined when the file is not in the plain form. */
export function readPlainYaml(text: string): PlainYaml | undefined {
  if (text.includes('\r') || text.includes('\t') || text.charCodeAt(0) === 0xfeff) return undefined;
  const keyOffsets = new Map<object, Map<string, number>>();
  const root: Frame = { indent: 0, map: {}, offsets: new Map() };
  keyOffsets.set(root.map, root.offsets);
  const lineStarts: number[] = [];
  let frame = root;
  let start = 0;
  while (start <= text.length) {
    lineStarts.push(start);
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    if (!COMMENT_OR_BLANK.test(line)) {
      const match = LINE.exec(line);
      if (match === null) return undefined;
      const indent = match[1]!.length;
      frame = frameAt(frame, indent);
      if (frame.indent === undefined) frame.indent = indent;
      else if (frame.indent !== indent) return undefined;
      const key = match[2] !== undefined ? plainKey(match[2]) : match[3]!;
      // An integer key would come first in a JS object, not in file order.
      if (key === undefined || key === '__proto__' || INTEGER.test(key) || frame.offsets.has(key)) return undefined;
      frame.offsets.set(key, start + indent);
      const written = match[4] !== undefined ? plainScalar(match[4]) : match[5];
      if (written === NOT_READ) return undefined;
      if (match[4] === undefined && match[5] === undefined) {
        // `key:` opens a map when the next key is indented deeper; else its value is null.
        frame.map[key] = null;
        frame = { indent: undefined, map: {}, offsets: new Map(), parent: { frame, key } };
        keyOffsets.set(frame.map, frame.offsets);
      } else frame.map[key] = written;
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  // A `key:` left open with nothing under it keeps its null.
  attachMaps(frame);
  return { value: root.map, keyOffsets, lineStarts };
}

/**
 * The map a key at `indent` belongs to: an open empty map takes it when it is deeper than its
 * parent's keys; otherwise maps are closed (attached to their parents) back to the one whose keys
 * have that indentation.
 */
function frameAt(frame: Frame, indent: number): Frame {
  let current = frame;
  if (current.indent === undefined) {
    if (indent > current.parent!.frame.indent!) return current;
    current = current.parent!.frame;
  }
  while (current.parent !== undefined && indent < current.indent!) {
    const parent = current.parent;
    parent.frame.map[parent.key] = current.map;
    current = parent.frame;
  }
  return current;
}

/** Attaches every map still open to its parent (the file ended inside it). */
function attachMaps(frame: Frame): void {
  for (let current: Frame | undefined = frame; current?.parent !== undefined; current = current.parent.frame) {
    if (current.indent !== undefined) current.parent.frame.map[current.parent.key] = current.map;
  }
}

/** A plain key that resolves to a string (else undefined: a number, boolean or null key). */
function plainKey(text: string): string | undefined {
  const value = plainScalar(text);
  return typeof value === 'string' ? value : undefined;
}

/** A plain scalar as the YAML 1.2 core schema resolves it; NOT_READ for numbers other than decimal integers. */
function plainScalar(text: string): string | number | boolean | null | typeof NOT_READ {
  if (INTEGER.test(text)) return Number.parseInt(text, 10);
  if (OTHER_NUMBER.test(text)) return NOT_READ;
  if (BOOLEAN.test(text)) return text.toLowerCase() === 'true';
  if (NULL.test(text)) return null;
  return text;
}
