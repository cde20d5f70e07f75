/**
 * Registries across accounts, end to end: the CLI in process (`main`) on the fixture worlds of
 * fixtures/worlds/cross-account-*, with `--sandbox` (the real AWS SDK against the embedded
 * emulator; roles assumed with the emulator's STS AssumeRole). What each plan must say is worked
 * out in fixtures/README.md ("What the cross-account plans must say").
 *
 * The invariant of the wildcard route is checked at every journal record of an apply of the same
 * plan, run through the same emulated session with a journal sink that reads the world as each
 * record is written: every managed alias is served by some enabled distribution by the
 * most-specific-match rule (the exact name on a distribution anywhere in the world, else the
 * wildcard of its parent), and its DNS record points at CloudFront.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { makeWorkspace, runCli, type Workspace } from '../packages/cli/src/testing/harness.js';
import { openSandboxWorldSession } from '../packages/cli/src/providers.js';
import { planExpectation } from '../packages/cli/src/registry-providers.js';
import { FIXTURES, readText } from './support/fixture-files.js';
import { applyPlan, parseWorldDocument, readPlanDocument, SandboxWorld, type Plan, type WorldDocument } from './support/packages.js';
import type { JournalEntry, JournalSink } from '@cfalias/core';

const WORLDS = join(FIXTURES, 'worlds');
const PROD = '111111111111';
const AGENCY = '222222222222';
const DNS = '333333333333';
const OLD = 'E1OLDAGENCY7Q2';
const NEW = 'E2NEWPROD5T8W3';
const NEW_DOMAIN = 'd2newprod5t8w3.cloudfront.net';
const ABC = ['a.example.com', 'b.example.com', 'c.example.com'];

async function workspaceOf(fixture: string): Promise<Workspace> {
  const ws = await makeWorkspace({});
  await cp(join(WORLDS, fixture), ws.dir, { recursive: true });
  return ws;
}

function cli(ws: Workspace, args: readonly string[]): ReturnType<typeof runCli> {
  return runCli(ws, ['--no-color', '--sandbox', 'world.json', ...args]);
}

async function worldOf(ws: Workspace): Promise<WorldDocument> {
  return parseWorldDocument(await ws.read('world.json'), 'world.json');
}

type WorldDistribution = NonNullable<WorldDocument['accounts'][number]['distributions']>[number];

function distributionsOf(world: WorldDocument): (WorldDistribution & { account: string })[] {
  return world.accounts.flatMap((a) => (a.distributions ?? []).map((d) => ({ ...d, account: a.id })));
}

function recordOf(world: WorldDocument, name: string): { aliasTarget?: { dnsName: string }; values?: readonly string[] } | undefined {
  for (const account of world.accounts) {
    for (const zone of account.hostedZones ?? []) {
      const record = zone.records.find((r) => r.name === `${name}.` && (r.type === 'A' || r.type === 'CNAME'));
      if (record) return record;
    }
  }
  return undefined;
}

/** The distributions that serve `alias` by the most-specific-match rule: the exact name, else `*.parent`. */
function servingDistributions(world: WorldDocument, alias: string): string[] {
  const enabled = distributionsOf(world).filter((d) => d.enabled);
  const exact = enabled.filter((d) => d.aliases.includes(alias));
  if (exact.length > 0) return exact.map((d) => d.id);
  const wildcard = `*.${alias.slice(alias.indexOf('.') + 1)}`;
  return enabled.filter((d) => d.aliases.includes(wildcard)).map((d) => d.id);
}

function readPlan(text: string): Plan {
  return readPlanDocument(text);
}

function stepsOfKind(plan: Plan, kind: string): Record<string, unknown>[] {
  return plan.steps.filter((s) => s.kind === kind) as unknown as Record<string, unknown>[];
}

/** Distribution ids cfalias.yaml marks `allowDisableSource: true` (the ids on those entries' lines). */
function disableAllowed(yaml: string): string[] {
  return yaml
    .split('\n')
    .filter((line) => /allowDisableSource:\s*true/.test(line))
    .map((line) => /id:\s*(E[A-Z0-9]+)/.exec(line)![1]!);
}

describe('registries across accounts, end to end (CLI, emulated sandbox)', function () {
  this.timeout(120_000);

  describe('cross-account-wildcard-move', () => {
    let ws: Workspace;
    before(async () => {
      ws = await workspaceOf('cross-account-wildcard-move');
    });
    after(() => ws.remove());

    it('plans the wildcard route for the three aliases, with zero downtime each', async () => {
      const run = await cli(ws, ['plan', '--out', 'plan.json', '--detailed-exitcode']);
      expect(run.code, run.stderr).to.equal(2);
      const plan = readPlan(await ws.read('plan.json'));
      expect(plan.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
      expect(
        plan.changes.map(({ alias, action, from, to, strategy, downtimeSeconds }) => ({
          alias,
          action,
          from,
          to,
          strategy,
          downtimeSeconds,
        })),
      ).to.deep.equal(ABC.map((alias) => ({ alias, action: 'move', from: OLD, to: NEW, strategy: 'wildcard-route', downtimeSeconds: 0 })));
      // One update per distribution per phase: wildcard on, names off the source, names on and wildcard off.
      expect(stepsOfKind(plan, 'update-aliases').map((s) => [s['distribution'], s['add'], s['remove']])).to.deep.equal([
        [NEW, ['*.example.com'], []],
        [OLD, [], ABC],
        [NEW, ABC, ['*.example.com']],
      ]);
      expect(stepsOfKind(plan, 'move-alias')).to.deep.equal([]);
      expect(stepsOfKind(plan, 'set-enabled')).to.deep.equal([]);
      expect(stepsOfKind(plan, 'change-dns').map((s) => s['zoneId'])).to.deep.equal(['Z3CENTRALDNS4K7Q']);
      expect(plan.estimate).to.deep.equal({ seconds: 3 * 300 + 60, waitPhases: 3 });
      // The registry, as the plan file records it: how each account is reached, where each resource is.
      expect(plan.accounts).to.deep.equal({
        agency: { id: AGENCY, roleArn: 'arn:aws:iam::222222222222:role/cfalias' },
        dns: { id: DNS, roleArn: 'arn:aws:iam::333333333333:role/cfalias-dns' },
        prod: { id: PROD },
      });
      expect(plan.resourceAccounts).to.deep.equal({ [OLD]: AGENCY, [NEW]: PROD, Z3CENTRALDNS4K7Q: DNS });
    });

    it("apply plan.json converges, the journal names each step's account, the wildcard is gone and a new plan has nothing to do", async () => {
      const run = await cli(ws, ['apply', 'plan.json', '--auto-approve']);
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      // The three names; the temporary wildcard is not counted as an alias changed.
      expect(run.stdout).to.contain('Apply complete: 3 aliases changed, 10 steps');
      const world = await worldOf(ws);
      const byId = new Map(distributionsOf(world).map((d) => [d.id, d]));
      expect(byId.get(NEW)!.aliases).to.deep.equal(ABC);
      expect(byId.get(OLD)!.aliases).to.deep.equal([]);
      expect(distributionsOf(world).filter((d) => d.aliases.includes('*.example.com'))).to.deep.equal([]);
      for (const alias of ABC) expect(recordOf(world, alias)?.aliasTarget?.dnsName, alias).to.equal(`${NEW_DOMAIN}.`);

      const journal = readdirJournal(ws);
      const stepEntries = journal.filter((e) => e.type === 'intent' || e.type === 'outcome');
      expect(stepEntries.length).to.be.greaterThan(0);
      const plan = readPlan(await ws.read('plan.json'));
      for (const entry of stepEntries) {
        const step = plan.steps.find((s) => s.id === (entry as { stepId: string }).stepId)!;
        const expected =
          'zoneId' in step
            ? DNS
            : step.kind === 'update-aliases' || step.kind === 'wait-deployed' || step.kind === 'verify'
              ? step.distribution === OLD
                ? AGENCY
                : PROD
              : undefined;
        expect((entry as { account?: string }).account, entry.type + ' ' + step.id).to.equal(expected);
      }

      const again = await cli(ws, ['plan', '--detailed-exitcode']);
      expect(again.code, again.stdout).to.equal(0);
    });

    it('show-run names the account each step acted in', async () => {
      const files = readdirSync(ws.path('.cfalias')).filter((f) => f.endsWith('.jsonl'));
      const run = await cli(ws, ['show-run', `.cfalias/${files[0]!}`]);
      expect(run.code, run.stderr).to.equal(0);
      const header = run.stdout.split('\n').find((line) => line.startsWith('STEP'))!;
      expect(header).to.match(/STATUS\s+ACCOUNT$/);
      const line = (label: string): string => run.stdout.split('\n').find((l) => l.startsWith(label))!;
      expect(line('update-aliases E1OLDAGENCY7Q2')).to.match(/completed\s+222222222222$/);
      expect(line('change-dns example.com.')).to.match(/completed\s+333333333333$/);
      expect(line('update-aliases E2NEWPROD5T8W3')).to.match(/completed\s+111111111111$/);
    });
  });

  it('at every journal record of the wildcard route, each alias is served by some distribution (most-specific match) and its DNS points at CloudFront', async () => {
    const ws = await workspaceOf('cross-account-wildcard-move');
    try {
      const planned = await cli(ws, ['plan', '--out', 'plan.json']);
      expect(planned.code, planned.stderr).to.equal(0);
      const plan = readPlan(await ws.read('plan.json'));
      const world = SandboxWorld.fromDocument(await worldOf(ws));
      const violations: string[] = [];
      let records = 0;
      const sink: JournalSink = {
        append(entry: JournalEntry) {
          records += 1;
          const now = world.toDocument();
          for (const alias of ABC) {
            const serving = servingDistributions(now, alias);
            if (serving.length !== 1)
              violations.push(`${entry.type} ${'stepId' in entry ? entry.stepId : ''}: ${alias} served by [${serving.join(', ')}]`);
            const record = recordOf(now, alias);
            if (!record?.aliasTarget?.dnsName.endsWith('.cloudfront.net.'))
              violations.push(`${entry.type}: ${alias} has no CloudFront record`);
          }
        },
      };
      await using session = await openSandboxWorldSession(ws.path('world.json'), world, { expected: planExpectation(plan, 'plan.json') });
      const result = await applyPlan(plan, { provider: session.provider, clock: session.clock, journal: sink });
      expect(result.status).to.equal('succeeded');
      expect(records).to.equal(2 + 2 * plan.steps.length); // apply-start, an intent and an outcome per step, apply-end
      expect(violations).to.deep.equal([]);
      // The run did pass through the temporary wildcard: the invariant was not checked on an idle world.
      expect(world.calls.filter((c) => c.operation === 'UpdateDistribution').length).to.equal(3);
      expect(world.distribution(NEW)!.aliases).to.deep.equal(ABC);
    } finally {
      await ws.remove();
    }
  });

  it('resume of an interrupted cross-account apply reaches every account again and converges', async () => {
    const ws = await workspaceOf('cross-account-wildcard-move');
    try {
      expect((await cli(ws, ['plan', '--out', 'plan.json'])).code).to.equal(0);
      // Aborted (Ctrl-C twice) while the source's deployment is awaited: the target holds the
      // temporary wildcard, DNS is repointed, the names are off the source.
      const stopped = await runCli(ws, ['--no-color', '--sandbox', 'world.json', 'apply', 'plan.json', '--auto-approve'], {
        interruptWhen: 'wait-deployed E1OLDAGENCY7Q2 (old) started',
        interrupts: 2,
      });
      expect(stopped.code, stopped.stdout).to.equal(1);
      const midway = new Map(distributionsOf(await worldOf(ws)).map((d) => [d.id, d.aliases]));
      expect(midway.get(NEW)).to.deep.equal(['*.example.com']);
      expect(midway.get(OLD)).to.deep.equal([]);
      const resumed = await cli(ws, ['resume']);
      expect(resumed.code, resumed.stdout + resumed.stderr).to.equal(0);
      const end = new Map(distributionsOf(await worldOf(ws)).map((d) => [d.id, d.aliases]));
      expect(end.get(NEW)).to.deep.equal(ABC);
      const journal = readdirJournal(ws);
      expect(journal.filter((e) => e.type === 'resume')).to.have.length(1);
      expect(journal.filter((e) => e.type === 'intent' && 'account' in e && e.account === AGENCY).length).to.be.greaterThan(0);
      expect((await cli(ws, ['plan', '--detailed-exitcode'])).code).to.equal(0);
    } finally {
      await ws.remove();
    }
  });

  it('a run abandoned after the wildcard was added: the next plans warn wildcard-left-behind and keep it until cfalias.yaml detaches it', async () => {
    const ws = await workspaceOf('cross-account-wildcard-move');
    try {
      const stopped = await runCli(ws, ['--no-color', '--sandbox', 'world.json', 'apply', '--auto-approve'], {
        interruptWhen: 'wait-deployed E1OLDAGENCY7Q2 (old) started',
        interrupts: 2,
      });
      expect(stopped.code, stopped.stdout).to.equal(1);
      // Not resumed: a new plan from cfalias.yaml attaches the names and says what it sees on the target.
      const again = await cli(ws, ['plan']);
      expect(again.stdout).to.include(`warning wildcard-left-behind *.example.com on ${NEW}`);
      expect(again.stdout).to.include('add the line "*.example.com": null under aliases in cfalias.yaml and apply');
      expect((await cli(ws, ['apply', '--auto-approve'])).code).to.equal(0);
      expect(distributionsOf(await worldOf(ws)).find((d) => d.id === NEW)!.aliases).to.deep.equal(['*.example.com', ...ABC]);
      const settled = await cli(ws, ['plan', '--detailed-exitcode']);
      expect(settled.code).to.equal(0);
      expect(settled.stdout).to.include(`warning wildcard-left-behind *.example.com on ${NEW}`);
      // The line the warning names removes it.
      await ws.write('cfalias.yaml', `${await ws.read('cfalias.yaml')}  "*.example.com": null\n`);
      expect((await cli(ws, ['apply', '--auto-approve'])).code).to.equal(0);
      expect(distributionsOf(await worldOf(ws)).find((d) => d.id === NEW)!.aliases).to.deep.equal(ABC);
      const done = await cli(ws, ['plan', '--detailed-exitcode']);
      expect(done.code).to.equal(0);
      expect(done.stdout).to.not.include('wildcard-left-behind');
    } finally {
      await ws.remove();
    }
  });

  it("a saved plan's registry is reached again with role sessions named after the run", async () => {
    const ws = await workspaceOf('cross-account-wildcard-move');
    try {
      expect((await cli(ws, ['plan', '--out', 'plan.json'])).code).to.equal(0);
      const plan = readPlan(await ws.read('plan.json'));
      const world = SandboxWorld.fromDocument(await worldOf(ws));
      const sessions: string[] = [];
      const addRoleSession = world.addRoleSession.bind(world);
      world.addRoleSession = (key, session) => {
        sessions.push(session.arn);
        addRoleSession(key, session);
      };
      const runId = '20261201T020000Z-0badc0de';
      await using session = await openSandboxWorldSession(ws.path('world.json'), world, {
        expected: planExpectation(plan, 'plan.json', runId),
      });
      expect(session.runId).to.equal(runId);
      // A resume reads no inventory: the first call of each account goes where the plan placed it.
      expect((await session.provider.readDistribution(OLD)).aliases).to.deep.equal(ABC);
      expect(await session.provider.readRecords('Z3CENTRALDNS4K7Q', ['a.example.com.'])).to.have.length(1);
      expect(sessions.length).to.be.greaterThan(0);
      for (const arn of sessions)
        expect(arn).to.match(new RegExp(`^arn:aws:sts::(222222222222|333333333333):assumed-role/cfalias(-dns)?/cfalias-${runId}$`));
      expect(new Set(sessions.map((arn) => arn.split(':')[4]))).to.deep.equal(new Set([AGENCY, DNS]));
    } finally {
      await ws.remove();
    }
  });

  it('inventory --out snapshots every account of the registry, and the snapshot plans the same route', async () => {
    const ws = await workspaceOf('cross-account-wildcard-move');
    try {
      const run = await cli(ws, ['inventory', '--out', 'snapshot.json']);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain(
        'Saved the inventory of accounts 111111111111, 222222222222, 333333333333 to snapshot.json (2 distributions, 2 certificates, 1 hosted zone).',
      );
      const snapshot = parseWorldDocument(await ws.read('snapshot.json'), 'snapshot.json');
      expect(
        snapshot.accounts.map((a) => [a.id, (a.distributions ?? []).map((d) => d.id), (a.hostedZones ?? []).map((z) => z.id)]),
      ).to.deep.equal([
        [PROD, [NEW], []],
        [AGENCY, [OLD], []],
        [DNS, [], ['Z3CENTRALDNS4K7Q']],
      ]);
      const planned = await runCli(ws, ['--no-color', '--sandbox', 'snapshot.json', 'plan', '--out', 'plan.json']);
      expect(planned.code, planned.stderr).to.equal(0);
      expect(readPlan(await ws.read('plan.json')).changes.map((c) => c.strategy)).to.deep.equal([
        'wildcard-route',
        'wildcard-route',
        'wildcard-route',
      ]);
    } finally {
      await ws.remove();
    }
  });

  describe('cross-account-disable-move', () => {
    let ws: Workspace;
    before(async () => {
      ws = await workspaceOf('cross-account-disable-move');
    });
    after(() => ws.remove());

    it('plans disable-and-move, showing what the disabled source takes offline', async () => {
      const run = await cli(ws, ['plan', '--out', 'plan.json', '--detailed-exitcode']);
      expect(run.code, run.stderr).to.equal(2);
      expect(run.stdout).to.contain('disable-and-move');
      expect(run.stdout).to.match(/disable E1OLDAGENCY7Q2 \(old\): takes 1 other alias offline .*\(shop\.example\.com\)/);
      const plan = readPlan(await ws.read('plan.json'));
      expect(plan.changes.map((c) => [c.alias, c.strategy])).to.deep.equal([['www.example.com', 'disable-and-move']]);
      expect(stepsOfKind(plan, 'set-enabled').map((s) => [s['distribution'], s['enabled']])).to.deep.equal([
        [OLD, false],
        [OLD, true],
      ]);
    });

    it('apply plan.json converges: the name moved, the source enabled again with its other alias', async () => {
      const run = await cli(ws, ['apply', 'plan.json', '--auto-approve']);
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      const byId = new Map(distributionsOf(await worldOf(ws)).map((d) => [d.id, d]));
      expect(byId.get(NEW)!.aliases).to.deep.equal(['www.example.com']);
      expect(byId.get(OLD)).to.include({ enabled: true });
      expect(byId.get(OLD)!.aliases).to.deep.equal(['shop.example.com']);
      const again = await cli(ws, ['plan', '--detailed-exitcode']);
      expect(again.code, again.stdout).to.equal(0);
    });
  });

  it('blocks a foreign apex with the AWS Support request text (exit 3)', async () => {
    const ws = await workspaceOf('cross-account-foreign-apex');
    try {
      const run = await cli(ws, ['plan']);
      expect(run.code).to.equal(3);
      const text = run.stdout + run.stderr;
      expect(text).to.contain('error cross-account-blocked example.com on E1OLDAGENCY7Q2');
      expect(text).to.contain(
        'open an AWS Support case (CloudFront) with this request: "Please move the alternate domain name example.com from CloudFront distribution E1OLDAGENCY7Q2 (account 222222222222) to CloudFront distribution E2NEWPROD5T8W3 (account 111111111111).',
      );
      const applied = await cli(ws, ['apply', '--auto-approve']);
      expect(applied.code).to.equal(3);
      expect(await ws.read('world.json')).to.equal(readText(join(WORLDS, 'cross-account-foreign-apex', 'world.json')));
    } finally {
      await ws.remove();
    }
  });

  it('blocks an owner in an undeclared account, explaining both routes and what the owner must do (exit 3)', async () => {
    const ws = await workspaceOf('cross-account-undeclared-owner');
    try {
      const run = await cli(ws, ['plan']);
      expect(run.code).to.equal(3);
      const text = run.stdout + run.stderr;
      expect(text).to.contain('error foreign-owner www.example.com on *******LARED9X');
      expect(text).to.contain('of account ******444444, which cfalias cannot reach (not declared in accounts:)');
      expect(text).to.contain('declare it in accounts:');
      expect(text).to.contain('disable distribution *******LARED9X');
      expect(text).to.contain('_www.example.com. TXT "d2newprod5t8w3.cloudfront.net"');
      expect(text).to.contain('UpdateDomainAssociation');
      expect(text).to.contain('add *.example.com to E2NEWPROD5T8W3');
    } finally {
      await ws.remove();
    }
  });

  it('no plan disables a distribution that cfalias.yaml does not allow to be disabled', async () => {
    for (const fixture of [
      'cross-account-wildcard-move',
      'cross-account-disable-move',
      'cross-account-foreign-apex',
      'cross-account-undeclared-owner',
    ]) {
      const ws = await workspaceOf(fixture);
      try {
        await cli(ws, ['plan', '--out', 'plan.json']);
        const plan = readPlan(await ws.read('plan.json'));
        const allowed = disableAllowed(await ws.read('cfalias.yaml'));
        const recipes = (plan.rollbacks ?? []).flatMap((r) => r.steps);
        const disabled = [...plan.steps, ...recipes]
          .filter((s) => s.kind === 'set-enabled' && !(s as unknown as { enabled: boolean }).enabled)
          .map((s) => (s as unknown as { distribution: string }).distribution);
        expect(
          disabled.filter((id) => !allowed.includes(id)),
          fixture,
        ).to.deep.equal([]);
        if (fixture === 'cross-account-disable-move') expect(disabled).to.deep.equal([OLD]);
      } finally {
        await ws.remove();
      }
    }
  });
});

function readdirJournal(ws: Workspace): JournalEntry[] {
  const files = readdirSync(ws.path('.cfalias')).filter((f) => f.endsWith('.jsonl'));
  expect(files).to.have.length(1);
  return readFileSync(ws.path(`.cfalias/${files[0]!}`), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as JournalEntry);
}
