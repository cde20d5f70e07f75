/**
 * The write-ahead journal, resume and interrupts, on the in-process sandbox provider.
 *
 * A crash is simulated by a journal that refuses every entry from the n-th on: the executor then
 * starts no further step (a step whose intent was refused does not run; a step whose outcome was
 * refused has run), which is the world a process killed at that entry boundary leaves. Nothing in
 * the world is reset; `resumeApply` gets the entries written before the crash.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import {
  AbortedError,
  applyPlan,
  inventoryScope,
  parseDesiredState,
  planCutover,
  SimulatedClock,
  type ApplyResult,
  type CutoverProvider,
  type Plan,
} from '@cfalias/core';
import { createSandboxProvider, parseWorldDocument, SandboxWorld } from '../sandbox/index.js';
import {
  MemoryJournal,
  parseJournal,
  serializeJournalEntry,
  type JournalEntry,
  type JournalSink,
} from '../../../core/src/apply/journal.js';
import { reconcileJournal, resumeApply } from '../../../core/src/apply/resume.js';
import { BLUE, detachAttachApi, GREEN, moveWww, MUTATING, NOW, rig, worldDocument, ZONE } from '../testing/apply-rig.js';

/** A journal that takes `limit` entries and then refuses every further one, like a process killed there. */
class CrashingJournal implements JournalSink {
  readonly entries: JournalEntry[] = [];
  constructor(private readonly limit: number) {}
  append(entry: JournalEntry): void {
    if (this.entries.length >= this.limit) throw new Error('killed');
    this.entries.push(entry);
  }
}

interface World {
  readonly world: SandboxWorld;
  readonly provider: CutoverProvider;
  readonly clock: SimulatedClock;
  mutatingCalls(): number;
}

function sandbox(doc: Parameters<typeof SandboxWorld.fromDocument>[0]): World {
  const clock = new SimulatedClock(Date.parse(doc.now ?? NOW));
  const world = SandboxWorld.fromDocument(doc, { clock });
  return {
    world,
    provider: createSandboxProvider(world),
    clock,
    mutatingCalls: () => MUTATING.reduce((sum, op) => sum + world.callCount(op), 0),
  };
}

/** What a cutover is about: each distribution's aliases and each zone's records (not statuses or times). */
function shape(world: SandboxWorld): unknown {
  const doc = world.toDocument();
  return doc.accounts.map((account) => ({
    distributions: (account.distributions ?? []).map((d) => [d.id, [...d.aliases].sort()]),
    zones: (account.hostedZones ?? []).map((z) => [z.id, z.records.map((r) => JSON.stringify(r)).sort()]),
  }));
}

function fixture(name: string): { doc: ReturnType<typeof parseWorldDocument>; plan: (w: World) => Promise<Plan> } {
  const dir = new URL(`../../../../fixtures/scenarios/${name}/`, import.meta.url);
  const doc = parseWorldDocument(readFileSync(new URL('world.json', dir), 'utf8'), `${name}/world.json`);
  const desired = parseDesiredState(readFileSync(new URL('cfalias.yaml', dir), 'utf8'), `${name}/cfalias.yaml`).state!;
  return {
    doc,
    plan: async (w) => planCutover(desired, await w.provider.readInventory(inventoryScope(desired)), { now: new Date(w.clock.now()) }),
  };
}

const options = (w: World) => ({ provider: w.provider, clock: w.clock, random: () => 0.5, runId: 'run-1', holder: 'test' });
const kinds = (entries: readonly JournalEntry[]): string[] =>
  entries.map((e) => ('stepId' in e ? `${e.type} ${e.stepId}` : e.type === 'interrupt' ? `interrupt ${e.mode}` : e.type));

describe('journal on the sandbox', () => {
  it('journals a full apply: the plan, an intent before and an outcome after every step, the end', async () => {
    const w = sandbox(worldDocument());
    const journal = new MemoryJournal();
    const result = await applyPlan(detachAttachApi, { ...options(w), journal, concurrency: 1 });
    expect(result.status).to.equal('succeeded');
    expect(result.runId).to.equal('run-1');
    const lines = journal.entries.map((e) => [e.at.slice(11, 19), ...kinds([e])]);
    expect(lines).to.deep.equal([
      ['00:00:00', 'apply-start'],
      ['00:00:00', `intent update-aliases:${BLUE}:p1`],
      ['00:00:00', `outcome update-aliases:${BLUE}:p1`],
      ['00:00:00', `intent wait-deployed:${BLUE}:p1`],
      ['00:05:00', `outcome wait-deployed:${BLUE}:p1`],
      ['00:05:00', `intent change-dns:${ZONE}:mid`],
      ['00:05:00', `outcome change-dns:${ZONE}:mid`],
      ['00:05:00', `intent wait-dns:${ZONE}:mid`],
      ['00:05:30', `outcome wait-dns:${ZONE}:mid`],
      ['00:05:30', `intent update-aliases:${GREEN}:p2`],
      ['00:05:30', `outcome update-aliases:${GREEN}:p2`],
      ['00:05:30', `intent wait-deployed:${GREEN}:p2`],
      ['00:10:30', `outcome wait-deployed:${GREEN}:p2`],
      ['00:10:30', `intent verify:${BLUE}`],
      ['00:10:30', `outcome verify:${BLUE}`],
      ['00:10:30', `intent verify:${GREEN}`],
      ['00:10:30', `outcome verify:${GREEN}`],
      ['00:10:30', 'apply-end'],
    ]);
    const start = journal.entries[0]!;
    expect(start.type === 'apply-start' && start.plan).to.deep.equal(detachAttachApi);
    expect(start.type === 'apply-start' && start.holder).to.equal('test');
    const changeDns = journal.entries[6]!;
    expect(changeDns.type === 'outcome' && changeDns.status).to.equal('completed');
    expect(changeDns.type === 'outcome' && changeDns.changeId)
      .to.be.a('string')
      .and.not.equal('');
    expect(journal.entries.at(-1)).to.deep.include({
      status: 'succeeded',
      summary: { completed: 8, skipped: 0, failed: 0, notStarted: 0 },
    });
    // It reads back as written, and says the run is finished.
    const parsed = parseJournal(journal.entries.map(serializeJournalEntry).join(''), 'j');
    expect(parsed.problems).to.deep.equal([]);
    expect(reconcileJournal(parsed.entries).finished).to.equal(true);
  });

  it('records a retry and a stale stop with expected vs found', async () => {
    const w = sandbox(worldDocument({ faults: [{ operation: 'UpdateDistribution', resource: BLUE, error: 'Throttling', times: 1 }] }));
    const journal = new MemoryJournal();
    // Another writer repoints api's record while blue deploys: the DNS step finds it changed.
    const repoint = (): void => {
      w.world.changeResourceRecordSets('111111111111', ZONE, {
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: { Name: 'api.example.com.', Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: 'elsewhere.example.net' }] },
          },
        ],
      });
    };
    const result = await applyPlan(detachAttachApi, {
      ...options(w),
      journal,
      concurrency: 1,
      onEvent: (e) => {
        if (e.type === 'step-done' && e.step.id === `update-aliases:${BLUE}:p1`) repoint();
      },
    });
    expect(result.status).to.equal('stale');
    expect(kinds(journal.entries).slice(1, 5)).to.deep.equal([
      `intent update-aliases:${BLUE}:p1`,
      `retry update-aliases:${BLUE}:p1`,
      `intent update-aliases:${BLUE}:p1`,
      `outcome update-aliases:${BLUE}:p1`,
    ]);
    expect(journal.entries[2]).to.deep.include({
      attempt: 1,
      delayMs: 500,
      error: {
        name: 'ThrottlingError',
        message: 'UpdateDistribution: Rate exceeded (injected)',
        operation: 'UpdateDistribution',
        httpStatus: 400,
      },
    });
    const stale = journal.entries.find((e) => e.type === 'outcome' && e.status === 'failed');
    expect(stale).to.deep.include({
      stepId: `change-dns:${ZONE}:mid`,
      mismatches: [
        {
          field: 'api.example.com. CNAME',
          expected: { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
          found: { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['elsewhere.example.net'] },
        },
      ],
    });
  });

  it('does not run a step whose intent the journal refused, and reports the refusal', async () => {
    const w = sandbox(worldDocument());
    const result = await applyPlan(detachAttachApi, { ...options(w), journal: new CrashingJournal(1) });
    expect(result.status).to.equal('failed');
    expect(result.failed.map((f) => [f.stepId, f.error.name])).to.deep.equal([[`update-aliases:${BLUE}:p1`, 'JournalError']]);
    expect(result.notStarted).to.have.length(7);
    expect(w.mutatingCalls()).to.equal(0);
  });

  it('refuses to start when the journal will not take the apply-start entry', async () => {
    const w = sandbox(worldDocument());
    let error: unknown;
    await applyPlan(detachAttachApi, { ...options(w), journal: new CrashingJournal(0) }).catch((thrown) => (error = thrown));
    expect(error).to.have.property('name', 'JournalError');
    expect(w.mutatingCalls()).to.equal(0);
  });
});

interface CrashCase {
  readonly name: string;
  readonly doc: Parameters<typeof SandboxWorld.fromDocument>[0];
  readonly plan: (w: World) => Promise<Plan>;
  readonly concurrency: number;
  /** Entries of the uninterrupted apply's journal, worked out from the plan: 2 per step + start + end. */
  readonly entries: number;
  readonly mutations: number;
}

const swap = fixture('swap');
const simpleMove = fixture('simple-move');
const batch = fixture('batch');
const crashCases: CrashCase[] = [
  { name: 'hand-built detach-attach', doc: worldDocument(), plan: async () => detachAttachApi, concurrency: 1, entries: 18, mutations: 3 },
  { name: 'hand-built move', doc: worldDocument(), plan: async () => moveWww, concurrency: 1, entries: 12, mutations: 2 },
  // swap: 4 updates, 4 waits, 1 DNS batch, 1 DNS wait, 2 verifies; mutations: 4 updates + 1 batch
  { name: 'planned swap (fixtures/scenarios/swap)', doc: swap.doc, plan: swap.plan, concurrency: 8, entries: 26, mutations: 5 },
  { name: 'planned swap, one step at a time', doc: swap.doc, plan: swap.plan, concurrency: 1, entries: 26, mutations: 5 },
  // simple-move: UpdateDomainAssociation (no TXT record in the same account), 2 waits, repoint batch + wait, 2 verifies
  {
    name: 'planned move (fixtures/scenarios/simple-move)',
    doc: simpleMove.doc,
    plan: simpleMove.plan,
    concurrency: 8,
    entries: 16,
    mutations: 2,
  },
];

describe('resume after a crash at every entry boundary', () => {
  for (const c of crashCases) {
    it(`${c.name}: converges to the uninterrupted world with no mutation repeated`, async () => {
      const reference = sandbox(c.doc);
      const plan = await c.plan(reference);
      const full = new MemoryJournal();
      const uninterrupted = await applyPlan(plan, { ...options(reference), journal: full, concurrency: c.concurrency });
      expect(uninterrupted.status).to.equal('succeeded');
      expect(full.entries).to.have.length(c.entries);
      expect(reference.mutatingCalls()).to.equal(c.mutations);
      const finalWorld = shape(reference.world);

      let resumed = 0;
      for (let cut = 1; cut < full.entries.length; cut++) {
        const w = sandbox(c.doc);
        const crashed = new CrashingJournal(cut);
        await applyPlan(plan, { ...options(w), journal: crashed, concurrency: c.concurrency });
        const before = reconcileJournal(crashed.entries);

        const journal = new MemoryJournal();
        journal.entries.push(...crashed.entries);
        const result: ApplyResult = await resumeApply(crashed.entries, { ...options(w), journal, concurrency: c.concurrency });
        const at = `crash after entry ${cut}`;
        expect(result.status, at).to.equal('succeeded');
        expect(shape(w.world), at).to.deep.equal(finalWorld);
        expect(w.mutatingCalls(), at).to.equal(c.mutations);
        expect(result.alreadyDone, at).to.deep.equal(before.completed);
        const rerun = journal.entries
          .slice(crashed.entries.length)
          .filter((e) => e.type === 'intent' && before.completed.includes(e.stepId));
        expect(rerun, at).to.deep.equal([]);
        const parsed = parseJournal(journal.entries.map(serializeJournalEntry).join(''), 'j');
        expect(parsed.problems, at).to.deep.equal([]);
        expect(reconcileJournal(parsed.entries).finished, at).to.equal(true);
        resumed++;
      }
      expect(resumed).to.equal(c.entries - 1);
    });
  }

  it("resuming any cut of a finished apply's journal against the finished world changes nothing", async () => {
    const w = sandbox(swap.doc);
    const plan = await swap.plan(w);
    const full = new MemoryJournal();
    await applyPlan(plan, { ...options(w), journal: full });
    const done = w.mutatingCalls();
    for (let cut = 1; cut < full.entries.length; cut++) {
      const entries = full.entries.slice(0, cut);
      const result = await resumeApply(entries, options(w));
      // A write the cut shows started may find its change in place; one it never mentions finds a
      // change it did not make: another writer's, as far as this journal knows (stale, nothing written).
      // Waits and verifies write nothing: finding them satisfied is never stale.
      const mentioned = new Set(entries.flatMap((e) => (e.type === 'intent' ? [e.stepId] : [])));
      const writes = plan.steps.filter(
        (step) => step.kind === 'update-aliases' || step.kind === 'move-alias' || step.kind === 'change-dns',
      );
      const allMentioned = writes.every((step) => mentioned.has(step.id));
      expect(result.status, `cut ${cut}`).to.equal(allMentioned ? 'succeeded' : 'stale');
      for (const failure of result.failed) expect(mentioned.has(failure.stepId), `cut ${cut}: ${failure.stepId}`).to.equal(false);
    }
    expect(w.mutatingCalls() - done).to.equal(0);
    const again = await resumeApply(full.entries, options(w));
    expect([again.completed, again.skipped, again.alreadyDone?.length]).to.deep.equal([[], [], plan.steps.length]);
  });

  it('batch of 40 aliases (fixtures/scenarios/batch): crashes at every boundary all resume to the same world', async () => {
    const reference = sandbox(batch.doc);
    const plan = await batch.plan(reference);
    const full = new MemoryJournal();
    expect((await applyPlan(plan, { ...options(reference), journal: full })).status).to.equal('succeeded');
    const finalWorld = shape(reference.world);
    const mutations = reference.mutatingCalls();
    for (let cut = 1; cut < full.entries.length; cut++) {
      const w = sandbox(batch.doc);
      const crashed = new CrashingJournal(cut);
      await applyPlan(plan, { ...options(w), journal: crashed });
      const result = await resumeApply(crashed.entries, options(w));
      expect(result.status, `cut ${cut}`).to.equal('succeeded');
      expect(shape(w.world), `cut ${cut}`).to.deep.equal(finalWorld);
      expect(w.mutatingCalls(), `cut ${cut}`).to.equal(mutations);
    }
  });
});

describe('interrupts', () => {
  it('drain after a removal still repoints DNS and adds the alias to its target: no alias on no distribution', async () => {
    const r = rig(worldDocument());
    const drain = new AbortController();
    const journal = new MemoryJournal();
    const result = await r.apply(detachAttachApi, {
      drain: drain.signal,
      journal,
      runId: 'run-1',
      onEvent: (e) => {
        if (e.type === 'step-done' && e.step.id === `update-aliases:${BLUE}:p1`) drain.abort();
      },
    });
    expect(result.status).to.equal('interrupted');
    expect(result.runId).to.equal('run-1');
    expect(result.completed).to.deep.equal([
      `update-aliases:${BLUE}:p1`,
      `wait-deployed:${BLUE}:p1`,
      `change-dns:${ZONE}:mid`,
      `wait-dns:${ZONE}:mid`,
      `update-aliases:${GREEN}:p2`,
    ]);
    expect(result.notStarted).to.deep.equal([`wait-deployed:${GREEN}:p2`, `verify:${BLUE}`, `verify:${GREEN}`]);
    expect((await r.provider.readDistribution(GREEN)).aliases).to.deep.equal(['api.example.com']);
    expect((await r.provider.readRecords(ZONE, ['api.example.com.']))[0]?.values).to.deep.equal(['d2green.cloudfront.net']);
    expect(kinds(journal.entries).slice(2, 4)).to.deep.equal([`outcome update-aliases:${BLUE}:p1`, 'interrupt drain']);
    expect(journal.entries.at(-1)).to.deep.include({ type: 'apply-end', status: 'interrupted' });

    const before = r.mutatingCalls();
    const resumed = await resumeApply(journal.entries, { provider: r.provider, clock: r.clock, journal });
    expect(resumed.status).to.equal('succeeded');
    expect(resumed.completed).to.deep.equal([`wait-deployed:${GREEN}:p2`, `verify:${BLUE}`, `verify:${GREEN}`]);
    expect(resumed.alreadyDone).to.have.length(5);
    expect(r.mutatingCalls() - before).to.equal(0);
  });

  it("drain after an AssociateAlias still repoints the alias's record to the new owner", async () => {
    const r = rig(worldDocument());
    const drain = new AbortController();
    const result = await r.apply(moveWww, {
      drain: drain.signal,
      onEvent: (e) => {
        if (e.type === 'step-done' && e.step.kind === 'move-alias') drain.abort();
      },
    });
    expect(result.status).to.equal('interrupted');
    expect(result.completed).to.deep.equal(['move-alias:www.example.com', `wait-deployed:${GREEN}:p1`, `change-dns:${ZONE}:post`]);
    expect(result.notStarted).to.deep.equal([`wait-dns:${ZONE}:post`, `verify:${GREEN}`]);
    const [www] = await r.provider.readRecords(ZONE, ['www.example.com.']);
    expect(www?.aliasTarget?.dnsName).to.equal('d2green.cloudfront.net.');
  });

  it('drain before anything started starts nothing', async () => {
    const r = rig(worldDocument());
    const drain = new AbortController();
    drain.abort();
    const journal = new MemoryJournal();
    const result = await r.apply(detachAttachApi, { drain: drain.signal, journal, runId: 'run-1' });
    expect(result.status).to.equal('interrupted');
    expect(result.notStarted).to.have.length(8);
    expect(r.mutatingCalls()).to.equal(0);
    expect(kinds(journal.entries)).to.deep.equal(['apply-start', 'interrupt drain', 'apply-end']);
  });

  it('drain in a planned swap finishes both moves once one removal ran: every alias on exactly one distribution', async () => {
    const w = sandbox(swap.doc);
    const plan = await swap.plan(w);
    const drain = new AbortController();
    const result = await applyPlan(plan, {
      ...options(w),
      concurrency: 1,
      drain: drain.signal,
      onEvent: (e) => {
        if (e.type === 'step-done' && e.step.kind === 'update-aliases') drain.abort();
      },
    });
    expect(result.status).to.equal('interrupted');
    const holders = new Map<string, string[]>();
    for (const d of w.world.toDocument().accounts[0]!.distributions ?? []) {
      for (const alias of d.aliases) holders.set(alias, [...(holders.get(alias) ?? []), d.id]);
    }
    expect(Object.fromEntries(holders)).to.deep.equal({ 'a.example.com': ['E2GREEN5T8W3PR'], 'b.example.com': ['E1BLUE7QX4M2ZK'] });
    expect(result.notStarted.every((id) => id.startsWith('wait-deployed:') || id.startsWith('verify:'))).to.equal(true);
  });

  it('a second signal stops at once; the journal stays consistent and resume converges', async () => {
    const r = rig(worldDocument());
    const drain = new AbortController();
    const abort = new AbortController();
    const journal = new MemoryJournal();
    const result = await r.apply(detachAttachApi, {
      drain: drain.signal,
      signal: abort.signal,
      journal,
      runId: 'run-1',
      onEvent: (e) => {
        if (e.type === 'step-done' && e.step.id === `update-aliases:${BLUE}:p1`) drain.abort();
        if (e.type === 'step-start' && e.step.id === `wait-deployed:${BLUE}:p1`) abort.abort();
      },
    });
    expect(result.status).to.equal('aborted');
    expect(result.failed.map((f) => f.stepId)).to.deep.equal([`wait-deployed:${BLUE}:p1`]);
    expect(result.failed[0]?.error).to.be.instanceOf(AbortedError);
    expect(kinds(journal.entries)).to.deep.equal([
      'apply-start',
      `intent update-aliases:${BLUE}:p1`,
      `outcome update-aliases:${BLUE}:p1`,
      'interrupt drain',
      `intent wait-deployed:${BLUE}:p1`,
      'interrupt abort',
      `outcome wait-deployed:${BLUE}:p1`,
      'apply-end',
    ]);
    const parsed = parseJournal(journal.entries.map(serializeJournalEntry).join(''), 'j');
    expect(parsed.problems).to.deep.equal([]);
    const state = reconcileJournal(parsed.entries);
    expect([state.completed, state.failed, state.lastStatus]).to.deep.equal([
      [`update-aliases:${BLUE}:p1`],
      [`wait-deployed:${BLUE}:p1`],
      'aborted',
    ]);

    const resumed = await resumeApply(parsed.entries, { provider: r.provider, clock: r.clock, journal });
    expect(resumed.status).to.equal('succeeded');
    expect((await r.provider.readDistribution(GREEN)).aliases).to.deep.equal(['api.example.com']);
    expect(r.mutatingCalls()).to.equal(3);
  });
});
