/**
 * Positions in `cfalias.yaml`: from a JSON pointer (ajv's instancePath) or a YAML node back to the
 * offset of the key or value a reader looks at, and the small node helpers the checks share.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { InputDiagnosticCode } from '../plan/diagnostics.js';

export type YamlDocument = Document.Parsed;

/** The offset of the key or value at a path of the file (`locate` on its document). */
export type Locate = (path: readonly string[], prefer: 'key' | 'value') => number;

/** Records one problem at a text offset (turned into file:line:col by the caller). */
export type Report = (code: InputDiagnosticCode, message: string, offset: number, alias?: string) => void;

/**
 * Offset of the node at `path`: its key or its value. Walks as deep as the document goes (an
 * unresolvable step stops at the deepest node found), follows YAML aliases, and for an empty value
 * (`window:` with nothing after it) points at the key, which is where the reader looks.
 */
export function locate(doc: YamlDocument, path: readonly string[], prefer: 'key' | 'value'): number {
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

export function nodeOffset(node: unknown): number | undefined {
  const range = (node as Partial<Node> | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && !!node.range && node.range[0] === node.range[1];
}

export function keyOffset(pair: Pair): number {
  return nodeOffset(pair.key) ?? nodeOffset(pair.value) ?? 0;
}

/** The key of a pair as text, when it is a scalar. */
export function scalarKey(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** The value node of `key` in a YAML map node (the last one when the key repeats). */
export function pairValue(node: unknown, key: string): unknown {
  return isMap(node) ? node.items.findLast((pair) => scalarKey(pair) === key)?.value : undefined;
}

export function safeToJS(node: unknown, doc: YamlDocument): unknown {
  if (node === null || node === undefined) return null;
  try {
    return (node as Node).toJS(doc, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

/** JSON pointer → segments (`/aliases/a~1b` → ['aliases', 'a/b']). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
