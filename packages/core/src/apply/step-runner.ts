/**
 * One plan step onto provider port calls. Every step re-checks the live state it acts on right
 * before acting: its postcondition already holding makes it a skip (idempotent re-run), its
 * precondition not holding stops it with StalePlanError (expected vs found). Nothing is re-decided:
 * the step does exactly what the plan says or nothing.
 *
 * Steps must be safe to run again after a retryable failure: a retry re-runs the whole function,
 * reads included.
 */
import {
  aliasEditInEffect,
  distributionMismatches,
  dnsTargetMismatch,
  presenceMismatches,
  recordName,
  recordStateMismatches,
  sameAliasSet,
  sortedAliases,
} from './conditions.js';
import { AliasConflictError, PlanFileError, StalePlanError, type StateMismatch } from '../errors.js';
import type { SkipReason } from './events.js';
import { normalizeHostname } from '../hostnames.js';
import type { ChangeDnsStep, MoveAliasStep, PlanStep, UpdateAliasesStep, VerifyStep, WaitDeployedStep, WaitDnsStep } from '../plan/plan.js';
import type { CallOptions, CutoverProvider, LiveDistribution, UpdateDecision } from '../ports.js';
import { describeAliasHolders } from './rollback.js';

export type StepOutcome = { readonly kind: 'done' } | { readonly kind: 'skipped'; readonly reason: SkipReason };

export interface StepContext {
  readonly provider: CutoverProvider;
  readonly signal?: AbortSignal;
  /**
   * Route 53 change ids returned by this apply's `change-dns` steps, by step id. A `wait-dns` finds
   * its change here; no entry means the change step made no change.
   */
  readonly dnsChanges: Map<string, string>;
  /**
   * Alias → the forward target its rollback trigger failed to reach (`RollbackRecipe.aliases`), for
   * `absent-present` preconditions. Absent: no recipes.
   */
  readonly forwardTargets?: ReadonlyMap<string, string>;
}

const DONE: StepOutcome = { kind: 'done' };

/**
 * `afterLostAnswer`: an earlier attempt of this step in this run may have taken effect with its
 * answer lost (a TransientError): a `change-dns` that then finds its records in place re-submits
 * them to have a Route 53 change to wait on.
 */
export async function runStep(step: PlanStep, context: StepContext, afterLostAnswer = false): Promise<StepOutcome> {
  const call: CallOptions = context.signal ? { signal: context.signal } : {};
  switch (step.kind) {
    case 'update-aliases':
      return (step.precondition.mode ?? 'exact') === 'absent-present'
        ? updateAbsentPresent(step, context, call)
        : updateAliases(step, context.provider, call);
    case 'move-alias':
      return moveAlias(step, context.provider, call);
    case 'wait-deployed':
      return waitDeployed(step, context.provider, call);
    case 'change-dns':
      return changeDns(step, context, call, afterLostAnswer);
    case 'wait-dns':
      return waitDns(step, context, call);
    case 'verify':
      await verify(step, context.provider, call);
      return DONE;
    default: {
      const unknown: never = step;
      throw new PlanFileError('malformed', `unknown step kind "${String((unknown as { kind?: unknown }).kind)}"`);
    }
  }
}

/**
 * The guard runs on the provider's fresh read, inside its read-modify-write: skip when the step's
 * postcondition holds or its edit is already in effect (a re-run: later steps of the plan may have
 * changed the distribution again since), write when the precondition holds exactly, else refuse.
 */
export function updateAliasesGuard(step: UpdateAliasesStep): (live: LiveDistribution) => UpdateDecision {
  return (live) => {
    if (sameAliasSet(live.aliases, step.postcondition.aliases) || aliasEditInEffect(live.aliases, step)) return 'skip';
    const mismatches = distributionMismatches(step.precondition, live);
    if (mismatches.length === 0) return 'apply';
    throw new StalePlanError(step.id, step.distribution, mismatches);
  };
}

async function updateAliases(step: UpdateAliasesStep, provider: CutoverProvider, call: CallOptions): Promise<StepOutcome> {
  const decision = await provider.updateAliases(step.distribution, { remove: step.remove, add: step.add }, updateAliasesGuard(step), call);
  return decision === 'skip' ? { kind: 'skipped', reason: 'postcondition-holds' } : DONE;
}

/**
 * The guard of an `absent-present` step (rollback re-adds): skip when its edit is in effect; write
 * when every alias it removes is on the distribution, none it adds is held by a distribution in
 * `heldElsewhere` (alias → holder, read just before), and `enabled`/`certificateArn` match; the
 * rest of the alias set is not compared (other branches of the plan may or may not have run).
 */
export function absentPresentGuard(
  step: UpdateAliasesStep,
  heldElsewhere: ReadonlyMap<string, string>,
): (live: LiveDistribution) => UpdateDecision {
  return (live) => {
    if (aliasEditInEffect(live.aliases, step)) return 'skip';
    const mismatches = presenceMismatches(step.precondition, step, live, heldElsewhere);
    if (mismatches.length === 0) return 'apply';
    throw new StalePlanError(step.id, step.distribution, mismatches);
  };
}

/**
 * An `absent-present` update (plan.ts `PreconditionMode`). The aliases it adds must be held by no
 * distribution: the forward targets their trigger failed to reach are read first (its write may
 * have landed after all), the distribution being updated is checked by the guard, and any other
 * holder shows up as `CNAMEAlreadyExists` on the write — which means the precondition does not
 * hold: StalePlanError naming the holder when the provider can see it. Never retried.
 */
async function updateAbsentPresent(step: UpdateAliasesStep, context: StepContext, call: CallOptions): Promise<StepOutcome> {
  const provider = context.provider;
  const added = new Set(step.add.map((a) => normalizeHostname(a)));
  const targets = [...new Set([...added].flatMap((a) => context.forwardTargets?.get(a) ?? []))]
    .filter((id) => id !== step.distribution)
    .sort();
  const heldElsewhere = new Map<string, string>();
  for (const target of targets) {
    const live = await provider.readDistribution(target, call);
    for (const alias of live.aliases) {
      if (added.has(normalizeHostname(alias))) heldElsewhere.set(normalizeHostname(alias), target);
    }
  }
  try {
    const decision = await provider.updateAliases(
      step.distribution,
      { remove: step.remove, add: step.add },
      absentPresentGuard(step, heldElsewhere),
      call,
    );
    return decision === 'skip' ? { kind: 'skipped', reason: 'postcondition-holds' } : DONE;
  } catch (error) {
    if (!(error instanceof AliasConflictError)) throw error;
    const holders = await describeAliasHolders(provider, step.add, step.distribution, call);
    const mismatches: StateMismatch[] = [...holders]
      .filter(([alias]) => added.has(alias))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([alias, holder]) => ({ field: `holder of ${alias}`, expected: null, found: holder }));
    const named = mismatches.map((m) => `${m.field.slice('holder of '.length)} is held by ${String(m.found)}`);
    if (mismatches.length === 0) {
      const alias = error.alias || [...added].join(', ');
      mismatches.push({
        field: `holder of ${alias}`,
        expected: null,
        found: 'unknown (another account, or DNS pointing at another distribution)',
      });
      named.push(`${alias} is held elsewhere or its DNS points at another distribution (the holder is not visible to this account)`);
    }
    throw new StalePlanError(
      step.id,
      step.distribution,
      mismatches,
      `step ${step.id}: cannot put ${[...added].join(', ')} back on ${step.distribution} (CNAMEAlreadyExists): ${named.join('; ')}`,
      { cause: error },
    );
  }
}

async function moveAlias(step: MoveAliasStep, provider: CutoverProvider, call: CallOptions): Promise<StepOutcome> {
  const alias = normalizeHostname(step.alias);
  const target = await provider.readDistribution(step.postcondition.aliasOn, call);
  if (target.aliases.some((a) => normalizeHostname(a) === alias)) return { kind: 'skipped', reason: 'postcondition-holds' };
  const source = await provider.readDistribution(step.precondition.aliasOn, call);
  if (!source.aliases.some((a) => normalizeHostname(a) === alias)) {
    // Neither on the source nor on the target: where it went is unknown from these two reads.
    throw new StalePlanError(step.id, alias, [{ field: 'aliasOn', expected: step.precondition.aliasOn, found: null }]);
  }
  await provider.associateAlias(step.to, alias, call);
  return DONE;
}

/**
 * Already Deployed (an idempotent re-run, or the update was skipped): nothing to wait for. The read
 * is what makes a re-run report the wait as skipped instead of pretending it waited.
 */
async function waitDeployed(step: WaitDeployedStep, provider: CutoverProvider, call: CallOptions): Promise<StepOutcome> {
  const live = await provider.readDistribution(step.distribution, call);
  if (live.status === 'Deployed') return { kind: 'skipped', reason: 'postcondition-holds' };
  await provider.waitDeployed(step.distribution, call);
  return DONE;
}

async function changeDns(step: ChangeDnsStep, context: StepContext, call: CallOptions, afterLostAnswer: boolean): Promise<StepOutcome> {
  const names = [
    ...new Set(
      [...step.precondition.records, ...step.postcondition.records, ...step.changes.map((c) => c.record)].map((r) => recordName(r.name)),
    ),
  ].sort();
  const live = await context.provider.readRecords(step.zoneId, names, call);
  if (recordStateMismatches(step.postcondition.records, live).length === 0) {
    // Our lost change is not known by id, so its `wait-dns` would have nothing to wait for. An
    // UPSERT of the same records is a no-op change whose INSYNC comes after the lost one's (Route
    // 53 applies a zone's changes in order): wait on that instead.
    const upserts = step.changes.filter((c) => c.action === 'UPSERT');
    if (afterLostAnswer && !context.dnsChanges.has(step.id) && upserts.length > 0) {
      const { changeId } = await context.provider.changeRecords(step.zoneId, upserts, call);
      context.dnsChanges.set(step.id, changeId);
      return DONE;
    }
    return { kind: 'skipped', reason: 'postcondition-holds' };
  }
  const mismatches = recordStateMismatches(step.precondition.records, live);
  if (mismatches.length > 0) throw new StalePlanError(step.id, step.zoneId, mismatches);
  const { changeId } = await context.provider.changeRecords(step.zoneId, step.changes, call);
  context.dnsChanges.set(step.id, changeId);
  return DONE;
}

async function waitDns(step: WaitDnsStep, context: StepContext, call: CallOptions): Promise<StepOutcome> {
  const changeId = context.dnsChanges.get(step.changeStep);
  if (changeId === undefined) return { kind: 'skipped', reason: 'nothing-to-wait-for' };
  await context.provider.waitRecordsSynced(changeId, call);
  return DONE;
}

/**
 * Deployed (waiting for it when InProgress), exactly the expected aliases (`mode` `exact`) or at
 * least them (`includes`: rollback verifies), and every listed DNS name routing to the
 * distribution's domain.
 */
async function verify(step: VerifyStep, provider: CutoverProvider, call: CallOptions): Promise<void> {
  let live = await provider.readDistribution(step.distribution, call);
  // InProgress here means another update since the plan's own wait (a resume, another writer's
  // unrelated change): wait for it rather than call the plan stale; the aliases are checked after.
  if (live.status !== 'Deployed') {
    await provider.waitDeployed(step.distribution, call);
    live = await provider.readDistribution(step.distribution, call);
  }
  const mismatches: StateMismatch[] = [];
  if (live.status !== 'Deployed') mismatches.push({ field: 'status', expected: 'Deployed', found: live.status });
  if ((step.mode ?? 'exact') === 'includes') {
    const held = new Set(sortedAliases(live.aliases));
    if (!sortedAliases(step.aliases).every((a) => held.has(a))) {
      mismatches.push({ field: 'aliases (at least)', expected: sortedAliases(step.aliases), found: sortedAliases(live.aliases) });
    }
  } else if (!sameAliasSet(step.aliases, live.aliases)) {
    mismatches.push({ field: 'aliases', expected: sortedAliases(step.aliases), found: sortedAliases(live.aliases) });
  }

  const namesByZone = new Map<string, { name: string; pointsAt: string }[]>();
  for (const entry of step.dns) {
    const list = namesByZone.get(entry.zoneId) ?? [];
    list.push({ name: entry.name, pointsAt: entry.pointsAt });
    namesByZone.set(entry.zoneId, list);
  }
  for (const [zoneId, entries] of namesByZone) {
    const records = await provider.readRecords(zoneId, [...new Set(entries.map((e) => recordName(e.name)))].sort(), call);
    for (const entry of entries) {
      const mismatch = dnsTargetMismatch(entry.name, entry.pointsAt, records);
      if (mismatch) mismatches.push(mismatch);
    }
  }
  if (mismatches.length > 0) throw new StalePlanError(step.id, step.distribution, mismatches);
}
