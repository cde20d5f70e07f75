/**
 * Mermaid `gantt` charts, which GitHub and GitLab render from a ```mermaid fence: the plan's
 * expected timeline (steps by phase from the estimate, plus each detach-attach alias's downtime
 * window) and a run's actual one (`show-run`). Times are wall-clock strings at second precision;
 * a step of no length is a milestone.
 */
import { DEFAULT_DEPLOY_SECONDS, DEFAULT_DNS_SYNC_SECONDS, estimateSteps, type Plan, type PlanStep } from '@cfalias/core';
import type { Labeler, StepTiming } from './steps.js';
import { stepLabel, zoneNamesOf } from './steps.js';

export interface GanttTask {
  readonly section: string;
  readonly name: string;
  /** Milliseconds since the epoch (a plan's chart starts at 0: elapsed time). */
  readonly start: number;
  readonly end: number;
  /** Drawn as critical (red): downtime, failures. */
  readonly crit?: boolean;
}

/** The ```mermaid fenced block of a gantt chart of `tasks`, sections in order of first appearance. */
export function renderGantt(title: string, tasks: readonly GanttTask[], axisFormat = '%H:%M:%S'): string[] {
  const lines = ['```mermaid', 'gantt', `  title ${ganttText(title)}`, '  dateFormat YYYY-MM-DD HH:mm:ss', `  axisFormat ${axisFormat}`];
  const sections = [...new Set(tasks.map((t) => t.section))];
  let id = 0;
  for (const section of sections) {
    lines.push(`  section ${ganttText(section)}`);
    for (const task of tasks.filter((t) => t.section === section)) {
      id += 1;
      const start = Math.floor(task.start / 1000) * 1000;
      const end = Math.ceil(task.end / 1000) * 1000;
      const tags = [...(task.crit ? ['crit'] : []), ...(end <= start ? ['milestone'] : []), `t${id}`];
      lines.push(`  ${ganttText(task.name)} :${tags.join(', ')}, ${ganttTime(start)}, ${end <= start ? '0s' : ganttTime(end)}`);
    }
  }
  lines.push('```');
  return lines;
}

/** The plan's expected timeline: each step at its earliest start by the estimate, by phase; then downtime. */
export function planGanttTasks(plan: Plan, label: Labeler, timing: StepTiming | undefined): GanttTask[] {
  const waits = timing ?? { deploySeconds: DEFAULT_DEPLOY_SECONDS, dnsSyncSeconds: DEFAULT_DNS_SYNC_SECONDS };
  const { finishes } = estimateSteps(plan.steps, waits);
  const zoneNames = zoneNamesOf(plan.steps);
  const tasks: GanttTask[] = plan.steps.map((step) => {
    const end = finishes.get(step.id)! * 1000;
    return { section: `Phase ${step.phase}`, name: stepLabel(step, label, zoneNames), start: end - seconds(step, waits) * 1000, end };
  });
  for (const change of plan.changes) {
    if (change.action !== 'move' || change.downtimeSeconds <= 0) continue;
    const back = attachedAt(plan.steps, change.alias, finishes);
    if (back === undefined) continue;
    tasks.push({
      section: 'Downtime',
      name: `${change.alias} on no distribution`,
      start: (back - change.downtimeSeconds) * 1000,
      end: back * 1000,
      crit: true,
    });
  }
  return tasks;
}

function seconds(step: PlanStep, timing: StepTiming): number {
  return step.kind === 'wait-deployed' ? timing.deploySeconds : step.kind === 'wait-dns' ? timing.dnsSyncSeconds : 0;
}

/**
 * When the alias serves again: the end of the deployment that follows the step adding it back
 * (the wait on that distribution depending on the add), else the add itself.
 */
function attachedAt(steps: readonly PlanStep[], alias: string, finishes: ReadonlyMap<string, number>): number | undefined {
  const add = steps.find((s) => s.kind === 'update-aliases' && s.add.includes(alias));
  if (add?.kind !== 'update-aliases') return undefined;
  const wait = steps.find((s) => s.kind === 'wait-deployed' && s.distribution === add.distribution && s.dependsOn.includes(add.id));
  return finishes.get((wait ?? add).id);
}

/** `1970-01-01 00:05:00`: UTC wall-clock, the chart's dateFormat. */
function ganttTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Gantt text ends at `:` (task data), `;` and `#` (comments): those become spaces. */
function ganttText(text: string): string {
  return text.replace(/[:;#]/g, ' ').replace(/\s+/g, ' ').trim();
}
