/**
 * Pieces of the SaaS Manager worlds that the tenant contract (provider-contract-tenants.ts) and the
 * sandbox's own tenant tests (testing/tenant-world.ts) share, each built in one place: the
 * multi-tenant distribution MULTI of account A with its tenant alpha on the default connection
 * group, the distribution LEGACY with its IAM server certificate, and account B, whose multi-tenant
 * distribution BMULTI has the enabled tenant partner holding partner.example.com.
 */
import type {
  AccountDocument,
  ConnectionGroupDocument,
  DistributionDocument,
  IamCertificateDocument,
  TenantDocument,
} from '../sandbox/world-document.js';

export const B = '222222222222';
export const MULTI = 'E6MULTIMULTIMU';
export const LEGACY = 'E7LEGACYLEGACY';
export const BMULTI = 'E8BMULTIBMULTI';
export const ALPHA = 'dt_alphaALPHAalpha01';
export const PARTNER = 'dt_partnerPARTNER0004';
export const CG_DEFAULT = 'cg_defaultDEFAULT01';
export const CG_B = 'cg_bdefaultBDEFAULT3';
export const ROUTING = 'd9routing.cloudfront.net';
export const IAM_CERT_ID = 'ASCALEGACYEXAMPLE0001';
export const CERT_A = 'arn:aws:acm:us-east-1:111111111111:certificate/a';
export const CERT_B = 'arn:aws:acm:us-east-1:222222222222:certificate/b';

/** MULTI: account A's multi-tenant distribution, on CERT_A (`example.com`, `*.example.com`). */
export function multiTenantDistribution(): DistributionDocument {
  return {
    id: MULTI,
    domainName: 'd6multi.cloudfront.net',
    enabled: true,
    status: 'Deployed',
    aliases: [],
    certificateArn: CERT_A,
    connectionMode: 'tenant-only',
  };
}

/** Tenant alpha of MULTI: holds shop.example.com, no certificate of its own, on the default group. */
export function alphaTenant(): TenantDocument {
  return { id: ALPHA, name: 'alpha', distributionId: MULTI, domains: [{ domain: 'shop.example.com' }], enabled: true, status: 'Deployed' };
}

/** Account A's default connection group, routing endpoint ROUTING. */
export function defaultConnectionGroup(): ConnectionGroupDocument {
  return { id: CG_DEFAULT, name: 'default', routingEndpoint: ROUTING, enabled: true, isDefault: true };
}

/** LEGACY: a standard distribution serving legacy.example.com with the IAM certificate IAM_CERT_ID. */
export function legacyDistribution(): DistributionDocument {
  return {
    id: LEGACY,
    domainName: 'd7legacy.cloudfront.net',
    enabled: true,
    status: 'Deployed',
    aliases: ['legacy.example.com'],
    iamCertificateId: IAM_CERT_ID,
  };
}

/** IAM_CERT_ID: names legacy.example.com and *.legacy.example.com. */
export function legacyIamCertificate(): IamCertificateDocument {
  return {
    serverCertificateId: IAM_CERT_ID,
    name: 'legacy-cert',
    domainName: 'legacy.example.com',
    subjectAlternativeNames: ['legacy.example.com', '*.legacy.example.com'],
    notAfter: '2027-06-01T00:00:00Z',
  };
}

/** Account B: multi-tenant BMULTI (CERT_B, `*.example.com`) whose enabled tenant partner holds partner.example.com. */
export function partnerAccount(): AccountDocument {
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
    ],
  };
}
