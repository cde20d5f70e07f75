/**
 * The AWS account a provider works in. CloudFront distribution ARNs carry it
 * (`arn:aws:cloudfront::111111111111:distribution/E1BLUEBLUEBLUE`), so an inventory read needs no
 * extra call when the account has a distribution; otherwise STS GetCallerIdentity answers.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import { AccountMismatchError, RequestRejectedError, type CallOptions } from '@cfalias/core';
import { stsSdk } from '../deferred-modules.js';
import { translateAwsError } from './errors.js';

/** The account id field of an ARN (`arn:partition:service:region:account:resource`), or undefined when there is none. */
export function accountFromArn(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const account = parts[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** The account of the credentials in use (STS GetCallerIdentity). */
export async function readCallerAccount(sts: STSClient, options: CallOptions = {}): Promise<string> {
  let account: string | undefined;
  try {
    const identity = await sts.send(new (stsSdk().GetCallerIdentityCommand)({}), { abortSignal: options.signal });
    account = identity.Account;
  } catch (error) {
    throw translateAwsError(error, 'GetCallerIdentity', 'caller');
  }
  if (account === undefined || account === '') {
    throw new RequestRejectedError('GetCallerIdentity', 'MalformedResponse', 'GetCallerIdentity: the answer names no account');
  }
  return account;
}

/** Throws AccountMismatchError unless `found` is `expected` (the desired file's `account:`). */
export function assertSameAccount(expected: string, found: string): void {
  if (expected !== found) throw new AccountMismatchError(expected, found);
}
