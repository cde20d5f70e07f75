/**
 * Who is calling: the access key id of the SigV4 credential scope, from the `Authorization`
 * header (`AWS4-HMAC-SHA256 Credential=AKID/20261127/us-east-1/cloudfront/aws4_request, ...`) or
 * a presigned URL's `X-Amz-Credential`. Signatures are not verified: the emulator trusts the key
 * id and maps it to an account through the world's credentials.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxWorld } from '../sandbox/world-model.js';

/**
 * The sandbox's own access key: it acts as the world's `caller` account unless the world file
 * maps it elsewhere, so a world without a `credentials` section (the demo's, an inventory
 * snapshot) can be driven with no setup. Any secret is accepted.
 */
export const SANDBOX_ACCESS_KEY_ID = 'AKIACFALIASSANDBOX00';
export const SANDBOX_SECRET_ACCESS_KEY = 'cfalias-sandbox-secret';

/** The account an access key id acts as, or undefined for a key the world does not know. */
export function accountOfAccessKey(world: SandboxWorld, accessKeyId: string): string | undefined {
  return world.accountForAccessKey(accessKeyId) ?? (accessKeyId === SANDBOX_ACCESS_KEY_ID ? world.caller : undefined);
}

export interface CredentialScope {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
}

export function credentialScopeOf(headers: IncomingHttpHeaders, query: URLSearchParams): CredentialScope | undefined {
  const authorization = headers.authorization;
  const credential = (authorization && /Credential=([^,\s]+)/.exec(authorization)?.[1]) || query.get('X-Amz-Credential') || undefined;
  if (!credential) return undefined;
  const [accessKeyId, , region, service] = credential.split('/');
  if (!accessKeyId) return undefined;
  return { accessKeyId, region: region ?? 'us-east-1', service: service ?? '' };
}

/**
 * A header on every emulator answer: whoever reads it talks to a sandbox world, not to AWS (the
 * AWS provider reports its inventory's environment from it).
 */
export const SANDBOX_ANSWER_HEADER = 'x-cfalias-sandbox';
