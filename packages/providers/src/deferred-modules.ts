/**
 * CommonJS packages loaded when first used, with `require`, instead of by a static `import`.
 *
 * Reasons (start-up is most of a small command's time): a command loads only the SDK clients and
 * libraries it calls (`plan` never needs IAM unless a distribution uses an IAM certificate, nor
 * STS without an expected account, nor the lock's S3 client, node-forge or dns-packet); and
 * `require` of an SDK client costs about half of `import` of the same CommonJS file, which Node
 * first tries to parse as an ES module and then scans for its named exports. Both paths share
 * Node's CommonJS cache, so classes (and `instanceof` on the SDK's errors) are the same.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function deferred<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}

export const acmSdk = deferred<typeof import('@aws-sdk/client-acm')>('@aws-sdk/client-acm');
export const cloudFrontSdk = deferred<typeof import('@aws-sdk/client-cloudfront')>('@aws-sdk/client-cloudfront');
export const iamSdk = deferred<typeof import('@aws-sdk/client-iam')>('@aws-sdk/client-iam');
export const route53Sdk = deferred<typeof import('@aws-sdk/client-route-53')>('@aws-sdk/client-route-53');
export const s3Sdk = deferred<typeof import('@aws-sdk/client-s3')>('@aws-sdk/client-s3');
export const stsSdk = deferred<typeof import('@aws-sdk/client-sts')>('@aws-sdk/client-sts');
export const smithyClient = deferred<typeof import('@smithy/core/client')>('@smithy/core/client');
export const credentialProviders = deferred<typeof import('@aws-sdk/credential-providers')>('@aws-sdk/credential-providers');
export const nodeForge = deferred<typeof import('node-forge')>('node-forge');
export const dnsPacket = deferred<typeof import('dns-packet')>('dns-packet');
