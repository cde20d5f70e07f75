/**
 * Real-time costs over the real SDK: each service's rate limit answers `Throttling` in its own wire
 * shape past its bucket, per account and (where the service limits that way) per operation; a
 * throttled request has no effect and is logged. Rates are tiny (0.01/s) so no token comes back
 * while a test runs; nothing here measures time.
 */
import { expect } from 'chai';
import { CloudFrontClient, GetDistributionCommand, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { ChangeResourceRecordSetsCommand, ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ACMClient, DescribeCertificateCommand } from '@aws-sdk/client-acm';
import type { RealTimeCosts } from '../sandbox/world-document.js';
import { BETA_KEY, CERT_ALPHA, startTestEmulator, testWorldDocument, type EmulatedWorld } from '../testing/emulator-world.js';
import { PUBLISHED_RATE_LIMITS } from './real-time-costs.js';

const SLOW = 0.01;
const COSTS: RealTimeCosts = {
  latencyMs: 1,
  rateLimits: {
    route53: { perSecond: SLOW, burst: 2 },
    cloudfront: { perSecond: SLOW, burst: 2, perOperation: true },
    acm: { perSecond: SLOW, burst: 1, perOperation: true },
  },
};

/** The error an SDK call rejects with, as the SDK parsed it. */
async function failure(call: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('the call succeeded');
}

describe('emulator: real-time costs (rate limits per service) over the real SDK', () => {
  let env: EmulatedWorld | undefined;
  afterEach(async () => {
    await env?.emulator.close();
    env = undefined;
  });

  it('Route 53: one bucket per account over every operation; past it, Throttling (400) with no effect, logged', async () => {
    env = await startTestEmulator({ realTime: COSTS });
    const r53 = new Route53Client(env.clientConfig());
    await r53.send(new ListHostedZonesCommand({}));
    await r53.send(new ListHostedZonesCommand({}));
    const change = new ChangeResourceRecordSetsCommand({
      HostedZoneId: 'Z1EXAMPLE',
      ChangeBatch: {
        Changes: [
          { Action: 'UPSERT', ResourceRecordSet: { Name: 'x.example.com.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"x"' }] } },
        ],
      },
    });
    expect(await failure(r53.send(change))).to.deep.equal({ name: 'Throttling', status: 400, message: 'Rate exceeded' });
    expect(env.world.calls.map((c) => [c.operation, c.outcome])).to.deep.equal([
      ['ListHostedZones', 'ok'],
      ['ListHostedZones', 'ok'],
      ['ChangeResourceRecordSets', 'Throttling'],
    ]);
    expect(env.world.zoneRecords('Z1EXAMPLE')!.some((r) => r.name === 'x.example.com.')).to.equal(false);
    // Another account has a bucket of its own.
    const beta = new Route53Client(env.clientConfig(BETA_KEY));
    await beta.send(new ListHostedZonesCommand({}));
    r53.destroy();
    beta.destroy();
  });

  it('CloudFront: a bucket per operation; one exhausted leaves the others open', async () => {
    env = await startTestEmulator({ realTime: COSTS });
    const cf = new CloudFrontClient(env.clientConfig());
    await cf.send(new GetDistributionCommand({ Id: 'E1BLUEBLUEBLUE' }));
    await cf.send(new GetDistributionCommand({ Id: 'E1BLUEBLUEBLUE' }));
    expect(await failure(cf.send(new GetDistributionCommand({ Id: 'E1BLUEBLUEBLUE' })))).to.deep.equal({
      name: 'Throttling',
      status: 400,
      message: 'Rate exceeded',
    });
    await cf.send(new ListDistributionsCommand({}));
    expect(env.world.calls.map((c) => c.outcome)).to.deep.equal(['ok', 'ok', 'Throttling', 'ok']);
    cf.destroy();
  });

  it('ACM: ThrottlingException (JSON) past an operation bucket', async () => {
    env = await startTestEmulator({ realTime: COSTS });
    const acm = new ACMClient(env.clientConfig());
    await acm.send(new DescribeCertificateCommand({ CertificateArn: CERT_ALPHA }));
    expect(await failure(acm.send(new DescribeCertificateCommand({ CertificateArn: CERT_ALPHA })))).to.deep.equal({
      name: 'ThrottlingException',
      status: 400,
      message: 'Rate exceeded',
    });
    acm.destroy();
  });

  it('takes its costs from the world file (settings.realTime); a service left out is not limited', async () => {
    const doc = testWorldDocument();
    env = await startTestEmulator(
      {},
      { ...doc, settings: { ...doc.settings, realTime: { rateLimits: { route53: { perSecond: SLOW, burst: 1 } } } } },
    );
    const r53 = new Route53Client(env.clientConfig());
    const cf = new CloudFrontClient(env.clientConfig());
    await r53.send(new ListHostedZonesCommand({}));
    expect((await failure(r53.send(new ListHostedZonesCommand({})))).name).to.equal('Throttling');
    for (let i = 0; i < 5; i++) await cf.send(new ListDistributionsCommand({}));
    expect(env.world.callCount('ListDistributions')).to.equal(5);
    r53.destroy();
    cf.destroy();
  });

  it('the published limits: Route 53 5/s per account, ACM per operation (ListCertificates 1/s), CloudFront per operation', () => {
    expect(PUBLISHED_RATE_LIMITS.route53).to.deep.equal({ perSecond: 5, burst: 5 });
    expect(PUBLISHED_RATE_LIMITS.acm?.perOperation).to.equal(true);
    expect(PUBLISHED_RATE_LIMITS.acm?.operations?.ListCertificates).to.deep.equal({ perSecond: 1 });
    expect(PUBLISHED_RATE_LIMITS.cloudfront?.perOperation).to.equal(true);
  });
});
