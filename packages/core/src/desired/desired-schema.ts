/**
 * The JSON Schema of `cfalias.yaml` (draft-07) and its compiled ajv validator.
 *
 * The schema checks shape only: types, enums, required and unknown fields. Rules that need more
 * than one value or a precise message (hostnames, duplicate aliases, logical names, window order)
 * are semantic checks (desired-aliases.ts, duplicate-keys.ts, desired-window.ts). Every object is
 * closed (`additionalProperties: false`) except the three maps whose keys are the user's:
 * `accounts`, `distributions` and `aliases`.
 */
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { validate as generatedValidate } from './desired-validator.generated.js';
import type { DnsMode, MoveApi, StrategyChoice, TxtProof } from './desired.js';

export const STRATEGY_CHOICES: readonly StrategyChoice[] = ['auto', 'move', 'detach-attach'];
export const DNS_MODES: readonly DnsMode[] = ['route53', 'none'];
export const MOVE_APIS: readonly MoveApi[] = ['update-domain-association', 'associate-alias'];
export const TXT_PROOFS: readonly TxtProof[] = ['when-needed', 'always'];
export const LOCK_BACKENDS: readonly string[] = ['local', 's3'];

/**
 * An alias target: a CloudFront distribution id (`E` then at least five uppercase letters or
 * digits) or a distribution tenant id (`dt_` then at least five letters or digits).
 */
export const DISTRIBUTION_ID_PATTERN = '^(E[A-Z0-9]{5,}|dt_[A-Za-z0-9]{5,})$';

/** A 12-digit AWS account id, written as a string. */
export const ACCOUNT_ID_PATTERN = '^[0-9]{12}$';

/** An IAM role ARN in any partition; the fifth field is the role's account. */
export const ROLE_ARN_PATTERN = '^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$';

const strategy = {
  description: 'How a move is carried out: move (one call, no downtime), detach-attach, or auto.',
  type: 'string',
  enum: STRATEGY_CHOICES,
} as const;

const dns = {
  description: 'route53: repoint the Route 53 records of the alias; none: leave DNS alone.',
  type: 'string',
  enum: DNS_MODES,
} as const;

const moveApi = {
  description:
    'The call that moves an alias in one step: update-domain-association (distributions and tenants) or associate-alias (standard distributions only).',
  type: 'string',
  enum: MOVE_APIS,
} as const;

const txtProof = {
  description: 'When a move plans the _<alias> TXT ownership record: when-needed (cross-account, or on refusal) or always.',
  type: 'string',
  enum: TXT_PROOFS,
} as const;

const timestamp = {
  description: 'UTC ISO 8601 timestamp ending in Z, e.g. 2026-12-01T02:00:00Z.',
  type: 'string',
} as const;

export const desiredStateSchema: object = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'cfalias desired state (cfalias.yaml)',
  description: 'The alias registry: which CloudFront distribution each managed alias must live on.',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { description: 'Format version of the file. Only 1 exists.', const: 1 },
    account: {
      description: 'Guard: the 12-digit AWS account id (as a quoted string) the file is for. Not with `accounts`.',
      type: 'string',
      pattern: ACCOUNT_ID_PATTERN,
    },
    accounts: {
      description:
        'Logical names for the AWS accounts the registry spans, each with its id and how to reach it: the default credentials, a `profile`, or a `roleArn` to assume.',
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: { description: 'The 12-digit account id, quoted.', type: 'string', pattern: ACCOUNT_ID_PATTERN },
          profile: { description: 'A named profile of the shared AWS config and credentials files.', type: 'string', minLength: 1 },
          roleArn: {
            description: 'A role in this account, assumed from the default credentials.',
            type: 'string',
            pattern: ROLE_ARN_PATTERN,
          },
          externalId: { description: "The external id the role's trust policy asks for (with roleArn).", type: 'string', minLength: 2 },
        },
      },
    },
    distributions: {
      description:
        'Logical names for distribution ids (E…) or distribution tenant ids (dt_…), usable as alias targets; `{ account, id }` places one in a declared account (`allowDisableSource: true` lets a cross-account move disable it).',
      type: 'object',
      additionalProperties: {
        type: ['string', 'object'],
        pattern: DISTRIBUTION_ID_PATTERN,
        additionalProperties: false,
        required: ['account', 'id'],
        properties: {
          account: { description: 'A logical name declared in `accounts`.', type: 'string', minLength: 1 },
          id: { description: 'Distribution id or distribution tenant id.', type: 'string', pattern: DISTRIBUTION_ID_PATTERN },
          allowDisableSource: {
            description:
              'Lets a cross-account move disable this distribution while an alias leaves it (disable-and-move), which takes every alias it serves offline meanwhile; default false.',
            type: 'boolean',
          },
        },
      },
    },
    defaults: {
      description: 'Defaults for every alias; an alias may override them.',
      type: 'object',
      additionalProperties: false,
      properties: { strategy, dns, moveApi, txtProof },
    },
    window: {
      description: 'Maintenance window: apply refuses to run outside it.',
      type: 'object',
      additionalProperties: false,
      required: ['start', 'end'],
      properties: { start: timestamp, end: timestamp },
    },
    safety: {
      description: 'Safety checks of the plan.',
      type: 'object',
      additionalProperties: false,
      properties: {
        maxChangePercent: {
          description: 'Refuse plans changing more than this share of managed aliases (when 10 or more are managed).',
          type: 'number',
          minimum: 0,
          maximum: 100,
        },
      },
    },
    lock: {
      description: 'Where the apply lock lives.',
      type: 'object',
      discriminator: { propertyName: 'backend' },
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['backend'],
          properties: {
            backend: { const: 'local' },
            path: { type: 'string', minLength: 1 },
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['backend', 'bucket', 'key'],
          properties: {
            backend: { const: 's3' },
            bucket: { type: 'string', minLength: 1 },
            key: { type: 'string', minLength: 1 },
            region: { type: 'string', minLength: 1 },
          },
        },
      ],
    },
    verify: {
      description: 'Live checks after apply and for `cfalias verify`: DNS, TLS and (with `http`) an HTTPS request per alias.',
      type: 'object',
      additionalProperties: false,
      properties: {
        afterApply: { description: 'Run the live checks after a successful apply (default true; the sandbox: false).', type: 'boolean' },
        resolvers: {
          description: 'Resolvers to ask, as HOST or HOST:PORT; `system` is the system resolver (the default).',
          type: 'array',
          minItems: 1,
          items: { type: 'string', minLength: 1, pattern: '^(system|\\[[0-9a-fA-F:.]+\\](:[0-9]{1,5})?|[^:\\s]+(:[0-9]{1,5})?)$' },
        },
        warningDays: { description: 'Warn when a certificate expires within this many days (default 14).', type: 'integer', minimum: 0 },
        http: {
          description: 'Also request https://ALIAS/PATH and check the answer.',
          type: 'object',
          additionalProperties: false,
          required: ['path'],
          properties: {
            path: { type: 'string', pattern: '^/' },
            method: { enum: ['HEAD', 'GET'] },
            status: { type: 'integer', minimum: 100, maximum: 599 },
            header: {
              type: 'object',
              additionalProperties: false,
              required: ['name'],
              properties: { name: { type: 'string', minLength: 1 }, value: { type: 'string' } },
            },
          },
        },
      },
    },
    aliases: {
      description: 'Managed aliases: hostname -> target (logical name or distribution id), an object with overrides, or null to detach.',
      type: ['object', 'null'],
      additionalProperties: {
        type: ['string', 'object', 'null'],
        minLength: 1,
        additionalProperties: false,
        required: ['distribution'],
        properties: {
          distribution: {
            description: 'Logical name, distribution id or distribution tenant id; null to detach.',
            type: ['string', 'null'],
            minLength: 1,
          },
          strategy,
          dns,
          moveApi,
          txtProof,
        },
      },
    },
  },
};

/** The ajv options `desiredStateSchema` is compiled with (every error at once, each with its value). */
export const DESIRED_SCHEMA_OPTIONS = {
  allErrors: true,
  strict: true,
  discriminator: true,
  allowUnionTypes: true,
  verbose: true,
} as const satisfies Options;

// `desiredStateSchema` compiled with these options by `pnpm generate:validators` (ajv's standalone
// code): loading it compiles nothing. A test fails when it is stale.
const validate = generatedValidate as unknown as ValidateFunction;

/** Schema errors of a document already converted to plain JS (empty when the shape is right). */
export function validateDesiredShape(value: unknown): readonly ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
