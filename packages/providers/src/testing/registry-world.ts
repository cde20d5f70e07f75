/**
 * A world of four accounts for the registry provider's tests, and the two ways to put a registry
 * of three of them in front of it: in process (sandbox providers) and over the wire (AWS
 * providers on the real SDK against the emulator, each declared account reached by STS
 * AssumeRole from one base key). Test support only.
 *
 * - PROD 111111111111: NEW (no aliases; certificate *.example.com).
 * - AGENCY 222222222222: OLD (www and shop, enabled; certificate *.example.com).
 * - DNS 333333333333: zone example.com: www → OLD (alias record), `_www` TXT → NEW's domain.
 * - OUTSIDER 444444444444 (not in the registry): X holding cdn.example.com.
 */
import { SimulatedClock } from '@cfalias/core';
import { createAccountProviders } from '../aws/account-registry.js';
import { createEmulator } from '../emulator/create-emulator.js';
import { createRegistryProvider, type RegistryProvider } from '../registry/registry-provider.js';
import { createSandboxRegistryProvider } from '../registry/sandbox-registry.js';
import type { WorldDocument } from '../sandbox/world-document.js';
import { SandboxWorld } from '../sandbox/world-model.js';

export const PROD = '111111111111';
export const AGENCY = '222222222222';
export const DNS = '333333333333';
export const OUTSIDER = '444444444444';
export const NEW = 'E2NEWNEWNEWNE2';
export const OLD = 'E1OLDOLDOLDOL1';
export const X = 'E9OUTSIDEROUT9';
export const ZONE = 'Z3DNSEXAMPLE';
export const BASE_KEY = 'AKIAPRODPRODPRODPROD';
export const REGISTRY_ACCOUNTS = { prod: { id: PROD }, agency: { id: AGENCY }, dns: { id: DNS } } as const;

const wildcard = (account: string, name: string) => ({
  arn: `arn:aws:acm:us-east-1:${account}:certificate/${name}`,
  domainName: '*.example.com',
  subjectAlternativeNames: ['*.example.com'],
  status: 'ISSUED' as const,
  notAfter: '2027-06-01T00:00:00.000Z',
});

export function registryWorldDocument(): WorldDocument {
  const distribution = (id: string, domainName: string, aliases: string[], certificateArn: string) => ({
    id,
    domainName,
    enabled: true,
    status: 'Deployed' as const,
    aliases,
    certificateArn,
  });
  return {
    version: 1,
    caller: PROD,
    now: '2026-01-01T00:00:00.000Z',
    settings: { deploySeconds: 300, dnsSyncSeconds: 30 },
    credentials: { [BASE_KEY]: PROD },
    accounts: [
      {
        id: PROD,
        distributions: [distribution(NEW, 'd2new.cloudfront.net', [], wildcard(PROD, 'new').arn)],
        certificates: [wildcard(PROD, 'new')],
      },
      {
        id: AGENCY,
        distributions: [distribution(OLD, 'd1old.cloudfront.net', ['www.example.com', 'shop.example.com'], wildcard(AGENCY, 'old').arn)],
        certificates: [wildcard(AGENCY, 'old')],
      },
      {
        id: DNS,
        hostedZones: [
          {
            id: ZONE,
            name: 'example.com.',
            records: [
              { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd1old.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
              { name: '_www.example.com.', type: 'TXT', ttl: 300, values: ['"d2new.cloudfront.net"'] },
            ],
          },
        ],
      },
      {
        id: OUTSIDER,
        distributions: [distribution(X, 'd9outsider.cloudfront.net', ['cdn.example.com'], wildcard(OUTSIDER, 'x').arn)],
        certificates: [wildcard(OUTSIDER, 'x')],
      },
    ],
  };
}

export interface RegistryFixture {
  readonly world: SandboxWorld;
  readonly provider: RegistryProvider;
  close(): Promise<void>;
}

export interface RegistryFixtureOptions {
  readonly distributionAccounts?: Readonly<Record<string, string>>;
  readonly resourceAccounts?: Readonly<Record<string, string>>;
}

export type MakeRegistryFixture = (doc: WorldDocument, options?: RegistryFixtureOptions) => Promise<RegistryFixture>;

/** Sandbox providers for PROD, AGENCY and DNS (default PROD), on a simulated clock. */
export const sandboxRegistryFixture: MakeRegistryFixture = (doc, options = {}) => {
  const world = SandboxWorld.fromDocument(doc, { clock: new SimulatedClock(Date.parse(doc.now ?? '2026-01-01T00:00:00Z')) });
  const provider = createSandboxRegistryProvider(world, {
    accounts: Object.values(REGISTRY_ACCOUNTS).map((a) => a.id),
    defaultAccount: PROD,
    ...(options.distributionAccounts !== undefined ? { distributionAccounts: options.distributionAccounts } : {}),
    ...(options.resourceAccounts !== undefined ? { resourceAccounts: options.resourceAccounts } : {}),
  });
  return Promise.resolve({ world, provider, close: () => Promise.resolve() });
};

/**
 * AWS providers (createAccountProviders) for the registry, against an emulator of the world: PROD
 * with the base key, every other account through `arn:aws:iam::<id>:role/cfalias`.
 */
export function emulatorRegistryFixture(
  accounts: Readonly<Record<string, { readonly id: string }>> = REGISTRY_ACCOUNTS,
): MakeRegistryFixture {
  return async (doc, options = {}) => {
    const world = SandboxWorld.fromDocument(doc);
    const emulator = await createEmulator(world, { port: 0, timeoutHoldMs: 50 });
    const entries = Object.fromEntries(
      Object.entries(accounts).map(([name, { id }]) => [name, id === PROD ? { id } : { id, roleArn: `arn:aws:iam::${id}:role/cfalias` }]),
    );
    const providers = createAccountProviders(entries, {
      runId: 'registry-test',
      endpoint: emulator.endpoint,
      baseCredentials: { accessKeyId: BASE_KEY, secretAccessKey: 'sandbox-secret' },
      maxAttempts: 1,
      waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitSeconds: 5 },
    });
    const provider = createRegistryProvider({
      accounts: entries,
      providers,
      defaultAccount: PROD,
      ...(options.distributionAccounts !== undefined ? { distributionAccounts: options.distributionAccounts } : {}),
      ...(options.resourceAccounts !== undefined ? { resourceAccounts: options.resourceAccounts } : {}),
    });
    return {
      world,
      provider,
      close: async () => {
        for (const p of Object.values(providers)) p.destroy();
        await emulator.close();
      },
    };
  };
}
