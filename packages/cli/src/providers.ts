/**
 * The provider factory: picks the provider from the global options and opens a session on it.
 * This file alone decides which provider a command talks to.
 *
 * - No `--sandbox`: the AWS provider on the AWS SDK for JavaScript v3, with the SDK's standard
 *   credential chain (`--profile` picks a shared-config profile), `--region`, and `--endpoint-url`
 *   (else the SDK's own `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>`).
 * - `--sandbox WORLD`: the same AWS provider, against an emulator embedded in this process on an
 *   ephemeral loopback port serving the world file. Every call goes through the real SDK path
 *   (SigV4 signing, wire protocols, the client's retry strategy, the SDK waiters), only the far end
 *   is the sandbox world. Commands that only read (plan, inventory) skip the wire: the same SDK
 *   commands are answered by the emulator's handlers in this process (readsWithoutWire says when).
 * - `--sandbox WORLD --sandbox-in-process` (hidden; tests and benchmarks): the in-process sandbox
 *   provider calls the world model directly, no HTTP.
 *
 * Time on the sandbox paths: the world's simulated clock, for the world and for apply, so step
 * durations and the apply summary are simulated (a 5-minute deployment reads 5m 0s and costs no
 * real minutes), and equal on both sandbox paths. In-process, the provider sleeps on that clock.
 * Over HTTP, `SandboxTime` (sandbox-time.ts) moves it: only while no provider call is in flight,
 * to the moment the earliest wait is for, so the SDK waiters see the deployment done at its due
 * time. Retries of throttling, 5xx and dropped connections are the executor's on this path, with
 * its backoff sleeping on that clock (`SANDBOX_MAX_ATTEMPTS`), so a world's injected faults cost
 * simulated seconds and no real ones.
 */
import {
  AccountMismatchError,
  canonicalJson,
  newRunId,
  SimulatedClock,
  systemClock,
  type AccountEntry,
  type Clock,
  type CutoverProvider,
} from '@cfalias/core';
import {
  assertRegistryAccounts,
  createAwsProvider,
  createEmulator,
  createSandboxProvider,
  createSandboxRegistryProvider,
  createWorldTransport,
  parseWorldDocument,
  SANDBOX_ACCESS_KEY_ID,
  SANDBOX_SECRET_ACCESS_KEY,
  saveWorldFile,
  SandboxWorld,
  type AccountProvidersOptions,
  type AwsProvider,
  type WorldDocument,
} from '@cfalias/providers';
import { UsageError } from './errors.js';
import { readTextFile } from './io/files.js';
import { onEmulatedWorld } from './emulated-world.js';
import { defaultAccountOf, openAwsRegistry } from './registry-providers.js';
import { SandboxTime } from './sandbox-time.js';

export interface ProviderOptions {
  /** Absolute path of the sandbox world file (`--sandbox`). */
  readonly sandbox?: string;
  /** Drive the sandbox world in-process instead of through the SDK and the emulator (hidden flag). */
  readonly sandboxInProcess?: boolean;
  /** Shared-config profile for the credential chain (`--profile`). */
  readonly profile?: string;
  /** Region for STS and Route 53 (`--region`); CloudFront and ACM are always us-east-1. */
  readonly region?: string;
  /** One endpoint for every AWS service (`--endpoint-url`). */
  readonly endpointUrl?: string;
}

/**
 * The account a command must run in (`account`), or the accounts a registry spans, each reached its
 * own way (`accounts`), and who says so (named in the error).
 */
export interface AccountExpectation {
  readonly account?: string;
  readonly accounts?: Readonly<Record<string, AccountEntry>>;
  /**
   * With `accounts`: distribution, tenant (and zone) id → account id, where their calls go before
   * an inventory read has placed them (a resume reads none).
   */
  readonly resourceAccounts?: Readonly<Record<string, string>>;
  /** The run the session is for (a resume: the journal's); default: a new run id on the session's clock. */
  readonly runId?: string;
  /** `cfalias.yaml`, `plan.json`: the file whose `account` this is. */
  readonly source: string;
}

export interface ProviderSession extends AsyncDisposable {
  readonly provider: CutoverProvider;
  /** The clock apply runs on and plans are dated by (the world's simulated clock in the sandbox). */
  readonly clock: Clock;
  /** Durations on this clock are simulated (say so in output). */
  readonly simulated: boolean;
  /**
   * The run this session is for: the role sessions of a registry are named `cfalias-<runId>`, and
   * an apply journals under it, so CloudTrail in every account ties each change to the run.
   */
  readonly runId: string;
  /**
   * Persists what the provider changed (the sandbox writes its world file back atomically).
   * Resolves true when something was written; a world nothing happened to is left untouched.
   */
  persist(): Promise<boolean>;
  /** Closes the SDK clients and the embedded emulator; idempotent. `await using` calls it. */
  close(): Promise<void>;
}

/**
 * Retries on the sandbox path belong to the executor, not to the SDK client: the executor backs off
 * on the session's clock, so a world's injected Throttling or 500 costs simulated seconds (as it
 * does in-process, with the same retry policy and metrics), where the SDK's retry strategy would
 * sleep real seconds (up to 1, 2, 4 s for three throttles) that the simulated clock never sees.
 * Against AWS it is the other way round: the SDK retries, and the provider's capabilities keep the
 * executor from stacking retries on top.
 */
const SANDBOX_MAX_ATTEMPTS = 1;
/** A loopback emulator answers in milliseconds; an injected Timeout should cost a second, not the AWS default 30. */
const SANDBOX_REQUEST_TIMEOUT_MS = 1_500;
/** Aliases and records of a world per SANDBOX_REQUEST_TIMEOUT_MS of request timeout (see sandboxRequestTimeoutMs). */
const WORLD_ITEMS_PER_TIMEOUT = 200_000;

/**
 * The client's request timeout on the emulated sandbox: SANDBOX_REQUEST_TIMEOUT_MS, longer for a
 * large world. The emulator shares the CLI's process, so a full garbage collection stops both, and
 * when the process resumes the socket's timer fires before the answer waiting on the socket is
 * read. That pause grows with the heap, which the world fills: over a second at a million aliases
 * (longer on a busy machine), where such reads failed as timed out. So the timeout grows by 1.5 s
 * per 200,000 aliases and records beyond the first 200,000; an injected Timeout fault costs as
 * much (1.5 s in a world of up to 200,000).
 */
export function sandboxRequestTimeoutMs(document: WorldDocument): number {
  let items = 0;
  for (const account of document.accounts) {
    for (const d of account.distributions ?? []) items += d.aliases.length;
    for (const z of account.hostedZones ?? []) items += z.records.length;
  }
  return Math.round(SANDBOX_REQUEST_TIMEOUT_MS * Math.max(1, items / WORLD_ITEMS_PER_TIMEOUT));
}
/**
 * Waiter pacing on the sandbox path, in real seconds: a wait polls once, sleeps one delay while
 * SandboxTime moves the world to the due time, and polls again. The limit only guards a bug.
 */
const SANDBOX_WAITER = { minDelay: 0.01, maxDelay: 0.05, maxWaitSeconds: 120 };

/**
 * What a command does with the world: `read` (plan, inventory) never persists, so a sandbox session
 * skips taking the reference copy that tells whether the world changed (a canonical JSON of the
 * whole world, seconds at 100,000 aliases); its persist() rejects.
 */
export type SessionAccess = 'read' | 'read-write';

/**
 * Opens the provider the options name. With `expected`, the session is refused (closed, then
 * AccountMismatchError) unless the credentials reach that account.
 */
export async function openProvider(
  options: ProviderOptions,
  expected?: AccountExpectation,
  access: SessionAccess = 'read-write',
): Promise<ProviderSession> {
  if (options.sandbox === undefined) {
    if (options.sandboxInProcess) throw new UsageError('--sandbox-in-process needs --sandbox <world.json>');
    return openAwsSession(options, expected);
  }
  const awsFlags = [
    options.profile !== undefined ? '--profile' : undefined,
    options.region !== undefined ? '--region' : undefined,
    options.endpointUrl !== undefined ? '--endpoint-url' : undefined,
  ].filter((flag) => flag !== undefined);
  if (awsFlags.length > 0) {
    throw new UsageError(`--sandbox runs its own emulator and credentials: ${awsFlags.join(', ')} cannot be used with it`);
  }
  // A missing file is an InputFileError, a bad one a WorldFileError.
  const document = await readWorldFile(options.sandbox);
  // readWorldFile validated it, naming the file in its errors.
  const world = SandboxWorld.fromDocument(document, { validated: true });
  if (options.sandboxInProcess) {
    return openInProcessSandbox(world, access === 'read' ? readOnlyWorld : worldPersistence(options.sandbox, world), expected);
  }
  if (access === 'read' && readsWithoutWire(document, expected)) return openWorldTransportSandbox(world, expected);
  const persistence = access === 'read' ? readOnlyWorld : worldPersistence(options.sandbox, world);
  return openEmulatedSandbox(world, persistence, expected, sandboxRequestTimeoutMs(document));
}

/**
 * A command that only reads (plan, inventory) reads the world through the same AWS provider and
 * SDK commands, answered in this process by the emulator's own operation handlers instead of over
 * HTTP (world-transport.ts in @cfalias/providers): the same inventory, without serializing the
 * world to XML and parsing it back (most of a plan's time on a large world). Worlds whose
 * behaviour lives on the wire keep the emulator: real-time costs (latency, rate limits), injected
 * faults (a reset or timed-out connection), and a registry of accounts reached by AssumeRole.
 */
function readsWithoutWire(document: WorldDocument, expected: AccountExpectation | undefined): boolean {
  return document.settings?.realTime === undefined && (document.faults ?? []).length === 0 && expected?.accounts === undefined;
}

/**
 * A session on a world already loaded, as `--sandbox` opens it (over the emulator, or in-process):
 * tests use it to change the world beside a running command, as another writer would. `path` is
 * where `persist` would save it.
 */
export function openSandboxWorldSession(
  path: string,
  world: SandboxWorld,
  options: { readonly inProcess?: boolean; readonly expected?: AccountExpectation } = {},
): Promise<ProviderSession> {
  const persistence = worldPersistence(path, world);
  return options.inProcess
    ? openInProcessSandbox(world, persistence, options.expected)
    : openEmulatedSandbox(world, persistence, options.expected, SANDBOX_REQUEST_TIMEOUT_MS);
}

/** The world document in `path`; errors name it `displayName`. */
export async function readWorldFile(path: string, displayName = path): Promise<WorldDocument> {
  return parseWorldDocument(await readTextFile(path, displayName), displayName);
}

/**
 * Tracks whether the world changed since it was opened, to write the file back only then. Its
 * canonical document as loaded is the reference: the simulated clock, the aliases, the records,
 * pending changes and unused faults are all in it.
 */
export function worldPersistence(path: string, world: SandboxWorld): { changed(): boolean; persist(): Promise<boolean> } {
  const loaded = canonicalJson(world.toDocument());
  const changed = (): boolean => canonicalJson(world.toDocument()) !== loaded;
  return {
    changed,
    async persist() {
      if (!changed()) return false;
      await saveWorldFile(path, world);
      return true;
    },
  };
}

/** The persistence of a session opened for reading: there is nothing to save. */
type WorldPersistence = Pick<ReturnType<typeof worldPersistence>, 'persist'>;

const readOnlyWorld: WorldPersistence = {
  persist: () => Promise.reject(new Error('this session was opened to read: it saves nothing')),
};

async function openAwsSession(options: ProviderOptions, expected: AccountExpectation | undefined): Promise<ProviderSession> {
  if (options.endpointUrl !== undefined) checkEndpointUrl(options.endpointUrl);
  const clientOptions = {
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.endpointUrl !== undefined ? { endpoint: options.endpointUrl } : {}),
  };
  const provider = createAwsProvider({ ...clientOptions, ...(options.profile !== undefined ? { profile: options.profile } : {}) });
  const parts: SessionParts = {
    provider,
    clock: systemClock,
    simulated: false,
    runId: expected?.runId ?? newRunId(systemClock.now()),
    persist: async () => false,
    close: async () => provider.destroy(),
  };
  return checkedSession(parts, provider, expected, {
    ...clientOptions,
    ...(options.profile !== undefined ? { baseProfile: options.profile } : {}),
  });
}

async function openEmulatedSandbox(
  world: SandboxWorld,
  persistence: WorldPersistence,
  expected: AccountExpectation | undefined,
  requestTimeoutMs: number,
): Promise<ProviderSession> {
  if (!(world.clock instanceof SimulatedClock)) throw new TypeError('a sandbox world loaded from a file runs on a SimulatedClock');
  const time = new SandboxTime(world.clock);
  // No fast-forward: SandboxTime moves the world's clock (see sandbox-time.ts for why).
  const emulator = await createEmulator(world, { port: 0, fastForward: false, timeoutHoldMs: 2 * requestTimeoutMs });
  const clientOptions = {
    region: 'us-east-1',
    clock: world.clock,
    maxAttempts: SANDBOX_MAX_ATTEMPTS,
    requestTimeoutMs,
    waiter: SANDBOX_WAITER,
  };
  const aws = createAwsProvider({ ...clientOptions, endpoint: emulator.endpoint, credentials: SANDBOX_CREDENTIALS });
  // A registry reaches each account through the emulator's STS: `{ id }` with the sandbox's key
  // (the world's caller), a role by AssumeRole, a profile from the shared files.
  const reach: RegistryReach = { baseCredentials: SANDBOX_CREDENTIALS, endpoint: emulator.endpoint, region: 'us-east-1' };
  const parts: SessionParts = {
    provider: onEmulatedWorld(aws, world, time),
    clock: time.clock,
    simulated: true,
    runId: expected?.runId ?? newRunId(world.clock.now()),
    persist: () => persistence.persist(),
    close: async () => {
      aws.destroy();
      await emulator.close();
    },
    registryClients: clientOptions,
    onRegistry: (registry) => onEmulatedWorld(registry, world, time),
  };
  return checkedSession(parts, aws, expected, reach);
}

async function openWorldTransportSandbox(world: SandboxWorld, expected: AccountExpectation | undefined): Promise<ProviderSession> {
  if (!(world.clock instanceof SimulatedClock)) throw new TypeError('a sandbox world loaded from a file runs on a SimulatedClock');
  const time = new SandboxTime(world.clock);
  const aws = createAwsProvider({
    transport: createWorldTransport(world),
    region: 'us-east-1',
    clock: world.clock,
    maxAttempts: SANDBOX_MAX_ATTEMPTS,
    waiter: SANDBOX_WAITER,
  });
  const parts: SessionParts = {
    provider: onEmulatedWorld(aws, world, time),
    clock: time.clock,
    simulated: true,
    runId: expected?.runId ?? newRunId(world.clock.now()),
    persist: () => readOnlyWorld.persist(),
    close: async () => aws.destroy(),
  };
  return checkedSession(parts, aws, expected, { baseCredentials: SANDBOX_CREDENTIALS, region: 'us-east-1' });
}

async function openInProcessSandbox(
  world: SandboxWorld,
  persistence: WorldPersistence,
  expected: AccountExpectation | undefined,
): Promise<ProviderSession> {
  if (expected?.account !== undefined && expected.account !== world.caller) throw accountMismatch(expected, expected.account, world.caller);
  checkInProcessRegistry(world, expected);
  const accounts = expected?.accounts;
  return makeSession({
    provider:
      accounts === undefined
        ? createSandboxProvider(world)
        : createSandboxRegistryProvider(world, {
            accounts: [...new Set(Object.values(accounts).map((a) => a.id))],
            defaultAccount: defaultAccountOf(accounts),
            ...(expected?.resourceAccounts !== undefined && { distributionAccounts: expected.resourceAccounts }),
          }),
    clock: world.clock,
    simulated: true,
    runId: expected?.runId ?? newRunId(world.clock.now()),
    persist: () => persistence.persist(),
    close: async () => undefined,
  });
}

/** The session, or (closed first) AccountMismatchError when the credentials reach another account. */
async function checkedSession(
  parts: SessionParts,
  provider: AwsProvider,
  expected: AccountExpectation | undefined,
  reach: RegistryReach,
): Promise<ProviderSession> {
  const session = makeSession(parts);
  const { account, accounts } = expected ?? {};
  if (expected === undefined || (account === undefined && accounts === undefined)) return session;
  try {
    if (account !== undefined) await provider.assertAccount(account);
    if (accounts === undefined) return session;
    await assertRegistryAccounts(accounts, { ...reach, runId: session.runId, source: expected.source });
    // Only once every account is known to be the one declared: the registry's own providers.
    const registry = openAwsRegistry(accounts, expected.resourceAccounts, { ...parts.registryClients, ...reach, runId: session.runId });
    return makeSession({
      ...parts,
      provider: parts.onRegistry ? parts.onRegistry(registry.provider) : registry.provider,
      close: async () => {
        registry.destroy();
        await session.close();
      },
    });
  } catch (error) {
    await session.close();
    if (error instanceof AccountMismatchError && account !== undefined) throw accountMismatch(expected, account, error.found, error);
    throw error;
  }
}

/** How the declared accounts of a registry are reached on this path (never a secret of the user's). */
type RegistryReach = Omit<Parameters<typeof assertRegistryAccounts>[1], 'runId' | 'source'>;

const SANDBOX_CREDENTIALS = { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY };

/**
 * In-process there are no credentials: an account reached by the default credentials must be the
 * world's caller, and every other declared account must be in the world.
 */
function checkInProcessRegistry(world: SandboxWorld, expected: AccountExpectation | undefined): void {
  for (const [name, entry] of Object.entries(expected?.accounts ?? {})) {
    const direct = entry.profile === undefined && entry.roleArn === undefined;
    const found = direct ? world.caller : world.accountIds.includes(entry.id) ? entry.id : 'none of the world';
    if (found !== entry.id) {
      throw new AccountMismatchError(
        entry.id,
        found,
        `account "${name}" of ${expected!.source} is ${entry.id}, but it reaches ${found}: nothing was read or changed`,
      );
    }
  }
}

function accountMismatch(expected: AccountExpectation, account: string, found: string, cause?: unknown): AccountMismatchError {
  return new AccountMismatchError(
    account,
    found,
    `${expected.source} is for account ${account}, but the credentials in use reach account ${found}: ` +
      `nothing was read or changed; use credentials (or --profile) for account ${account}`,
    cause !== undefined ? { cause } : undefined,
  );
}

function checkEndpointUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--endpoint-url "${url}" is not a URL (expected http://host:port or https://host)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`--endpoint-url "${url}" must be an http:// or https:// URL`);
  }
}

interface SessionParts {
  readonly provider: CutoverProvider;
  readonly clock: Clock;
  readonly simulated: boolean;
  readonly runId: string;
  /** Client settings of a registry's per-account providers on this path (beyond how accounts are reached). */
  readonly registryClients?: Omit<AccountProvidersOptions, 'runId' | 'baseCredentials' | 'baseProfile'>;
  /** Wraps a registry's provider as this path needs it (the emulated world's time). */
  readonly onRegistry?: (provider: CutoverProvider) => CutoverProvider;
  persist(): Promise<boolean>;
  close(): Promise<void>;
}

function makeSession(parts: SessionParts): ProviderSession {
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= parts.close());
  return {
    provider: parts.provider,
    clock: parts.clock,
    simulated: parts.simulated,
    runId: parts.runId,
    persist: () => parts.persist(),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** The expectation for `openProvider` when a file names an account (`account:` of cfalias.yaml, a plan's `account`). */
export function expectedAccount(
  account: string | undefined,
  source: string,
  accounts?: Readonly<Record<string, AccountEntry>>,
): AccountExpectation | undefined {
  if (account === undefined && accounts === undefined) return undefined;
  return { ...(account !== undefined ? { account } : {}), ...(accounts !== undefined ? { accounts } : {}), source };
}
