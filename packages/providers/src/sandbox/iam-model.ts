/**
 * The sandbox's IAM, for server certificates only (CloudFront's `ViewerCertificate.IAMCertificateId`):
 * ListServerCertificates and GetServerCertificate, whose body is a real X.509 PEM carrying the
 * certificate's names (server-certificate-pem.ts). What CloudFront checks of them it reads through
 * `facts` (names, and EXPIRED once `notAfter` has passed).
 */
import type { Clock } from '@cfalias/core';
import { SandboxServiceError } from '../errors.js';
import type {
  GetServerCertificateOutput,
  ListServerCertificatesOptions,
  ListServerCertificatesOutput,
  ServerCertificateMetadataShape,
} from './aws-shapes.js';
import type { CallRunner } from './call-runner.js';
import type { CertificateFacts } from './cloudfront-rules.js';
import { paginate } from './paging.js';
import { serverCertificatePem } from './server-certificate-pem.js';
import type { AccountDocument, IamCertificateDocument } from './world-document.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;
/** IAM's `MaxItems` default and cap for ListServerCertificates. */
const IAM_PAGE_CAP = 1000;
const IAM_DEFAULT_PAGE = 100;

interface IamCertificateState {
  readonly accountId: string;
  readonly doc: IamCertificateDocument;
  readonly path: string;
  readonly uploadDate: number;
  readonly notAfter: number;
  pem?: string;
}

export class IamModel {
  private readonly certificates: IamCertificateState[];
  private readonly listed: ReadonlySet<string>;

  constructor(
    private readonly clock: Clock,
    private readonly calls: CallRunner,
    accounts: readonly AccountDocument[],
  ) {
    this.certificates = accounts.flatMap((a) =>
      (a.iamCertificates ?? []).map((c) => {
        const notAfter = Date.parse(c.notAfter);
        return {
          accountId: a.id,
          doc: c,
          path: c.path ?? '/cloudfront/',
          notAfter,
          uploadDate: c.uploadDate !== undefined ? Date.parse(c.uploadDate) : notAfter - YEAR_MS,
        };
      }),
    );
    this.listed = new Set(accounts.filter((a) => a.iamCertificates !== undefined).map((a) => a.id));
  }

  /** The caller's server certificates whose path starts with `pathPrefix` (default `/`), paged by name. */
  listServerCertificates(caller: string, options: ListServerCertificatesOptions = {}): ListServerCertificatesOutput {
    const operation = 'ListServerCertificates';
    return this.calls.run(operation, caller, null, () => {
      const prefix = options.pathPrefix ?? '/';
      const all = this.certificates.filter((c) => c.accountId === caller && c.path.startsWith(prefix));
      const requested = options.maxItems;
      if (requested !== undefined && (!Number.isInteger(requested) || requested < 1 || requested > IAM_PAGE_CAP)) {
        throw iamError(
          operation,
          'ValidationError',
          400,
          `1 validation error detected: Value '${requested}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and ${IAM_PAGE_CAP}`,
        );
      }
      const size = requested ?? IAM_DEFAULT_PAGE;
      const page = paginate(all, (c) => c.doc.name, options.marker, size, operation);
      return {
        ServerCertificateMetadataList: page.items.map((c) => metadataOf(c)),
        IsTruncated: page.next !== undefined,
        ...(page.next !== undefined ? { Marker: page.next.doc.name } : {}),
      };
    });
  }

  /** One of the caller's server certificates by name, with its PEM body; NoSuchEntity (404) otherwise. */
  getServerCertificate(caller: string, name: string): GetServerCertificateOutput {
    const operation = 'GetServerCertificate';
    return this.calls.run(operation, caller, name, () => {
      const c = this.certificates.find((x) => x.accountId === caller && x.doc.name === name);
      if (!c) throw iamError(operation, 'NoSuchEntity', 404, `The Server Certificate with name ${name} cannot be found.`);
      c.pem ??= serverCertificatePem({
        serverCertificateId: c.doc.serverCertificateId,
        domainName: c.doc.domainName,
        subjectAlternativeNames: c.doc.subjectAlternativeNames,
        notBefore: c.uploadDate,
        notAfter: c.notAfter,
      });
      return { ServerCertificate: { ServerCertificateMetadata: metadataOf(c), CertificateBody: c.pem } };
    });
  }

  /** What CloudFront checks of the certificate `id` of `account` (no call logged). */
  facts(account: string, id: string): CertificateFacts | undefined {
    const c = this.certificates.find((x) => x.accountId === account && x.doc.serverCertificateId === id);
    if (!c) return undefined;
    return { status: this.clock.now() >= c.notAfter ? 'EXPIRED' : 'ISSUED', subjectAlternativeNames: c.doc.subjectAlternativeNames };
  }

  documentsOf(accountId: string): IamCertificateDocument[] | undefined {
    const own = this.certificates.filter((c) => c.accountId === accountId);
    if (!this.listed.has(accountId) && own.length === 0) return undefined;
    return own.map((c) => ({ ...c.doc, subjectAlternativeNames: [...c.doc.subjectAlternativeNames] }));
  }
}

function metadataOf(c: IamCertificateState): ServerCertificateMetadataShape {
  return {
    Path: c.path,
    ServerCertificateName: c.doc.name,
    ServerCertificateId: c.doc.serverCertificateId,
    Arn: `arn:aws:iam::${c.accountId}:server-certificate${c.path}${c.doc.name}`,
    UploadDate: new Date(c.uploadDate),
    Expiration: new Date(c.notAfter),
  };
}

function iamError(operation: string, code: string, status: number, message: string): SandboxServiceError {
  return new SandboxServiceError('iam', operation, code, status, message);
}
