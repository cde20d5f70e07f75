/**
 * The executor (`applyPlan` from @cfalias/core) against the in-process sandbox provider: every step
 * kind on emulated CloudFront/Route 53 semantics, idempotent re-runs, staleness, retries on injected
 * faults, failure isolation, abort, and simulated durations. Plans are hand-built, small and literal
 * (the planner is tested on its own); figures below are worked out from the world's settings
 * (deploySeconds 300, dnsSyncSeconds 30, no API latency).
 */
import { expect } from 'chai';
import { InvalidCertificateError, StalePlanError, type Plan } from '@cfalias/core';
import {
  BLUE,
  BLUE_CERT,
  detachAttachApi,
  GREEN,
  GREEN_CERT,
  moveWww,
  planOf,
  removeApiFromBlue,
  rig,
  seconds,
  verifyStep,
  waitDeployedStep,
  worldDocument,
  ZONE,
} from '../testing/apply-rig.js';

/** Two independent branches: remove api from blue, add shop to green; each followed by its wait. */
function twoBranches(greenAdd: string): Plan {
  return planOf([
    removeApiFromBlue,
    waitDeployedStep(BLUE, 1, removeApiFromBlue.id),
    verifyStep(BLUE, ['www.example.com'], { dependsOn: [`wait-deployed:${BLUE}:p1`] }),
    {
      id: `update-aliases:${GREEN}:p1`,
      kind: 'update-aliases',
      dependsOn: [],
      phase: 1,
      distribution: GREEN,
      remove: [],
      add: [greenAdd],
      precondition: { aliases: [], enabled: true, certificateArn: GREEN_CERT },
      postcondition: { aliases: [greenAdd] },
    },
    waitDeployedStep(GREEN, 1, `update-aliases:${GREEN}:p1`),
    verifyStep(GREEN, [greenAdd], { dependsOn: [`wait-deployed:${GREEN}:p1`] }),
  ]);
}

describe('applyPlan on the sandbox provider', () => {
  describe('detach-attach with a DNS repoint', () => {
    it('runs every step in order in 300 + 30 + 300 simulated seconds and leaves the world as planned', async () => {
      const r = rig(worldDocument());
      const result = await r.apply(detachAttachApi);
      expect(result.status).to.equal('succeeded');
      expect(result.completed).to.deep.equal(detachAttachApi.steps.map((s) => s.id));
      expect(result.skipped).to.deep.equal([]);
      expect(seconds(result)).to.equal(630);
      expect(result.metrics.stepDurationsMs[`wait-deployed:${BLUE}:p1`]).to.equal(300_000);
      expect(result.metrics.stepDurationsMs[`wait-dns:${ZONE}:mid`]).to.equal(30_000);
      expect(r.world.callCount('UpdateDistribution')).to.equal(2);
      expect(r.world.callCount('ChangeResourceRecordSets')).to.equal(1);
      expect((await r.provider.readDistribution(BLUE)).aliases).to.deep.equal(['www.example.com']);
      expect((await r.provider.readDistribution(GREEN)).aliases).to.deep.equal(['api.example.com']);
      const [api] = await r.provider.readRecords(ZONE, ['api.example.com.']);
      expect(api?.values).to.deep.equal(['d2green.cloudfront.net']);
    });

    it('refuses a fresh re-run of the finished plan at its first step, with zero mutating calls: another run made its change', async () => {
      const r = rig(worldDocument());
      expect((await r.apply(detachAttachApi)).status).to.equal('succeeded');
      const before = r.mutatingCalls();
      const again = await r.apply(detachAttachApi);
      expect(again.status).to.equal('stale');
      expect(r.mutatingCalls() - before).to.equal(0);
      expect(again.failed.map((f) => f.stepId)).to.deep.equal([`update-aliases:${BLUE}:p1`]);
      expect(again.failed[0]?.error.message).to.equal(
        `step update-aliases:${BLUE}:p1: its change is already in effect on ${BLUE}, made by another writer since the plan`,
      );
    });

    it('on resume of started steps, skips every mutation of the finished plan, with zero mutating calls', async () => {
      const r = rig(worldDocument());
      expect((await r.apply(detachAttachApi)).status).to.equal('succeeded');
      const before = r.mutatingCalls();
      const again = await r.resumeStarted(detachAttachApi);
      expect(again.status).to.equal('succeeded');
      expect(r.mutatingCalls() - before).to.equal(0);
      // Waits skip (already Deployed / no change to wait for); only the verifications run.
      expect(again.skipped).to.deep.equal([
        `update-aliases:${BLUE}:p1`,
        `wait-deployed:${BLUE}:p1`,
        `change-dns:${ZONE}:mid`,
        `wait-dns:${ZONE}:mid`,
        `update-aliases:${GREEN}:p2`,
        `wait-deployed:${GREEN}:p2`,
      ]);
      expect(again.completed).to.deep.equal([`verify:${BLUE}`, `verify:${GREEN}`]);
      expect(seconds(again)).to.equal(0);
      const skips = r.events.filter((e) => e.type === 'step-skip').map((e) => (e.type === 'step-skip' ? e.reason : ''));
      expect(skips).to.deep.equal([
        'postcondition-holds',
        'postcondition-holds',
        'postcondition-holds',
        'nothing-to-wait-for',
        'postcondition-holds',
        'postcondition-holds',
      ]);
    });

    it('on resume, skips an earlier update although a later update of the plan changed the same distribution', async () => {
      const twice = planOf([
        removeApiFromBlue,
        waitDeployedStep(BLUE, 1, removeApiFromBlue.id),
        {
          id: `update-aliases:${BLUE}:p2`,
          kind: 'update-aliases',
          dependsOn: [`wait-deployed:${BLUE}:p1`],
          phase: 2,
          distribution: BLUE,
          remove: [],
          add: ['shop.example.com'],
          precondition: { aliases: ['www.example.com'], enabled: true, certificateArn: BLUE_CERT },
          postcondition: { aliases: ['shop.example.com', 'www.example.com'] },
        },
        waitDeployedStep(BLUE, 2, `update-aliases:${BLUE}:p2`),
      ]);
      const r = rig(worldDocument());
      const first = await r.apply(twice);
      expect(first.status).to.equal('succeeded');
      expect(seconds(first)).to.equal(600);
      const again = await r.resumeStarted(twice);
      expect(again.status).to.equal('succeeded');
      expect(again.skipped).to.deep.equal(twice.steps.map((s) => s.id));
      expect(r.world.callCount('UpdateDistribution')).to.equal(2);
    });

    it('stops stale, with expected vs found and zero mutating calls, when an alias the plan changes left the source', async () => {
      const r = rig(worldDocument({ blueAliases: ['www.example.com'] }));
      const result = await r.apply(detachAttachApi);
      expect(result.status).to.equal('stale');
      expect(r.mutatingCalls()).to.equal(0);
      expect(result.failed.map((f) => f.stepId)).to.deep.equal([`update-aliases:${BLUE}:p1`]);
      const error = result.failed[0]?.error;
      expect(error).to.be.instanceOf(StalePlanError);
      // only the aliases the plan changes are compared: api
      expect((error as StalePlanError).mismatches).to.deep.equal([{ field: 'aliases', expected: ['api.example.com'], found: [] }]);
      expect(result.notStarted).to.have.length(7);
      expect(result.metrics.retries).to.deep.equal({});
    });

    it('applies cleanly when another writer only added an alias the plan does not manage, and keeps it', async () => {
      const r = rig(worldDocument({ blueAliases: ['www.example.com', 'api.example.com', 'old.example.com'] }));
      const result = await r.apply(detachAttachApi);
      expect(result.status).to.equal('succeeded');
      expect((await r.provider.readDistribution(BLUE)).aliases).to.deep.equal(['www.example.com', 'old.example.com']);
    });

    it('does not remove an alias whose DNS record the rest of its move would refuse to change', async () => {
      const r = rig(worldDocument({ apiCname: 'elsewhere.example.net' }));
      const result = await r.apply(detachAttachApi);
      expect(result.status).to.equal('stale');
      expect(r.mutatingCalls()).to.equal(0);
      expect(result.completed).to.deep.equal([]);
      expect(result.failed.map((f) => f.stepId)).to.deep.equal([`update-aliases:${BLUE}:p1`]);
      const error = result.failed[0]?.error as StalePlanError;
      expect(error.message).to.equal(
        `step update-aliases:${BLUE}:p1: not removing api.example.com from ${BLUE}: the rest of the move would fail (api.example.com. CNAME)`,
      );
      expect(error.mismatches).to.deep.equal([
        {
          field: 'api.example.com. CNAME',
          expected: { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
          found: { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['elsewhere.example.net'] },
        },
      ]);
      expect((await r.provider.readDistribution(BLUE)).aliases).to.deep.equal(['www.example.com', 'api.example.com']);
    });
  });

  describe('move with AssociateAlias', () => {
    it('moves the alias, repoints its record, and takes 300 + 30 simulated seconds', async () => {
      const r = rig(worldDocument());
      const result = await r.apply(moveWww);
      expect(result.status).to.equal('succeeded');
      expect(result.completed).to.deep.equal(moveWww.steps.map((s) => s.id));
      expect(seconds(result)).to.equal(330);
      expect(r.world.callCount('AssociateAlias')).to.equal(1);
      expect(r.world.callCount('UpdateDistribution')).to.equal(0);
      expect((await r.provider.readDistribution(GREEN)).aliases).to.deep.equal(['www.example.com']);
      expect((await r.provider.readDistribution(BLUE)).aliases).to.deep.equal(['api.example.com']);
    });

    it('finds the alias already on the target done on resume, stale on a fresh apply; stops stale when it is on neither', async () => {
      const done = rig(worldDocument());
      await done.apply(moveWww);
      const before = done.mutatingCalls();
      const resumed = await done.resumeStarted(moveWww);
      expect(resumed.status).to.equal('succeeded');
      expect(resumed.skipped).to.include('move-alias:www.example.com');
      const fresh = await done.apply(moveWww);
      expect(fresh.status).to.equal('stale');
      expect(fresh.failed[0]?.error.message).to.equal(
        'step move-alias:www.example.com: www.example.com is on E2GREENGREENGR already, moved by another writer since the plan',
      );
      expect(done.mutatingCalls() - before).to.equal(0);

      const gone = rig(worldDocument({ blueAliases: ['api.example.com'] }));
      const result = await gone.apply(moveWww);
      expect(result.status).to.equal('stale');
      expect(gone.mutatingCalls()).to.equal(0);
      expect((result.failed[0]?.error as StalePlanError).mismatches).to.deep.equal([
        { field: 'holder of www.example.com', expected: `on ${BLUE}`, found: 'on no distribution' },
      ]);
    });
  });

  describe('verify', () => {
    it('fails stale with every difference when the distribution or its DNS is not as planned', async () => {
      const r = rig(worldDocument());
      const result = await r.apply(
        planOf([
          verifyStep(GREEN, ['www.example.com'], { dns: [{ zoneId: ZONE, name: 'www.example.com.', pointsAt: 'd2green.cloudfront.net' }] }),
          verifyStep(BLUE, ['api.example.com', 'www.example.com'], {
            dns: [
              { zoneId: ZONE, name: 'www.example.com.', pointsAt: 'd1blue.cloudfront.net' },
              { zoneId: ZONE, name: 'api.example.com.', pointsAt: 'd1blue.cloudfront.net' },
            ],
          }),
        ]),
      );
      expect(result.status).to.equal('stale');
      expect(result.completed).to.deep.equal([`verify:${BLUE}`]);
      expect(result.failed.map((f) => f.stepId)).to.deep.equal([`verify:${GREEN}`]);
      expect((result.failed[0]?.error as StalePlanError).mismatches).to.deep.equal([
        { field: 'aliases', expected: ['www.example.com'], found: [] },
        { field: 'www.example.com. target', expected: 'd2green.cloudfront.net', found: ['d1blue.cloudfront.net'] },
        // Where the missing alias is, read again: the refusal names its holder.
        { field: 'holder of www.example.com', expected: `on ${GREEN}`, found: `on distribution ${BLUE} of account 111111111111` },
      ]);
      expect(result.failed[0]?.error.message).to.equal(
        `step verify:${GREEN}: ${GREEN} no longer matches the plan (aliases, www.example.com. target): ` +
          `www.example.com was taken by another writer (now on distribution ${BLUE} of account 111111111111)`,
      );
      expect(r.mutatingCalls()).to.equal(0);
    });
  });

  describe('retries', () => {
    it('retries PreconditionFailed once and Throttling three times, then succeeds, counting the retries', async () => {
      const r = rig(
        worldDocument({
          faults: [
            { operation: 'UpdateDistribution', resource: GREEN, error: 'PreconditionFailed', times: 1 },
            { operation: 'UpdateDistribution', resource: GREEN, error: 'Throttling', times: 3 },
          ],
        }),
      );
      const result = await r.apply(detachAttachApi);
      expect(result.status).to.equal('succeeded');
      expect(result.metrics.retries).to.deep.equal({ PreconditionFailedError: 1, ThrottlingError: 3 });
      // random 0.5: backoff 500 + 1000 + 2000 + 4000 ms on the critical path
      expect(seconds(result)).to.equal(637.5);
      expect(r.world.callCount('UpdateDistribution')).to.equal(6);
      expect((await r.provider.readDistribution(GREEN)).aliases).to.deep.equal(['api.example.com']);
      const retries = r.events.flatMap((e) => (e.type === 'step-retry' ? [[e.step.id, e.attempt, e.error.name, e.delayMs]] : []));
      expect(retries).to.deep.equal([
        [`update-aliases:${GREEN}:p2`, 1, 'PreconditionFailedError', 500],
        [`update-aliases:${GREEN}:p2`, 2, 'ThrottlingError', 1000],
        [`update-aliases:${GREEN}:p2`, 3, 'ThrottlingError', 2000],
        [`update-aliases:${GREEN}:p2`, 4, 'ThrottlingError', 4000],
      ]);
    });

    it('counts a write whose answer was lost as completed when the retry finds it done', async () => {
      const r = rig(
        worldDocument({ faults: [{ operation: 'UpdateDistribution', resource: BLUE, error: 'InternalError', when: 'after' }] }),
      );
      const result = await r.apply(detachAttachApi);
      expect(result.status).to.equal('succeeded');
      expect(result.metrics.retries).to.deep.equal({ TransientError: 1 });
      expect(result.completed).to.include(`update-aliases:${BLUE}:p1`);
      expect(result.skipped).to.deep.equal([]);
      // the retry read the config, found the postcondition holding and wrote nothing
      expect(r.world.callCount('UpdateDistribution')).to.equal(2);
    });
  });

  describe('failure isolation, abort, durations', () => {
    it('does not start the dependents of a failed step while the independent branch finishes', async () => {
      const r = rig(worldDocument());
      const result = await r.apply(twoBranches('shop.example.org'));
      expect(result.status).to.equal('failed');
      expect(result.failed.map((f) => f.stepId)).to.deep.equal([`update-aliases:${GREEN}:p1`]);
      expect(result.failed[0]?.error).to.be.instanceOf(InvalidCertificateError);
      expect(result.notStarted).to.deep.equal([`wait-deployed:${GREEN}:p1`, `verify:${GREEN}`]);
      expect(result.completed).to.deep.equal([`update-aliases:${BLUE}:p1`, `wait-deployed:${BLUE}:p1`, `verify:${BLUE}`]);
      expect(seconds(result)).to.equal(300);
    });

    it('costs 300 s for two parallel 300 s waits, 600 s when only one step may run at a time', async () => {
      const parallel = await rig(worldDocument()).apply(twoBranches('shop.example.com'));
      expect(parallel.status).to.equal('succeeded');
      expect(seconds(parallel)).to.equal(300);
      expect(parallel.metrics.stepDurationsMs[`wait-deployed:${BLUE}:p1`]).to.equal(300_000);
      expect(parallel.metrics.stepDurationsMs[`wait-deployed:${GREEN}:p1`]).to.equal(300_000);

      const serial = await rig(worldDocument()).apply(twoBranches('shop.example.com'), { concurrency: 1 });
      expect(serial.status).to.equal('succeeded');
      expect(seconds(serial)).to.equal(600);
    });

    it('stops at a step boundary when aborted: nothing else starts, the world keeps what was done', async () => {
      const controller = new AbortController();
      const r = rig(worldDocument());
      const result = await r.apply(detachAttachApi, {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'step-done' && e.step.id === `update-aliases:${BLUE}:p1`) controller.abort();
        },
      });
      expect(result.status).to.equal('aborted');
      expect(result.completed).to.deep.equal([`update-aliases:${BLUE}:p1`]);
      expect(result.failed).to.deep.equal([]);
      expect(result.notStarted).to.have.length(7);
      expect(r.mutatingCalls()).to.equal(1);
      expect((await r.provider.readDistribution(BLUE)).aliases).to.deep.equal(['www.example.com']);
    });
  });

  describe('lost answers and other writers', () => {
    it('a DNS change whose answer was lost is re-submitted, so its wait-dns still waits for INSYNC', async () => {
      const r = rig(
        worldDocument({ faults: [{ operation: 'ChangeResourceRecordSets', resource: ZONE, error: 'ConnectionReset', when: 'after' }] }),
      );
      const result = await r.apply(detachAttachApi);
      expect(result.status).to.equal('succeeded');
      expect(result.completed).to.include(`wait-dns:${ZONE}:mid`);
      // The landed change, then the same UPSERT again for a change id to wait on.
      expect(r.world.callCount('ChangeResourceRecordSets')).to.equal(2);
      // 300 s wait, 0.5 s backoff (jitter 0.5 of 1 s), 30 s DNS sync, 300 s wait.
      expect(seconds(result)).to.equal(630.5);
      expect(result.metrics.stepDurationsMs[`wait-dns:${ZONE}:mid`]).to.equal(30_000);
    });

    it('a verify waits for a deployment another writer started, instead of calling the plan stale', async () => {
      const r = rig(worldDocument());
      const { DistributionConfig: config, ETag } = r.world.getDistributionConfig('111111111111', BLUE);
      r.world.updateDistribution('111111111111', BLUE, { ...config, Comment: 'another writer' }, ETag);
      const result = await r.apply(planOf([verifyStep(BLUE, ['api.example.com', 'www.example.com'])]));
      expect(result.status).to.equal('succeeded');
      expect(seconds(result)).to.equal(300);
    });
  });
});
