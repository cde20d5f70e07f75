/**
 * The AWS query protocol (STS, IAM) on the server side: `Action=<Operation>&Version=…` with the
 * input members as form parameters (POST) or query string (GET), answered with
 * `<OperationResponse xmlns=…><OperationResult>…members…</OperationResult><ResponseMetadata>
 * <RequestId>…</RequestId></ResponseMetadata></OperationResponse>` and errors in the same
 * `<ErrorResponse>` envelope as rest-xml. Inputs are decoded for top-level scalar members, which is
 * all the operations served need.
 */
import type { HttpAnswer } from './rest-xml-protocol.js';
import { shapeOf, structureOf, type ServiceModel } from './service-model.js';
import { encodeXml, escapeXml, type WireValue } from './xml-codec.js';

/** The query protocol's parameters: the form body of a POST, or the query string of a GET. */
export function queryParameters(method: string, query: URLSearchParams, body: string, contentType: string | undefined): URLSearchParams {
  if (method === 'POST' && (contentType ?? '').startsWith('application/x-www-form-urlencoded')) return new URLSearchParams(body);
  return query;
}

/** The operation an `Action` names, if the service serves it. */
export function matchQueryOperation(model: ServiceModel, action: string | null): string | undefined {
  return action !== null && model.operations[action] ? action : undefined;
}

/** The operation's input from its parameters: top-level scalar members by name, typed from the model. */
export function decodeQueryInput(model: ServiceModel, operationName: string, parameters: URLSearchParams): Record<string, WireValue> {
  const binding = model.operations[operationName]?.input;
  if (!binding) return {};
  const input: Record<string, WireValue> = {};
  for (const [memberName, member] of Object.entries(structureOf(model, binding.shape).members)) {
    const text = parameters.get(member.locationName ?? memberName);
    if (text === null) continue;
    const type = shapeOf(model, member.shape).type;
    input[memberName] = type === 'integer' || type === 'long' ? Number(text) : type === 'boolean' ? text === 'true' : text;
  }
  return input;
}

/** The operation's output in its `<…Response><…Result>` envelope. */
export function encodeQueryOutput(
  model: ServiceModel,
  operationName: string,
  output: Readonly<Record<string, WireValue>>,
  requestId: string,
): HttpAnswer {
  const operation = model.operations[operationName];
  if (!operation) throw new Error(`${model.metadata.serviceId}: no operation ${operationName} in the model slice`);
  const namespace = model.metadata.xmlNamespace ?? '';
  const result = operation.output
    ? encodeXml(model, operation.output.shape, output, operation.output.resultWrapper ?? `${operationName}Result`)
    : '';
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<${operationName}Response xmlns="${escapeXml(namespace)}">${result}` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${operationName}Response>`;
  return { status: 200, headers: { 'Content-Type': 'text/xml' }, body };
}
