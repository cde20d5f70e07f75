/** ajv's schema errors on `cfalias.yaml`, told in the file's own words at the place they are about. */
import type { ErrorObject } from 'ajv';
import type { InputDiagnosticCode } from '../plan/diagnostics.js';
import { isRecord, locate, parsePointer, type YamlDocument } from './yaml-locations.js';

export const EXAMPLE_TIMESTAMP = '2026-12-01T02:00:00Z';

export interface Problem {
  readonly code: InputDiagnosticCode;
  readonly message: string;
  readonly offset: number;
  readonly alias?: string;
}

export function describeSchemaError(error: ErrorObject, doc: YamlDocument): Problem {
  const path = parsePointer(error.instancePath);
  const field = fieldName(path);
  const data: unknown = error.data;
  const params = error.params as Record<string, unknown>;
  const alias = path[0] === 'aliases' && path[1] !== undefined ? path[1] : undefined;
  const problem = (code: InputDiagnosticCode, message: string, offset: number): Problem => ({
    code,
    message,
    offset,
    ...(alias === undefined ? {} : { alias }),
  });
  const inWindow = path[0] === 'window';
  const at: ErrorAt = { error, doc, path, field, data, params, alias, inWindow, problem };

  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      const allowed = Object.keys((error.parentSchema?.['properties'] as object | undefined) ?? {});
      const where = path.length === 0 ? 'at the top level' : `in ${field}`;
      const guess = closest(name, allowed);
      return problem(
        'unknown-field',
        `unknown field "${name}" ${where}; allowed: ${allowed.join(', ')}${guess ? ` (did you mean "${guess}"?)` : ''}`,
        locate(doc, [...path, name], 'key'),
      );
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      if (path.length === 0 && missing === 'version') {
        return problem('schema', '"version" is required: add "version: 1" at the top of the file', locate(doc, path, 'key'));
      }
      if (inWindow) {
        return problem('invalid-window', `window needs "${missing}" (UTC ISO 8601, like ${EXAMPLE_TIMESTAMP})`, locate(doc, path, 'key'));
      }
      return problem('schema', `${field} needs "${missing}"`, locate(doc, path, 'key'));
    }
    case 'type':
      return typeProblem(at);
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String).join(', ');
      return problem('schema', `${field} is ${describeValue(data)}; allowed: ${allowed}`, locate(doc, path, 'value'));
    }
    case 'const':
      if (path.length === 1 && path[0] === 'version') {
        const written = data === null ? 'empty' : JSON.stringify(data);
        return problem(
          'unsupported-version',
          `version ${written} is not supported: this cfalias reads version 1 (the number)`,
          locate(doc, path, 'value'),
        );
      }
      return problem(
        'schema',
        `${field} must be ${JSON.stringify(params['allowedValue'])}, found ${describeValue(data)}`,
        locate(doc, path, 'value'),
      );
    case 'pattern':
      return patternProblem(at);
    case 'minLength':
      return problem('schema', `${field} must not be empty`, locate(doc, path, 'value'));
    case 'minimum':
    case 'maximum':
      return problem(
        'schema',
        `${field} must be between ${String(error.parentSchema?.['minimum'])} and ${String(error.parentSchema?.['maximum'])}, found ${describeValue(data)}`,
        locate(doc, path, 'value'),
      );
    case 'discriminator':
      return backendProblem(at);
    default:
      return problem(inWindow ? 'invalid-window' : 'schema', `${field} ${error.message ?? 'is invalid'}`, locate(doc, path, 'value'));
  }
}

/** One schema error and what is known about the place it is about. */
interface ErrorAt {
  readonly error: ErrorObject;
  readonly doc: YamlDocument;
  readonly path: readonly string[];
  /** The field as the file names it (`fieldName`). */
  readonly field: string;
  readonly data: unknown;
  readonly params: Record<string, unknown>;
  readonly alias: string | undefined;
  readonly inWindow: boolean;
  readonly problem: (code: InputDiagnosticCode, message: string, offset: number) => Problem;
}

/** A value of the wrong type: the file itself, the account, a distribution id, an alias, or any other field. */
function typeProblem(at: ErrorAt): Problem {
  const { doc, path, field, data, params, alias, inWindow, problem } = at;
  const offset = locate(doc, path, 'value');
  const found = describeValue(data);
  if (path.length === 0) {
    return problem(
      'schema',
      data === null
        ? 'the file is empty: it needs at least "version: 1"'
        : `the file must be a map of fields (version, aliases, …), found ${found}`,
      offset,
    );
  }
  if (path[0] === 'account' || (path[0] === 'accounts' && path[2] === 'id')) {
    return problem('invalid-account', `${field} must be 12 digits in quotes (like "111111111111"), found ${found}`, offset);
  }
  if (path[0] === 'distributions' && path.length === 2) {
    return problem(
      'invalid-distribution-id',
      `distribution "${path[1]}" must be a distribution id (like E2QWRUHEXAMPLE), a distribution tenant id (like dt_2wjDZi3hD1ivOXf6rpZJOSNE1AB) or a map { account, id }, found ${found}`,
      offset,
    );
  }
  if (alias !== undefined && path.length === 2) {
    return problem(
      'schema',
      `alias "${alias}" must map to a distribution name or id, a map with "distribution", or null (to detach); found ${found}`,
      offset,
    );
  }
  const expected = typeWords(params['type']);
  return problem(inWindow ? 'invalid-window' : 'schema', `${field} must be ${expected}, found ${found}`, offset);
}

/** A value that does not match its pattern: an account id, a distribution id, or any other field. */
function patternProblem(at: ErrorAt): Problem {
  const { error, doc, path, field, data, problem } = at;
  if (path[0] === 'account' || (path[0] === 'accounts' && path[2] === 'id')) {
    return problem(
      'invalid-account',
      `${path[0] === 'account' ? 'account' : `account "${path[1]}" id`} "${String(data)}" is not an AWS account id: it must be exactly 12 digits`,
      locate(doc, path, 'value'),
    );
  }
  if (path[0] === 'accounts' && path[2] === 'roleArn') {
    return problem(
      'invalid-account',
      `account "${path[1]}" roleArn "${String(data)}" is not an IAM role ARN (like arn:aws:iam::222222222222:role/cfalias)`,
      locate(doc, path, 'value'),
    );
  }
  if (path[0] === 'distributions') {
    return problem(
      'invalid-distribution-id',
      `distribution "${path[1]}" is "${String(data)}", which is neither a distribution id (E and 5 or more uppercase letters or digits, like E2QWRUHEXAMPLE) nor a distribution tenant id (dt_ and 5 or more letters or digits, like dt_2wjDZi3hD1ivOXf6rpZJOSNE1AB)`,
      locate(doc, path, 'value'),
    );
  }
  return problem('schema', `${field} ${error.message ?? 'does not match'}`, locate(doc, path, 'value'));
}

/** The lock's `backend`: unknown, not a string, or missing. */
function backendProblem(at: ErrorAt): Problem {
  const { doc, path, field, data, params, problem } = at;
  const allowed = 'local, s3';
  if (params['error'] === 'mapping') {
    return problem(
      'schema',
      `${field}.backend is ${describeValue(params['tagValue'])}; allowed: ${allowed}`,
      locate(doc, [...path, 'backend'], 'value'),
    );
  }
  const hasTag = isRecord(data) && Object.hasOwn(data, 'backend');
  return hasTag
    ? problem('schema', `${field}.backend must be a string; allowed: ${allowed}`, locate(doc, [...path, 'backend'], 'value'))
    : problem('schema', `${field} needs "backend" (${allowed})`, locate(doc, path, 'key'));
}

/** `defaults.strategy`, `aliases["www.example.com"].dns` */
function fieldName(path: readonly string[]): string {
  if (path.length === 0) return 'the file';
  return path
    .map((segment, i) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment) ? `${i === 0 ? '' : '.'}${segment}` : `[${JSON.stringify(segment)}]`))
    .join('');
}

function typeWords(type: unknown): string {
  const words: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    object: 'a map',
    array: 'a list',
    null: 'empty',
  };
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => words[String(t)] ?? String(t)).join(' or ');
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (empty)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return JSON.stringify(value);
  const scalar = value as number | boolean; // what is left of a YAML value
  return `${typeof scalar === 'number' ? 'the number' : 'the value'} ${String(scalar)}`;
}

/** The candidate nearest to `word` by edit distance, when near enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
