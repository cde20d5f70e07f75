/**
 * An IAM server certificate as the inventory knows it. IAM's GetServerCertificate returns the
 * certificate body (PEM), not its names: they are read from the X.509 certificate itself (the
 * subjectAltName extension, else the subject CN) with Node.js's own parser (`node:crypto`
 * X509Certificate). IAM certificates have no ACM status: one is `ISSUED` until it expires.
 */
import { X509Certificate } from 'node:crypto';
import type { Certificate } from '@cfalias/core';

/** What IAM says about a server certificate (ListServerCertificates / GetServerCertificate). */
export interface ServerCertificateFacts {
  readonly arn: string;
  readonly serverCertificateId: string;
  readonly expiration: Date | undefined;
  /** PEM */
  readonly body: string;
}

/** The DNS names of a PEM certificate: its subjectAltName DNS entries, else its subject CN; lowercase. */
export function certificateNames(pem: string): { readonly domainName: string; readonly names: readonly string[] } {
  const cert = new X509Certificate(pem);
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1]?.trim().toLowerCase();
  const sans = (cert.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4).trim().toLowerCase());
  const names = sans.length > 0 ? sans : cn !== undefined ? [cn] : [];
  return { domainName: cn ?? names[0] ?? '', names };
}

export function serverCertificate(facts: ServerCertificateFacts, now: number): Certificate {
  const { domainName, names } = certificateNames(facts.body);
  const notAfter = facts.expiration ?? new Date(new X509Certificate(facts.body).validTo);
  return {
    arn: facts.arn,
    source: 'iam',
    iamCertificateId: facts.serverCertificateId,
    domainName,
    subjectAlternativeNames: names,
    status: notAfter.getTime() <= now ? 'EXPIRED' : 'ISSUED',
    notAfter: notAfter.toISOString(),
  };
}
