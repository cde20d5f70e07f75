/**
 * Minimal reproductions of engine bugs the fault suite found (docs/fault-suite.md "Bugs found"),
 * kept as regression tests. Each title states the behaviour the engine must keep. A new bug is
 * written with `bugWhileOpen` (skipped unless `CFALIAS_FAULTS_STRICT=1`) until the engine does what
 * its title says; then it becomes a plain `it` and its cells leave the fault matrix's `knownGap`.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { applyPlan, MemoryJournal, parseDesiredState, readPlanDocument, resumeApply, PlanFileError, type ApplyResult } from '@cfalias/core';
import { createSandboxProvider, SandboxWorld, type WorldDocument } from '@cfalias/providers';
import { FIXTURES } from '../support/fixture-files.js';
import { loadCutover, planNow } from '../support/cutover.js';
import { planOn } from './support/demo-world.js';
import { holdersByAlias, routingRecords } from './support/invariants.js';

const STRICT = (process.env['CFALIAS_FAULTS_STRICT'] ?? '') !== '';
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- how the next open bug is written; unused while none is open
const bugWhileOpen = STRICT ? it : it.skip;

const BLUE = 'E1BLUE7QX4M2ZK';
const GREEN = 'E2GREEN5T8W3PR';
const ZONE = 'Z1D633PJN98FT9';

function holders(doc: WorldDocument, alias: string): string[] {
  return (holdersByAlias(doc).get(alias) ?? []).map((h) => h.id);
}

/**
 * E0DISTAQ7K2M and E1DISTBQ7K2M (certificates c0 and c1, both for example.com and *.example.com)
 * and zone example.com.: `alias` is on `holder`, and its A record is an alias of E0's domain.
 */
function twoDistributionWorld(alias: string, holder: string): WorldDocument {
  const distribution = (id: string, domainName: string, certificate: string) => ({
    id,
    domainName,
    enabled: true,
    status: 'Deployed' as const,
    aliases: id === holder ? [alias] : [],
    certificateArn: `arn:aws:acm:us-east-1:111111111111:certificate/${certificate}`,
  });
  return {
    version: 1,
    caller: '111111111111',
    now: '2026-12-01T02:00:00Z',
    accounts: [
      {
        id: '111111111111',
        distributions: [
          distribution('E0DISTAQ7K2M', 'd0dista.cloudfront.net', 'c0'),
          distribution('E1DISTBQ7K2M', 'd1distb.cloudfront.net', 'c1'),
        ],
        certificates: ['c0', 'c1'].map((c) => ({
          arn: `arn:aws:acm:us-east-1:111111111111:certificate/${c}`,
          domainName: 'example.com',
          subjectAlternativeNames: ['example.com', '*.example.com'],
          status: 'ISSUED' as const,
          notAfter: '2027-09-30T23:59:59Z',
        })),
        hostedZones: [
          {
            id: 'Z1COMZONE',
            name: 'example.com.',
            records: [
              { name: `${alias}.`, type: 'A', aliasTarget: { dnsName: 'd0dista.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
            ],
          },
        ],
      },
    ],
  };
}

/** Zone example.com. whose apex alias is on E0DISTAQ7K2M (its A alias record points there), and an empty E1DISTBQ7K2M. */
function apexWorld(): WorldDocument {
  return twoDistributionWorld('example.com', 'E0DISTAQ7K2M');
}

describe('engine bugs the fault suite found, as regressions', () => {
  // swap: a.example.com blue → green and b.example.com green → blue, detach-attach. Blue's removal
  // of a fails for good; green's removal of b had already landed. b's add to blue depends on the
  // batched mid DNS change, which depends on blue's failed branch, and no rollback covered phase 1.
  // The executor now activates, once the forward walk has settled, the recipes of triggers an
  // upstream failure blocked: b goes back to green; a never left blue, so its recipe skips.
  // (The fault is InternalError, not Throttling: throttled attempts have their own budget.)
  it("a failed phase-1 removal does not leave the sibling removal's alias on no distribution (swap, blue p1 fails for good)", async () => {
    const cutover = loadCutover(join(FIXTURES, 'scenarios', 'swap'));
    const plan = await planNow(cutover);
    cutover.world.addFault({ operation: 'UpdateDistribution', resource: BLUE, error: 'InternalError', times: 100 });
    const journal = new MemoryJournal();
    const events: string[] = [];
    const result = await applyPlan(plan, {
      provider: createSandboxProvider(cutover.world),
      clock: cutover.world.clock,
      random: () => 0,
      journal,
      retry: { maxAttempts: 1 },
      onEvent: (e) => {
        if (e.type === 'rollback-start') events.push(`${e.type} ${e.trigger} ${e.error?.message ?? ''}`);
        if (e.type === 'rollback-done') events.push(`${e.type} ${e.trigger}`);
      },
    });
    const cause = 'UpdateDistribution: We encountered an internal error. Please try again (injected)';
    expect(events).to.deep.equal([
      `rollback-start update-aliases:${BLUE}:p2 ${cause}`,
      `rollback-start update-aliases:${GREEN}:p2 ${cause}`,
      `rollback-done update-aliases:${GREEN}:p2`,
      `rollback-done update-aliases:${BLUE}:p2`,
    ]);
    // Every recipe that ran succeeded, and the only other failure is what blocked their triggers.
    expect(result.status).to.equal('rolled-back');
    expect(result.failed.map((f) => `${f.stepId}: ${f.error.message}`)).to.deep.equal([`update-aliases:${BLUE}:p1: ${cause}`]);
    expect(result.rollbacks?.map((r) => `${r.trigger} ${r.aliases.map((a) => a.alias).join(',')} ${r.status}`)).to.deep.equal([
      `update-aliases:${BLUE}:p2 b.example.com done`,
      `update-aliases:${GREEN}:p2 a.example.com done`,
    ]);
    // Only b left its source: its re-add to green ran (and deployed); the rest found its postcondition.
    expect(result.completed.filter((id) => id.startsWith('rollback:'))).to.deep.equal([
      `rollback:${BLUE}:update-aliases:${GREEN}`,
      `rollback:${BLUE}:wait-deployed:${GREEN}`,
      `rollback:${BLUE}:verify:${GREEN}`,
      `rollback:${GREEN}:verify:${BLUE}`,
    ]);
    expect(result.skipped).to.deep.equal([
      `rollback:${BLUE}:change-dns:${ZONE}`,
      `rollback:${BLUE}:wait-dns:${ZONE}`,
      `rollback:${GREEN}:change-dns:${ZONE}`,
      `rollback:${GREEN}:wait-dns:${ZONE}`,
      `rollback:${GREEN}:update-aliases:${BLUE}`,
      `rollback:${GREEN}:wait-deployed:${BLUE}`,
    ]);
    const expectBackOnSources = (doc: WorldDocument): void => {
      expect(holders(doc, 'a.example.com')).to.deep.equal([BLUE]);
      expect(holders(doc, 'b.example.com')).to.deep.equal([GREEN]);
      const domains = Object.fromEntries(doc.accounts[0]!.distributions!.map((d) => [d.id, d.domainName]));
      for (const [alias, holder] of [
        ['a.example.com', BLUE],
        ['b.example.com', GREEN],
      ] as const) {
        const managed = cutover.desired.aliases.find((a) => a.alias === alias)!;
        const records = routingRecords(doc, managed).map((r) => (r.values?.[0] ?? r.aliasTarget?.dnsName)?.replace(/\.$/, ''));
        expect(records, alias).to.deep.equal([domains[holder]]);
      }
    };
    expectBackOnSources(cutover.world.toDocument());

    // The process dies before `apply-end`; resume with the fault gone: blue's removal and the mid
    // DNS change prepared only the cutover the rollbacks gave up, so they do not run.
    expect(journal.entries.at(-1)?.type).to.equal('apply-end');
    const crashed = new MemoryJournal();
    for (const entry of journal.entries.slice(0, -1)) crashed.append(entry);
    const world = SandboxWorld.fromDocument({ ...cutover.world.toDocument(), faults: [] });
    const resumed = await resumeApply(crashed.entries, {
      provider: createSandboxProvider(world),
      clock: world.clock,
      random: () => 0,
      journal: crashed,
    });
    expect(resumed.status).to.equal('rolled-back');
    expect(resumed.failed).to.deep.equal([]);
    expect(resumed.completed).to.deep.equal([]);
    expect(world.callCount('UpdateDistribution')).to.equal(0);
    expect(world.callCount('ChangeResourceRecordSets')).to.equal(0);
    expectBackOnSources(world.toDocument());
  });

  // An apex alias moved by AssociateAlias needed `_example.com.`, which is not inside the zone
  // `example.com.`: Route 53 refused the pre change on every run, so the plan could never succeed.
  // Now a same-account move plans no TXT record (UpdateDomainAssociation, which AWS says works for
  // apex domains), and the record it would create if CloudFront asked is `_.example.com.`, inside
  // the apex's own zone.
  it('a `move` of a zone-apex alias planned its TXT `_example.com.` inside zone example.com. (Route 53 refuses it)', async () => {
    const doc = apexWorld();
    const desired = parseDesiredState('version: 1\naliases:\n  example.com: E1DISTBQ7K2M\n', 'cfalias.yaml').state!;
    const world = SandboxWorld.fromDocument(doc);
    const plan = await planOn(desired, world);
    expect(plan.changes.map((c) => `${c.alias} ${c.action} ${c.strategy}`)).to.deep.equal(['example.com move move']);
    expect(plan.steps.filter((s) => s.kind === 'change-dns').map((s) => s.id)).to.deep.equal(['change-dns:Z1COMZONE:post']);
    const result = await applyPlan(plan, { provider: createSandboxProvider(world), clock: world.clock, random: () => 0 });
    expect(result.status).to.equal('succeeded');
    expect(result.failed.map((f) => `${f.stepId}: ${f.error.message}`)).to.deep.equal([]);
    expect(holders(world.toDocument(), 'example.com')).to.deep.equal(['E1DISTBQ7K2M']);

    // The apex of a delegated subzone moves the same way: no TXT record, no gap.
    const account = doc.accounts[0]!;
    const delegated = SandboxWorld.fromDocument({
      ...doc,
      accounts: [
        {
          ...account,
          distributions: (account.distributions ?? []).map((d) => ({ ...d, aliases: d.id === 'E0DISTAQ7K2M' ? ['shop.example.com'] : [] })),
          hostedZones: [
            { id: 'Z1COMZONE', name: 'example.com.', records: [] },
            {
              id: 'Z2SHOPZONE',
              name: 'shop.example.com.',
              records: [
                {
                  name: 'shop.example.com.',
                  type: 'A',
                  aliasTarget: { dnsName: 'd0dista.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' },
                },
              ],
            },
          ],
        },
      ],
    });
    const shopPlan = await planOn(
      parseDesiredState('version: 1\naliases:\n  shop.example.com: E1DISTBQ7K2M\n', 'cfalias.yaml').state!,
      delegated,
    );
    expect(shopPlan.changes.map((c) => `${c.alias} ${c.action} ${c.strategy}`)).to.deep.equal(['shop.example.com move move']);
    expect(shopPlan.steps.filter((s) => s.kind === 'change-dns').map((s) => s.id)).to.deep.equal(['change-dns:Z2SHOPZONE:post']);
    const shopResult = await applyPlan(shopPlan, { provider: createSandboxProvider(delegated), clock: delegated.clock, random: () => 0 });
    expect(shopResult.failed.map((f) => `${f.stepId}: ${f.error.message}`)).to.deep.equal([]);
    expect(shopResult.status).to.equal('succeeded');
    const after = delegated.toDocument();
    expect(holders(after, 'shop.example.com')).to.deep.equal(['E1DISTBQ7K2M']);
    expect(
      (after.accounts[0]!.hostedZones ?? [])
        .find((z) => z.id === 'Z1COMZONE')!
        .records.map((r) => `${r.name} ${r.type} ${r.values?.join(' ')}`),
    ).to.deep.equal([]);
  });

  // swap with green's phase-2 add of a failing for good: the rollback puts a back on blue, but
  // blue's forward verify (which depends on blue's own p2 add of b, not on the trigger) still runs
  // and finds a there: the apply ends `stale` and a resume of its journal stays stale.
  it("after a completed rollback the apply reports `rolled-back`, and a resume does not stop `stale` on the source's forward verify", async () => {
    const cutover = loadCutover(join(FIXTURES, 'scenarios', 'swap'));
    const plan = await planNow(cutover);
    const journal = new MemoryJournal();
    cutover.world.addFault({ operation: 'UpdateDistribution', resource: GREEN, error: 'InternalError', after: 1, times: 1 });
    const options = {
      provider: createSandboxProvider(cutover.world),
      clock: cutover.world.clock,
      random: () => 0,
      journal,
      retry: { maxAttempts: 1 },
    };
    const result = await applyPlan(plan, options);
    expect(result.rollbacks?.map((r) => r.status)).to.deep.equal(['done']);
    expect(holders(cutover.world.toDocument(), 'a.example.com')).to.deep.equal([BLUE]);
    expect(result.status).to.equal('rolled-back');
    const resumed: ApplyResult = await resumeApply(journal.entries, options);
    expect(resumed.status).to.not.equal('stale');
  });

  // faults scenario (api: blue → green, detach-attach). Green's add lands, its answer is lost, no
  // retry is left: the rollback repoints api's CNAME back to blue, then cannot re-add api to blue
  // (it is on green) and stops. api is served by green while DNS names blue.
  it('a rollback after a lost answer leaves DNS on the target when the add landed there', async () => {
    const cutover = loadCutover(join(FIXTURES, 'scenarios', 'faults'));
    const plan = await planNow(cutover);
    const world = SandboxWorld.fromDocument({
      ...cutover.world.toDocument(),
      faults: [{ operation: 'UpdateDistribution', resource: GREEN, error: 'ConnectionReset', when: 'after' }],
    });
    const result = await applyPlan(plan, {
      provider: createSandboxProvider(world),
      clock: world.clock,
      random: () => 0,
      retry: { maxAttempts: 1 },
    });
    const doc = world.toDocument();
    expect(holders(doc, 'api.example.com')).to.deep.equal([GREEN]);
    void result;
    // Expected: DNS names the holder (the rollback sees the add landed and leaves the move done).
    const managed = cutover.desired.aliases.find((a) => a.alias === 'api.example.com')!;
    const records = routingRecords(doc, managed).map((r) => r.values?.[0] ?? r.aliasTarget?.dnsName);
    expect(records).to.deep.equal(['d2green5t8w3pr.cloudfront.net']);
  });

  // faults scenario, journaled; the apply is aborted right after green's deployment wait, so its
  // verify has not run. Another writer then updates green (a comment), which deploys for 300 s.
  // The resume runs only the verify, which refuses `InProgress` instead of waiting for it.
  it('a resumed verify waits for a distribution another writer has set InProgress instead of stopping stale', async () => {
    const journal = new MemoryJournal();
    const abort = new AbortController();
    const { world, plan } = await (async () => {
      const cutover = loadCutover(join(FIXTURES, 'scenarios', 'faults'));
      const world = SandboxWorld.fromDocument({ ...cutover.world.toDocument(), faults: [] });
      const plan = await planNow({ desired: cutover.desired, world });
      return { world, plan };
    })();
    const result = await applyPlan(plan, {
      provider: createSandboxProvider(world),
      clock: world.clock,
      random: () => 0,
      journal,
      signal: abort.signal,
      onEvent: (e) => {
        if (e.type === 'step-done' && e.step.id === `wait-deployed:${GREEN}:p2`) abort.abort();
      },
    });
    expect(result.notStarted).to.include(`verify:${GREEN}`);
    const { DistributionConfig: config, ETag } = world.getDistributionConfig('111111111111', GREEN);
    world.updateDistribution('111111111111', GREEN, { ...config, Comment: 'another writer' }, ETag);
    const resumed = await resumeApply(journal.entries, {
      provider: createSandboxProvider(world),
      clock: world.clock,
      random: () => 0,
      journal,
    });
    expect(resumed.failed.map((f) => `${f.stepId}: ${f.error.message}`)).to.deep.equal([]);
  });

  // faults scenario with the mid DNS change's answer lost once: the retry finds the records in
  // place and reports the step done, but without a change id, so `wait-dns` has nothing to wait
  // for and green's add runs before the change is INSYNC.
  it('a change-dns whose answer was lost keeps its change id: its wait-dns still waits', async () => {
    const cutover = loadCutover(join(FIXTURES, 'scenarios', 'faults'));
    const plan = await planNow(cutover);
    const world = SandboxWorld.fromDocument({
      ...cutover.world.toDocument(),
      faults: [{ operation: 'ChangeResourceRecordSets', resource: ZONE, error: 'ConnectionReset', when: 'after' }],
    });
    const result = await applyPlan(plan, { provider: createSandboxProvider(world), clock: world.clock, random: () => 0 });
    expect(result.status).to.equal('succeeded');
    expect(result.skipped).to.not.include(`wait-dns:${ZONE}:mid`);
  });

  // a.example.com on E1 moves to E0 by detach-attach with `dns: none`; its (unmanaged) A record
  // already points at E0. E0's add fails for good; the rollback re-added a to E1, which CloudFront
  // refuses (DNS points at another distribution), and every resume repeated that rollback. The plan
  // now has no recipe for a (warning `rollback-unavailable`), so a resume finishes the move.
  it('an alias whose DNS points at the target gets no rollback that can never succeed: a resume finishes its move', async () => {
    const doc = twoDistributionWorld('a.example.com', 'E1DISTBQ7K2M');
    const desired = parseDesiredState(
      'version: 1\ndefaults:\n  dns: none\naliases:\n  a.example.com:\n    distribution: E0DISTAQ7K2M\n    strategy: detach-attach\n',
      'cfalias.yaml',
    ).state!;
    const world = SandboxWorld.fromDocument(doc);
    const plan = await planOn(desired, world);
    expect(plan.diagnostics.map((d) => `${d.severity} ${d.code} ${d.alias}`)).to.deep.equal(['warning rollback-unavailable a.example.com']);
    expect(plan.rollbacks).to.equal(undefined);
    world.addFault({ operation: 'UpdateDistribution', resource: 'E0DISTAQ7K2M', error: 'InternalError', times: 1 });
    const journal = new MemoryJournal();
    const options = { provider: createSandboxProvider(world), clock: world.clock, random: () => 0, journal, retry: { maxAttempts: 1 } };
    const result = await applyPlan(plan, options);
    expect(result.status).to.not.equal('succeeded');
    expect(result.rollbacks ?? []).to.deep.equal([]);
    const resumed = await resumeApply(journal.entries, options);
    expect(resumed.status).to.equal('succeeded');
    expect(holders(world.toDocument(), 'a.example.com')).to.deep.equal(['E0DISTAQ7K2M']);
  });

  it('a plan file that is not valid JSON is refused with its line and column', () => {
    let error: unknown;
    try {
      readPlanDocument('{\n  "formatVersion": 1,\n}\n');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).to.be.instanceOf(PlanFileError);
    expect((error as Error).message).to.equal('the plan is not valid JSON: line 3, column 1: Expected double-quoted property name');
  });
});
