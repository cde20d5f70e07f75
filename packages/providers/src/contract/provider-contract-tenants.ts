/**
 * The provider contract on CloudFront SaaS Manager and today's move calls: distribution tenants as
 * holders and targets of aliases (read, read-modify-write of their domains, waits, DNS check),
 * `moveAlias` with UpdateDomainAssociation in both directions between standard distributions and
 * tenants, ownership learned with ListDomainConflicts (masked, tenant holders named as such, an
 * alias with no covering certificate reported as unknown), and IAM server certificates.
 * Registered by `describeProviderContract`; its own world document, worked out by hand below.
 */
import { expect } from 'chai';
import { OwnershipProofError, RequestRejectedError, ResourceNotFoundError, type LiveDistribution } from '@cfalias/core';
import type { AccountDocument, WorldDocument, WorldSettings } from '../sandbox/world-document.js';
import type { SandboxWorld } from '../sandbox/world-model.js';
import type { MakeProviderFixture, ProviderFixture } from './provider-contract.js';
import {
  alphaTenant,
  ALPHA,
  B,
  CERT_A,
  defaultConnectionGroup,
  IAM_CERT_ID,
  LEGACY,
  legacyDistribution,
  legacyIamCertificate,
  MULTI,
  multiTenantDistribution,
  partnerAccount,
  ROUTING,
} from './tenant-world-parts.js';
import { rejection } from './rejection.js';

const A = '111111111111';
const BLUE = 'E1BLUEBLUEBLUE';
const GREEN = 'E2GREENGREENGR';
const BETA = 'dt_betaBETAbeta0002';
const CERT_BETA = 'arn:aws:acm:us-east-1:111111111111:certificate/beta';

/**
 * Account A: BLUE (standard, `example.com` + `*.example.com`) holds www.example.com; GREEN
 * (standard, same certificate) holds nothing; LEGACY (IAM certificate for `legacy.example.com` and
 * `*.legacy.example.com`) holds legacy.example.com; MULTI (multi-tenant, same ACM certificate) with
 * tenants ALPHA (holds shop.example.com, no certificate of its own) and BETA (its own certificate
 * for `beta.example.com` only, holds it), both on the default connection group (routing
 * endpoint ROUTING). Account B: multi-tenant BMULTI with tenant PARTNER holding partner.example.com. Zone
 * example.com.: www → BLUE, shop → ROUTING, beta → BLUE (the wrong place for a tenant domain).
 */
export function tenantContractDocument(settings: WorldSettings = {}): WorldDocument {
  const standard = (id: string, domainName: string, aliases: string[]) =>
    ({ id, domainName, enabled: true, status: 'Deployed', aliases, certificateArn: CERT_A }) as const;
  const a: AccountDocument = {
    id: A,
    distributions: [
      standard(BLUE, 'd1blue.cloudfront.net', ['www.example.com']),
      standard(GREEN, 'd2green.cloudfront.net', []),
      legacyDistribution(),
      multiTenantDistribution(),
    ],
    certificates: [
      { arn: CERT_A, domainName: 'example.com', subjectAlternativeNames: ['example.com', '*.example.com'], status: 'ISSUED' },
      { arn: CERT_BETA, domainName: 'beta.example.com', subjectAlternativeNames: ['beta.example.com'], status: 'ISSUED' },
    ],
    iamCertificates: [legacyIamCertificate()],
    connectionGroups: [defaultConnectionGroup()],
    tenants: [
      alphaTenant(),
      {
        id: BETA,
        name: 'beta',
        distributionId: MULTI,
        domains: [{ domain: 'beta.example.com' }],
        enabled: true,
        status: 'Deployed',
        certificateArn: CERT_BETA,
      },
    ],
    hostedZones: [
      {
        id: 'Z1EXAMPLE',
        name: 'example.com.',
        records: [
          { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
          { name: 'shop.example.com.', type: 'CNAME', ttl: 300, values: [ROUTING] },
          { name: 'beta.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
        ],
      },
    ],
  };
  return {
    version: 1,
    caller: A,
    settings: { deploySeconds: 300, dnsSyncSeconds: 30, ...settings },
    credentials: { AKIDCONTRACTAAAAAAAA: A, AKIDCONTRACTBBBBBBBB: B },
    accounts: [a, partnerAccount()],
  };
}

function domainsOf(world: SandboxWorld, id: string): readonly string[] {
  return world.tenant(id)?.domains ?? [];
}

export function describeTenantContract(makeFixture: MakeProviderFixture): void {
  describe('distribution tenants, UpdateDomainAssociation, ListDomainConflicts, IAM certificates', () => {
    let fixture: ProviderFixture | undefined;
    const open = async (settings: WorldSettings = {}): Promise<ProviderFixture> => {
      fixture = await makeFixture(tenantContractDocument(settings));
      return fixture;
    };
    afterEach(async () => {
      await fixture?.close?.();
      fixture = undefined;
    });

    it('reads tenants with their routing endpoint, the multi-tenant distribution, IAM certificate names, and owners', async () => {
      const { provider } = await open();
      const inventory = await provider.readInventory({
        aliases: ['www.example.com', 'partner.example.com', 'new.example.org'],
        distributionIds: [GREEN],
      });
      expect(
        inventory.tenants?.map((t) => [t.id, t.distributionId, t.domains, t.routingEndpoint, t.certificateArn, t.enabled]),
      ).to.deep.equal([
        [ALPHA, MULTI, ['shop.example.com'], ROUTING, null, true],
        [BETA, MULTI, ['beta.example.com'], ROUTING, CERT_BETA, true],
      ]);
      const multi = inventory.distributions.find((d) => d.id === MULTI);
      expect(multi).to.deep.include({ kind: 'multi-tenant', connectionMode: 'tenant-only', aliases: [] });
      expect(inventory.distributions.find((d) => d.id === LEGACY)?.certificateArn).to.equal(IAM_CERT_ID);
      const iam = inventory.certificates.find((c) => c.iamCertificateId === IAM_CERT_ID);
      expect(iam).to.deep.include({
        source: 'iam',
        domainName: 'legacy.example.com',
        subjectAlternativeNames: ['legacy.example.com', '*.legacy.example.com'],
        status: 'ISSUED',
      });
      // partner.example.com: a tenant of account B, masked as AWS masks it; new.example.org: no
      // resource of A has a certificate covering it, so nobody was asked.
      expect(inventory.foreignOwners).to.deep.equal([
        {
          alias: 'partner.example.com',
          distributionId: '**********ARTNER0004',
          accountId: '******222222',
          resourceType: 'distribution-tenant',
        },
      ]);
      expect(inventory.unknownOwners?.map((u) => u.alias)).to.deep.equal(['new.example.org']);
    });

    it('reads a tenant live: its domains, routing endpoint, and the certificate that serves it', async () => {
      const { provider } = await open();
      expect(await provider.readDistribution(ALPHA)).to.deep.equal({
        id: ALPHA,
        domainName: ROUTING,
        enabled: true,
        status: 'Deployed',
        aliases: ['shop.example.com'],
        certificateArn: CERT_A,
      } satisfies LiveDistribution);
      expect((await provider.readDistribution(BETA)).certificateArn).to.equal(CERT_BETA);
    });

    it("changes a tenant's domains by read-modify-write, then waits until it is deployed", async () => {
      const { provider, world } = await open();
      const seen: string[][] = [];
      const decision = await provider.updateAliases(ALPHA, { remove: [], add: ['new.example.com'] }, (live) => {
        seen.push([...live.aliases]);
        return 'apply';
      });
      expect([decision, seen]).to.deep.equal(['apply', [['shop.example.com']]]);
      expect(domainsOf(world, ALPHA)).to.deep.equal(['shop.example.com', 'new.example.com']);
      expect(world.callCount('UpdateDistributionTenant')).to.equal(1);
      expect(world.tenant(ALPHA)?.status).to.equal('InProgress');
      await provider.waitDeployed(ALPHA);
      expect(world.tenant(ALPHA)?.status).to.equal('Deployed');
      expect(await provider.updateAliases(ALPHA, { remove: ['new.example.com'], add: [] }, () => 'skip')).to.equal('skip');
      expect(world.callCount('UpdateDistributionTenant')).to.equal(1);
    });

    it('moves a domain from a standard distribution to a tenant and back with one UpdateDomainAssociation each, no TXT record', async () => {
      const { provider, world } = await open();
      await provider.moveAlias(ALPHA, 'www.example.com', 'update-domain-association');
      expect(world.distribution(BLUE)?.aliases).to.deep.equal([]);
      expect(domainsOf(world, ALPHA)).to.deep.equal(['shop.example.com', 'www.example.com']);
      await provider.moveAlias(GREEN, 'shop.example.com', 'update-domain-association');
      expect(world.distribution(GREEN)?.aliases).to.deep.equal(['shop.example.com']);
      expect([world.callCount('UpdateDomainAssociation'), world.callCount('AssociateAlias')]).to.deep.equal([2, 0]);
    });

    it('a move CloudFront refuses for its TXT record is an OwnershipProofError; AssociateAlias cannot reach a tenant', async () => {
      const { provider, world } = await open({ sameAccountMoveRequiresTxt: true });
      const refused = await rejection(provider.moveAlias(GREEN, 'www.example.com', 'update-domain-association'));
      expect(refused).to.be.instanceOf(OwnershipProofError);
      expect(refused).to.include({ alias: 'www.example.com', code: 'IllegalUpdate' });
      expect(world.distribution(BLUE)?.aliases).to.deep.equal(['www.example.com']);
      // AssociateAlias knows standard distributions only: a tenant id names none.
      expect(await rejection(provider.moveAlias(ALPHA, 'www.example.com', 'associate-alias'))).to.be.instanceOf(ResourceNotFoundError);
      expect(world.callCount('AssociateAlias')).to.equal(1);
    });

    it('a move the principal may not make names the IAM action and the moveApi option', async () => {
      const { provider, world } = await open({ deniedOperations: ['UpdateDomainAssociation'] });
      const denied = await rejection(provider.moveAlias(GREEN, 'www.example.com', 'update-domain-association'));
      expect(denied).to.be.instanceOf(RequestRejectedError);
      expect(denied).to.include({ code: 'AccessDenied' });
      expect(denied.message).to.include('allow cloudfront:UpdateDomainAssociation');
      expect(denied.message).to.include('moveApi: associate-alias');
      // The other call is allowed; AssociateAlias asks for the TXT record (which apply then creates).
      expect(await rejection(provider.moveAlias(GREEN, 'www.example.com', 'associate-alias'))).to.be.instanceOf(OwnershipProofError);
      expect(world.distribution(BLUE)?.aliases).to.deep.equal(['www.example.com']);
    });

    it("checks a tenant's domains with VerifyDnsConfiguration: only those not routed to it are reported", async () => {
      const { provider } = await open();
      expect(await provider.verifyTenantDns!(ALPHA, ['shop.example.com'])).to.deep.equal([]);
      const problems = await provider.verifyTenantDns!(BETA, ['beta.example.com']);
      expect(problems.map((p) => [p.domain, p.status])).to.deep.equal([['beta.example.com', 'invalid-configuration']]);
    });

    it('setEnabled refuses a multi-tenant distribution before writing (disabling it would take every tenant offline)', async () => {
      const { provider, world } = await open();
      const refused = await rejection(provider.setEnabled!(MULTI, false, () => 'apply'));
      expect(refused).to.be.instanceOf(RequestRejectedError);
      expect(refused.message).to.include('multi-tenant');
      expect(world.callCount('UpdateDistribution')).to.equal(0);
      expect(world.distribution(MULTI)?.enabled).to.equal(true);
    });
  });
}
