import { expect } from 'chai';
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  InvalidChangeBatch,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  NoSuchChange,
  NoSuchHostedZone,
  Route53Client,
  waitUntilResourceRecordSetsChanged,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import {
  ACMClient,
  DescribeCertificateCommand,
  InvalidArnException,
  paginateListCertificates,
  ResourceNotFoundException,
} from '@aws-sdk/client-acm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SANDBOX_ACCESS_KEY_ID } from './caller-credentials.js';
import { BETA_KEY, CERT_ALPHA, CERT_BETA, startTestEmulator, testWorldDocument, type EmulatedWorld } from '../testing/emulator-world.js';

describe('emulator: Route 53, ACM and STS over the real SDK', () => {
  let env: EmulatedWorld;
  let r53: Route53Client;

  beforeEach(async () => {
    env = await startTestEmulator();
    r53 = new Route53Client(env.clientConfig());
  });
  afterEach(async () => {
    r53.destroy();
    await env.emulator.close();
  });

  it('lists hosted zones with prefixed ids', async () => {
    const out = await r53.send(new ListHostedZonesCommand({}));
    expect(out.HostedZones?.map((z) => [z.Id, z.Name, z.ResourceRecordSetCount])).to.deep.equal([
      ['/hostedzone/Z1EXAMPLE', 'example.com.', 4],
    ]);
    expect(out.IsTruncated).to.equal(false);
  });

  it('lists record sets in Route 53 order, following NextRecordName/NextRecordType', async () => {
    const seen: ResourceRecordSet[] = [];
    let start: { StartRecordName?: string; StartRecordType?: 'A' | 'CNAME' | 'TXT' } = {};
    let pages = 0;
    for (;;) {
      const page = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: '/hostedzone/Z1EXAMPLE', MaxItems: 3, ...start }));
      pages += 1;
      seen.push(...(page.ResourceRecordSets ?? []));
      if (!page.IsTruncated) break;
      start = { StartRecordName: page.NextRecordName!, StartRecordType: page.NextRecordType as 'A' };
    }
    expect(pages).to.equal(2);
    expect(seen.map((r) => `${r.Name} ${r.Type}`)).to.deep.equal([
      '\\052.example.com. A',
      '_www.example.com. TXT',
      'api.example.com. CNAME',
      'www.example.com. A',
    ]);
    expect(seen[0]!.AliasTarget).to.deep.equal({
      HostedZoneId: 'Z2FDTNDATAQYW2',
      DNSName: 'd1blue.cloudfront.net.',
      EvaluateTargetHealth: false,
    });
    expect(seen[1]!.ResourceRecords).to.deep.equal([{ Value: '"d2green.cloudfront.net"' }]);
    expect(seen[2]!.TTL).to.equal(300);
  });

  it('applies a change batch, PENDING, and waitUntilResourceRecordSetsChanged ends INSYNC after dnsSyncSeconds of simulated time', async () => {
    const change = await r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: 'Z1EXAMPLE',
        ChangeBatch: {
          Comment: 'repoint www',
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: 'www.example.com.',
                Type: 'A',
                AliasTarget: { DNSName: 'd2green.cloudfront.net.', HostedZoneId: 'Z2FDTNDATAQYW2', EvaluateTargetHealth: false },
              },
            },
          ],
        },
      }),
    );
    expect(change.ChangeInfo?.Status).to.equal('PENDING');
    expect(change.ChangeInfo?.Id).to.equal('/change/C0000000000001');
    expect(change.ChangeInfo?.SubmittedAt?.toISOString()).to.equal('2026-12-01T00:00:00.000Z');
    expect(env.world.zoneRecords('Z1EXAMPLE')!.find((r) => r.name === 'www.example.com.')!.aliasTarget?.dnsName).to.equal(
      'd2green.cloudfront.net.',
    );

    const start = env.world.clock.now();
    const result = await waitUntilResourceRecordSetsChanged({ client: r53, maxWaitTime: 30, minDelay: 1 }, { Id: change.ChangeInfo!.Id! });
    expect(result.state).to.equal('SUCCESS');
    expect(env.world.clock.now() - start).to.equal(60_000);
    const again = await r53.send(new GetChangeCommand({ Id: 'C0000000000001' }));
    expect(again.ChangeInfo?.Status).to.equal('INSYNC');
  });

  it('refuses an invalid batch with InvalidChangeBatch listing every problem, and changes nothing', async () => {
    const error = await r53
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: 'Z1EXAMPLE',
          ChangeBatch: {
            Changes: [
              {
                Action: 'CREATE',
                ResourceRecordSet: { Name: 'api.example.com.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'x.example.net' }] },
              },
              {
                Action: 'DELETE',
                ResourceRecordSet: { Name: 'nope.example.com.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"x"' }] },
              },
            ],
          },
        }),
      )
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidChangeBatch);
    expect((error as InvalidChangeBatch).$metadata.httpStatusCode).to.equal(400);
    expect((error as InvalidChangeBatch).message).to.equal(
      "[Tried to create resource record set [name='api.example.com.', type='CNAME'] but it already exists, " +
        "Tried to delete resource record set [name='nope.example.com.', type='TXT'] but it was not found]",
    );
    expect(env.world.zoneRecords('Z1EXAMPLE')!.length).to.equal(4);
  });

  it('answers NoSuchHostedZone (404) and NoSuchChange (404)', async () => {
    const zone = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'ZNOTMINE' })).catch((e: unknown) => e);
    expect(zone).to.be.instanceOf(NoSuchHostedZone);
    expect((zone as NoSuchHostedZone).$metadata.httpStatusCode).to.equal(404);
    const change = await r53.send(new GetChangeCommand({ Id: 'C9999999999999' })).catch((e: unknown) => e);
    expect(change).to.be.instanceOf(NoSuchChange);
  });

  it('lists the us-east-1 certificates with the SDK paginator and describes one', async () => {
    const acm = new ACMClient(env.clientConfig());
    const pages = [];
    for await (const page of paginateListCertificates({ client: acm, pageSize: 1 }, {})) pages.push(page);
    // The us-west-2 certificate is not listed to a client signing for us-east-1.
    expect(pages.flatMap((p) => p.CertificateSummaryList ?? []).map((c) => c.CertificateArn)).to.deep.equal([CERT_ALPHA]);

    const out = await acm.send(new DescribeCertificateCommand({ CertificateArn: CERT_ALPHA }));
    acm.destroy();
    expect(out.Certificate?.SubjectAlternativeNames).to.deep.equal(['example.com', '*.example.com']);
    expect(out.Certificate?.Status).to.equal('ISSUED');
    expect(out.Certificate?.NotAfter?.toISOString()).to.equal('2027-06-01T00:00:00.000Z');
    expect(out.Certificate?.InUseBy).to.deep.equal([
      'arn:aws:cloudfront::111111111111:distribution/E1BLUEBLUEBLUE',
      'arn:aws:cloudfront::111111111111:distribution/E2GREENGREENGR',
    ]);
  });

  it('answers ResourceNotFoundException for a certificate of another account, InvalidArnException for a malformed ARN', async () => {
    const acm = new ACMClient(env.clientConfig());
    const error = await acm.send(new DescribeCertificateCommand({ CertificateArn: CERT_BETA })).catch((e: unknown) => e);
    const invalid = await acm.send(new DescribeCertificateCommand({ CertificateArn: 'not-an-arn' })).catch((e: unknown) => e);
    acm.destroy();
    expect(error).to.be.instanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).to.equal(400);
    expect(invalid).to.be.instanceOf(InvalidArnException);
  });

  it('refuses an unknown access key on ACM with UnrecognizedClientException', async () => {
    const acm = new ACMClient(env.clientConfig('AKIASTRANGERSTRANGER'));
    const error = (await acm.send(new DescribeCertificateCommand({ CertificateArn: CERT_ALPHA })).catch((e: unknown) => e)) as Error;
    acm.destroy();
    expect(error.name).to.equal('UnrecognizedClientException');
  });

  it('tells each access key its account with GetCallerIdentity', async () => {
    const alpha = new STSClient(env.clientConfig());
    const beta = new STSClient(env.clientConfig(BETA_KEY));
    const a = await alpha.send(new GetCallerIdentityCommand({}));
    const b = await beta.send(new GetCallerIdentityCommand({}));
    alpha.destroy();
    beta.destroy();
    expect([a.Account, a.Arn]).to.deep.equal(['111111111111', 'arn:aws:iam::111111111111:user/cfalias-sandbox']);
    expect([b.Account, b.UserId]).to.deep.equal(['222222222222', BETA_KEY]);
  });

  it('lets the sandbox access key act as the world’s caller when the world maps no keys', async () => {
    const { credentials: _mapped, ...unmapped } = testWorldDocument();
    const bare = await startTestEmulator({}, unmapped);
    const sts = new STSClient(bare.clientConfig(SANDBOX_ACCESS_KEY_ID));
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    const other = new STSClient(bare.clientConfig(BETA_KEY));
    const stranger = await other.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    sts.destroy();
    other.destroy();
    await bare.emulator.close();
    expect(identity.Account).to.equal('111111111111');
    expect((stranger as Error).name).to.equal('InvalidClientTokenId');
  });

  it('refuses an unknown access key on STS with InvalidClientTokenId (403)', async () => {
    const sts = new STSClient(env.clientConfig('AKIASTRANGERSTRANGER'));
    const error = (await sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e)) as Error & {
      $metadata: { httpStatusCode: number };
    };
    sts.destroy();
    expect(error.name).to.equal('InvalidClientTokenId');
    expect(error.$metadata.httpStatusCode).to.equal(403);
  });
});
