/**
 * Validation of a sandbox world document: a JSON Schema (ajv, every error at once) for the shape,
 * then semantic checks the schema cannot express (duplicates, references, hostnames, faults).
 * Every problem is reported by its JSON pointer; nothing stops at the first one.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { checkAlias, fromFqdn, toFqdn } from '@cfalias/core';
import { SANDBOX_OPERATIONS } from './aws-shapes.js';
import { FAULT_ERRORS } from './world-document.js';
import { decodeRecordName } from './route53-records.js';
import { connectionGroupSchema, iamCertificateSchema, saasPatternMessage, saasProblems, tenantSchema } from './world-schema-saas.js';
import type { WorldFileProblem } from '../errors.js';

const isoTime = { type: 'string', minLength: 1 } as const;
const accountId = { type: 'string', pattern: '^[0-9]{12}$' } as const;
/**
 * Simulated durations and rates have sane ranges: a deployment of 1e308 seconds, or a rate of one
 * request per 1e300 seconds, would not be a slow world but a hung one. Bounds are generous (a day
 * per wait, a minute per API call, a request per 100 s) and say what they are in the error.
 */
const waitSeconds = { type: 'number', minimum: 0, maximum: 86_400 } as const;
const callLatencyMs = { type: 'number', minimum: 0, maximum: 60_000 } as const;

export const worldSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'caller', 'accounts'],
  properties: {
    version: { const: 1 },
    caller: accountId,
    now: isoTime,
    settings: {
      type: 'object',
      additionalProperties: false,
      properties: {
        deploySeconds: waitSeconds,
        dnsSyncSeconds: waitSeconds,
        aliasQuota: { type: 'integer', minimum: 1, maximum: 100_000 },
        apiLatencyMs: callLatencyMs,
        mutationRateLimit: {
          type: 'object',
          additionalProperties: false,
          required: ['perSecond'],
          properties: {
            perSecond: { type: 'number', minimum: 0.01, maximum: 1_000_000 },
            burst: { type: 'integer', minimum: 1, maximum: 1_000_000 },
          },
        },
        sameAccountMoveRequiresTxt: { type: 'boolean' },
        domainAssociationRequiresIfMatch: { type: 'boolean' },
        tenantDomainQuota: { type: 'integer', minimum: 1, maximum: 100_000 },
        domainConflictsIncludeControlResource: { type: 'boolean' },
        deniedOperations: { type: 'array', uniqueItems: true, items: { type: 'string' } },
      },
    },
    credentials: { type: 'object', additionalProperties: accountId },
    accounts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: accountId,
          distributions: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'domainName', 'enabled', 'status', 'aliases'],
              properties: {
                id: { type: 'string', pattern: '^[A-Z0-9]+$' },
                domainName: { type: 'string', pattern: '^[a-z0-9-]+\\.cloudfront\\.net$' },
                enabled: { type: 'boolean' },
                status: { enum: ['Deployed', 'InProgress'] },
                deployedAt: isoTime,
                aliases: { type: 'array', items: { type: 'string' } },
                certificateArn: { type: ['string', 'null'] },
                iamCertificateId: { type: 'string', pattern: '^ASCA[A-Z0-9]{12,124}$' },
                connectionMode: { enum: ['direct', 'tenant-only'] },
                configVersion: { type: 'integer', minimum: 1 },
                lastModifiedTime: isoTime,
                config: { type: 'object' },
              },
            },
          },
          certificates: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['arn', 'domainName', 'subjectAlternativeNames', 'status'],
              properties: {
                arn: { type: 'string', pattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$' },
                domainName: { type: 'string', minLength: 1 },
                subjectAlternativeNames: { type: 'array', minItems: 1, items: { type: 'string' } },
                status: {
                  enum: ['ISSUED', 'PENDING_VALIDATION', 'INACTIVE', 'EXPIRED', 'VALIDATION_TIMED_OUT', 'REVOKED', 'FAILED'],
                },
                notAfter: { type: ['string', 'null'] },
              },
            },
          },
          tenants: { type: 'array', items: tenantSchema },
          connectionGroups: { type: 'array', items: connectionGroupSchema },
          iamCertificates: { type: 'array', items: iamCertificateSchema },
          hostedZones: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'name', 'records'],
              properties: {
                id: { type: 'string', pattern: '^(/hostedzone/)?[A-Z0-9]+$' },
                name: { type: 'string', minLength: 1 },
                privateZone: { type: 'boolean' },
                records: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['name', 'type'],
                    properties: {
                      name: { type: 'string', minLength: 1 },
                      type: {
                        enum: [
                          'A',
                          'AAAA',
                          'CAA',
                          'CNAME',
                          'DS',
                          'HTTPS',
                          'MX',
                          'NAPTR',
                          'NS',
                          'PTR',
                          'SOA',
                          'SPF',
                          'SRV',
                          'SSHFP',
                          'SVCB',
                          'TLSA',
                          'TXT',
                        ],
                      },
                      ttl: { type: 'integer', minimum: 0 },
                      values: { type: 'array', minItems: 1, items: { type: 'string' } },
                      aliasTarget: {
                        type: 'object',
                        additionalProperties: false,
                        required: ['dnsName', 'hostedZoneId'],
                        properties: {
                          dnsName: { type: 'string', minLength: 1 },
                          hostedZoneId: { type: 'string', minLength: 1 },
                          evaluateTargetHealth: { type: 'boolean' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    faults: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['operation', 'error'],
        properties: {
          operation: { type: 'string' },
          resource: { type: 'string' },
          error: { enum: [...FAULT_ERRORS] },
          times: { type: 'integer', minimum: 1 },
          after: { type: 'integer', minimum: 0 },
          when: { enum: ['before', 'after'] },
        },
      },
    },
    changes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'zoneId', 'submittedAt', 'syncAt'],
        properties: {
          id: { type: 'string', minLength: 1 },
          zoneId: { type: 'string', minLength: 1 },
          submittedAt: isoTime,
          syncAt: isoTime,
        },
      },
    },
    s3Buckets: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' } },
  },
} as const;

// Compiled once; no I/O.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validateShape = ajv.compile(worldSchema);

/** Every problem of the document, schema and semantic, by JSON pointer. Empty when valid. */
export function validateWorldDocument(value: unknown): WorldFileProblem[] {
  const problems: WorldFileProblem[] = [];
  if (!validateShape(value)) problems.push(...(validateShape.errors ?? []).map(describeSchemaError));
  problems.push(...semanticProblems(value), ...deniedOperationProblems(value), ...saasProblems(value, checkTime));
  return dedupe(problems);
}

function describeSchemaError(error: ErrorObject): WorldFileProblem {
  const path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path, message: `missing required field "${String(params['missingProperty'])}"` };
    case 'additionalProperties':
      return { path: `${path}/${String(params['additionalProperty'])}`, message: 'unknown field' };
    case 'enum':
      return { path, message: `must be one of: ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(params['allowedValue'])}` };
    case 'pattern':
      return { path, message: patternMessage(path) };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}

function patternMessage(path: string): string {
  const saas = saasPatternMessage(path);
  if (saas !== undefined) return saas;
  if (/\/caller$|\/id$|\/credentials\//.test(path) && !/distributions|hostedZones/.test(path)) return 'must be a 12-digit account id';
  if (/\/distributions\/\d+\/id$/.test(path)) return 'must be a distribution id (uppercase letters and digits, like "E1BLUEBLUEBLUE")';
  if (path.endsWith('/domainName')) return 'must be a CloudFront domain name like "d111111abcdef8.cloudfront.net"';
  if (path.endsWith('/arn')) return 'must be an ACM certificate ARN like "arn:aws:acm:us-east-1:111111111111:certificate/…"';
  if (/\/hostedZones\/\d+\/id$/.test(path)) return 'must be a hosted zone id like "Z1EXAMPLE"';
  return 'has an invalid format';
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayAt(value: unknown, key: string): unknown[] {
  return isObject(value) && Array.isArray(value[key]) ? (value[key] as unknown[]) : [];
}

function stringAt(value: unknown, key: string): string | undefined {
  return isObject(value) && typeof value[key] === 'string' ? value[key] : undefined;
}

/** Checks the schema cannot express. Defensive: runs on whatever parts have the right shape. */
function semanticProblems(doc: unknown): WorldFileProblem[] {
  const problems: WorldFileProblem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ path, message });
  };
  const accounts = arrayAt(doc, 'accounts');
  const accountIds = new Map<string, string>();
  const distributionIds = new Map<string, string>();
  const domainNames = new Map<string, string>();
  const aliasOwners = new Map<string, string>();
  const zoneIds = new Map<string, string>();
  const certificateArns = new Map<string, string>();

  for (const key of ['now'] as const) checkTime(doc, key, '', add);

  accounts.forEach((account, a) => {
    const accountPath = `/accounts/${a}`;
    const id = stringAt(account, 'id');
    if (id !== undefined) {
      if (accountIds.has(id)) add(`${accountPath}/id`, `duplicate account id ${id} (also at ${accountIds.get(id)})`);
      else accountIds.set(id, `${accountPath}/id`);
    }
    const ownCertificates = new Set<string>();
    arrayAt(account, 'certificates').forEach((cert, c) => {
      const path = `${accountPath}/certificates/${c}`;
      const arn = stringAt(cert, 'arn');
      checkTime(cert, 'notAfter', path, add);
      if (arn === undefined) return;
      ownCertificates.add(arn);
      if (certificateArns.has(arn)) add(`${path}/arn`, `duplicate certificate ${arn} (also at ${certificateArns.get(arn)})`);
      else certificateArns.set(arn, `${path}/arn`);
      const arnAccount = arn.split(':')[4];
      if (id !== undefined && arnAccount !== undefined && /^\d{12}$/.test(arnAccount) && arnAccount !== id) {
        add(`${path}/arn`, `the ARN names account ${arnAccount}, but the certificate is listed under account ${id}`);
      }
      arrayAt(cert, 'subjectAlternativeNames').forEach((san, s) => {
        if (typeof san === 'string' && san !== san.toLowerCase()) add(`${path}/subjectAlternativeNames/${s}`, `"${san}" must be lowercase`);
      });
    });

    arrayAt(account, 'distributions').forEach((dist, d) => {
      const path = `${accountPath}/distributions/${d}`;
      const distId = stringAt(dist, 'id');
      if (distId !== undefined) {
        if (distributionIds.has(distId)) add(`${path}/id`, `duplicate distribution id ${distId} (also at ${distributionIds.get(distId)})`);
        else distributionIds.set(distId, `${path}/id`);
      }
      const domainName = stringAt(dist, 'domainName');
      if (domainName !== undefined) {
        if (domainNames.has(domainName))
          add(`${path}/domainName`, `duplicate domain name ${domainName} (also at ${domainNames.get(domainName)})`);
        else domainNames.set(domainName, `${path}/domainName`);
      }
      checkTime(dist, 'deployedAt', path, add);
      checkTime(dist, 'lastModifiedTime', path, add);
      if (isObject(dist) && dist['deployedAt'] !== undefined && dist['status'] === 'Deployed') {
        add(`${path}/deployedAt`, 'only an InProgress distribution has a deployedAt');
      }
      const seen = new Set<string>();
      arrayAt(dist, 'aliases').forEach((alias, i) => {
        if (typeof alias !== 'string') return;
        const aliasPath = `${path}/aliases/${i}`;
        const problem = checkAlias(alias);
        if (problem?.kind === 'uppercase') add(aliasPath, `"${alias}" must be lowercase ("${alias.toLowerCase()}")`);
        else if (problem) add(aliasPath, problem.message);
        if (seen.has(alias)) {
          add(aliasPath, `"${alias}" is listed twice on this distribution`);
          return;
        }
        seen.add(alias);
        const owner = aliasOwners.get(alias);
        if (owner !== undefined)
          add(aliasPath, `"${alias}" is already on another distribution (${owner}); an alias lives on one distribution only`);
        else aliasOwners.set(alias, aliasPath);
      });
      const arn = isObject(dist) ? dist['certificateArn'] : undefined;
      if (typeof arn === 'string' && !ownCertificates.has(arn)) {
        add(
          `${path}/certificateArn`,
          `certificate ${arn} is not among account ${id ?? '?'}'s certificates (a distribution uses a certificate of its own account)`,
        );
      }
    });

    arrayAt(account, 'hostedZones').forEach((zone, z) => {
      const path = `${accountPath}/hostedZones/${z}`;
      const zoneId = stringAt(zone, 'id')?.replace(/^\/hostedzone\//, '');
      if (zoneId !== undefined) {
        if (zoneIds.has(zoneId)) add(`${path}/id`, `duplicate hosted zone id ${zoneId} (also at ${zoneIds.get(zoneId)})`);
        else zoneIds.set(zoneId, `${path}/id`);
      }
      const zoneName = stringAt(zone, 'name');
      if (zoneName !== undefined && zoneName !== zoneName.toLowerCase()) add(`${path}/name`, `"${zoneName}" must be lowercase`);
      const fqZone = zoneName !== undefined ? toFqdn(zoneName.toLowerCase()) : undefined;
      const keys = new Map<string, string>();
      const typesByName = new Map<string, Set<string>>();
      arrayAt(zone, 'records').forEach((record, r) => {
        const recordPath = `${path}/records/${r}`;
        const name = stringAt(record, 'name');
        const type = stringAt(record, 'type');
        if (name === undefined || type === undefined) return;
        const fq = decodeRecordName(name);
        if (name !== name.toLowerCase()) add(`${recordPath}/name`, `"${name}" must be lowercase`);
        if (fqZone !== undefined && fq !== fqZone && !fq.endsWith(`.${fqZone}`)) {
          add(`${recordPath}/name`, `"${name}" is not inside zone ${fqZone}`);
        }
        const key = `${fq} ${type}`;
        if (keys.has(key))
          add(recordPath, `duplicate ${type} record set ${fromFqdn(fq)} (also at ${keys.get(key)}); one record set per name and type`);
        else keys.set(key, recordPath);
        const types = typesByName.get(fq) ?? new Set<string>();
        types.add(type);
        typesByName.set(fq, types);
        if (types.has('CNAME') && types.size > 1) add(recordPath, `a CNAME cannot share the name ${fq} with other record types`);
        if (isObject(record)) {
          const hasValues = Array.isArray(record['values']);
          const hasAlias = isObject(record['aliasTarget']);
          if (hasValues === hasAlias)
            add(recordPath, 'a record has either "values" (with "ttl") or "aliasTarget", not both and not neither');
          else if (hasValues && record['ttl'] === undefined) add(recordPath, 'missing required field "ttl" (records with values need one)');
          else if (hasAlias && record['ttl'] !== undefined) add(`${recordPath}/ttl`, 'an alias record has no ttl');
        }
      });
    });
  });

  const caller = stringAt(doc, 'caller');
  if (caller !== undefined && /^\d{12}$/.test(caller) && !accountIds.has(caller)) {
    add('/caller', `account ${caller} is not among the accounts (${[...accountIds.keys()].join(', ') || 'none'})`);
  }
  const credentials = isObject(doc) && isObject(doc['credentials']) ? doc['credentials'] : {};
  for (const [key, account] of Object.entries(credentials)) {
    if (typeof account === 'string' && /^\d{12}$/.test(account) && !accountIds.has(account)) {
      add(`/credentials/${escapePointer(key)}`, `account ${account} is not among the accounts`);
    }
  }
  arrayAt(doc, 'faults').forEach((fault, f) => {
    const operation = stringAt(fault, 'operation');
    if (operation !== undefined && !(operation in SANDBOX_OPERATIONS)) {
      add(`/faults/${f}/operation`, `unknown operation "${operation}"; one of: ${Object.keys(SANDBOX_OPERATIONS).join(', ')}`);
    }
  });
  arrayAt(doc, 'changes').forEach((change, c) => {
    const zoneId = stringAt(change, 'zoneId')?.replace(/^\/hostedzone\//, '');
    if (zoneId !== undefined && !zoneIds.has(zoneId)) add(`/changes/${c}/zoneId`, `hosted zone ${zoneId} does not exist`);
    checkTime(change, 'submittedAt', `/changes/${c}`, add);
    checkTime(change, 'syncAt', `/changes/${c}`, add);
  });
  return problems;
}

/** `settings.deniedOperations` must name operations the sandbox serves. */
function deniedOperationProblems(doc: unknown): WorldFileProblem[] {
  const settings = isObject(doc) ? doc['settings'] : undefined;
  return arrayAt(settings, 'deniedOperations').flatMap((operation, i) =>
    typeof operation === 'string' && !(operation in SANDBOX_OPERATIONS)
      ? [
          {
            path: `/settings/deniedOperations/${i}`,
            message: `unknown operation "${operation}"; one of: ${Object.keys(SANDBOX_OPERATIONS).join(', ')}`,
          },
        ]
      : [],
  );
}

function checkTime(value: unknown, key: string, path: string, add: (path: string, message: string) => void): void {
  const text = stringAt(value, key);
  if (text !== undefined && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    add(`${path}/${key}`, `"${text}" is not an ISO 8601 time like "2026-12-01T02:00:00Z"`);
  } else if (text !== undefined && Number.isNaN(Date.parse(text))) {
    add(`${path}/${key}`, `"${text}" is not a valid time`);
  }
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function dedupe(problems: WorldFileProblem[]): WorldFileProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
