/**
 * Resuming a run that stopped stale after a rollback: the stale refusal still stands on resume (no
 * step of the journal re-decides it), so the resumed run stays `stale` and says why again, instead
 * of reporting a clean rollback and closing the journal as `rolled-back`.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import {
  applyPlan,
  inventoryScope,
  MemoryJournal,
  parseDesiredState,
  planCutover,
  resumeApply,
  StalePlanError,
  type ApplyEvent,
  type Plan,
} from '@cfalias/core';
import { createSandboxProvider, parseWorldDocument, SandboxWorld } from '../sandbox/index.js';

const DEMO = new URL('../../../../fixtures/demo/', import.meta.url);
const BLUE = 'E1BLUE7QX4M2ZK';
const GREEN = 'E2GREEN5T8W3PR';
const MUTATING = ['UpdateDistribution', 'AssociateAlias', 'UpdateDomainAssociation', 'ChangeResourceRecordSets'];

async function demo(): Promise<{ world: SandboxWorld; plan: Plan }> {
  const world = SandboxWorld.fromDocument(parseWorldDocument(readFileSync(new URL('world.json', DEMO), 'utf8'), 'demo/world.json'));
  const parsed = parseDesiredState(readFileSync(new URL('cfalias.yaml', DEMO), 'utf8'), 'demo/cfalias.yaml').state!;
  // The TXT records planned up front put www's move after blue's phase-1 deployment, where the race is staged.
  const desired = { ...parsed, aliases: parsed.aliases.map((a) => ({ ...a, txtProof: 'always' as const })) };
  const inventory = await createSandboxProvider(world).readInventory(inventoryScope(desired));
  return { world, plan: planCutover(desired, inventory, { now: new Date(world.clock.now()) }) };
}

/** Another writer removes `alias` from `id` (a plain read-modify-write of the config). */
function removeAlias(world: SandboxWorld, id: string, alias: string): void {
  const { DistributionConfig: config, ETag } = world.getDistributionConfig(world.caller, id);
  const items = (config.Aliases.Items ?? []).filter((a) => a !== alias);
  config.Aliases = { Quantity: items.length, Items: items };
  world.updateDistribution(world.caller, id, config, ETag);
}

describe('resume after a stale refusal that a rollback followed', () => {
  it('stays stale with the same refusal (exit 4), does not run the refused move, and keeps the journal open', async () => {
    const { world, plan } = await demo();
    const provider = createSandboxProvider(world);
    const journal = new MemoryJournal();
    // Once blue's phase-1 removal has deployed, another writer takes www off blue: its move is
    // refused, which blocks the phase-2 adds (ordered after the moves on green and blue), so the
    // aliases the phase-1 removals took off are rolled back.
    const onEvent = (event: ApplyEvent): void => {
      if (event.type === 'step-done' && event.step.id === `wait-deployed:${BLUE}:p1`) removeAlias(world, BLUE, 'www.example.com');
    };
    const applied = await applyPlan(plan, { provider, clock: world.clock, random: () => 0, journal, onEvent });
    expect(applied.status).to.equal('stale');
    expect(applied.failed.map((f) => f.stepId)).to.deep.equal(['move-alias:www.example.com']);
    expect(applied.rollbacks?.map((r) => r.status)).to.deep.equal(['done', 'done']);
    const refused = applied.failed[0]!.error as StalePlanError;

    const mutations = (): number => world.calls.filter((c) => MUTATING.includes(c.operation)).length;
    const before = mutations();
    const resumed = await resumeApply(journal.entries, { provider, clock: world.clock, random: () => 0, journal });
    expect(resumed.status).to.equal('stale');
    expect(resumed.failed.map((f) => f.stepId)).to.deep.equal(['move-alias:www.example.com']);
    const again = resumed.failed[0]!.error;
    expect(again).to.be.instanceOf(StalePlanError);
    expect([again.message, (again as StalePlanError).resource, (again as StalePlanError).mismatches]).to.deep.equal([
      refused.message,
      'www.example.com',
      refused.mismatches,
    ]);
    expect(mutations(), 'no write on resume').to.equal(before);
    expect(journal.entries.at(-1)).to.include({ type: 'apply-end', status: 'stale' });
    expect((await provider.readDistribution(GREEN)).aliases).to.not.include('www.example.com');
  });

  it('keeps the stale refusal of a rollback trigger too: the resumed run is stale, not rolled-back', async () => {
    const { world, plan } = await demo();
    const provider = createSandboxProvider(world);
    const journal = new MemoryJournal();
    // Once www is on green, another writer takes it off: the phase-2 add to green finds green's
    // aliases other than the plan expects, refuses, and its recipe puts static back on blue.
    const onEvent = (event: ApplyEvent): void => {
      if (event.type === 'step-done' && event.step.id === 'move-alias:www.example.com') removeAlias(world, GREEN, 'www.example.com');
    };
    const applied = await applyPlan(plan, { provider, clock: world.clock, random: () => 0, journal, onEvent });
    expect(applied.status).to.equal('stale');
    expect(applied.failed.map((f) => f.stepId)).to.deep.equal([`update-aliases:${GREEN}:p2`]);

    const resumed = await resumeApply(journal.entries, { provider, clock: world.clock, random: () => 0, journal });
    expect(resumed.status).to.equal('stale');
    expect(resumed.failed.map((f) => [f.stepId, f.error.message])).to.deep.equal(applied.failed.map((f) => [f.stepId, f.error.message]));
    expect(resumed.rollbacks?.map((r) => [r.trigger, r.status])).to.deep.equal([[`update-aliases:${GREEN}:p2`, 'done']]);
  });
});
