/** `cfalias plan`: desired file + live inventory → a reviewed plan (human, JSON, or saved). */
import {
  DEFAULT_DEPLOY_SECONDS,
  DEFAULT_DNS_SYNC_SECONDS,
  hasErrors,
  inventoryScope,
  planCutover,
  planHasChanges,
  serializePlan,
  type DesiredState,
  type Plan,
} from '@cfalias/core';
import { resolvePath, type CommandContext } from '../context.js';
import { writeFileAtomic } from '../io/files.js';
import type { CommandOutcome } from '../outcome.js';
import { UsageError } from '../errors.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { renderPlan } from '../render/plan-human.js';
import { expectedAccount, openProvider, type ProviderSession } from '../providers.js';
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
  const inventory = await session.provider.readInventory(inventoryScope(desired));
  const plan = planCutover(desired, inventory, { now: new Date(session.clock.now()), ...(options.force && { force: true }) });
  const timing = inventory.timing ?? { deploySeconds: DEFAULT_DEPLOY_SECONDS, dnsSyncSeconds: DEFAULT_DNS_SYNC_SECONDS };
  return { plan, timing };
}

export async function runPlan(ctx: CommandContext, options: PlanCommandOptions): Promise<CommandOutcome> {
  const { io } = ctx;
  if (options.json && options.markdown) throw new UsageError('choose one of --json and --markdown');
  const desired = await readDesired(ctx);
  if (desired === undefined) return 'invalid-input';
  await using session = await openProvider(ctx.providerOptions, expectedAccount(desired.account, ctx.desiredName), 'read');
  const { plan, timing } = await makePlan(session, desired, { force: options.force === true });

  // Serialized at most once: with --json --out the same document goes to stdout and to the file.
  let document: string | undefined;
  const planJson = (): string => (document ??= serializePlan(plan));
  if (options.json) io.stdout.write(planJson());
  else if (options.markdown)
    io.stdout.write(
      renderPlanMarkdown(plan, { desiredName: ctx.desiredName, timing, ...(options.out !== undefined ? { planFile: options.out } : {}) }),
    );
  else io.stdout.write(renderPlan(plan, { colors: ctx.colors, desiredName: ctx.desiredName, timing }));

  if (options.out !== undefined) {
    await writeFileAtomic(resolvePath(io, options.out), planJson());
    // With --json or --markdown, stdout carries only the document.
    const notice = hasErrors(plan.diagnostics)
      ? `Saved the plan to ${options.out}; it is blocked and cannot be applied.\n`
      : `Saved the plan to ${options.out}. To apply exactly this plan: cfalias apply ${options.out}\n`;
    const documentOnly = options.json === true || options.markdown === true;
    (documentOnly ? io.stderr : io.stdout).write(`${documentOnly ? '' : '\n'}${notice}`);
  }

  if (hasErrors(plan.diagnostics)) return 'blocked';
  return options.detailedExitcode && planHasChanges(plan) ? 'changes' : 'ok';
}
