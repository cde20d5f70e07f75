/**
 * Conformance of the SaaS Manager and IAM server-certificate operations with an independent
 * client: the AWS CLI (botocore parses every answer strictly from the service models). Skipped,
 * saying so, where `aws` is not on PATH. Expected values are worked out by hand from
 * testing/tenant-world.ts.
 */
import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { awsCliFound, awsCliSuiteTitle, createAwsCliRunner, type AwsCliResult, type AwsCliRunner } from './aws-cli-runner.js';
import { ALPHA_KEY, startTestEmulator, type EmulatedWorld } from '../testing/emulator-world.js';
import { A, ALPHA, BETA, BLUE, CG_DEFAULT, CG_SECOND, GREEN, IAM_CERT_ID, MULTI, tenantDocument } from '../testing/tenant-world.js';

(awsCliFound ? describe : describe.skip)(awsCliSuiteTitle('emulator: AWS CLI conformance (tenants, domains, IAM)'), function () {
  this.timeout(60_000);
  let env: EmulatedWorld;
  let cli: AwsCliRunner;

  before(() => {
    cli = createAwsCliRunner(ALPHA_KEY);
  });
  after(() => cli.dispose());
  beforeEach(async () => {
    env = await startTestEmulator({}, tenantDocument({ credentials: { [ALPHA_KEY]: A } }));
  });
  afterEach(async () => {
    await env.emulator.close();
  });

  const aws = (...args: string[]): Promise<AwsCliResult> => cli.run(env.emulator.endpoint, ...args);

  const awsJson = (...args: string[]): Promise<any> => cli.json(env.emulator.endpoint, ...args);

  it('cloudfront update-domain-association, standard → tenant, and its modelled errors', async () => {
    const etag = env.world.tenant(BETA)!.etag;
    const moved = await awsJson(
      'cloudfront',
      'update-domain-association',
      '--domain',
      'www.example.com',
      '--target-resource',
      `DistributionTenantId=${BETA}`,
      '--if-match',
      etag,
    );
    expect(moved).to.deep.equal({ Domain: 'www.example.com', ResourceId: BETA, ETag: env.world.tenant(BETA)!.etag });
    const stale = await aws(
      'cloudfront',
      'update-domain-association',
      '--domain',
      'example.com',
      '--target-resource',
      `DistributionId=${GREEN}`,
      '--if-match',
      'E000STALE',
    );
    expect(stale.code).to.not.equal(0);
    expect(stale.stderr).to.include('(PreconditionFailed)');
    const foreign = await aws(
      'cloudfront',
      'update-domain-association',
      '--domain',
      'partner.example.com',
      '--target-resource',
      `DistributionId=${GREEN}`,
      '--if-match',
      env.world.distribution(GREEN)!.etag,
    );
    expect(foreign.stderr).to.include('(IllegalUpdate)');
  });

  it('cloudfront list-domain-conflicts', async () => {
    const out = await awsJson(
      'cloudfront',
      'list-domain-conflicts',
      '--domain',
      'shop.example.com',
      '--domain-control-validation-resource',
      `DistributionId=${GREEN}`,
    );
    expect(out.DomainConflicts).to.deep.equal([
      { Domain: 'shop.example.com', ResourceType: 'distribution-tenant', ResourceId: '**********PHAalpha01', AccountId: '******111111' },
    ]);
    const refused = await aws(
      'cloudfront',
      'list-domain-conflicts',
      '--domain',
      'shop.example.com',
      '--domain-control-validation-resource',
      'DistributionTenantId=dt_gammaGAMMAgamma3',
    );
    expect(refused.stderr).to.include('(InvalidArgument)');
  });

  it('cloudfront verify-dns-configuration', async () => {
    const out = await awsJson('cloudfront', 'verify-dns-configuration', '--identifier', ALPHA);
    expect(out.DnsConfigurationList).to.deep.equal([{ Domain: 'shop.example.com', Status: 'valid-configuration' }]);
    const missing = await aws('cloudfront', 'verify-dns-configuration', '--identifier', 'partner');
    expect(missing.stderr).to.include('(EntityNotFound)');
  });

  it('cloudfront list-distribution-tenants, get-distribution-tenant, update-distribution-tenant --if-match', async () => {
    const list = await awsJson('cloudfront', 'list-distribution-tenants', '--association-filter', `ConnectionGroupId=${CG_SECOND}`);
    expect(list.DistributionTenantList.map((t: any) => [t.Id, t.Name, t.ETag, t.Domains])).to.deep.equal([
      [BETA, 'beta', 'E001ABETA0002', [{ Domain: 'blog.example.com', Status: 'active' }]],
    ]);
    const got = await awsJson('cloudfront', 'get-distribution-tenant', '--identifier', 'beta');
    expect([got.ETag, got.DistributionTenant.Id, got.DistributionTenant.ConnectionGroupId, got.DistributionTenant.Status]).to.deep.equal([
      'E001ABETA0002',
      BETA,
      CG_SECOND,
      'Deployed',
    ]);
    const updated = await awsJson(
      'cloudfront',
      'update-distribution-tenant',
      '--id',
      BETA,
      '--if-match',
      got.ETag,
      '--domains',
      'Domain=blog.example.com',
      'Domain=news.example.com',
    );
    expect([updated.ETag, updated.DistributionTenant.Status]).to.deep.equal(['E002ABETA0002', 'InProgress']);
    expect(updated.DistributionTenant.Domains.map((d: any) => d.Domain)).to.deep.equal(['blog.example.com', 'news.example.com']);
    const taken = await aws(
      'cloudfront',
      'update-distribution-tenant',
      '--id',
      BETA,
      '--if-match',
      updated.ETag,
      '--domains',
      'Domain=www.example.com',
    );
    expect(taken.stderr).to.include('(CNAMEAlreadyExists)');
  });

  it('cloudfront list-connection-groups, get-connection-group, list-distributions-by-connection-mode', async () => {
    const groups = await awsJson('cloudfront', 'list-connection-groups');
    expect(groups.ConnectionGroups.map((g: any) => [g.Id, g.RoutingEndpoint, g.IsDefault])).to.deep.equal([
      [CG_DEFAULT, 'd9routing.cloudfront.net', true],
      [CG_SECOND, 'd8second.cloudfront.net', false],
    ]);
    const group = await awsJson('cloudfront', 'get-connection-group', '--identifier', CG_DEFAULT);
    expect(group.ConnectionGroup.RoutingEndpoint).to.equal('d9routing.cloudfront.net');
    const multi = await awsJson('cloudfront', 'list-distributions-by-connection-mode', '--connection-mode', 'tenant-only');
    expect(multi.DistributionList.Items.map((d: any) => [d.Id, d.ConnectionMode])).to.deep.equal([[MULTI, 'tenant-only']]);
    const direct = await awsJson('cloudfront', 'list-distributions-by-connection-mode', '--connection-mode', 'direct');
    expect(direct.DistributionList.Items.map((d: any) => d.Id)).to.include(BLUE);
  });

  it('iam list-server-certificates, get-server-certificate', async () => {
    const list = await awsJson('iam', 'list-server-certificates');
    expect(list.ServerCertificateMetadataList.map((c: any) => [c.ServerCertificateName, c.ServerCertificateId, c.Path])).to.deep.equal([
      ['legacy-cert', IAM_CERT_ID, '/cloudfront/'],
    ]);
    const got = await awsJson('iam', 'get-server-certificate', '--server-certificate-name', 'legacy-cert');
    expect(new X509Certificate(got.ServerCertificate.CertificateBody).subjectAltName).to.equal(
      'DNS:legacy.example.com, DNS:*.legacy.example.com',
    );
    const missing = await aws('iam', 'get-server-certificate', '--server-certificate-name', 'nope');
    expect(missing.stderr).to.include('(NoSuchEntity)');
  });
});
