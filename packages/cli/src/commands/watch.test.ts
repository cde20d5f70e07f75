/**
 * The ownership watch on the sandbox, on simulated time: another writer re-attaches an alias to
 * the distribution it left while the watch runs, in-process and over the emulator through the SDK.
 */
import { expect } from 'chai';
import { parseDesiredState, SimulatedClock, type DesiredState } from '@cfalias/core';
import { SandboxWorld } from '@cfalias/providers';
import { BLUE, DESIRED, GREEN, worldDocument, worldJson } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, runCli, type Workspace } from '../testing/harness.js';
import { openSandboxWorldSession } from '../providers.js';
import { watchOwnership, type WatchCheck } from './watch-loop.js';

const MINUTE = 60_000;

/** The fixture world after DESIRED was applied: api and new on green, www left on blue, old on none. */
function convergedWorld(): SandboxWorld {
  const doc = worldDocument() as { accounts: { distributions: { id: string; aliases: string[] }[] }[] };
  for (const d of doc.accounts[0]!.distributions) {
    d.aliases = d.id === BLUE ? ['www.example.com'] : ['api.example.com', 'new.example.com'];
  }
  return SandboxWorld.fromDocument(doc as never);
}

function desired(): DesiredState {
  const { state } = parseDesiredState(DESIRED, 'cfalias.yaml');
  if (state === undefined) throw new Error('the fixture desired file does not parse');
  return state;
}

/** Another writer moves `alias` from green back to blue with two read-modify-writes, as a script would. */
function reattachToBlue(world: SandboxWorld, alias: string): void {
  for (const [id, edit] of [
    [GREEN, (items: string[]) => items.filter((a) => a !== alias)],
    [BLUE, (items: string[]) => [...items, alias]],
  ] as const) {
    const { DistributionConfig: config, ETag } = world.getDistributionConfig(world.caller, id);
    const items = edit([...(config.Aliases.Items ?? [])]);
    world.updateDistribution(world.caller, id, { ...config, Aliases: { Quantity: items.length, Items: items } }, ETag);
  }
}

for (const inProcess of [true, false]) {
  describe(`watchOwnership on the sandbox (${inProcess ? 'in-process' : 'SDK over the emulator'})`, function () {
    this.timeout(30_000);

    it('reports a re-attached alias within one interval, naming the distribution that holds it now', async () => {
      const world = convergedWorld();
      const clock = world.clock as SimulatedClock;
      await using session = await openSandboxWorldSession('unused-world.json', world, { inProcess });
      const start = clock.now();
      // The second writer acts between the second and third checks, on the world's clock.
      const writerAt = start + 1.5 * MINUTE;
      const writer = clock.sleep(writerAt - start).then(() => reattachToBlue(world, 'api.example.com'));
      const checks: WatchCheck[] = [];
      const result = await watchOwnership(session.provider, session.clock, desired(), {
        intervalMs: MINUTE,
        forMs: 30 * MINUTE,
        onCheck: (check) => void checks.push(check),
      });
      await writer;

      expect(result.reason).to.equal('drift');
      expect(result.drifted).to.deep.equal(['api.example.com']);
      const found = checks.at(-1)!;
      expect(found.at).to.be.greaterThan(writerAt);
      expect(found.at - writerAt).to.be.at.most(MINUTE);
      expect(found.newDrift).to.deep.equal([
        { alias: 'api.example.com', expected: GREEN, found: { distribution: BLUE, account: world.caller } },
      ]);
      expect(checks.slice(0, -1).every((c) => c.drift.length === 0 && c.error === undefined)).to.equal(true);
    });

    it('ends when --for has passed, with no drift, checking at the start, every interval, and at the end', async () => {
      const world = convergedWorld();
      await using session = await openSandboxWorldSession('unused-world.json', world, { inProcess });
      const start = session.clock.now();
      const result = await watchOwnership(session.provider, session.clock, desired(), { intervalMs: MINUTE, forMs: 5 * MINUTE });
      expect(result).to.include({ reason: 'for-elapsed', checks: 6 });
      expect(result.drifted).to.deep.equal([]);
      expect(session.clock.now() - start).to.equal(5 * MINUTE);
    });

    it('with keepGoing, reports each drift once and watches on until the end', async () => {
      const world = convergedWorld();
      const clock = world.clock as SimulatedClock;
      await using session = await openSandboxWorldSession('unused-world.json', world, { inProcess });
      void clock.sleep(0.5 * MINUTE).then(() => reattachToBlue(world, 'api.example.com'));
      const checks: WatchCheck[] = [];
      const result = await watchOwnership(session.provider, session.clock, desired(), {
        intervalMs: MINUTE,
        forMs: 4 * MINUTE,
        keepGoing: true,
        onCheck: (check) => void checks.push(check),
      });
      expect(result).to.include({ reason: 'for-elapsed', checks: 5 });
      expect(result.drifted).to.deep.equal(['api.example.com']);
      expect(checks.map((c) => c.newDrift.length)).to.deep.equal([0, 1, 0, 0, 0]);
      expect(checks.map((c) => c.drift.length)).to.deep.equal([0, 1, 1, 1, 1]);
    });
  });
}

describe('cfalias watch and apply --watch (the CLI on a sandbox world file)', function () {
  this.timeout(30_000);
  let ws: Workspace;
  afterEach(async () => ws.remove());

  const convergedJson = (): string => `${JSON.stringify(convergedWorld().toDocument(), null, 2)}\n`;

  it('watch --for ends with exit 0 when nothing drifted', async () => {
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': convergedJson() });
    const run = await runCli(ws, ['--sandbox', 'world.json', 'watch', '--for', '3m', '--interval', '1m']);
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(0);
    expect(run.stdout).to.contain('Watching 3 managed aliases every 1m 0s for 3m 0s (simulated time)');
    expect(run.stdout).to.contain('after 4 checks: no drift');
    expect(run.stdout.match(/every alias is where it belongs/g)).to.have.length(4);
  });

  it('exits 8 and names the holder of an alias away from its desired distribution', async () => {
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': worldJson() });
    const run = await runCli(ws, ['--sandbox', 'world.json', 'watch', '--json']);
    expect(run.code).to.equal(8);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((e) => e['type'])).to.deep.equal(['watch-start', 'watch-check', 'drift', 'drift', 'drift', 'watch-end']);
    const api = events.find((e) => e['type'] === 'drift' && e['alias'] === 'api.example.com')!;
    expect(api).to.include({ expected: GREEN, message: `api.example.com left ${GREEN} (green): now on ${BLUE} (blue)` });
    expect(api['found']).to.deep.equal({ distribution: BLUE, account: '111111111111' });
    expect(events.at(-1)).to.deep.include({ reason: 'drift', drifted: ['api.example.com', 'new.example.com', 'old.example.com'] });
  });

  it('goes on after a failed read, and exits 1 when no check could read the aliases', async () => {
    const failing = (times: number): string =>
      JSON.stringify({ ...convergedWorld().toDocument(), faults: [{ operation: 'ListDistributions', error: 'InternalError', times }] });
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': failing(1) });
    const recovered = await runCli(ws, ['--sandbox', 'world.json', 'watch', '--for', '1m']);
    expect(recovered.code, recovered.stderr).to.equal(0);
    expect(recovered.stdout).to.match(/check 1: could not read the aliases: .*ListDistributions/);
    expect(recovered.stdout).to.contain('check 2: every alias is where it belongs');

    await ws.write('world.json', failing(10));
    const failed = await runCli(ws, ['--sandbox', 'world.json', 'watch', '--for', '1m']);
    expect(failed.code).to.equal(1);
    expect(failed.stdout.match(/could not read the aliases/g)).to.have.length(2);
    expect(failed.stderr).to.contain('ListDistributions');
  });

  it('Ctrl-C ends a watch cleanly (exit 0 without drift)', async () => {
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': convergedJson() });
    const run = await runCli(ws, ['--sandbox', 'world.json', 'watch'], { interruptWhen: 'check 2:' });
    expect(run.code).to.equal(0);
    expect(run.stderr).to.contain('SIGINT received: ending the watch');
    expect(run.stdout).to.contain('(interrupted) after 2 checks: no drift');
    expect(run.stdout.match(/every alias is where it belongs/g)).to.have.length(2);
  });

  for (const inProcess of [false, true]) {
    it(`apply --watch watches after a successful apply${inProcess ? ' (in-process)' : ''}`, async () => {
      ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': worldJson() });
      const flags = ['--sandbox', 'world.json', ...(inProcess ? ['--sandbox-in-process'] : [])];
      const run = await runCli(ws, [...flags, 'apply', '--auto-approve', '--watch', '10m', '--interval', '5m']);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain('Watching 3 managed aliases every 5m 0s for 10m 0s (simulated time)');
      expect(run.stdout).to.contain('after 3 checks: no drift');
      expect(run.stdout.match(/every alias is where it belongs/g)).to.have.length(3);
    });
  }
});
