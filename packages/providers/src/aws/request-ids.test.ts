/**
 * The request id of a refused call reaches the engine error: the real SDK against the emulator,
 * whose request log names the id of every answer. One refusal per protocol: rest-xml (CloudFront,
 * Route 53), JSON (ACM), query (IAM) and S3 (whose id also travels in `x-amz-request-id`).
 */
import { expect } from 'chai';
import { ListCertificatesCommand, ACMClient } from '@aws-sdk/client-acm';
import { CloudFrontClient, GetDistributionConfigCommand, UpdateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { GetServerCertificateCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AliasConflictError, ResourceNotFoundError, ThrottlingError, type CfaliasError } from '@cfalias/core';
import type { EmulatorRequestRecord } from '../emulator/create-emulator.js';
import { startTestEmulator, testWorldDocument, type EmulatedWorld } from '../testing/emulator-world.js';
import { translateAwsError } from './errors.js';

describe('AWS errors carry the request id of the answer that refused the call', () => {
  let env: EmulatedWorld;
  let log: EmulatorRequestRecord[];

  beforeEach(async () => {
    log = [];
    env = await startTestEmulator({ onRequest: (record) => log.push(record) }, { ...testWorldDocument(), s3Buckets: ['locks'] });
  });
  afterEach(async () => {
    await env.emulator.close();
  });

  /** The request id the emulator logged for the only answer with `status`. */
  function loggedId(status: number): string {
    const matching = log.filter((r) => r.status === status);
    expect(matching).to.have.length(1);
    return matching[0]!.requestId;
  }

  async function refused(send: () => Promise<unknown>, operation: string, resource: string, aliases?: string[]): Promise<CfaliasError> {
    const thrown = await send().then(
      () => expect.fail(`${operation} should have been refused`),
      (error: unknown) => error,
    );
    return translateAwsError(thrown, operation, resource, aliases ? { aliases } : {});
  }

  it('CloudFront (rest-xml): a 409 CNAMEAlreadyExists names operation, resource, alias, status and request id', async () => {
    const cf = new CloudFrontClient(env.clientConfig());
    const got = await cf.send(new GetDistributionConfigCommand({ Id: 'E2GREENGREENGR' }));
    env.world.addFault({ operation: 'UpdateDistribution', error: 'CNAMEAlreadyExists' });
    const config = got.DistributionConfig!;
    const error = await refused(
      () =>
        cf.send(
          new UpdateDistributionCommand({
            Id: 'E2GREENGREENGR',
            IfMatch: got.ETag,
            DistributionConfig: { ...config, Aliases: { Quantity: 1, Items: ['api.example.com'] } },
          }),
        ),
      'UpdateDistribution',
      'E2GREENGREENGR',
      ['api.example.com'],
    );
    cf.destroy();
    expect(error).to.be.instanceOf(AliasConflictError);
    expect({ ...error }).to.include({
      operation: 'UpdateDistribution',
      resource: 'E2GREENGREENGR',
      alias: 'api.example.com',
      httpStatus: 409,
      requestId: loggedId(409),
    });
  });

  it('Route 53 (rest-xml) and IAM (query): refused reads keep their request ids', async () => {
    const r53 = new Route53Client(env.clientConfig());
    const zone = await refused(() => r53.send(new GetHostedZoneCommand({ Id: 'ZNOSUCHZONE' })), 'GetHostedZone', 'ZNOSUCHZONE');
    r53.destroy();
    const status = zone.httpStatus!;
    expect(status).to.be.within(400, 499);
    expect(zone.requestId).to.equal(loggedId(status));

    log.length = 0;
    const iam = new IAMClient(env.clientConfig());
    const cert = await refused(
      () => iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'none' })),
      'GetServerCertificate',
      'none',
    );
    iam.destroy();
    expect(cert).to.be.instanceOf(ResourceNotFoundError);
    expect([cert.httpStatus, cert.requestId]).to.deep.equal([404, loggedId(404)]);
  });

  it('ACM (JSON): a throttled call keeps the request id of its header', async () => {
    env.world.addFault({ operation: 'ListCertificates', error: 'Throttling' });
    const acm = new ACMClient(env.clientConfig());
    const error = await refused(() => acm.send(new ListCertificatesCommand({})), 'ListCertificates', 'certificates');
    acm.destroy();
    expect(error).to.be.instanceOf(ThrottlingError);
    expect([error.operation, error.httpStatus, error.requestId]).to.deep.equal(['ListCertificates', 400, loggedId(400)]);
  });

  it('S3: a missing object keeps the id of x-amz-request-id', async () => {
    const s3 = new S3Client({ ...env.clientConfig(), forcePathStyle: true });
    const error = await refused(() => s3.send(new GetObjectCommand({ Bucket: 'locks', Key: 'none' })), 'GetObject', 's3://locks/none');
    s3.destroy();
    expect(error).to.be.instanceOf(ResourceNotFoundError);
    expect([error.httpStatus, error.requestId]).to.deep.equal([404, loggedId(404)]);
  });

  it('a dropped connection has no status and no request id, only the call', async () => {
    env.world.addFault({ operation: 'GetDistributionConfig', error: 'ConnectionReset' });
    const cf = new CloudFrontClient(env.clientConfig());
    const error = await refused(
      () => cf.send(new GetDistributionConfigCommand({ Id: 'E1BLUEBLUEBLUE' })),
      'GetDistributionConfig',
      'E1BLUEBLUEBLUE',
    );
    cf.destroy();
    expect({ ...error }).to.deep.equal({
      name: 'TransientError',
      operation: 'GetDistributionConfig',
      resource: 'E1BLUEBLUEBLUE',
      reason: 'connection-reset',
    });
    expect(log).to.deep.equal([]);
  });
});
