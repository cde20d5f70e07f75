/** Moves across the registry's accounts: which route the planner picks, and the steps of each. */
import { expect } from 'chai';
import type { DesiredAlias } from '../desired/desired.js';
import type { Inventory } from '../inventory/inventory.js';
import { planCutover } from './planner.js';
import { stepsFinishingStartedMoves } from '../apply/drain.js';
import { checkPlanApplicable } from '../apply/executor.js';
import { readPlanDocument, serializePlan } from './plan-document.js';
import type { Plan } from './plan.js';
import { aliasRecord, buildDistribution, buildZone, desiredAlias, TEST_NOW, txtRecordOf } from '../testing/index.js';
import { step } from '../testing/schedule-helpers.js';
import { AGENCY, crossAccountDesired, crossAccountInventory, NEW, NEW_DOMAIN, OLD, OLD_DOMAIN } from '../testing/cross-account-world.js';

const MOVING = ['a.example.com', 'b.example.com', 'c.example.com'];

function planOf(aliases: readonly DesiredAlias[], inventory: Inventory, options: { allowDisable?: boolean } = {}): Plan {
  return planCutover(crossAccountDesired(aliases, options), inventory, { now: TEST_NOW, force: true });
}

const toNew = (aliases: readonly string[], options: Parameters<typeof desiredAlias>[2] = {}): DesiredAlias[] =>
  aliases.map((a) => desiredAlias(a, NEW, options));

describe('cross-account moves', () => {
  describe('route selection', () => {
    it('takes the wildcard route when every condition holds, with no downtime', () => {
      const p = planOf(toNew(MOVING), crossAccountInventory({ onOld: MOVING }));
      expect(p.diagnostics).to.deep.equal([]);
      expect(p.changes.map((c) => [c.alias, c.strategy, c.downtimeSeconds])).to.deep.equal(MOVING.map((a) => [a, 'wildcard-route', 0]));
      expect(p.changes[0]!.reason).to.equal(
        `across accounts ${AGENCY} → 111111111111: wildcard route (temporary *.example.com on ${NEW} serves it while it changes hands; no downtime)`,
      );
    });

    it('falls back to disable-and-move when the target certificate does not cover the wildcard and the source allows it', () => {
      const inventory = crossAccountInventory({ onOld: MOVING, newSans: MOVING });
      const p = planOf(toNew(MOVING), inventory, { allowDisable: true });
      expect(p.diagnostics).to.deep.equal([]);
      expect(p.changes.map((c) => c.strategy)).to.deep.equal(['disable-and-move', 'disable-and-move', 'disable-and-move']);
      expect(p.changes[0]!.reason).to.contain(`wildcard route not possible: the certificate of ${NEW} does not cover *.example.com`);
    });

    it('blocks the move when neither route is possible, naming the failed condition and how to allow disabling', () => {
      const inventory = crossAccountInventory({ onOld: MOVING, newSans: MOVING });
      const p = planOf(toNew(['a.example.com']), inventory);
      expect(p.steps).to.deep.equal([]);
      expect(p.diagnostics.map((d) => [d.severity, d.code, d.alias])).to.deep.equal([['error', 'cross-account-blocked', 'a.example.com']]);
      expect(p.diagnostics[0]!.message).to.equal(
        `a.example.com: cannot move from ${OLD} (account ${AGENCY}) to ${NEW} (account 111111111111): the wildcard route is not possible (the certificate of ${NEW} does not cover *.example.com), and disable-and-move is not possible (${OLD} does not carry allowDisableSource: true, so cfalias may not disable it)`,
      );
      expect(p.diagnostics[0]!.remediation).to.equal(
        `make the wildcard route possible (attach to ${NEW} a certificate with SAN *.example.com (keeping the SANs it has)), or set allowDisableSource: true on distribution "old" in cfalias.yaml to let cfalias disable ${OLD} while the alias moves (every alias it serves is offline meanwhile)`,
      );
    });

    it('does not take the wildcard route when another distribution holds the wildcard, in any account', () => {
      const third = buildDistribution('E3WILD', { aliases: ['*.example.com'], accountId: AGENCY });
      const held = planOf(toNew(['a.example.com']), crossAccountInventory({ onOld: ['a.example.com'], others: [third] }));
      expect(held.diagnostics.map((d) => d.code)).to.deep.equal(['cross-account-blocked']);
      expect(held.diagnostics[0]!.message).to.contain(`*.example.com is held by E3WILD (account ${AGENCY})`);
      const foreign = [{ alias: '*.example.com', distributionId: '******WILDONE', accountId: '******999999' }];
      const abroad = planOf(toNew(['a.example.com']), crossAccountInventory({ onOld: ['a.example.com'], foreignOwners: foreign }));
      expect(abroad.diagnostics[0]!.message).to.contain('*.example.com is held by ******WILDONE of account ******999999');
      expect(abroad.diagnostics[0]!.remediation).to.contain('have the owner of account ******999999 remove *.example.com first');
    });

    it('does not take the wildcard route for aliases of one wildcard domain moving to two targets', () => {
      const other = buildDistribution('E3OTHER', { certificate: 'new' });
      const p = planOf(
        [desiredAlias('a.example.com', NEW), desiredAlias('b.example.com', 'E3OTHER')],
        crossAccountInventory({ onOld: ['a.example.com', 'b.example.com'], others: [other] }),
      );
      expect(p.diagnostics.map((d) => [d.code, d.alias])).to.deep.equal([
        ['cross-account-blocked', 'a.example.com'],
        ['cross-account-blocked', 'b.example.com'],
      ]);
      expect(p.diagnostics[0]!.message).to.contain(
        'b.example.com also moves across accounts, to E3OTHER, and *.example.com can be on one distribution only',
      );
    });

    it('does not take the wildcard route without DNS managed by cfalias', () => {
      const none = planOf(toNew(['a.example.com'], { dns: 'none' }), crossAccountInventory({ onOld: ['a.example.com'] }));
      expect(none.diagnostics[0]!.message).to.contain('cfalias does not manage the DNS of a.example.com (dns: none)');
      const noZone = planOf(toNew(['a.example.com']), crossAccountInventory({ onOld: ['a.example.com'], zones: [] }), {
        allowDisable: true,
      });
      const blocked = noZone.diagnostics.find((d) => d.code === 'cross-account-blocked')!;
      expect(blocked.message).to.contain("no hosted zone of the registry's accounts holds a.example.com");
      expect(blocked.message).to.contain('the TXT record _a.example.com. that CloudFront needs for the move cannot be created');
    });

    it('does not disable a source when the provider cannot make the move that follows', () => {
      const inventory = crossAccountInventory({ onOld: MOVING, newSans: MOVING });
      const desired = crossAccountDesired(toNew(['a.example.com']), { allowDisable: true });
      const p = planCutover(desired, inventory, { now: TEST_NOW, force: true, moveApis: ['associate-alias'] });
      expect(p.steps).to.deep.equal([]);
      expect(p.diagnostics[0]!.message).to.contain('disable-and-move is not possible (the provider cannot call UpdateDomainAssociation');
    });

    it('blocks an apex with the exact AWS Support request (source id, alias, target id)', () => {
      const p = planOf(toNew(['example.com']), crossAccountInventory({ onOld: ['example.com'] }));
      const [d] = p.diagnostics;
      expect(d).to.deep.include({ severity: 'error', code: 'cross-account-blocked', alias: 'example.com', distribution: OLD });
      expect(d!.message).to.contain(
        'the wildcard route is not possible (example.com is the apex of zone example.com. (no wildcard covers an apex))',
      );
      expect(d!.remediation).to.equal(
        `set allowDisableSource: true on distribution "old" in cfalias.yaml to let cfalias disable ${OLD} while the alias moves (every alias it serves is offline meanwhile); or open an AWS Support case (CloudFront) with this request: "Please move the alternate domain name example.com from CloudFront distribution ${OLD} (account ${AGENCY}) to CloudFront distribution ${NEW} (account 111111111111). We control both accounts and the domain; ${NEW} has a certificate that covers example.com. example.com is a zone apex, so the wildcard route is not possible, and ${OLD} must keep serving until the move."`,
      );
      const allowed = planOf(toNew(['example.com']), crossAccountInventory({ onOld: ['example.com'] }), { allowDisable: true });
      expect(allowed.diagnostics).to.deep.equal([]);
      expect(allowed.changes[0]!.strategy).to.equal('disable-and-move');
    });

    it('honours strategy detach-attach across accounts, and leaves same-account moves as they were', () => {
      const p = planOf(toNew(['a.example.com'], { strategy: 'detach-attach' }), crossAccountInventory({ onOld: ['a.example.com'] }));
      expect(p.changes[0]!.strategy).to.equal('detach-attach');
      expect(p.changes[0]!.downtimeSeconds).to.be.greaterThan(0);
      const inventory = crossAccountInventory({
        onOld: [],
        others: [buildDistribution('E4SAME', { aliases: ['a.example.com'], certificate: 'new' })],
        zones: [buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('a.example.com', 'e4same.cloudfront.net')])],
      });
      const same = planOf(toNew(['a.example.com']), inventory);
      expect(same.changes[0]!.strategy).to.equal('move');
      expect(same.steps.some((s) => s.kind === 'set-enabled' || s.id.includes(':wildcard'))).to.equal(false);
    });
  });

  describe('wildcard route steps', () => {
    it('one temporary wildcard for three aliases, one update per distribution per phase, in order', () => {
      const p = planOf(toNew(MOVING), crossAccountInventory({ onOld: [...MOVING, 'stay.example.com'] }));
      const order = p.steps.map((s) => s.id);
      const before = (a: string, b: string): void => {
        expect(order.indexOf(a), `${a} before ${b}`).to.be.lessThan(order.indexOf(b));
      };
      before(`update-aliases:${NEW}:wildcard`, `wait-deployed:${NEW}:wildcard`);
      before(`wait-deployed:${NEW}:wildcard`, 'change-dns:Z1EXAMPLE:route');
      before('wait-dns:Z1EXAMPLE:route', `update-aliases:${OLD}:release`);
      before(`wait-deployed:${OLD}:release`, `update-aliases:${NEW}:settle`);
      before(`wait-deployed:${NEW}:settle`, `verify:${NEW}`);
      expect(step(p, `update-aliases:${NEW}:wildcard`, 'update-aliases')).to.deep.include({ add: ['*.example.com'], remove: [] });
      expect(
        step(p, 'change-dns:Z1EXAMPLE:route', 'change-dns').changes.map((c) => `${c.record.name} ${c.record.aliasTarget?.dnsName}`),
      ).to.deep.equal(MOVING.map((a) => `${a}. ${NEW_DOMAIN}.`));
      expect(step(p, `update-aliases:${OLD}:release`, 'update-aliases')).to.deep.include({ remove: MOVING, add: [] });
      const settle = step(p, `update-aliases:${NEW}:settle`, 'update-aliases');
      expect(settle).to.deep.include({ add: MOVING, remove: ['*.example.com'] });
      expect(settle.precondition.aliases).to.deep.equal(['*.example.com']);
      expect(settle.postcondition.aliases).to.deep.equal(MOVING);
      expect(step(p, `verify:${OLD}`, 'verify').aliases).to.deep.equal(['stay.example.com']);
      const updates = p.steps.filter((s) => s.kind === 'update-aliases');
      expect(updates.map((s) => `${s.phase} ${s.id}`)).to.deep.equal([
        `1 update-aliases:${NEW}:wildcard`,
        `2 update-aliases:${OLD}:release`,
        `3 update-aliases:${NEW}:settle`,
      ]);
      expect(p.estimate).to.deep.equal({ seconds: 300 + 60 + 300 + 300, waitPhases: 3 });
      expect(p.basis.holders.find((h) => h.alias === '*.example.com')).to.deep.equal({ alias: '*.example.com', holder: null });
    });

    it('keeps the wildcard when the desired state puts it on the target', () => {
      const p = planOf([...toNew(MOVING), desiredAlias('*.example.com', NEW)], crossAccountInventory({ onOld: MOVING }));
      expect(p.diagnostics).to.deep.equal([]);
      const adds = p.steps.flatMap((s) => (s.kind === 'update-aliases' ? s.add : []));
      expect(adds.filter((a) => a === '*.example.com')).to.have.length(1);
      expect(step(p, `update-aliases:${NEW}:settle`, 'update-aliases').remove).to.deep.equal([]);
      expect(step(p, `verify:${NEW}`, 'verify').aliases).to.deep.equal(['*.example.com', ...MOVING]);
    });

    it('a drain after the wildcard is added finishes the route, so no temporary wildcard is left behind', () => {
      const p = planOf(toNew(MOVING), crossAccountInventory({ onOld: MOVING }));
      const required = stepsFinishingStartedMoves(p.steps, new Set([`update-aliases:${NEW}:wildcard`]));
      expect([...required].sort()).to.deep.equal(
        [
          'change-dns:Z1EXAMPLE:route',
          `update-aliases:${NEW}:settle`,
          `update-aliases:${OLD}:release`,
          `wait-deployed:${NEW}:wildcard`,
          `wait-deployed:${OLD}:release`,
          'wait-dns:Z1EXAMPLE:route',
        ].sort(),
      );
    });

    it('has a rollback recipe for the final add, returning the aliases and their DNS to the source', () => {
      const p = planOf(toNew(MOVING), crossAccountInventory({ onOld: MOVING }));
      expect(p.rollbacks?.map((r) => r.trigger)).to.deep.equal([`update-aliases:${NEW}:settle`]);
      expect(p.rollbacks![0]!.aliases.map((a) => [a.alias, a.source, a.target])).to.deep.equal(MOVING.map((a) => [a, OLD, NEW]));
      const back = p.rollbacks![0]!.steps.find((s) => s.kind === 'change-dns');
      expect(back?.kind === 'change-dns' && back.changes.map((c) => c.record.aliasTarget?.dnsName)).to.deep.equal(
        MOVING.map(() => `${OLD_DOMAIN}.`),
      );
    });
  });

  describe('disable-and-move steps', () => {
    const inventory = crossAccountInventory({ onOld: [...MOVING, 'stay.example.com'], newSans: MOVING });

    it('disable, wait, TXT proof, move, re-enable, wait; the disable carries what it takes offline', () => {
      const p = planOf(toNew(['a.example.com', 'b.example.com']), inventory, { allowDisable: true });
      const order = p.steps.map((s) => s.id);
      const before = (a: string, b: string): void => {
        expect(order.indexOf(a), `${a} before ${b}`).to.be.lessThan(order.indexOf(b));
      };
      before(`set-enabled:${OLD}:disable`, `wait-deployed:${OLD}:disabled`);
      before(`wait-deployed:${OLD}:disabled`, 'move-alias:a.example.com');
      before('wait-dns:Z1EXAMPLE:pre', 'move-alias:a.example.com');
      before('move-alias:b.example.com', `set-enabled:${OLD}:enable`);
      before(`set-enabled:${OLD}:enable`, `wait-deployed:${OLD}:enabled`);
      const txt = step(p, 'change-dns:Z1EXAMPLE:pre', 'change-dns');
      expect(txt.changes.map((c) => c.record)).to.deep.equal([
        txtRecordOf('a.example.com', NEW_DOMAIN),
        txtRecordOf('b.example.com', NEW_DOMAIN),
      ]);
      const disable = step(p, `set-enabled:${OLD}:disable`, 'set-enabled');
      expect(disable).to.deep.include({ enabled: false, postcondition: { enabled: false } });
      expect(disable.precondition).to.deep.include({ enabled: true, aliases: [...MOVING, 'stay.example.com'] });
      // c and stay stay on the disabled source; disable → moves → re-enable Deployed: two deployments.
      expect(disable.offline).to.deep.equal({ aliases: ['c.example.com', 'stay.example.com'], seconds: 600 });
      const enable = step(p, `set-enabled:${OLD}:enable`, 'set-enabled');
      expect(enable.precondition).to.deep.include({ enabled: false, aliases: ['c.example.com', 'stay.example.com'] });
      expect(step(p, 'move-alias:a.example.com', 'move-alias')).to.deep.include({ from: OLD, to: NEW, api: 'update-domain-association' });
      // Offline from the disable until DNS points at the target: deploy (disable), deploy (target), DNS sync.
      expect(p.changes.map((c) => c.downtimeSeconds)).to.deep.equal([660, 660]);
    });

    it('pairs each re-enable with a recipe that enables the source again whatever moves ran', () => {
      const p = planOf(toNew(['a.example.com']), inventory, { allowDisable: true });
      const recipe = p.rollbacks?.find((r) => r.trigger === `set-enabled:${OLD}:enable`);
      expect(recipe?.aliases).to.deep.equal([]);
      expect(recipe?.steps.map((s) => s.id)).to.deep.equal([
        `rollback:${OLD}:enable:set-enabled:${OLD}`,
        `rollback:${OLD}:enable:wait-deployed:${OLD}`,
      ]);
      const enable = recipe!.steps[0]!;
      expect(enable.kind === 'set-enabled' && enable.precondition).to.deep.include({ enabled: false, mode: 'flag' });
      expect(recipe?.estimate).to.deep.equal({ seconds: 300, waitPhases: 1 });
    });

    it('moves off a source disabled before the plan without touching its enabled flag', () => {
      const disabled = crossAccountInventory({ onOld: ['a.example.com'], newSans: ['a.example.com'] });
      const inventory = { ...disabled, distributions: disabled.distributions.map((d) => (d.id === OLD ? { ...d, enabled: false } : d)) };
      const p = planOf(toNew(['a.example.com']), inventory);
      expect(p.diagnostics).to.deep.equal([]);
      expect(p.changes[0]!.strategy).to.equal('disable-and-move');
      expect(p.steps.filter((s) => s.kind === 'set-enabled')).to.deep.equal([]);
      expect(step(p, 'move-alias:a.example.com', 'move-alias').dependsOn).to.deep.equal(['wait-dns:Z1EXAMPLE:pre']);
    });

    it('never disables a distribution that does not allow it', () => {
      const p = planOf(toNew(['a.example.com']), inventory);
      expect(p.steps.filter((s) => s.kind === 'set-enabled')).to.deep.equal([]);
    });
  });

  it('plans of both routes read back from their file and pass the executor’s checks', () => {
    const wildcard = planOf(toNew(MOVING), crossAccountInventory({ onOld: MOVING }));
    const disabling = planOf(toNew(MOVING), crossAccountInventory({ onOld: [...MOVING, 'stay.example.com'], newSans: MOVING }), {
      allowDisable: true,
    });
    for (const p of [wildcard, disabling]) {
      const back = readPlanDocument(serializePlan(p));
      expect(back).to.deep.equal(p);
      expect(() => checkPlanApplicable(back)).to.not.throw();
    }
  });
});
