/**
 * A move between a standard distribution and a distribution tenant, both ways, through the CLI on
 * `--sandbox` (the AWS SDK against the emulator, simulated time): each converges and a re-plan has
 * nothing left to do. World: fixtures/worlds/standard-to-tenant (www.example.com on blue; tenant
 * shop of a multi-tenant distribution).
 */
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeWorkspace, runCli, type Workspace } from '../testing/harness.js';

const WORLD = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'fixtures', 'worlds', 'standard-to-tenant');
const BLUE = 'E1BLUE7QX4M2ZK';
const SHOP = 'dt_2x9GhoK0TZRsohWzv1b9It8J1AB';

const desired = (target: string): string =>
  `version: 1\naccount: "111111111111"\ndistributions:\n  blue: ${BLUE}\n  shop: ${SHOP}\naliases:\n  www.example.com: ${target}\n`;

interface Holders {
  accounts: { distributions?: { id: string; aliases: string[] }[]; tenants?: { id: string; domains: { domain: string }[] }[] }[];
}

async function holderOf(ws: Workspace, alias: string): Promise<string[]> {
  const doc = JSON.parse(await ws.read('world.json')) as Holders;
  return doc.accounts.flatMap((a) => [
    ...(a.distributions ?? []).filter((d) => d.aliases.includes(alias)).map((d) => d.id),
    ...(a.tenants ?? []).filter((t) => t.domains.some((d) => d.domain === alias)).map((t) => t.id),
  ]);
}

describe('cfalias between a standard distribution and a tenant (--sandbox: SDK over the emulator)', function () {
  this.timeout(120_000);
  let ws: Workspace;
  before(async () => {
    ws = await makeWorkspace({ 'world.json': await readFile(join(WORLD, 'world.json'), 'utf8'), 'cfalias.yaml': desired('shop') });
  });
  after(async () => ws.remove());

  it('standard → tenant: one UpdateDomainAssociation, converges, re-plan exits 0', async () => {
    const plan = await runCli(ws, ['--sandbox', 'world.json', 'plan', '--detailed-exitcode']);
    expect(plan.code, plan.stderr).to.equal(2);
    expect(plan.stdout).to.include(`move-alias www.example.com: ${BLUE} (blue) → ${SHOP} (shop) (UpdateDomainAssociation`);
    const apply = await runCli(ws, ['--sandbox', 'world.json', 'apply', '--auto-approve']);
    expect(apply.code, apply.stdout + apply.stderr).to.equal(0);
    expect(await holderOf(ws, 'www.example.com')).to.deep.equal([SHOP]);
    const again = await runCli(ws, ['--sandbox', 'world.json', 'plan', '--detailed-exitcode']);
    expect(again.code, again.stdout).to.equal(0);
  });

  it('tenant → standard: converges, re-plan exits 0', async () => {
    await ws.write('cfalias.yaml', desired('blue'));
    const apply = await runCli(ws, ['--sandbox', 'world.json', 'apply', '--auto-approve']);
    expect(apply.code, apply.stdout + apply.stderr).to.equal(0);
    expect(await holderOf(ws, 'www.example.com')).to.deep.equal([BLUE]);
    const again = await runCli(ws, ['--sandbox', 'world.json', 'plan', '--detailed-exitcode']);
    expect(again.code, again.stdout).to.equal(0);
  });
});
