/**
 * The account check of a registry spanning accounts: every declared account is reached with its
 * own credentials (accountCredentials), all at once, and must be the account its entry names.
 */
import { STSClient } from '@aws-sdk/client-sts';
import { AccountMismatchError, type AccountEntry, type CallOptions } from '@cfalias/core';
import { readCallerAccount } from './account.js';
import { accountCredentials, type AccountCredentialOptions } from './account-credentials.js';
import { CLOUDFRONT_REGION } from './clients.js';

/** How an entry reaches its account, in words for a message (no secret: names only). */
function reachWords(entry: AccountEntry): string {
  if (entry.profile !== undefined) return `profile ${entry.profile}`;
  if (entry.roleArn !== undefined) return `role ${entry.roleArn}`;
  return 'the default credentials';
}

/**
 * Reads the caller account of every declared account in parallel (STS GetCallerIdentity with that
 * account's credentials). Throws AccountMismatchError for the first account, in declaration
 * order, whose credentials reach another account; an account that cannot be reached at all
 * throws the translated SDK error (AssumeRole refused: AccessDenied).
 */
export async function assertRegistryAccounts(
  accounts: Readonly<Record<string, AccountEntry>>,
  options: AccountCredentialOptions & { readonly source: string },
  call: CallOptions = {},
): Promise<void> {
  const entries = Object.entries(accounts);
  const found = await Promise.all(
    entries.map(async ([, entry]) => {
      const sts = new STSClient({
        region: options.region ?? CLOUDFRONT_REGION,
        credentials: accountCredentials(entry, options),
        ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
      });
      try {
        return await readCallerAccount(sts, call);
      } finally {
        sts.destroy();
      }
    }),
  );
  entries.forEach(([name, entry], i) => {
    const reached = found[i]!;
    if (reached === entry.id) return;
    throw new AccountMismatchError(
      entry.id,
      reached,
      `account "${name}" of ${options.source} is ${entry.id}, but ${reachWords(entry)} reach${entry.profile === undefined && entry.roleArn === undefined ? '' : 'es'} account ${reached}: ` +
        `nothing was read or changed; correct its id, or how it is reached`,
    );
  });
}
