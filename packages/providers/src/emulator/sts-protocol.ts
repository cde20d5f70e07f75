/**
 * STS over the query protocol (query-protocol.ts), for `GetCallerIdentity` only: the caller's account comes from the
 * world's access key mapping, which is how the providers (and `aws sts get-caller-identity`)
 * learn which account they act as.
 */
import { escapeXml } from './xml-codec.js';
import type { HttpAnswer, WireError } from './rest-xml-protocol.js';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface CallerIdentity {
  readonly accessKeyId: string;
  readonly account: string;
}

/** Answers one STS action; anything but GetCallerIdentity is an `InvalidAction` error. */
export function answerSts(action: string | null, caller: CallerIdentity, requestId: string): HttpAnswer | WireError {
  if (action !== 'GetCallerIdentity') {
    return { code: 'InvalidAction', message: `Could not find operation ${action ?? '(none)'} for version 2011-06-15`, status: 400 };
  }
  // A sandbox user per account; the UserId of an IAM user is opaque, the key id is a stable stand-in.
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<GetCallerIdentityResponse xmlns="${STS_NAMESPACE}"><GetCallerIdentityResult>` +
    `<Arn>arn:aws:iam::${escapeXml(caller.account)}:user/cfalias-sandbox</Arn>` +
    `<UserId>${escapeXml(caller.accessKeyId)}</UserId>` +
    `<Account>${escapeXml(caller.account)}</Account>` +
    `</GetCallerIdentityResult><ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>` +
    `</GetCallerIdentityResponse>`;
  return { status: 200, headers: { 'Content-Type': 'text/xml' }, body };
}
