/** `cfalias plan`: desired file + live inventory → a reviewed plan (human, JSON, or saved). */
import {
  DEFAULT_DEPLOY_SECONDS,
  DEFAULT_DNS_SYNC_SECONDS,
  hasErrors,
  inventoryScope,
  planCutover,
  planHasChanges,
  planDocumentChunks,
  type DesiredState,
  type Inventory,
  type Plan,
} from '@cfalias/core';
import { shellWord } from '../render/next-command.js';
import { resolvePath, type CommandContext } from '../context.js';
import type { TextSink } from '../io/cli-io.js';
import { writeFileAtomic } from '../io/files.js';
import type { CommandOutcome } from '../outcome.js';
import { UsageError } from '../errors.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { renderPlan } from '../render/plan-human.js';
import { openProvider, type ProviderSession } from '../providers.js';
import { desiredExpectation } from '../registry-providers.js';
import { readDesired } from './desired-input.js';

export interface PlanCommandOptions {
  readonly out?: string;
  readonly json?: boolean;
  /** A pull-request review comment (GitHub Markdown) instead of the terminal view. */
  readonly markdown?: boolean;
  readonly detailedExitcode?: boolean;
  /** Switches the blast-radius check (`too-many-changes`) off. */
  readonly force?: boolean;
}

export interface LivePlan {
  readonly plan: Plan;
  /** Expected wait durations from the inventory, for display. */
  readonly timing: { readonly deploySeconds: number; readonly dnsSyncSeconds: number };
}

/** Reads the inventory the desired state needs and plans against it, dated by the provider's clock. */
export async function makePlan(
  session: ProviderSession,
  desired: DesiredState,
  options: { readonly force?: boolean } = {},
): Promise<LivePlan> {
  const { inventory, now } = await readLive(session, desired);
  return planFrom(desired, inventory, now, options);
}

/** The inventory the desired state needs, and the provider's clock once it is read (what the plan is dated by). */
async function readLive(session: ProviderSession, desired: DesiredState): Promise<{ inventory: Inventory; now: Date }> {
  const inventory = await session.provider.readInventory(inventoryScope(desired));
  return { inventory, now: new Date(session.clock.now()) };
}

function planFrom(desired: DesiredState, inventory: Inventory, now: Date, options: { readonly force?: boolean }): LivePlan {
  const plan = planCutover(desired, inventory, { now, ...(options.force && { force: true }) });
  const timing = inventory.timing ?? { deploySeconds: DEFAULT_DEPLOY_SECONDS, dnsSyncSeconds: DEFAULT_DNS_SYNC_SECONDS };
  return { plan, timing };
}

/**
 * The live read of `cfalias plan`, in a session of its own that is closed before planning: nothing
 * is left referring to the provider, so a sandbox world (the whole world model) can be freed while
 * the plan is built.
 */
async function readLiveAndClose(ctx: CommandContext, desired: DesiredState): Promise<{ inventory: Inventory; now: Date }> {
  await using session = await openProvider(ctx.providerOptions, desiredExpectation(desired, ctx.desiredName), 'read');
  return await readLive(session, desired); // awaited here: the session is disposed when this block exits
}

/**
 * The desired state read, the live state read and the plan made from them, or undefined when the
 * desired state is invalid (reported). Only the plan outlives this call: the desired state and the
 * inventory (tens of megabytes for 100,000 aliases) are freed before the plan is written.
 */
async function planFromFiles(ctx: CommandContext, force: boolean): Promise<LivePlan | undefined> {
  const desired = await readDesired(ctx);
  if (desired === undefined) return undefined;
  const { inventory, now } = await readLiveAndClose(ctx, desired);
  return planFrom(desired, inventory, now, { force });
}

export async function runPlan(ctx: CommandContext, options: PlanCommandOptions): Promise<CommandOutcome> {
  const { io } = ctx;
  if (options.json && options.markdown) throw new UsageError('choose one of --json and --markdown');
  const live = await planFromFiles(ctx, options.force === true);
  if (live === undefined) return 'invalid-input';
  const { plan, timing } = live;

  if (options.json) {
    // The document in pieces (a large plan is too long for one string), serialized once: with
    // --out, each piece goes to stdout as it is written to the file.
    if (options.out === undefined) for (const piece of planDocumentChunks(plan)) io.stdout.write(piece);
  } else if (options.markdown)
    io.stdout.write(
      renderPlanMarkdown(plan, {
        desiredName: ctx.desiredName,
        timing,
        ...(options.out !== undefined ? { applyCommand: `${ctx.cli} apply ${shellWord(options.out)}` } : {}),
      }),
    );
  else io.stdout.write(renderPlan(plan, { colors: ctx.colors, desiredName: ctx.desiredName, timing }));

  if (options.out !== undefined) {
    const pieces = planDocumentChunks(plan);
    await writeFileAtomic(resolvePath(io, options.out), options.json ? echoed(pieces, io.stdout) : pieces);
    // With --json or --markdown, stdout carries only the document.
    const notice = hasErrors(plan.diagnostics)
      ? `Saved the plan to ${options.out}; it is blocked and cannot be applied.\n`
      : `Saved the plan to ${options.out}. To apply exactly this plan: ${ctx.cli} apply ${shellWord(options.out)}\n`;
    const documentOnly = options.json === true || options.markdown === true;
    (documentOnly ? io.stderr : io.stdout).write(`${documentOnly ? '' : '\n'}${notice}`);
  }

  if (hasErrors(plan.diagnostics)) return 'blocked';
  return options.detailedExitcode && planHasChanges(plan) ? 'changes' : 'ok';
}

/** `pieces` as they are, each also written to `sink` as it is taken. */
function* echoed(pieces: Iterable<string>, sink: TextSink): Generator<string, void, undefined> {
  for (const piece of pieces) {
    sink.write(piece);
    yield piece;
  }
}
