/**
 * The plan as a pull-request review comment (GitHub-flavoured Markdown): a headline, a summary
 * table, one collapsible `<details>` per distribution, the diagnostics with their fixes, the
 * steps by phase (collapsed) and the expected timeline as a Mermaid gantt chart. No colour, no terminal width: it is read in a browser.
 *
 * GitHub renders Markdown inside `<details>` only when a blank line follows `</summary>`, and a
 * table cell ends at an unescaped `|`: both are honoured here.
 */
import { ACTION_GLYPHS, hasErrors, planHasChanges, type Diagnostic, type Plan, type PlanStep } from '@cfalias/core';
import { describeWindowFit, distributionLabeler, formatDuration, plural } from './format.js';
import { describeCounts, groupChangesByDistribution } from './plan-groups.js';
import { planGanttTasks, renderGantt } from './gantt.js';
import { describeRecipe } from './rollbacks.js';
import { expectedWaitSeconds, MOVE_API_NAMES, stepDetail, stepLabel, zoneNamesOf, type Labeler, type StepTiming } from './steps.js';

export interface MarkdownPlanOptions {
  /** How the desired file is named in "No changes. Live aliases match <file>." */
  readonly desiredName: string;
  /** Expected waits per step, when known (a live plan). */
  readonly timing?: StepTiming;
  /**
   * The command that applies the saved plan (`cfalias --sandbox w.json apply plan.json`), when there
   * is one: the comment tells reviewers how it will be applied.
   */
  readonly applyCommand?: string;
}

/** One list item per step: its label, what it does and, when known, its expected wait. */
function stepItems(
  steps: readonly PlanStep[],
  label: Labeler,
  zoneNames: ReadonlyMap<string, string>,
  timing: StepTiming | undefined,
): string[] {
  return steps.map((step) => {
    const detail = stepDetail(step, label);
    const wait = expectedWaitSeconds(step, timing);
    return `- \`${stepLabel(step, label, zoneNames)}\`${detail ? `: ${escapeInline(detail)}` : ''}${wait === undefined ? '' : ` (~${formatDuration(wait)})`}`;
  });
}

export function renderPlanMarkdown(plan: Plan, options: MarkdownPlanOptions): string {
  const label = distributionLabeler(plan.distributions);
  const blocked = hasErrors(plan.diagnostics);
  const changed = plan.changes.filter((c) => c.action !== 'noop').length;
  const out: string[] = [];

  const headline = blocked
    ? `### ⛔ cfalias plan: blocked by ${plural(plan.summary.errors, 'error')}`
    : changed > 0
      ? `### cfalias plan: ${plural(changed, 'alias', 'aliases')} to change`
      : '### cfalias plan: no changes';
  out.push(headline, '');
  out.push(`Account \`${plan.account}\` · made ${plan.createdAt} · plan digest \`${plan.digest}\``, '');

  const { attach, move, detach, noop, errors, warnings } = plan.summary;
  out.push('| + attach | ~ move | - detach | unchanged | errors | warnings | estimate |');
  out.push('|---:|---:|---:|---:|---:|---:|---|');
  out.push(`| ${attach} | ${move} | ${detach} | ${noop} | ${errors} | ${warnings} | ${describeEstimate(plan)} |`, '');

  if (!planHasChanges(plan) && !blocked) out.push(`No changes. Live aliases match \`${escapeInline(options.desiredName)}\`.`, '');

  for (const group of groupChangesByDistribution(plan)) {
    const { distribution } = group;
    const domain = distribution.domainName ? ` · ${distribution.domainName}` : '';
    out.push('<details>');
    out.push(`<summary><b>${escapeHtml(label(distribution.id))}</b>${escapeHtml(domain)} · ${describeCounts(group.counts)}</summary>`, '');
    out.push('| | alias | from | strategy | downtime | why |');
    out.push('|---|---|---|---|---|---|');
    for (const change of group.changes) {
      const from = change.action === 'move' && change.from !== null ? escapeCell(label(change.from)) : '';
      const strategy =
        change.action === 'move'
          ? `${change.strategy ?? 'no route (blocked)'}${change.moveApi ? ` (${MOVE_API_NAMES[change.moveApi]})` : ''}`
          : change.action;
      const downtime = change.action !== 'move' ? '' : change.downtimeSeconds > 0 ? `~${formatDuration(change.downtimeSeconds)}` : 'none';
      const why = change.action === 'move' && change.reason !== undefined ? escapeCell(change.reason) : '';
      out.push(`| \`${ACTION_GLYPHS[change.action]}\` | \`${change.alias}\` | ${from} | ${strategy} | ${downtime} | ${why} |`);
    }
    out.push('', '</details>', '');
  }

  if (plan.diagnostics.length > 0) {
    out.push(`#### Diagnostics (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`, '');
    for (const diagnostic of plan.diagnostics) out.push(...renderDiagnostic(diagnostic));
    out.push('');
  }

  if (plan.steps.length > 0) {
    const zoneNames = zoneNamesOf(plan.steps);
    const phases = [...new Set(plan.steps.map((s) => s.phase))].sort((a, b) => a - b);
    out.push('<details>');
    out.push(`<summary>${plural(plan.steps.length, 'step')} in ${plural(phases.length, 'phase')}</summary>`, '');
    for (const phase of phases) {
      out.push(`**Phase ${phase}**`, '');
      out.push(
        ...stepItems(
          plan.steps.filter((s) => s.phase === phase),
          label,
          zoneNames,
          options.timing,
        ),
      );
      out.push('');
    }
    out.push('</details>', '');
    out.push('**Expected timeline** (elapsed time from the start of apply, by the estimate):', '');
    out.push(...renderGantt(`cfalias plan · ${formatDuration(plan.estimate.seconds)}`, planGanttTasks(plan, label, options.timing)), '');
  }

  out.push(...rollbackSection(plan, label, options.timing));

  if (blocked) out.push('**This plan cannot be applied:** fix the errors above and plan again.', '');
  else if (planHasChanges(plan) && options.applyCommand !== undefined) {
    out.push(`Apply exactly this plan with \`${escapeInline(options.applyCommand)}\`.`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** The rollback recipes, one per phase-2 add, collapsed: when each runs, what it returns and its steps. */
function rollbackSection(plan: Plan, label: Labeler, timing: StepTiming | undefined): string[] {
  const recipes = plan.rollbacks ?? [];
  if (recipes.length === 0) return [];
  const out: string[] = [];
  const zoneNames = zoneNamesOf([...plan.steps, ...recipes.flatMap((r) => r.steps)]);
  out.push('<details>');
  out.push(`<summary>Rollback if a phase-2 add fails (${plural(recipes.length, 'recipe')})</summary>`, '');
  for (const recipe of recipes) {
    const trigger = plan.steps.find((s) => s.id === recipe.trigger);
    const when = trigger ? stepLabel(trigger, label, zoneNames) : recipe.trigger;
    const cost = ` (~${formatDuration(recipe.estimate.seconds)})`;
    out.push(`If \`${when}\` fails: ${escapeInline(describeRecipe(recipe, label))}${cost}`, '');
    out.push(...stepItems(recipe.steps, label, zoneNames, timing));
    out.push('');
  }
  out.push('</details>', '');
  return out;
}

/** `11m 0s (2 deployment waits); fits in the window 02:00–04:00Z with 1h 49m to spare` */
function describeEstimate(plan: Plan): string {
  if (plan.steps.length === 0) return '–';
  const { seconds, waitPhases } = plan.estimate;
  let text = `${formatDuration(seconds)} (${plural(waitPhases, 'deployment wait')})`;
  if (plan.window) {
    const fit = describeWindowFit(seconds, plan.window);
    text += fit.fits ? `; ${fit.text}` : `; ⚠️ **${fit.text}**`;
  }
  return escapeCell(text);
}

/** One list item: severity, code, subject, message; the fix and the location on their own lines. */
function renderDiagnostic(diagnostic: Diagnostic): string[] {
  const icon = diagnostic.severity === 'error' ? '⛔ **error**' : '⚠️ **warning**';
  const subject = [diagnostic.alias, diagnostic.distribution]
    .filter((s) => s !== undefined)
    .map((s) => `\`${s}\``)
    .join(' on ');
  const lines = [`- ${icon} \`${diagnostic.code}\`${subject ? ` ${subject}` : ''}: ${escapeInline(diagnostic.message)}`];
  if (diagnostic.remediation) lines.push(`  **Fix:** ${escapeInline(diagnostic.remediation)}`);
  if (diagnostic.location) {
    const { file, line, col } = diagnostic.location;
    lines.push(`  at \`${file}:${line}:${col}\``);
  }
  // Two trailing spaces would be invisible; a Markdown list item continues with `<br>` instead.
  return [lines.join('<br>\n')];
}

/** Text in running Markdown: `*`, `_`, `<` and backticks would otherwise start markup. */
export function escapeInline(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** Text inside a table cell: a bare `|` would end the cell. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
