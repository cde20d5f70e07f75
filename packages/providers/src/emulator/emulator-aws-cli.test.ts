/**
 * Conformance with an independent client: the AWS CLI (botocore parses every answer strictly from
 * the service models) drives the emulator. Skipped, saying so, where `aws` is not on PATH.
 */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsCliFound, awsCliSuiteTitle, createAwsCliRunner, type AwsCliResult, type AwsCliRunner } from './aws-cli-runner.js';
import { ALPHA_KEY, CERT_ALPHA, startTestEmulator, type EmulatedWorld } from '../testing/emulator-world.js';

(awsCliFound ? describe : describe.skip)(awsCliSuiteTitle('emulator: AWS CLI conformance'), function () {
  this.timeout(60_000);
  let env: EmulatedWorld;
  let cli: AwsCliRunner;
  let home: string;

  before(() => {
    cli = createAwsCliRunner(ALPHA_KEY);
    home = cli.home;
  });
  after(() => cli.dispose());
  beforeEach(async () => {
    env = await startTestEmulator();
  });
  afterEach(async () => {
    await env.emulator.close();
  });

  /** Runs `aws` against the emulator with a clean environment (no user config leaks in). */
  const aws = (...args: string[]): Promise<AwsCliResult> => cli.run(env.emulator.endpoint, ...args);

  const awsJson = (...args: string[]): Promise<any> => cli.json(env.emulator.endpoint, ...args);

  it('sts get-caller-identity', async () => {
    const out = await awsJson('sts', 'get-caller-identity');
    expect(out).to.deep.equal({ UserId: ALPHA_KEY, Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/cfalias-sandbox' });
  });

  it('cloudfront list-distributions, get-distribution-config, update-distribution --if-match', async () => {
    const list = await awsJson('cloudfront', 'list-distributions');
    expect(list.DistributionList.Items.map((d: any) => [d.Id, d.Status, d.Aliases.Quantity])).to.deep.equal([
      ['E1BLUEBLUEBLUE', 'Deployed', 2],
      ['E2GREENGREENGR', 'Deployed', 0],
      ['E3GREYGREYGREY', 'Deployed', 0],
    ]);
    expect(list.DistributionList.Items[0].Aliases.Items).to.deep.equal(['api.example.com', 'www.example.com']);

    const got = await awsJson('cloudfront', 'get-distribution-config', '--id', 'E2GREENGREENGR');
    expect(got.ETag).to.equal(env.world.distribution('E2GREENGREENGR')!.etag);
    expect(got.DistributionConfig.Origins.Items.map((o: any) => o.Id)).to.deep.equal(['site-bucket', 'api-alb']);
    expect(got.DistributionConfig.CustomErrorResponses.Items[0]).to.deep.equal({
      ErrorCode: 403,
      ResponsePagePath: '/index.html',
      ResponseCode: '200',
      ErrorCachingMinTTL: 10,
    });
    expect(got.DistributionConfig.Logging.Enabled).to.equal(true);

    const config = { ...got.DistributionConfig, Comment: 'via the AWS CLI' };
    writeFileSync(join(home, 'config.json'), JSON.stringify(config));
    const updated = await awsJson(
      'cloudfront',
      'update-distribution',
      '--id',
      'E2GREENGREENGR',
      '--if-match',
      got.ETag,
      '--distribution-config',
      'file://config.json',
    );
    expect(updated.Distribution.Status).to.equal('InProgress');
    expect(updated.ETag).to.equal(env.world.distribution('E2GREENGREENGR')!.etag);
    const stored = env.world.getDistributionConfig('111111111111', 'E2GREENGREENGR').DistributionConfig;
    expect(JSON.parse(JSON.stringify(stored))).to.deep.equal(config);

    const stale = await aws(
      'cloudfront',
      'update-distribution',
      '--id',
      'E2GREENGREENGR',
      '--if-match',
      got.ETag,
      '--distribution-config',
      'file://config.json',
    );
    expect(stale.code).to.not.equal(0);
    expect(stale.stderr).to.include('An error occurred (PreconditionFailed) when calling the UpdateDistribution operation');
  });

  it('aws cloudfront wait distribution-deployed: the marked waiter poll ends the deployment after exactly deploySeconds', async () => {
    const got = await awsJson('cloudfront', 'get-distribution-config', '--id', 'E1BLUEBLUEBLUE');
    writeFileSync(join(home, 'blue.json'), JSON.stringify({ ...got.DistributionConfig, Comment: 'waited for' }));
    const first = await awsJson(
      'cloudfront',
      'update-distribution',
      '--id',
      'E1BLUEBLUEBLUE',
      '--if-match',
      got.ETag,
      '--distribution-config',
      'file://blue.json',
    );
    const start = env.world.clock.now();
    // A plain get-distribution is no poll: it shows the deployment in progress and moves nothing.
    expect((await awsJson('cloudfront', 'get-distribution', '--id', 'E1BLUEBLUEBLUE')).Distribution.Status).to.equal('InProgress');
    expect(env.world.clock.now()).to.equal(start);
    await awsJson(
      'cloudfront',
      'update-distribution',
      '--id',
      'E1BLUEBLUEBLUE',
      '--if-match',
      first.ETag,
      '--distribution-config',
      'file://blue.json',
    );
    env.world.resetCalls();
    // The wait's first poll is the first read since that write; botocore marks waiter requests
    // (user agent `m/…B…`), so it is parked and answered Deployed: no 60-second waiter delay.
    expect(await awsJson('cloudfront', 'wait', 'distribution-deployed', '--id', 'E1BLUEBLUEBLUE')).to.equal(undefined);
    expect(env.world.callCount('GetDistribution')).to.equal(1);
    expect(env.world.clock.now() - start).to.equal(300_000);
  });

  it('cloudfront associate-alias and list-conflicting-aliases', async () => {
    expect(
      await awsJson('cloudfront', 'associate-alias', '--target-distribution-id', 'E2GREENGREENGR', '--alias', 'www.example.com'),
    ).to.equal(undefined);
    expect(env.world.distribution('E2GREENGREENGR')!.aliases).to.deep.equal(['www.example.com']);
    const conflicts = await awsJson(
      'cloudfront',
      'list-conflicting-aliases',
      '--distribution-id',
      'E1BLUEBLUEBLUE',
      '--alias',
      'shop.example.com',
    );
    expect(conflicts.ConflictingAliasesList.Items).to.deep.equal([
      { Alias: 'shop.example.com', DistributionId: '******NFOREI', AccountId: '******222222' },
    ]);
  });

  it('cloudfront modelled errors: CNAMEAlreadyExists, NoSuchDistribution, Throttling', async () => {
    const got = await awsJson('cloudfront', 'get-distribution-config', '--id', 'E3GREYGREYGREY');
    writeFileSync(
      join(home, 'taken.json'),
      JSON.stringify({ ...got.DistributionConfig, Aliases: { Quantity: 1, Items: ['shop.example.com'] } }),
    );
    const taken = await aws(
      'cloudfront',
      'update-distribution',
      '--id',
      'E3GREYGREYGREY',
      '--if-match',
      got.ETag,
      '--distribution-config',
      'file://taken.json',
    );
    expect(taken.stderr).to.include('An error occurred (CNAMEAlreadyExists) when calling the UpdateDistribution operation');
    const missing = await aws('cloudfront', 'get-distribution', '--id', 'E9FOREIGNFOREI');
    expect(missing.stderr).to.include('An error occurred (NoSuchDistribution) when calling the GetDistribution operation');
    env.world.addFault({ operation: 'ListDistributions', error: 'Throttling' });
    const throttled = await aws('cloudfront', 'list-distributions');
    expect(throttled.stderr).to.include('An error occurred (Throttling) when calling the ListDistributions operation');
    expect(throttled.stderr).to.include('Rate exceeded (injected)');
  });

  it('route53 list-hosted-zones, list-resource-record-sets, change-resource-record-sets, get-change', async () => {
    const zones = await awsJson('route53', 'list-hosted-zones');
    expect(zones.HostedZones.map((z: any) => [z.Id, z.Name])).to.deep.equal([['/hostedzone/Z1EXAMPLE', 'example.com.']]);
    const records = await awsJson('route53', 'list-resource-record-sets', '--hosted-zone-id', 'Z1EXAMPLE', '--page-size', '2');
    expect(records.ResourceRecordSets.map((r: any) => `${r.Name} ${r.Type}`)).to.deep.equal([
      '\\052.example.com. A',
      '_www.example.com. TXT',
      'api.example.com. CNAME',
      'www.example.com. A',
    ]);
    // The CLI followed NextRecordName/NextRecordType for the second page.
    expect(env.world.callCount('ListResourceRecordSets')).to.equal(2);
    writeFileSync(
      join(home, 'batch.json'),
      JSON.stringify({
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: { Name: 'api.example.com.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'd2green.cloudfront.net' }] },
          },
        ],
      }),
    );
    const change = await awsJson(
      'route53',
      'change-resource-record-sets',
      '--hosted-zone-id',
      'Z1EXAMPLE',
      '--change-batch',
      'file://batch.json',
    );
    expect(change.ChangeInfo).to.deep.include({ Id: '/change/C0000000000001', Status: 'PENDING' });
    const synced = await awsJson('route53', 'get-change', '--id', '/change/C0000000000001');
    expect(synced.ChangeInfo.Status).to.equal('INSYNC');

    writeFileSync(
      join(home, 'bad.json'),
      JSON.stringify({
        Changes: [
          {
            Action: 'CREATE',
            ResourceRecordSet: { Name: 'api.example.com.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'x.example.net' }] },
          },
        ],
      }),
    );
    const bad = await aws('route53', 'change-resource-record-sets', '--hosted-zone-id', 'Z1EXAMPLE', '--change-batch', 'file://bad.json');
    expect(bad.stderr).to.include(
      "An error occurred (InvalidChangeBatch) when calling the ChangeResourceRecordSets operation: [Tried to create resource record set [name='api.example.com.', type='CNAME'] but it already exists]",
    );
  });

  it('route53 test-dns-answer', async () => {
    const answer = await awsJson(
      'route53',
      'test-dns-answer',
      '--hosted-zone-id',
      'Z1EXAMPLE',
      '--record-name',
      'api.example.com',
      '--record-type',
      'A',
    );
    expect(answer).to.deep.equal({
      Nameserver: 'ns-0.awsdns-00.com',
      RecordName: 'api.example.com.',
      RecordType: 'CNAME',
      RecordData: ['d1blue.cloudfront.net'],
      ResponseCode: 'NOERROR',
      Protocol: 'UDP',
    });
  });

  it('acm list-certificates and describe-certificate', async () => {
    const list = await awsJson('acm', 'list-certificates');
    expect(list.CertificateSummaryList.map((c: any) => [c.CertificateArn, c.Status, c.InUse])).to.deep.equal([
      [CERT_ALPHA, 'ISSUED', true],
    ]);
    const described = await awsJson('acm', 'describe-certificate', '--certificate-arn', CERT_ALPHA);
    expect(described.Certificate.SubjectAlternativeNames).to.deep.equal(['example.com', '*.example.com']);
    // JSON protocol timestamps are epoch seconds; AWS CLI v1 prints them as received.
    expect(described.Certificate.NotAfter).to.equal(1811808000);
    const missing = await aws('acm', 'describe-certificate', '--certificate-arn', 'arn:aws:acm:us-east-1:111111111111:certificate/none');
    expect(missing.stderr).to.include('An error occurred (ResourceNotFoundException) when calling the DescribeCertificate operation');
  });
});
