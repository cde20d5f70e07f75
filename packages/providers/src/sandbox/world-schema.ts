/**
 * Validation of a sandbox world document: a JSON Schema (ajv, every error at once) for the shape,
 * then semantic checks the schema cannot express (duplicates, references, hostnames, faults).
 * Every problem is reported by its JSON pointer; nothing stops at the first one.
 */
import type { Options, ValidateFunction } from 'ajv';
import { validate as generatedValidate } from './world-validator.generated.js';
import { fromFqdn, toFqdn } from '@cfalias/core';
import { SANDBOX_OPERATIONS } from './aws-shapes.js';
import { FAULT_ERRORS } from './world-document.js';
import { decodeRecordName } from './route53-records.js';
import { connectionGroupSchema, iamCertificateSchema, saasProblems, tenantSchema } from './world-schema-saas.js';
import { describeSchemaError } from './world-schema-messages.js';
import type { WorldFileProblem } from '../errors.js';
import { arrayAt, isObject, stringAt } from './json-access.js';
import { AliasOwners, type AddProblem } from './world-schema-aliases.js';
import { ZoneRecordSets } from './world-schema-records.js';

const isoTime = { type: 'string', minLength: 1 } as const;
const accountId = { type: 'string', pattern: '^[0-9]{12}$' } as const;
/**
 * Simulated durations and rates have sane ranges: a deployment of 1e308 seconds, or a rate of one
 * request per 1e300 seconds, would not be a slow world but a hung one. Bounds are generous (a day
 * per wait, a minute per API call, a request per 100 s) and say what they are in the error.
 */
const waitSeconds = { type: 'number', minimum: 0, maximum: 86_400 } as const;
const callLatencyMs = { type: 'number', minimum: 0, maximum: 60_000 } as const;
const requestRate = {
  type: 'object',
  additionalProperties: false,
  required: ['perSecond'],
  properties: {
    perSecond: { type: 'number', minimum: 0.01, maximum: 1_000_000 },
    burst: { type: 'integer', minimum: 1, maximum: 1_000_000 },
  },
} as const;
const serviceRate = {
  type: 'object',
  additionalProperties: false,
  required: ['perSecond'],
  properties: {
    ...requestRate.properties,
    perOperation: { type: 'boolean' },
    operations: { type: 'object', additionalProperties: requestRate },
  },
} as const;

/**
 * The world document's shape, as ajv validates it. It is also published as
 * `@cfalias/providers/world.schema.json` (`cfalias sandbox schema`), generated from this object.
 */
export const worldSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'cfalias sandbox world',
  description:
    'A sandbox world (and inventory snapshot) for cfalias: accounts with their CloudFront distributions, tenants and connection groups, ACM and IAM certificates, Route 53 hosted zones, settings and injected faults. Documented in docs/world-format.md of the cfalias repository.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'caller', 'accounts'],
  properties: {
    $schema: { type: 'string', description: 'The JSON Schema editors validate this file with; ignored by cfalias and kept on save.' },
    $comment: {
      type: ['string', 'array'],
      items: { type: 'string' },
      description: 'Free text (a string or a list of lines) for the reader; ignored by cfalias and kept on save.',
    },
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
        realTime: {
          type: 'object',
          additionalProperties: false,
          properties: {
            latencyMs: callLatencyMs,
            rateLimits: {
              type: 'object',
              additionalProperties: false,
              properties: { cloudfront: serviceRate, route53: serviceRate, acm: serviceRate },
            },
          },
        },
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
      description:
        'Route 53 changes GetChange can still answer for, written by the sandbox on save: every change still PENDING, and the finished (INSYNC) ones submitted in the 24 hours before `now`, the newest 1000 at most.',
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

/**
 * The ajv options `worldSchema` is compiled with: every error at once; verbose, so that a type
 * error carries the offending value, which its message names.
 */
export const WORLD_SCHEMA_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true, verbose: true } as const satisfies Options;

// `worldSchema` compiled with these options by `pnpm generate:validators` (ajv's standalone code):
// loading it compiles nothing. A test fails when it is stale.
const validateShape = generatedValidate as unknown as ValidateFunction;

/**
 * `worldSchema` as the JSON text published in `@cfalias/providers/world.schema.json` and printed
 * by `cfalias sandbox schema` (2-space JSON, final newline). `pnpm generate:world-schema` writes it.
 */
export function worldSchemaText(): string {
  return `${JSON.stringify(worldSchema, null, 2)}\n`;
}

/** Every problem of the document, schema and semantic, by JSON pointer. Empty when valid. */
export function validateWorldDocument(value: unknown): WorldFileProblem[] {
  const problems: WorldFileProblem[] = [];
  if (!validateShape(value)) problems.push(...(validateShape.errors ?? []).map(describeSchemaError));
  problems.push(...semanticProblems(value), ...saasProblems(value, checkTime));
  return dedupe(problems);
}

/** Where each id seen so far was first listed (a JSON pointer), to report duplicates and references. */
interface SeenIds {
  readonly accountIds: Map<string, string>;
  readonly distributionIds: Map<string, string>;
  readonly domainNames: Map<string, string>;
  readonly aliasOwners: AliasOwners;
  readonly zoneIds: Map<string, string>;
  readonly certificateArns: Map<string, string>;
}

/** Checks the schema cannot express. Defensive: runs on whatever parts have the right shape. */
function semanticProblems(doc: unknown): WorldFileProblem[] {
  const problems: WorldFileProblem[] = [];
  const add: AddProblem = (path, message) => {
    problems.push({ path, message });
  };
  const seen: SeenIds = {
    accountIds: new Map(),
    distributionIds: new Map(),
    domainNames: new Map(),
    aliasOwners: new AliasOwners(),
    zoneIds: new Map(),
    certificateArns: new Map(),
  };
  for (const key of ['now'] as const) checkTime(doc, key, '', add);
  arrayAt(doc, 'accounts').forEach((account, a) => {
    const accountPath = `/accounts/${a}`;
    const id = stringAt(account, 'id');
    if (id !== undefined) {
      if (seen.accountIds.has(id)) add(`${accountPath}/id`, `duplicate account id ${id} (also at ${seen.accountIds.get(id)})`);
      else seen.accountIds.set(id, `${accountPath}/id`);
    }
    const ownCertificates = checkCertificates(account, accountPath, id, seen, add);
    arrayAt(account, 'distributions').forEach((dist, d) =>
      checkDistribution(dist, `${accountPath}/distributions/${d}`, id, ownCertificates, seen, add),
    );
    arrayAt(account, 'hostedZones').forEach((zone, z) => checkZone(zone, `${accountPath}/hostedZones/${z}`, seen, add));
  });
  checkReferences(doc, seen, add);
  return problems;
}

/** An account's certificates: unique ARNs of that account, lowercase names; the ARNs it owns. */
function checkCertificates(account: unknown, accountPath: string, id: string | undefined, seen: SeenIds, add: AddProblem): Set<string> {
  const own = new Set<string>();
  arrayAt(account, 'certificates').forEach((cert, c) => {
    const path = `${accountPath}/certificates/${c}`;
    const arn = stringAt(cert, 'arn');
    checkTime(cert, 'notAfter', path, add);
    if (arn === undefined) return;
    own.add(arn);
    if (seen.certificateArns.has(arn)) add(`${path}/arn`, `duplicate certificate ${arn} (also at ${seen.certificateArns.get(arn)})`);
    else seen.certificateArns.set(arn, `${path}/arn`);
    const arnAccount = arn.split(':')[4];
    if (id !== undefined && arnAccount !== undefined && /^\d{12}$/.test(arnAccount) && arnAccount !== id) {
      add(`${path}/arn`, `the ARN names account ${arnAccount}, but the certificate is listed under account ${id}`);
    }
    arrayAt(cert, 'subjectAlternativeNames').forEach((san, s) => {
      if (typeof san === 'string' && san !== san.toLowerCase()) add(`${path}/subjectAlternativeNames/${s}`, `"${san}" must be lowercase`);
    });
  });
  return own;
}

/** One distribution: unique id and domain name, time fields, its aliases, a certificate of its own account. */
function checkDistribution(
  dist: unknown,
  path: string,
  id: string | undefined,
  ownCertificates: ReadonlySet<string>,
  seen: SeenIds,
  add: AddProblem,
): void {
  const distId = stringAt(dist, 'id');
  if (distId !== undefined) {
    if (seen.distributionIds.has(distId))
      add(`${path}/id`, `duplicate distribution id ${distId} (also at ${seen.distributionIds.get(distId)})`);
    else seen.distributionIds.set(distId, `${path}/id`);
  }
  const domainName = stringAt(dist, 'domainName');
  if (domainName !== undefined) {
    if (seen.domainNames.has(domainName))
      add(`${path}/domainName`, `duplicate domain name ${domainName} (also at ${seen.domainNames.get(domainName)})`);
    else seen.domainNames.set(domainName, `${path}/domainName`);
  }
  checkTime(dist, 'deployedAt', path, add);
  checkTime(dist, 'lastModifiedTime', path, add);
  if (isObject(dist) && dist['deployedAt'] !== undefined && dist['status'] === 'Deployed') {
    add(`${path}/deployedAt`, 'only an InProgress distribution has a deployedAt');
  }
  seen.aliasOwners.checkDistribution(path, arrayAt(dist, 'aliases'), add);
  const arn = isObject(dist) ? dist['certificateArn'] : undefined;
  if (typeof arn === 'string' && !ownCertificates.has(arn)) {
    add(
      `${path}/certificateArn`,
      `certificate ${arn} is not among account ${id ?? '?'}'s certificates (a distribution uses a certificate of its own account)`,
    );
  }
}

/** One hosted zone: unique id, lowercase name, records inside it, one record set per name and type. */
function checkZone(zone: unknown, path: string, seen: SeenIds, add: AddProblem): void {
  const zoneId = stringAt(zone, 'id')?.replace(/^\/hostedzone\//, '');
  if (zoneId !== undefined) {
    if (seen.zoneIds.has(zoneId)) add(`${path}/id`, `duplicate hosted zone id ${zoneId} (also at ${seen.zoneIds.get(zoneId)})`);
    else seen.zoneIds.set(zoneId, `${path}/id`);
  }
  const zoneName = stringAt(zone, 'name');
  if (zoneName !== undefined && zoneName !== zoneName.toLowerCase()) add(`${path}/name`, `"${zoneName}" must be lowercase`);
  const fqZone = zoneName !== undefined ? toFqdn(zoneName.toLowerCase()) : undefined;
  const inZone = fqZone !== undefined ? `.${fqZone}` : '';
  const records = arrayAt(zone, 'records');
  // Record indexes, not JSON pointers: a pointer is spelled out only for a problem.
  const recordPath = (r: number): string => `${path}/records/${r}`;
  const recordSets = new ZoneRecordSets((r) => stringAt(records[r], 'type')!);
  for (let r = 0; r < records.length; r++) {
    const record = records[r];
    const name = stringAt(record, 'name');
    const type = stringAt(record, 'type');
    if (name === undefined || type === undefined) continue;
    const fq = decodeRecordName(name);
    if (name !== name.toLowerCase()) add(`${recordPath(r)}/name`, `"${name}" must be lowercase`);
    if (fqZone !== undefined && fq !== fqZone && !fq.endsWith(inZone)) {
      add(`${recordPath(r)}/name`, `"${name}" is not inside zone ${fqZone}`);
    }
    const { duplicateOf, cnameShared } = recordSets.add(fq, type, r);
    if (duplicateOf !== undefined) {
      add(
        recordPath(r),
        `duplicate ${type} record set ${fromFqdn(fq)} (also at ${recordPath(duplicateOf)}); one record set per name and type`,
      );
    }
    if (cnameShared) add(recordPath(r), `a CNAME cannot share the name ${fq} with other record types`);
    if (isObject(record)) {
      // Present, whatever their type: a mistyped one is the schema's to report, not a missing one.
      const hasValues = record['values'] !== undefined;
      const hasAlias = record['aliasTarget'] !== undefined;
      if (hasValues === hasAlias)
        add(recordPath(r), 'a record has either "values" (with "ttl") or "aliasTarget", not both and not neither');
      else if (hasValues && record['ttl'] === undefined) add(recordPath(r), 'missing required field "ttl" (records with values need one)');
      else if (hasAlias && record['ttl'] !== undefined) add(`${recordPath(r)}/ttl`, 'an alias record has no ttl');
    }
  }
}

/** What the document refers to elsewhere: the caller, credentials, faults' and denied operations, changes' zones. */
function checkReferences(doc: unknown, seen: SeenIds, add: AddProblem): void {
  const caller = stringAt(doc, 'caller');
  if (caller !== undefined && /^\d{12}$/.test(caller) && !seen.accountIds.has(caller)) {
    add('/caller', `account ${caller} is not among the accounts (${[...seen.accountIds.keys()].join(', ') || 'none'})`);
  }
  const credentials = isObject(doc) && isObject(doc['credentials']) ? doc['credentials'] : {};
  for (const [key, account] of Object.entries(credentials)) {
    if (typeof account === 'string' && /^\d{12}$/.test(account) && !seen.accountIds.has(account)) {
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
    if (zoneId !== undefined && !seen.zoneIds.has(zoneId)) add(`/changes/${c}/zoneId`, `hosted zone ${zoneId} does not exist`);
    checkTime(change, 'submittedAt', `/changes/${c}`, add);
    checkTime(change, 'syncAt', `/changes/${c}`, add);
  });
  // `settings.deniedOperations` must name operations the sandbox serves.
  arrayAt(isObject(doc) ? doc['settings'] : undefined, 'deniedOperations').forEach((operation, i) => {
    if (typeof operation === 'string' && !(operation in SANDBOX_OPERATIONS)) {
      add(`/settings/deniedOperations/${i}`, `unknown operation "${operation}"; one of: ${Object.keys(SANDBOX_OPERATIONS).join(', ')}`);
    }
  });
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
