/**
 * Cutovers on CloudFront as it is today, end to end on the sandbox (fixtures/worlds and
 * fixtures/scenarios/simple-move): same-account moves of a plain name, an apex and a wildcard in
 * one UpdateDomainAssociation each, whether or not CloudFront asks for the TXT record; moves
 * between distribution tenants; an alias held by another account's tenant; an alias no resource
 * of the account can ask about; an IAM certificate. Expected values are read off the world files.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { FIXTURES, readJson, readText } from './support/fixture-files.js';
import {
  applyPlan,
  createSandboxProvider,
  inventoryScope,
  MemoryJournal,
  parseDesiredState,
  planCutover,
  planHasChanges,
  SandboxWorld,
  type ApplyEvent,
  type DesiredState,
  type Plan,
  type WorldDocument,
} from './support/packages.js';

const MUTATING = [
  'UpdateDistribution',
  'UpdateDistributionTenant',
  'AssociateAlias',
  'UpdateDomainAssociation',
  'ChangeResourceRecordSets',
];

interface Case {
  readonly world: SandboxWorld;
  readonly desired: DesiredState;
}

function load(dir: string, settings: Partial<NonNullable<WorldDocument['settings']>> = {}): Case {
  const doc = readJson<WorldDocument>(join(dir, 'world.json'));
  const world = SandboxWorld.fromDocument({ ...doc, settings: { ...doc.settings, ...settings } });
  const desired = parseDesiredState(readText(join(dir, 'cfalias.yaml')), 'cfalias.yaml').state!;
  return { world, desired };
}

async function plan({ world, desired }: Case): Promise<Plan> {
  const inventory = await createSandboxProvider(world).readInventory(inventoryScope(desired));
  return planCutover(desired, inventory, { now: new Date(world.clock.now()) });
}

/** Every resource (distribution or tenant, any account) holding `alias` now. */
function holders(world: SandboxWorld, alias: string): string[] {
  const doc = world.toDocument();
  const out: string[] = [];
  for (const account of doc.accounts) {
    for (const d of account.distributions ?? []) if (d.aliases.includes(alias)) out.push(d.id);
    for (const t of account.tenants ?? []) if (t.domains.some((x) => x.domain === alias)) out.push(t.id);
  }
  return out;
}

const MOVES = [
  { name: 'a plain name', dir: join(FIXTURES, 'scenarios', 'simple-move'), alias: 'www.example.com', txt: '_www.example.com.' },
  { name: 'an apex', dir: join(FIXTURES, 'worlds', 'apex-move'), alias: 'example.com', txt: '_.example.com.' },
  { name: 'a wildcard', dir: join(FIXTURES, 'worlds', 'wildcard-move'), alias: '*.example.com', txt: '_*.example.com.' },
];

describe("cutovers on today's CloudFront (sandbox)", () => {
  for (const m of MOVES) {
    it(`moves ${m.name} in the same account with one UpdateDomainAssociation, one deployment wait, no gap`, async () => {
      const c = load(m.dir);
      const p = await plan(c);
      expect(p.diagnostics).to.deep.equal([]);
      expect(p.changes.find((x) => x.alias === m.alias)).to.deep.include({
        strategy: 'move',
        moveApi: 'update-domain-association',
        downtimeSeconds: 0,
      });
      expect(p.estimate.waitPhases).to.equal(1);
      const gaps: string[] = [];
      const onEvent = (e: ApplyEvent): void => {
        if (holders(c.world, m.alias).length !== 1) gaps.push(e.type);
      };
      const result = await applyPlan(p, { provider: createSandboxProvider(c.world), clock: c.world.clock, random: () => 0, onEvent });
      expect(result.status).to.equal('succeeded');
      expect(gaps, 'events at which the alias had no single holder').to.deep.equal([]);
      expect([
        c.world.callCount('UpdateDomainAssociation'),
        c.world.callCount('AssociateAlias'),
        c.world.callCount('UpdateDistribution'),
      ]).to.deep.equal([1, 0, 0]);
      expect(planHasChanges(await plan(c))).to.equal(false);
    });

    it(`moves ${m.name} when CloudFront asks for the TXT record: creates ${m.txt}, waits, retries once, journals it`, async () => {
      const c = load(m.dir, { sameAccountMoveRequiresTxt: true });
      const p = await plan(c);
      const journal = new MemoryJournal();
      const result = await applyPlan(p, { provider: createSandboxProvider(c.world), clock: c.world.clock, random: () => 0, journal });
      expect(result.status).to.equal('succeeded');
      expect(c.world.callCount('UpdateDomainAssociation')).to.equal(2);
      const zone = c.world.toDocument().accounts[0]!.hostedZones![0]!;
      const txt = zone.records.find((r) => r.name === m.txt && r.type === 'TXT');
      expect(txt?.values).to.have.length(1);
      const outcome = journal.entries.find((e) => e.type === 'outcome' && e.stepId === `move-alias:${m.alias}`);
      expect(outcome).to.deep.include({ status: 'completed' });
      expect((outcome as { txtProof?: { name: string } }).txtProof?.name).to.equal(m.txt);
      expect(planHasChanges(await plan(c))).to.equal(false);
    });
  }

  it('moves a domain between two tenants and converges', async () => {
    const c = load(join(FIXTURES, 'worlds', 'tenant-to-tenant'));
    const p = await plan(c);
    expect(p.diagnostics).to.deep.equal([]);
    const result = await applyPlan(p, { provider: createSandboxProvider(c.world), clock: c.world.clock, random: () => 0 });
    expect(result.status).to.equal('succeeded');
    expect(holders(c.world, 'shop.example.com')).to.deep.equal([c.desired.aliases[0]!.target]);
    expect(planHasChanges(await plan(c))).to.equal(false);
  });

  it("reports an alias held by another account's tenant, masked, before any write, and blocks with the documented routes", async () => {
    const c = load(join(FIXTURES, 'worlds', 'foreign-tenant-owner'));
    const p = await plan(c);
    expect(MUTATING.map((op) => c.world.callCount(op))).to.deep.equal(MUTATING.map(() => 0));
    const [d] = p.diagnostics;
    expect(d).to.deep.include({ severity: 'error', code: 'foreign-owner', alias: 'partner.example.com' });
    expect(d!.message).to.match(
      /^partner\.example\.com is held by distribution tenant \*+[A-Za-z0-9]+ of account \*{6}\d{6}, which cfalias cannot reach/,
    );
    expect(d!.remediation).to.include('declare it in accounts:');
    expect(d!.remediation).to.include('otherwise the owner of account');
    expect(d!.remediation).to.include('(b) disable distribution tenant');
    expect(d!.remediation).to.include('(c) with distribution tenant');
    expect(p.steps).to.deep.equal([]);
  });

  it('reads the inventory when one alias has no covering resource: that alias is an unknown owner, every other alias plans', async () => {
    const c = load(join(FIXTURES, 'worlds', 'no-covering-resource'));
    const inventory = await createSandboxProvider(c.world).readInventory(inventoryScope(c.desired));
    expect(inventory.unknownOwners?.map((u) => u.alias)).to.deep.equal(['www.example.org']);
    const p = planCutover(c.desired, inventory, { now: new Date(c.world.clock.now()) });
    expect(p.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    expect(p.changes.find((x) => x.alias === 'www.example.com')).to.deep.include({ action: 'move', strategy: 'move' });
    expect(c.world.callCount('ListDomainConflicts')).to.equal(0);
  });

  it('plans onto a distribution with an IAM certificate: covered, no region finding, not "the default certificate"', async () => {
    const c = load(join(FIXTURES, 'worlds', 'iam-certificate'));
    const p = await plan(c);
    expect(p.diagnostics).to.deep.equal([]);
    const result = await applyPlan(p, { provider: createSandboxProvider(c.world), clock: c.world.clock, random: () => 0 });
    expect(result.status).to.equal('succeeded');
    expect(planHasChanges(await plan(c))).to.equal(false);
  });
});
