/**
 * Validation of the CloudFront SaaS Manager parts of a world document (distribution tenants,
 * connection groups) and of IAM server certificates: their JSON Schema fragments, the messages for
 * their patterns, and the checks the schema cannot express (references, uniqueness of ids, names
 * and routing endpoints, a domain on one resource only across distributions AND tenants).
 * world-schema.ts assembles them with the rest.
 */
import { checkAlias } from '@cfalias/core';
import type { WorldFileProblem } from '../errors.js';
import { arrayAt, isObject, stringAt } from './json-access.js';

const isoTime = { type: 'string', minLength: 1 } as const;
const cloudfrontDomain = { type: 'string', pattern: '^[a-z0-9-]+\\.cloudfront\\.net$' } as const;

export const tenantSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'distributionId', 'domains', 'enabled', 'status'],
  properties: {
    id: { type: 'string', pattern: '^dt_[A-Za-z0-9]+$' },
    name: { type: 'string', minLength: 1, maxLength: 128 },
    arn: { type: 'string', pattern: '^arn:aws[a-z-]*:cloudfront::[0-9]{12}:distribution-tenant/dt_[A-Za-z0-9]+$' },
    distributionId: { type: 'string', pattern: '^[A-Z0-9]+$' },
    domains: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['domain'],
        properties: { domain: { type: 'string' }, status: { enum: ['active', 'inactive'] } },
      },
    },
    enabled: { type: 'boolean' },
    status: { enum: ['Deployed', 'InProgress'] },
    deployedAt: isoTime,
    connectionGroupId: { type: 'string', pattern: '^cg_[A-Za-z0-9]+$' },
    certificateArn: { type: 'string', pattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$' },
    configVersion: { type: 'integer', minimum: 1 },
    createdTime: isoTime,
    lastModifiedTime: isoTime,
  },
} as const;

export const connectionGroupSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'routingEndpoint', 'enabled', 'isDefault'],
  properties: {
    id: { type: 'string', pattern: '^cg_[A-Za-z0-9]+$' },
    name: { type: 'string', minLength: 1, maxLength: 128 },
    routingEndpoint: cloudfrontDomain,
    enabled: { type: 'boolean' },
    isDefault: { type: 'boolean' },
    configVersion: { type: 'integer', minimum: 1 },
    arn: { type: 'string', pattern: '^arn:aws[a-z-]*:cloudfront::[0-9]{12}:connection-group/cg_[A-Za-z0-9]+$' },
  },
} as const;

export const iamCertificateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['serverCertificateId', 'name', 'domainName', 'subjectAlternativeNames', 'notAfter'],
  properties: {
    serverCertificateId: { type: 'string', pattern: '^ASCA[A-Z0-9]{12,124}$' },
    name: { type: 'string', pattern: '^[\\w+=,.@-]{1,128}$' },
    path: { type: 'string', pattern: '^/([\\x21-\\x7e]*/)?$' },
    domainName: { type: 'string', minLength: 1 },
    subjectAlternativeNames: { type: 'array', minItems: 1, items: { type: 'string' } },
    notAfter: isoTime,
    uploadDate: isoTime,
  },
} as const;

/** The message for a failed `pattern` in these parts of the document, or undefined for other paths. */
export function saasPatternMessage(path: string): string | undefined {
  if (/\/tenants\/\d+\/id$/.test(path)) return 'must be a distribution tenant id like "dt_2x9GhoK0TZRsohWzv1b9It8J1AB"';
  if (/\/connectionGroups\/\d+\/id$|\/connectionGroupId$/.test(path))
    return 'must be a connection group id like "cg_2x9GhoK0TZRsohWzv1b9It8J1AB"';
  if (/\/tenants\/\d+\/distributionId$/.test(path))
    return 'must be a distribution id (uppercase letters and digits, like "E1BLUEBLUEBLUE")';
  if (/\/tenants\/\d+\/certificateArn$/.test(path))
    return 'must be an ACM certificate ARN like "arn:aws:acm:us-east-1:111111111111:certificate/…"';
  if (/\/tenants\/\d+\/arn$/.test(path)) return 'must be a tenant ARN like "arn:aws:cloudfront::111111111111:distribution-tenant/dt_…"';
  if (/\/connectionGroups\/\d+\/arn$/.test(path))
    return 'must be a connection group ARN like "arn:aws:cloudfront::111111111111:connection-group/cg_…"';
  if (path.endsWith('/routingEndpoint')) return 'must be a CloudFront domain name like "d111111abcdef8.cloudfront.net"';
  if (path.endsWith('/serverCertificateId') || path.endsWith('/iamCertificateId'))
    return 'must be an IAM server certificate id like "ASCACKCEVSQ6C2EXAMPLE"';
  if (/\/iamCertificates\/\d+\/name$/.test(path)) return 'must be an IAM certificate name (letters, digits and +=,.@_-, at most 128)';
  if (/\/iamCertificates\/\d+\/path$/.test(path)) return 'must be an IAM path like "/cloudfront/"';
  return undefined;
}

type Add = (path: string, message: string) => void;

/** First-seen registry: `claim` reports a duplicate with where the first one is. */
class Registry {
  private readonly seen = new Map<string, string>();
  constructor(private readonly add: Add) {}
  claim(key: string, path: string, describe: (firstAt: string) => string): boolean {
    const first = this.seen.get(key);
    if (first !== undefined) {
      this.add(path, describe(first));
      return false;
    }
    this.seen.set(key, path);
    return true;
  }
  /** Records `key` without reporting a duplicate (those are world-schema.ts's to report). */
  note(key: string, path: string): void {
    if (!this.seen.has(key)) this.seen.set(key, path);
  }
}

/**
 * The checks of tenants, connection groups, IAM certificates and the distribution fields that
 * refer to them. `checkTime` is world-schema.ts's ISO-time check.
 */
export function saasProblems(doc: unknown, checkTime: (value: unknown, key: string, path: string, add: Add) => void): WorldFileProblem[] {
  const problems: WorldFileProblem[] = [];
  const add: Add = (path, message) => problems.push({ path, message });
  const domains = new Registry(add);
  const tenantIds = new Registry(add);
  const groupIds = new Registry(add);
  const certificateIds = new Registry(add);
  const endpoints = new Registry(add);
  const accounts = arrayAt(doc, 'accounts');
  // Aliases of distributions first: a tenant's domain is checked against every one of them (a world
  // without tenants has no domain to check, and its aliases are not listed).
  const hasTenants = accounts.some((account) => arrayAt(account, 'tenants').length > 0);
  accounts.forEach((account, a) =>
    arrayAt(account, 'distributions').forEach((dist, d) => {
      const domainName = stringAt(dist, 'domainName');
      if (domainName !== undefined) endpoints.note(domainName, `/accounts/${a}/distributions/${d}/domainName`);
      if (!hasTenants) return;
      arrayAt(dist, 'aliases').forEach((alias, i) => {
        if (typeof alias === 'string') domains.note(alias, `/accounts/${a}/distributions/${d}/aliases/${i}`);
      });
    }),
  );
  accounts.forEach((account, a) => {
    const accountPath = `/accounts/${a}`;
    const accountId = stringAt(account, 'id') ?? '?';
    const iamIds = checkIamCertificates(account, accountPath, certificateIds, add, checkTime);
    const groups = checkConnectionGroups(account, accountPath, groupIds, endpoints, add);
    const tenantOnly = checkDistributionModes(account, accountPath, accountId, iamIds, add);
    const acmArns = new Set(arrayAt(account, 'certificates').map((c) => stringAt(c, 'arn')));
    const names = new Registry(add);
    arrayAt(account, 'tenants').forEach((tenant, t) => {
      const path = `${accountPath}/tenants/${t}`;
      const id = stringAt(tenant, 'id');
      if (id !== undefined) tenantIds.claim(id, `${path}/id`, (first) => `duplicate tenant id ${id} (also at ${first})`);
      const name = stringAt(tenant, 'name');
      if (name !== undefined)
        names.claim(name, `${path}/name`, (first) => `duplicate tenant name "${name}" in this account (also at ${first})`);
      const parent = stringAt(tenant, 'distributionId');
      if (parent !== undefined && !tenantOnly.has(parent)) {
        add(
          `${path}/distributionId`,
          `${parent} is not a multi-tenant distribution of account ${accountId} (one with "connectionMode": "tenant-only")`,
        );
      }
      const group = stringAt(tenant, 'connectionGroupId');
      if (group !== undefined && !groups.ids.has(group))
        add(`${path}/connectionGroupId`, `connection group ${group} is not among account ${accountId}'s connection groups`);
      if (group === undefined && !groups.hasDefault) {
        add(path, `the tenant names no "connectionGroupId" and account ${accountId} has no default connection group ("isDefault": true)`);
      }
      const arn = stringAt(tenant, 'certificateArn');
      if (arn !== undefined && !acmArns.has(arn))
        add(`${path}/certificateArn`, `certificate ${arn} is not among account ${accountId}'s certificates`);
      const tenantArn = stringAt(tenant, 'arn');
      if (tenantArn !== undefined && tenantArn.split(':')[4] !== accountId)
        add(`${path}/arn`, `the ARN names another account than ${accountId}`);
      checkTime(tenant, 'deployedAt', path, add);
      checkTime(tenant, 'createdTime', path, add);
      checkTime(tenant, 'lastModifiedTime', path, add);
      if (isObject(tenant) && tenant['deployedAt'] !== undefined && tenant['status'] === 'Deployed') {
        add(`${path}/deployedAt`, 'only an InProgress tenant has a deployedAt');
      }
      checkTenantDomains(tenant, path, domains, add);
    });
  });
  return problems;
}

function checkTenantDomains(tenant: unknown, path: string, domains: Registry, add: Add): void {
  const own = new Set<string>();
  arrayAt(tenant, 'domains').forEach((entry, i) => {
    const domain = stringAt(entry, 'domain');
    if (domain === undefined) return;
    const domainPath = `${path}/domains/${i}/domain`;
    const problem = checkAlias(domain);
    if (problem?.kind === 'uppercase') add(domainPath, `"${domain}" must be lowercase ("${domain.toLowerCase()}")`);
    else if (problem) add(domainPath, problem.message);
    if (own.has(domain)) {
      add(domainPath, `"${domain}" is listed twice on this tenant`);
      return;
    }
    own.add(domain);
    domains.claim(
      domain,
      domainPath,
      (first) => `"${domain}" is already on another distribution or tenant (${first}); a domain lives on one resource only`,
    );
  });
}

function checkIamCertificates(
  account: unknown,
  accountPath: string,
  ids: Registry,
  add: Add,
  checkTime: (value: unknown, key: string, path: string, add: Add) => void,
): Set<string> {
  const own = new Set<string>();
  const names = new Registry(add);
  arrayAt(account, 'iamCertificates').forEach((cert, c) => {
    const path = `${accountPath}/iamCertificates/${c}`;
    const id = stringAt(cert, 'serverCertificateId');
    if (id !== undefined) {
      own.add(id);
      ids.claim(id, `${path}/serverCertificateId`, (first) => `duplicate IAM certificate id ${id} (also at ${first})`);
    }
    const name = stringAt(cert, 'name');
    if (name !== undefined)
      names.claim(name, `${path}/name`, (first) => `duplicate IAM certificate name "${name}" in this account (also at ${first})`);
    checkTime(cert, 'notAfter', path, add);
    checkTime(cert, 'uploadDate', path, add);
    arrayAt(cert, 'subjectAlternativeNames').forEach((san, s) => {
      if (typeof san === 'string' && san !== san.toLowerCase()) add(`${path}/subjectAlternativeNames/${s}`, `"${san}" must be lowercase`);
    });
  });
  return own;
}

function checkConnectionGroups(
  account: unknown,
  accountPath: string,
  ids: Registry,
  endpoints: Registry,
  add: Add,
): { ids: Set<string>; hasDefault: boolean } {
  const own = new Set<string>();
  let defaultAt: string | undefined;
  arrayAt(account, 'connectionGroups').forEach((group, g) => {
    const path = `${accountPath}/connectionGroups/${g}`;
    const id = stringAt(group, 'id');
    if (id !== undefined) {
      own.add(id);
      ids.claim(id, `${path}/id`, (first) => `duplicate connection group id ${id} (also at ${first})`);
    }
    const endpoint = stringAt(group, 'routingEndpoint');
    if (endpoint !== undefined) {
      endpoints.claim(
        endpoint,
        `${path}/routingEndpoint`,
        (first) => `routing endpoint ${endpoint} is already used (at ${first}); CloudFront domain names are unique`,
      );
    }
    if (isObject(group) && group['isDefault'] === true) {
      if (defaultAt !== undefined) add(`${path}/isDefault`, `an account has one default connection group (also at ${defaultAt})`);
      else defaultAt = path;
    }
  });
  return { ids: own, hasDefault: defaultAt !== undefined };
}

/** Checks the distributions' certificate and mode fields; returns the ids of the multi-tenant ones. */
function checkDistributionModes(
  account: unknown,
  accountPath: string,
  accountId: string,
  iamIds: ReadonlySet<string>,
  add: Add,
): Set<string> {
  const tenantOnly = new Set<string>();
  arrayAt(account, 'distributions').forEach((dist, d) => {
    if (!isObject(dist)) return;
    const path = `${accountPath}/distributions/${d}`;
    const iamId = stringAt(dist, 'iamCertificateId');
    if (iamId !== undefined && !iamIds.has(iamId)) {
      add(`${path}/iamCertificateId`, `IAM certificate ${iamId} is not among account ${accountId}'s iamCertificates`);
    }
    if (iamId !== undefined && typeof dist['certificateArn'] === 'string') {
      add(path, 'a distribution has one viewer certificate: "certificateArn" or "iamCertificateId", not both');
    }
    if (dist['connectionMode'] !== 'tenant-only') return;
    const id = stringAt(dist, 'id');
    if (id !== undefined) tenantOnly.add(id);
    if (arrayAt(dist, 'aliases').length > 0)
      add(`${path}/aliases`, 'a multi-tenant distribution has no aliases of its own (its tenants hold the domains)');
    if (iamId !== undefined)
      add(`${path}/iamCertificateId`, 'a multi-tenant distribution cannot use an IAM certificate (standard distributions only)');
  });
  return tenantOnly;
}
