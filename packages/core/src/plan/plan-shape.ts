/**
 * The plan document's shape, checked when a plan comes in from a file: enough to refuse garbage
 * with the JSON path of the first problem (PlanFileError 'malformed'), so apply never runs a step
 * it cannot read. The digest is checked by the caller (plan-document.ts).
 */
import { PlanFileError } from '../errors.js';
import type { PlanStep } from './plan.js';

type Json = Record<string, unknown>;

export function malformed(path: string, problem: string): never {
  throw new PlanFileError('malformed', `the plan is malformed: ${path} ${problem}`);
}

export function obj(v: unknown, path: string): Json {
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

const STEP_KINDS = ['update-aliases', 'move-alias', 'set-enabled', 'wait-deployed', 'change-dns', 'wait-dns', 'verify'] as const;

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
      oneOf(s, 'api', p, ['update-domain-association', 'associate-alias']);
      if (s.txtFallback !== undefined) {
        const fallback = obj(s.txtFallback, `${p}.txtFallback`);
        str(fallback, 'zoneId', `${p}.txtFallback`);
        str(fallback, 'zoneName', `${p}.txtFallback`);
        validateRecord(fallback.record, `${p}.txtFallback.record`);
      }
      str(obj(s.precondition, `${p}.precondition`), 'aliasOn', `${p}.precondition`);
      str(obj(s.postcondition, `${p}.postcondition`), 'aliasOn', `${p}.postcondition`);
      if (s.remainingSeconds !== undefined) num(s, 'remainingSeconds', p);
      break;
    case 'set-enabled':
      validateSetEnabled(s, p);
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

function validateSetEnabled(s: Json, p: string): void {
  str(s, 'distribution', p);
  bool(s, 'enabled', p);
  const pre = obj(s.precondition, `${p}.precondition`);
  strArr(pre, 'aliases', `${p}.precondition`);
  bool(pre, 'enabled', `${p}.precondition`);
  strOrNull(pre, 'certificateArn', `${p}.precondition`);
  if (pre.mode !== undefined) oneOf(pre, 'mode', `${p}.precondition`, ['exact', 'flag']);
  bool(obj(s.postcondition, `${p}.postcondition`), 'enabled', `${p}.postcondition`);
  if (s.offline !== undefined) {
    const offline = obj(s.offline, `${p}.offline`);
    strArr(offline, 'aliases', `${p}.offline`);
    num(offline, 'seconds', `${p}.offline`);
  }
  if (s.remainingSeconds !== undefined) num(s, 'remainingSeconds', p);
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

/** The rollback recipes: each trigger a forward step, once; recipe steps with their own `rollback:` ids (added to `ids`). */
function validateRollbacks(rollbacks: unknown, ids: Set<string>): void {
  const triggers = new Set<string>();
  arr(rollbacks, '$.rollbacks').forEach((r, i) => {
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

export function validatePlan(root: Json): void {
  optStr(root, 'engineVersion', '$');
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
    oneOf(change, 'strategy', p, ['move', 'detach-attach', 'wildcard-route', 'disable-and-move', null]);
    if (change.moveApi !== undefined) oneOf(change, 'moveApi', p, ['update-domain-association', 'associate-alias']);
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

  if (root.rollbacks !== undefined) validateRollbacks(root.rollbacks, ids);

  const estimate = obj(root.estimate, '$.estimate');
  num(estimate, 'seconds', '$.estimate');
  num(estimate, 'waitPhases', '$.estimate');
  validateBasis(root.basis);
  const digest = str(root, 'digest', '$');
  if (!digest.startsWith('sha256:')) malformed('$.digest', 'must start with "sha256:"');
}

function validateBasis(v: unknown): void {
  const b = obj(v, '$.basis');
  oneOf(b, 'environment', '$.basis', ['aws', 'sandbox']);
  str(b, 'readAt', '$.basis');
  arr(b.distributions, '$.basis.distributions').forEach((d, i) => {
    const p = `$.basis.distributions[${i}]`;
    const distribution = obj(d, p);
    str(distribution, 'id', p);
    bool(distribution, 'enabled', p);
    strOrNull(distribution, 'certificateArn', p);
    num(distribution, 'aliasCount', p);
    if (distribution.peakAliasCount !== undefined) num(distribution, 'peakAliasCount', p);
  });
  arr(b.holders, '$.basis.holders').forEach((h, i) => {
    const p = `$.basis.holders[${i}]`;
    const entry = obj(h, p);
    str(entry, 'alias', p);
    if (!('holder' in entry)) malformed(`${p}.holder`, 'is missing');
    if (entry.holder !== null) {
      const holder = obj(entry.holder, `${p}.holder`);
      str(holder, 'distribution', `${p}.holder`);
      str(holder, 'account', `${p}.holder`);
    }
  });
  arr(b.certificates, '$.basis.certificates').forEach((c, i) => {
    const p = `$.basis.certificates[${i}]`;
    const cert = obj(c, p);
    str(cert, 'arn', p);
    str(cert, 'status', p);
    strOrNull(cert, 'notAfter', p);
  });
  arr(b.records, '$.basis.records').forEach((r, i) => {
    const p = `$.basis.records[${i}]`;
    const entry = obj(r, p);
    str(entry, 'zoneId', p);
    str(entry, 'name', p);
    strArr(entry, 'types', p);
    arr(entry.records, `${p}.records`).forEach((record, j) => validateRecord(record, `${p}.records[${j}]`));
  });
}
