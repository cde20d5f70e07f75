/**
 * The sentences for the world schema's errors (ajv's `ErrorObject`s), by JSON pointer. A field of
 * the wrong type says what it must look like, with an example, and what it was instead.
 */
import type { ErrorObject } from 'ajv';
import type { WorldFileProblem } from '../errors.js';
import { saasPatternMessage } from './world-schema-saas.js';

/** Fields whose wrong type deserves their whole shape in the message (matched on the pointer's end). */
const SHAPES: readonly (readonly [RegExp, string])[] = [
  [
    /\/records\/\d+\/aliasTarget$/,
    'must be an object like { "dnsName": "d111111abcdef8.cloudfront.net.", "hostedZoneId": "Z2FDTNDATAQYW2", "evaluateTargetHealth": false } (evaluateTargetHealth optional)',
  ],
  [/\/records\/\d+\/values$/, 'must be a list of strings like ["d111111abcdef8.cloudfront.net"] (with a "ttl")'],
  [/\/aliases$|\/subjectAlternativeNames$/, 'must be a list of strings like ["www.example.com"]'],
  [/\/domains$/, 'must be a list of objects like [{ "domain": "shop.example.com" }]'],
];

export function describeSchemaError(error: ErrorObject): WorldFileProblem {
  const path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path, message: `missing required field "${String(params['missingProperty'])}"` };
    case 'additionalProperties':
      return { path: `${path}/${String(params['additionalProperty'])}`, message: 'unknown field' };
    case 'enum':
      return { path, message: `must be one of: ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(params['allowedValue'])}` };
    case 'pattern':
      return { path, message: patternMessage(path) };
    case 'type':
      return { path, message: `${typeMessage(path, params['type'])}, not ${describeValue(error.data)}` };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}

function typeMessage(path: string, expected: unknown): string {
  const shape = SHAPES.find(([pattern]) => pattern.test(path));
  if (shape !== undefined) return shape[1];
  const types = (Array.isArray(expected) ? expected : [expected]).map((t) => describeType(String(t)));
  return `must be ${types.join(' or ')}`;
}

function describeType(type: string): string {
  switch (type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'integer':
      return 'a whole number';
    case 'null':
      return 'null';
    default:
      return `a ${type}`;
  }
}

/** What a value is, in the words of the messages: `a string ("d1.cloudfront.net.")`, `a number`. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}

function patternMessage(path: string): string {
  const saas = saasPatternMessage(path);
  if (saas !== undefined) return saas;
  if (/\/caller$|\/id$|\/credentials\//.test(path) && !/distributions|hostedZones/.test(path)) return 'must be a 12-digit account id';
  if (/\/distributions\/\d+\/id$/.test(path)) return 'must be a distribution id (uppercase letters and digits, like "E1BLUEBLUEBLUE")';
  if (path.endsWith('/domainName')) return 'must be a CloudFront domain name like "d111111abcdef8.cloudfront.net"';
  if (path.endsWith('/arn')) return 'must be an ACM certificate ARN like "arn:aws:acm:us-east-1:111111111111:certificate/…"';
  if (/\/hostedZones\/\d+\/id$/.test(path)) return 'must be a hosted zone id like "Z1EXAMPLE"';
  return 'has an invalid format';
}
