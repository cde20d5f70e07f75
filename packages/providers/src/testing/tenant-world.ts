/**
 * The world the sandbox's SaaS Manager tests run on (distribution tenants, connection groups, IAM
 * certificates, UpdateDomainAssociation, ListDomainConflicts). Expected values in the tests are
 * worked out by hand from this document.
 *
 * Account A (the caller):
 * - BLUE (standard, ACM `*.example.com` + apex) holds www.example.com and example.com (the apex of
 *   zone example.com.); GREEN (standard, same certificate) holds nothing; NARROW (standard,
 *   certificate for www only); APPS (standard, CERT_APPS `*.apps.example.com`) holds nothing; LEGACY (standard, IAM certificate legacy.example.com +
 *   *.legacy.example.com) holds legacy.example.com; MULTI (multi-tenant, ACM `*.example.com`).
 * - Tenants of MULTI: alpha (dt_alphaALPHAalpha01) holds shop.example.com on the default connection
 *   group (routing d9routing.cloudfront.net); beta (dt_betaBETAbeta0002) holds blog.example.com on
 *   cg_second (d8second.cloudfront.net); gamma (dt_gammaGAMMAgamma3) holds *.apps.example.com with
 *   its own certificate CERT_APPS (`*.apps.example.com` only).
 * Account B: multi-tenant BMULTI with tenant partner (enabled, holds partner.example.com) and
 * tenant retired (disabled, holds retired.example.com); standard FOREIGN holds api.example.com.
 * Zone example.com. (account A): records for www (alias → BLUE), shop (CNAME → routing endpoint),
 * blog (CNAME → BLUE: the wrong place for a tenant domain), the ownership TXT record of
 * retired.example.com naming alpha's routing endpoint. example.org has no zone anywhere.
 * MULTI, alpha, LEGACY and its IAM certificate, the default group and account B's partner come
 * from contract/tenant-world-parts.ts, which the provider contract's tenant world is built from too.
 */
import { SimulatedClock } from '@cfalias/core';
import {
  alphaTenant,
  BMULTI,
  CERT_A,
  CERT_B,
  defaultConnectionGroup,
  legacyDistribution,
  legacyIamCertificate,
  MULTI,
  multiTenantDistribution,
  partnerAccount,
  ROUTING,
} from '../contract/tenant-world-parts.js';
import type { AccountDocument, WorldDocument } from '../sandbox/world-document.js';
import { SandboxWorld } from '../sandbox/world-model.js';

export {
  ALPHA,
  B,
  BMULTI,
  CERT_A,
  CERT_B,
  CG_B,
  CG_DEFAULT,
  IAM_CERT_ID,
  LEGACY,
  MULTI,
  PARTNER,
  ROUTING,
} from '../contract/tenant-world-parts.js';
export const A = '111111111111';
export const BLUE = 'E1BLUEBLUEBLUE';
export const GREEN = 'E2GREENGREENGR';
export const NARROW = 'E5NARROWNARROW';
export const APPS = 'E9APPSAPPSAPPS';
export const FOREIGN = 'E3FOREIGNFOREI';
export const BETA = 'dt_betaBETAbeta0002';
export const GAMMA = 'dt_gammaGAMMAgamma3';
export const RETIRED = 'dt_retiredRETIRED0005';
export const CG_SECOND = 'cg_secondSECOND002';
export const ROUTING_SECOND = 'd8second.cloudfront.net';
export const CERT_NARROW = 'arn:aws:acm:us-east-1:111111111111:certificate/narrow';
export const CERT_APPS = 'arn:aws:acm:us-east-1:111111111111:certificate/apps';
export const NOW = Date.parse('2026-01-01T00:00:00Z');

export function txt(name: string, domain: string) {
  return { name, type: 'TXT', ttl: 300, values: [`"${domain}"`] };
}

/** Account A's tenants on the multi-tenant distribution: alpha on the default group, beta on the second, gamma with its own certificate. */
function accountATenants(): NonNullable<AccountDocument['tenants']> {
  return [
    alphaTenant(),
    {
      id: BETA,
      name: 'beta',
      distributionId: MULTI,
      domains: [{ domain: 'blog.example.com' }],
      enabled: true,
      status: 'Deployed',
      connectionGroupId: CG_SECOND,
    },
    {
      id: GAMMA,
      name: 'gamma',
      distributionId: MULTI,
      domains: [{ domain: '*.apps.example.com' }],
      enabled: true,
      status: 'Deployed',
      certificateArn: CERT_APPS,
    },
  ];
}

function accountA(): AccountDocument {
  const standard = (id: string, domainName: string, aliases: string[], certificateArn: string) =>
    ({ id, domainName, enabled: true, status: 'Deployed', aliases, certificateArn }) as const;
  return {
    id: A,
    distributions: [
      standard(BLUE, 'd1blue.cloudfront.net', ['www.example.com', 'example.com'], CERT_A),
      standard(GREEN, 'd2green.cloudfront.net', [], CERT_A),
      standard(NARROW, 'd5narrow.cloudfront.net', [], CERT_NARROW),
      standard(APPS, 'd9apps.cloudfront.net', [], CERT_APPS),
      legacyDistribution(),
      multiTenantDistribution(),
    ],
    certificates: [
      { arn: CERT_A, domainName: 'example.com', subjectAlternativeNames: ['example.com', '*.example.com'], status: 'ISSUED' },
      { arn: CERT_NARROW, domainName: 'www.example.com', subjectAlternativeNames: ['www.example.com'], status: 'ISSUED' },
      { arn: CERT_APPS, domainName: '*.apps.example.com', subjectAlternativeNames: ['*.apps.example.com'], status: 'ISSUED' },
    ],
    iamCertificates: [legacyIamCertificate()],
    connectionGroups: [
      defaultConnectionGroup(),
      { id: CG_SECOND, name: 'second', routingEndpoint: ROUTING_SECOND, enabled: true, isDefault: false },
    ],
    tenants: accountATenants(),
    hostedZones: [
      {
        id: 'Z1EXAMPLE',
        name: 'example.com.',
        records: [
          { name: 'example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
          { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
          { name: 'shop.example.com.', type: 'CNAME', ttl: 300, values: [ROUTING] },
          { name: 'blog.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
          txt('_retired.example.com.', ROUTING),
        ],
      },
    ],
  };
}

/** Account B: the partner account, plus the standard FOREIGN holding api.example.com and the disabled tenant retired. */
function accountB(): AccountDocument {
  const partner = partnerAccount();
  return {
    ...partner,
    distributions: [
      ...partner.distributions!,
      {
        id: FOREIGN,
        domainName: 'd3foreign.cloudfront.net',
        enabled: true,
        status: 'Deployed',
        aliases: ['api.example.com'],
        certificateArn: CERT_B,
      },
    ],
    tenants: [
      ...partner.tenants!,
      {
        id: RETIRED,
        name: 'retired',
        distributionId: BMULTI,
        domains: [{ domain: 'retired.example.com' }],
        enabled: false,
        status: 'Deployed',
      },
    ],
  };
}

export function tenantDocument(overrides: Partial<WorldDocument> = {}): WorldDocument {
  return {
    version: 1,
    caller: A,
    now: '2026-01-01T00:00:00Z',
    settings: { deploySeconds: 300, dnsSyncSeconds: 30 },
    accounts: [accountA(), accountB()],
    ...overrides,
  };
}

export function makeTenantWorld(overrides: Partial<WorldDocument> = {}): { world: SandboxWorld; clock: SimulatedClock } {
  const clock = new SimulatedClock(NOW);
  return { world: SandboxWorld.fromDocument(tenantDocument(overrides), { clock }), clock };
}

/** The document with one more record in zone example.com. (account A). */
export function withRecord(doc: WorldDocument, record: ReturnType<typeof txt>): WorldDocument {
  const [a, ...rest] = doc.accounts;
  const [zone] = a!.hostedZones!;
  return { ...doc, accounts: [{ ...a!, hostedZones: [{ ...zone!, records: [...zone!.records, record] }] }, ...rest] };
}
