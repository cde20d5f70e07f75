import { expect } from 'chai';
import {
  CloudFrontClient,
  GetDistributionConfigCommand,
  ListDistributionsCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ACMClient, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { startTestEmulator, type EmulatedWorld } from '../testing/emulator-world.js';

type SdkError = Error & { code?: string; $metadata?: { httpStatusCode?: number } };

describe('emulator: injected faults over the wire', () => {
  let env: EmulatedWorld;

  beforeEach(async () => {
    env = await startTestEmulator({ timeoutHoldMs: 5000 });
  });
  afterEach(async () => {
    await env.emulator.close();
  });

  it('serves Throttling as a 400 rest-xml error the SDK names Throttling', async () => {
    env.world.addFault({ operation: 'ListDistributions', error: 'Throttling' });
    const cf = new CloudFrontClient(env.clientConfig());
    const error = (await cf.send(new ListDistributionsCommand({})).catch((e: unknown) => e)) as SdkError;
    const retried = await cf.send(new ListDistributionsCommand({}));
    cf.destroy();
    expect(error.name).to.equal('Throttling');
    expect(error.message).to.equal('Rate exceeded (injected)');
    expect(error.$metadata?.httpStatusCode).to.equal(400);
    expect(retried.DistributionList?.Quantity).to.equal(3);
  });

  it('serves ThrottlingException on ACM and InternalError as 500 on Route 53', async () => {
    env.world.addFault({ operation: 'ListCertificates', error: 'Throttling' });
    env.world.addFault({ operation: 'ListHostedZones', error: 'InternalError' });
    const acm = new ACMClient(env.clientConfig());
    const r53 = new Route53Client(env.clientConfig());
    const throttled = (await acm.send(new ListCertificatesCommand({})).catch((e: unknown) => e)) as SdkError;
    const internal = (await r53.send(new ListHostedZonesCommand({})).catch((e: unknown) => e)) as SdkError;
    acm.destroy();
    r53.destroy();
    expect([throttled.name, throttled.$metadata?.httpStatusCode]).to.deep.equal(['ThrottlingException', 400]);
    expect([internal.name, internal.$metadata?.httpStatusCode]).to.deep.equal(['InternalError', 500]);
  });

  it('drops the connection without an answer for ConnectionReset, after the change when asked', async () => {
    const cf = new CloudFrontClient(env.clientConfig());
    const got = await cf.send(new GetDistributionConfigCommand({ Id: 'E1BLUEBLUEBLUE' }));
    env.world.addFault({ operation: 'UpdateDistribution', error: 'ConnectionReset', when: 'after' });
    const error = (await cf
      .send(
        new UpdateDistributionCommand({
          Id: 'E1BLUEBLUEBLUE',
          IfMatch: got.ETag,
          DistributionConfig: { ...got.DistributionConfig!, Comment: 'lost answer' },
        }),
      )
      .catch((e: unknown) => e)) as SdkError;
    cf.destroy();
    expect(error).to.be.instanceOf(Error);
    expect(error.$metadata?.httpStatusCode).to.equal(undefined);
    expect(['ECONNRESET', 'EPIPE']).to.include(error.code);
    // The effect happened although the client saw no answer.
    expect(env.world.getDistributionConfig('111111111111', 'E1BLUEBLUEBLUE').DistributionConfig.Comment).to.equal('lost answer');
  });

  it('holds the connection silent for Timeout, so the client’s own timeout fires', async () => {
    env.world.addFault({ operation: 'ListDistributions', error: 'Timeout' });
    const cf = new CloudFrontClient({ ...env.clientConfig(), requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true } });
    const error = (await cf.send(new ListDistributionsCommand({})).catch((e: unknown) => e)) as SdkError;
    cf.destroy();
    expect(error.name).to.equal('TimeoutError');
    expect(env.world.calls.at(-1)).to.include({ operation: 'ListDistributions', outcome: 'Timeout', injected: true });
  });

  it('closes a held Timeout connection after timeoutHoldMs for a client with no timeout', async () => {
    const short = await startTestEmulator({ timeoutHoldMs: 50 });
    short.world.addFault({ operation: 'ListDistributions', error: 'Timeout' });
    const cf = new CloudFrontClient(short.clientConfig());
    const error = (await cf.send(new ListDistributionsCommand({})).catch((e: unknown) => e)) as SdkError;
    cf.destroy();
    await short.emulator.close();
    expect(error.$metadata?.httpStatusCode).to.equal(undefined);
    expect(error.code).to.equal('ECONNRESET');
  });
});
