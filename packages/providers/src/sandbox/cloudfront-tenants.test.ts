/**
 * The sandbox's distribution tenants, connection groups, multi-tenant distributions and IAM server
 * certificates, and their world-file fields. Expected values are worked out by hand from
 * testing/tenant-world.ts.
 */
import { X509Certificate } from 'node:crypto';
import { expect } from 'chai';
import { SimulatedClock } from '@cfalias/core';
import { WorldFileError } from '../errors.js';
import { setAliases, thrown } from '../testing/rules-world.js';
import {
  A,
  ALPHA,
  BETA,
  BLUE,
  CERT_NARROW,
  CG_DEFAULT,
  CG_SECOND,
  GREEN,
  IAM_CERT_ID,
  LEGACY,
  MULTI,
  NOW,
  ROUTING_SECOND,
  makeTenantWorld,
  tenantDocument,
} from '../testing/tenant-world.js';
import type { WorldDocument } from './world-document.js';
import { parseWorldDocument } from './world-file.js';
import { SandboxWorld } from './world-model.js';

describe('SandboxWorld: distribution tenants and connection groups', () => {
  it('lists and reads tenants by id, name or ARN, with their effective connection group and ETag', () => {
    const { world } = makeTenantWorld();
    const list = world.listDistributionTenants(A);
    expect(list.DistributionTenantList.map((t) => [t.Id, t.Name, t.ConnectionGroupId])).to.deep.equal([
      [ALPHA, 'alpha', CG_DEFAULT],
      [BETA, 'beta', CG_SECOND],
      ['dt_gammaGAMMAgamma3', 'gamma', CG_DEFAULT],
    ]);
    expect(list.NextMarker).to.equal(undefined);
    const byName = world.getDistributionTenant(A, 'beta');
    const byArn = world.getDistributionTenant(A, `arn:aws:cloudfront::111111111111:distribution-tenant/${BETA}`);
    expect(byName).to.deep.equal(byArn);
    expect(byName.ETag).to.equal('E001ABETA0002');
    expect(byName.DistributionTenant.Domains).to.deep.equal([{ Domain: 'blog.example.com', Status: 'active' }]);
    expect(world.listDistributionTenants(A, { connectionGroupId: CG_SECOND }).DistributionTenantList.map((t) => t.Id)).to.deep.equal([
      BETA,
    ]);
    const paged = world.listDistributionTenants(A, { maxItems: 2 });
    expect(paged.NextMarker).to.equal('dt_gammaGAMMAgamma3');
    expect(thrown(() => world.getDistributionTenant(A, 'partner')).code).to.equal('EntityNotFound');
  });

  it('updates a tenant with If-Match: Domains replace, a new ETag, InProgress for deploySeconds', () => {
    const { world, clock } = makeTenantWorld();
    const { ETag } = world.getDistributionTenant(A, BETA);
    expect(thrown(() => world.updateDistributionTenant(A, BETA, { Domains: [] }, undefined)).code).to.equal('InvalidIfMatchVersion');
    expect(thrown(() => world.updateDistributionTenant(A, BETA, { Domains: [] }, 'E000STALE')).httpStatus).to.equal(412);
    const out = world.updateDistributionTenant(
      A,
      BETA,
      { Domains: [{ Domain: 'blog.example.com' }, { Domain: 'news.example.com' }] },
      ETag,
    );
    expect(out.ETag).to.equal('E002ABETA0002');
    expect(out.DistributionTenant.Status).to.equal('InProgress');
    expect(world.tenant(BETA)!.domains).to.deep.equal(['blog.example.com', 'news.example.com']);
    clock.advance(300_000);
    expect(world.getDistributionTenant(A, BETA).DistributionTenant.Status).to.equal('Deployed');
    world.updateDistributionTenant(A, BETA, { Domains: [{ Domain: 'news.example.com' }] }, out.ETag);
    expect(world.tenant(BETA)!.domains).to.deep.equal(['news.example.com']);
  });

  it('keeps a domain on one resource across distributions and tenants: CNAMEAlreadyExists (409) both ways', () => {
    const { world } = makeTenantWorld();
    const onDistribution = thrown(() => setAliases(world, GREEN, ['shop.example.com']));
    expect([onDistribution.code, onDistribution.httpStatus]).to.deep.equal(['CNAMEAlreadyExists', 409]);
    const { ETag } = world.getDistributionTenant(A, BETA);
    const onTenant = thrown(() => world.updateDistributionTenant(A, BETA, { Domains: [{ Domain: 'www.example.com' }] }, ETag));
    expect([onTenant.code, onTenant.httpStatus]).to.deep.equal(['CNAMEAlreadyExists', 409]);
    const foreign = thrown(() => world.updateDistributionTenant(A, BETA, { Domains: [{ Domain: 'partner.example.com' }] }, ETag));
    expect(foreign.code).to.equal('CNAMEAlreadyExists');
  });

  it('refuses more domains than tenantDomainQuota (EntityLimitExceeded), no domain, and an uncovered domain (InvalidArgument)', () => {
    const { world } = makeTenantWorld();
    const { ETag } = world.getDistributionTenant(A, BETA);
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((l) => ({ Domain: `${l}.example.com` }));
    expect(thrown(() => world.updateDistributionTenant(A, BETA, { Domains: six }, ETag)).code).to.equal('EntityLimitExceeded');
    expect(thrown(() => world.updateDistributionTenant(A, BETA, { Domains: [] }, ETag)).code).to.equal('InvalidArgument');
    const uncovered = thrown(() =>
      world.updateDistributionTenant(
        A,
        BETA,
        { Domains: [{ Domain: 'blog.example.com' }], Customizations: { Certificate: { Arn: CERT_NARROW } } },
        ETag,
      ),
    );
    expect([uncovered.code, uncovered.httpStatus]).to.deep.equal(['InvalidArgument', 400]);
    expect(uncovered.message).to.include('blog.example.com');
  });

  it('lists and reads connection groups with their routing endpoints', () => {
    const { world } = makeTenantWorld();
    expect(world.listConnectionGroups(A).ConnectionGroups.map((g) => [g.Id, g.RoutingEndpoint, g.IsDefault])).to.deep.equal([
      [CG_DEFAULT, 'd9routing.cloudfront.net', true],
      [CG_SECOND, ROUTING_SECOND, false],
    ]);
    expect(world.getConnectionGroup(A, 'second').ConnectionGroup.Id).to.equal(CG_SECOND);
    expect(thrown(() => world.getConnectionGroup(A, 'cg_bdefaultBDEFAULT3')).code).to.equal('EntityNotFound');
  });

  it('lists distributions by connection mode; a multi-tenant one takes no aliases and keeps its mode', () => {
    const { world } = makeTenantWorld();
    expect(
      world.listDistributionsByConnectionMode(A, 'tenant-only').DistributionList.Items.map((d) => [d.Id, d['ConnectionMode']]),
    ).to.deep.equal([[MULTI, 'tenant-only']]);
    expect(world.listDistributionsByConnectionMode(A, 'direct').DistributionList.Quantity).to.equal(5);
    expect(thrown(() => setAliases(world, MULTI, ['new.example.com'])).code).to.equal('InvalidArgument');
    const { DistributionConfig, ETag } = world.getDistributionConfig(A, MULTI);
    expect(DistributionConfig['ConnectionMode']).to.equal('tenant-only');
    const changed = thrown(() => world.updateDistribution(A, MULTI, { ...DistributionConfig, ConnectionMode: 'direct' }, ETag));
    expect(changed.code).to.equal('IllegalUpdate');
  });
});

describe('SandboxWorld: IAM server certificates', () => {
  it('lists them under /cloudfront/ and serves a real X.509 PEM whose names are the certificate names', () => {
    const { world } = makeTenantWorld();
    const list = world.listServerCertificates(A);
    expect(list.ServerCertificateMetadataList.map((c) => [c.ServerCertificateName, c.ServerCertificateId, c.Path, c.Arn])).to.deep.equal([
      ['legacy-cert', IAM_CERT_ID, '/cloudfront/', 'arn:aws:iam::111111111111:server-certificate/cloudfront/legacy-cert'],
    ]);
    expect(list.IsTruncated).to.equal(false);
    const { ServerCertificate } = world.getServerCertificate(A, 'legacy-cert');
    const parsed = new X509Certificate(ServerCertificate.CertificateBody);
    expect(parsed.subject).to.equal('CN=legacy.example.com');
    expect(parsed.subjectAltName).to.equal('DNS:legacy.example.com, DNS:*.legacy.example.com');
    expect(new Date(parsed.validTo).toISOString()).to.equal('2027-06-01T00:00:00.000Z');
    expect(world.getServerCertificate(A, 'legacy-cert').ServerCertificate.CertificateBody).to.equal(ServerCertificate.CertificateBody);
    const missing = thrown(() => world.getServerCertificate(A, 'nope'));
    expect([missing.code, missing.httpStatus, missing.service]).to.deep.equal(['NoSuchEntity', 404, 'iam']);
    expect(world.listServerCertificates('222222222222').ServerCertificateMetadataList).to.deep.equal([]);
  });

  it('serves a distribution whose viewer certificate is an IAM certificate: coverage is checked against its names', () => {
    const { world } = makeTenantWorld();
    const config = world.getDistributionConfig(A, LEGACY).DistributionConfig;
    expect(config.ViewerCertificate).to.include({
      IAMCertificateId: IAM_CERT_ID,
      CertificateSource: 'iam',
      CloudFrontDefaultCertificate: false,
    });
    expect(config.ViewerCertificate!.ACMCertificateArn).to.equal(undefined);
    setAliases(world, LEGACY, ['legacy.example.com', 'api.legacy.example.com']);
    expect(world.distribution(LEGACY)!.aliases).to.deep.equal(['legacy.example.com', 'api.legacy.example.com']);
    expect(world.distribution(LEGACY)!.iamCertificateId).to.equal(IAM_CERT_ID);
    const uncovered = thrown(() => setAliases(world, LEGACY, ['legacy.example.com', 'other.example.com']));
    expect(uncovered.code).to.equal('InvalidViewerCertificate');
  });
});

describe('world file: tenants, connection groups, IAM certificates', () => {
  it('round-trips them (load, save, load gives the same document)', () => {
    const doc = tenantDocument();
    const world = SandboxWorld.fromDocument(doc, { clock: new SimulatedClock(NOW) });
    const saved = world.toDocument();
    expect(saved.accounts).to.deep.equal(doc.accounts);
    expect(SandboxWorld.fromDocument(saved).toDocument().accounts).to.deep.equal(doc.accounts);
  });

  it('writes back a moved domain and the InProgress tenant', () => {
    const { world } = makeTenantWorld();
    world.updateDomainAssociation(A, {
      domain: 'www.example.com',
      target: { distributionTenantId: BETA },
      ifMatch: world.tenant(BETA)!.etag,
    });
    const beta = world.toDocument().accounts[0]!.tenants!.find((t) => t.id === BETA)!;
    expect(beta).to.deep.include({ status: 'InProgress', deployedAt: '2026-01-01T00:05:00.000Z', configVersion: 2 });
    expect(beta.domains).to.deep.equal([{ domain: 'blog.example.com' }, { domain: 'www.example.com' }]);
    expect(world.toDocument().accounts[0]!.distributions!.find((d) => d.id === BLUE)!.aliases).to.deep.equal(['example.com']);
  });

  it('reports every bad reference at once, by JSON path', () => {
    const doc = tenantDocument() as unknown as { accounts: Record<string, unknown[]>[] };
    const a = doc.accounts[0]!;
    (a['tenants'] as Record<string, unknown>[]).push(
      {
        id: 'dt_dupDUP',
        name: 'alpha',
        distributionId: BLUE,
        domains: [{ domain: 'www.example.com' }],
        enabled: true,
        status: 'Deployed',
        connectionGroupId: 'cg_nope',
      },
      { id: 'tenant-1', name: 'x', distributionId: MULTI, domains: [], enabled: true, status: 'Deployed' },
    );
    (a['distributions'] as Record<string, unknown>[]).push({
      id: 'E9BADBADBADBAD',
      domainName: 'd9bad.cloudfront.net',
      enabled: true,
      status: 'Deployed',
      aliases: [],
      iamCertificateId: 'ASCANOTINTHISACCOUNT1',
    });
    const text = JSON.stringify(doc);
    let error: unknown;
    try {
      parseWorldDocument(text, 'w.json');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(WorldFileError);
    expect((error as WorldFileError).problems).to.deep.equal([
      { path: '/accounts/0/tenants/4/id', message: 'must be a distribution tenant id like "dt_2x9GhoK0TZRsohWzv1b9It8J1AB"' },
      {
        path: '/accounts/0/distributions/6/iamCertificateId',
        message: "IAM certificate ASCANOTINTHISACCOUNT1 is not among account 111111111111's iamCertificates",
      },
      { path: '/accounts/0/tenants/3/name', message: 'duplicate tenant name "alpha" in this account (also at /accounts/0/tenants/0/name)' },
      {
        path: '/accounts/0/tenants/3/distributionId',
        message: 'E1BLUEBLUEBLUE is not a multi-tenant distribution of account 111111111111 (one with "connectionMode": "tenant-only")',
      },
      {
        path: '/accounts/0/tenants/3/connectionGroupId',
        message: "connection group cg_nope is not among account 111111111111's connection groups",
      },
      {
        path: '/accounts/0/tenants/3/domains/0/domain',
        message:
          '"www.example.com" is already on another distribution or tenant (/accounts/0/distributions/0/aliases/0); a domain lives on one resource only',
      },
    ]);
  });

  it('still loads a world file without any of the new fields', () => {
    const doc: WorldDocument = { version: 1, caller: A, accounts: [{ id: A, distributions: [] }] };
    expect(SandboxWorld.fromDocument(doc).toDocument().accounts).to.deep.equal([{ id: A, distributions: [] }]);
  });
});
