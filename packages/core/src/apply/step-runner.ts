/**
 * One plan step onto provider port calls. Every step re-checks the live state it acts on right
 * before acting: its precondition not holding stops it with StalePlanError (expected vs found);
 * nothing is re-decided: the step does exactly what the plan says or nothing.
 *
 * "Already done": a step whose postcondition already holds counts as done only where this run (or
 * the run a resume continues) may have done it: after a lost answer, or on resume for a step the
 * journal shows started (`AttemptFacts.mayFindDone`). On a fresh apply it means another writer made
 * the change since the plan: StalePlanError. Rollback re-adds are the exception by design (a
 * recipe cannot know which of its aliases left their source).
 *
 * Reads go through the run's LiveView (live-view.ts): cached reads let a step go ahead; any other
 * verdict is confirmed with a fresh read. Steps must be safe to run again after a retryable
 * failure: a retry re-runs the whole function, reads included.
 */
import {
  AliasConflictError,
  ChangeAlreadyMadeError,
  OwnershipProofError,
  PlanFileError,
  ResourceNotFoundError,
  StalePlanError,
  type StateMismatch,
} from '../errors.js';
import { normalizeHostname } from '../hostnames.js';
import type { MoveAliasStep, PlanStep, UpdateAliasesStep, WaitDeployedStep } from '../plan/plan.js';
import { setEnabled } from './set-enabled-step.js';
import type { AliasEdit, LiveDistribution, UpdateDecision } from '../ports.js';
import { aliasEditInEffect, distributionMismatches, recordStateMismatches, sameManagedAliases } from './conditions.js';
import { changeDns, verify, waitDns } from './dns-steps.js';
import { updateAbsentPresent } from './rollback-readd.js';
import { holderWords, onDistribution, tryReadAliasHolders } from './alias-holders.js';
import type { RouteCheck } from './route-checks.js';
import {
  ALREADY_DONE,
  callOptions,
  DONE,
  FIRST_ATTEMPT,
  type AttemptFacts,
  type StepContext,
  type StepOutcome,
  type TxtProofCreated,
} from './step-context.js';

export async function runStep(step: PlanStep, context: StepContext, facts: AttemptFacts = FIRST_ATTEMPT): Promise<StepOutcome> {
  switch (step.kind) {
    case 'update-aliases':
      return (step.precondition.mode ?? 'exact') === 'absent-present'
        ? updateAbsentPresent(step, context)
        : namingHolders(() => updateAliases(step, context, facts), step.distribution, context);
    case 'move-alias':
      return moveAlias(step, context, facts);
    case 'set-enabled':
      return setEnabled(step, context, facts);
    case 'wait-deployed':
      return waitDeployed(step, context);
    case 'change-dns':
      return changeDns(step, context, facts);
    case 'wait-dns':
      return waitDns(step, context);
    case 'verify':
      await namingHolders(() => verify(step, context), step.distribution, context);
      return DONE;
    default: {
      const unknown: never = step;
      throw new PlanFileError('malformed', `unknown step kind "${String((unknown as { kind?: unknown }).kind)}"`);
    }
  }
}

/**
 * Runs a step that compares a distribution's alias set. When it is refused because aliases it
 * expects there are gone, where they are now is read once, so the refusal names another writer's
 * holder (`www.example.com was taken by another writer (now on …)`) or says `on no distribution`,
 * instead of only listing two alias sets. The refusal stands either way; a failed read leaves it as
 * it was.
 */
async function namingHolders<T>(run: () => Promise<T>, distribution: string, context: StepContext): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof StalePlanError) || error instanceof ChangeAlreadyMadeError) throw error;
    const missing = missingAliases(error.mismatches);
    if (missing.length === 0) throw error;
    const holders = await tryReadAliasHolders(context.provider, missing, distribution, callOptions(context));
    if (holders === undefined) throw error;
    const where = missing.map((alias) => ({ alias, holder: holders.get(alias) ?? null }));
    const taken = where.flatMap(({ alias, holder }) =>
      holder !== null && holder.distribution !== distribution ? [`${alias} was taken by another writer (now ${holderWords(holder)})`] : [],
    );
    throw new StalePlanError(
      error.stepId,
      error.resource,
      [
        ...error.mismatches,
        ...where.map(({ alias, holder }) => ({
          field: `holder of ${alias}`,
          expected: onDistribution(distribution),
          found: holderWords(holder),
        })),
      ],
      taken.length > 0 ? `${error.message}: ${taken.join('; ')}` : error.message,
      { cause: error },
    );
  }
}

/** The aliases an `aliases` mismatch expected and did not find (sorted). */
function missingAliases(mismatches: readonly StateMismatch[]): string[] {
  const sets = mismatches.find((m) => m.field === 'aliases');
  if (!sets || !Array.isArray(sets.expected) || !Array.isArray(sets.found)) return [];
  const found = new Set((sets.found as unknown[]).map((a) => normalizeHostname(String(a))));
  return (sets.expected as unknown[])
    .map((a) => normalizeHostname(String(a)))
    .filter((a) => !found.has(a))
    .sort();
}

/**
 * The guard runs on the provider's fresh read, inside its read-modify-write: write when the
 * precondition holds (on the aliases the plan changes, `managed`); when the step's edit is already
 * in effect, skip if the step may find itself done, else refuse (another writer made the change);
 * anything else, refuse.
 */
export function updateAliasesGuard(
  step: UpdateAliasesStep,
  options: {
    readonly managed?: ReadonlySet<string>;
    readonly mayFindDone: boolean;
    /** The step has a route to check (route-checks.ts) and it was not checked: never write. */
    readonly routeUnchecked?: boolean;
  },
): (live: LiveDistribution) => UpdateDecision {
  const { managed, mayFindDone } = options;
  return (live) => {
    const mismatches = distributionMismatches(step.precondition, live, managed);
    if (mismatches.length === 0 && options.routeUnchecked) {
      // The precondition did not hold on the read just before, and holds again now: the source is
      // changing under us. Refuse rather than remove aliases whose route was never checked.
      throw new StalePlanError(step.id, step.distribution, [], `step ${step.id}: ${step.distribution} changed while it was being read`);
    }
    if (mismatches.length === 0) return 'apply';
    const inEffect = sameManagedAliases(live.aliases, step.postcondition.aliases, managed) || aliasEditInEffect(live.aliases, step);
    if (inEffect && mayFindDone) return 'skip';
    if (inEffect) {
      throw new ChangeAlreadyMadeError(
        step.id,
        step.distribution,
        mismatches,
        `step ${step.id}: its change is already in effect on ${step.distribution}, made by another writer since the plan`,
      );
    }
    throw new StalePlanError(step.id, step.distribution, mismatches);
  };
}

async function updateAliases(step: UpdateAliasesStep, context: StepContext, facts: AttemptFacts): Promise<StepOutcome> {
  const managed = context.managed;
  const route = context.routes?.get(step.id);
  // The route is checked when the write is due (the precondition holds); otherwise the guard's
  // verdict stands (refused, or on resume found done).
  let routeUnchecked = false;
  if (route) {
    const due = await confirmed(
      (fresh) => (fresh ? context.view.freshDistribution(step.distribution) : context.view.distribution(step.distribution)),
      (live) =>
        live === null ? [{ field: 'exists', expected: true, found: false }] : distributionMismatches(step.precondition, live, managed),
    );
    if (due.length === 0) await checkRoute(step, route, context);
    else routeUnchecked = true;
  }
  const edit: AliasEdit = { remove: step.remove, add: step.add };
  try {
    const guard = updateAliasesGuard(step, { ...(managed && { managed }), mayFindDone: facts.mayFindDone, routeUnchecked });
    // The read of the read-modify-write is the freshest there is: the cache keeps it, with our edit.
    let read: LiveDistribution | undefined;
    const decision = await context.provider.updateAliases(
      step.distribution,
      edit,
      (live) => {
        read = live;
        return guard(live);
      },
      callOptions(context),
    );
    if (decision === 'skip') return ALREADY_DONE;
    if (read) context.view.noteRead(read);
    context.view.noteAliasEdit(step.distribution, edit);
    return DONE;
  } catch (error) {
    context.view.forgetDistribution(step.distribution, error);
    if (error instanceof AliasConflictError && step.add.length > 0)
      throw await takenOrAsIs(step.id, step.distribution, step.add, error, context);
    throw error;
  }
}

/**
 * A `CNAMEAlreadyExists` on a write that adds aliases: when another distribution now holds one of
 * them, another writer took it since the plan — a StalePlanError naming the holder (the plan no
 * longer matches the world). Otherwise (the holder is not visible, or DNS points at another
 * distribution) the conflict stands as it is.
 */
export async function takenOrAsIs(
  stepId: string,
  distribution: string,
  added: readonly string[],
  error: AliasConflictError,
  context: StepContext,
): Promise<Error> {
  const holders = await tryReadAliasHolders(context.provider, added, distribution, callOptions(context));
  const taken = [...(holders ?? [])]
    .filter(([, holder]) => holder.distribution !== distribution)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (taken.length === 0) return error;
  const mismatches: StateMismatch[] = taken.map(([alias, holder]) => ({
    field: `holder of ${alias}`,
    expected: onDistribution(null),
    found: holderWords(holder),
  }));
  const named = taken.map(([alias, holder]) => `${alias} was taken by another writer (now ${holderWords(holder)})`);
  return new StalePlanError(stepId, distribution, mismatches, `step ${stepId}: not added to ${distribution}: ${named.join('; ')}`, {
    cause: error,
  });
}

/**
 * Before a removal: the targets and records the rest of its aliases' route expects (route-checks.ts).
 * Always on fresh reads, unlike a step's own go-ahead: the removal cannot be taken back if the
 * route fails later, and the run's cached reads may be older than a change another writer made
 * (the first stage's are the whole-plan check's). One read per target and per zone.
 */
async function checkRoute(step: UpdateAliasesStep, route: RouteCheck, context: StepContext): Promise<void> {
  const { view } = context;
  const mismatches: StateMismatch[] = [];
  const fresh = async <T>(read: () => Promise<T>, check: (value: T | null) => StateMismatch[]): Promise<StateMismatch[]> => {
    try {
      return check(await read());
    } catch (error) {
      if (error instanceof ResourceNotFoundError) return check(null);
      throw error;
    }
  };
  for (const target of route.targets) {
    mismatches.push(
      ...(await fresh(
        () => view.freshDistribution(target.id),
        (live) => targetMismatches(target, live),
      )),
    );
  }
  for (const [zoneId, states] of route.records) {
    const names = states.map((s) => s.name);
    mismatches.push(
      ...(await fresh(
        () => view.freshRecords(zoneId, names),
        (live) => recordStateMismatches(states, live ?? []),
      )),
    );
  }
  if (mismatches.length === 0) return;
  const leaving = route.targets.flatMap((t) => t.aliases).join(', ');
  throw new StalePlanError(
    step.id,
    step.distribution,
    mismatches,
    `step ${step.id}: not removing ${leaving} from ${step.distribution}: the rest of the move would fail (${mismatches.map((m) => m.field).join(', ')})`,
  );
}

/** A route target as its add expects it: there, with its enabled flag and certificate. */
function targetMismatches(target: RouteCheck['targets'][number], live: LiveDistribution | null): StateMismatch[] {
  if (live === null) return [{ field: `${target.id} exists`, expected: 'exists', found: 'not found' }];
  const mismatches: StateMismatch[] = [];
  if (live.enabled !== target.enabled) mismatches.push({ field: `${target.id} enabled`, expected: target.enabled, found: live.enabled });
  if (live.certificateArn !== target.certificateArn) {
    mismatches.push({ field: `${target.id} certificateArn`, expected: target.certificateArn, found: live.certificateArn });
  }
  return mismatches;
}

/**
 * Mismatches on a cached read, confirmed by a fresh one when there are any (a read of a resource
 * that does not exist gives null to `check`).
 */
export async function confirmed<T>(
  read: (fresh: boolean) => Promise<T>,
  check: (value: T | null) => StateMismatch[],
): Promise<StateMismatch[]> {
  const attempt = async (fresh: boolean): Promise<StateMismatch[]> => {
    try {
      return check(await read(fresh));
    } catch (error) {
      if (error instanceof ResourceNotFoundError) return check(null);
      throw error;
    }
  };
  const cached = await attempt(false);
  return cached.length === 0 ? cached : attempt(true);
}

function holds(live: LiveDistribution, alias: string): boolean {
  return live.aliases.some((a) => normalizeHostname(a) === alias);
}

async function moveAlias(step: MoveAliasStep, context: StepContext, facts: AttemptFacts): Promise<StepOutcome> {
  const { view, provider } = context;
  const alias = normalizeHostname(step.alias);
  const [from, to] = [step.precondition.aliasOn, step.postcondition.aliasOn];
  let [source, target] = await Promise.all([view.distribution(from), view.distribution(to)]);
  if (holds(target, alias)) target = await view.freshDistribution(to);
  if (holds(target, alias)) {
    if (facts.mayFindDone) return ALREADY_DONE;
    throw new StalePlanError(
      step.id,
      alias,
      [{ field: `holder of ${alias}`, expected: onDistribution(from), found: onDistribution(to) }],
      `step ${step.id}: ${alias} is on ${to} already, moved by another writer since the plan`,
    );
  }
  if (!holds(source, alias)) source = await view.freshDistribution(from);
  if (!holds(source, alias)) {
    const holders = await tryReadAliasHolders(provider, [alias], from, callOptions(context));
    const found = holders === undefined ? 'unknown (it could not be read)' : holderWords(holders.get(alias) ?? null);
    throw new StalePlanError(step.id, alias, [{ field: `holder of ${alias}`, expected: onDistribution(from), found }]);
  }
  let txtProof: TxtProofCreated | undefined;
  try {
    try {
      await provider.moveAlias(step.to, alias, step.api, callOptions(context));
    } catch (error) {
      if (!(error instanceof OwnershipProofError)) throw error;
      txtProof = await createOwnershipRecord(step, error, context);
      await provider.moveAlias(step.to, alias, step.api, callOptions(context));
    }
  } catch (error) {
    view.forgetDistribution(from, error);
    view.forgetDistribution(to, error);
    throw error;
  }
  view.noteMove(alias, from, to);
  return txtProof ? { kind: 'done', txtProof } : DONE;
}

/**
 * CloudFront refused the move for its `_<alias>` TXT record: write the record the plan prepared
 * for this case (`txtFallback`), wait until it is INSYNC, and let the caller try the move once
 * more. Without a prepared record (no hosted zone of the account holds its name, or `dns: none`),
 * the refusal stands, naming the record to create.
 */
async function createOwnershipRecord(step: MoveAliasStep, refusal: OwnershipProofError, context: StepContext): Promise<TxtProofCreated> {
  const fallback = step.txtFallback;
  if (!fallback) {
    throw new OwnershipProofError(
      refusal.operation,
      step.alias,
      `${refusal.message}; create the TXT record _<alias> whose value is the target's DNS name (see the plan's reason for the name), or use strategy detach-attach`,
      { cause: refusal },
    );
  }
  const { provider, view } = context;
  const changes = [{ action: 'UPSERT', record: fallback.record }] as const;
  const { changeId } = await provider.changeRecords(fallback.zoneId, changes, callOptions(context));
  view.noteRecordChanges(fallback.zoneId, changes);
  await provider.waitRecordsSynced(changeId, callOptions(context));
  return { zoneId: fallback.zoneId, name: fallback.record.name, value: fallback.record.values?.[0] ?? '', changeId };
}

/**
 * Already Deployed (no write of ours pending, or the update was skipped): nothing to wait for. The
 * read is what makes a re-run report the wait as skipped instead of pretending it waited.
 */
async function waitDeployed(step: WaitDeployedStep, context: StepContext): Promise<StepOutcome> {
  const live = await context.view.distribution(step.distribution);
  if (live.status === 'Deployed') return ALREADY_DONE;
  const began = context.view.beginWait();
  await context.provider.waitDeployed(step.distribution, callOptions(context));
  context.view.endWait(began);
  return DONE;
}
