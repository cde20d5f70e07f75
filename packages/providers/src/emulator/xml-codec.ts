/**
 * XML ⇄ JSON for the rest-xml services, driven by the service model's shapes. The JSON side
 * mirrors the XML one to one, in the shape the AWS SDK uses: structure members keyed by member
 * name, lists as arrays (their `Quantity`/`Items` wrappers stay explicit, as in the API),
 * booleans and integers typed, timestamps as ISO 8601 strings. A document decoded and encoded
 * again therefore comes back element for element (in the model's member order), which is what
 * keeps a DistributionConfig faithful across GetDistributionConfig → UpdateDistribution.
 */
import { XMLParser } from 'fast-xml-parser';
import { shapeOf, type ServiceModel } from './service-model.js';

/** A JSON value as stored by the world and exchanged with the protocol layer. */
export type WireValue = unknown;

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Values are typed from the model, never guessed from their text.
  parseTagValue: false,
  // Whitespace is significant inside string values; layout whitespace between elements lands
  // in `#text` keys that the model-driven walk never reads.
  trimValues: false,
  ignoreDeclaration: true,
  processEntities: true,
});

/** Thrown for a body that is not well-formed XML or does not have the expected root element. */
export class MalformedXmlError extends Error {
  override readonly name = 'MalformedXmlError';
}

/** Parses a document and returns its root element (by local name) as a parser node. */
export function parseXmlRoot(xml: string, rootName: string): unknown {
  let document: Record<string, unknown>;
  try {
    document = parser.parse(xml, true) as Record<string, unknown>;
  } catch (error) {
    throw new MalformedXmlError(`the request body is not well-formed XML: ${(error as Error).message}`, { cause: error });
  }
  if (!(rootName in document)) {
    const found = Object.keys(document).filter((key) => !key.startsWith('#') && !key.startsWith('?'));
    throw new MalformedXmlError(`expected a ${rootName} document, found ${found.join(', ') || 'nothing'}`);
  }
  return document[rootName];
}

/** Decodes a parser node of shape `shapeName` into its JSON value. */
export function decodeXml(model: ServiceModel, shapeName: string, node: unknown): WireValue {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure': {
      const element = isRecord(node) ? node : {};
      const out: Record<string, WireValue> = {};
      for (const [memberName, member] of Object.entries(shape.members)) {
        if (member.location !== undefined) continue;
        const child = element[member.locationName ?? memberName];
        if (child === undefined) continue;
        const memberShape = shapeOf(model, member.shape);
        // A repeated element is only meaningful for a flattened list; elsewhere keep the first.
        const value: unknown = Array.isArray(child) && !(memberShape.type === 'list' && memberShape.flattened) ? child[0] : child;
        out[memberName] = decodeXml(model, member.shape, value);
      }
      return out;
    }
    case 'list': {
      const itemName = shape.member.locationName ?? 'member';
      const items = isRecord(node) ? node[itemName] : undefined;
      const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
      return list.map((item) => decodeXml(model, shape.member.shape, item));
    }
    case 'boolean':
      return textOf(node).trim() === 'true';
    case 'integer':
    case 'long':
      return Number.parseInt(textOf(node).trim(), 10);
    case 'double':
    case 'float':
      return Number.parseFloat(textOf(node).trim());
    case 'timestamp':
    case 'string':
    case 'blob':
      return textOf(node);
  }
}

/** Encodes a JSON value of shape `shapeName` as the element `<elementName>`. */
export function encodeXml(model: ServiceModel, shapeName: string, value: WireValue, elementName: string, xmlns?: string): string {
  const shape = shapeOf(model, shapeName);
  const open = xmlns === undefined ? `<${elementName}>` : `<${elementName} xmlns="${escapeXml(xmlns)}">`;
  const close = `</${elementName}>`;
  switch (shape.type) {
    case 'structure': {
      const record = isRecord(value) ? value : {};
      let body = '';
      for (const [memberName, member] of Object.entries(shape.members)) {
        if (member.location !== undefined) continue;
        const memberValue = record[memberName];
        if (memberValue === undefined || memberValue === null) continue;
        body += encodeXml(model, member.shape, memberValue, member.locationName ?? memberName);
      }
      return open + body + close;
    }
    case 'list': {
      const items = Array.isArray(value) ? value : [];
      const itemName = shape.member.locationName ?? 'member';
      const body = items.map((item) => encodeXml(model, shape.member.shape, item, itemName)).join('');
      return shape.flattened ? body : open + body + close;
    }
    case 'timestamp':
      return open + escapeXml(isoTimestamp(value)) + close;
    case 'boolean':
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
    case 'string':
    case 'blob':
      return open + escapeXml(String(value)) + close;
  }
}

/** A timestamp from the world (Date, epoch milliseconds or ISO string) in ISO 8601. */
export function isoTimestamp(value: WireValue): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  return String(value);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ENTITIES[char]!);
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (isRecord(node) && typeof node['#text'] === 'string') return node['#text'];
  if (node === undefined || node === null || isRecord(node)) return '';
  const scalar = node as number | boolean; // what the XML parser gives besides strings and elements
  return String(scalar);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
