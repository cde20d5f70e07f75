/**
 * The DNS steps (`change-dns`, `wait-dns`) and the final `verify`, on the run's LiveView: one
 * batched read of a change's names, fresh, serves its pre- and postcondition checks (Route 53 has
 * no conditional write); verify checks on the stage's shared reads and confirms any mismatch fresh.
 */
import { ChangeAlreadyMadeError, StalePlanError, type StateMismatch } from '../errors.js';
import type { ChangeDnsStep, VerifyStep, WaitDnsStep } from '../plan/plan.js';
import { fromFqdn } from '../hostnames.js';
import { isTenantId } from '../inventory/inventory.js';
import type { CutoverProvider } from '../ports.js';
import { dnsTargetMismatch, managedAliases, recordName, recordStateMismatches, sameManagedAliases, sortedAliases } from './conditions.js';
import { ALREADY_DONE, callOptions, DONE, type AttemptFacts, type StepContext, type StepOutcome } from './step-context.js';

export async function changeDns(step: ChangeDnsStep, context: StepContext, facts: AttemptFacts): Promise<StepOutcome> {
  const { view, provider } = context;
  const names = [
    ...new Set(
      [...step.precondition.records, ...step.postcondition.records, ...step.changes.map((c) => c.record)].map((r) => recordName(r.name)),
    ),
  ].sort();
  // Fresh: Route 53 has no conditional write, so the check must be right before it (one read per
  // zone per stage, as a cached read would cost).
  const live = await view.freshRecords(step.zoneId, names);
  if (recordStateMismatches(step.postcondition.records, live).length === 0) {
    // Our lost change is not known by id, so its `wait-dns` would have nothing to wait for. An
    // UPSERT of the same records is a no-op change whose INSYNC comes after the lost one's (Route
    // 53 applies a zone's changes in order): wait on that instead.
    const upserts = step.changes.filter((c) => c.action === 'UPSERT');
    if (facts.afterLostAnswer && !context.dnsChanges.has(step.id) && upserts.length > 0) {
      const { changeId } = await provider.changeRecords(step.zoneId, upserts, callOptions(context));
      context.dnsChanges.set(step.id, changeId);
      return DONE;
    }
    if (facts.mayFindDone) return ALREADY_DONE;
    throw new ChangeAlreadyMadeError(
      step.id,
      step.zoneId,
      recordStateMismatches(step.precondition.records, live),
      `step ${step.id}: its records are already in place in ${step.zoneName}, changed by another writer since the plan`,
    );
  }
  const mismatches = recordStateMismatches(step.precondition.records, live);
  if (mismatches.length > 0) throw new StalePlanError(step.id, step.zoneId, mismatches);
  try {
    const { changeId } = await provider.changeRecords(step.zoneId, step.changes, callOptions(context));
    context.dnsChanges.set(step.id, changeId);
  } catch (error) {
    view.forgetRecords(step.zoneId, names, error);
    throw error;
  }
  view.noteRecordChanges(step.zoneId, step.changes);
  return DONE;
}

export async function waitDns(step: WaitDnsStep, context: StepContext): Promise<StepOutcome> {
  const changeId = context.dnsChanges.get(step.changeStep);
  if (changeId === undefined) return { kind: 'skipped', reason: 'nothing-to-wait-for' };
  const began = context.view.beginWait();
  await context.provider.waitRecordsSynced(changeId, callOptions(context));
  context.view.endWait(began);
  return DONE;
}

/**
 * Deployed (waiting for it when InProgress), exactly the expected aliases (`mode` `exact`, on the
 * aliases the plan changes) or at least them (`includes`: rollback verifies), and every listed DNS
 * name routing to the distribution's domain. Checked on the stage's reads (one read of the
 * distribution, one batched read per zone, shared with the stage's other verifies); any mismatch is
 * confirmed on fresh reads before it counts.
 */
export async function verify(step: VerifyStep, context: StepContext): Promise<void> {
  let mismatches = await verifyMismatches(step, context, false);
  if (mismatches.length > 0) mismatches = await verifyMismatches(step, context, true);
  if (mismatches.length > 0) throw new StalePlanError(step.id, step.distribution, mismatches);
}

async function verifyMismatches(step: VerifyStep, context: StepContext, fresh: boolean): Promise<StateMismatch[]> {
  const { view, provider, managed } = context;
  let live = fresh ? await view.freshDistribution(step.distribution) : await view.distribution(step.distribution);
  // InProgress here means another update since the plan's own wait (a resume, another writer's
  // unrelated change): wait for it rather than call the plan stale; the aliases are checked after.
  if (live.status !== 'Deployed' && fresh) {
    await provider.waitDeployed(step.distribution, callOptions(context));
    live = await view.freshDistribution(step.distribution);
  }
  const mismatches: StateMismatch[] = [];
  if (live.status !== 'Deployed') mismatches.push({ field: 'status', expected: 'Deployed', found: live.status });
  if ((step.mode ?? 'exact') === 'includes') {
    const held = new Set(sortedAliases(live.aliases));
    if (!sortedAliases(step.aliases).every((a) => held.has(a))) {
      mismatches.push({ field: 'aliases (at least)', expected: sortedAliases(step.aliases), found: sortedAliases(live.aliases) });
    }
  } else if (!sameManagedAliases(step.aliases, live.aliases, managed)) {
    mismatches.push({ field: 'aliases', expected: managedAliases(step.aliases, managed), found: managedAliases(live.aliases, managed) });
  }

  const namesByZone = new Map<string, { name: string; pointsAt: string }[]>();
  for (const entry of step.dns) {
    const list = namesByZone.get(entry.zoneId) ?? [];
    list.push({ name: entry.name, pointsAt: entry.pointsAt });
    namesByZone.set(entry.zoneId, list);
  }
  for (const [zoneId, entries] of namesByZone) {
    const names = [...new Set(entries.map((e) => recordName(e.name)))].sort();
    const records = fresh ? await view.freshRecords(zoneId, names) : await view.records(zoneId, names);
    for (const entry of entries) {
      const mismatch = dnsTargetMismatch(entry.name, entry.pointsAt, records);
      if (mismatch) mismatches.push(mismatch);
    }
  }
  if (isTenantId(step.distribution) && step.dns.length > 0 && provider.verifyTenantDns) {
    mismatches.push(...(await tenantDnsMismatches(step, provider.verifyTenantDns.bind(provider), context)));
  }
  return mismatches;
}

/**
 * A tenant's domains as CloudFront sees them (`VerifyDnsConfiguration`): each name the plan routed
 * to it must resolve to its connection group. Only `invalid-configuration` counts against the plan:
 * `unknown-configuration` is CloudFront unable to tell (the Route 53 records were checked above).
 */
async function tenantDnsMismatches(
  step: VerifyStep,
  verifyTenantDns: NonNullable<CutoverProvider['verifyTenantDns']>,
  context: StepContext,
): Promise<StateMismatch[]> {
  const domains = [...new Set(step.dns.map((d) => fromFqdn(d.name)))].sort();
  const problems = await verifyTenantDns(step.distribution, domains, callOptions(context));
  return problems
    .filter((p) => p.status === 'invalid-configuration')
    .map((p) => ({ field: `DNS of ${p.domain} (VerifyDnsConfiguration)`, expected: 'valid-configuration', found: p.reason ?? p.status }));
}
