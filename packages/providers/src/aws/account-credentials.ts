/**
 * Credentials for one account of the registry (`accounts:` of cfalias.yaml), from the SDK's
 * standard providers: a named `profile` (`fromIni`), a `roleArn` assumed from the default
 * credentials (`fromTemporaryCredentials`, STS AssumeRole), or the default chain itself.
 *
 * Contract: what this returns is a provider the SDK clients call; the keys it yields stay inside
 * the SDK. Nothing here logs, returns as data or persists a key, secret or session token.
 */
import { credentialProviders } from '../deferred-modules.js';
import type { AccountEntry } from '@cfalias/core';
import { CLOUDFRONT_REGION, type AwsCredentials } from './clients.js';

export interface AccountCredentialOptions {
  /** The run the role sessions are for: their name is `cfalias-<runId>` (CloudTrail shows it). */
  readonly runId: string;
  /** Credentials a role is assumed from; default: the standard Node.js credential chain. */
  readonly baseCredentials?: AwsCredentials;
  /** Without baseCredentials: the shared-config profile of that chain (`--profile`). */
  readonly baseProfile?: string;
  /** The STS endpoint for AssumeRole and profile roles (an emulator); default: the SDK's. */
  readonly endpoint?: string;
  /** Region of that STS client (default us-east-1). */
  readonly region?: string;
}

/**
 * `cfalias-<runId>`, cut to STS's limits on a role session name (2 to 64 characters of
 * `[\w+=,.@-]`): any other character becomes `-`.
 */
export function roleSessionName(runId: string): string {
  return `cfalias-${runId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

/** The credential provider that reaches `account`, as its registry entry says. */
export function accountCredentials(account: AccountEntry, options: AccountCredentialOptions): AwsCredentials {
  const clientConfig = {
    region: options.region ?? CLOUDFRONT_REGION,
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
  };
  const { fromIni, fromNodeProviderChain, fromTemporaryCredentials } = credentialProviders();
  if (account.profile !== undefined) return fromIni({ profile: account.profile, clientConfig });
  const base = options.baseCredentials ?? fromNodeProviderChain(options.baseProfile !== undefined ? { profile: options.baseProfile } : {});
  if (account.roleArn === undefined) return base;
  return fromTemporaryCredentials({
    params: {
      RoleArn: account.roleArn,
      RoleSessionName: roleSessionName(options.runId),
      ...(account.externalId !== undefined ? { ExternalId: account.externalId } : {}),
    },
    masterCredentials: base,
    clientConfig,
  });
}
