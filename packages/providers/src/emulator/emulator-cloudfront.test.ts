import { expect } from 'chai';
import {
  AssociateAliasCommand,
  CloudFrontClient,
  CNAMEAlreadyExists,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  IllegalUpdate,
  InconsistentQuantities,
  InvalidArgument,
  InvalidIfMatchVersion,
  InvalidViewerCertificate,
  ListConflictingAliasesCommand,
  ListDistributionsCommand,
  NoSuchDistribution,
  paginateListDistributions,
  PreconditionFailed,
  TooManyDistributionCNAMEs,
  UpdateDistributionCommand,
  waitUntilDistributionDeployed,
  type DistributionConfig,
} from '@aws-sdk/client-cloudfront';
import { BETA_KEY, CERT_ALPHA, FULL_CONFIG, startTestEmulator, testWorldDocument, type EmulatedWorld } from '../testing/emulator-world.js';

describe('emulator: CloudFront over the real SDK', () => {
  let env: EmulatedWorld;
  let cf: CloudFrontClient;

  beforeEach(async () => {
    env = await startTestEmulator();
    cf = new CloudFrontClient(env.clientConfig());
  });
  afterEach(async () => {
    cf.destroy();
    await env.emulator.close();
  });

  it('lists the caller account’s distributions with aliases, status and certificate, page by page', async () => {
    const pages = [];
    for await (const page of paginateListDistributions({ client: cf, pageSize: 2 }, {})) pages.push(page.DistributionList!);
    expect(pages.map((p) => p.Quantity)).to.deep.equal([2, 1]);
    expect(pages[0]!.IsTruncated).to.equal(true);
    const items = pages.flatMap((p) => p.Items ?? []);
    expect(items.map((d) => d.Id)).to.deep.equal(['E1BLUEBLUEBLUE', 'E2GREENGREENGR', 'E3GREYGREYGREY']);
    const blue = items[0]!;
    expect(blue.Aliases).to.deep.equal({ Quantity: 2, Items: ['api.example.com', 'www.example.com'] });
    expect(blue.Status).to.equal('Deployed');
    expect(blue.Enabled).to.equal(true);
    expect(blue.DomainName).to.equal('d1blue.cloudfront.net');
    expect(blue.ViewerCertificate?.ACMCertificateArn).to.equal(CERT_ALPHA);
    expect(items[2]!.Aliases).to.deep.equal({ Quantity: 0 });
    expect(env.world.callCount('ListDistributions')).to.equal(2);
  });

  it('gets a distribution with its ARN, status and ETag header', async () => {
    const out = await cf.send(new GetDistributionCommand({ Id: 'E1BLUEBLUEBLUE' }));
    expect(out.ETag).to.equal(env.world.distribution('E1BLUEBLUEBLUE')!.etag);
    expect(out.Distribution?.ARN).to.equal('arn:aws:cloudfront::111111111111:distribution/E1BLUEBLUEBLUE');
    expect(out.Distribution?.Status).to.equal('Deployed');
    expect(out.Distribution?.LastModifiedTime?.toISOString()).to.equal('2026-12-01T00:00:00.000Z');
    expect(out.Distribution?.DistributionConfig?.Aliases?.Items).to.deep.equal(['api.example.com', 'www.example.com']);
  });

  it('returns the full stored DistributionConfig and stores a whole updated one', async () => {
    const got = await cf.send(new GetDistributionConfigCommand({ Id: 'E2GREENGREENGR' }));
    const config = got.DistributionConfig!;
    expect(config.Origins).to.deep.equal(FULL_CONFIG.Origins);
    expect(config.CacheBehaviors).to.deep.equal(FULL_CONFIG.CacheBehaviors);
    expect(config.CustomErrorResponses).to.deep.equal(FULL_CONFIG.CustomErrorResponses);
    expect(config.Logging).to.deep.equal(FULL_CONFIG.Logging);
    expect(config.Restrictions).to.deep.equal(FULL_CONFIG.Restrictions);
    expect(config.WebACLId).to.equal(FULL_CONFIG.WebACLId);
    expect(config.DefaultCacheBehavior?.FunctionAssociations).to.deep.equal(FULL_CONFIG.DefaultCacheBehavior.FunctionAssociations);
    expect(config.ViewerCertificate?.ACMCertificateArn).to.equal(CERT_ALPHA);

    const sent: DistributionConfig = { ...config, Aliases: { Quantity: 1, Items: ['new.example.com'] } };
    const updated = await cf.send(new UpdateDistributionCommand({ Id: 'E2GREENGREENGR', IfMatch: got.ETag, DistributionConfig: sent }));
    expect(updated.Distribution?.Status).to.equal('InProgress');
    expect(updated.ETag).to.not.equal(got.ETag);
    expect(updated.ETag).to.equal(env.world.distribution('E2GREENGREENGR')!.etag);

    const stored = env.world.getDistributionConfig('111111111111', 'E2GREENGREENGR').DistributionConfig;
    expect(JSON.parse(JSON.stringify(stored))).to.deep.equal(JSON.parse(JSON.stringify(sent)));
  });

  it('refuses a stale ETag with PreconditionFailed (412) and a missing one with InvalidIfMatchVersion', async () => {
    const got = await cf.send(new GetDistributionConfigCommand({ Id: 'E1BLUEBLUEBLUE' }));
    await cf.send(
      new UpdateDistributionCommand({
        Id: 'E1BLUEBLUEBLUE',
        IfMatch: got.ETag,
        DistributionConfig: { ...got.DistributionConfig!, Comment: 'one' },
      }),
    );
    const stale = await cf
      .send(
        new UpdateDistributionCommand({
          Id: 'E1BLUEBLUEBLUE',
          IfMatch: got.ETag,
          DistributionConfig: { ...got.DistributionConfig!, Comment: 'two' },
        }),
      )
      .catch((error: unknown) => error);
    expect(stale).to.be.instanceOf(PreconditionFailed);
    expect((stale as PreconditionFailed).$metadata.httpStatusCode).to.equal(412);
    const missing = await cf
      .send(new UpdateDistributionCommand({ Id: 'E1BLUEBLUEBLUE', IfMatch: undefined, DistributionConfig: got.DistributionConfig! }))
      .catch((error: unknown) => error);
    expect(missing).to.be.instanceOf(InvalidIfMatchVersion);
    expect((missing as InvalidIfMatchVersion).$metadata.httpStatusCode).to.equal(400);
  });

  it('refuses an alias held by another account with CNAMEAlreadyExists (409)', async () => {
    const got = await cf.send(new GetDistributionConfigCommand({ Id: 'E2GREENGREENGR' }));
    const error = await cf
      .send(
        new UpdateDistributionCommand({
          Id: 'E2GREENGREENGR',
          IfMatch: got.ETag,
          DistributionConfig: { ...got.DistributionConfig!, Aliases: { Quantity: 1, Items: ['shop.example.com'] } },
        }),
      )
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CNAMEAlreadyExists);
    expect((error as CNAMEAlreadyExists).$metadata.httpStatusCode).to.equal(409);
    expect((error as CNAMEAlreadyExists).$metadata.requestId).to.match(/^[0-9a-f-]{36}$/);
  });

  it('raises the modelled classes for the other UpdateDistribution refusals', async () => {
    const update = async (aliases: string[], quantity = aliases.length): Promise<unknown> => {
      const got = await cf.send(new GetDistributionConfigCommand({ Id: 'E2GREENGREENGR' }));
      const config = { ...got.DistributionConfig!, Aliases: { Quantity: quantity, Items: aliases } };
      return cf
        .send(new UpdateDistributionCommand({ Id: 'E2GREENGREENGR', IfMatch: got.ETag, DistributionConfig: config }))
        .catch((e: unknown) => e);
    };
    expect(await update(['shop.example.net'])).to.be.instanceOf(InvalidViewerCertificate);
    expect(await update(['a.example.com'], 2)).to.be.instanceOf(InconsistentQuantities);
    expect(await update(['not a hostname'])).to.be.instanceOf(InvalidArgument);

    const small = await startTestEmulator({}, { ...testWorldDocument(), settings: { aliasQuota: 1 } });
    const client = new CloudFrontClient(small.clientConfig());
    const got = await client.send(new GetDistributionConfigCommand({ Id: 'E2GREENGREENGR' }));
    const error = await client
      .send(
        new UpdateDistributionCommand({
          Id: 'E2GREENGREENGR',
          IfMatch: got.ETag,
          DistributionConfig: { ...got.DistributionConfig!, Aliases: { Quantity: 2, Items: ['a.example.com', 'b.example.com'] } },
        }),
      )
      .catch((e: unknown) => e);
    client.destroy();
    await small.emulator.close();
    expect(error).to.be.instanceOf(TooManyDistributionCNAMEs);
  });

  it('answers NoSuchDistribution (404) for a distribution of another account', async () => {
    const error = await cf.send(new GetDistributionCommand({ Id: 'E9FOREIGNFOREI' })).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(NoSuchDistribution);
    expect((error as NoSuchDistribution).$metadata.httpStatusCode).to.equal(404);
  });

  it('moves an alias with AssociateAlias and refuses one without the TXT proof (IllegalUpdate)', async () => {
    await cf.send(new AssociateAliasCommand({ TargetDistributionId: 'E2GREENGREENGR', Alias: 'www.example.com' }));
    expect(env.world.distribution('E2GREENGREENGR')!.aliases).to.deep.equal(['www.example.com']);
    expect(env.world.distribution('E1BLUEBLUEBLUE')!.aliases).to.deep.equal(['api.example.com']);

    const error = await cf
      .send(new AssociateAliasCommand({ TargetDistributionId: 'E2GREENGREENGR', Alias: 'api.example.com' }))
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(IllegalUpdate);
  });

  it('lists conflicting aliases across accounts with masked ids', async () => {
    const out = await cf.send(new ListConflictingAliasesCommand({ DistributionId: 'E1BLUEBLUEBLUE', Alias: '*.example.com' }));
    expect(out.ConflictingAliasesList?.Quantity).to.equal(3);
    expect(out.ConflictingAliasesList?.Items).to.deep.equal([
      { Alias: 'api.example.com', DistributionId: '******UEBLUE', AccountId: '******111111' },
      { Alias: 'shop.example.com', DistributionId: '******NFOREI', AccountId: '******222222' },
      { Alias: 'www.example.com', DistributionId: '******UEBLUE', AccountId: '******111111' },
    ]);
  });

  it('refuses to list conflicting aliases from a distribution whose certificate does not cover the alias (InvalidArgument)', async () => {
    const ask = (id: string, alias: string): Promise<unknown> =>
      cf.send(new ListConflictingAliasesCommand({ DistributionId: id, Alias: alias })).catch((e: unknown) => e);
    // Blue's certificate covers example.com and *.example.com: one label under it, not two.
    const deeper = await ask('E1BLUEBLUEBLUE', 'a.shop.example.com');
    expect(deeper).to.be.instanceOf(InvalidArgument);
    expect((deeper as InvalidArgument).$metadata.httpStatusCode).to.equal(400);
    expect((deeper as InvalidArgument).message).to.equal(
      "The distribution E1BLUEBLUEBLUE cannot vouch for a.shop.example.com: The certificate that is attached to your distribution doesn't cover the alternate domain name (CNAME) that you're trying to add: a.shop.example.com (its names: example.com, *.example.com).",
    );
    // Grey has CloudFront's default certificate, which covers no alternate domain name.
    expect(await ask('E3GREYGREYGREY', 'shop.example.com')).to.be.instanceOf(InvalidArgument);
    // The same question from a distribution whose certificate covers it is answered.
    const out = (await ask('E2GREENGREENGR', 'shop.example.com')) as { ConflictingAliasesList?: { Quantity?: number } };
    expect(out.ConflictingAliasesList?.Quantity).to.equal(1);
  });

  it('finishes waitUntilDistributionDeployed after one short real delay, spending deploySeconds of simulated time', async () => {
    const got = await cf.send(new GetDistributionConfigCommand({ Id: 'E1BLUEBLUEBLUE' }));
    await cf.send(
      new UpdateDistributionCommand({
        Id: 'E1BLUEBLUEBLUE',
        IfMatch: got.ETag,
        DistributionConfig: { ...got.DistributionConfig!, Comment: 'x' },
      }),
    );
    const start = env.world.clock.now();
    env.world.resetCalls();
    const result = await waitUntilDistributionDeployed(
      { client: cf, maxWaitTime: 30, minDelay: 0.02, maxDelay: 0.05 },
      { Id: 'E1BLUEBLUEBLUE' },
    );
    expect(result.state).to.equal('SUCCESS');
    expect(env.world.clock.now() - start).to.equal(300_000);
    // The first poll is the first read since the update (InProgress); the second is a poll (simulated-time.ts).
    expect(env.world.callCount('GetDistribution')).to.equal(2);
    expect(env.world.distribution('E1BLUEBLUEBLUE')!.status).to.equal('Deployed');
  });

  it('acts as the account of the access key: the other account sees its own distributions', async () => {
    const beta = new CloudFrontClient(env.clientConfig(BETA_KEY));
    const out = await beta.send(new ListDistributionsCommand({}));
    beta.destroy();
    expect(out.DistributionList?.Items?.map((d) => d.Id)).to.deep.equal(['E9FOREIGNFOREI']);
  });

  it('refuses an unknown access key with InvalidClientTokenId (403)', async () => {
    const stranger = new CloudFrontClient(env.clientConfig('AKIASTRANGERSTRANGER'));
    const error = (await stranger.send(new ListDistributionsCommand({})).catch((e: unknown) => e)) as Error & {
      $metadata: { httpStatusCode: number };
    };
    stranger.destroy();
    expect(error.name).to.equal('InvalidClientTokenId');
    expect(error.$metadata.httpStatusCode).to.equal(403);
    expect(env.world.callCount()).to.equal(0);
  });
});
