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
  recordName,
  recordStateMismatches,
  sameAliasSet,
  sortedAliases,
} from './conditions.js';
import { PlanFileError, StalePlanError, type StateMismatch } from './errors.js';
import type { SkipReason } from './events.js';
import { normalizeHostname } from './hostnames.js';
import type {
  ChangeDnsStep,
  MoveAliasStep,
  PlanStep,
  UpdateAliasesStep,
  VerifyStep,
  WaitDeployedStep,
  WaitDnsStep,
} from './plan.js';
import type { CallOptions, CutoverProvider, LiveDistribution, UpdateDecision } from './ports.js';

export type StepOutcome = { readonly kind: 'done' } | { readonly kind: 'skipped'; readonly reason: SkipReason };

export interface StepContext {
  readonly provider: CutoverProvider;
  readonly signal?: AbortSignal;
  /**
   * Route 53 change ids returned by this apply's `change-dns` steps, by step id. A `wait-dns` finds
   * its change here; no entry means the change step made no change.
   */
  readonly dnsChanges: Map<string, string>;
}

const DONE: StepOutcome = { kind: 'done' };

export async function runStep(step: PlanStep, context: StepContext): Promise<StepOutcome> {
  const call: CallOptions = context.signal ? { signal: context.signal } : {};
  switch (step.kind) {
    case 'update-aliases':
      return updateAliases(step, context.provider, call);
    case 'move-alias':
      return moveAlias(step, context.provider, call);
    case 'wait-deployed':
      return waitDeployed(step, context.provider, call);
    case 'change-dns':
      return changeDns(step, context, call);
    case 'wait-dns':
      return waitDns(step, context, call);
    case 'verify':
      await verify(step, context.provider, call);
      return DONE;
    default: {
      const unknown: never = step;
      throw new PlanFileError('malformed', `unknown step kind "${(unknown as { kind?: unknown }).kind}"`);
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
  const decision = await provider.updateAliases(
    step.distribution,
    { remove: step.remove, add: step.add },
    updateAliasesGuard(step),
    call,
  );
  return decision === 'skip' ? { kind: 'skipped', reason: 'postcondition-holds' } : DONE;
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

async function changeDns(step: ChangeDnsStep, context: StepContext, call: CallOptions): Promise<StepOutcome> {
  const names = [
    ...new Set(
      [...step.precondition.records, ...step.postcondition.records, ...step.changes.map((c) => c.record)].map((r) =>
        recordName(r.name),
      ),
    ),
  ].sort();
  const live = await context.provider.readRecords(step.zoneId, names, call);
  if (recordStateMismatches(step.postcondition.records, live).length === 0) {
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

/** Deployed, exactly the expected aliases, and every listed DNS name routing to the distribution's domain. */
async function verify(step: VerifyStep, provider: CutoverProvider, call: CallOptions): Promise<void> {
  const live = await provider.readDistribution(step.distribution, call);
  const mismatches: StateMismatch[] = [];
  if (live.status !== 'Deployed') mismatches.push({ field: 'status', expected: 'Deployed', found: live.status });
  if (!sameAliasSet(step.aliases, live.aliases)) {
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
