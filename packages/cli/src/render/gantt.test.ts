/**
 * The expected timeline of `plan --markdown` is a Mermaid gantt chart that the real Mermaid parser
 * accepts, made on the demo fixture through the CLI. What Mermaid resolves (sections, dates,
 * durations) is checked against the saved plan document: one task per step in its phase, the
 * chart as long as the plan's estimate, and each detach-attach alias's downtime as a critical task
 * as long as the plan's downtime for it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Plan } from '@cfalias/core';
import { makeWorkspace, runCli, type Workspace } from '../testing/harness.js';
import { mermaidBlocks, parseGantt } from '../testing/mermaid.js';

const DEMO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'fixtures', 'demo');

describe('plan --markdown: the expected timeline as a Mermaid gantt chart', () => {
  let ws: Workspace;

  beforeEach(async () => {
    ws = await makeWorkspace({
      'cfalias.yaml': readFileSync(join(DEMO, 'cfalias.yaml'), 'utf8'),
      'world.json': readFileSync(join(DEMO, 'world.json'), 'utf8'),
    });
  });
  afterEach(async () => {
    await ws.remove();
  });

  it('the demo plan has one chart that Mermaid parses, with every step and every downtime window', async () => {
    const run = await runCli(ws, ['--sandbox', 'world.json', 'plan', '--markdown', '--out', 'plan.json']);
    expect(run.code).to.equal(0);
    const plan = JSON.parse(await ws.read('plan.json')) as Plan;
    const charts = mermaidBlocks(run.stdout);
    expect(charts).to.have.length(1);
    const tasks = await parseGantt(charts[0]!);

    const stepTasks = tasks.filter((t) => t.section.startsWith('Phase '));
    expect(stepTasks.map((t) => t.section).sort()).to.deep.equal(plan.steps.map((s) => `Phase ${s.phase}`).sort());
    const start = Math.min(...stepTasks.map((t) => t.startTime.getTime()));
    const end = Math.max(...stepTasks.map((t) => t.endTime.getTime()));
    expect((end - start) / 1000).to.equal(plan.estimate.seconds);
    for (const task of stepTasks) {
      expect(task.endTime.getTime()).to.be.at.least(task.startTime.getTime());
      expect(task.crit).to.equal(false);
    }
    // API calls take no time: milestones; waits are bars.
    expect(stepTasks.filter((t) => t.task.startsWith('wait-')).every((t) => !t.milestone)).to.equal(true);
    expect(stepTasks.filter((t) => !t.task.startsWith('wait-')).every((t) => t.milestone)).to.equal(true);

    const downtime = plan.changes.filter((c) => c.action === 'move' && c.downtimeSeconds > 0);
    expect(downtime.length).to.be.greaterThan(0);
    const windows = tasks.filter((t) => t.section === 'Downtime');
    expect(windows.map((t) => [t.task, t.crit, (t.endTime.getTime() - t.startTime.getTime()) / 1000])).to.have.deep.members(
      downtime.map((c) => [`${c.alias} on no distribution`, true, c.downtimeSeconds]),
    );
  });

  it('Mermaid refuses a broken chart (the check is not a formality)', async () => {
    const run = await runCli(ws, ['--sandbox', 'world.json', 'plan', '--markdown']);
    const chart = mermaidBlocks(run.stdout)[0]!;
    await parseGantt(`${chart}  a task with no data\n`)
      .then(() => expect.fail('Mermaid accepted a broken chart'))
      .catch((error: unknown) => expect(String(error)).to.match(/Parse error/));
  });
});
