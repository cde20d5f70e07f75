/**
 * A planned disable-and-move run by the executor over a small in-memory provider: the source is
 * disabled, the alias moves, the source is enabled again; and when the move fails, the re-enable
 * recipe still enables the source (no failure leaves it disabled).
 */
import { expect } from 'chai';
import { SimulatedClock } from '../clock.js';
import { RequestRejectedError } from '../errors.js';
import { applyPlan } from './executor.js';
import { planCutover } from '../plan/planner.js';
import { computePlanDigest } from '../plan/plan-document.js';
import type { Plan } from '../plan/plan.js';
import type { AliasEdit, CallOptions, CutoverProvider, LiveDistribution, ProviderCapabilities, UpdateDecision } from '../ports.js';
import { buildZone, desiredAlias, EMPTY_BASIS, TEST_NOW, txtRecordOf } from '../testing/index.js';
import { crossAccountDesired, crossAccountInventory, NEW, NEW_DOMAIN, OLD } from '../testing/cross-account-world.js';

/** Distributions in memory; every write is Deployed at once. `failMoves`: moveAlias is refused for good. */
class MemoryProvider implements CutoverProvider {
  readonly name = 'memory';
  readonly capabilities: ProviderCapabilities = { moveApis: ['update-domain-association'], dns: true, retriesTransientErrors: false };
  readonly calls: string[] = [];
  readonly distributions = new Map<string, LiveDistribution>();

  constructor(
    initial: readonly LiveDistribution[],
    private readonly failMoves = false,
  ) {
    for (const d of initial) this.distributions.set(d.id, d);
  }

  async readDistribution(id: string): Promise<LiveDistribution> {
    return this.distributions.get(id)!;
  }
  async setEnabled(id: string, enabled: boolean, guard: (live: LiveDistribution) => UpdateDecision): Promise<UpdateDecision> {
    const decision = guard(this.distributions.get(id)!);
    if (decision === 'apply') this.distributions.set(id, { ...this.distributions.get(id)!, enabled });
    this.calls.push(`setEnabled ${id} ${enabled} ${decision}`);
    return decision;
  }
  async moveAlias(targetId: string, alias: string): Promise<void> {
    this.calls.push(`moveAlias ${alias} → ${targetId}`);
    if (this.failMoves) throw new RequestRejectedError('UpdateDomainAssociation', 'IllegalUpdate', 'refused');
    for (const [id, d] of this.distributions) this.distributions.set(id, { ...d, aliases: d.aliases.filter((a) => a !== alias) });
    const target = this.distributions.get(targetId)!;
    this.distributions.set(targetId, { ...target, aliases: [...target.aliases, alias] });
  }
  /** Every write is Deployed at once: nothing to wait for. */
  async waitDeployed(): Promise<void> {
    return Promise.resolve();
  }
  async readRecords(): Promise<never[]> {
    return [];
  }
  async changeRecords(_zoneId: string, _changes: unknown, _options?: CallOptions): Promise<{ changeId: string }> {
    return { changeId: 'C1' };
  }
  async waitRecordsSynced(): Promise<void> {
    return Promise.resolve();
  }
  readInventory(): never {
    throw new Error('not used');
  }
  updateAliases(_id: string, _edit: AliasEdit): never {
    throw new Error('not used');
  }
}

function plannedDisableAndMove(): { plan: Plan; provider: (failMoves: boolean) => MemoryProvider } {
  const inventory = crossAccountInventory({
    onOld: ['a.example.com', 'stay.example.com'],
    newSans: ['a.example.com'],
    // The TXT proof exists already and DNS is not cfalias's: the plan is the disable, move, re-enable.
    zones: [buildZone('Z1EXAMPLE', 'example.com', [txtRecordOf('a.example.com', NEW_DOMAIN)])],
  });
  const made = planCutover(crossAccountDesired([desiredAlias('a.example.com', NEW, { dns: 'none' })], { allowDisable: true }), inventory, {
    now: TEST_NOW,
  });
  expect(made.diagnostics).to.deep.equal([]);
  // A hand-fed provider has no inventory to compare the basis with: apply reads none for an empty one.
  const unsigned = { ...made, basis: EMPTY_BASIS };
  const plan = { ...unsigned, digest: computePlanDigest(unsigned) };
  const live = (d: (typeof inventory.distributions)[number]): LiveDistribution => ({
    id: d.id,
    domainName: d.domainName,
    enabled: d.enabled,
    status: 'Deployed',
    aliases: d.aliases,
    certificateArn: d.certificateArn,
  });
  return { plan, provider: (failMoves) => new MemoryProvider(inventory.distributions.map(live), failMoves) };
}

describe('disable-and-move, applied', () => {
  it('disables the source, moves the alias, enables the source again', async () => {
    const { plan, provider } = plannedDisableAndMove();
    const memory = provider(false);
    const result = await applyPlan(plan, { provider: memory, clock: new SimulatedClock(Date.parse(TEST_NOW)) });
    expect(result.status).to.equal('succeeded');
    expect(memory.calls).to.deep.equal([
      `setEnabled ${OLD} false apply`,
      `moveAlias a.example.com → ${NEW}`,
      `setEnabled ${OLD} true apply`,
    ]);
    expect(memory.distributions.get(OLD)).to.deep.include({ enabled: true, aliases: ['stay.example.com'] });
    expect(memory.distributions.get(NEW)!.aliases).to.deep.equal(['a.example.com']);
  });

  it('enables the source again when the move fails', async () => {
    const { plan, provider } = plannedDisableAndMove();
    const memory = provider(true);
    const result = await applyPlan(plan, { provider: memory, clock: new SimulatedClock(Date.parse(TEST_NOW)) });
    expect(result.status).to.not.equal('succeeded');
    expect(memory.calls).to.deep.equal([
      `setEnabled ${OLD} false apply`,
      `moveAlias a.example.com → ${NEW}`,
      `setEnabled ${OLD} true apply`,
    ]);
    expect(memory.distributions.get(OLD)).to.deep.include({ enabled: true, aliases: ['a.example.com', 'stay.example.com'] });
    expect(result.completed).to.include(`rollback:${OLD}:enable:set-enabled:${OLD}`);
  });
});
