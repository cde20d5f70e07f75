/**
 * The plan document: assembling a Plan (sorted, counted, digested), writing it, and reading one
 * back. Reading refuses what apply must not run: malformed JSON or shape (naming the JSON path),
 * an unknown `formatVersion`, or a digest that does not match the content (an edited plan).
 */
import { jsonSyntaxProblem } from '../json-syntax.js';
import { malformed, obj, validatePlan } from './plan-shape.js';
import type { DesiredState } from '../desired/desired.js';
import type { Diagnostic } from './diagnostics.js';
import { canonicalJsonDigest } from './digest.js';
import { planAccountFields, validatePlanAccounts } from './plan-accounts.js';
import { PlanFileError } from '../errors.js';
import {
  PLAN_FORMAT_VERSION,
  type Change,
  type Plan,
  type PlanDistribution,
  type PlanBasis,
  type PlanEstimate,
  type PlanStep,
  type RollbackRecipe,
} from './plan.js';
import type { Inventory } from '../inventory/inventory.js';
import { ENGINE_VERSION } from '../version.js';

export interface PlanParts {
  readonly desired: DesiredState;
  readonly inventory: Inventory;
  readonly createdAt: string;
  readonly changes: readonly Change[];
  readonly diagnostics: readonly Diagnostic[];
  readonly steps: readonly PlanStep[];
  /** Omitted from the document when empty. */
  readonly rollbacks?: readonly RollbackRecipe[];
  readonly estimate: PlanEstimate;
  readonly basis: PlanBasis;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const SEVERITY_ORDER = { error: 0, warning: 1 } as const;

/** Errors first, then by code, alias, distribution and message (total, so output is byte-stable). */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      compare(a.code, b.code) ||
      compare(a.alias ?? '', b.alias ?? '') ||
      compare(a.distribution ?? '', b.distribution ?? '') ||
      compare(a.message, b.message),
  );
}

/**
 * `sha256:` over the canonical JSON of every field but `digest` (a `digest` passed in is ignored),
 * hashed as it is serialized: a plan of 100,000 aliases is tens of megabytes of JSON.
 */
export function computePlanDigest(plan: Omit<Plan, 'digest'>): string {
  const { digest: _ignored, ...rest } = plan as Plan;
  return canonicalJsonDigest(rest);
}

export function buildPlanDocument(parts: PlanParts): Plan {
  const { desired, inventory } = parts;
  const changes = [...parts.changes].sort((a, b) => compare(a.alias, b.alias));
  const diagnostics = sortDiagnostics(parts.diagnostics);
  const count = (action: Change['action']): number => changes.filter((c) => c.action === action).length;
  const summary = {
    attach: count('attach'),
    detach: count('detach'),
    move: count('move'),
    noop: count('noop'),
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
  };

  // Touched: a side of a change that is not a no-op, a distribution whose DNS is repaired, or one a step names.
  const touched = new Set<string>();
  for (const c of changes) {
    if (c.action !== 'noop' || c.dns) {
      if (c.from !== null) touched.add(c.from);
      if (c.to !== null) touched.add(c.to);
    }
  }
  for (const s of parts.steps) {
    if (s.kind === 'update-aliases' || s.kind === 'set-enabled' || s.kind === 'wait-deployed' || s.kind === 'verify') {
      touched.add(s.distribution);
    }
    if (s.kind === 'move-alias') touched.add(s.from).add(s.to);
  }
  // Tenants too: their DNS name is their connection group's routing endpoint.
  const byId = new Map<string, { readonly domainName: string }>(inventory.distributions.map((d) => [d.id, d] as const));
  for (const t of inventory.tenants ?? []) byId.set(t.id, { domainName: t.routingEndpoint });
  const names = new Map<string, string>();
  for (const name of Object.keys(desired.distributions).sort(compare)) {
    const id = desired.distributions[name]!;
    if (!names.has(id)) names.set(id, name);
  }
  const distributions: PlanDistribution[] = [];
  for (const id of [...touched].sort(compare)) {
    const d = byId.get(id);
    if (!d) continue;
    const name = names.get(id);
    distributions.push({ id, domainName: d.domainName, ...(name !== undefined && { name }) });
  }

  const body: Omit<Plan, 'digest'> = {
    formatVersion: PLAN_FORMAT_VERSION,
    engineVersion: ENGINE_VERSION,
    createdAt: parts.createdAt,
    account: inventory.account,
    ...planAccountFields(desired.accounts, inventory, [...parts.steps, ...(parts.rollbacks ?? []).flatMap((r) => r.steps)]),
    desiredDigest: desired.digest,
    ...(desired.window && { window: { start: desired.window.start, end: desired.window.end } }),
    summary,
    changes,
    diagnostics,
    distributions,
    steps: parts.steps,
    ...(parts.rollbacks !== undefined && parts.rollbacks.length > 0 && { rollbacks: parts.rollbacks }),
    estimate: parts.estimate,
    basis: parts.basis,
  };
  return { ...body, digest: computePlanDigest(body) };
}

/** Pretty JSON (two-space indent) and a final newline: the plan document as one string. */
export function serializePlan(plan: Plan): string {
  return [...planDocumentChunks(plan)].join('');
}

/** Pieces of the document are gathered into strings of about this many characters. */
const DOCUMENT_CHUNK_CHARS = 1 << 16;

/**
 * The plan document (`serializePlan`'s text, byte for byte: `JSON.stringify(plan, null, 2)` and a
 * final newline) in pieces of about 64K characters, so that a plan of any size is written without
 * building it as one string: V8 refuses strings over 2^29 - 24 characters, and the document of a
 * 1,000,000-alias plan is larger.
 *
 * The document, and the objects in its fields (`basis`), are written member by member, and their
 * arrays in runs of elements of about 64K characters each; any other value is serialized by
 * JSON.stringify and indented to its depth. Re-indenting JSON text line by line is exact because
 * JSON has no raw line break inside a string (it is written `\n`).
 */
export function* planDocumentChunks(plan: Plan): Generator<string, void, undefined> {
  let pending = '';
  for (const piece of objectPieces(plan as unknown as Record<string, unknown>, 0)) {
    if (piece.length >= DOCUMENT_CHUNK_CHARS / 2) {
      // A run of array elements: handed on as it is, not copied into a gathered string.
      if (pending !== '') yield pending;
      pending = '';
      yield piece;
      continue;
    }
    pending += piece;
    if (pending.length >= DOCUMENT_CHUNK_CHARS) {
      yield pending;
      pending = '';
    }
  }
  yield `${pending}\n`;
}

/** Objects and arrays down to this depth are written in pieces (the document is depth 0, `basis.holders` depth 2). */
const MAX_SPLIT_DEPTH = 2;

/**
 * A non-empty array or a plain object with no `toJSON`: JSON.stringify writes it as its elements
 * or members, so they can be written one by one. Any other value is left whole to JSON.stringify.
 */
function splittable(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || 'toJSON' in value) return false;
  if (Array.isArray(value)) return value.length > 0;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** The pretty JSON of a plain object at `depth` (its closing brace indented to it). */
function* objectPieces(value: Record<string, unknown>, depth: number): Generator<string, void, undefined> {
  const memberIndent = `\n${'  '.repeat(depth + 1)}`;
  let separator = '{';
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (depth < MAX_SPLIT_DEPTH && splittable(member)) {
      yield `${separator}${memberIndent}${JSON.stringify(key)}: `;
      if (Array.isArray(member)) yield* arrayPieces(member, depth + 1);
      else yield* objectPieces(member as Record<string, unknown>, depth + 1);
    } else {
      const text = JSON.stringify(member, null, 2) as string | undefined;
      if (text === undefined) continue; // left out, as JSON.stringify leaves it out
      yield `${separator}${memberIndent}${JSON.stringify(key)}: ${indent(text, memberIndent)}`;
    }
    separator = ',';
  }
  yield separator === '{' ? '{}' : `\n${'  '.repeat(depth)}}`;
}

/** Elements serialized per run at first; later runs are sized from the text of the previous one. */
const FIRST_RUN = 16;
const MAX_RUN = 4096;

/**
 * The pretty JSON of a non-empty array at `depth`: its elements each on their own lines at
 * `depth + 1`, serialized in runs of about DOCUMENT_CHUNK_CHARS. A run is serialized by one
 * JSON.stringify as an array nested in `depth` arrays, which puts its elements at their depth in
 * the document already: its text between the nested openings (`[\n  [` at depth 1) and closings
 * (`\n  ]\n]`) is the run's part of the document, with no re-indenting. (Only a `toJSON` that
 * reads its key could tell the runs apart: it is passed the index within the run; a plan's values
 * have none.)
 */
function* arrayPieces(value: readonly unknown[], depth: number): Generator<string, void, undefined> {
  let opening = '[';
  let closing = '\n]';
  for (let level = 1; level <= depth; level++) {
    opening += `\n${'  '.repeat(level)}[`;
    closing = `\n${'  '.repeat(level)}]${closing}`;
  }
  // After the first run, the element before the run is serialized too, as null: the run's text then
  // starts with the comma and line break that follow it, and is handed on as a slice of the
  // JSON.stringify result, never copied into a concatenation.
  const nullElement = `\n${'  '.repeat(depth + 1)}null`.length;
  let run = FIRST_RUN;
  for (let i = 0; i < value.length;) {
    const elements = value.slice(i === 0 ? 0 : i - 1, i + run);
    if (i > 0) elements[0] = null;
    let nested: unknown = elements;
    for (let level = 0; level < depth; level++) nested = [nested];
    const text = JSON.stringify(nested, null, 2);
    yield text.slice(i === 0 ? opening.length - 1 : opening.length + nullElement, text.length - closing.length);
    const written = i === 0 ? elements.length : elements.length - 1;
    i += written;
    run = Math.max(1, Math.min(MAX_RUN, Math.floor((written * DOCUMENT_CHUNK_CHARS) / text.length)));
  }
  yield closing.slice(0, 2 * depth + 2); // the newline, the indent and the bracket of this array
}

/** `text` with every line after the first starting with `newlineAndIndent`'s indent. */
function indent(text: string, newlineAndIndent: string): string {
  return text.includes('\n') ? text.replaceAll('\n', newlineAndIndent) : text;
}

export function readPlanDocument(text: string): Plan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError('malformed', `the plan is not valid JSON: ${jsonSyntaxMessage(text, error)}`, { cause: error });
  }
  const root = obj(value, '$');
  if (!('formatVersion' in root)) malformed('$.formatVersion', 'is missing');
  if (root.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new PlanFileError(
      'unsupported-version',
      `plan formatVersion ${JSON.stringify(root.formatVersion)} is not supported (this cfalias reads version ${PLAN_FORMAT_VERSION}); make the plan again with this version`,
    );
  }
  validatePlan(root);
  validatePlanAccounts(root);
  const plan = value as Plan;
  const expected = computePlanDigest(plan);
  if (plan.digest !== expected) {
    throw new PlanFileError(
      'digest-mismatch',
      `the plan's digest ${plan.digest} does not match its content (${expected}): it was edited or damaged; make a new plan`,
    );
  }
  return plan;
}

/** `line 3, column 1: Expected double-quoted property name` from a JSON.parse error. */
function jsonSyntaxMessage(text: string, error: unknown): string {
  const { line, col, reason } = jsonSyntaxProblem(text, error);
  return `line ${line}, column ${col}: ${reason}`;
}
