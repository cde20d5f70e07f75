import { createHash } from 'node:crypto';

/**
 * Canonical JSON: `JSON.stringify` output (no whitespace) with the keys of every object in
 * canonical order (`canonicalKeyOrder`), so that key order in a file never changes a digest.
 * Written in pieces by one serializer (`writeCanonicalJson`): `canonicalJson` joins them,
 * `canonicalJsonDigest` hashes them as they come, so a large plan is digested without building
 * its JSON text or sorted copies of its objects.
 *
 * Values are serialized as `JSON.stringify` does: `toJSON` is honoured; object properties whose
 * value is undefined, a function or a symbol are left out, and such array elements are `null`;
 * non-finite numbers are `null`; a BigInt throws a TypeError, and so does a cycle. Any other
 * object (a Map, a boxed primitive) is written as its own enumerable string-keyed properties.
 */

/**
 * The ordering rule, the only one: array-index keys (`"0"`, `"17"`: canonical integers below
 * 2^32 - 1) first in numeric order, then the other keys by UTF-16 code units (`Array#sort`). A key
 * `__proto__` is left out. This is the order `JSON.stringify` used on the sorted copies canonical
 * JSON was first defined with (an object lists its index keys first whatever their insertion
 * order, and assigning `__proto__` sets a prototype instead of a property), so digests stay what
 * they were. `keys` must be `Object.keys` of an object (index keys first, ascending); it is
 * reordered in place and returned.
 */
export function canonicalKeyOrder(keys: string[]): string[] {
  let indexKeys = 0;
  while (indexKeys < keys.length && isArrayIndex(keys[indexKeys]!)) indexKeys++;
  const proto = keys.indexOf('__proto__', indexKeys);
  if (proto >= 0) keys.splice(proto, 1);
  if (keys.length - indexKeys < 2) return keys;
  if (indexKeys === 0) return keys.sort();
  const named = keys.slice(indexKeys).sort();
  for (let i = 0; i < named.length; i++) keys[indexKeys + i] = named[i]!;
  return keys;
}

/** `"0"`, `"42"`, …, `"4294967294"`: the keys an object orders numerically, before every other key. */
function isArrayIndex(key: string): boolean {
  const n = key.length;
  if (n === 0 || n > 10) return false;
  const first = key.charCodeAt(0);
  if (first < 48 || first > 57 || (first === 48 && n > 1)) return false;
  for (let i = 1; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return n < 10 || Number(key) <= 4294967294;
}

/** A JSON string literal, as `JSON.stringify` writes it (lone surrogates escaped). */
function quote(s: string): string {
  return escaped(s) ? JSON.stringify(s) : `"${s}"`;
}

/** A character JSON.stringify escapes: a control character, `"`, `\\`, or half of a surrogate pair. */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const ESCAPED = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** `s` is not written as it is in a JSON string literal. */
function escaped(s: string): boolean {
  return ESCAPED.test(s);
}

/** Pieces are gathered into strings of about this many characters before they are handed on. */
const CHUNK_CHARS = 1 << 16;

/** Depth from which the ancestors are kept to detect a cycle. */
const CHECKED_DEPTH = 32;

/** Objects with more keys than this are ordered without the shape cache (they are maps, not records). */
const MAX_CACHED_KEYS = 32;

/**
 * Key orders met so far in one serialization, as a trie over `Object.keys` sequences: objects of
 * one shape (the steps of a plan, its changes) are ordered once, and their `"key":` texts quoted once.
 */
interface ShapeNode {
  readonly next: Map<string, ShapeNode>;
  /** The `Object.keys` sequence this node stands for. */
  inserted?: readonly string[];
  keys?: readonly string[];
  /**
   * By MemberState, the text before each of `keys`'s values: `{"key":` (the first member),
   * `,"key":` (after a member) or `","key":` (after a string, its closing quote not written yet).
   */
  keyTexts?: readonly (readonly string[])[];
  /** `keyTexts` with the opening quote of a string value. */
  stringKeyTexts?: readonly (readonly string[])[];
}

/** What was last written of the object being written: indexes `keyTexts`. */
const enum MemberState {
  First = 0,
  AfterMember = 1,
  /** A string without its closing quote: the text that follows writes it. */
  AfterString = 2,
}

/**
 * The value JSON.stringify writes for `value` found under `key` (an array index as a number, made a
 * string only for a `toJSON` call): what its `toJSON` answers, if it has one.
 */
function resolve(value: unknown, key: string | number): unknown {
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return (toJSON as (key: string) => unknown).call(value, String(key));
  }
  return value;
}

/** Every element a string, a finite number, a boolean or null. */
function allPlain(v: readonly unknown[]): boolean {
  for (const x of v) {
    const t = typeof x;
    if (t === 'string' || t === 'boolean' || x === null) continue;
    if (t !== 'number' || !Number.isFinite(x)) return false;
  }
  return true;
}

/** Not undefined, a function or a symbol (which JSON.stringify leaves out, or writes as null in an array). */
function serializable(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

class CanonicalWriter {
  private pending = '';
  private readonly shapes: ShapeNode = { next: new Map() };
  private readonly lastShapes: (ShapeNode | undefined)[] = [];
  /** Nesting depth of the object or array being written. */
  private depth = 0;
  /**
   * The objects and arrays being written below CHECKED_DEPTH, to refuse a cycle as JSON.stringify
   * does: a cycle nests without end, so it is met there (documents this deep are rare, and
   * checking every level would cost a search per object).
   */
  private readonly open: object[] = [];

  constructor(private readonly sink: (chunk: string) => void) {}

  finish(): void {
    if (this.pending.length > 0) this.sink(this.pending);
    this.pending = '';
  }

  /** Writes `value` (found under `key`); false, writing nothing, when it has no JSON form. */
  value(value: unknown, key: string): boolean {
    const v = resolve(value, key);
    if (!serializable(v)) return false;
    this.write(v);
    return true;
  }

  /** Writes a resolved, serializable value. */
  private write(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.emit(quote(v));
        break;
      case 'number':
        this.emit(Number.isFinite(v) ? String(v) : 'null');
        break;
      case 'boolean':
        this.emit(v ? 'true' : 'false');
        break;
      case 'bigint':
        throw new TypeError('Do not know how to serialize a BigInt');
      default:
        if (v === null) this.emit('null');
        else if (Array.isArray(v)) this.array(v as readonly unknown[]);
        else this.object(v as Record<string, unknown>);
    }
  }

  private emit(piece: string): void {
    this.pending += piece;
    if (this.pending.length >= CHUNK_CHARS) {
      this.sink(this.pending);
      this.pending = '';
    }
  }

  private enter(v: object): void {
    if (++this.depth <= CHECKED_DEPTH) return;
    if (this.open.includes(v)) throw new TypeError('Converting circular structure to JSON');
    this.open.push(v);
  }

  private leave(): void {
    if (this.depth-- > CHECKED_DEPTH) this.open.pop();
  }

  private array(v: readonly unknown[]): void {
    if (allPlain(v)) {
      // Strings, finite numbers, booleans and null: JSON.stringify writes them exactly as `write`
      // does (no toJSON is looked up on a primitive, and there is no key to order).
      this.emit(JSON.stringify(v));
      return;
    }
    this.enter(v);
    this.emit('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) this.emit(',');
      const x = resolve(v[i], i);
      if (serializable(x)) this.write(x);
      else this.emit('null');
    }
    this.emit(']');
    this.leave();
  }

  private object(v: Record<string, unknown>): void {
    this.enter(v);
    const shape = this.shapeOf(Object.keys(v));
    const keys = shape.keys!;
    const keyTexts = shape.keyTexts!;
    const stringKeyTexts = shape.stringKeyTexts!;
    let state: MemberState = MemberState.First;
    for (let i = 0; i < keys.length; i++) {
      const x = resolve(v[keys[i]!], keys[i]!);
      if (typeof x === 'string' && !escaped(x)) {
        // The most common member: its quotes are in the texts around it, one concatenation for the member.
        this.emit(stringKeyTexts[state]![i]! + x);
        state = MemberState.AfterString;
        continue;
      }
      if (!serializable(x)) continue;
      if (typeof x === 'string') {
        this.emit(keyTexts[state]![i]! + JSON.stringify(x));
      } else {
        this.emit(keyTexts[state]![i]!);
        this.write(x);
      }
      state = MemberState.AfterMember;
    }
    this.emit(state === MemberState.First ? '{}' : state === MemberState.AfterMember ? '}' : '"}');
    this.leave();
  }

  private shapeOf(keys: string[]): ShapeNode {
    if (keys.length > MAX_CACHED_KEYS) return withTexts({ next: new Map() }, keys);
    // Objects at one depth mostly come in runs of one shape (the elements of an array): the shape
    // last met at this depth is compared key by key before the trie is searched.
    const last = this.lastShapes[this.depth];
    if (last !== undefined && sameKeys(last.inserted!, keys)) return last;
    const node = this.searchShape(keys);
    this.lastShapes[this.depth] = node;
    return node;
  }

  private searchShape(keys: string[]): ShapeNode {
    let node = this.shapes;
    for (const k of keys) {
      let next = node.next.get(k);
      if (next === undefined) {
        next = { next: new Map() };
        node.next.set(k, next);
      }
      node = next;
    }
    if (node.keys === undefined) {
      node.inserted = keys.slice();
      withTexts(node, keys.slice());
    }
    return node;
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function withTexts(node: ShapeNode, keys: string[]): ShapeNode {
  node.keys = canonicalKeyOrder(keys);
  node.keyTexts = ['{', ',', '",'].map((before) => node.keys!.map((k) => `${before}${quote(k)}:`));
  node.stringKeyTexts = node.keyTexts.map((texts) => texts.map((text) => `${text}"`));
  return node;
}

/**
 * Writes the canonical JSON of `value` to `sink` in pieces (each a whole number of JSON tokens, so
 * never half a surrogate pair). Returns false, writing nothing, when `value` itself is not
 * serializable (undefined, a function, a symbol).
 */
export function writeCanonicalJson(value: unknown, sink: (chunk: string) => void): boolean {
  const writer = new CanonicalWriter(sink);
  const written = writer.value(value, '');
  writer.finish();
  return written;
}

/**
 * JSON with object keys in canonical order at every level (see `canonicalKeyOrder`). Like
 * `JSON.stringify`, it yields undefined for a value JSON cannot represent (undefined, a function, a symbol).
 */
export function canonicalJson(value: unknown): string {
  const pieces: string[] = [];
  const written = writeCanonicalJson(value, (chunk) => pieces.push(chunk));
  return (written ? pieces.join('') : undefined) as string;
}

/** `sha256:<hex>` of the UTF-8 canonical JSON of `value`, hashed as it is written. */
export function canonicalJsonDigest(value: unknown): string {
  const hash = createHash('sha256');
  if (!writeCanonicalJson(value, (chunk) => hash.update(chunk, 'utf8'))) {
    throw new TypeError('canonicalJsonDigest: the value has no JSON form');
  }
  return `sha256:${hash.digest('hex')}`;
}

/** `sha256:<hex>` of a string or bytes. */
export function sha256Digest(data: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}
