/**
 * `cfalias show-run` output: the run timeline as a table for people, as Markdown with a gantt
 * chart of the actual times (for an incident ticket or a PR comment), or as JSON.
 */
import { describeError } from './call-context.js';
import { formatDuration, formatDurationMs, plural, type Colors } from './format.js';
import { renderGantt, type GanttTask } from './gantt.js';
import { escapeInline } from './markdown.js';
import { CONFLICT_ERROR_NAMES, type RunTimeline, type StepRun } from './run-timeline.js';

const ms = (iso: string): number => Date.parse(iso);

function actualSeconds(step: StepRun): number | undefined {
  return step.startedAt !== undefined && step.endedAt !== undefined ? (ms(step.endedAt) - ms(step.startedAt)) / 1000 : undefined;
}

function headline(run: RunTimeline): string {
  const status = run.status ?? 'did not end (the process stopped mid-run)';
  const resumes = run.resumes > 0 ? `, ${plural(run.resumes, 'resume')}` : '';
  return `Run ${run.runId}: started ${run.startedAt}, last entry ${run.lastEntryAt} (+${formatDurationMs(ms(run.lastEntryAt) - ms(run.startedAt))}); ${status}${resumes}`;
}

/** One row per step: planned vs actual start (from the start of the run) and duration, attempts, status. */
function rows(run: RunTimeline): string[][] {
  const since = (iso: string | undefined): string => (iso === undefined ? '–' : `+${formatDurationMs(ms(iso) - ms(run.startedAt))}`);
  return run.steps.map((step) => {
    const took = actualSeconds(step);
    return [
      `${step.rollbackOf !== undefined ? 'rollback ' : ''}${step.label}`,
      String(step.phase),
      step.plannedStartSeconds === undefined ? '–' : `+${formatDuration(step.plannedStartSeconds)}`,
      step.plannedSeconds === undefined ? '–' : formatDuration(step.plannedSeconds),
      since(step.startedAt),
      took === undefined ? '–' : formatDurationMs(took * 1000),
      String(step.attempts),
      step.status,
      ...(withAccounts(run) ? [step.account ?? '–'] : []),
    ];
  });
}

const HEADERS = ['STEP', 'PHASE', 'PLANNED START', 'PLANNED', 'ACTUAL START', 'ACTUAL', 'ATTEMPTS', 'STATUS'];

/** A run across accounts (its journal names the account of its steps) shows an ACCOUNT column. */
function withAccounts(run: RunTimeline): boolean {
  return run.steps.some((step) => step.account !== undefined);
}

/** Retries and failures, each with its error, the call's HTTP status and request id; conflicts marked. */
function failureLines(run: RunTimeline): string[] {
  return run.steps.flatMap((step) =>
    step.failures.map((f) => {
      const kind = CONFLICT_ERROR_NAMES.has(f.error.name) ? 'conflict' : f.delayMs !== undefined ? 'retry' : 'failure';
      const then = f.delayMs !== undefined ? `; retried after ${formatDurationMs(f.delayMs)}` : '';
      const where = step.account !== undefined ? ` in account ${step.account}` : '';
      return `${kind}: ${step.id}${where} attempt ${f.attempt} at ${f.at}: ${describeError(f.error)}${then}`;
    }),
  );
}

function aliasLines(run: RunTimeline): string[] {
  return run.aliases.map((a) => `${a.alias}: ${a.action} ${a.from ?? '(none)'} → ${a.to ?? '(none)'}: ${a.outcome}`);
}

export function renderRunHuman(run: RunTimeline, colors: Colors): string {
  const headers = withAccounts(run) ? [...HEADERS, 'ACCOUNT'] : HEADERS;
  const table = [headers, ...rows(run)];
  const widths = headers.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const out = [colors.bold(headline(run)), ''];
  for (const row of table)
    out.push(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  const failures = failureLines(run);
  if (failures.length > 0) out.push('', 'Retries, conflicts and failures:', ...failures.map((line) => `  ${line}`));
  if (run.interrupts.length > 0) out.push('', ...run.interrupts.map((i) => `Interrupted (${i.mode}) at ${i.at}`));
  out.push('', 'Aliases:', ...aliasLines(run).map((line) => `  ${line}`));
  return `${out.join('\n')}\n`;
}

export function renderRunMarkdown(run: RunTimeline): string {
  const out = [`### cfalias run \`${run.runId}\``, '', escapeInline(headline(run)), ''];
  const headers = withAccounts(run) ? [...HEADERS, 'ACCOUNT'] : HEADERS;
  out.push(`| ${headers.map((h) => h.toLowerCase()).join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`);
  for (const row of rows(run)) out.push(`| ${row.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`);
  out.push('');
  const tasks: GanttTask[] = run.steps.flatMap((step) =>
    step.startedAt === undefined
      ? []
      : [
          {
            section: step.rollbackOf !== undefined ? 'Rollback' : `Phase ${step.phase}`,
            name: step.label,
            start: ms(step.startedAt),
            end: ms(step.endedAt ?? run.lastEntryAt),
            crit: step.status === 'failed' || step.status === 'in-flight',
          },
        ],
  );
  if (tasks.length > 0) {
    out.push('**Actual timeline** (UTC, from the journal):', '');
    out.push(...renderGantt(`cfalias run ${run.runId}`, tasks), '');
  }
  const failures = failureLines(run);
  if (failures.length > 0) out.push('**Retries, conflicts and failures**', '', ...failures.map((line) => `- ${escapeInline(line)}`), '');
  out.push('**Aliases**', '', ...aliasLines(run).map((line) => `- ${escapeInline(line)}`), '');
  return `${out.join('\n').trimEnd()}\n`;
}

/** The timeline as one JSON document (planned times in seconds from the start, actual ones as ISO times). */
export function renderRunJson(run: RunTimeline): string {
  const steps = run.steps.map((step) => {
    const took = actualSeconds(step);
    return { ...step, ...(took !== undefined ? { actualSeconds: took } : {}) };
  });
  return `${JSON.stringify({ v: 1, ...run, steps }, null, 2)}\n`;
}
