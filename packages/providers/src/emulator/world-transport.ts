/**
 * The emulator's answers without the wire: the AWS SDK clients of the AWS provider hand each
 * command to the same operation handlers the HTTP emulator serves (cloudfront-operations.ts,
 * route53-operations.ts, acm-operations.ts, iam-operations.ts, STS GetCallerIdentity), and get
 * back what the SDK would have decoded from the emulator's answer: only the members the service
 * model knows, lists as arrays, booleans and numbers typed, timestamps as `Date`, header members
 * as strings. Errors come back as the SDK raises a service exception (`name` = the error code,
 * `$metadata.httpStatusCode` = the model's status for a modelled code, else the world's).
 *
 * What it leaves out, and so where it is not used: the HTTP exchange itself (SigV4 signing,
 * serialization, sockets), the real-time costs of `settings.realTime` (latency, rate limits),
 * injected transport faults (a connection reset or a timeout is a socket event) and role
 * sessions (AssumeRole). `cfalias plan` and `inventory` on a world with none of those read
 * through it (packages/cli providers.ts); everything else, and the tests that prove the wire
 * path, go through createEmulator. Simulated API latency (`settings.apiLatencyMs`) is charged per
 * request, as the emulator charges it.
 */
import type { SandboxWorld } from '../sandbox/world-model.js';
import { SandboxServiceError } from '../errors.js';
import { serveAcm } from './acm-operations.js';
import { SANDBOX_ACCESS_KEY_ID } from './caller-credentials.js';
import { serveCloudFront } from './cloudfront-operations.js';
import { serveIam } from './iam-operations.js';
import { serveRoute53 } from './route53-operations.js';
import { modeledErrorStatus, SERVICE_MODELS, shapeOf, type ServiceModel, type ShapeModel, type StructureShape } from './service-model.js';
import { chargeApiLatency } from './simulated-time.js';

/** The services whose SDK clients the AWS provider holds. */
export type TransportService = 'cloudfront' | 'route53' | 'acm' | 'iam' | 'sts';

/** Answers SDK commands in this process: `operation` is the command's name without `Command`. */
export interface WorldTransport {
  send(service: TransportService, operation: string, input: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

/** ACM is regional; the AWS provider's ACM client signs for us-east-1, where CloudFront's certificates live. */
const ACM_REGION = 'us-east-1';

/** A transport on `world`, acting as the account of the sandbox credentials (the world's caller). */
export function createWorldTransport(world: SandboxWorld): WorldTransport {
  const caller = world.caller;
  return {
    send(service, operation, input) {
      chargeApiLatency(world);
      if (service === 'sts') return callerIdentity(operation, caller);
      try {
        switch (service) {
          case 'cloudfront':
            return sdkOutput(SERVICE_MODELS.cloudfront, operation, serveCloudFront(world, caller, operation, input));
          case 'route53':
            return sdkOutput(SERVICE_MODELS.route53, operation, serveRoute53(world, caller, operation, input));
          case 'acm':
            return sdkOutput(SERVICE_MODELS.acm, operation, serveAcm(world, caller, operation, input, ACM_REGION));
          case 'iam':
            return sdkOutput(SERVICE_MODELS.iam, operation, serveIam(world, caller, operation, input));
        }
      } catch (error) {
        throw sdkError(service, error);
      }
    },
  };
}

/** STS: GetCallerIdentity only (AssumeRole needs the emulator's role sessions). */
function callerIdentity(operation: string, account: string): Record<string, unknown> {
  if (operation !== 'GetCallerIdentity') {
    const message = `The in-process sandbox does not serve STS ${operation}.`;
    throw Object.assign(new Error(message), { name: 'InvalidAction', $fault: 'client', $metadata: { httpStatusCode: 400 } });
  }
  return { UserId: SANDBOX_ACCESS_KEY_ID, Account: account, Arn: `arn:aws:iam::${account}:user/cfalias-sandbox`, $metadata: METADATA };
}

const METADATA = { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 };

/** The handler's output as the SDK decodes it from the wire. */
function sdkOutput(model: ServiceModel, operationName: string, output: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const operation = model.operations[operationName];
  if (!operation) throw new Error(`${model.metadata.serviceId}: no operation ${operationName} in the model slice`);
  const projected = operation.output ? (project(model, operation.output.shape, output) as Record<string, unknown>) : {};
  return { ...projected, $metadata: METADATA };
}

/** A shape's projection: a value of that shape as the SDK types it after a round trip through the wire. */
type Projector = (value: unknown) => unknown;

/**
 * Each shape's projector, built once per model: an inventory read projects every alias and record
 * set of the world, and looking each member's shape up again for every item cost more than the copy.
 */
const projectors = new WeakMap<ServiceModel, Map<string, Projector>>();

function project(model: ServiceModel, shapeName: string, value: unknown): unknown {
  return projectorOf(model, shapeName)(value);
}

function projectorOf(model: ServiceModel, shapeName: string): Projector {
  let ofModel = projectors.get(model);
  if (ofModel === undefined) projectors.set(model, (ofModel = new Map<string, Projector>()));
  let projector = ofModel.get(shapeName);
  if (projector === undefined) {
    projector = buildProjector(model, shapeOf(model, shapeName));
    ofModel.set(shapeName, projector);
  }
  return projector;
}

function buildProjector(model: ServiceModel, shape: ShapeModel): Projector {
  switch (shape.type) {
    case 'structure':
      return structureProjector(model, shape);
    case 'list':
      return listProjector(model, shape.member.shape);
    case 'timestamp':
      return (value) => (value instanceof Date ? new Date(value.getTime()) : new Date(typeof value === 'number' ? value : String(value)));
    case 'boolean':
      return (value) => value === true || value === 'true';
    case 'integer':
    case 'long':
      return (value) => (typeof value === 'number' ? Math.trunc(value) : Number.parseInt(String(value), 10));
    case 'double':
    case 'float':
      return (value) => (typeof value === 'number' ? value : Number.parseFloat(String(value)));
    case 'string':
    case 'blob':
      return projectString;
  }
}

function projectString(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** The members the model knows, in the model's order; absent and null ones left out. */
function structureProjector(model: ServiceModel, shape: StructureShape): Projector {
  const names = Object.keys(shape.members);
  // Resolved at the first value, not here: a shape may contain itself.
  let members: Projector[] | undefined;
  return (value) => {
    members ??= names.map((name) => projectorOf(model, shape.members[name]!.shape));
    const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const memberValue = record[names[i]!];
      if (memberValue === undefined || memberValue === null) continue;
      out[names[i]!] = members[i]!(memberValue);
    }
    return out;
  };
}

function listProjector(model: ServiceModel, memberShape: string): Projector {
  const stringItems = shapeOf(model, memberShape).type === 'string';
  let item: Projector | undefined;
  return (value) => {
    const items = Array.isArray(value) ? (value as unknown[]) : [];
    const out = new Array<unknown>(items.length);
    if (stringItems) {
      // Aliases and record values, the bulk of an inventory: no call per item.
      for (let i = 0; i < items.length; i++) {
        const v = items[i];
        out[i] = typeof v === 'string' ? v : String(v);
      }
      return out;
    }
    item ??= projectorOf(model, memberShape);
    for (let i = 0; i < items.length; i++) out[i] = item(items[i]);
    return out;
  };
}

/** A world refusal as the SDK raises it; anything else (a bug) as the emulator's InternalError. */
function sdkError(service: Exclude<TransportService, 'sts'>, error: unknown): Error {
  if (!(error instanceof SandboxServiceError)) {
    const message = `The sandbox emulator failed: ${error instanceof Error ? error.message : String(error)}`;
    return Object.assign(new Error(message), { name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 } });
  }
  const model = SERVICE_MODELS[service];
  const status = modeledErrorStatus(model, error.code) ?? error.httpStatus;
  return Object.assign(new Error(error.message), {
    name: error.code,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, attempts: 1, totalRetryDelay: 0 },
  });
}
