/**
 * The JSON 1.1 protocol (ACM) on the server side: `POST /` with `X-Amz-Target:
 * <targetPrefix>.<Operation>`, JSON bodies keyed by member name, timestamps as epoch seconds,
 * errors as `{"__type": code, "message": ...}` with HTTP 400 (5xx for service faults).
 */
import { shapeOf, type ServiceModel } from './service-model.js';
import type { HttpAnswer, WireError } from './rest-xml-protocol.js';
import type { WireValue } from './xml-codec.js';

/** The operation named by the target header, if it belongs to this service and is served. */
export function matchJsonOperation(model: ServiceModel, target: string | undefined): string | undefined {
  const prefix = `${model.metadata.targetPrefix}.`;
  if (!target?.startsWith(prefix)) return undefined;
  const name = target.slice(prefix.length);
  return model.operations[name] ? name : undefined;
}

/** Thrown for a body that is not a JSON object. */
export class MalformedJsonError extends Error {
  override readonly name = 'MalformedJsonError';
}

export function decodeJsonInput(body: string): Record<string, WireValue> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new MalformedJsonError(`the request body is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedJsonError('the request body is not a JSON object');
  }
  return parsed as Record<string, WireValue>;
}

export function encodeJsonOutput(model: ServiceModel, operationName: string, output: Readonly<Record<string, WireValue>>): HttpAnswer {
  const operation = model.operations[operationName];
  if (!operation) throw new Error(`${model.metadata.serviceId}: no operation ${operationName} in the model slice`);
  const value = operation.output ? toJsonWire(model, operation.output.shape, output) : {};
  return { status: 200, headers: { 'Content-Type': contentType(model) }, body: JSON.stringify(value) };
}

export function encodeJsonError(model: ServiceModel, error: WireError): HttpAnswer {
  return {
    status: error.status,
    headers: { 'Content-Type': contentType(model), 'x-amzn-ErrorType': error.code },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}

/** The value in its JSON wire form: members the model does not know are dropped, timestamps become epoch seconds. */
function toJsonWire(model: ServiceModel, shapeName: string, value: WireValue): WireValue {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure': {
      const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, WireValue>;
      const out: Record<string, WireValue> = {};
      for (const [memberName, member] of Object.entries(shape.members)) {
        const memberValue = record[memberName];
        if (memberValue === undefined || memberValue === null) continue;
        out[member.locationName ?? memberName] = toJsonWire(model, member.shape, memberValue);
      }
      return out;
    }
    case 'list':
      return (Array.isArray(value) ? value : []).map((item) => toJsonWire(model, shape.member.shape, item));
    case 'timestamp': {
      const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value));
      return ms / 1000;
    }
    default:
      return value;
  }
}

function contentType(model: ServiceModel): string {
  return `application/x-amz-json-${model.metadata.jsonVersion ?? '1.1'}`;
}
