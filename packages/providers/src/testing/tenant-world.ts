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
 */
import { SimulatedClock } from '@cfalias/core';
import type { AccountDocument, WorldDocument } from '../sandbox/world-document.js';
import { SandboxWorld } from '../sandbox/world-model.js';

export const A = '111111111111';
export const B = '222222222222';
export const BLUE = 'E1BLUEBLUEBLUE';
export const GREEN = 'E2GREENGREENGR';
export const NARROW = 'E5NARROWNARROW';
export const APPS = 'E9APPSAPPSAPPS';
export const LEGACY = 'E7LEGACYLEGACY';
export const MULTI = 'E6MULTIMULTIMU';
export const BMULTI = 'E8BMULTIBMULTI';
export const FOREIGN = 'E3FOREIGNFOREI';
export const ALPHA = 'dt_alphaALPHAalpha01';
export const BETA = 'dt_betaBETAbeta0002';
export const GAMMA = 'dt_gammaGAMMAgamma3';
export const PARTNER = 'dt_partnerPARTNER0004';
export const RETIRED = 'dt_retiredRETIRED0005';
export const CG_DEFAULT = 'cg_defaultDEFAULT01';
export const CG_SECOND = 'cg_secondSECOND002';
export const CG_B = 'cg_bdefaultBDEFAULT3';
export const ROUTING = 'd9routing.cloudfront.net';
export const ROUTING_SECOND = 'd8second.cloudfront.net';
export const IAM_CERT_ID = 'ASCALEGACYEXAMPLE0001';
export const CERT_A = 'arn:aws:acm:us-east-1:111111111111:certificate/a';
export const CERT_NARROW = 'arn:aws:acm:us-east-1:111111111111:certificate/narrow';
export const CERT_APPS = 'arn:aws:acm:us-east-1:111111111111:certificate/apps';
export const CERT_B = 'arn:aws:acm:us-east-1:222222222222:certificate/b';
export const NOW = Date.parse('2026-01-01T00:00:00Z');

export function txt(name: string, domain: string) {
  return { name, type: 'TXT', ttl: 300, values: [`"${domain}"`] };
}

/** Account A's tenants on the multi-tenant distribution: alpha on the default group, beta on the second, gamma with its own certificate. */
function accountATenants(): NonNullable<AccountDocument['tenants']> {
  return [
    { id: ALPHA, name: 'alpha', distributionId: MULTI, domains: [{ domain: 'shop.example.com' }], enabled: true, status: 'Deployed' },
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
      {
        id: LEGACY,
        domainName: 'd7legacy.cloudfront.net',
        enabled: true,
        status: 'Deployed',
        aliases: ['legacy.example.com'],
        iamCertificateId: IAM_CERT_ID,
      },
      {
        id: MULTI,
        domainName: 'd6multi.cloudfront.net',
        enabled: true,
        status: 'Deployed',
        aliases: [],
        certificateArn: CERT_A,
        connectionMode: 'tenant-only',
      },
    ],
    certificates: [
      { arn: CERT_A, domainName: 'example.com', subjectAlternativeNames: ['example.com', '*.example.com'], status: 'ISSUED' },
      { arn: CERT_NARROW, domainName: 'www.example.com', subjectAlternativeNames: ['www.example.com'], status: 'ISSUED' },
      { arn: CERT_APPS, domainName: '*.apps.example.com', subjectAlternativeNames: ['*.apps.example.com'], status: 'ISSUED' },
    ],
    iamCertificates: [
      {
        serverCertificateId: IAM_CERT_ID,
        name: 'legacy-cert',
        domainName: 'legacy.example.com',
        subjectAlternativeNames: ['legacy.example.com', '*.legacy.example.com'],
        notAfter: '2027-06-01T00:00:00Z',
      },
    ],
    connectionGroups: [
      { id: CG_DEFAULT, name: 'default', routingEndpoint: ROUTING, enabled: true, isDefault: true },
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

function accountB(): AccountDocument {
  return {
    id: B,
    distributions: [
      {
        id: BMULTI,
        domainName: 'd10bmulti.cloudfront.net',
        enabled: true,
        status: 'Deployed',
        aliases: [],
        certificateArn: CERT_B,
        connectionMode: 'tenant-only',
      },
      {
        id: FOREIGN,
        domainName: 'd3foreign.cloudfront.net',
        enabled: true,
        status: 'Deployed',
        aliases: ['api.example.com'],
        certificateArn: CERT_B,
      },
    ],
    certificates: [{ arn: CERT_B, domainName: '*.example.com', subjectAlternativeNames: ['*.example.com'], status: 'ISSUED' }],
    connectionGroups: [{ id: CG_B, name: 'default', routingEndpoint: 'd11brouting.cloudfront.net', enabled: true, isDefault: true }],
    tenants: [
      {
        id: PARTNER,
        name: 'partner',
        distributionId: BMULTI,
        domains: [{ domain: 'partner.example.com' }],
        enabled: true,
        status: 'Deployed',
      },
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
