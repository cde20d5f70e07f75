/**
 * The plan for people (Terraform idiom): the changes with their glyphs, the diagnostics, the
 * steps by phase with their expected waits, the estimate and the summary line.
 */
import { ACTION_GLYPHS, hasErrors, planHasChanges, type Change, type Plan, type PlanStep } from '@cfalias/core';
import { renderDiagnosticBlock } from './diagnostics.js';
import { distributionLabeler, formatDuration, plural, type Colors } from './format.js';
import { stepDetail, stepLabel, zoneNamesOf, type Labeler } from './steps.js';

export interface PlanRenderOptions {
  readonly colors: Colors;
  /** How the desired file is named in "No changes. Live aliases match <file>." */
  readonly desiredName: string;
  /**
   * Expected wait durations, when known (a live plan knows them from the inventory; a saved plan
   * does not carry them, so its wait steps are shown without a duration).
   */
  readonly timing?: { readonly deploySeconds: number; readonly dnsSyncSeconds: number };
}

export function renderPlan(plan: Plan, options: PlanRenderOptions): string {
  const { colors } = options;
  const label = distributionLabeler(plan.distributions);
  const changed = plan.changes.filter((c) => c.action !== 'noop');
  let text = `cfalias plan for account ${plan.account}, made ${plan.createdAt}\n`;

  if (changed.length > 0) {
    text += `\ncfalias will change ${plural(changed.length, 'alias', 'aliases')}:\n\n`;
    for (const change of changed) text += renderChange(change, label, colors);
  }

  if (plan.diagnostics.length > 0) {
    text += `\nDiagnostics (${plural(plan.summary.errors, 'error')}, ${plural(plan.summary.warnings, 'warning')}):\n\n`;
    for (const diagnostic of plan.diagnostics) text += renderDiagnosticBlock(diagnostic, colors);
  }

  if (plan.steps.length > 0) {
    text += `\nSteps (${plan.steps.length}):\n`;
    text += renderSteps(plan.steps, label, options);
    const { seconds, waitPhases } = plan.estimate;
    text += `\nEstimated duration: ${formatDuration(seconds)} (${plural(waitPhases, 'deployment wait')})\n`;
  }

  text += '\n';
  if (planHasChanges(plan)) {
    const { attach, move, detach } = plan.summary;
    text += `${colors.bold(`Plan: ${attach} to attach, ${move} to move, ${detach} to detach.`)}\n`;
  } else {
    text += `${colors.bold(`No changes. Live aliases match ${options.desiredName}.`)}\n`;
  }
  if (hasErrors(plan.diagnostics)) {
    text += `${colors.red(`Plan blocked by ${plural(plan.summary.errors, 'error')}: fix them and plan again; this plan cannot be applied.`)}\n`;
  }
  return text;
}

/**
 * `  ~ www.example.com  E1BLUE (blue) → E2GREEN (green)  move, no downtime`
 * `  + new.example.com  → E2GREEN (green)  attach`
 * `  - old.example.com  E1BLUE (blue) →  detach`
 */
export function renderChange(change: Change, label: Labeler, colors: Colors): string {
  const glyph = ACTION_GLYPHS[change.action];
  const painted = change.action === 'attach' ? colors.green(glyph) : change.action === 'detach' ? colors.red(glyph) : colors.yellow(glyph);
  const from = change.from === null ? '' : `${label(change.from)} `;
  const to = change.to === null ? '' : ` ${label(change.to)}`;
  return `  ${painted} ${change.alias}  ${from}→${to}  ${changeHow(change)}\n`;
}

function changeHow(change: Change): string {
  if (change.action !== 'move') return change.action;
  const strategy = change.strategy ?? 'move';
  const downtime = change.downtimeSeconds > 0 ? `~${formatDuration(change.downtimeSeconds)} downtime` : 'no downtime';
  return `${strategy}, ${downtime}`;
}

function renderSteps(steps: readonly PlanStep[], label: Labeler, options: PlanRenderOptions): string {
  const zoneNames = zoneNamesOf(steps);
  const phases = [...new Set(steps.map((s) => s.phase))].sort((a, b) => a - b);
  let text = '';
  for (const phase of phases) {
    text += `  Phase ${phase}\n`;
    for (const step of steps.filter((s) => s.phase === phase)) {
      const detail = stepDetail(step, label);
      const wait = expectedWait(step, options.timing);
      text += `    ${stepLabel(step, label, zoneNames)}${detail ? `: ${detail}` : ''}${wait ? `  ${options.colors.dim(wait)}` : ''}\n`;
    }
  }
  return text;
}

function expectedWait(step: PlanStep, timing: PlanRenderOptions['timing']): string {
  if (!timing) return '';
  if (step.kind === 'wait-deployed') return `~${formatDuration(timing.deploySeconds)}`;
  if (step.kind === 'wait-dns') return `~${formatDuration(timing.dnsSyncSeconds)}`;
  return '';
}
