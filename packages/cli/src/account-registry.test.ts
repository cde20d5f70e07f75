import { expect } from 'chai';
import { BLUE, GREEN, worldDocument } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, runCli, type Workspace } from './testing/harness.js';

const SDK = ['--sandbox', 'world.json'];
const IN_PROCESS = ['--sandbox', 'world.json', '--sandbox-in-process'];

/** The fixture world with a second, empty account: where the agency's role lives. */
function twoAccountWorld(): string {
  const doc = worldDocument() as { accounts: unknown[] };
  const agency = { id: '222222222222', distributions: [], certificates: [], hostedZones: [] };
  return `${JSON.stringify({ ...doc, accounts: [...doc.accounts, agency] }, null, 2)}\n`;
}

function registry(prod: string, agency: string): string {
  return `version: 1
accounts:
  prod: ${prod}
  agency: ${agency}
distributions:
  blue: { account: prod, id: ${BLUE} }
  green: { account: prod, id: ${GREEN} }
aliases:
  new.example.com: green
`;
}

describe('the account check of a registry across accounts', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await makeWorkspace({ 'world.json': twoAccountWorld() });
  });
  afterEach(() => ws.remove());

  it('reaches every declared account, the agency through its role, and plans', async () => {
    await ws.write(
      'cfalias.yaml',
      registry('{ id: "111111111111" }', '{ id: "222222222222", roleArn: "arn:aws:iam::222222222222:role/cfalias" }'),
    );
    for (const args of [SDK, IN_PROCESS]) {
      const run = await runCli(ws, [...args, 'plan']);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain('new.example.com');
    }
  });

  it('refuses, naming the logical account, when the default credentials reach another account', async () => {
    await ws.write(
      'cfalias.yaml',
      registry('{ id: "222222222222" }', '{ id: "222222222222", roleArn: "arn:aws:iam::222222222222:role/cfalias" }'),
    );
    const run = await runCli(ws, [...SDK, 'plan']);
    expect(run.code).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.equal(
      'error: account "prod" of cfalias.yaml is 222222222222, but the default credentials reach account 111111111111: ' +
        'nothing was read or changed; correct its id, or how it is reached\n',
    );
    const inProcess = await runCli(ws, [...IN_PROCESS, 'plan']);
    expect(inProcess.code).to.equal(1);
    expect(inProcess.stderr).to.contain('account "prod" of cfalias.yaml is 222222222222');
  });

  it('refuses a role the credentials cannot assume (a role in an account the world does not have)', async () => {
    await ws.write(
      'cfalias.yaml',
      registry('{ id: "111111111111" }', '{ id: "333333333333", roleArn: "arn:aws:iam::333333333333:role/cfalias" }'),
    );
    const run = await runCli(ws, [...SDK, 'plan']);
    expect(run.code).to.not.equal(0);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.contain('sts:AssumeRole on resource: arn:aws:iam::333333333333:role/cfalias');
  });
});
