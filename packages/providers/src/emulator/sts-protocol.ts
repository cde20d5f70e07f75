/**
 * STS over the query protocol (query-protocol.ts): `GetCallerIdentity` and `AssumeRole`. The
 * caller's account comes from the world's access key mapping, which is how the providers (and
 * `aws sts get-caller-identity`) learn which account they act as; `AssumeRole` issues session
 * credentials whose access key the world then maps to the role's account.
 */
import { randomBytes } from 'node:crypto';
import { escapeXml } from './xml-codec.js';
import type { HttpAnswer, WireError } from './rest-xml-protocol.js';
import type { SandboxWorld } from '../sandbox/world-model.js';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface CallerIdentity {
  readonly accessKeyId: string;
  readonly account: string;
}

/** STS's bounds on AssumeRole (API reference): session name 2–64 of [\w+=,.@-]; one hour by default. */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::([0-9]{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;
const DEFAULT_DURATION_SECONDS = 3600;
/** A role's default MaxSessionDuration; the sandbox models no roles, so every role has it. */
const MAX_DURATION_SECONDS = 3600;
const MIN_DURATION_SECONDS = 900;

/** Answers one STS action; anything but GetCallerIdentity and AssumeRole is an `InvalidAction` error. */
export function answerSts(
  world: SandboxWorld,
  parameters: URLSearchParams,
  caller: CallerIdentity,
  requestId: string,
): HttpAnswer | WireError {
  const action = parameters.get('Action');
  if (action === 'GetCallerIdentity') return callerIdentity(world, caller, requestId);
  if (action === 'AssumeRole') return assumeRole(world, parameters, caller, requestId);
  return { code: 'InvalidAction', message: `Could not find operation ${action ?? '(none)'} for version 2011-06-15`, status: 400 };
}

function callerIdentity(world: SandboxWorld, caller: CallerIdentity, requestId: string): HttpAnswer {
  // A sandbox user per account; the UserId of an IAM user is opaque, the key id is a stable stand-in.
  const arn = world.roleSessionOf(caller.accessKeyId)?.arn ?? callerArn(caller.account);
  return xmlAnswer(
    'GetCallerIdentity',
    `<Arn>${escapeXml(arn)}</Arn><UserId>${escapeXml(caller.accessKeyId)}</UserId><Account>${escapeXml(caller.account)}</Account>`,
    requestId,
  );
}

function callerArn(account: string): string {
  return `arn:aws:iam::${account}:user/cfalias-sandbox`;
}

/**
 * A role in any account of the world may be assumed by any caller (the sandbox models no IAM roles
 * or trust policies, so it cannot refuse one); a role in an account the world does not have is
 * refused as AWS refuses a role the caller may not assume: AccessDenied.
 */
function assumeRole(world: SandboxWorld, parameters: URLSearchParams, caller: CallerIdentity, requestId: string): HttpAnswer | WireError {
  const roleArn = parameters.get('RoleArn') ?? '';
  const sessionName = parameters.get('RoleSessionName') ?? '';
  const externalId = parameters.get('ExternalId');
  const durationText = parameters.get('DurationSeconds');
  const duration = durationText === null ? DEFAULT_DURATION_SECONDS : Number(durationText);
  const invalid = (message: string): WireError => ({ code: 'ValidationError', message, status: 400 });
  const role = ROLE_ARN.exec(roleArn);
  if (!role) return invalid(`${roleArn === '' ? 'RoleArn is required' : `${roleArn} is not a valid role ARN`}`);
  if (!SESSION_NAME.test(sessionName)) {
    return invalid(`Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: 2 to 64 characters of [\\w+=,.@-]`);
  }
  if (externalId !== null && !EXTERNAL_ID.test(externalId)) {
    return invalid("Value at 'externalId' failed to satisfy constraint: 2 to 1224 characters of [\\w+=,.@:/-]");
  }
  if (!Number.isInteger(duration) || duration < MIN_DURATION_SECONDS) {
    return invalid(
      `Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
    );
  }
  if (duration > MAX_DURATION_SECONDS) {
    return invalid('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  const [, partition, account, roleName] = role as unknown as [string, string, string, string];
  if (!world.accountIds.includes(account)) {
    return {
      code: 'AccessDenied',
      message: `User: ${callerArn(caller.account)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      status: 403,
    };
  }
  const accessKeyId = `ASIA${randomText(16)}`;
  const arn = `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`;
  world.addRoleSession(accessKeyId, { account, arn });
  // The SDK compares Expiration with its own wall clock to refresh credentials, so it is real
  // time whatever the world's clock says.
  const expiration = new Date(Date.now() + duration * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const roleId = `AROA${randomText(17)}`;
  return xmlAnswer(
    'AssumeRole',
    `<AssumedRoleUser><Arn>${escapeXml(arn)}</Arn><AssumedRoleId>${roleId}:${escapeXml(sessionName)}</AssumedRoleId></AssumedRoleUser>` +
      `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${randomBytes(30).toString('base64')}</SecretAccessKey>` +
      `<SessionToken>${randomBytes(96).toString('base64')}</SessionToken><Expiration>${expiration}</Expiration></Credentials>`,
    requestId,
  );
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomText(length: number): string {
  return [...randomBytes(length)].map((byte) => KEY_ALPHABET[byte % KEY_ALPHABET.length]).join('');
}

function xmlAnswer(action: string, result: string, requestId: string): HttpAnswer {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${STS_NAMESPACE}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, headers: { 'Content-Type': 'text/xml' }, body };
}
