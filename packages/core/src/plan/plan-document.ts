/**
 * The plan document: assembling a Plan (sorted, counted, digested), writing it, and reading one
 * back. Reading refuses what apply must not run: malformed JSON or shape (naming the JSON path),
 * an unknown `formatVersion`, or a digest that does not match the content (an edited plan).
 */
import { jsonSyntaxProblem } from '../json-syntax.js';
import type { DesiredState } from '../desired/desired.js';
import type { Diagnostic } from './diagnostics.js';
import { canonicalJsonDigest } from './digest.js';
import { PlanFileError } from '../errors.js';
import {
  PLAN_FORMAT_VERSION,
  type Change,
  type Plan,
  type PlanDistribution,
  type PlanEstimate,
  type PlanStep,
  type RollbackRecipe,
} from './plan.js';
import type { Inventory } from '../inventory/inventory.js';

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
    if (s.kind === 'update-aliases' || s.kind === 'wait-deployed' || s.kind === 'verify') touched.add(s.distribution);
    if (s.kind === 'move-alias') touched.add(s.from).add(s.to);
  }
  const byId = new Map(inventory.distributions.map((d) => [d.id, d] as const));
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
    createdAt: parts.createdAt,
    account: inventory.account,
    desiredDigest: desired.digest,
    ...(desired.window && { window: { start: desired.window.start, end: desired.window.end } }),
    summary,
    changes,
    diagnostics,
    distributions,
    steps: parts.steps,
    ...(parts.rollbacks !== undefined && parts.rollbacks.length > 0 && { rollbacks: parts.rollbacks }),
    estimate: parts.estimate,
  };
  return { ...body, digest: computePlanDigest(body) };
}

/** Pretty JSON and a final newline. */
export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
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

// ---- shape validation: enough to refuse garbage with the JSON path of the first problem ----

type Json = Record<string, unknown>;

function malformed(path: string, problem: string): never {
  throw new PlanFileError('malformed', `the plan is malformed: ${path} ${problem}`);
}

function obj(v: unknown, path: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) malformed(path, 'must be an object');
  return v as Json;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) malformed(path, 'must be an array');
  return v;
}

function str(o: Json, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') malformed(`${path}.${key}`, 'must be a string');
  return v;
}

function optStr(o: Json, key: string, path: string): void {
  if (o[key] !== undefined) str(o, key, path);
}

function strOrNull(o: Json, key: string, path: string): void {
  if (o[key] !== null) str(o, key, path);
}

function num(o: Json, key: string, path: string): void {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) malformed(`${path}.${key}`, 'must be a number');
}

function bool(o: Json, key: string, path: string): void {
  if (typeof o[key] !== 'boolean') malformed(`${path}.${key}`, 'must be true or false');
}

function oneOf(o: Json, key: string, path: string, allowed: readonly unknown[]): void {
  if (!allowed.includes(o[key])) malformed(`${path}.${key}`, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
}

function strArr(o: Json, key: string, path: string): void {
  arr(o[key], `${path}.${key}`).forEach((v, i) => {
    if (typeof v !== 'string') malformed(`${path}.${key}[${i}]`, 'must be a string');
  });
}

function validateRecord(v: unknown, path: string): void {
  const r = obj(v, path);
  str(r, 'name', path);
  str(r, 'type', path);
  if (r.ttl !== undefined) num(r, 'ttl', path);
  if (r.values !== undefined) strArr(r, 'values', path);
  if (r.aliasTarget !== undefined) {
    const t = obj(r.aliasTarget, `${path}.aliasTarget`);
    str(t, 'dnsName', `${path}.aliasTarget`);
    str(t, 'hostedZoneId', `${path}.aliasTarget`);
    if (t.evaluateTargetHealth !== undefined) bool(t, 'evaluateTargetHealth', `${path}.aliasTarget`);
  }
}

function validateRecordStates(v: unknown, path: string): void {
  const c = obj(v, path);
  arr(c.records, `${path}.records`).forEach((s, i) => {
    const p = `${path}.records[${i}]`;
    const state = obj(s, p);
    str(state, 'name', p);
    str(state, 'type', p);
    if (!('record' in state)) malformed(`${p}.record`, 'is missing');
    if (state.record !== null) validateRecord(state.record, `${p}.record`);
  });
}

const STEP_KINDS = ['update-aliases', 'move-alias', 'wait-deployed', 'change-dns', 'wait-dns', 'verify'] as const;

function validateStep(s: Json, p: string): void {
  str(s, 'id', p);
  oneOf(s, 'kind', p, STEP_KINDS);
  strArr(s, 'dependsOn', p);
  num(s, 'phase', p);
  optStr(s, 'description', p);
  const kind = s.kind as PlanStep['kind'];
  switch (kind) {
    case 'update-aliases': {
      str(s, 'distribution', p);
      strArr(s, 'remove', p);
      strArr(s, 'add', p);
      const pre = obj(s.precondition, `${p}.precondition`);
      strArr(pre, 'aliases', `${p}.precondition`);
      bool(pre, 'enabled', `${p}.precondition`);
      strOrNull(pre, 'certificateArn', `${p}.precondition`);
      if (pre.mode !== undefined) oneOf(pre, 'mode', `${p}.precondition`, ['exact', 'absent-present']);
      strArr(obj(s.postcondition, `${p}.postcondition`), 'aliases', `${p}.postcondition`);
      if (s.remainingSeconds !== undefined) num(s, 'remainingSeconds', p);
      break;
    }
    case 'move-alias':
      str(s, 'alias', p);
      str(s, 'from', p);
      str(s, 'to', p);
      str(obj(s.precondition, `${p}.precondition`), 'aliasOn', `${p}.precondition`);
      str(obj(s.postcondition, `${p}.postcondition`), 'aliasOn', `${p}.postcondition`);
      if (s.remainingSeconds !== undefined) num(s, 'remainingSeconds', p);
      break;
    case 'wait-deployed':
      str(s, 'distribution', p);
      break;
    case 'change-dns':
      str(s, 'zoneId', p);
      str(s, 'zoneName', p);
      arr(s.changes, `${p}.changes`).forEach((c, i) => {
        const cp = `${p}.changes[${i}]`;
        const change = obj(c, cp);
        oneOf(change, 'action', cp, ['UPSERT', 'DELETE']);
        validateRecord(change.record, `${cp}.record`);
      });
      validateRecordStates(s.precondition, `${p}.precondition`);
      validateRecordStates(s.postcondition, `${p}.postcondition`);
      break;
    case 'wait-dns':
      str(s, 'zoneId', p);
      str(s, 'changeStep', p);
      break;
    case 'verify':
      str(s, 'distribution', p);
      strArr(s, 'aliases', p);
      if (s.mode !== undefined) oneOf(s, 'mode', p, ['exact', 'includes']);
      arr(s.dns, `${p}.dns`).forEach((d, i) => {
        const dp = `${p}.dns[${i}]`;
        const entry = obj(d, dp);
        str(entry, 'zoneId', dp);
        str(entry, 'name', dp);
        str(entry, 'pointsAt', dp);
      });
      break;
    default: {
      const never: never = kind;
      malformed(`${p}.kind`, `is unknown (${String(never)})`);
    }
  }
}

/** Steps in topological order: every dependency is an earlier step of the list; ids unique (also against `taken`). */
function validateSteps(value: unknown, path: string, ids: Set<string>, taken: ReadonlySet<string> = new Set()): void {
  arr(value, path).forEach((s, i) => {
    const p = `${path}[${i}]`;
    const step = obj(s, p);
    validateStep(step, p);
    (step.dependsOn as string[]).forEach((dep, j) => {
      if (!ids.has(dep)) malformed(`${p}.dependsOn[${j}]`, `names "${dep}", which is not an earlier step`);
    });
    const id = step.id as string;
    if (ids.has(id) || taken.has(id)) malformed(`${p}.id`, `repeats the id "${id}"`);
    ids.add(id);
  });
}

function validatePlan(root: Json): void {
  str(root, 'createdAt', '$');
  str(root, 'account', '$');
  str(root, 'desiredDigest', '$');
  if (root.window !== undefined) {
    const w = obj(root.window, '$.window');
    str(w, 'start', '$.window');
    str(w, 'end', '$.window');
  }
  const summary = obj(root.summary, '$.summary');
  for (const key of ['attach', 'detach', 'move', 'noop', 'errors', 'warnings']) num(summary, key, '$.summary');

  arr(root.changes, '$.changes').forEach((c, i) => {
    const p = `$.changes[${i}]`;
    const change = obj(c, p);
    str(change, 'alias', p);
    oneOf(change, 'action', p, ['noop', 'attach', 'detach', 'move']);
    strOrNull(change, 'from', p);
    strOrNull(change, 'to', p);
    oneOf(change, 'strategy', p, ['move', 'detach-attach', null]);
    num(change, 'downtimeSeconds', p);
    optStr(change, 'reason', p);
    if (change.dns !== undefined) {
      const dns = obj(change.dns, `${p}.dns`);
      str(dns, 'zoneId', `${p}.dns`);
      strOrNull(dns, 'from', `${p}.dns`);
      str(dns, 'to', `${p}.dns`);
    }
  });

  arr(root.diagnostics, '$.diagnostics').forEach((d, i) => {
    const p = `$.diagnostics[${i}]`;
    const diagnostic = obj(d, p);
    oneOf(diagnostic, 'severity', p, ['error', 'warning']);
    str(diagnostic, 'code', p);
    str(diagnostic, 'message', p);
    optStr(diagnostic, 'alias', p);
    optStr(diagnostic, 'distribution', p);
    optStr(diagnostic, 'remediation', p);
    if (diagnostic.location !== undefined) {
      const l = obj(diagnostic.location, `${p}.location`);
      str(l, 'file', `${p}.location`);
      num(l, 'line', `${p}.location`);
      num(l, 'col', `${p}.location`);
    }
  });

  arr(root.distributions, '$.distributions').forEach((d, i) => {
    const p = `$.distributions[${i}]`;
    const distribution = obj(d, p);
    str(distribution, 'id', p);
    str(distribution, 'domainName', p);
    optStr(distribution, 'name', p);
  });

  const ids = new Set<string>();
  validateSteps(root.steps, '$.steps', ids);

  if (root.rollbacks !== undefined) {
    const triggers = new Set<string>();
    arr(root.rollbacks, '$.rollbacks').forEach((r, i) => {
      const p = `$.rollbacks[${i}]`;
      const recipe = obj(r, p);
      const trigger = str(recipe, 'trigger', p);
      if (!ids.has(trigger)) malformed(`${p}.trigger`, `names "${trigger}", which is not a step of the plan`);
      if (triggers.has(trigger)) malformed(`${p}.trigger`, `repeats the trigger "${trigger}"`);
      triggers.add(trigger);
      arr(recipe.aliases, `${p}.aliases`).forEach((a, j) => {
        const ap = `${p}.aliases[${j}]`;
        const entry = obj(a, ap);
        str(entry, 'alias', ap);
        str(entry, 'source', ap);
        str(entry, 'target', ap);
      });
      // Recipe steps depend only on earlier steps of the same recipe; ids are unique plan-wide.
      const own = new Set<string>();
      validateSteps(recipe.steps, `${p}.steps`, own, ids);
      for (const id of own) {
        if (!id.startsWith('rollback:')) malformed(`${p}.steps`, `has the step id "${id}", which does not start with "rollback:"`);
        ids.add(id);
      }
      const estimate = obj(recipe.estimate, `${p}.estimate`);
      num(estimate, 'seconds', `${p}.estimate`);
      num(estimate, 'waitPhases', `${p}.estimate`);
    });
  }

  const estimate = obj(root.estimate, '$.estimate');
  num(estimate, 'seconds', '$.estimate');
  num(estimate, 'waitPhases', '$.estimate');
  const digest = str(root, 'digest', '$');
  if (!digest.startsWith('sha256:')) malformed('$.digest', 'must start with "sha256:"');
}
