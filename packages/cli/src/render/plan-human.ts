/**
 * The plan for people (Terraform idiom): the changes with their glyphs, the diagnostics, the
 * steps by phase with their expected waits, the estimate and the summary line.
 */
import { ACTION_GLYPHS, hasErrors, planHasChanges, type Change, type Plan, type PlanStep, type RollbackRecipe } from '@cfalias/core';
import { renderDiagnosticBlock } from './diagnostics.js';
import { describeWindowFit, describeWindowTiming, distributionLabeler, formatDuration, plural, type Colors } from './format.js';
import { describeCounts, groupChangesByDistribution } from './plan-groups.js';
import { describeRecipe } from './rollbacks.js';
import { expectedWaitSeconds, MOVE_API_NAMES, stepDetail, stepLabel, zoneNamesOf, type Labeler } from './steps.js';

export interface PlanRenderOptions {
  readonly colors: Colors;
  /** How the desired file is named in "No changes. Live aliases match <file>." */
  readonly desiredName: string;
  /**
   * Expected wait durations, when known (a live plan knows them from the inventory; a saved plan
   * does not carry them, so its wait steps are shown without a duration).
   */
  readonly timing?: { readonly deploySeconds: number; readonly dnsSyncSeconds: number };
  /** Milliseconds: the time to set the window against (default: when the plan was made). */
  readonly now?: number;
}

export function renderPlan(plan: Plan, options: PlanRenderOptions): string {
  const { colors } = options;
  const label = distributionLabeler(plan.distributions);
  const changed = plan.changes.filter((c) => c.action !== 'noop');
  let text = `cfalias plan for account ${plan.account}, made ${plan.createdAt}\n`;

  if (changed.length > 0) {
    const groups = groupChangesByDistribution(plan);
    text += `\ncfalias will change ${plural(changed.length, 'alias', 'aliases')} on ${plural(groups.length, 'distribution')}:\n`;
    for (const group of groups) {
      const { distribution } = group;
      const domain = distribution.domainName ? `  ${colors.dim(distribution.domainName)}` : '';
      text += `\n  ${colors.bold(label(distribution.id))}${domain}  ${describeCounts(group.counts)}\n`;
      for (const change of group.changes) text += renderChange(change, label, colors);
    }
  }

  if (plan.diagnostics.length > 0) {
    text += `\nDiagnostics (${plural(plan.summary.errors, 'error')}, ${plural(plan.summary.warnings, 'warning')}):\n\n`;
    for (const diagnostic of plan.diagnostics) text += renderDiagnosticBlock(diagnostic, colors);
  }

  if (plan.steps.length > 0) {
    text += `\nSteps (${plan.steps.length}):\n`;
    text += renderSteps(plan.steps, plan.rollbacks ?? [], label, options);
    const { seconds, waitPhases } = plan.estimate;
    text += `\nEstimated duration: ${formatDuration(seconds)} (${plural(waitPhases, 'deployment wait')})`;
    if (plan.window) {
      const fit = describeWindowFit(seconds, plan.window);
      text += `; ${fit.fits ? colors.green(fit.text) : colors.red(fit.text)}`;
      const timing = describeWindowTiming(options.now ?? Date.parse(plan.createdAt), plan.window);
      text += `\n${timing.open ? timing.text : colors.yellow(timing.text)}`;
    }
    text += '\n';
  }

  text += '\n';
  if (planHasChanges(plan)) {
    const { attach, move, detach } = plan.summary;
    text += `${colors.bold(`Plan: ${attach} to attach, ${move} to move, ${detach} to detach.`)}\n`;
  } else {
    text += `${colors.bold(`No changes. Live aliases match ${options.desiredName}.`)}\n`;
  }
  if (hasErrors(plan.diagnostics)) {
    text += `${colors.red(`Plan blocked by ${plural(plan.summary.errors, 'error')}: fix ${plan.summary.errors === 1 ? 'it' : 'them'} and plan again; this plan cannot be applied.`)}\n`;
  }
  return text;
}

/**
 * One change under its distribution's heading (plan-groups.ts says which):
 * `    ~ www.example.com  from E1BLUE (blue)  move, no downtime`
 * `    + new.example.com  attach`
 * `    - old.example.com  detach`
 * A move is followed by why its strategy was chosen (`      why: auto: detach-attach (…)`): the
 * reviewer must see why an alias will be down, not only for how long.
 */
export function renderChange(change: Change, label: Labeler, colors: Colors): string {
  const glyph = ACTION_GLYPHS[change.action];
  const painted = change.action === 'attach' ? colors.green(glyph) : change.action === 'detach' ? colors.red(glyph) : colors.yellow(glyph);
  const from = change.action === 'move' && change.from !== null ? `  from ${label(change.from)}` : '';
  const why = change.action === 'move' && change.reason !== undefined ? `      ${colors.dim('why:')} ${change.reason}\n` : '';
  // Disabling a source takes every alias it serves offline: the reviewer must not miss it.
  const how = change.strategy === 'disable-and-move' ? colors.red(describeHow(change)) : describeHow(change);
  return `    ${painted} ${change.alias}${from}  ${how}\n${why}`;
}

/**
 * `attach`, `detach`, `move (UpdateDomainAssociation), no downtime`, `detach-attach, ~6m 0s downtime`,
 * `wildcard-route, no downtime`, `no route (blocked)`.
 */
export function describeHow(change: Change): string {
  if (change.action !== 'move') return change.action;
  // A cross-account move no route can make (the plan is blocked; its diagnostic says why).
  if (change.strategy === null) return 'no route (blocked)';
  const strategy = `${change.strategy ?? 'move'}${change.moveApi ? ` (${MOVE_API_NAMES[change.moveApi]})` : ''}`;
  const downtime = change.downtimeSeconds > 0 ? `~${formatDuration(change.downtimeSeconds)} downtime` : 'no downtime';
  return `${strategy}, ${downtime}`;
}

/**
 * The steps by phase; under each step that has a rollback recipe (a phase-2 add of detach-attach
 * aliases), what happens if it fails: the recipe's steps, indented.
 */
function renderSteps(steps: readonly PlanStep[], recipes: readonly RollbackRecipe[], label: Labeler, options: PlanRenderOptions): string {
  const { colors } = options;
  const zoneNames = zoneNamesOf([...steps, ...recipes.flatMap((r) => r.steps)]);
  const recipeOf = new Map(recipes.map((r) => [r.trigger, r] as const));
  const phases = [...new Set(steps.map((s) => s.phase))].sort((a, b) => a - b);
  const line = (step: PlanStep, indent: string): string => {
    const detail = stepDetail(step, label);
    const wait = expectedWait(step, options.timing);
    const text = `${stepLabel(step, label, zoneNames)}${detail ? `: ${detail}` : ''}`;
    // A disable, with what it takes offline, in red.
    const shown = step.kind === 'set-enabled' && !step.enabled ? colors.red(text) : text;
    return `${indent}${shown}${wait ? `  ${colors.dim(wait)}` : ''}\n`;
  };
  let text = '';
  for (const phase of phases) {
    text += `  Phase ${phase}\n`;
    for (const step of steps.filter((s) => s.phase === phase)) {
      text += line(step, '    ');
      const recipe = recipeOf.get(step.id);
      if (!recipe) continue;
      const cost = ` (~${formatDuration(recipe.estimate.seconds)})`;
      text += `      ${colors.yellow('if this fails:')} roll back${cost}: ${describeRecipe(recipe, label)}\n`;
      for (const rollbackStep of recipe.steps) text += colors.dim(line(rollbackStep, '        '));
    }
  }
  return text;
}

function expectedWait(step: PlanStep, timing: PlanRenderOptions['timing']): string {
  const seconds = expectedWaitSeconds(step, timing);
  return seconds === undefined ? '' : `~${formatDuration(seconds)}`;
}
