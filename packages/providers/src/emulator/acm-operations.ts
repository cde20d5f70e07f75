/** ACM operations: JSON input → one SandboxWorld call → SDK-shaped output. */
import type { SandboxWorld } from '../sandbox/world-model.js';
import { SandboxServiceError } from '../errors.js';
import { optionalCount, optionalString, requiredString, type OperationInput } from './operation-input.js';

export function serveAcm(
  world: SandboxWorld,
  caller: string,
  operation: string,
  input: OperationInput,
  region: string,
): Record<string, unknown> {
  switch (operation) {
    case 'ListCertificates': {
      const nextToken = optionalString(input, 'NextToken');
      const maxItems = optionalCount(input, 'MaxItems');
      const statuses = Array.isArray(input['CertificateStatuses']) ? input['CertificateStatuses'].map(String) : undefined;
      // ACM is regional: a client signing for us-east-1 sees the us-east-1 certificates only.
      return {
        ...world.listCertificates(caller, {
          region,
          ...(nextToken !== undefined ? { nextToken } : {}),
          ...(maxItems !== undefined ? { maxItems } : {}),
          ...(statuses !== undefined ? { statuses } : {}),
        }),
      };
    }
    case 'DescribeCertificate':
      return { ...world.describeCertificate(caller, requiredString('acm', operation, input, 'CertificateArn', 'ValidationException')) };
    default:
      throw new SandboxServiceError('acm', operation, 'UnknownOperationException', 400, `The sandbox does not serve ${operation}.`);
  }
}
