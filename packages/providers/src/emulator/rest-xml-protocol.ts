/**
 * The rest-xml protocol (CloudFront, Route 53) on the server side: find the operation from the
 * method and path by the model's `requestUri` templates, gather its input from the URI labels,
 * query string, headers and XML body, and write its output (headers, status, XML payload) and
 * errors (the `<ErrorResponse>` envelope) back.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { decodeXml, encodeXml, escapeXml, isoTimestamp, parseXmlRoot, type WireValue } from './xml-codec.js';
import { shapeOf, structureOf, type OperationModel, type ServiceModel } from './service-model.js';

export interface MatchedOperation {
  readonly name: string;
  readonly operation: OperationModel;
  /** URI labels (`{Id}`), percent-decoded. */
  readonly labels: Readonly<Record<string, string>>;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The operation whose HTTP binding matches, or undefined (the caller answers 404). */
export function matchRestOperation(model: ServiceModel, method: string, pathname: string): MatchedOperation | undefined {
  const segments = splitPath(pathname);
  for (const [name, operation] of Object.entries(model.operations)) {
    if (operation.http.method !== method) continue;
    const template = splitPath(operation.http.requestUri.split('?')[0]!);
    if (template.length !== segments.length) continue;
    const labels: Record<string, string> = {};
    const matches = template.every((part, index) => {
      const segment = segments[index]!;
      const label = /^\{(\w+)\}$/.exec(part);
      if (label) {
        labels[label[1]!] = safeDecode(segment);
        return segment.length > 0;
      }
      return part === segment;
    });
    if (matches) return { name, operation, labels };
  }
  return undefined;
}

/** The request, as the SDK-shaped input object of the operation (member names as keys). */
export function decodeRestXmlInput(
  model: ServiceModel,
  matched: MatchedOperation,
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
  body: string,
): Record<string, WireValue> {
  const binding = matched.operation.input;
  if (!binding) return {};
  const shape = structureOf(model, binding.shape);
  const input: Record<string, WireValue> = {};
  for (const [memberName, member] of Object.entries(shape.members)) {
    const wireName = member.locationName ?? memberName;
    let raw: string | undefined;
    switch (member.location) {
      case 'uri':
        raw = matched.labels[wireName];
        break;
      case 'querystring':
        raw = query.get(wireName) ?? undefined;
        break;
      case 'header': {
        const value = headers[wireName.toLowerCase()];
        raw = Array.isArray(value) ? value.join(',') : value;
        break;
      }
      default:
        continue;
    }
    if (raw !== undefined) input[memberName] = scalarFromText(model, member.shape, raw);
  }
  if (shape.payload !== undefined) {
    const member = shape.members[shape.payload]!;
    if (body.trim() !== '') {
      const root = parseXmlRoot(body, member.locationName ?? shape.payload);
      input[shape.payload] = decodeXml(model, member.shape, root);
    }
  } else if (binding.locationName !== undefined && body.trim() !== '') {
    // No payload member: the body is the input structure itself under the operation's root element.
    const decoded = decodeXml(model, binding.shape, parseXmlRoot(body, binding.locationName)) as Record<string, WireValue>;
    Object.assign(input, decoded);
  }
  return input;
}

/** Writes an SDK-shaped output object of the operation as its HTTP answer. */
export function encodeRestXmlOutput(
  model: ServiceModel,
  operationName: string,
  output: Readonly<Record<string, WireValue>>,
  xmlns: string,
): HttpAnswer {
  const operation = model.operations[operationName];
  if (!operation) throw new Error(`${model.metadata.serviceId}: no operation ${operationName} in the model slice`);
  const status = operation.http.responseCode ?? 200;
  if (!operation.output) return { status, headers: {}, body: '' };
  const shape = structureOf(model, operation.output.shape);
  const headers: Record<string, string> = {};
  for (const [memberName, member] of Object.entries(shape.members)) {
    if (member.location !== 'header') continue;
    // Header members are scalars (ETag, Location, timestamps).
    const value = output[memberName] as string | number | boolean | Date | null | undefined;
    if (value === undefined || value === null) continue;
    const type = shapeOf(model, member.shape).type;
    headers[member.locationName ?? memberName] = type === 'timestamp' ? new Date(isoTimestamp(value)).toUTCString() : String(value);
  }
  let body: string;
  if (shape.payload !== undefined) {
    const member = shape.members[shape.payload]!;
    const value = output[shape.payload];
    body = value === undefined ? '' : XML_DECLARATION + encodeXml(model, member.shape, value, member.locationName ?? shape.payload, xmlns);
  } else {
    body = XML_DECLARATION + encodeXml(model, operation.output.shape, output, operation.output.shape, xmlns);
  }
  return { status, headers: body === '' ? headers : { ...headers, 'Content-Type': 'text/xml' }, body };
}

export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly status: number;
}

/** The rest-xml (and query protocol) error envelope. */
export function encodeXmlError(error: WireError, requestId: string, xmlns: string): HttpAnswer {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `${XML_DECLARATION}<ErrorResponse xmlns="${escapeXml(xmlns)}"><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
  return { status: error.status, headers: { 'Content-Type': 'text/xml' }, body };
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

function scalarFromText(model: ServiceModel, shapeName: string, text: string): WireValue {
  switch (shapeOf(model, shapeName).type) {
    case 'integer':
    case 'long':
      return Number.parseInt(text, 10);
    case 'boolean':
      return text === 'true';
    default:
      return text;
  }
}

function splitPath(path: string): string[] {
  // A trailing slash is not significant (Route 53's ChangeResourceRecordSets is modelled as
  // `/rrset/`, and clients differ in whether they send it).
  return path.replace(/\/+$/, '').split('/').slice(1);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
