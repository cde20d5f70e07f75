/**
 * IAM server certificates in use by distributions (`ViewerCertificate.IAMCertificateId`): found by
 * id with the SDK's ListServerCertificates paginator, their names read from the certificate body
 * that GetServerCertificate returns (certificates/server-certificate.ts).
 */
import { iamSdk } from '../deferred-modules.js';
import type { CallOptions, Certificate } from '@cfalias/core';
import { serverCertificate } from '../certificates/server-certificate.js';
import type { AwsClients } from './clients.js';
import { translateAwsError } from './errors.js';

export async function readServerCertificates(
  clients: AwsClients,
  ids: ReadonlySet<string>,
  now: number,
  options: CallOptions,
): Promise<Certificate[]> {
  if (ids.size === 0) return [];
  const out: Certificate[] = [];
  try {
    const { GetServerCertificateCommand, paginateListServerCertificates } = iamSdk();
    for await (const page of paginateListServerCertificates({ client: clients.iam }, {}, { abortSignal: options.signal })) {
      for (const meta of page.ServerCertificateMetadataList ?? []) {
        if (!ids.has(meta.ServerCertificateId ?? '')) continue;
        const answer = await clients.iam.send(new GetServerCertificateCommand({ ServerCertificateName: meta.ServerCertificateName }), {
          abortSignal: options.signal,
        });
        out.push(
          serverCertificate(
            {
              arn: meta.Arn ?? '',
              serverCertificateId: meta.ServerCertificateId ?? '',
              expiration: meta.Expiration,
              body: answer.ServerCertificate?.CertificateBody ?? '',
            },
            now,
          ),
        );
      }
    }
  } catch (error) {
    throw translateAwsError(error, 'GetServerCertificate', [...ids].join(', '));
  }
  return out;
}
