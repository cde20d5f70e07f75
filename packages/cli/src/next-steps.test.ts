import { expect } from 'chai';
import { BLUE, DESIRED, GREEN, worldJson } from '@cfalias/providers/testing/move-attach-detach';
import { APPROVAL_QUESTION } from './commands/apply.js';
import { commandPrefix, shellWord } from './render/next-command.js';
import { makeWorkspace, runCli, type Workspace } from './testing/harness.js';

describe('next-step hints and saved plans', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await makeWorkspace({ 'prod.yaml': DESIRED, 'my world.json': worldJson() });
  });
  afterEach(async () => {
    await ws.remove();
  });

  it('the "to apply" hint after plan --out keeps --sandbox and -f, quoted for the shell', async () => {
    const run = await runCli(ws, ['--sandbox', 'my world.json', '-f', 'prod.yaml', 'plan', '--out', 'plan.json']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include("To apply exactly this plan: cfalias --sandbox 'my world.json' -f prod.yaml apply plan.json\n");
  });

  it('the Markdown plan names the apply command with the same flags', async () => {
    const run = await runCli(ws, ['--sandbox', 'my world.json', '-f', 'prod.yaml', 'plan', '--markdown', '--out', 'plan.json']);
    expect(run.stdout).to.include("`cfalias --sandbox 'my world.json' -f prod.yaml apply plan.json`");
  });

  it('applies a saved plan on a terminal without asking again: the plan was the review', async () => {
    const globals = ['--sandbox', 'my world.json', '-f', 'prod.yaml'];
    expect((await runCli(ws, [...globals, 'plan', '--out', 'plan.json'])).code).to.equal(0);
    const run = await runCli(ws, [...globals, 'apply', 'plan.json'], { tty: true, input: '' });
    expect(run.stdout).to.not.include(APPROVAL_QUESTION);
    expect(run.code).to.equal(0);
    const world = JSON.parse(await ws.read('my world.json')) as { accounts: { distributions: { id: string; aliases: string[] }[] }[] };
    const green = world.accounts[0]!.distributions.find((d) => d.id === GREEN)!;
    const blue = world.accounts[0]!.distributions.find((d) => d.id === BLUE)!;
    expect(green.aliases).to.include('api.example.com');
    expect(blue.aliases).to.not.include('api.example.com');
    expect(blue.aliases).to.not.include('old.example.com');
  });

  it('a saved plan applies with --json and no --auto-approve', async () => {
    const globals = ['--sandbox', 'my world.json', '-f', 'prod.yaml'];
    await runCli(ws, [...globals, 'plan', '--out', 'plan.json']);
    const run = await runCli(ws, [...globals, 'apply', 'plan.json', '--json']);
    expect(run.code).to.equal(0);
    const last = JSON.parse(run.stdout.trimEnd().split('\n').at(-1)!) as { type: string; status: string };
    expect(last).to.deep.equal({ ...last, type: 'summary', status: 'succeeded' });
  });

  it('a plan made now still asks on a terminal', async () => {
    const run = await runCli(ws, ['--sandbox', 'my world.json', '-f', 'prod.yaml', 'apply'], { tty: true, input: 'no\n' });
    expect(run.stdout).to.include(APPROVAL_QUESTION);
    expect(run.code).to.equal(1);
  });

  it('off a terminal, a malformed plan file is reported as such, not as a missing approval', async () => {
    await ws.write('junk.json', '{ "formatVersion": 2,');
    const run = await runCli(ws, ['--sandbox', 'my world.json', '-f', 'prod.yaml', 'apply', 'junk.json']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/^error: the plan is not valid JSON: line 1, column \d+/);
    expect(run.stderr).to.not.include('approval');
  });
});

describe('commandPrefix', () => {
  it('keeps every global flag that decides where a command runs, and drops the default desired file', () => {
    expect(commandPrefix({ file: './cfalias.yaml' })).to.equal('cfalias');
    expect(
      commandPrefix({
        file: 'envs/prod.yaml',
        sandbox: 'w.json',
        profile: 'ops',
        region: 'eu-west-1',
        endpointUrl: 'http://127.0.0.1:4566',
      }),
    ).to.equal('cfalias --sandbox w.json -f envs/prod.yaml --profile ops --region eu-west-1 --endpoint-url http://127.0.0.1:4566');
  });

  it('quotes words a shell would split or expand', () => {
    expect(shellWord('plan.json')).to.equal('plan.json');
    expect(shellWord('my plan.json')).to.equal("'my plan.json'");
    expect(shellWord("it's")).to.equal(`'it'\\''s'`);
    expect(shellWord('$HOME/x')).to.equal("'$HOME/x'");
  });
});
