/**
 * The stale-plan matrix's changes made one step later: after apply's whole-plan check has read the
 * world (and found it as planned), before the first write. Nothing then stops the run up front; the
 * steps' own checks must (each re-checks its precondition; a removal first checks the rest of its
 * aliases' route). Independent steps may run; what must never happen is an alias left on no
 * distribution because of the change. In-process: the check reads the world as planned, every
 * later call goes to the changed world.
 */
import { expect } from 'chai';
import { applyPlan, readPlanDocument, serializePlan, type CutoverProvider } from '@cfalias/core';
import { createSandboxProvider, parseWorldDocument, SandboxWorld, type WorldDocument } from '@cfalias/providers';
import { demoDesired, planOn } from './support/demo-world.js';
import { convergedViolations, holdersByAlias } from './support/invariants.js';
import { baseWorldText, staleCases, worldText, type MutableWorld, type StaleCase } from './support/stale-cases.js';
import { tally } from './support/tally.js';

/** Managed aliases with a target that were on a distribution in `before` and are on none (or several) in `after`. */
function orphaned(before: WorldDocument, after: WorldDocument): string[] {
  const was = holdersByAlias(before);
  const now = holdersByAlias(after);
  return demoDesired()
    .aliases.filter((a) => a.target !== null && (was.get(a.alias) ?? []).length > 0 && (now.get(a.alias) ?? []).length !== 1)
    .map((a) => `${a.alias}: ${JSON.stringify(now.get(a.alias) ?? [])}`);
}

/** `live`, except that the first inventory read (the whole-plan check) is answered by `planned`. */
function checkedAgainst(planned: CutoverProvider, live: CutoverProvider): CutoverProvider {
  let checked = false;
  return new Proxy(live, {
    get(target, key, receiver) {
      if (key === 'readInventory' && !checked) {
        checked = true;
        return planned.readInventory.bind(planned);
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

async function runMidRun(c: StaleCase): Promise<void> {
  const base = JSON.parse(baseWorldText()) as MutableWorld;
  c.prepare?.(base);
  const planned = SandboxWorld.fromDocument(parseWorldDocument(worldText(base), 'world.json'));
  const plan = readPlanDocument(serializePlan(await planOn(demoDesired(), planned)));
  c.change(base);
  const changed = parseWorldDocument(worldText(base), 'world.json');
  const world = SandboxWorld.fromDocument(changed);
  const provider = checkedAgainst(createSandboxProvider(planned), createSandboxProvider(world));
  const result = await applyPlan(plan, { provider, clock: world.clock, random: () => 0 });
  const after = world.toDocument();
  expect(orphaned(changed, after), `${result.status}: ${result.failed.map((f) => f.error.message).join('; ')}`).to.deep.equal([]);
  // A change the plan depends on may stop the run at a step's check (stale), at AWS's own refusal
  // (rolled back, or failed when nothing was left to roll back), or not matter once the whole plan
  // is running (a wildcard elsewhere, a certificate the sandbox still accepts): then it converged.
  const allowed = c.expect.outcome === 'applies' ? ['succeeded'] : ['stale', 'failed', 'rolled-back', 'succeeded'];
  expect(allowed, result.failed.map((f) => f.error.message).join('\n')).to.include(result.status);
  if (result.status === 'succeeded') expect(convergedViolations(demoDesired(), after)).to.deep.equal([]);
  statuses.set(c.name, result.status);
  tally.cases += 1;
}

const statuses = new Map<string, string>();

describe('stale-plan matrix, changed after the whole-plan check (in-process): the steps own checks leave no alias on no distribution', function () {
  this.timeout(30_000);
  after(() => {
    const counts = new Map<string, number>();
    for (const status of statuses.values()) counts.set(status, (counts.get(status) ?? 0) + 1);
    console.log(`stale mid-run: ${statuses.size} changes, ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}, no alias orphaned`);
  });
  for (const c of staleCases()) {
    if (c.editDesired !== undefined || c.expect.outcome === 'refused') continue;
    it(`${c.name}: ${c.expect.outcome === 'applies' ? 'applies' : 'stops or converges'}, no alias orphaned`, () => runMidRun(c));
  }
});
