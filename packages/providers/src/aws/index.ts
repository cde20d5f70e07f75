export { createAwsProvider, AWS_PROVIDER_CAPABILITIES } from './aws-provider.js';
export type { AwsProvider, AwsProviderOptions, WaiterOptions } from './aws-provider.js';
export { createAwsClients, destroyAwsClients, CLOUDFRONT_REGION } from './clients.js';
export type { AwsClientOptions, AwsClients, AwsCredentials, RetryMode } from './clients.js';
export { accountFromArn, assertSameAccount, readCallerAccount } from './account.js';
export { translateAwsError } from './errors.js';
export type { ErrorContext } from './errors.js';
export { editedAliases, withEditedAliases } from './alias-edit.js';
