/**
 * The check before a detach-attach removal reads the rest of the route fresh. The whole-plan check
 * has just read the world as planned (its reads seed the run's first stage); another writer changes
 * it before the removal. The removal must see that change, not the seeded read, and not be made:
 * the alias stays on its source instead of ending on no distribution. And when the target goes
 * after the removal, the rollback still puts the alias back.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import {
  applyPlan,
  inventoryScope,
  parseDesiredState,
  planCutover,
  ResourceNotFoundError,
  type CutoverProvider,
  type Inventory,
} from '@cfalias/core';
import { createSandboxProvider, parseWorldDocument, SandboxWorld, type WorldDocument } from '../sandbox/index.js';

const DEMO = new URL('../../../../fixtures/demo/', import.meta.url);
const BLUE = 'E1BLUE7QX4M2ZK';
const GREEN = 'E2GREEN5T8W3PR';

function demoDocument(): WorldDocument {
  return parseWorldDocument(readFileSync(new URL('world.json', DEMO), 'utf8'), 'demo/world.json');
}

/** `live`, except that the first inventory read (the whole-plan check) is answered by `planned`. */
function checkedAgainst(planned: CutoverProvider, live: CutoverProvider): CutoverProvider {
  let checked = false;
  return new Proxy(live, {
    get(target, key, receiver) {
      if (key !== 'readInventory' || checked) return Reflect.get(target, key, receiver) as unknown;
      checked = true;
      return planned.readInventory.bind(planned);
    },
  });
}

describe('the check before a removal', () => {
  it('reads the route fresh: DNS repointed after the whole-plan check keeps the alias on its source', async () => {
    const desired = parseDesiredState(readFileSync(new URL('cfalias.yaml', DEMO), 'utf8'), 'demo/cfalias.yaml').state!;
    const planned = SandboxWorld.fromDocument(parseWorldDocument(JSON.stringify(demoDocument()), 'planned.json'));
    const plan = planCutover(desired, await createSandboxProvider(planned).readInventory(inventoryScope(desired)), {
      now: new Date(planned.clock.now()),
    });
    // Another writer points static.example.com (detach-attach, blue → green) at a third domain.
    const doc = JSON.parse(JSON.stringify(demoDocument())) as {
      accounts: { hostedZones: { records: { name: string; aliasTarget?: { dnsName: string } }[] }[] }[];
    };
    for (const r of doc.accounts[0]!.hostedZones[0]!.records)
      if (r.name === 'static.example.com.' && r.aliasTarget) r.aliasTarget.dnsName = 'd9else.cloudfront.net.';
    const world = SandboxWorld.fromDocument(parseWorldDocument(JSON.stringify(doc), 'changed.json'));

    const result = await applyPlan(plan, {
      provider: checkedAgainst(createSandboxProvider(planned), createSandboxProvider(world)),
      clock: world.clock,
      random: () => 0,
    });
    expect(result.status).to.equal('stale');
    const removal = result.failed.find((f) => f.stepId === `update-aliases:${BLUE}:p1`);
    expect(removal?.error.message).to.equal(
      `step update-aliases:${BLUE}:p1: not removing static.example.com from ${BLUE}: the rest of the move would fail (static.example.com. A)`,
    );
    expect(world.distribution(BLUE)?.aliases).to.include('static.example.com');
  });
});

/** `provider`, with `id` gone (deleted) once `gone()` says so: reads and writes of it are not found. */
function losing(provider: CutoverProvider, id: string, gone: () => boolean): CutoverProvider {
  const notFound = (): never => {
    throw new ResourceNotFoundError(id);
  };
  return new Proxy(provider, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const call = value as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]): Promise<unknown> => {
        if (gone() && args[0] === id && ['readDistribution', 'updateAliases', 'waitDeployed'].includes(String(key))) notFound();
        const answer = await call.apply(target, args);
        if (key !== 'readInventory' || !gone()) return answer;
        const inventory = answer as Inventory;
        return { ...inventory, distributions: inventory.distributions.filter((d) => d.id !== id) };
      };
    },
  });
}

describe('a rollback whose forward target is gone', () => {
  it('still puts the alias back on its source: a deleted target holds nothing', async () => {
    const desired = parseDesiredState(readFileSync(new URL('cfalias.yaml', DEMO), 'utf8'), 'demo/cfalias.yaml').state!;
    const world = SandboxWorld.fromDocument(demoDocument());
    const plan = planCutover(desired, await createSandboxProvider(world).readInventory(inventoryScope(desired)), {
      now: new Date(world.clock.now()),
    });
    // green is deleted once blue's phase-1 removal (static.example.com among it) has deployed:
    // the add of static to green cannot happen, and its rollback re-adds static to blue.
    let gone = false;
    const result = await applyPlan(plan, {
      provider: losing(createSandboxProvider(world), GREEN, () => gone),
      clock: world.clock,
      random: () => 0,
      onEvent: (event) => {
        if (event.type === 'step-done' && event.step.id === `wait-deployed:${BLUE}:p1`) gone = true;
      },
    });
    const staticBack = result.rollbacks?.find((r) => r.aliases.some((a) => a.alias === 'static.example.com'));
    expect(staticBack?.status, result.failed.map((f) => `${f.stepId}: ${f.error.message}`).join('\n')).to.equal('done');
    expect(world.distribution(BLUE)?.aliases).to.include('static.example.com');
  });
});
