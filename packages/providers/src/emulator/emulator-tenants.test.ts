/**
 * The SaaS Manager operations (tenants, connection groups, UpdateDomainAssociation,
 * ListDomainConflicts, VerifyDnsConfiguration, ListDistributionsByConnectionMode) and IAM server
 * certificates over the wire, driven by the real SDK clients. Expected values are worked out by
 * hand from testing/tenant-world.ts.
 */
import { X509Certificate } from 'node:crypto';
import { expect } from 'chai';
import {
  AccessDenied,
  CloudFrontClient,
  CNAMEAlreadyExists,
  EntityLimitExceeded,
  EntityNotFound,
  GetConnectionGroupCommand,
  GetDistributionTenantCommand,
  IllegalUpdate,
  InvalidArgument,
  InvalidIfMatchVersion,
  ListConflictingAliasesCommand,
  ListConnectionGroupsCommand,
  ListDistributionsByConnectionModeCommand,
  ListDistributionTenantsCommand,
  ListDomainConflictsCommand,
  PreconditionFailed,
  UpdateDistributionTenantCommand,
  UpdateDomainAssociationCommand,
  VerifyDnsConfigurationCommand,
} from '@aws-sdk/client-cloudfront';
import { GetServerCertificateCommand, IAMClient, ListServerCertificatesCommand, NoSuchEntityException } from '@aws-sdk/client-iam';
import { ALPHA_KEY, BETA_KEY, startTestEmulator, type EmulatedWorld } from '../testing/emulator-world.js';
import { A, ALPHA, B, BETA, BLUE, CG_DEFAULT, CG_SECOND, GREEN, IAM_CERT_ID, MULTI, tenantDocument } from '../testing/tenant-world.js';
import { rejection } from '../contract/rejection.js';

describe('emulator: tenants, domain moves and IAM certificates over the real SDK', () => {
  let env: EmulatedWorld;
  let cf: CloudFrontClient;
  let iam: IAMClient;

  beforeEach(async () => {
    env = await startTestEmulator({}, tenantDocument({ credentials: { [ALPHA_KEY]: A, [BETA_KEY]: B } }));
    cf = new CloudFrontClient(env.clientConfig());
    iam = new IAMClient(env.clientConfig());
  });
  afterEach(async () => {
    cf.destroy();
    iam.destroy();
    await env.emulator.close();
  });

  it('moves a domain from a standard distribution to a tenant and back with UpdateDomainAssociation', async () => {
    const tenant = await cf.send(new GetDistributionTenantCommand({ Identifier: BETA }));
    const moved = await cf.send(
      new UpdateDomainAssociationCommand({
        Domain: 'www.example.com',
        TargetResource: { DistributionTenantId: BETA },
        IfMatch: tenant.ETag,
      }),
    );
    expect([moved.Domain, moved.ResourceId, moved.ETag]).to.deep.equal(['www.example.com', BETA, env.world.tenant(BETA)!.etag]);
    expect(env.world.distribution(BLUE)!.aliases).to.deep.equal(['example.com']);
    const back = await cf.send(
      new UpdateDomainAssociationCommand({
        Domain: 'www.example.com',
        TargetResource: { DistributionId: BLUE },
        IfMatch: env.world.distribution(BLUE)!.etag,
      }),
    );
    // The ETag header carries the target's new version, the If-Match of the next move onto it.
    expect([back.ResourceId, back.ETag]).to.deep.equal([BLUE, env.world.distribution(BLUE)!.etag]);
    expect(env.world.distribution(BLUE)!.aliases).to.deep.equal(['example.com', 'www.example.com']);
    expect(env.world.tenant(BETA)!.domains).to.deep.equal(['blog.example.com']);
  });

  it('answers the modelled errors of UpdateDomainAssociation as the SDK classes', async () => {
    const send = (target: { DistributionId?: string; DistributionTenantId?: string }, domain: string, ifMatch?: string) =>
      cf.send(new UpdateDomainAssociationCommand({ Domain: domain, TargetResource: target, ...(ifMatch ? { IfMatch: ifMatch } : {}) }));
    const green = env.world.distribution(GREEN)!.etag;
    expect(await rejection(send({ DistributionId: GREEN }, 'www.example.com'))).to.be.instanceOf(InvalidIfMatchVersion);
    const stale = await rejection(send({ DistributionId: GREEN }, 'www.example.com', 'E000STALE'));
    expect(stale).to.be.instanceOf(PreconditionFailed);
    expect((stale as PreconditionFailed).$metadata.httpStatusCode).to.equal(412);
    expect(await rejection(send({ DistributionId: 'E3FOREIGNFOREI' }, 'www.example.com', green))).to.be.instanceOf(EntityNotFound);
    expect(await rejection(send({ DistributionId: MULTI }, 'www.example.com', env.world.distribution(MULTI)!.etag))).to.be.instanceOf(
      InvalidArgument,
    );
    const enabled = await rejection(send({ DistributionId: GREEN }, 'partner.example.com', green));
    expect(enabled).to.be.instanceOf(IllegalUpdate);
    expect(enabled.message).to.include('still enabled');
  });

  it('serves injected faults on the new operations: a lost answer after the move was made, Throttling on IAM', async () => {
    env.world.addFault({ operation: 'UpdateDomainAssociation', resource: GREEN, error: 'ConnectionReset', when: 'after' });
    const lost = await rejection(
      cf.send(
        new UpdateDomainAssociationCommand({
          Domain: 'www.example.com',
          TargetResource: { DistributionId: GREEN },
          IfMatch: env.world.distribution(GREEN)!.etag,
        }),
      ),
    );
    expect((lost as Error & { code?: string }).code).to.equal('ECONNRESET');
    expect(env.world.distribution(GREEN)!.aliases).to.deep.equal(['www.example.com']);
    env.world.addFault({ operation: 'ListServerCertificates', error: 'Throttling' });
    const throttled = await rejection(iam.send(new ListServerCertificatesCommand({})));
    expect([throttled.name, (throttled as NoSuchEntityException).$metadata.httpStatusCode]).to.deep.equal(['Throttling', 400]);
  });

  it('answers AccessDenied (403) for a denied operation, as the SDK class', async () => {
    await env.emulator.close();
    env = await startTestEmulator(
      {},
      tenantDocument({ credentials: { [ALPHA_KEY]: A }, settings: { deniedOperations: ['UpdateDomainAssociation'] } }),
    );
    cf.destroy();
    cf = new CloudFrontClient(env.clientConfig());
    const denied = await rejection(
      cf.send(new UpdateDomainAssociationCommand({ Domain: 'www.example.com', TargetResource: { DistributionId: GREEN }, IfMatch: 'x' })),
    );
    expect(denied).to.be.instanceOf(AccessDenied);
    expect((denied as AccessDenied).$metadata.httpStatusCode).to.equal(403);
    expect(denied.message).to.include('cloudfront:UpdateDomainAssociation');
  });

  it('lists domain conflicts with resource types and masked ids, page by page', async () => {
    const first = await cf.send(
      new ListDomainConflictsCommand({
        Domain: '*.example.com',
        DomainControlValidationResource: { DistributionTenantId: ALPHA },
        MaxItems: 2,
      }),
    );
    expect(first.DomainConflicts).to.deep.equal([
      { Domain: 'api.example.com', ResourceType: 'distribution', ResourceId: '*******GNFOREI', AccountId: '******222222' },
      { Domain: 'blog.example.com', ResourceType: 'distribution-tenant', ResourceId: '*********Abeta0002', AccountId: '******111111' },
    ]);
    expect(first.NextMarker).to.equal('2');
    const next = await cf.send(
      new ListDomainConflictsCommand({
        Domain: '*.example.com',
        DomainControlValidationResource: { DistributionTenantId: ALPHA },
        MaxItems: 2,
        Marker: first.NextMarker,
      }),
    );
    expect(next.DomainConflicts!.map((c) => c.Domain)).to.deep.equal(['legacy.example.com', 'partner.example.com']);
    const uncovered = await rejection(
      cf.send(
        new ListDomainConflictsCommand({
          Domain: 'shop.example.com',
          DomainControlValidationResource: { DistributionTenantId: 'dt_gammaGAMMAgamma3' },
        }),
      ),
    );
    expect(uncovered).to.be.instanceOf(InvalidArgument);
  });

  it('refuses ListConflictingAliases asked from a multi-tenant distribution (standard distributions only): InvalidArgument, 400', async () => {
    const ask = (id: string): Promise<unknown> =>
      cf.send(new ListConflictingAliasesCommand({ DistributionId: id, Alias: 'www.example.com' })).catch((e: unknown) => e);
    // MULTI's certificate covers *.example.com, so only its connection mode stands in the way.
    const refused = await ask(MULTI);
    expect(refused).to.be.instanceOf(InvalidArgument);
    expect((refused as InvalidArgument).$metadata.httpStatusCode).to.equal(400);
    expect((refused as InvalidArgument).message).to.equal(
      `ListConflictingAliases supports standard distributions only; ${MULTI} is a multi-tenant distribution. Use ListDomainConflicts.`,
    );
    // The same question from a standard distribution with the same certificate is answered.
    const out = (await ask(GREEN)) as { ConflictingAliasesList?: { Items?: unknown[] } };
    expect(out.ConflictingAliasesList?.Items).to.deep.equal([
      { Alias: 'www.example.com', DistributionId: '******UEBLUE', AccountId: '******111111' },
    ]);
  });

  it('verifies a tenant’s DNS configuration', async () => {
    const alpha = await cf.send(new VerifyDnsConfigurationCommand({ Identifier: ALPHA }));
    expect(alpha.DnsConfigurationList).to.deep.equal([{ Domain: 'shop.example.com', Status: 'valid-configuration' }]);
    const beta = await cf.send(new VerifyDnsConfigurationCommand({ Identifier: 'beta', Domain: 'blog.example.com' }));
    expect(beta.DnsConfigurationList!.map((c) => c.Status)).to.deep.equal(['invalid-configuration']);
    expect(await rejection(cf.send(new VerifyDnsConfigurationCommand({ Identifier: 'partner' })))).to.be.instanceOf(EntityNotFound);
  });

  it('lists, reads and updates tenants with If-Match; a read after the deployment is due reads Deployed', async () => {
    const list = await cf.send(new ListDistributionTenantsCommand({ AssociationFilter: { DistributionId: MULTI } }));
    expect(list.DistributionTenantList!.map((t) => [t.Id, t.ConnectionGroupId, t.Domains!.map((d) => d.Domain)])).to.deep.equal([
      [ALPHA, CG_DEFAULT, ['shop.example.com']],
      [BETA, CG_SECOND, ['blog.example.com']],
      ['dt_gammaGAMMAgamma3', CG_DEFAULT, ['*.apps.example.com']],
    ]);
    const got = await cf.send(new GetDistributionTenantCommand({ Identifier: 'beta' }));
    expect(got.ETag).to.equal('E001ABETA0002');
    expect(got.DistributionTenant?.Arn).to.equal(`arn:aws:cloudfront::111111111111:distribution-tenant/${BETA}`);
    const updated = await cf.send(
      new UpdateDistributionTenantCommand({
        Id: BETA,
        IfMatch: got.ETag,
        Domains: [{ Domain: 'blog.example.com' }, { Domain: 'news.example.com' }],
      }),
    );
    expect([updated.ETag, updated.DistributionTenant?.Status]).to.deep.equal(['E002ABETA0002', 'InProgress']);
    expect(updated.DistributionTenant?.Domains?.map((d) => d.Domain)).to.deep.equal(['blog.example.com', 'news.example.com']);
    const taken = await rejection(
      cf.send(new UpdateDistributionTenantCommand({ Id: BETA, IfMatch: updated.ETag, Domains: [{ Domain: 'www.example.com' }] })),
    );
    expect(taken).to.be.instanceOf(CNAMEAlreadyExists);
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((l) => ({ Domain: `${l}.example.com` }));
    expect(
      await rejection(cf.send(new UpdateDistributionTenantCommand({ Id: BETA, IfMatch: updated.ETag, Domains: six }))),
    ).to.be.instanceOf(EntityLimitExceeded);
    // A poller reads the tenant again at the same ETag: the emulator moves time to its deployment.
    await cf.send(new GetDistributionTenantCommand({ Identifier: BETA }));
    const polled = await cf.send(new GetDistributionTenantCommand({ Identifier: BETA }));
    expect(polled.DistributionTenant?.Status).to.equal('Deployed');
  });

  it('lists and reads connection groups; lists distributions by connection mode', async () => {
    const groups = await cf.send(new ListConnectionGroupsCommand({}));
    expect(groups.ConnectionGroups!.map((g) => [g.Id, g.RoutingEndpoint, g.IsDefault])).to.deep.equal([
      [CG_DEFAULT, 'd9routing.cloudfront.net', true],
      [CG_SECOND, 'd8second.cloudfront.net', false],
    ]);
    const group = await cf.send(new GetConnectionGroupCommand({ Identifier: 'second' }));
    expect([group.ConnectionGroup?.Id, group.ETag]).to.deep.equal([CG_SECOND, env.world.getConnectionGroup(A, CG_SECOND).ETag]);
    const multi = await cf.send(new ListDistributionsByConnectionModeCommand({ ConnectionMode: 'tenant-only' }));
    expect(multi.DistributionList?.Items?.map((d) => [d.Id, d.ConnectionMode])).to.deep.equal([[MULTI, 'tenant-only']]);
  });

  it('IAM: lists server certificates and returns a PEM body whose names a client can parse', async () => {
    const list = await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/cloudfront/' }));
    expect(list.ServerCertificateMetadataList!.map((c) => [c.ServerCertificateName, c.ServerCertificateId])).to.deep.equal([
      ['legacy-cert', IAM_CERT_ID],
    ]);
    expect(list.IsTruncated).to.equal(false);
    expect(list.ServerCertificateMetadataList![0]!.Expiration?.toISOString()).to.equal('2027-06-01T00:00:00.000Z');
    const got = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'legacy-cert' }));
    const pem = new X509Certificate(got.ServerCertificate!.CertificateBody!);
    expect(pem.subjectAltName).to.equal('DNS:legacy.example.com, DNS:*.legacy.example.com');
    const missing = await rejection(iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'nope' })));
    expect(missing).to.be.instanceOf(NoSuchEntityException);
    expect((missing as NoSuchEntityException).$metadata.httpStatusCode).to.equal(404);
    const other = new IAMClient(env.clientConfig(BETA_KEY));
    expect((await other.send(new ListServerCertificatesCommand({}))).ServerCertificateMetadataList).to.deep.equal([]);
    other.destroy();
  });
});
