/**
 * One cell of the fault matrix: the demo cutover, one fault aimed at one step, applied through
 * the in-process sandbox provider or the AWS provider over the HTTP emulator; then, when the apply
 * stopped, the fault goes away (it was used up, or the rival gives the alias back) and the journal
 * the apply wrote is resumed. Everything the cell reports is read from the world.
 */
import {
  applyPlan,
  assertJournalUsable,
  parseJournal,
  planHasChanges,
  resumeApply,
  serializeJournalEntry,
  systemClock,
  type ApplyEvent,
  type ApplyResult,
  type CutoverProvider,
  type JournalEntry,
  type JournalSink,
} from '@cfalias/core';
import {
  createAwsProvider,
  createEmulator,
  createSandboxProvider,
  SANDBOX_ACCESS_KEY_ID,
  SANDBOX_SECRET_ACCESS_KEY,
  SandboxWorld,
  type FaultDocument,
} from '@cfalias/providers';
import { BLUE, demoDesired, demoWorldDocument, GREEN, planOn, Rival, snapshot, ZONE_COM } from './demo-world.js';
import { convergedViolations, lingeringDns, stopCleanViolations } from './invariants.js';

// The AWS SDK's Node-version notice on stderr says nothing about cfalias (as the CLI's bin.ts sets).
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
export type FaultKind =
  | 'Throttling'
  | 'PreconditionFailed'
  | 'CNAMEAlreadyExists race'
  | 'InternalError (500)'
  | 'ConnectionReset before'
  | 'ConnectionReset after'
  | 'Timeout before'
  | 'Timeout after';

export const FAULT_KINDS: readonly FaultKind[] = [
  'Throttling',
  'PreconditionFailed',
  'CNAMEAlreadyExists race',
  'InternalError (500)',
  'ConnectionReset before',
  'ConnectionReset after',
  'Timeout before',
  'Timeout after',
];

/**
 * `transient`: the fault fires once and the executor's retries (6 attempts) must absorb it: the
 * apply converges by itself. `persistent`: it outlasts the retries (retry.maxAttempts 1): the apply
 * must stop clean, and resume converges once the fault is used up. A race is always persistent:
 * the rival holds the alias until it gives it back.
 */
export type Persistence = 'transient' | 'persistent';

export type ProviderKind = 'in-process' | 'emulator';

export interface StepTarget {
  /** What the matrix calls the row. */
  readonly label: string;
  readonly stepId: string;
  /** The mutating AWS operation the step makes, and the resource the fault is narrowed to. */
  readonly operation: FaultDocument['operation'];
  readonly resource: string;
  /** The alias the rival takes in the race, and when: as the step starts, or once its write landed. */
  readonly raceAlias: string;
  readonly raceAt: 'step-start' | 'step-done';
}

export const TARGETS: readonly StepTarget[] = [
  {
    label: 'update-aliases remove',
    stepId: `update-aliases:${BLUE}:p1`,
    operation: 'UpdateDistribution',
    resource: BLUE,
    // The window a remove opens: static is free between its removal and its add to green.
    raceAlias: 'static.example.com',
    raceAt: 'step-done',
  },
  {
    label: 'update-aliases add',
    stepId: `update-aliases:${GREEN}:p2`,
    operation: 'UpdateDistribution',
    resource: GREEN,
    raceAlias: 'static.example.com',
    raceAt: 'step-start',
  },
  {
    label: 'move-alias',
    stepId: 'move-alias:api.example.com',
    operation: 'UpdateDomainAssociation',
    resource: GREEN,
    raceAlias: 'api.example.com',
    raceAt: 'step-start',
  },
  {
    label: 'change-dns (mid repoint, detach-attach)',
    stepId: `change-dns:${ZONE_COM}:mid`,
    operation: 'ChangeResourceRecordSets',
    resource: ZONE_COM,
    raceAlias: 'static.example.com',
    raceAt: 'step-start',
  },
  {
    label: 'change-dns (post repoint, moves)',
    stepId: `change-dns:${ZONE_COM}:post`,
    operation: 'ChangeResourceRecordSets',
    resource: ZONE_COM,
    raceAlias: 'www.example.com',
    raceAt: 'step-start',
  },
];

export interface CellReport {
  readonly apply: ApplyResult;
  /** Violations of "stops clean" right after a stopped apply (empty when it succeeded). */
  readonly stopViolations: readonly string[];
  /** Moved aliases whose DNS still pointed at their source when the apply stopped (tolerated). */
  readonly lingeringDns: readonly string[];
  /** Result of resuming the journal after the fault went away; undefined when the apply succeeded. */
  readonly resume: ApplyResult | undefined;
  /** After a rollback: the apply of a fresh plan (the way forward `rolled-back` documents). */
  readonly replanned: ApplyResult | undefined;
  /** Violations of convergence at the end (after the apply, or after the resume). */
  readonly convergedViolations: readonly string[];
  readonly replanHasChanges: boolean;
  /** Calls answered with an injected fault, plus one for a race staged. */
  readonly faultsInjected: number;
  /** The targeted step was reached (the fault had a chance to fire). */
  readonly targetReached: boolean;
}

/** A journal kept as the file sink would write it: one serialized line per entry. */
export class TextJournal implements JournalSink {
  text = '';
  append(entry: JournalEntry): void {
    this.text += serializeJournalEntry(entry);
  }
}

export async function runCell(kind: ProviderKind, target: StepTarget, fault: FaultKind, persistence: Persistence): Promise<CellReport> {
  const desired = demoDesired();
  const world = SandboxWorld.fromDocument(demoWorldDocument());
  const before = snapshot(world);
  const plan = await planOn(desired, world);
  if (!plan.steps.some((s) => s.id === target.stepId)) throw new Error(`the demo plan has no step ${target.stepId}`);
  const rival = new Rival(world);
  let raced = false;
  let targetReached = false;

  const onEvent = (event: ApplyEvent): void => {
    if (!('step' in event) || event.step.id !== target.stepId) return;
    if (event.type === 'step-start' && event.attempt === 1) targetReached = true;
    if (fault === 'CNAMEAlreadyExists race') {
      if (!raced && event.type === target.raceAt) {
        raced = true;
        rival.take(target.raceAlias);
      }
      return;
    }
    if (event.type === 'step-start' && event.attempt === 1) world.addFault(faultDocument(target, fault));
  };

  const session = await openSession(kind, world, persistence);
  const journal = new TextJournal();
  let apply: ApplyResult;
  try {
    apply = await applyPlan(plan, {
      provider: session.provider,
      clock: session.clock,
      random: () => 0,
      journal,
      onEvent,
      ...(persistence === 'persistent' && { retry: { maxAttempts: 1, maxThrottleRetries: 0 } }),
    });
  } finally {
    await session.close();
  }

  let stopViolations: string[] = [];
  let lingering: string[] = [];
  let resume: ApplyResult | undefined;
  let replanned: ApplyResult | undefined;
  if (apply.status !== 'succeeded') {
    const stopped = snapshot(world);
    stopViolations = stopCleanViolations(desired, plan.changes, before, stopped);
    lingering = lingeringDns(desired, plan.changes, before, stopped);
    // The fault goes away: a scheduled one is used up; the rival gives the alias back, and its
    // give-back, an update like any other, has deployed.
    if (rival.holding !== undefined) {
      rival.giveBack();
      world.settle();
    }
    const entries = assertJournalUsable(parseJournal(journal.text, 'journal.jsonl'));
    const again = await openSession(kind, world, 'transient');
    try {
      resume = await resumeApply(entries, { provider: again.provider, clock: again.clock, random: () => 0, journal });
    } finally {
      await again.close();
    }
    // A rolled-back run is over: its way forward is a new plan (events.ts `rolled-back`).
    if (resume.status !== 'succeeded' && rolledBack(apply, resume)) {
      const fresh = await openSession(kind, world, 'transient');
      try {
        replanned = await applyPlan(await planOn(desired, world), { provider: fresh.provider, clock: fresh.clock, random: () => 0 });
      } finally {
        await fresh.close();
      }
    }
  }

  const after = snapshot(world);
  const replan = await planOn(desired, world);
  return {
    apply,
    stopViolations,
    lingeringDns: lingering,
    resume,
    replanned,
    convergedViolations: convergedViolations(desired, after),
    replanHasChanges: planHasChanges(replan) || replan.steps.length > 0,
    faultsInjected: world.calls.filter((c) => c.injected).length + (raced ? 1 : 0),
    targetReached,
  };
}

/** A rollback recipe ran (or was continued) in the apply or the resume. */
export function rolledBack(...results: readonly ApplyResult[]): boolean {
  return results.some((r) => r.status === 'rolled-back' || (r.rollbacks ?? []).length > 0);
}

/**
 * How many calls the fault fails so that it reaches the executor once: two for a stale ETag on
 * UpdateDomainAssociation, which the providers re-read and send once more themselves
 * (domain-association-etags.ts); one for every other fault (a race is staged once).
 */
export function failedCallsPerFault(target: StepTarget, fault: FaultKind): number {
  return fault === 'PreconditionFailed' && target.operation === 'UpdateDomainAssociation' ? 2 : 1;
}

export function faultDocument(target: StepTarget, fault: Exclude<FaultKind, 'CNAMEAlreadyExists race'>): FaultDocument {
  const base = { operation: target.operation, resource: target.resource, times: failedCallsPerFault(target, fault) } as const;
  switch (fault) {
    case 'Throttling':
      return { ...base, error: 'Throttling' };
    case 'PreconditionFailed':
      return { ...base, error: 'PreconditionFailed' };
    case 'InternalError (500)':
      return { ...base, error: 'InternalError' };
    case 'ConnectionReset before':
      return { ...base, error: 'ConnectionReset', when: 'before' };
    case 'ConnectionReset after':
      return { ...base, error: 'ConnectionReset', when: 'after' };
    case 'Timeout before':
      return { ...base, error: 'Timeout', when: 'before' };
    case 'Timeout after':
      return { ...base, error: 'Timeout', when: 'after' };
    default: {
      const never: never = fault;
      throw new Error(`unknown fault ${String(never)}`);
    }
  }
}

export interface Session {
  readonly provider: CutoverProvider;
  readonly clock: typeof systemClock;
  /** The emulator's endpoint (over the emulator only), for another client of the same world. */
  readonly endpoint?: string;
  close(): Promise<void>;
}

/**
 * In-process: the world's simulated clock for everything. Emulator: the AWS provider on the real
 * SDK against an emulator over the same world (its polls fast-forward the world's clock); the
 * executor runs on the real clock with zero jitter, so its own backoff costs nothing. A persistent
 * fault gets no SDK retry either (maxAttempts 1); a transient one gets the SDK's retries.
 */
export async function openSession(kind: ProviderKind, world: SandboxWorld, persistence: Persistence): Promise<Session> {
  if (kind === 'in-process') {
    return {
      provider: createSandboxProvider(world),
      clock: world.clock,
      close: async () => {
        // nothing to release: the world is in process
      },
    };
  }
  const emulator = await createEmulator(world, { port: 0, timeoutHoldMs: 2_000 });
  const provider = createAwsProvider({
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
    maxAttempts: persistence === 'persistent' ? 1 : 4,
    // Long enough that a loaded machine does not time out a normal answer; an injected Timeout costs this much.
    requestTimeoutMs: 1_000,
    waiter: { minDelay: 0.01, maxDelay: 0.05, maxWaitSeconds: 30 },
  });
  return {
    provider,
    clock: systemClock,
    endpoint: emulator.endpoint,
    close: async () => {
      provider.destroy();
      await emulator.close();
    },
  };
}
