/**
 * The provider contract suite, run over a registry provider of two accounts against the emulator:
 * the contract's account (the default, reached with its own key) and a third account with no
 * resources, reached by STS AssumeRole. The contract's other account stays outside the registry,
 * so it is still foreign; everything the suite asserts must hold through the routing.
 */
import { describeProviderContract } from '../contract/provider-contract.js';
import { createAccountProviders } from '../aws/account-registry.js';
import { createEmulator } from '../emulator/index.js';
import { SandboxWorld } from '../sandbox/index.js';
import { createRegistryProvider } from './registry-provider.js';

const SPARE = '333333333333';

describeProviderContract('registry of two accounts (AWS SDK v3 over the HTTP emulator)', async (doc) => {
  const world = SandboxWorld.fromDocument({ ...doc, accounts: [...doc.accounts, { id: SPARE }] });
  const emulator = await createEmulator(world, { port: 0, timeoutHoldMs: 2_000 });
  const accessKeyId = Object.entries(doc.credentials ?? {}).find(([, account]) => account === doc.caller)![0];
  const accounts = { home: { id: doc.caller }, spare: { id: SPARE, roleArn: `arn:aws:iam::${SPARE}:role/cfalias` } };
  const providers = createAccountProviders(accounts, {
    runId: 'contract',
    endpoint: emulator.endpoint,
    baseCredentials: { accessKeyId, secretAccessKey: 'sandbox-secret' },
    maxAttempts: 1,
    requestTimeoutMs: 1_500,
    waiter: { minDelay: 0.01, maxDelay: 0.05, maxWaitSeconds: 10 },
  });
  return {
    provider: createRegistryProvider({ accounts, providers, defaultAccount: doc.caller }),
    world,
    close: async () => {
      for (const provider of Object.values(providers)) provider.destroy();
      await emulator.close();
    },
  };
});
