/** The address the sandbox gives a CloudFront domain, shared by its Route 53 answers and its DNS server. */
import { createHash } from 'node:crypto';
import { fromFqdn } from '@cfalias/core';

/** `d1blue.cloudfront.net` → one loopback address of its own (`127.a.b.c`, derived from the domain). */
export function sandboxEdgeAddress(domain: string): string {
  const digest = createHash('sha256').update(fromFqdn(domain.toLowerCase())).digest();
  return `127.${digest[0]!}.${digest[1]!}.${(digest[2]! % 254) + 1}`;
}
