/**
 * Signals and the lock across processes: the CLI spawned from source (as in sandbox-serve.test.ts)
 * on the fixture world, slowed down for real: green's UpdateDistribution (the phase-1 add of
 * new.example.com) meets two injected Timeouts, each holding the call for the sandbox client's
 * request timeout (1.5 real seconds), so a signal sent once that step has started lands mid-apply.
 */
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { BLUE, DESIRED, GREEN, worldDocument } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, type Workspace } from '../testing/harness.js';
import { killAll, spawnCli, type SpawnedCli } from '../testing/spawned-cli.js';

const GREEN_STARTED = `update-aliases ${GREEN} (green) started`;

function slowWorld(): string {
  return `${JSON.stringify({ ...worldDocument(), faults: [{ operation: 'UpdateDistribution', resource: GREEN, error: 'Timeout', times: 2 }] }, null, 2)}\n`;
}

async function aliasesOf(ws: Workspace, id: string): Promise<string[]> {
  const world = JSON.parse(await ws.read('world.json')) as { accounts: { distributions: { id: string; aliases: string[] }[] }[] };
  return [...world.accounts[0]!.distributions.find((d) => d.id === id)!.aliases].sort();
}

describe('apply across processes: signals and the lock (the CLI spawned from source)', function () {
  this.timeout(60_000);
  let ws: Workspace;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': slowWorld() });
  });
  afterEach(async () => {
    killAll(children);
    await ws.remove();
  });

  function cli(args: readonly string[]): SpawnedCli {
    return spawnCli(ws, ['--sandbox', 'world.json', ...args], children);
  }

  function journalIn(ws: Workspace): string {
    const files = readdirSync(ws.path('.cfalias'));
    expect(files).to.have.length(1);
    return `.cfalias/${files[0]}`;
  }

  it('SIGTERM once: the started move finishes, exit 1 with the resume command; resume converges', async () => {
    // Time enough for the started move to finish: green's update is held for about 3 s.
    const apply = cli(['apply', '--auto-approve', '--drain-timeout', '60']);
    await apply.printed(GREEN_STARTED);
    apply.child.kill('SIGTERM');
    const ended = await apply.ended;
    expect(ended.code).to.equal(1);
    expect(ended.stderr).to.include(
      'SIGTERM received: finishing the steps in flight and any move already started (for up to 1m 0s); no new step will start.',
    );
    expect(ended.stdout).to.include(
      'Apply interrupted: steps in flight and moves already started were finished; no other step was started.\n',
    );
    // Not started: green's phase-2 wait and the two verifies.
    expect(ended.stdout).to.match(/\n7 steps done, 0 failed, 3 not started, in /);
    const journal = journalIn(ws);
    expect(ended.stdout).to.include(`To finish it: cfalias --sandbox world.json resume --journal ${journal}\n`);
    // api finished its move: it is on green, on no distribution never.
    expect(await aliasesOf(ws, GREEN)).to.deep.equal(['api.example.com', 'new.example.com']);

    const resumed = await cli(['resume', '--journal', journal]).ended;
    expect(resumed.code).to.equal(0);
    // The remaining steps (green's wait, the verifies) write to no alias: the apply made every change.
    expect(resumed.stdout).to.include('Resume complete: 0 aliases changed by this run, 3 steps');
    expect(resumed.stdout).to.include('7 steps done before the resume were not repeated.\n');
    expect(await aliasesOf(ws, BLUE)).to.deep.equal(['www.example.com']);
  });

  it('SIGINT twice: stops at once (exit 1, the journal consistent); resume converges', async () => {
    const apply = cli(['apply', '--auto-approve']);
    await apply.printed(GREEN_STARTED);
    apply.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 100));
    apply.child.kill('SIGINT');
    const ended = await apply.ended;
    expect(ended.code).to.equal(1);
    expect(ended.stderr).to.include('SIGINT received again: stopping at once; the journal records where the apply stopped.\n');
    expect(ended.stdout).to.include('Apply stopped at once: steps in flight were cancelled.\n');
    const journal = journalIn(ws);
    expect(ended.stdout).to.include(`To finish it: cfalias --sandbox world.json resume --journal ${journal}\n`);

    const resumed = await cli(['resume']).ended;
    expect(resumed.code).to.equal(0);
    // How far the apply got before the second signal depends on timing; the resume counts only its own writes.
    expect(resumed.stdout).to.match(/\nResume complete: [0-3] alias(es)? changed by this run, \d+ steps? /);
    expect(await aliasesOf(ws, GREEN)).to.deep.equal(['api.example.com', 'new.example.com']);
    expect(await aliasesOf(ws, BLUE)).to.deep.equal(['www.example.com']);
  });

  it('two applies started together on one world: one proceeds, the other exits 5 naming the holder', async () => {
    const [first, second] = [cli(['apply', '--auto-approve']), cli(['apply', '--auto-approve'])];
    const ended = await Promise.all([first.ended, second.ended]);
    expect(ended.map((e) => e.code).sort()).to.deep.equal([0, 5]);
    const winner = ended.find((e) => e.code === 0)!;
    const loser = ended.find((e) => e.code === 5)!;
    expect(winner.stdout).to.include('Apply complete: 3 aliases changed');
    expect(loser.stdout).to.equal('');
    expect(loser.stderr).to.match(/^error: the lock is held by \S+@\S+ cfalias apply on \S+ \(pid \d+\) since .+; lease id \S+\n/);
    expect(loser.stderr).to.match(/\n {2}cfalias --sandbox world.json unlock \S+\n$/);
    expect(await aliasesOf(ws, GREEN)).to.deep.equal(['api.example.com', 'new.example.com']);
    expect(await aliasesOf(ws, BLUE)).to.deep.equal(['www.example.com']);
  });
});
