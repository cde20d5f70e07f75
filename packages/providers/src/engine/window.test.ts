/**
 * The maintenance window on the sandbox, with planner-built plans (window 00:00–01:00 UTC, so
 * forward writes carry `remainingSeconds`). Figures from the world's settings (deploySeconds 300,
 * dnsSyncSeconds 30, no API latency): a detach-attach's removal has 630 s to go (300 + 30 + 300),
 * its add 300; a move's UpdateDomainAssociation 330 (300 + 30).
 */
import { expect } from 'chai';
import { inventoryScope, MemoryJournal, OutsideWindowError, parseDesiredState, planCutover, resumeApply, type Plan } from '@cfalias/core';
import type { WorldDocument } from '../sandbox/index.js';
import { BLUE, BLUE_CERT, GREEN, GREEN_CERT, rig, seconds, worldDocument, ZONE, type Rig } from '../testing/apply-rig.js';

const RED = 'E3REDREDREDRED';
const TEAL = 'E4TEALTEALTEAL';
const WINDOW = 'window: { start: "2026-01-01T00:00:00Z", end: "2026-01-01T01:00:00Z" }';
const END = Date.parse('2026-01-01T01:00:00Z');

async function planFor(r: Rig, yaml: string): Promise<Plan> {
  const desired = parseDesiredState(yaml, 'cfalias.yaml').state!;
  return planCutover(desired, await r.provider.readInventory(inventoryScope(desired)), { now: new Date(r.clock.now()) });
}

/** Moves the simulated clock to `ms` (a time after now). */
function setTime(r: Rig, ms: number): void {
  r.clock.advance(ms - r.clock.now());
}

async function aliasesOf(r: Rig, id: string): Promise<readonly string[]> {
  return [...(await r.provider.readDistribution(id)).aliases].sort();
}

async function dnsTarget(r: Rig, name: string): Promise<string | undefined> {
  const [record] = (await r.provider.readRecords(ZONE, [name])).filter((x) => x.type !== 'TXT');
  return record?.aliasTarget?.dnsName ?? record?.values?.[0];
}

/**
 * Two independent cutovers: www moves red → teal by UpdateDomainAssociation, api moves
 * blue → green by detach-attach.
 */
function fourWorld(): WorldDocument {
  const doc = worldDocument({ blueAliases: ['api.example.com'] });
  const [own] = doc.accounts;
  return {
    ...doc,
    accounts: [
      {
        ...own!,
        distributions: [
          ...own!.distributions!,
          {
            id: RED,
            domainName: 'd3red.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['www.example.com'],
            certificateArn: BLUE_CERT,
          },
          { id: TEAL, domainName: 'd4teal.cloudfront.net', enabled: true, status: 'Deployed', aliases: [], certificateArn: GREEN_CERT },
        ],
        hostedZones: own!.hostedZones!.map((z) => ({
          ...z,
          records: [
            { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd3red.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
            { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
            { name: '_www.example.com.', type: 'TXT', ttl: 300, values: ['"d4teal.cloudfront.net"'] },
          ],
        })),
      },
    ],
  };
}

const TWO_CUTOVERS = `version: 1
distributions: { blue: ${BLUE}, green: ${GREEN}, red: ${RED}, teal: ${TEAL} }
${WINDOW}
aliases:
  www.example.com: teal
  api.example.com: { distribution: green, strategy: detach-attach }
`;

const BOTH_DETACH_ATTACH = `version: 1
distributions: { blue: ${BLUE}, green: ${GREEN} }
${WINDOW}
aliases:
  www.example.com: { distribution: green, strategy: detach-attach }
  api.example.com: { distribution: green, strategy: detach-attach }
`;

describe('maintenance window on the sandbox', () => {
  it('a window already over: OutsideWindowError, not a single call, not a journal line', async () => {
    const r = rig(worldDocument());
    const plan = await planFor(r, BOTH_DETACH_ATTACH);
    setTime(r, Date.parse('2026-01-01T02:00:00Z'));
    const calls = r.world.callCount();
    const journal = new MemoryJournal();
    let error: unknown;
    await r.apply(plan, { journal }).catch((thrown) => (error = thrown));
    expect(error).to.be.instanceOf(OutsideWindowError);
    expect(error).to.include({ now: '2026-01-01T02:00:00.000Z' });
    expect((error as OutsideWindowError).window).to.deep.equal({ start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z' });
    expect(r.world.callCount()).to.equal(calls);
    expect(journal.entries).to.deep.equal([]);
    expect(r.events).to.deep.equal([]);
  });

  it('a window not yet open: OutsideWindowError; `window: null` switches the check off', async () => {
    const r = rig(worldDocument());
    const plan = await planFor(
      r,
      BOTH_DETACH_ATTACH.replace(WINDOW, 'window: { start: "2026-01-01T01:00:00Z", end: "2026-01-01T02:00:00Z" }'),
    );
    const calls = r.world.callCount();
    let error: unknown;
    await r.apply(plan).catch((thrown) => (error = thrown));
    expect(error).to.have.property('name', 'OutsideWindowError');
    expect(r.world.callCount()).to.equal(calls);
    expect((await r.apply(plan, { window: null })).status).to.equal('succeeded');
  });

  it('400 s before the end: the 330 s move runs to the end, the 630 s detach-attach is not started', async () => {
    const r = rig(fourWorld());
    const plan = await planFor(r, TWO_CUTOVERS);
    setTime(r, END - 400_000);
    const journal = new MemoryJournal();
    const result = await r.apply(plan, { journal, runId: 'run-1' });

    expect(result.status).to.equal('window-closed');
    expect(result.completed).to.deep.equal([
      'move-alias:www.example.com',
      `wait-deployed:${RED}:p1`,
      `wait-deployed:${TEAL}:p1`,
      `change-dns:${ZONE}:post`,
      `verify:${RED}`,
      `wait-dns:${ZONE}:post`,
      `verify:${TEAL}`,
    ]);
    expect(result.notStarted).to.deep.equal([
      `update-aliases:${BLUE}:p1`,
      `wait-deployed:${BLUE}:p1`,
      `change-dns:${ZONE}:mid`,
      `verify:${BLUE}`,
      `wait-dns:${ZONE}:mid`,
      `update-aliases:${GREEN}:p2`,
      `wait-deployed:${GREEN}:p2`,
      `verify:${GREEN}`,
    ]);
    expect(seconds(result)).to.equal(330);
    expect(await aliasesOf(r, TEAL)).to.deep.equal(['www.example.com']);
    expect(await dnsTarget(r, 'www.example.com.')).to.equal('d4teal.cloudfront.net.');
    // api never left blue: no alias on no distribution.
    expect(await aliasesOf(r, BLUE)).to.deep.equal(['api.example.com']);
    expect(await dnsTarget(r, 'api.example.com.')).to.equal('d1blue.cloudfront.net');
    expect(r.world.callCount('UpdateDistribution')).to.equal(0);
    expect(journal.entries.at(-1)).to.deep.include({ type: 'apply-end', status: 'window-closed' });

    // The next window (given anew: the plan's is over) finishes api.
    setTime(r, Date.parse('2026-01-02T00:00:00Z'));
    const resumed = await resumeApply(journal.entries, {
      provider: r.provider,
      clock: r.clock,
      journal,
      window: { start: '2026-01-02T00:00:00Z', end: '2026-01-02T01:00:00Z' },
    });
    expect(resumed.status).to.equal('succeeded');
    expect(resumed.completed).to.deep.equal(result.notStarted);
    expect(seconds(resumed)).to.equal(630);
    expect(await aliasesOf(r, GREEN)).to.deep.equal(['api.example.com']);
  });

  it('mid-plan: the TXT record a move needs is written, then the move no longer fits and is not started', async () => {
    // txtProof: always and no `_www` TXT yet: the plan writes it and waits 30 s before the move (330 s to go).
    const doc = worldDocument({ blueAliases: ['www.example.com'] });
    const zone = doc.accounts[0]!.hostedZones![0]!;
    const world: WorldDocument = {
      ...doc,
      accounts: [{ ...doc.accounts[0]!, hostedZones: [{ ...zone, records: zone.records.filter((x) => x.type !== 'TXT') }] }],
    };
    const yaml = `version: 1\ndistributions: { blue: ${BLUE}, green: ${GREEN} }\ndefaults: { txtProof: always }\n${WINDOW}\naliases:\n  www.example.com: green\n`;

    // 340 s before the end: the TXT change starts (the move's 330 s fit then), the move at 30 s does not.
    const r = rig(world);
    const plan = await planFor(r, yaml);
    expect(plan.steps.slice(0, 3).map((x) => [x.id, x.kind === 'move-alias' ? x.remainingSeconds : undefined])).to.deep.equal([
      [`change-dns:${ZONE}:pre`, undefined],
      [`wait-dns:${ZONE}:pre`, undefined],
      ['move-alias:www.example.com', 330],
    ]);
    setTime(r, END - 340_000);
    const result = await r.apply(plan);
    expect(result.status).to.equal('window-closed');
    expect(result.completed).to.deep.equal([`change-dns:${ZONE}:pre`, `wait-dns:${ZONE}:pre`]);
    expect(result.notStarted[0]).to.equal('move-alias:www.example.com');
    expect([r.world.callCount('ChangeResourceRecordSets'), r.world.callCount('UpdateDomainAssociation')]).to.deep.equal([1, 0]);
    expect(await aliasesOf(r, BLUE)).to.deep.equal(['www.example.com']);

    // 300 s before the end not even the TXT change starts: it only prepares a move that cannot fit.
    const late = rig(world);
    const samePlan = await planFor(late, yaml);
    setTime(late, END - 300_000);
    const nothing = await late.apply(samePlan);
    expect(nothing.status).to.equal('window-closed');
    expect(nothing.completed).to.deep.equal([]);
    expect(late.mutatingCalls()).to.equal(0);
  });

  it('a started move finishes past the end: the add runs although its 300 s no longer fit', async () => {
    // Started 630 s before the end, exactly what the removal needs; a throttled removal costs 30 s
    // more (retry window 60 s × jitter 0.5), so the add is ready at 360 s with 270 s to go.
    const r = rig(worldDocument({ faults: [{ operation: 'UpdateDistribution', resource: BLUE, error: 'Throttling', times: 1 }] }));
    const plan = await planFor(r, BOTH_DETACH_ATTACH);
    setTime(r, END - 630_000);
    const result = await r.apply(plan, { retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    expect(result.status).to.equal('succeeded');
    expect(result.metrics.retries).to.deep.equal({ ThrottlingError: 1 });
    expect(result.notStarted).to.deep.equal([]);
    expect(seconds(result)).to.equal(660);
    expect(result.finishedAt - END).to.equal(30_000);
    expect(await aliasesOf(r, GREEN)).to.deep.equal(['api.example.com', 'www.example.com']);
  });

  it('a rollback runs to the end even after the window closed', async () => {
    const r = rig(worldDocument({ faults: [{ operation: 'UpdateDistribution', resource: GREEN, error: 'InvalidViewerCertificate' }] }));
    const plan = await planFor(r, BOTH_DETACH_ATTACH);
    setTime(r, END - 630_000);
    const result = await r.apply(plan);
    expect(result.status).to.equal('rolled-back');
    // The add fails at 330 s; the recipe (30 + 300 s) ends 30 s after the window.
    expect(result.finishedAt - END).to.equal(30_000);
    expect(await aliasesOf(r, BLUE)).to.deep.equal(['api.example.com', 'www.example.com']);
  });
});
