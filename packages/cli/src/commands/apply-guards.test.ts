/**
 * `apply` and `resume` with their guards, in-process through `main`: the journal, the two-stage
 * interrupt, resume, the lock (exit 5, --lock-timeout, unlock), the window (exit 6), the blast
 * radius (--force) and rollback (--on-failure). Expected figures are worked out from
 * testing/fixtures.ts by hand.
 */
import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import { createLocalLeaseLock } from '@cfalias/providers';
import { BLUE, DESIRED, DESIRED_API_ONLY, GREEN, worldDocument, worldJson } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, runCli, type Workspace } from '../testing/harness.js';

const SANDBOX = ['--sandbox', 'world.json'];

interface WorldShape {
  accounts: { distributions: { id: string; aliases: string[] }[]; hostedZones: { records: { name: string; values?: string[] }[] }[] }[];
  faults?: unknown[];
}

async function aliasesOf(ws: Workspace, id: string): Promise<string[]> {
  const world = JSON.parse(await ws.read('world.json')) as WorldShape;
  return [...world.accounts[0]!.distributions.find((d) => d.id === id)!.aliases].sort();
}

async function apiCname(ws: Workspace): Promise<string[] | undefined> {
  const world = JSON.parse(await ws.read('world.json')) as WorldShape;
  return world.accounts[0]!.hostedZones[0]!.records.find((r) => r.name === 'api.example.com.')?.values;
}

function journals(ws: Workspace): string[] {
  return existsSync(ws.path('.cfalias')) ? readdirSync(ws.path('.cfalias')).sort() : [];
}

function entries(text: string): { type: string; status?: string; mode?: string; stepId?: string }[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string });
}

/** The fixture world with extra top-level fields (faults). */
function worldWith(extra: Record<string, unknown>): string {
  return `${JSON.stringify({ ...worldDocument(), ...extra }, null, 2)}\n`;
}

describe('apply and resume: journal, interrupts, lock, window, blast radius, rollback', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': worldJson() });
  });
  afterEach(async () => {
    await ws.remove();
  });

  describe('journal', () => {
    it('writes .cfalias/journal-<runId>.jsonl beside cfalias.yaml: apply-start first, apply-end succeeded last', async () => {
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve']);
      expect(run.code).to.equal(0);
      const files = journals(ws);
      expect(files).to.have.length(1);
      const runId = /^journal-(.+)\.jsonl$/.exec(files[0]!)![1]!;
      // The run id is stamped with the world's simulated clock (2026-12-01T02:00:00Z).
      expect(runId).to.match(/^20261201T020000Z-[0-9a-f]{8}$/);
      expect(run.stdout).to.include(`Journal: .cfalias/${files[0]} (run ${runId})\n`);
      const lines = entries(await ws.read(`.cfalias/${files[0]}`));
      expect(lines[0]!.type).to.equal('apply-start');
      expect(lines[lines.length - 1]).to.include({ type: 'apply-end', status: 'succeeded' });
      // 10 steps, one attempt each: an intent and an outcome per step.
      expect(lines.filter((l) => l.type === 'intent')).to.have.length(10);
      expect(lines.filter((l) => l.type === 'outcome')).to.have.length(10);
    });

    it('writes the journal where --journal says, and refuses a path that exists', async () => {
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve', '--json', '--journal', 'run.jsonl']);
      expect(run.code).to.equal(0);
      expect(journals(ws)).to.deep.equal([]);
      expect(entries(await ws.read('run.jsonl'))[0]!.type).to.equal('apply-start');
      const summary = JSON.parse(run.stdout.trimEnd().split('\n').pop()!) as { journal: string; runId: string };
      expect(summary.journal).to.equal('run.jsonl');

      const again = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve', '--journal', 'run.jsonl']);
      expect(again.code).to.equal(1);
      expect(again.stderr).to.equal(
        'error: run.jsonl already exists: a journal holds one run (to continue it: cfalias --sandbox world.json resume --journal run.jsonl)\n',
      );
    });

    it('writes no journal when nothing is applied', async () => {
      expect((await runCli(ws, [...SANDBOX, 'apply', '--auto-approve'])).code).to.equal(0);
      await ws.remove();
      ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': worldJson() });
      await ws.write('cfalias.yaml', 'version: 1\naliases:\n  www.example.com: E1BLUEBLUEBLUE\n');
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve']);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.include('Nothing to apply.\n');
      expect(journals(ws)).to.deep.equal([]);
    });
  });

  describe('interrupts and resume', () => {
    it('first interrupt: finishes the started move, exits 1 with the resume command; resume finishes the rest', async () => {
      // Interrupted as blue's phase-1 removal starts: api has left blue, so its move is finished
      // (blue's wait, the DNS repoint and its wait, green's phase-2 add, which is batched after
      // green's phase-1 add of new). Not started: green's phase-2 wait and both verifies (3 of 10).
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve'], { interruptWhen: ' started' });
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include(
        'SIGINT received: finishing the steps in flight and any move already started (for up to 5s); no new step will start. Press Ctrl-C again to stop at once.\n',
      );
      expect(run.stdout).to.include(
        'Apply interrupted: steps in flight and moves already started were finished; no other step was started.\n',
      );
      expect(run.stdout).to.include('7 steps done, 0 failed, 3 not started, in 6m 0s (simulated).\n');
      const [file] = journals(ws);
      expect(run.stdout).to.include(`To finish it: cfalias --sandbox world.json resume --journal .cfalias/${file}\n`);
      // No alias is on no distribution: api finished its move.
      expect(await aliasesOf(ws, GREEN)).to.deep.equal(['api.example.com', 'new.example.com']);
      expect(await aliasesOf(ws, BLUE)).to.deep.equal(['www.example.com']);
      const lines = entries(await ws.read(`.cfalias/${file}`));
      expect(lines.filter((l) => l.type === 'interrupt')).to.deep.equal([lines.find((l) => l.type === 'interrupt')]);
      expect(lines.find((l) => l.type === 'interrupt')).to.include({ mode: 'drain' });
      expect(lines[lines.length - 1]).to.include({ type: 'apply-end', status: 'interrupted' });

      // A bare `resume` picks that journal (the newest unfinished one).
      const resumed = await runCli(ws, [...SANDBOX, 'resume']);
      expect(resumed.code).to.equal(0);
      expect(resumed.stdout).to.include(`Resuming run ${/^journal-(.+)\.jsonl$/.exec(file!)![1]} from .cfalias/${file}`);
      expect(resumed.stdout).to.include('  7 steps done, 0 in flight, 0 failed, 3 not started.\n');
      // Only the 3 remaining steps ran: green's 300 s wait, then the verifies. They wrote to no
      // alias: the interrupted apply had made every change.
      expect(resumed.stdout).to.include(
        'Resume complete: 0 aliases changed by this run, 3 steps in 5m 0s (simulated).\n7 steps done before the resume were not repeated.\n',
      );
      const after = entries(await ws.read(`.cfalias/${file}`));
      expect(after.filter((l) => l.type === 'resume')).to.have.length(1);
      expect(after[after.length - 1]).to.include({ type: 'apply-end', status: 'succeeded' });

      const nothing = await runCli(ws, [...SANDBOX, 'resume']);
      expect(nothing.code).to.equal(0);
      expect(nothing.stdout).to.equal(`Nothing to resume: the last apply (.cfalias/${file}) finished.\n`);
    });

    it('second interrupt: stops at once (aborted), exits 1; resume then converges', async () => {
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve'], { interruptWhen: ' started', interrupts: 2 });
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include('SIGINT received again: stopping at once; the journal records where the apply stopped.\n');
      expect(run.stdout).to.include('Apply stopped at once: steps in flight were cancelled.\n');
      const [file] = journals(ws);
      expect(run.stdout).to.include(`To finish it: cfalias --sandbox world.json resume --journal .cfalias/${file}\n`);
      const lines = entries(await ws.read(`.cfalias/${file}`));
      expect(lines.filter((l) => l.type === 'interrupt').map((l) => l.mode)).to.deep.equal(['drain', 'abort']);
      expect(lines[lines.length - 1]).to.include({ type: 'apply-end', status: 'aborted' });

      const resumed = await runCli(ws, [...SANDBOX, 'resume', '--journal', `.cfalias/${file}`]);
      expect(resumed.code).to.equal(0);
      // The abort came before blue's first call went out: the resume made every change itself.
      expect(resumed.stdout).to.include(
        'Resume complete: 3 aliases changed by this run, 10 steps in 11m 0s (simulated).\nSaved the sandbox world',
      );
      expect(await aliasesOf(ws, GREEN)).to.deep.equal(['api.example.com', 'new.example.com']);
      expect(await aliasesOf(ws, BLUE)).to.deep.equal(['www.example.com']);
      expect(await apiCname(ws)).to.deep.equal(['d2green.cloudfront.net']);
    });

    it('refuses a journal with errors, listing them with file:line, and changes nothing', async () => {
      await ws.write('bad.jsonl', '{"v":1,"runId":"r1","at":"2026-12-01T02:00:00Z","type":"intent","stepId":"x","attempt":1}\nnot json\n');
      const before = await ws.read('world.json');
      const run = await runCli(ws, [...SANDBOX, 'resume', '--journal', 'bad.jsonl']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.equal(
        'bad.jsonl:1: error: the first entry must be "apply-start", not "intent"\n' +
          'bad.jsonl:2: error: not valid JSON: Unexpected token \'o\', "not json" is not valid JSON\n' +
          'error: bad.jsonl cannot be resumed; nothing was changed\n',
      );
      expect(await ws.read('world.json')).to.equal(before);
    });

    it('says where it looked when there is no journal to resume', async () => {
      const run = await runCli(ws, [...SANDBOX, 'resume']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.equal('error: no journal in .cfalias to resume: name one with --journal PATH\n');
    });
  });

  describe('lock', () => {
    it('exits 5 naming the holder while another writer holds the lock; unlock refuses a wrong id, then frees it', async () => {
      const rival = createLocalLeaseLock({ path: ws.path('.cfalias.lock'), pid: 4242, host: 'ci-runner-7', newId: () => 'lease-1' });
      const lease = await rival.acquire({ holder: 'alice@ci-runner-7 cfalias apply', ttlSeconds: 600 });
      const before = await ws.read('world.json');

      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve']);
      expect(run.code).to.equal(5);
      expect(run.stderr).to.equal(
        `error: the lock is held by alice@ci-runner-7 cfalias apply on ci-runner-7 (pid 4242) since ${lease.created}, until ${lease.expiry} unless renewed; lease id lease-1\n` +
          '  Wait for it with --lock-timeout SECONDS. Only if that run is no longer running (a crash, a lost machine):\n' +
          '  cfalias --sandbox world.json unlock lease-1\n',
      );
      expect(run.stdout).to.equal('');
      expect(await ws.read('world.json')).to.equal(before);
      expect(journals(ws)).to.deep.equal([]);

      const wrong = await runCli(ws, ['unlock', 'lease-0']);
      expect(wrong.code).to.equal(5);
      expect(wrong.stderr).to.include(
        `error: refusing to unlock lease-0: the lock at ${ws.path('.cfalias.lock')} is held by lease lease-1 (alice@ci-runner-7 cfalias apply on ci-runner-7, pid 4242`,
      );

      const unlocked = await runCli(ws, ['unlock', 'lease-1']);
      expect(unlocked.code).to.equal(0);
      expect(unlocked.stdout).to.equal(
        `Released lease lease-1 at ${ws.path('.cfalias.lock')}, held by alice@ci-runner-7 cfalias apply on ci-runner-7 (pid 4242) since ${lease.created}.\n`,
      );
      expect((await runCli(ws, ['unlock', 'lease-1'])).stdout).to.equal(
        `The lock at ${ws.path('.cfalias.lock')} is free: nothing to unlock.\n`,
      );

      const applied = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve']);
      expect(applied.code).to.equal(0);
      // Released at the end.
      expect(existsSync(ws.path('.cfalias.lock'))).to.equal(false);
    });

    it('waits for the lock with --lock-timeout and applies once it is released', async function () {
      this.timeout(20_000);
      const rival = createLocalLeaseLock({ path: ws.path('.cfalias.lock') });
      const lease = await rival.acquire({ holder: 'bob@laptop cfalias apply', ttlSeconds: 600 });
      const released = new Promise<void>((resolve) => setTimeout(() => void rival.release(lease).then(resolve), 300));
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve', '--lock-timeout', '30']);
      await released;
      expect(run.code).to.equal(0);
      expect(run.stderr).to.match(/^Waiting for the lock held by bob@laptop cfalias apply on \S+ \(pid \d+\); trying again in 1s\n/);
      expect(run.stdout).to.include('Apply complete: 3 aliases changed');
    });

    it('uses the lock file cfalias.yaml names', async () => {
      await ws.write('cfalias.yaml', `${DESIRED}lock:\n  backend: local\n  path: locks/prod.lock\n`);
      const { mkdir } = await import('node:fs/promises');
      await mkdir(ws.path('locks'));
      const rival = createLocalLeaseLock({ path: ws.path('locks/prod.lock'), newId: () => 'lease-9' });
      await rival.acquire({ holder: 'carol@ci cfalias apply', ttlSeconds: 600 });
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve']);
      expect(run.code).to.equal(5);
      expect(run.stderr).to.include('lease id lease-9\n');
    });
  });

  describe('maintenance window', () => {
    it('exits 6 outside the window, with nothing changed and no journal', async () => {
      // The world's clock says 2026-12-01T02:00:00Z; the window closed the day before.
      await ws.write('cfalias.yaml', `${DESIRED}window:\n  start: "2026-11-30T02:00:00Z"\n  end: "2026-11-30T04:00:00Z"\n`);
      const before = await ws.read('world.json');
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve']);
      expect(run.code).to.equal(6);
      expect(run.stderr).to.equal(
        'error: now (2026-12-01T02:00:00.000Z) is outside the maintenance window 2026-11-30T02:00:00Z – 2026-11-30T04:00:00Z: nothing was changed\n' +
          '  Apply in the window, or set the next one under window: in the desired file (resume also takes --window-end TIME, or --no-window).\n',
      );
      expect(run.stdout).to.not.include('Journal:');
      expect(run.stdout).to.include('The window closed 2026-11-30T04:00Z; apply is refused until the window in the desired file is moved.');
      expect(await ws.read('world.json')).to.equal(before);
      expect(journals(ws)).to.deep.equal([]);
      expect(existsSync(ws.path('.cfalias.lock'))).to.equal(false);
    });

    describe('a window too short for the plan, then resume in a later one', () => {
      // The world's clock says 02:00; the plan takes 11 minutes, so none of its writes may start
      // before a window closing at 02:07: nothing is started, every step is held.
      const closing = `${DESIRED}window:\n  start: "2026-12-01T01:00:00Z"\n  end: "2026-12-01T02:07:00Z"\n`;

      async function pausedApply(): Promise<string> {
        await ws.write('cfalias.yaml', closing);
        const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve']);
        expect(run.code).to.equal(1);
        const [file] = journals(ws);
        expect(run.stdout).to.include(
          'Apply paused: the maintenance window 01:00–02:07Z has too little time left for the remaining steps.\n' +
            '  Moves already started were finished; no alias was left between distributions.\n' +
            '0 steps done, 0 failed, 10 not started, in 0s (simulated).\n' +
            `In the next window, continue with: cfalias --sandbox world.json resume --journal .cfalias/${file} --window-end <its end, ISO 8601>\n` +
            '  (or set that window under window: in the desired file; --no-window runs without one)\n',
        );
        expect(await aliasesOf(ws, BLUE)).to.deep.equal(['api.example.com', 'old.example.com', 'www.example.com']);
        return `.cfalias/${file!}`;
      }

      it('prints the resume command; resume --window-end finishes within the window it names', async () => {
        const journal = await pausedApply();
        // Without a new window, cfalias.yaml's still holds every step.
        const again = await runCli(ws, [...SANDBOX, 'resume']);
        expect(again.code).to.equal(1);
        expect(again.stdout).to.include('Apply paused: the maintenance window 01:00–02:07Z');

        const resumed = await runCli(ws, [...SANDBOX, 'resume', '--window-end', '2026-12-01T04:00:00Z']);
        expect(resumed.code).to.equal(0);
        expect(resumed.stdout).to.include('Resume complete: 3 aliases changed by this run, 10 steps in 11m 0s (simulated).\n');
        expect(await aliasesOf(ws, GREEN)).to.deep.equal(['api.example.com', 'new.example.com']);
        expect(entries(await ws.read(journal)).at(-1)).to.include({ type: 'apply-end', status: 'succeeded' });
      });

      it('says which window held the resume when --window-end is too close as well', async () => {
        await pausedApply();
        const run = await runCli(ws, [...SANDBOX, 'resume', '--window-end', '2026-12-01T02:10:00Z']);
        expect(run.code).to.equal(1);
        // The window starts when the resume does (the world's clock: 02:00).
        expect(run.stdout).to.include('Apply paused: the maintenance window 02:00–02:10Z has too little time left');
      });

      it('resume --no-window runs without a window', async () => {
        await pausedApply();
        const resumed = await runCli(ws, [...SANDBOX, 'resume', '--no-window', '--json']);
        expect(resumed.code).to.equal(0);
        const summary = JSON.parse(resumed.stdout.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
        expect(summary).to.deep.include({ type: 'summary', status: 'succeeded', completed: 10, alreadyDone: 0, aliasChangesThisRun: 3 });
        expect(summary).to.not.have.property('resumeCommand');
      });

      it('refuses a --window-end that is not after now, or not a UTC ISO 8601 time, and both window flags at once', async () => {
        const journal = await pausedApply();
        const before = await ws.read('world.json');
        const past = await runCli(ws, [...SANDBOX, 'resume', '--window-end', '2026-12-01T02:00:00Z']);
        expect(past.code).to.equal(1);
        expect(past.stderr).to.equal('error: --window-end 2026-12-01T02:00:00Z is not after now (2026-12-01T02:00:00.000Z)\n');
        const local = await runCli(ws, [...SANDBOX, 'resume', '--window-end', '2026-12-01T04:00:00+01:00']);
        expect(local.code).to.equal(1);
        expect(local.stderr).to.equal(
          "error: option '--window-end <time>' argument '2026-12-01T04:00:00+01:00' is invalid. a UTC time in ISO 8601, ending in Z: 2026-12-08T04:00:00Z\n" +
            '(run `cfalias --help` for the commands and options)\n',
        );
        const both = await runCli(ws, [...SANDBOX, 'resume', '--no-window', '--window-end', '2026-12-01T04:00:00Z']);
        expect(both.code).to.equal(1);
        expect(both.stderr).to.equal('error: --window-end and --no-window cannot be used together\n');
        expect(await ws.read('world.json')).to.equal(before);
        expect(entries(await ws.read(journal)).filter((e) => e.type === 'resume')).to.have.length(0);
      });
    });

    it('applies inside the window', async () => {
      await ws.write('cfalias.yaml', `${DESIRED}window:\n  start: "2026-12-01T01:00:00Z"\n  end: "2026-12-01T04:00:00Z"\n`);
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve']);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.include('Apply complete: 3 aliases changed');
    });
  });

  describe('blast radius', () => {
    /** blue holds a0..a9; the desired file moves four of them (40% > 30%) to green. */
    function bigWorld(): string {
      const doc = worldDocument() as unknown as WorldShape;
      doc.accounts[0]!.distributions[0]!.aliases = Array.from({ length: 10 }, (_, i) => `a${i}.example.com`);
      return `${JSON.stringify(doc, null, 2)}\n`;
    }
    const desired = `version: 1\ndistributions:\n  blue: ${BLUE}\n  green: ${GREEN}\naliases:\n${Array.from(
      { length: 10 },
      (_, i) => `  a${i}.example.com: ${i < 4 ? 'green' : 'blue'}\n`,
    ).join('')}`;

    it('blocks a plan changing more than maxChangePercent (exit 3, with the remediation); --force lets it through', async () => {
      await ws.write('world.json', bigWorld());
      await ws.write('cfalias.yaml', desired);
      const blocked = await runCli(ws, [...SANDBOX, 'plan']);
      expect(blocked.code).to.equal(3);
      expect(blocked.stdout).to.include(
        '  error too-many-changes\n' +
          '      the plan changes 4 of 10 managed aliases (40%), more than safety.maxChangePercent (30%)\n' +
          '      fix: review the plan; if this many changes are intended, run again with --force, or raise safety.maxChangePercent in cfalias.yaml\n',
      );
      expect((await runCli(ws, [...SANDBOX, 'apply', '--auto-approve'])).code).to.equal(3);

      const forced = await runCli(ws, [...SANDBOX, 'plan', '--force', '--detailed-exitcode']);
      expect(forced.code).to.equal(2);
      expect(forced.stdout).to.not.include('too-many-changes');
      const applied = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve', '--force']);
      expect(applied.code).to.equal(0);
      expect(await aliasesOf(ws, GREEN)).to.deep.equal(['a0.example.com', 'a1.example.com', 'a2.example.com', 'a3.example.com']);
    });

    it('refuses --force with a saved plan (it is a planning switch)', async () => {
      const run = await runCli(ws, [...SANDBOX, 'apply', 'plan.json', '--auto-approve', '--force']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include('--force applies to planning');
    });
  });

  describe('rollback', () => {
    /** green refuses the phase-2 add of api once (InvalidViewerCertificate), after blue let it go. */
    const faulty = (): string =>
      worldWith({ faults: [{ operation: 'UpdateDistribution', resource: GREEN, error: 'InvalidViewerCertificate', times: 1 }] });

    it('puts the alias and its DNS back on the source (exit 1, a clear summary)', async () => {
      await ws.write('cfalias.yaml', DESIRED_API_ONLY);
      await ws.write('world.json', faulty());
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve']);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.include(
        `Rolling back api.example.com: api.example.com back on ${BLUE} (blue), DNS too (the add failed: InvalidCertificateError; UpdateDistribution, HTTP 400, request id `,
      );
      expect(run.stdout).to.include(`rollback update-aliases ${BLUE} (blue) started: add api.example.com`);
      expect(run.stdout).to.include(`Rolled back: api.example.com back on ${BLUE} (blue)`);
      expect(run.stdout).to.include('Apply rolled back: a phase-2 add failed, and its aliases were put back on their sources.\n');
      expect(run.stdout).to.include(`  rolled back: api.example.com back on ${BLUE} (blue) (DNS too)\n`);
      expect(run.stdout).to.include(
        'Every other change of the plan was applied. Fix the cause above, then run `cfalias --sandbox world.json plan` again.\n',
      );
      expect(await aliasesOf(ws, BLUE)).to.deep.equal(['api.example.com', 'old.example.com', 'www.example.com']);
      expect(await aliasesOf(ws, GREEN)).to.deep.equal([]);
      expect(await apiCname(ws)).to.deep.equal(['d1blue.cloudfront.net']);
    });

    it('reports the rollback as JSON events', async () => {
      await ws.write('cfalias.yaml', DESIRED_API_ONLY);
      await ws.write('world.json', faulty());
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve', '--json']);
      expect(run.code).to.equal(1);
      const events = run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const trigger = `update-aliases:${GREEN}:p2`;
      const aliases = [{ alias: 'api.example.com', source: BLUE, target: GREEN }];
      const start = events.find((e) => e['type'] === 'rollback-start')!;
      expect(start).to.deep.include({ trigger, aliases });
      expect((start['error'] as { name: string }).name).to.equal('InvalidCertificateError');
      expect(events.find((e) => e['type'] === 'rollback-done')).to.deep.include({ trigger, aliases });
      const rollbackSteps = events.filter((e) => e['type'] === 'step-done' && e['rollbackOf'] === trigger).map((e) => e['kind']);
      expect(rollbackSteps).to.deep.equal(['change-dns', 'wait-dns', 'update-aliases', 'wait-deployed', 'verify']);
      const summary = events[events.length - 1]!;
      expect(summary).to.deep.include({ type: 'summary', status: 'rolled-back', rollbacks: [{ trigger, aliases, status: 'done' }] });
      expect((events[0]!['rollbacks'] as { trigger: string }[]).map((r) => r.trigger)).to.deep.equal([trigger]);
    });

    it('--on-failure stop leaves the alias for resume, which finishes the move once the cause is gone', async () => {
      await ws.write('cfalias.yaml', DESIRED_API_ONLY);
      await ws.write('world.json', faulty());
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve', '--on-failure', 'stop']);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.include('Apply failed.\n');
      const [file] = journals(ws);
      expect(run.stdout).to.include(
        `  not rolled back (--on-failure stop): api.example.com on no distribution; fix the cause above, then \`cfalias --sandbox world.json resume --journal .cfalias/${file}\` adds it to its target\n`,
      );
      expect(await aliasesOf(ws, GREEN)).to.deep.equal([]);
      expect(await aliasesOf(ws, BLUE)).to.deep.equal(['old.example.com', 'www.example.com']);
      // The fault fired its one time: resume re-runs the add, and it succeeds.
      const resumed = await runCli(ws, [...SANDBOX, 'resume']);
      expect(resumed.code).to.equal(0);
      expect(await aliasesOf(ws, GREEN)).to.deep.equal(['api.example.com']);
    });

    it('--on-failure stop --json: the summary names the alias on no distribution and the resume command', async () => {
      await ws.write('cfalias.yaml', DESIRED_API_ONLY);
      await ws.write('world.json', faulty());
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve', '--on-failure', 'stop', '--json']);
      expect(run.code).to.equal(1);
      const [file] = journals(ws);
      const summary = JSON.parse(run.stdout.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
      expect(summary).to.deep.include({
        type: 'summary',
        status: 'failed',
        rollbacks: [
          {
            trigger: `update-aliases:${GREEN}:p2`,
            aliases: [{ alias: 'api.example.com', source: BLUE, target: GREEN }],
            status: 'stopped',
          },
        ],
        aliasesOnNoDistribution: ['api.example.com'],
        resumeCommand: `cfalias --sandbox world.json resume --journal .cfalias/${file}`,
      });
      expect(run.stderr).to.equal(`To continue: cfalias --sandbox world.json resume --journal .cfalias/${file}\n`);
    });

    it('rejects an unknown --on-failure mode', async () => {
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve', '--on-failure', 'pray']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include("error: option '--on-failure <mode>' argument 'pray' is invalid. Allowed choices are rollback, stop.");
    });
  });
});
