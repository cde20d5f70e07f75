/**
 * The AWS provider: `createAwsProvider` is the `CutoverProvider` over the AWS SDK v3 (CloudFront
 * and ACM in us-east-1, Route 53, STS). Contract: paginators and waiters are the SDK's, retries are
 * configured once on the clients (the executor does not stack its own on them), every
 * read-modify-write of a distribution carries `If-Match`, and SDK errors surface as core's typed
 * errors (`translateAwsError`). It passes the provider contract suite against the emulator.
 */
export { createAwsProvider, type AwsProvider, type AwsProviderOptions, type WaiterOptions } from './aws-provider.js';
export type { AwsClientOptions, AwsClients, AwsCredentials, RetryMode } from './clients.js';
export { accountFromArn } from './account.js';
export {
  assertRegistryAccounts,
  createAccountProviders,
  readAccountInventories,
  type AccountProvidersOptions,
} from './account-registry.js';
export { accountCredentials, roleSessionName, type AccountCredentialOptions } from './account-credentials.js';
export { translateAwsError, type ErrorContext } from './errors.js';
