/**
 * Rollback on the sandbox: planner-built detach-attach plans whose phase-2 add fails after the
 * sources let the aliases go. Figures from the world's settings (deploySeconds 300, dnsSyncSeconds
 * 30, no API latency): forward phase 1 is remove (0 s) → wait 300 → DNS to green → wait 30, so the
 * add fails at 330 s; the recipe is DNS back to blue → wait 30 → re-add to blue → wait 300 →
 * verify, so a rollback ends at 660 s.
 */
import { expect } from 'chai';
import {
  applyPlan,
  inventoryScope,
  MemoryJournal,
  parseDesiredState,
  planCutover,
  reconcileJournal,
  resumeApply,
  SimulatedClock,
  type JournalEntry,
  type Plan,
} from '@cfalias/core';
import { readFileSync } from 'node:fs';
import { createSandboxProvider, parseWorldDocument, SandboxWorld, type WorldDocument } from '../sandbox/index.js';
import { BLUE, GREEN, rig, seconds, worldDocument, ZONE, type Rig } from '../testing/apply-rig.js';

const TRIGGER = `update-aliases:${GREEN}:p2`;
const RB = `rollback:${GREEN}:`;

/** www (A alias) and api (CNAME) both move blue → green by detach-attach. */
const BOTH_DETACH_ATTACH = `version: 1
distributions: { blue: ${BLUE}, green: ${GREEN} }
aliases:
  www.example.com: { distribution: green, strategy: detach-attach }
  api.example.com: { distribution: green, strategy: detach-attach }
`;

async function planFor(r: Rig, yaml: string): Promise<Plan> {
  const desired = parseDesiredState(yaml, 'cfalias.yaml').state!;
  return planCutover(desired, await r.provider.readInventory(inventoryScope(desired)), { now: new Date(r.clock.now()) });
}

/** The target's certificate stops covering the aliases between the plan and the add. */
const certificateGone = (): WorldDocument =>
  worldDocument({ faults: [{ operation: 'UpdateDistribution', resource: GREEN, error: 'InvalidViewerCertificate', times: 1 }] });

async function aliasesOf(r: Rig, id: string): Promise<readonly string[]> {
  return [...(await r.provider.readDistribution(id)).aliases].sort();
}

/** Where each name's routing record points (A alias target or CNAME value). */
async function dnsTargets(r: Rig): Promise<Record<string, string | undefined>> {
  const records = await r.provider.readRecords(ZONE, ['api.example.com.', 'www.example.com.']);
  const target = (name: string): string | undefined => {
    const rec = records.find((x) => x.name === name && x.type !== 'TXT');
    return rec?.aliasTarget?.dnsName ?? rec?.values?.[0];
  };
  return { api: target('api.example.com.'), www: target('www.example.com.') };
}

const journaled = (entries: readonly JournalEntry[]): string[] =>
  entries.map((e) =>
    'stepId' in e ? `${e.type} ${e.stepId}` : e.type === 'rollback-start' || e.type === 'rollback-end' ? `${e.type} ${e.trigger}` : e.type,
  );

describe('rollback on the sandbox', () => {
  it('the plan carries one recipe for the phase-2 add (planner contract the executor relies on)', async () => {
    const r = rig(worldDocument());
    const plan = await planFor(r, BOTH_DETACH_ATTACH);
    expect(plan.rollbacks?.map((x) => [x.trigger, x.steps.map((s) => s.id)])).to.deep.equal([
      [
        TRIGGER,
        [
          `${RB}change-dns:${ZONE}`,
          `${RB}wait-dns:${ZONE}`,
          `${RB}update-aliases:${BLUE}`,
          `${RB}wait-deployed:${BLUE}`,
          `${RB}verify:${BLUE}`,
        ],
      ],
    ]);
  });

  it('target certificate no longer covers the aliases: both go back to blue, DNS too, status rolled-back', async () => {
    const r = rig(certificateGone());
    const plan = await planFor(r, BOTH_DETACH_ATTACH);
    const journal = new MemoryJournal();
    const result = await r.apply(plan, { journal, runId: 'run-1' });

    expect(result.status).to.equal('rolled-back');
    expect(result.failed.map((f) => [f.stepId, f.error.name])).to.deep.equal([[TRIGGER, 'InvalidCertificateError']]);
    expect(result.notStarted).to.deep.equal([`wait-deployed:${GREEN}:p2`, `verify:${GREEN}`]);
    expect(result.rollbacks).to.deep.equal([
      {
        trigger: TRIGGER,
        aliases: [
          { alias: 'api.example.com', source: BLUE, target: GREEN },
          { alias: 'www.example.com', source: BLUE, target: GREEN },
        ],
        status: 'done',
      },
    ]);
    expect(result.completed.filter((id) => id.startsWith('rollback:'))).to.deep.equal([
      `${RB}change-dns:${ZONE}`,
      `${RB}wait-dns:${ZONE}`,
      `${RB}update-aliases:${BLUE}`,
      `${RB}wait-deployed:${BLUE}`,
      `${RB}verify:${BLUE}`,
    ]);
    expect(seconds(result)).to.equal(660);

    expect(await aliasesOf(r, BLUE)).to.deep.equal(['api.example.com', 'www.example.com']);
    expect(await aliasesOf(r, GREEN)).to.deep.equal([]);
    expect(await dnsTargets(r)).to.deep.equal({ api: 'd1blue.cloudfront.net', www: 'd1blue.cloudfront.net.' });
    // remove, the refused add, the re-add; DNS there and back.
    expect(r.world.callCount('UpdateDistribution')).to.equal(3);
    expect(r.world.callCount('ChangeResourceRecordSets')).to.equal(2);

    const rollbackEvents = r.events.filter((e) => e.type.startsWith('rollback-'));
    expect(rollbackEvents.map((e) => [e.type, (e.at - Date.parse('2026-01-01T00:00:00Z')) / 1000])).to.deep.equal([
      ['rollback-start', 330],
      ['rollback-done', 660],
    ]);
    const start = rollbackEvents[0]!;
    expect(start.type === 'rollback-start' && start.error?.name).to.equal('InvalidCertificateError');

    const lines = journaled(journal.entries);
    expect(lines.slice(lines.indexOf(`intent ${TRIGGER}`), lines.indexOf(`intent ${TRIGGER}`) + 4)).to.deep.equal([
      `intent ${TRIGGER}`,
      `outcome ${TRIGGER}`,
      `rollback-start ${TRIGGER}`,
      `intent ${RB}change-dns:${ZONE}`,
    ]);
    expect(journaled(journal.entries).slice(-2)).to.deep.equal([`rollback-end ${TRIGGER}`, 'apply-end']);
    expect(journal.entries.at(-2)).to.deep.include({ status: 'done' });
    expect(journal.entries.at(-1)).to.deep.include({ status: 'rolled-back' });

    // A rolled-back run is finished: resuming it changes nothing.
    const state = reconcileJournal(journal.entries);
    expect([state.finished, state.rollbacks]).to.deep.equal([true, [{ trigger: TRIGGER, status: 'done' }]]);
    const before = r.mutatingCalls();
    const again = await resumeApply(journal.entries, { provider: r.provider, clock: r.clock });
    expect(again.status).to.equal('rolled-back');
    expect(r.mutatingCalls()).to.equal(before);
  });

  it("onFailure 'stop': stops with both aliases on no distribution, reported; resume after the fix finishes the cutover", async () => {
    const r = rig(certificateGone());
    const plan = await planFor(r, BOTH_DETACH_ATTACH);
    const journal = new MemoryJournal();
    const result = await r.apply(plan, { journal, runId: 'run-1', onFailure: 'stop' });

    expect(result.status).to.equal('failed');
    expect(result.failed.map((f) => [f.stepId, f.error.name])).to.deep.equal([[TRIGGER, 'InvalidCertificateError']]);
    expect(result.rollbacks).to.deep.equal([
      {
        trigger: TRIGGER,
        aliases: [
          { alias: 'api.example.com', source: BLUE, target: GREEN },
          { alias: 'www.example.com', source: BLUE, target: GREEN },
        ],
        status: 'stopped',
      },
    ]);
    expect(r.events.filter((e) => e.type.startsWith('rollback-'))).to.deep.equal([]);
    expect(await aliasesOf(r, BLUE)).to.deep.equal([]);
    expect(await aliasesOf(r, GREEN)).to.deep.equal([]);
    expect(await dnsTargets(r)).to.deep.equal({ api: 'd2green.cloudfront.net', www: 'd2green.cloudfront.net.' });

    // The fault was a one-off (the certificate was fixed): resume runs the add and what follows.
    const resumed = await resumeApply(journal.entries, { provider: r.provider, clock: r.clock, journal, random: () => 0.5 });
    expect(resumed.status).to.equal('succeeded');
    expect(resumed.completed).to.deep.equal([TRIGGER, `wait-deployed:${GREEN}:p2`, `verify:${GREEN}`]);
    expect(await aliasesOf(r, GREEN)).to.deep.equal(['api.example.com', 'www.example.com']);
    expect(r.world.callCount('UpdateDistribution')).to.equal(3);
  });

  it('an abort in the middle of a rollback: resume continues the rollback, never the failed add', async () => {
    const r = rig(certificateGone());
    const plan = await planFor(r, BOTH_DETACH_ATTACH);
    const journal = new MemoryJournal();
    const abort = new AbortController();
    const result = await r.apply(plan, {
      journal,
      runId: 'run-1',
      signal: abort.signal,
      onEvent: (e) => {
        if (e.type === 'step-done' && e.step.id === `${RB}change-dns:${ZONE}`) abort.abort();
      },
    });
    expect(result.status).to.equal('aborted');
    expect(result.rollbacks?.map((x) => x.status)).to.deep.equal(['incomplete']);
    expect(result.notStarted.filter((id) => id.startsWith('rollback:'))).to.deep.equal([
      `${RB}wait-dns:${ZONE}`,
      `${RB}update-aliases:${BLUE}`,
      `${RB}wait-deployed:${BLUE}`,
      `${RB}verify:${BLUE}`,
    ]);
    expect(reconcileJournal(journal.entries).rollbacks).to.deep.equal([{ trigger: TRIGGER, status: 'started' }]);

    const greenWrites = (): number => r.world.calls.filter((c) => c.operation === 'UpdateDistribution' && c.resource === GREEN).length;
    const writesToGreen = greenWrites();
    const resumed = await resumeApply(journal.entries, { provider: r.provider, clock: r.clock, journal, random: () => 0.5 });
    expect(resumed.status).to.equal('rolled-back');
    expect(resumed.completed).to.deep.equal([
      `${RB}wait-dns:${ZONE}`,
      `${RB}update-aliases:${BLUE}`,
      `${RB}wait-deployed:${BLUE}`,
      `${RB}verify:${BLUE}`,
    ]);
    expect(greenWrites()).to.equal(writesToGreen);
    expect(await aliasesOf(r, BLUE)).to.deep.equal(['api.example.com', 'www.example.com']);
    expect(journal.entries.at(-2)).to.deep.include({ type: 'rollback-end', trigger: TRIGGER, status: 'done' });
  });

  it('the add landed but its answer was lost: no rollback, the trigger counts as done and the cutover goes on', async () => {
    const r = rig(
      worldDocument({ faults: [{ operation: 'UpdateDistribution', resource: GREEN, error: 'ConnectionReset', when: 'after' }] }),
    );
    const plan = await planFor(r, BOTH_DETACH_ATTACH);
    const result = await r.apply(plan, { retry: { maxAttempts: 1 } });
    expect(result.status).to.equal('succeeded');
    expect(result.rollbacks).to.equal(undefined);
    expect(result.completed).to.include(TRIGGER);
    expect(await aliasesOf(r, GREEN)).to.deep.equal(['api.example.com', 'www.example.com']);
    expect(await dnsTargets(r)).to.deep.equal({ api: 'd2green.cloudfront.net', www: 'd2green.cloudfront.net.' });
    expect(r.world.callCount('ChangeResourceRecordSets')).to.equal(1);
  });

  it('planned swap, green’s add refused: a goes back to blue beside b, and blue’s forward verify expects both', async () => {
    // fixtures/scenarios/swap (dnsSyncSeconds 60): phase 1 ends at 360 s; a's add to green fails
    // there; the recipe takes 60 + 300 s; blue's forward verify waits for the recipe's: 720 s.
    const dir = new URL('../../../../fixtures/scenarios/swap/', import.meta.url);
    const doc = parseWorldDocument(readFileSync(new URL('world.json', dir), 'utf8'), 'swap/world.json');
    const world = SandboxWorld.fromDocument(
      { ...doc, faults: [{ operation: 'UpdateDistribution', resource: 'E2GREEN5T8W3PR', error: 'InvalidViewerCertificate', after: 1 }] },
      { clock: new SimulatedClock(Date.parse(doc.now!)) },
    );
    const provider = createSandboxProvider(world);
    const desired = parseDesiredState(readFileSync(new URL('cfalias.yaml', dir), 'utf8'), 'swap/cfalias.yaml').state!;
    const plan = planCutover(desired, await provider.readInventory(inventoryScope(desired)), { now: new Date(world.clock.now()) });
    const result = await applyPlan(plan, { provider, clock: world.clock, random: () => 0.5 });
    expect(result.status).to.equal('rolled-back');
    expect(result.failed.map((f) => f.stepId)).to.deep.equal(['update-aliases:E2GREEN5T8W3PR:p2']);
    expect(result.completed).to.include('verify:E1BLUE7QX4M2ZK');
    expect((result.finishedAt - result.startedAt) / 1000).to.equal(720);
    expect([...(await provider.readDistribution('E1BLUE7QX4M2ZK')).aliases].sort()).to.deep.equal(['a.example.com', 'b.example.com']);
    expect((await provider.readDistribution('E2GREEN5T8W3PR')).aliases).to.deep.equal([]);
  });

  describe('planned swap, blue’s removal fails for good after green’s removal landed: the started move is rolled back', () => {
    // fixtures/scenarios/swap: a blue → green, b green → blue. Blue's p1 fails at 0 s; green's p1
    // lands and deploys by 300 s; b's add to blue (a trigger) is blocked by blue's failure through
    // the batched mid DNS change. The walk settles at 300 s.
    const BLUE_ID = 'E1BLUE7QX4M2ZK';
    const GREEN_ID = 'E2GREEN5T8W3PR';
    const swapRig = async (
      failing: readonly string[] = [BLUE_ID],
    ): Promise<{ world: SandboxWorld; provider: ReturnType<typeof createSandboxProvider>; plan: Plan }> => {
      const dir = new URL('../../../../fixtures/scenarios/swap/', import.meta.url);
      const doc = parseWorldDocument(readFileSync(new URL('world.json', dir), 'utf8'), 'swap/world.json');
      const world = SandboxWorld.fromDocument(
        { ...doc, faults: failing.map((resource) => ({ operation: 'UpdateDistribution', resource, error: 'InternalError', times: 100 })) },
        { clock: new SimulatedClock(Date.parse(doc.now!)) },
      );
      const provider = createSandboxProvider(world);
      const desired = parseDesiredState(readFileSync(new URL('cfalias.yaml', dir), 'utf8'), 'swap/cfalias.yaml').state!;
      const plan = planCutover(desired, await provider.readInventory(inventoryScope(desired)), { now: new Date(world.clock.now()) });
      return { world, provider, plan };
    };
    const holdersOf = (world: SandboxWorld): Record<string, string[]> => {
      const doc = world.toDocument();
      const held: Record<string, string[]> = { 'a.example.com': [], 'b.example.com': [] };
      for (const d of doc.accounts[0]!.distributions ?? []) for (const alias of d.aliases) held[alias]?.push(d.id);
      return held;
    };

    it("onFailure 'rollback': the blocked triggers' recipes run once the walk settles; only b really goes back (to green)", async () => {
      const { world, provider, plan } = await swapRig();
      const journal = new MemoryJournal();
      const result = await applyPlan(plan, {
        provider,
        clock: world.clock,
        random: () => 0.5,
        journal,
        runId: 'run-1',
        retry: { maxAttempts: 1 },
      });
      expect(result.status).to.equal('rolled-back');
      expect(result.failed.map((f) => f.stepId)).to.deep.equal([`update-aliases:${BLUE_ID}:p1`]);
      expect(result.rollbacks?.map((x) => `${x.trigger} ${x.status}`)).to.deep.equal([
        `update-aliases:${BLUE_ID}:p2 done`,
        `update-aliases:${GREEN_ID}:p2 done`,
      ]);
      // Settled at 300 s; b's re-add to green deploys for 300 s more.
      expect((result.finishedAt - result.startedAt) / 1000).to.equal(600);
      expect(holdersOf(world)).to.deep.equal({ 'a.example.com': [BLUE_ID], 'b.example.com': [GREEN_ID] });
      // One failed write to blue, green's removal and b's re-add: a's recipe wrote nothing to blue.
      expect(world.calls.filter((c) => c.operation === 'UpdateDistribution').map((c) => `${c.resource} ${c.outcome}`)).to.deep.equal([
        `${BLUE_ID} InternalError`,
        `${GREEN_ID} ok`,
        `${GREEN_ID} ok`,
      ]);
      expect(world.callCount('ChangeResourceRecordSets')).to.equal(0);
      const starts = journal.entries.filter((e) => e.type === 'rollback-start');
      expect(starts.map((e) => [e.trigger, e.error.name])).to.deep.equal([
        [`update-aliases:${BLUE_ID}:p2`, 'TransientError'],
        [`update-aliases:${GREEN_ID}:p2`, 'TransientError'],
      ]);
      expect(reconcileJournal(journal.entries).rollbacks).to.deep.equal([
        { trigger: `update-aliases:${BLUE_ID}:p2`, status: 'done' },
        { trigger: `update-aliases:${GREEN_ID}:p2`, status: 'done' },
      ]);

      // The run is finished (rolled-back); had it died before `apply-end`, resume (fault still
      // there) would not run blue's removal or the mid DNS change: they prepared only the cutover
      // the rollbacks gave up. Nothing runs; the rollbacks are reported done.
      expect(reconcileJournal(journal.entries).finished).to.equal(true);
      const crashed = new MemoryJournal();
      for (const entry of journal.entries.slice(0, -1)) crashed.append(entry);
      expect(reconcileJournal(crashed.entries).finished).to.equal(false);
      const resumed = await resumeApply(crashed.entries, { provider, clock: world.clock, journal: crashed, random: () => 0.5 });
      expect(resumed.status).to.equal('rolled-back');
      expect(resumed.completed).to.deep.equal([]);
      expect(resumed.rollbacks?.map((x) => x.status)).to.deep.equal(['done', 'done']);
      expect(resumed.notStarted).to.include.members([`update-aliases:${BLUE_ID}:p1`, 'change-dns:Z1D633PJN98FT9:mid']);
      expect(world.callCount('UpdateDistribution')).to.equal(3);
      expect(holdersOf(world)).to.deep.equal({ 'a.example.com': [BLUE_ID], 'b.example.com': [GREEN_ID] });
    });

    it('both removals fail: both recipes run and write nothing (no alias left its source); status rolled-back', async () => {
      const { world, provider, plan } = await swapRig([BLUE_ID, GREEN_ID]);
      const result = await applyPlan(plan, { provider, clock: world.clock, random: () => 0.5, retry: { maxAttempts: 1 } });
      expect(result.status).to.equal('rolled-back');
      expect(result.failed.map((f) => f.stepId)).to.deep.equal([`update-aliases:${BLUE_ID}:p1`, `update-aliases:${GREEN_ID}:p1`]);
      expect(result.rollbacks?.map((x) => x.status)).to.deep.equal(['done', 'done']);
      expect(result.completed).to.deep.equal([`rollback:${BLUE_ID}:verify:${GREEN_ID}`, `rollback:${GREEN_ID}:verify:${BLUE_ID}`]);
      expect(world.calls.filter((c) => c.operation === 'UpdateDistribution').map((c) => `${c.resource} ${c.outcome}`)).to.deep.equal([
        `${BLUE_ID} InternalError`,
        `${GREEN_ID} InternalError`,
      ]);
      expect(world.callCount('ChangeResourceRecordSets')).to.equal(0);
      expect(holdersOf(world)).to.deep.equal({ 'a.example.com': [BLUE_ID], 'b.example.com': [GREEN_ID] });
    });

    it("onFailure 'stop': as before, no recipe runs and b stays on no distribution until resume", async () => {
      const { world, provider, plan } = await swapRig();
      const result = await applyPlan(plan, {
        provider,
        clock: world.clock,
        random: () => 0.5,
        retry: { maxAttempts: 1 },
        onFailure: 'stop',
      });
      expect(result.status).to.equal('failed');
      expect(result.rollbacks).to.equal(undefined);
      expect((result.finishedAt - result.startedAt) / 1000).to.equal(300);
      expect(holdersOf(world)).to.deep.equal({ 'a.example.com': [BLUE_ID], 'b.example.com': [] });
    });
  });

  describe('CNAMEAlreadyExists race: another account takes the alias after the removal', () => {
    const FOREIGN = 'E9FOREIGNFOREI';
    /** www has no DNS record here (the other account could not have taken it otherwise: the DNS rule). */
    function raceWorld(): WorldDocument {
      const doc = worldDocument();
      const [own] = doc.accounts;
      return {
        ...doc,
        accounts: [
          { ...own!, hostedZones: own!.hostedZones!.map((z) => ({ ...z, records: z.records.filter((x) => !x.name.includes('www')) })) },
          {
            id: '222222222222',
            distributions: [
              {
                id: FOREIGN,
                domainName: 'd9foreign.cloudfront.net',
                enabled: true,
                status: 'Deployed',
                aliases: [],
                certificateArn: 'arn:aws:acm:us-east-1:222222222222:certificate/foreign',
              },
            ],
            certificates: [
              {
                arn: 'arn:aws:acm:us-east-1:222222222222:certificate/foreign',
                domainName: '*.example.com',
                subjectAlternativeNames: ['*.example.com'],
                status: 'ISSUED',
                notAfter: '2027-06-01T00:00:00Z',
              },
            ],
          },
        ],
      };
    }

    function takeWww(r: Rig): void {
      const { DistributionConfig: config, ETag } = r.world.getDistributionConfig('222222222222', FOREIGN);
      r.world.updateDistribution('222222222222', FOREIGN, { ...config, Aliases: { Quantity: 1, Items: ['www.example.com'] } }, ETag);
    }

    it('the add and the rollback are refused as stale, the holder named, the alias reported as taken, not on no distribution', async () => {
      const r = rig(raceWorld());
      const plan = await planFor(
        r,
        `version: 1
distributions: { blue: ${BLUE}, green: ${GREEN} }
aliases:
  www.example.com: { distribution: green, strategy: detach-attach }
`,
      );
      const journal = new MemoryJournal();
      const result = await r.apply(plan, {
        journal,
        runId: 'run-1',
        onEvent: (e) => {
          r.events.push(e);
          if (e.type === 'step-done' && e.step.id === `update-aliases:${BLUE}:p1`) takeWww(r);
        },
      });
      expect(result.status).to.equal('stale');
      expect(result.failed.map((f) => [f.stepId, f.error.name])).to.deep.equal([
        [TRIGGER, 'StalePlanError'],
        [`${RB}update-aliases:${BLUE}`, 'StalePlanError'],
      ]);
      expect(result.failed[0]!.error.message).to.equal(
        `step ${TRIGGER}: not added to ${GREEN}: www.example.com was taken by another writer ` +
          '(now on distribution *******GNFOREI of account ******222222)',
      );
      const refused = result.failed[1]!.error;
      expect(refused.message).to.equal(
        `step ${RB}update-aliases:${BLUE}: cannot put www.example.com back on ${BLUE}: ` +
          'www.example.com is on distribution *******GNFOREI of account ******222222',
      );
      expect(refused).to.have.deep.property('mismatches', [
        {
          field: 'holder of www.example.com',
          expected: 'on no distribution',
          found: 'on distribution *******GNFOREI of account ******222222',
        },
      ]);
      // Read again at the end: www is not on no distribution, it is the other writer's now.
      expect(result.unsettled).to.deep.equal([
        {
          alias: 'www.example.com',
          source: BLUE,
          target: GREEN,
          state: 'taken',
          holder: { distribution: '*******GNFOREI', account: '******222222' },
        },
      ]);
      expect(result.rollbacks).to.deep.equal([
        { trigger: TRIGGER, aliases: [{ alias: 'www.example.com', source: BLUE, target: GREEN }], status: 'failed' },
      ]);
      const failedEvent = r.events.find((e) => e.type === 'rollback-failed');
      expect(failedEvent?.type === 'rollback-failed' && failedEvent.error).to.equal(refused);
      expect(result.notStarted).to.deep.equal([
        // The forward add's dependents (www has no record yet: DNS is created after the add) ...
        `wait-deployed:${GREEN}:p2`,
        `change-dns:${ZONE}:post`,
        `wait-dns:${ZONE}:post`,
        `verify:${GREEN}`,
        // ... and what follows the refused re-add.
        `${RB}wait-deployed:${BLUE}`,
        `${RB}verify:${BLUE}`,
      ]);
      expect(await aliasesOf(r, BLUE)).to.deep.equal(['api.example.com']);
      expect(r.world.distribution(FOREIGN)?.aliases).to.deep.equal(['www.example.com']);
      // A refused write is not retried: remove, the add, the re-add (and the other account's write).
      const writes = r.world.calls.filter((c) => c.operation === 'UpdateDistribution').map((c) => [c.account, c.resource, c.outcome]);
      expect(writes).to.deep.equal([
        ['111111111111', BLUE, 'ok'],
        ['222222222222', FOREIGN, 'ok'],
        ['111111111111', GREEN, 'CNAMEAlreadyExists'],
        ['111111111111', BLUE, 'CNAMEAlreadyExists'],
      ]);

      // The other account lets www go: resume retries the re-add (not the forward add) and finishes the rollback.
      const { DistributionConfig: config, ETag } = r.world.getDistributionConfig('222222222222', FOREIGN);
      r.world.updateDistribution('222222222222', FOREIGN, { ...config, Aliases: { Quantity: 0 } }, ETag);
      const resumed = await resumeApply(journal.entries, { provider: r.provider, clock: r.clock, journal });
      expect(resumed.status).to.equal('rolled-back');
      expect(resumed.completed).to.deep.equal([`${RB}update-aliases:${BLUE}`, `${RB}wait-deployed:${BLUE}`, `${RB}verify:${BLUE}`]);
      expect(resumed.rollbacks?.map((x) => x.status)).to.deep.equal(['done']);
      expect(await aliasesOf(r, BLUE)).to.deep.equal(['api.example.com', 'www.example.com']);
    });
  });
});
