/** IAM operations (server certificates): query-protocol input → one SandboxWorld call → SDK-shaped output. */
import type { SandboxWorld } from '../sandbox/world-model.js';
import { SandboxServiceError } from '../errors.js';
import { optionalCount, optionalString, requiredString, type OperationInput } from './operation-input.js';

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

export function serveIam(world: SandboxWorld, caller: string, operation: string, input: OperationInput): Record<string, unknown> {
  switch (operation) {
    case 'ListServerCertificates': {
      const pathPrefix = optionalString(input, 'PathPrefix');
      const marker = optionalString(input, 'Marker');
      const maxItems = optionalCount(input, 'MaxItems');
      return {
        ...world.listServerCertificates(caller, {
          ...(pathPrefix !== undefined ? { pathPrefix } : {}),
          ...(marker !== undefined ? { marker } : {}),
          ...(maxItems !== undefined ? { maxItems } : {}),
        }),
      };
    }
    case 'GetServerCertificate':
      return { ...world.getServerCertificate(caller, requiredString('iam', operation, input, 'ServerCertificateName', 'ValidationError')) };
    default:
      throw new SandboxServiceError('iam', operation, 'InvalidAction', 400, `The sandbox does not serve ${operation}.`);
  }
}
