/**
 * The sandbox as an AWS endpoint: one loopback HTTP server that speaks CloudFront and Route 53
 * (rest-xml), ACM (JSON 1.1), STS GetCallerIdentity and IAM server certificates (query) over one SandboxWorld, so the real
 * AWS SDK (and the AWS CLI) can be pointed at it with `endpoint`/`--endpoint-url`. The emulator only
 * translates HTTP ⇄ world calls; every domain rule and every injected fault comes from the world.
 *
 * Routing: `/2020-05-31/...` → CloudFront, `/2013-04-01/...` → Route 53, `POST /` with
 * `X-Amz-Target: CertificateManager.*` → ACM, `Action=...` (form body or query) → IAM when the
 * credential scope's service is `iam` or the action is an IAM operation served, else STS.
 * Caller: the access key id of the SigV4 credential scope, mapped to an account by the world's
 * `credentials` (or SANDBOX_ACCESS_KEY_ID → the world's caller); signatures are not verified.
 * S3 (path-style object requests, s3-operations.ts) is recognised by the `s3` service of the credential scope.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { SandboxWorld } from '../sandbox/world-model.js';
import { SandboxServiceError, SandboxTransportFault } from '../errors.js';
import { serveAcm } from './acm-operations.js';
import { accountOfAccessKey, credentialScopeOf, SANDBOX_ANSWER_HEADER, type CredentialScope } from './caller-credentials.js';
import { cloudFrontPollTarget, serveCloudFront } from './cloudfront-operations.js';
import { decodeJsonInput, encodeJsonError, encodeJsonOutput, matchJsonOperation, MalformedJsonError } from './json-protocol.js';
import {
  decodeRestXmlInput,
  encodeRestXmlOutput,
  encodeXmlError,
  matchRestOperation,
  type HttpAnswer,
  type WireError,
} from './rest-xml-protocol.js';
import { route53PollTarget, serveRoute53 } from './route53-operations.js';
import { encodeS3Error, serveS3 } from './s3-operations.js';
import { modeledErrorStatus, SERVICE_MODELS } from './service-model.js';
import { acmModel, cloudFrontModel, iamModel, route53Model } from './service-models.js';
import { chargeApiLatency, SimulatedTimeKeeper } from './simulated-time.js';
import { IAM_NAMESPACE, serveIam } from './iam-operations.js';
import { decodeQueryInput, encodeQueryOutput, matchQueryOperation, queryParameters } from './query-protocol.js';
import { answerSts, STS_NAMESPACE } from './sts-protocol.js';
import { RealTimeCharger, throttlingAnswer, type LimitedService } from './real-time-costs.js';
import type { RealTimeCosts } from '../sandbox/world-document.js';
import { MalformedXmlError } from './xml-codec.js';

export const CLOUDFRONT_NAMESPACE = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';
export const ROUTE53_NAMESPACE = 'https://route53.amazonaws.com/doc/2013-04-01/';

export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Loopback only. */
  readonly host?: '127.0.0.1';
  /**
   * A waiter's poll of an InProgress distribution or PENDING change moves simulated time to when
   * it is done (simulated-time.ts says which reads are polls). Default true.
   */
  readonly fastForward?: boolean;
  /**
   * Real milliseconds with no request in flight before a parked waiter poll moves the clock: long
   * enough for a client to send what it does next after an answer. Default 100.
   */
  readonly quietMs?: number;
  /**
   * Real milliseconds an injected `Timeout` holds the connection without answering before it is
   * destroyed. Default 30 000: longer than any sane client timeout; tests make it small.
   */
  readonly timeoutHoldMs?: number;
  /**
   * Called once for every request answered, after the answer is written, with the request id the
   * answer carries: the emulator's request log (a dropped connection answers nothing and is not logged).
   */
  readonly onRequest?: (record: EmulatorRequestRecord) => void;
  /**
   * Real-time costs (latency, rate limits per service; real-time-costs.ts), in place of the world
   * file's `settings.realTime`. Default: the world's, or none.
   */
  readonly realTime?: RealTimeCosts;
}

/** One answered request, as `onRequest` reports it. */
export interface EmulatorRequestRecord {
  /** The id the answer carried (`x-amzn-RequestId`; S3 also `x-amz-request-id`; error bodies `<RequestId>`). */
  readonly requestId: string;
  readonly method: string;
  /** The request path, without the query. */
  readonly path: string;
  readonly status: number;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`, for the SDK's `endpoint` or the CLI's `--endpoint-url`. */
  readonly endpoint: string;
  readonly port: number;
  /** Stops listening, drops open connections (held timeouts included) and resolves when closed. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const DEFAULT_QUIET_MS = 100;

type Service = 'cloudfront' | 'route53' | 'acm' | 'sts' | 'iam' | 's3';

export async function createEmulator(world: SandboxWorld, options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const time = new SimulatedTimeKeeper(world, { fastForward: options.fastForward ?? true, quietMs: options.quietMs ?? DEFAULT_QUIET_MS });
  const timeoutHoldMs = options.timeoutHoldMs ?? 30_000;
  const costs = options.realTime ?? world.settings.realTime;
  const charger = costs ? new RealTimeCharger(costs) : undefined;
  const heldTimers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();

  const server = createServer((request, response) => {
    time.requestStarted();
    handle(request, response)
      .catch((error: unknown) => {
        // Only a bug gets here (handle answers every expected failure); answer 500 rather than hang.
        const requestId = randomUUID();
        if (!response.headersSent) send(response, encodeXmlError(internalError(error), requestId, CLOUDFRONT_NAMESPACE), requestId);
      })
      .finally(() => time.requestEnded());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(request.url ?? '/', 'http://emulator.invalid');
    const method = request.method ?? 'GET';
    const body = await readBody(request);
    const service = routeOf(method, url.pathname, request, body);
    const reply = (answer: HttpAnswer): void => {
      send(response, answer, requestId, service);
      options.onRequest?.({ requestId, method, path: url.pathname, status: answer.status });
    };
    const answerError = (error: WireError): void => reply(encodeError(service, error, requestId));

    if (body === undefined) return answerError({ code: 'RequestEntityTooLarge', message: 'The request body is too large.', status: 413 });
    if (service === undefined) {
      return answerError({
        code: 'UnknownOperation',
        message: `The sandbox emulator serves no operation at ${method} ${url.pathname}.`,
        status: 404,
      });
    }
    const scope = credentialScopeOf(request.headers, url.searchParams);
    const account = scope ? accountOfAccessKey(world, scope.accessKeyId) : undefined;
    if (!scope) return answerError(missingAuthentication(service));
    if (account === undefined) return answerError(invalidToken(service));

    const throttled = charger && (await chargeRealTime(charger, world, service, method, url.pathname, request, account));
    if (throttled) return answerError(throttled);
    try {
      chargeApiLatency(world);
      const answer = await serve(world, time, service, method, url, request, response, body, account, scope, requestId);
      if (answer) reply(answer);
    } catch (error) {
      if (error instanceof SandboxTransportFault) return dropConnection(request, error, heldTimers, timeoutHoldMs);
      answerError(wireErrorOf(service, error));
    }
  }

  await listen(server, options.port ?? 0, host).catch((error: unknown) => {
    // The keeper gates the world's clock; a world whose emulator never started keeps its clock free.
    time.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of heldTimers) clearTimeout(timer);
        heldTimers.clear();
        time.close();
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** The answer, or undefined when the client hung up while its poll was parked. */
async function serve(
  world: SandboxWorld,
  time: SimulatedTimeKeeper,
  service: Service,
  method: string,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
  body: string,
  account: string,
  scope: CredentialScope,
  requestId: string,
): Promise<HttpAnswer | undefined> {
  switch (service) {
    case 'cloudfront':
    case 'route53': {
      const model = service === 'cloudfront' ? cloudFrontModel : route53Model;
      const namespace = service === 'cloudfront' ? CLOUDFRONT_NAMESPACE : ROUTE53_NAMESPACE;
      const matched = matchRestOperation(model, method, url.pathname);
      if (!matched) {
        return encodeXmlError(
          {
            code: 'UnknownOperation',
            message: `The sandbox emulator serves no ${model.metadata.serviceId} operation at ${method} ${url.pathname}.`,
            status: 404,
          },
          requestId,
          namespace,
        );
      }
      const input = decodeRestXmlInput(model, matched, url.searchParams, request.headers, body);
      const polled =
        service === 'cloudfront'
          ? cloudFrontPollTarget(world, account, matched.name, input)
          : route53PollTarget(world, matched.name, input);
      if (polled && !(await time.beforeRead(polled, userAgentOf(request), hungUp(response)))) return undefined;
      const output =
        service === 'cloudfront' ? serveCloudFront(world, account, matched.name, input) : serveRoute53(world, account, matched.name, input);
      return encodeRestXmlOutput(model, matched.name, output, namespace);
    }
    case 'acm': {
      const target = headerValue(request, 'x-amz-target');
      const operation = matchJsonOperation(acmModel, target);
      if (!operation) {
        return encodeJsonError(acmModel, {
          code: 'UnknownOperationException',
          message: `The sandbox emulator does not serve ${target ?? '(no target)'}.`,
          status: 400,
        });
      }
      const output = serveAcm(world, account, operation, decodeJsonInput(body), scope.region);
      return encodeJsonOutput(acmModel, operation, output);
    }
    case 'iam': {
      const parameters = queryParameters(method, url.searchParams, body, headerValue(request, 'content-type'));
      const operation = matchQueryOperation(iamModel, parameters.get('Action'));
      if (!operation) {
        const action = parameters.get('Action') ?? '(none)';
        return encodeXmlError(
          { code: 'InvalidAction', message: `The sandbox emulator does not serve IAM ${action}.`, status: 400 },
          requestId,
          IAM_NAMESPACE,
        );
      }
      const output = serveIam(world, account, operation, decodeQueryInput(iamModel, operation, parameters));
      return encodeQueryOutput(iamModel, operation, output, requestId);
    }
    case 'sts': {
      const parameters = queryParameters(method, url.searchParams, body, headerValue(request, 'content-type'));
      const answer = answerSts(world, parameters, { accessKeyId: scope.accessKeyId, account }, requestId);
      return 'body' in answer ? answer : encodeXmlError(answer, requestId, STS_NAMESPACE);
    }
    case 's3':
      return serveS3(world, method, url, request.headers, body, requestId);
  }
}

/**
 * Transport faults as a client sees them on a real network: ConnectionReset closes the socket
 * without a byte of answer; Timeout holds it silent for `timeoutHoldMs`, then closes it.
 */
function dropConnection(
  request: IncomingMessage,
  fault: SandboxTransportFault,
  heldTimers: Set<NodeJS.Timeout>,
  timeoutHoldMs: number,
): void {
  if (fault.kind === 'ConnectionReset') {
    request.socket.destroy();
    return;
  }
  const timer = setTimeout(() => {
    heldTimers.delete(timer);
    request.socket.destroy();
  }, timeoutHoldMs);
  heldTimers.add(timer);
}

/** Listens on `port` (0: any free one) of `host`; rejects when the server cannot. */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Real-time costs of one request: its latency, and the throttling answer when its rate limit refuses it. */
async function chargeRealTime(
  charger: RealTimeCharger,
  world: SandboxWorld,
  service: Service,
  method: string,
  pathname: string,
  request: IncomingMessage,
  account: string,
): Promise<WireError | undefined> {
  const limited = limitedOperation(service, method, pathname, request);
  const admitted = limited === undefined || charger.admit(limited.service, limited.operation, account);
  await charger.latency();
  if (admitted) return undefined;
  world.recordThrottled(limited.operation, account);
  return throttlingAnswer(limited.service);
}

/** The operation a request calls, for the services with real-time rate limits. */
function limitedOperation(
  service: Service,
  method: string,
  pathname: string,
  request: IncomingMessage,
): { service: LimitedService; operation: string } | undefined {
  switch (service) {
    case 'cloudfront':
    case 'route53': {
      const operation = matchRestOperation(service === 'cloudfront' ? cloudFrontModel : route53Model, method, pathname)?.name;
      return operation === undefined ? undefined : { service, operation };
    }
    case 'acm': {
      const operation = matchJsonOperation(acmModel, headerValue(request, 'x-amz-target'));
      return operation === undefined ? undefined : { service, operation };
    }
    case 'sts':
    case 's3':
      return undefined;
  }
}

function routeOf(method: string, pathname: string, request: IncomingMessage, body: string | undefined): Service | undefined {
  if (credentialScopeOf(request.headers, new URL(request.url ?? '/', 'http://emulator.invalid').searchParams)?.service === 's3')
    return 's3';
  if (pathname.startsWith('/2020-05-31/')) return 'cloudfront';
  if (pathname.startsWith('/2013-04-01/')) return 'route53';
  const target = headerValue(request, 'x-amz-target');
  if (target?.startsWith('CertificateManager.')) return 'acm';
  if (pathname === '/' || pathname === '') {
    const parameters = queryParameters(
      method,
      new URL(request.url ?? '/', 'http://emulator.invalid').searchParams,
      body ?? '',
      headerValue(request, 'content-type'),
    );
    const action = parameters.get('Action');
    if (action !== null) {
      const scope = credentialScopeOf(request.headers, new URL(request.url ?? '/', 'http://emulator.invalid').searchParams);
      return scope?.service === 'iam' || matchQueryOperation(iamModel, action) !== undefined ? 'iam' : 'sts';
    }
  }
  return undefined;
}

function encodeError(service: Service | undefined, error: WireError, requestId: string): HttpAnswer {
  switch (service) {
    case 'acm':
      return encodeJsonError(acmModel, error);
    case 'route53':
      return encodeXmlError(error, requestId, ROUTE53_NAMESPACE);
    case 'sts':
      return encodeXmlError(error, requestId, STS_NAMESPACE);
    case 'iam':
      return encodeXmlError(error, requestId, IAM_NAMESPACE);
    case 's3':
      return encodeS3Error(error, requestId);
    case 'cloudfront':
    case undefined:
      return encodeXmlError(error, requestId, CLOUDFRONT_NAMESPACE);
  }
}

/** A thrown error as the service's wire error; the model's status wins for modelled codes. */
function wireErrorOf(service: Service, error: unknown): WireError {
  if (error instanceof SandboxServiceError) {
    const model = service === 'sts' || service === 's3' ? undefined : SERVICE_MODELS[service];
    return { code: error.code, message: error.message, status: (model && modeledErrorStatus(model, error.code)) ?? error.httpStatus };
  }
  if (error instanceof MalformedXmlError) {
    return { code: service === 'route53' ? 'InvalidInput' : 'MalformedInput', message: error.message, status: 400 };
  }
  if (error instanceof MalformedJsonError) return { code: 'SerializationException', message: error.message, status: 400 };
  return internalError(error);
}

function internalError(error: unknown): WireError {
  return {
    code: 'InternalError',
    message: `The sandbox emulator failed: ${error instanceof Error ? error.message : String(error)}`,
    status: 500,
  };
}

/** No SigV4 credential at all: what AWS answers to an unsigned request. */
function missingAuthentication(service: Service): WireError {
  return service === 'acm'
    ? { code: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token', status: 400 }
    : { code: 'MissingAuthenticationToken', message: 'Missing Authentication Token', status: 403 };
}

/** An access key id the world does not know. JSON services name it UnrecognizedClientException. */
function invalidToken(service: Service): WireError {
  const message = 'The security token included in the request is invalid.';
  return service === 'acm'
    ? { code: 'UnrecognizedClientException', message, status: 400 }
    : { code: 'InvalidClientTokenId', message, status: 403 };
}

/**
 * Every answer says it comes from a sandbox (`SANDBOX_ANSWER_HEADER`): a client that reaches the
 * emulator by any endpoint knows it is not AWS, so a plan made here is never applied to AWS. Every
 * answer names its request, as AWS does: a fresh id per request in `x-amzn-RequestId` (S3: also
 * `x-amz-request-id`), the same id an error body's `<RequestId>` holds.
 */
function send(response: ServerResponse, answer: HttpAnswer, requestId: string, service?: Service): void {
  response.writeHead(answer.status, {
    ...answer.headers,
    [SANDBOX_ANSWER_HEADER]: 'cfalias-emulator',
    'x-amzn-RequestId': requestId,
    // S3 names the request in headers of its own; the SDK reads `x-amz-request-id` for S3.
    ...(service === 's3' ? { 'x-amz-request-id': requestId, 'x-amz-id-2': 'cfalias-sandbox' } : {}),
    'Content-Length': Buffer.byteLength(answer.body),
  });
  response.end(answer.body);
}

/** The body as UTF-8 (decoded across chunk boundaries), or undefined past MAX_BODY_BYTES. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  request.setEncoding('utf8');
  let body = '';
  for await (const chunk of request as AsyncIterable<string>) {
    body += chunk;
    if (body.length > MAX_BODY_BYTES) return undefined;
  }
  return body;
}

/** Aborts when the client closes the connection before its answer is written. */
function hungUp(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableEnded) controller.abort();
  });
  return controller.signal;
}

/** Both user-agent headers (a browser SDK can only set `x-amz-user-agent`). */
function userAgentOf(request: IncomingMessage): string | undefined {
  const parts = [headerValue(request, 'user-agent'), headerValue(request, 'x-amz-user-agent')].filter((v) => v !== undefined);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
