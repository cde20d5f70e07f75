/**
 * The CloudFront rules an alias must pass (docs/sandbox.md): well-formed and unique in the
 * request, held by no other distribution anywhere and pointed at no other distribution by DNS,
 * proven by a TXT record to move with AssociateAlias, and covered by an ISSUED us-east-1
 * certificate. Each rule throws (or returns) the error CloudFront gives.
 */
import { certificateCovers, certificateRegion, checkAlias, fromFqdn, toFqdn, type CertificateStatus, type DnsRecord } from '@cfalias/core';
import { SandboxServiceError } from '../errors.js';
import { unquoteTxt } from './route53-records.js';

/** The certificate facts CloudFront checks. */
export interface CertificateFacts {
  readonly status: CertificateStatus;
  readonly subjectAlternativeNames: readonly string[];
}

/** HTTP statuses from the CloudFront service model (2020-05-31). */
const CLOUDFRONT_ERROR_STATUS: Readonly<Record<string, number>> = {
  CNAMEAlreadyExists: 409,
  PreconditionFailed: 412,
  NoSuchDistribution: 404,
  AccessDenied: 403,
  InvalidIfMatchVersion: 400,
  InconsistentQuantities: 400,
  InvalidViewerCertificate: 400,
  TooManyDistributionCNAMEs: 400,
  InvalidArgument: 400,
  IllegalUpdate: 400,
  EntityNotFound: 404,
  EntityLimitExceeded: 400,
  EntityAlreadyExists: 409,
  InvalidAssociation: 409,
};

export function cloudfrontError(operation: string, code: string, message: string): SandboxServiceError {
  return new SandboxServiceError('cloudfront', operation, code, CLOUDFRONT_ERROR_STATUS[code] ?? 400, message);
}

/** InvalidArgument for a malformed, uppercase or repeated alias. */
export function checkAliasesWellFormed(operation: string, aliases: readonly string[]): void {
  const seen = new Set<string>();
  for (const alias of aliases) {
    if (typeof alias !== 'string') throw cloudfrontError(operation, 'InvalidArgument', 'Every alias must be a string.');
    const problem = checkAlias(alias);
    if (problem) throw cloudfrontError(operation, 'InvalidArgument', `The parameter CNAME is invalid: ${problem.message}`);
    if (seen.has(alias)) throw cloudfrontError(operation, 'InvalidArgument', `The parameter CNAME is invalid: "${alias}" is listed twice`);
    seen.add(alias);
  }
}

/**
 * Global uniqueness, then the DNS rule: the alias must not be held, nor pointed at, elsewhere.
 * `heldElsewhere`: a distribution or tenant other than the target holds `alias` (any account);
 * `targetEndpoint` is the domain the target is reached at; `records` are the records named `alias`.
 */
export function checkAliasFree(
  operation: string,
  alias: string,
  targetEndpoint: string,
  heldElsewhere: boolean,
  records: readonly DnsRecord[],
): void {
  if (heldElsewhere) {
    throw cloudfrontError(
      operation,
      'CNAMEAlreadyExists',
      `One or more of the CNAMEs you provided are already associated with a different resource: ${alias}.`,
    );
  }
  const elsewhere = cloudfrontTargetsOf(records).find((domain) => domain !== targetEndpoint);
  if (elsewhere !== undefined) {
    throw cloudfrontError(
      operation,
      'CNAMEAlreadyExists',
      `One or more aliases specified for the distribution includes an incorrectly configured DNS record that points to another CloudFront distribution: ${alias} points to ${elsewhere}. You must update the DNS record to correct this problem.`,
    );
  }
}

/** CloudFront domains (no trailing dot) that these records point at. */
export function cloudfrontTargetsOf(records: readonly DnsRecord[]): string[] {
  const targets: string[] = [];
  for (const r of records) {
    const pointed =
      (r.type === 'A' || r.type === 'AAAA') && r.aliasTarget ? [r.aliasTarget.dnsName] : r.type === 'CNAME' ? [...(r.values ?? [])] : [];
    for (const value of pointed) {
      const domain = fromFqdn(value.toLowerCase());
      if (domain.endsWith('.cloudfront.net')) targets.push(domain);
    }
  }
  return targets;
}

/** True when one of `records` (named `_<alias>.`) is a TXT record naming `domainName`. */
export function hasOwnershipTxt(records: readonly DnsRecord[], domainName: string): boolean {
  return records.some((r) => r.type === 'TXT' && (r.values ?? []).some((v) => fromFqdn(unquoteTxt(v).toLowerCase()) === domainName));
}

/**
 * Where CloudFront looks for the ownership TXT record of `domain` (FQDNs). The Developer Guide
 * ("Set up the target standard distribution or distribution tenant") documents `_<domain>` for a
 * subdomain (`_www.example.com`) and `_.<domain>` for an apex (`_.example.com`); an apex here is
 * the name of a hosted zone of the world, and either name is accepted for it. AWS documents
 * nothing for a wildcard: the sandbox applies the subdomain rule (`_*.example.com`).
 */
export function ownershipTxtNames(domain: string, isZoneApex: (fqdn: string) => boolean): string[] {
  const names = [toFqdn(`_${domain}`)];
  if (isZoneApex(toFqdn(domain))) names.push(toFqdn(`_.${domain}`));
  return names;
}

/**
 * Why the IAM server certificate `id` cannot serve these aliases on a distribution of `caller`, or
 * null. IAM certificates are global (no region rule); an expired one reads EXPIRED.
 */
export function iamCertificateProblem(
  caller: string,
  id: string,
  aliases: readonly string[],
  certificate: (id: string) => CertificateFacts | undefined,
): string | null {
  const cert = certificate(id);
  if (!cert) return `The IAM server certificate ${id} does not exist in account ${caller}.`;
  if (cert.status !== 'ISSUED') return `The IAM server certificate ${id} is ${cert.status}.`;
  const uncovered = aliases.filter((a) => !certificateCovers(cert.subjectAlternativeNames, a));
  if (uncovered.length > 0) {
    return `The IAM server certificate ${id} doesn't cover the alternate domain name (CNAME) that you're trying to add: ${uncovered.join(', ')} (its names: ${cert.subjectAlternativeNames.join(', ')}).`;
  }
  return null;
}

/**
 * Why the certificate `arn` cannot serve these aliases on a distribution of `caller`, or null.
 * `certificate` looks a certificate up in the caller's account.
 */
export function certificateProblem(
  caller: string,
  arn: string | null,
  aliases: readonly string[],
  certificate: (arn: string) => CertificateFacts | undefined,
): string | null {
  if (arn === null)
    return `The CloudFront default certificate cannot serve alternate domain names (${aliases.join(', ')}); attach an ACM certificate.`;
  if (certificateRegion(arn) !== 'us-east-1')
    return `The certificate ${arn} is not in us-east-1; CloudFront uses ACM certificates from us-east-1 only.`;
  const cert = certificate(arn);
  if (!cert) return `The certificate ${arn} does not exist in account ${caller}.`;
  if (cert.status !== 'ISSUED') return `The certificate ${arn} is ${cert.status}, not ISSUED.`;
  const uncovered = aliases.filter((a) => !certificateCovers(cert.subjectAlternativeNames, a));
  if (uncovered.length > 0) {
    return `The certificate that is attached to your distribution doesn't cover the alternate domain name (CNAME) that you're trying to add: ${uncovered.join(', ')} (its names: ${cert.subjectAlternativeNames.join(', ')}).`;
  }
  return null;
}
