import { expect } from 'chai';
import {
  BLUE,
  DESIRED,
  DESIRED_API_ONLY,
  DESIRED_BAD,
  DESIRED_BLOCKED,
  GREEN,
  worldDocument,
  worldJson,
} from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, runCli, type Workspace } from './testing/harness.js';

const SANDBOX = ['--sandbox', 'world.json'];

interface WorldShape {
  accounts: { distributions: { id: string; aliases: string[] }[]; hostedZones: { records: { name: string; values?: string[] }[] }[] }[];
}

async function aliasesOf(ws: Workspace, id: string): Promise<string[]> {
  const world = JSON.parse(await ws.read('world.json')) as WorldShape;
  const distribution = world.accounts[0]!.distributions.find((d) => d.id === id)!;
  return [...distribution.aliases].sort();
}

describe('cfalias CLI (in-process, sandbox)', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': worldJson() });
  });
  afterEach(async () => {
    await ws.remove();
  });

  describe('usage', () => {
    it('prints help and exits 0 on --help', async () => {
      const run = await runCli(ws, ['--help']);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.match(/^Usage: cfalias \[options\] \[command\]/);
    });

    it('prints help to stderr and exits 1 without a command', async () => {
      const run = await runCli(ws, []);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/^Usage: cfalias/);
      expect(run.stdout).to.equal('');
    });
  });

  describe('validate', () => {
    it('accepts a valid file and counts the managed aliases', async () => {
      const run = await runCli(ws, ['validate']);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.equal('cfalias.yaml is valid: 3 aliases managed.\n');
      expect(run.stderr).to.equal('');
    });

    it('reports a bad file with line:col and exits 1', async () => {
      await ws.write('cfalias.yaml', DESIRED_BAD);
      const run = await runCli(ws, ['validate']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/^cfalias\.yaml:5:3 error uppercase-alias: /m);
      expect(run.stdout).to.equal('');
    });

    it('names a missing file and exits 1', async () => {
      const run = await runCli(ws, ['-f', 'nope.yaml', 'validate']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.equal('error: cannot read nope.yaml: no such file\n');
    });
  });

  describe('plan', () => {
    it('renders changes, steps, estimate and summary (Terraform idiom)', async () => {
      const run = await runCli(ws, [...SANDBOX, 'plan']);
      expect(run.code).to.equal(0);
      const lines = run.stdout.split('\n');
      expect(lines).to.include('cfalias will change 3 aliases on 2 distributions:');
      expect(lines).to.include(`  ${BLUE} (blue)  d1blue.cloudfront.net  -1`);
      expect(lines).to.include('    - old.example.com  detach');
      expect(lines).to.include(`  ${GREEN} (green)  d2green.cloudfront.net  +1 ~1`);
      expect(lines).to.include(`    ~ api.example.com  from ${BLUE} (blue)  detach-attach, ~6m 0s downtime`);
      expect(lines).to.include('    + new.example.com  attach');
      expect(lines).to.include('  Phase 1');
      expect(lines).to.include('  Phase 2');
      expect(lines).to.include(`    wait-deployed ${BLUE} (blue)  ~5m 0s`);
      expect(lines).to.include('Estimated duration: 11m 0s (2 deployment waits)');
      expect(lines).to.include('Plan: 1 to attach, 1 to move, 1 to detach.');
    });

    it('exits 2 with --detailed-exitcode when there are changes', async () => {
      const run = await runCli(ws, [...SANDBOX, 'plan', '--detailed-exitcode']);
      expect(run.code).to.equal(2);
    });

    it('prints the plan document with --json', async () => {
      const run = await runCli(ws, [...SANDBOX, 'plan', '--json']);
      expect(run.code).to.equal(0);
      const doc = JSON.parse(run.stdout) as {
        formatVersion: number;
        summary: Record<string, number>;
        estimate: { seconds: number; waitPhases: number };
      };
      expect(doc.formatVersion).to.equal(4);
      expect(doc.summary).to.deep.equal({ attach: 1, detach: 1, move: 1, noop: 0, errors: 0, warnings: 0 });
      expect(doc.estimate).to.deep.equal({ seconds: 660, waitPhases: 2 });
    });

    it('prints a pull-request comment with --markdown, the same one `show --markdown` prints from the saved plan', async () => {
      const run = await runCli(ws, [...SANDBOX, 'plan', '--markdown', '--out', 'plan.json']);
      expect(run.code).to.equal(0);
      const lines = run.stdout.split('\n');
      expect(lines[0]).to.equal('### cfalias plan: 3 aliases to change');
      expect(lines).to.include('| 1 | 1 | 1 | 0 | 0 | 0 | 11m 0s (2 deployment waits) |');
      expect(lines).to.include(`<summary><b>${GREEN} (green)</b> · d2green.cloudfront.net · +1 ~1</summary>`);
      expect(lines).to.include(
        `| \`~\` | \`api.example.com\` | ${BLUE} (blue) | detach-attach | ~6m 0s | strategy detach-attach requested |`,
      );
      expect(lines).to.include('Apply exactly this plan with `cfalias --sandbox world.json apply plan.json`.');
      // stdout carries only the comment; the notice goes to stderr.
      expect(run.stderr).to.include('Saved the plan to plan.json');
      const shown = await runCli(ws, [...SANDBOX, 'show', 'plan.json', '--markdown']);
      expect(shown.code).to.equal(0);
      // A saved plan does not carry the provider's timing: only the per-step waits differ.
      expect(shown.stdout.replace(/ \(~\d+m \d+s\)/g, '')).to.equal(run.stdout.replace(/ \(~\d+m \d+s\)/g, ''));
    });

    it('refuses --json with --markdown', async () => {
      const run = await runCli(ws, [...SANDBOX, 'plan', '--json', '--markdown']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include('choose one of --json and --markdown');
    });

    it('prints a bad desired file with line:col, exits 1 and touches nothing', async () => {
      await ws.write('cfalias.yaml', DESIRED_BAD);
      const before = await ws.read('world.json');
      const run = await runCli(ws, [...SANDBOX, 'plan', '--out', 'plan.json']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/^cfalias\.yaml:5:3 error uppercase-alias: "WWW\.example\.com"/m);
      expect(run.stdout).to.equal('');
      expect(await ws.read('world.json')).to.equal(before);
      let planWritten = true;
      await ws.read('plan.json').catch(() => (planWritten = false));
      expect(planWritten).to.equal(false);
    });

    it('prints a blocked plan with its errors and exits 3', async () => {
      await ws.write('cfalias.yaml', DESIRED_BLOCKED);
      const run = await runCli(ws, [...SANDBOX, 'plan']);
      expect(run.code).to.equal(3);
      expect(run.stdout).to.match(/^ {2}error certificate-not-covering shop\.example\.org/m);
      expect(run.stdout).to.include('Plan: 1 to attach, 0 to move, 0 to detach.');
      expect(run.stdout).to.include('Plan blocked by 1 error');
    });

    it('reports an invalid world file and exits 1', async () => {
      await ws.write('world.json', '{ "version": 1, ');
      const run = await runCli(ws, [...SANDBOX, 'plan']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/^error: /);
    });

    it('exits 1 on an unknown option', async () => {
      const run = await runCli(ws, ['plan', '--bogus']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include("unknown option '--bogus'");
    });
  });

  describe('plan --out, show, apply PLANFILE', () => {
    it('saves the plan atomically, shows it, applies exactly it, and a re-plan has no changes', async () => {
      const planned = await runCli(ws, [...SANDBOX, 'plan', '--out', 'plan.json']);
      expect(planned.code).to.equal(0);
      expect(planned.stdout).to.include(
        'Saved the plan to plan.json. To apply exactly this plan: cfalias --sandbox world.json apply plan.json\n',
      );
      const saved = await ws.read('plan.json');

      const shownJson = await runCli(ws, ['show', 'plan.json', '--json']);
      expect(shownJson.code).to.equal(0);
      expect(shownJson.stdout).to.equal(saved);
      const shown = await runCli(ws, ['show', 'plan.json']);
      expect(shown.code).to.equal(0);
      expect(shown.stdout).to.include('Plan: 1 to attach, 1 to move, 1 to detach.\n');

      const applied = await runCli(ws, [...SANDBOX, 'apply', 'plan.json', '--auto-approve']);
      expect(applied.code).to.equal(0);
      const lines = applied.stdout.split('\n');
      expect(lines).to.include(`[+11m 0s] wait-deployed ${GREEN} (green) done (5m 0s)`);
      expect(lines).to.include('Apply complete: 3 aliases changed, 10 steps in 11m 0s (simulated).');
      expect(lines).to.include('Saved the sandbox world to world.json.');
      expect(await aliasesOf(ws, BLUE)).to.deep.equal(['www.example.com']);
      expect(await aliasesOf(ws, GREEN)).to.deep.equal(['api.example.com', 'new.example.com']);

      const replanned = await runCli(ws, [...SANDBOX, 'plan', '--detailed-exitcode']);
      expect(replanned.code).to.equal(0);
      expect(replanned.stdout).to.include('No changes. Live aliases match cfalias.yaml.\n');
    });

    it('refuses a stale plan before any write: exit 4, every difference in words, the world file as it was', async () => {
      await ws.write('cfalias.yaml', DESIRED_API_ONLY);
      expect((await runCli(ws, [...SANDBOX, 'plan', '--out', 'plan.json'])).code).to.equal(0);
      // Someone moves api.example.com, which the plan moves, to green after the plan was made.
      const changed = worldDocument() as unknown as WorldShape;
      changed.accounts[0]!.distributions[0]!.aliases = ['www.example.com', 'old.example.com'];
      changed.accounts[0]!.distributions[1]!.aliases = ['api.example.com'];
      const edited = `${JSON.stringify(changed, null, 2)}\n`;
      await ws.write('world.json', edited);

      const run = await runCli(ws, [...SANDBOX, 'apply', 'plan.json', '--auto-approve']);
      expect(run.code).to.equal(4);
      expect(run.stderr).to.include('error: the plan is stale: one fact it was made from has changed since. Nothing was changed.\n');
      expect(run.stderr).to.include(`  api.example.com (holder): expected on ${BLUE} (blue); found on ${GREEN} (green)\n`);
      expect(run.stderr).to.include('Make a new plan from the live state');
      expect(run.stdout).to.not.include('Journal:');
      expect(await ws.read('world.json')).to.equal(edited);
    });

    it('applies a saved plan when another writer changed only an alias the plan does not manage', async () => {
      await ws.write('cfalias.yaml', DESIRED_API_ONLY);
      expect((await runCli(ws, [...SANDBOX, 'plan', '--out', 'plan.json'])).code).to.equal(0);
      // Someone removes old.example.com (not in cfalias.yaml) from blue after the plan was made.
      const changed = worldDocument() as unknown as WorldShape;
      changed.accounts[0]!.distributions[0]!.aliases = ['api.example.com', 'www.example.com'];
      await ws.write('world.json', `${JSON.stringify(changed, null, 2)}\n`);

      const run = await runCli(ws, [...SANDBOX, 'apply', 'plan.json', '--auto-approve']);
      expect(run.code).to.equal(0);
      expect(await aliasesOf(ws, BLUE)).to.deep.equal(['www.example.com']);
      expect(await aliasesOf(ws, GREEN)).to.deep.equal(['api.example.com']);
    });

    it('refuses a tampered plan file and exits 1', async () => {
      await runCli(ws, [...SANDBOX, 'plan', '--out', 'plan.json']);
      const plan = JSON.parse(await ws.read('plan.json')) as { createdAt: string };
      plan.createdAt = '2020-01-01T00:00:00.000Z';
      await ws.write('plan.json', JSON.stringify(plan));
      const before = await ws.read('world.json');
      const run = await runCli(ws, [...SANDBOX, 'apply', 'plan.json', '--auto-approve']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/^error: /);
      expect(await ws.read('world.json')).to.equal(before);
    });

    it('refuses a blocked plan file and exits 3', async () => {
      await ws.write('cfalias.yaml', DESIRED_BLOCKED);
      expect((await runCli(ws, [...SANDBOX, 'plan', '--out', 'blocked.json'])).code).to.equal(3);
      const run = await runCli(ws, [...SANDBOX, 'apply', 'blocked.json', '--auto-approve']);
      expect(run.code).to.equal(3);
      expect(run.stderr).to.include('the plan is blocked');
    });
  });

  describe('apply', () => {
    it('asks for approval on a terminal and applies on "yes"', async () => {
      const run = await runCli(ws, [...SANDBOX, 'apply'], { tty: true, input: 'yes\n' });
      expect(run.code).to.equal(0);
      expect(run.stdout).to.include("Do you want to apply this plan? Only 'yes' will be accepted: ");
      expect(run.stdout).to.include('Apply complete: 3 aliases changed');
      expect(await aliasesOf(ws, GREEN)).to.deep.equal(['api.example.com', 'new.example.com']);
    });

    it('cancels on anything but "yes", exits 1 and changes nothing', async () => {
      const before = await ws.read('world.json');
      const run = await runCli(ws, [...SANDBOX, 'apply'], { tty: true, input: 'y\n' });
      expect(run.code).to.equal(1);
      expect(run.stdout).to.include('Apply cancelled.\n');
      expect(await ws.read('world.json')).to.equal(before);
    });

    it('refuses to ask when stdin is not a terminal', async () => {
      const run = await runCli(ws, [...SANDBOX, 'apply']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include('--auto-approve');
      expect(run.stdout).to.equal('');
    });

    it('exits 3 for a blocked plan', async () => {
      await ws.write('cfalias.yaml', DESIRED_BLOCKED);
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve']);
      expect(run.code).to.equal(3);
      expect(run.stdout).to.match(/^ {2}error certificate-not-covering shop\.example\.org/m);
    });

    it('says so and exits 0 when there is nothing to change', async () => {
      expect((await runCli(ws, [...SANDBOX, 'apply', '--auto-approve'])).code).to.equal(0);
      const again = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve']);
      expect(again.code).to.equal(0);
      expect(again.stdout).to.include('No changes. Live aliases match cfalias.yaml.\n');
      expect(again.stdout).to.include('Nothing to apply.\n');
    });

    it('reports progress as JSON lines with --json', async () => {
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve', '--json']);
      expect(run.code).to.equal(0);
      const events = run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(events.every((e) => e['v'] === 1)).to.equal(true);
      expect(events[0]).to.include({ type: 'plan', at: '2026-12-01T02:00:00.000Z' });
      expect((events[0] as { steps: unknown[] }).steps).to.have.length(10);
      const start = events.find((e) => e.type === 'step-start');
      expect(start).to.include({ attempt: 1, elapsedMs: 0 });
      expect(start!['step']).to.be.a('string');
      expect(events.filter((e) => e.type === 'step-done')).to.have.length(10);
      const summary = events[events.length - 1]!;
      expect(summary).to.include({
        type: 'summary',
        status: 'succeeded',
        planDigest: (events[0] as { digest: string }).digest,
        aliasChanges: 3,
        steps: 10,
        completed: 10,
        skipped: 0,
        failed: 0,
        notStarted: 0,
        durationMs: 660_000,
        simulated: true,
      });
      expect(summary['metrics']).to.include({ conflicts: 0 });
      expect((summary['metrics'] as { retries: object }).retries).to.deep.equal({});
      // Each wait-deployed took the world's 300 simulated seconds.
      const durations = (summary['metrics'] as { stepDurationsMs: Record<string, number> }).stepDurationsMs;
      expect(
        Object.entries(durations)
          .filter(([id]) => id.startsWith('wait-deployed:'))
          .map(([, ms]) => ms),
      ).to.deep.equal([300_000, 300_000, 300_000]);
    });

    it('requires --auto-approve with --json', async () => {
      const run = await runCli(ws, [...SANDBOX, 'apply', '--json'], { tty: true, input: 'yes\n' });
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include('--auto-approve');
    });

    it('stops at a step boundary on interrupt and exits 1, finishing the move already started', async () => {
      const run = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve'], { interruptWhen: ' started' });
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include('SIGINT received');
      expect(run.stdout).to.include('Apply interrupted');
      // api had left blue when the interrupt came: its move was finished (commands/apply-guards.test.ts has the details).
      expect(await aliasesOf(ws, GREEN)).to.include('api.example.com');
    });
  });

  describe('inventory', () => {
    it('lists owner, certificate coverage and DNS target for each managed alias (JSON)', async () => {
      const run = await runCli(ws, [...SANDBOX, 'inventory', '--json']);
      expect(run.code).to.equal(0);
      expect(JSON.parse(run.stdout)).to.deep.equal([
        {
          alias: 'api.example.com',
          managed: true,
          desired: GREEN,
          owner: { distribution: BLUE, account: '111111111111', foreign: false },
          certificateCovers: true,
          zone: 'example.com.',
          records: [{ type: 'CNAME', target: 'd1blue.cloudfront.net', distribution: BLUE }],
          wildcardOverlaps: [],
        },
        {
          alias: 'new.example.com',
          managed: true,
          desired: GREEN,
          owner: null,
          certificateCovers: null,
          zone: 'example.com.',
          records: [{ type: 'A', target: 'd2green.cloudfront.net', distribution: GREEN }],
          wildcardOverlaps: [],
        },
        {
          alias: 'old.example.com',
          managed: true,
          desired: null,
          owner: { distribution: BLUE, account: '111111111111', foreign: false },
          certificateCovers: true,
          zone: 'example.com.',
          records: [],
          wildcardOverlaps: [],
        },
      ]);
    });

    it('prints a table for people', async () => {
      const run = await runCli(ws, [...SANDBOX, 'inventory']);
      expect(run.code).to.equal(0);
      const [table, legend] = run.stdout.trimEnd().split('\n\n');
      const rows = table!.split('\n').map((line) => line.split(/ {2,}/));
      expect(rows).to.deep.equal([
        ['ALIAS', 'DESIRED', 'OWNER', 'OWNER CERT', 'DNS'],
        ['api.example.com', `${GREEN} (green)`, `${BLUE} (blue)`, 'covers', `CNAME → d1blue.cloudfront.net (${BLUE} (blue))`],
        ['new.example.com', `${GREEN} (green)`, 'none', '-', `A → d2green.cloudfront.net (${GREEN} (green))`],
        ['old.example.com', '(detach)', `${BLUE} (blue)`, 'covers', 'no record in example.com.'],
      ]);
      expect(legend).to.equal('OWNER CERT: whether the certificate of the distribution holding the alias now covers it.');
    });

    it('lists every alias of the account with --all, the unmanaged ones marked', async () => {
      const run = await runCli(ws, [...SANDBOX, 'inventory', '--all']);
      expect(run.code).to.equal(0);
      const rows = run.stdout
        .trimEnd()
        .split('\n\n')[0]!
        .split('\n')
        .map((line) => line.split(/ {2,}/));
      // www.example.com is on blue but not in the desired file.
      expect(rows.map((r) => r[0])).to.deep.equal(['ALIAS', 'api.example.com', 'new.example.com', 'old.example.com', 'www.example.com']);
      expect(rows[4]).to.deep.equal([
        'www.example.com',
        '(unmanaged)',
        `${BLUE} (blue)`,
        'covers',
        `A → d1blue.cloudfront.net (${BLUE} (blue))`,
      ]);
    });
  });
});
