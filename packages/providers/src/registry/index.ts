/**
 * A registry of accounts as one provider: `createRegistryProvider` over one provider per account,
 * `createSandboxRegistryProvider` over every account of a sandbox world.
 */
export { createRegistryProvider, type RegistryProvider, type RegistryProviderOptions } from './registry-provider.js';
export { createSandboxRegistryProvider, type SandboxRegistryOptions } from './sandbox-registry.js';
