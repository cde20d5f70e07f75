/**
 * The check before a detach-attach removal reads the rest of the route fresh. The whole-plan check
 * has just read the world as planned (its reads seed the run's first stage); another writer changes
 * it before the removal. The removal must see that change, not the seeded read, and not be made:
 * the alias stays on its source instead of ending on no distribution.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { applyPlan, inventoryScope, parseDesiredState, planCutover, type CutoverProvider } from '@cfalias/core';
import { createSandboxProvider, parseWorldDocument, SandboxWorld, type WorldDocument } from '../sandbox/index.js';

const DEMO = new URL('../../../../fixtures/demo/', import.meta.url);
const BLUE = 'E1BLUE7QX4M2ZK';

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
