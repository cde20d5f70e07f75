import { expect } from 'chai';
import type { DesiredAlias, DesiredState } from '../desired/desired.js';
import type { Plan } from './plan.js';
import { planCutover } from './planner.js';
import { checkBlastRadius, checkWindowFit } from './safety-checks.js';
import { aliasRecord, buildDesired, buildDistribution, buildInventory, buildZone, desiredAlias, TEST_NOW } from '../testing/index.js';

/** `n` managed aliases h01…hNN on E1BLUE; the first `changed` of them go to E2GREEN (detach-attach, no DNS). */
function blast(n: number, changed: number, safety?: DesiredState['safety'], force?: boolean): Plan {
  const names = Array.from({ length: n }, (_, i) => `h${String(i + 1).padStart(2, '0')}.example.com`);
  const inventory = buildInventory({ distributions: [buildDistribution('E1BLUE', { aliases: names }), buildDistribution('E2GREEN')] });
  const aliases: DesiredAlias[] = names.map((a, i) =>
    desiredAlias(a, i < changed ? 'E2GREEN' : 'E1BLUE', { strategy: 'detach-attach', dns: 'none' }),
  );
  const desired = buildDesired(aliases);
  return planCutover(safety ? { ...desired, safety } : desired, inventory, { now: TEST_NOW, ...(force !== undefined && { force }) });
}

describe('safety checks', () => {
  describe('blast radius (too-many-changes)', () => {
    it('refuses 4 changes of 10 managed aliases at the default 30%: an error naming the figures and --force; no steps', () => {
      const plan = blast(10, 4);
      expect(plan.diagnostics).to.deep.equal([
        {
          severity: 'error',
          code: 'too-many-changes',
          message: 'the plan changes 4 of 10 managed aliases (40%), more than safety.maxChangePercent (30%)',
          remediation:
            'review the plan; if this many changes are intended, run again with --force, or raise safety.maxChangePercent in cfalias.yaml',
        },
      ]);
      expect(plan.summary.errors).to.equal(1);
      expect(plan.steps).to.deep.equal([]);
      expect(plan.rollbacks).to.equal(undefined);
    });

    it('allows exactly the limit (3 of 10 is 30%, not more)', () => {
      const plan = blast(10, 3);
      expect(plan.diagnostics).to.deep.equal([]);
      expect(plan.steps.length).to.be.greaterThan(0);
    });

    it('does not apply under 10 managed aliases (9 of 9 change)', () => {
      expect(blast(9, 9).diagnostics).to.deep.equal([]);
    });

    it('follows safety.maxChangePercent from the desired state', () => {
      expect(blast(12, 6, { maxChangePercent: 50 }).diagnostics).to.deep.equal([]);
      expect(blast(12, 7, { maxChangePercent: 50 }).diagnostics.map((d) => d.message)).to.deep.equal([
        'the plan changes 7 of 12 managed aliases (58.3%), more than safety.maxChangePercent (50%)',
      ]);
    });

    it('is switched off by force (the CLI --force)', () => {
      const plan = blast(10, 10, undefined, true);
      expect(plan.diagnostics).to.deep.equal([]);
      expect(plan.summary.move).to.equal(10);
      expect(plan.steps.length).to.be.greaterThan(0);
    });

    it('counts attach, detach and move but not no-ops (DNS-only repairs included)', () => {
      const actions = ['attach', 'detach', 'move', 'noop', 'noop', 'noop', 'noop', 'noop', 'noop', 'noop'] as const;
      expect(checkBlastRadius(actions, { maxChangePercent: 30 }, 'cfalias.yaml', false)).to.deep.equal([]);
      expect(checkBlastRadius(actions, { maxChangePercent: 29 }, 'cfalias.yaml', false).map((d) => d.message)).to.deep.equal([
        'the plan changes 3 of 10 managed aliases (30%), more than safety.maxChangePercent (29%)',
      ]);
    });
  });

  describe('window fit (window-too-short)', () => {
    it('warns when the estimate exceeds the window length, and says by how much each lasts', () => {
      expect(checkWindowFit({ start: '2026-12-01T02:00:00Z', end: '2026-12-01T02:10:00Z' }, 660)).to.deep.equal([
        {
          severity: 'warning',
          code: 'window-too-short',
          message:
            'the plan is estimated at 11m (660 s) but the maintenance window 2026-12-01T02:00:00Z – 2026-12-01T02:10:00Z lasts 10m (600 s); apply will not start steps that cannot finish before it ends',
          remediation: 'widen the window, or split the cutover into smaller plans',
        },
      ]);
    });

    it('is silent when the estimate fits exactly, or there is no window', () => {
      expect(checkWindowFit({ start: '2026-12-01T02:00:00Z', end: '2026-12-01T02:11:00Z' }, 660)).to.deep.equal([]);
      expect(checkWindowFit(undefined, 100_000)).to.deep.equal([]);
    });

    it('a planned detach-attach (660 s) in a 10-minute window: warning, still applicable; forward writes carry remainingSeconds', () => {
      const inventory = buildInventory({
        distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN')],
        zones: [buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('www.example.com', 'e1blue.cloudfront.net')])],
      });
      const desired = buildDesired([desiredAlias('www.example.com', 'E2GREEN', { strategy: 'detach-attach' })], {
        window: { start: '2026-12-01T02:00:00Z', end: '2026-12-01T02:10:00Z' },
      });
      const plan = planCutover(desired, inventory, { now: TEST_NOW });
      expect(plan.diagnostics.map((d) => [d.severity, d.code])).to.deep.equal([['warning', 'window-too-short']]);
      expect(plan.estimate).to.deep.equal({ seconds: 660, waitPhases: 2 });
      // R(blue) starts at 0: 300 (blue) + 60 (repoint) + 300 (green) remain. A(green) starts at 360: 300 remain.
      const remaining = plan.steps
        .filter((s) => s.kind === 'update-aliases')
        .map((s) => [s.id, s.kind === 'update-aliases' && s.remainingSeconds]);
      expect(remaining).to.deep.equal([
        ['update-aliases:E1BLUE:p1', 660],
        ['update-aliases:E2GREEN:p2', 300],
      ]);
      // Only forward writes carry it.
      expect(plan.steps.filter((s) => 'remainingSeconds' in s).map((s) => s.kind)).to.deep.equal(['update-aliases', 'update-aliases']);
    });
  });
});
