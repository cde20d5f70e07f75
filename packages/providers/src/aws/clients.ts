/**
 * The SDK clients the AWS provider uses, each created once, at its first use (SDK guidance: one
 * client per region and credentials, reused for every call), with retries configured on the client
 * and nowhere else.
 *
 * Endpoints: an explicit `endpoint` wins for every client. Without one, the SDK itself applies
 * `AWS_ENDPOINT_URL_<SERVICE>` (`_CLOUDFRONT`, `_ACM`, `_ROUTE_53`, `_STS`: the service id
 * upper-cased with spaces as underscores), then `AWS_ENDPOINT_URL`, then `endpoint_url` of the
 * profile (unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`): @smithy/core's endpoints resolver does
 * that for every client whose `endpoint` is unset, so nothing here reads those variables.
 */
import { SANDBOX_ANSWER_HEADER } from '../emulator/caller-credentials.js';
import type { TransportService, WorldTransport } from '../emulator/world-transport.js';
import type { ACMClient } from '@aws-sdk/client-acm';
import type { CloudFrontClient, CloudFrontClientConfig } from '@aws-sdk/client-cloudfront';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { STSClient } from '@aws-sdk/client-sts';
import { acmSdk, cloudFrontSdk, credentialProviders, iamSdk, route53Sdk, stsSdk } from '../deferred-modules.js';

export type AwsCredentials = NonNullable<CloudFrontClientConfig['credentials']>;

export type RetryMode = 'standard' | 'adaptive';

export interface AwsClientOptions {
  /** Region for STS and Route 53 (both global in the `aws` partition; default us-east-1). */
  readonly region?: string;
  /** Shared-config profile for the credential chain (and the profile's `endpoint_url`). */
  readonly profile?: string;
  /** One endpoint for every service (an emulator): `http://127.0.0.1:4566`. */
  readonly endpoint?: string;
  /** Explicit credentials or a provider; default: the standard Node.js credential chain. */
  readonly credentials?: AwsCredentials;
  /** Attempts per request, first one included (SDK default 3). Use 1 to count requests exactly. */
  readonly maxAttempts?: number;
  /**
   * The SDK retry strategy. Default `adaptive`: standard retries plus client-side rate limiting
   * that slows a client on every throttled attempt, which is what a cutover of thousands of calls
   * against per-account rate limits needs (with `standard`, most throttled requests are simply
   * sent again: a 1,000-alias move against the emulator's rate limits took 1,771 requests with
   * `standard` and 1,239 with `adaptive`, in the same time).
   */
  readonly retryMode?: RetryMode;
  /**
   * Milliseconds a request may go without a byte of answer before it fails as a timeout (and is
   * retried like one). Default 30 000; the SDK's own default is to wait forever.
   */
  readonly requestTimeoutMs?: number;
  /**
   * Answers every command in this process instead of sending it (a sandbox world read without the
   * HTTP emulator, emulator/world-transport.ts): no request is signed, serialized or sent, and the
   * answers are the sandbox's. Default: none, requests go to the endpoint.
   */
  readonly transport?: WorldTransport;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const CONNECTION_TIMEOUT_MS = 10_000;

export interface AwsClients {
  readonly cloudFront: CloudFrontClient;
  /** A CloudFront answer came from a cfalias emulator (not AWS). */
  answeredBySandbox(): boolean;
  readonly acm: ACMClient;
  /** IAM (global, signed in us-east-1): server certificates a distribution may use. */
  readonly iam: IAMClient;
  readonly route53: Route53Client;
  readonly sts: STSClient;
}

/** CloudFront is a global service signed in us-east-1, and certificates for CloudFront must live there. */
export const CLOUDFRONT_REGION = 'us-east-1';

/**
 * Watches CloudFront's answers for the emulator's sandbox header: `answeredBySandbox()` is true once
 * one carried it (whatever endpoint the emulator was reached by).
 */
function watchForSandbox(client: CloudFrontClient): () => boolean {
  let seen = false;
  client.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const headers = (out.response as { headers?: Record<string, string> } | undefined)?.headers;
      if (headers?.[SANDBOX_ANSWER_HEADER] !== undefined) seen = true;
      return out;
    },
    { step: 'deserialize', name: 'cfaliasSandboxAnswers' },
  );
  return () => seen;
}

/** Middleware stacks of the SDK clients (each client's is typed for its own commands). */
interface SdkClient {
  readonly middlewareStack: { add(middleware: unknown, options: { step: 'initialize'; name: string; priority: 'high' }): void };
  send(command: unknown, options?: unknown): Promise<unknown>;
}

/** Hands the client's commands to `transport` before anything else runs: its answer is the command's output. */
function answerInProcess<C extends SdkClient>(client: C, service: TransportService, transport: WorldTransport): C {
  client.middlewareStack.add(
    (_next: unknown, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      // Answered on a later turn, as a response would be.
      await Promise.resolve();
      return { output: transport.send(service, operation, args.input), response: {} };
    },
    { step: 'initialize', name: 'cfaliasWorldTransport', priority: 'high' },
  );
  // The SDK builds a command's middleware stack once per command class (`cacheMiddleware`) only
  // for a send without options; building it for every command was most of an in-process read's
  // cost. The options (an abort signal, request settings) concern a request, and none is sent.
  const send = client.send.bind(client);
  client.send = (command: unknown) => send(command);
  return client;
}

export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  if (options.transport !== undefined) return inProcessClients(options, options.transport);
  const credentials =
    options.credentials ?? credentialProviders().fromNodeProviderChain(options.profile !== undefined ? { profile: options.profile } : {});
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const shared = {
    credentials,
    maxAttempts: options.maxAttempts ?? 3,
    retryMode: options.retryMode ?? 'adaptive',
    requestHandler: {
      connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, requestTimeout),
      socketTimeout: requestTimeout,
    },
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
  };
  const globalRegion = options.region ?? CLOUDFRONT_REGION;
  let sandboxSeen: (() => boolean) | undefined;
  return lazyClients(() => sandboxSeen?.() ?? false, {
    cloudFront: () => {
      const cloudFront = new (cloudFrontSdk().CloudFrontClient)({ ...shared, region: CLOUDFRONT_REGION });
      sandboxSeen = watchForSandbox(cloudFront);
      return cloudFront;
    },
    acm: () => new (acmSdk().ACMClient)({ ...shared, region: CLOUDFRONT_REGION }),
    iam: () => new (iamSdk().IAMClient)({ ...shared, region: CLOUDFRONT_REGION }),
    route53: () => new (route53Sdk().Route53Client)({ ...shared, region: globalRegion }),
    sts: () => new (stsSdk().STSClient)({ ...shared, region: globalRegion }),
  });
}

/** Clients whose commands `transport` answers: every answer is the sandbox's. */
function inProcessClients(options: AwsClientOptions, transport: WorldTransport): AwsClients {
  const shared = {
    credentials: options.credentials ?? { accessKeyId: 'in-process', secretAccessKey: 'in-process' },
    maxAttempts: 1,
    cacheMiddleware: true,
  };
  const region = options.region ?? CLOUDFRONT_REGION;
  return lazyClients(() => true, {
    cloudFront: () =>
      answerInProcess(new (cloudFrontSdk().CloudFrontClient)({ ...shared, region: CLOUDFRONT_REGION }), 'cloudfront', transport),
    acm: () => answerInProcess(new (acmSdk().ACMClient)({ ...shared, region: CLOUDFRONT_REGION }), 'acm', transport),
    iam: () => answerInProcess(new (iamSdk().IAMClient)({ ...shared, region: CLOUDFRONT_REGION }), 'iam', transport),
    route53: () => answerInProcess(new (route53Sdk().Route53Client)({ ...shared, region }), 'route53', transport),
    sts: () => answerInProcess(new (stsSdk().STSClient)({ ...shared, region }), 'sts', transport),
  });
}

type ClientName = 'cloudFront' | 'acm' | 'iam' | 'route53' | 'sts';

/** The clients each set has built so far (what destroyAwsClients closes). */
const builtClients = new WeakMap<AwsClients, Map<ClientName, { destroy(): void }>>();

/**
 * Each client is built on first use, with its SDK package: a plan never loads IAM unless a
 * distribution uses an IAM certificate, nor STS unless a file names the account.
 */
function lazyClients(answeredBySandbox: () => boolean, make: { readonly [K in ClientName]: () => AwsClients[K] }): AwsClients {
  const built = new Map<ClientName, AwsClients[ClientName]>();
  const client = <K extends ClientName>(name: K): AwsClients[K] => {
    let made = built.get(name) as AwsClients[K] | undefined;
    if (made === undefined) built.set(name, (made = make[name]()));
    return made;
  };
  const clients: AwsClients = {
    get cloudFront() {
      return client('cloudFront');
    },
    answeredBySandbox,
    get acm() {
      return client('acm');
    },
    get iam() {
      return client('iam');
    },
    get route53() {
      return client('route53');
    },
    get sts() {
      return client('sts');
    },
  };
  builtClients.set(clients, built);
  return clients;
}

/** Closes the clients' connection pools (sockets kept alive), so a process or test can end. */
export function destroyAwsClients(clients: AwsClients): void {
  for (const client of builtClients.get(clients)?.values() ?? []) client.destroy();
}
