/**
 * A signal during a long wait stops the apply within its drain timeout: the CLI spawned from
 * source on the fixture world, where injected Timeouts (each holding a call for the sandbox
 * client's 1.5 s request timeout) make one wait or one retried write last minutes of real time.
 * What proves the stop: the step in flight is journaled failed with AbortedError (not completed),
 * most of its injected faults are still unused in the saved world, the journal parses without a
 * problem and ends with `apply-end`, and the lock file is gone.
 */
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parseJournal, type JournalEntry } from '@cfalias/core';
import { BLUE, DESIRED, GREEN, worldDocument } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, type Workspace } from '../testing/harness.js';
import { killAll, spawnCli } from '../testing/spawned-cli.js';

/** Faults the apply meets: so many Timeouts that waiting them out would take over a minute. */
const LONG = 60;

interface Fault {
  readonly operation: string;
  readonly resource?: string;
  readonly error: 'Timeout';
  readonly times: number;
  readonly after?: number;
}

function worldWith(fault: Fault): string {
  return `${JSON.stringify({ ...worldDocument(), faults: [fault] }, null, 2)}\n`;
}

interface SavedWorld {
  readonly faults?: { readonly times: number }[];
  readonly accounts: { distributions: { id: string; aliases: string[] }[] }[];
}

describe('a signal during a long wait: the apply stops within its drain timeout (the CLI spawned from source)', function () {
  this.timeout(60_000);
  let ws: Workspace;
  const children: ChildProcess[] = [];

  afterEach(async () => {
    killAll(children);
    await ws.remove();
  });

  async function world(): Promise<SavedWorld> {
    return JSON.parse(await ws.read('world.json')) as SavedWorld;
  }

  /** The run's journal, parsed: every line whole, no problem of any severity. */
  function journal(): { path: string; entries: JournalEntry[] } {
    const files = readdirSync(ws.path('.cfalias'));
    expect(files).to.have.length(1);
    const path = `.cfalias/${files[0]}`;
    const parsed = parseJournal(readFileSync(ws.path(path), 'utf8'), path);
    expect(parsed.problems).to.deep.equal([]);
    return { path, entries: parsed.entries };
  }

  /** Applies, sends `signal` once `startedLine` is printed, and checks what every stop shares. */
  async function interruptedApply(startedLine: string, signal: NodeJS.Signals, drainTimeout?: number) {
    const timeout = drainTimeout === undefined ? [] : ['--drain-timeout', String(drainTimeout)];
    const apply = spawnCli(ws, ['--sandbox', 'world.json', 'apply', '--auto-approve', ...timeout], children);
    await apply.printed(startedLine);
    apply.child.kill(signal);
    const ended = await apply.ended;
    expect(ended.code, ended.stderr).to.equal(1);
    const seconds = `${drainTimeout ?? 5}s`;
    expect(ended.stderr).to.include(
      `${signal} received: finishing the steps in flight and any move already started (for up to ${seconds}); no new step will start.`,
    );
    expect(ended.stderr).to.include(
      `steps still in flight ${seconds} after ${signal}: stopping at once; the journal records where the apply stopped.\n`,
    );
    expect(ended.stdout).to.include('Apply stopped at once: steps in flight were cancelled.\n');
    const { path, entries } = journal();
    expect(ended.stdout).to.include(`To finish it: cfalias --sandbox world.json resume --journal ${path}\n`);
    expect(entries.filter((e) => e.type === 'interrupt').map((e) => e.mode)).to.deep.equal(['drain', 'abort']);
    expect(entries.at(-1)).to.include({ type: 'apply-end', status: 'aborted' });
    // Released: no lease, no takeover mutex, nothing else beside the inputs.
    expect(existsSync(ws.path('.cfalias.lock'))).to.equal(false);
    expect(readdirSync(ws.dir).sort()).to.deep.equal(['.cfalias', 'cfalias.yaml', 'world.json']);
    return { path, entries };
  }

  /** The step's one outcome: failed, cancelled by the abort. */
  function expectCancelled(entries: JournalEntry[], stepId: string): void {
    const outcomes = entries.filter((e) => e.type === 'outcome' && e.stepId === stepId);
    expect(outcomes).to.have.length(1);
    expect(outcomes[0]).to.deep.include({ status: 'failed' });
    expect(outcomes[0]).to.have.nested.property('error.name', 'AbortedError');
  }

  /** With the faults gone, `resume` finishes the run and the world is as desired. */
  async function resumeConverges(path: string): Promise<void> {
    const saved = await world();
    await ws.write('world.json', `${JSON.stringify({ ...saved, faults: [] }, null, 2)}\n`);
    const resumed = await spawnCli(ws, ['--sandbox', 'world.json', 'resume', '--journal', path], children).ended;
    expect(resumed.code, resumed.stderr).to.equal(0);
    const distributions = (await world()).accounts[0]!.distributions;
    expect(distributions.find((d) => d.id === GREEN)!.aliases.sort()).to.deep.equal(['api.example.com', 'new.example.com']);
    expect(distributions.find((d) => d.id === BLUE)!.aliases).to.deep.equal(['www.example.com']);
  }

  it('SIGTERM during the DNS INSYNC wait: the wait is cut after --drain-timeout and journaled failed', async () => {
    ws = await makeWorkspace({
      'cfalias.yaml': DESIRED,
      'world.json': worldWith({ operation: 'GetChange', error: 'Timeout', times: LONG }),
    });
    const { entries } = await interruptedApply('wait-dns example.com. started', 'SIGTERM', 1);
    expectCancelled(entries, 'wait-dns:Z1EXAMPLE:mid');
    // Each poll of the wait used one fault: waited out, none would be left.
    expect((await world()).faults![0]!.times).to.be.greaterThan(LONG / 2);
  });

  it('SIGINT during a deployment wait: cut after the default drain timeout (5 s); resume converges', async () => {
    // The first GetDistribution of blue is its update's read; the ones after it are the wait's polls.
    const fault: Fault = { operation: 'GetDistribution', resource: BLUE, error: 'Timeout', times: LONG, after: 1 };
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': worldWith(fault) });
    const { path, entries } = await interruptedApply(`wait-deployed ${BLUE} (blue) started`, 'SIGINT');
    expectCancelled(entries, `wait-deployed:${BLUE}:p1`);
    expect((await world()).faults![0]!.times).to.be.greaterThan(LONG / 2);
    await resumeConverges(path);
  });

  it('SIGTERM while a write is retried after timeouts: the retries stop, the write is journaled failed; resume converges', async () => {
    ws = await makeWorkspace({
      'cfalias.yaml': DESIRED,
      'world.json': worldWith({ operation: 'UpdateDistribution', resource: GREEN, error: 'Timeout', times: LONG }),
    });
    // Longer than one attempt (1.5 s), so at least one retry is journaled before the stop.
    const { path, entries } = await interruptedApply(`update-aliases ${GREEN} (green) started`, 'SIGTERM', 3);
    expectCancelled(entries, `update-aliases:${GREEN}:p1`);
    expect(entries.some((e) => e.type === 'retry' && e.stepId === `update-aliases:${GREEN}:p1`)).to.equal(true);
    // Every attempt timed out before the change was made.
    expect((await world()).accounts[0]!.distributions.find((d) => d.id === GREEN)!.aliases).to.deep.equal([]);
    await resumeConverges(path);
  });
});
