import { expect } from 'chai';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWorldDocument, worldSchemaText } from '@cfalias/providers';
import { makeWorkspace, runCli, type Workspace } from '../testing/harness.js';

const SANDBOX = ['--sandbox', 'world.json'];

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

describe('cfalias sandbox init and schema', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await makeWorkspace({});
  });
  afterEach(async () => {
    await ws.remove();
  });

  it('writes a valid starter world and cfalias.yaml that plan, apply, then re-plan with no changes', async () => {
    const init = await runCli(ws, ['sandbox', 'init']);
    expect(init.code, init.stderr).to.equal(0);
    expect(init.stdout).to.include('cfalias --sandbox world.json plan');
    expect(init.stdout).to.include('cfalias --sandbox world.json apply');
    const world = parseWorldDocument(await ws.read('world.json'), 'world.json');
    expect(world.$schema).to.equal('./world.schema.json');
    expect(await ws.read('world.schema.json')).to.equal(worldSchemaText());

    const validate = await runCli(ws, ['validate']);
    expect(validate.code, validate.stderr).to.equal(0);
    const plan = await runCli(ws, [...SANDBOX, 'plan', '--detailed-exitcode']);
    expect(plan.code, plan.stderr).to.equal(2);
    expect(plan.stdout).to.include('Plan: 0 to attach, 2 to move, 0 to detach.');
    const apply = await runCli(ws, [...SANDBOX, 'apply', '--auto-approve']);
    expect(apply.code, apply.stderr).to.equal(0);
    const again = await runCli(ws, [...SANDBOX, 'plan', '--detailed-exitcode']);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.include('No changes.');

    // The world after the cutover still names its schema and keeps its notes.
    const after = parseWorldDocument(await ws.read('world.json'), 'world.json');
    expect(after.$schema).to.equal(world.$schema);
    expect(after.$comment).to.deep.equal(world.$comment);
    const green = after.accounts[0]!.distributions!.find((d) => d.config?.['Comment']?.toString().startsWith('green'));
    expect(green?.aliases).to.have.members(['api.example.com', 'www.example.com']);
  });

  it('explains every top-level field of cfalias.yaml in a comment above it', async () => {
    expect((await runCli(ws, ['sandbox', 'init'])).code).to.equal(0);
    const lines = (await ws.read('cfalias.yaml')).split('\n');
    const fields = lines.flatMap((line, i) => (/^[a-z]+:/.test(line) ? [{ field: line.split(':')[0], above: lines[i - 1] ?? '' }] : []));
    expect(fields.map((f) => f.field)).to.deep.equal(['version', 'account', 'distributions', 'defaults', 'aliases']);
    for (const { field, above } of fields) expect(above, field).to.match(/^# /);
  });

  it('refuses to overwrite an existing file without --force, writing nothing, and replaces it with --force', async () => {
    await ws.write('cfalias.yaml', 'mine\n');
    const refused = await runCli(ws, ['sandbox', 'init']);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('cfalias.yaml already exists: not overwritten (--force replaces them)');
    expect(await ws.read('cfalias.yaml')).to.equal('mine\n');
    expect(await exists(ws.path('world.json'))).to.equal(false);

    const forced = await runCli(ws, ['sandbox', 'init', '--force']);
    expect(forced.code, forced.stderr).to.equal(0);
    expect(await ws.read('cfalias.yaml')).to.include('aliases:');
  });

  it('writes into --dir, creating it, and says to cd there first', async () => {
    const init = await runCli(ws, ['sandbox', 'init', '--dir', join('rehearsal', 'one')]);
    expect(init.code, init.stderr).to.equal(0);
    expect(init.stdout).to.include(`  cd ${join('rehearsal', 'one')}\n`);
    for (const name of ['world.json', 'cfalias.yaml', 'world.schema.json']) {
      expect(await exists(join(ws.dir, 'rehearsal', 'one', name)), name).to.equal(true);
    }
    await mkdir(ws.path('taken'));
    await writeFile(join(ws.dir, 'taken', 'world.json'), '{}');
    const refused = await runCli(ws, ['sandbox', 'init', '--dir', 'taken']);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('world.json already exists in taken');
  });

  it('a mistyped aliasTarget in the world is one error naming its path and shape, nothing after it', async () => {
    expect((await runCli(ws, ['sandbox', 'init'])).code).to.equal(0);
    const world = JSON.parse(await ws.read('world.json'));
    world.accounts[0].hostedZones[0].records[0].aliasTarget = 'd2green3exampl.cloudfront.net.';
    await ws.write('world.json', JSON.stringify(world, null, 2));
    const plan = await runCli(ws, [...SANDBOX, 'plan']);
    expect(plan.code).to.equal(1);
    const problems = plan.stderr.split('\n').filter((line) => line.includes('/accounts/'));
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include('/accounts/0/hostedZones/0/records/0/aliasTarget: must be an object like { "dnsName":');
    expect(problems[0]).to.include('not a string ("d2green3exampl.cloudfront.net.")');
    expect(plan.stderr).not.to.include('"values"');
  });

  it('sandbox schema prints the published world schema on stdout', async () => {
    const run = await runCli(ws, ['sandbox', 'schema']);
    expect(run.code).to.equal(0);
    expect(run.stderr).to.equal('');
    expect(run.stdout).to.equal(worldSchemaText());
    expect(JSON.parse(run.stdout)).to.include({ title: 'cfalias sandbox world' });
  });
});
