/**
 * The sandbox's ACM: the certificates of every account and the operations on them. Which
 * distributions use a certificate is CloudFront's to say (`inUseBy`).
 */
import { certificateRegion, type CertificateStatus } from '@cfalias/core';
import { SandboxServiceError } from '../errors.js';
import type { DescribeCertificateOutput, ListCertificatesOptions, ListCertificatesOutput } from './aws-shapes.js';
import type { CallRunner } from './call-runner.js';
import { ACM_PAGE_CAP, clampPageSize, parseIndexMarker } from './paging.js';
import type { AccountDocument, CertificateDocument } from './world-document.js';

interface CertificateState {
  readonly accountId: string;
  readonly arn: string;
  readonly domainName: string;
  readonly subjectAlternativeNames: readonly string[];
  readonly status: CertificateStatus;
  readonly notAfter: string | null | undefined;
}

export class AcmModel {
  /** Every account's certificates, account by account in document order. */
  private readonly certificates: CertificateState[];
  /** The certificates by ARN (a world never adds one): every DescribeCertificate and certificate check looks one up. */
  private readonly byArn = new Map<string, CertificateState[]>();
  /** Accounts whose document listed `certificates` (written back even when empty). */
  private readonly listed: ReadonlySet<string>;

  /** `inUseBy(arn)`: the ARNs of the distributions (any account) that use the certificate. */
  constructor(
    private readonly calls: CallRunner,
    private readonly inUseBy: (certificateArn: string) => readonly string[],
    accounts: readonly AccountDocument[],
  ) {
    this.certificates = accounts.flatMap((a) =>
      (a.certificates ?? []).map((c) => ({
        accountId: a.id,
        arn: c.arn,
        domainName: c.domainName,
        subjectAlternativeNames: [...c.subjectAlternativeNames],
        status: c.status,
        notAfter: c.notAfter,
      })),
    );
    for (const c of this.certificates) {
      const same = this.byArn.get(c.arn);
      if (same === undefined) this.byArn.set(c.arn, [c]);
      else same.push(c);
    }
    this.listed = new Set(accounts.filter((a) => a.certificates !== undefined).map((a) => a.id));
  }

  listCertificates(caller: string, options: ListCertificatesOptions = {}): ListCertificatesOutput {
    const operation = 'ListCertificates';
    return this.calls.run(operation, caller, null, () => {
      const all = this.certificates.filter(
        (c) =>
          c.accountId === caller &&
          (options.region === undefined || certificateRegion(c.arn) === options.region) &&
          (options.statuses === undefined || options.statuses.length === 0 || options.statuses.includes(c.status)),
      );
      const size = clampPageSize(options.maxItems, ACM_PAGE_CAP);
      const start = parseIndexMarker(options.nextToken, operation);
      const items = all.slice(start, start + size);
      return {
        CertificateSummaryList: items.map((c) => ({
          CertificateArn: c.arn,
          DomainName: c.domainName,
          SubjectAlternativeNameSummaries: [...c.subjectAlternativeNames],
          HasAdditionalSubjectAlternativeNames: false,
          Status: c.status,
          Type: 'AMAZON_ISSUED' as const,
          KeyAlgorithm: 'RSA_2048' as const,
          InUse: this.inUseBy(c.arn).length > 0,
          ...(c.notAfter ? { NotAfter: new Date(c.notAfter) } : {}),
        })),
        ...(start + size < all.length ? { NextToken: String(start + size) } : {}),
      };
    });
  }

  /** ResourceNotFoundException (400) for an ARN not in the caller's account. */
  describeCertificate(caller: string, arn: string): DescribeCertificateOutput {
    const operation = 'DescribeCertificate';
    return this.calls.run(operation, caller, arn, () => {
      if (!/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/.test(arn)) {
        throw new SandboxServiceError('acm', operation, 'InvalidArnException', 400, `The ARN ${arn} is not a valid certificate ARN.`);
      }
      const c = this.certificate(caller, arn);
      if (!c) {
        throw new SandboxServiceError('acm', operation, 'ResourceNotFoundException', 400, `Could not find certificate with arn ${arn}.`);
      }
      return {
        Certificate: {
          CertificateArn: c.arn,
          DomainName: c.domainName,
          SubjectAlternativeNames: [...c.subjectAlternativeNames],
          Status: c.status,
          Type: 'AMAZON_ISSUED',
          KeyAlgorithm: 'RSA_2048',
          ...(c.notAfter ? { NotAfter: new Date(c.notAfter) } : {}),
          InUseBy: [...this.inUseBy(c.arn)],
        },
      };
    });
  }

  /** The certificate `arn` in `account`, as CloudFront's rules read it (no call logged). */
  certificate(account: string, arn: string): CertificateState | undefined {
    return this.byArn.get(arn)?.find((c) => c.accountId === account);
  }

  /** The account's certificates as world-file entries; undefined when it has none and listed none. */
  documentsOf(accountId: string): CertificateDocument[] | undefined {
    const own = this.certificates.filter((c) => c.accountId === accountId);
    if (!this.listed.has(accountId) && own.length === 0) return undefined;
    return own.map((c) => ({
      arn: c.arn,
      domainName: c.domainName,
      subjectAlternativeNames: [...c.subjectAlternativeNames],
      status: c.status,
      ...(c.notAfter !== undefined ? { notAfter: c.notAfter } : {}),
    }));
  }
}
