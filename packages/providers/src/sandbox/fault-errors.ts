/** The errors a scheduled fault injects, as the service in question would say them. */
import { assertNever } from '@cfalias/core';
import { SandboxServiceError, SandboxTransportFault, type SandboxService } from '../errors.js';
import type { FaultError } from './world-document.js';

/** The error a scheduled fault injects, as the service in question would say it. */
export function faultError(
  service: SandboxService,
  operation: string,
  resource: string | null,
  error: FaultError,
  effectApplied: boolean,
): SandboxServiceError | SandboxTransportFault {
  const suffix = effectApplied ? ' (injected after the change was made)' : ' (injected)';
  switch (error) {
    case 'ConnectionReset':
    case 'Timeout':
      return new SandboxTransportFault(service, operation, error, effectApplied);
    case 'Throttling':
      return new SandboxServiceError(
        service,
        operation,
        service === 'acm' ? 'ThrottlingException' : 'Throttling',
        400,
        `Rate exceeded${suffix}`,
        true,
      );
    case 'PreconditionFailed':
      return new SandboxServiceError(
        service,
        operation,
        'PreconditionFailed',
        412,
        `The precondition given in one or more of the request-header fields evaluated to false${suffix}`,
        false,
      );
    case 'CNAMEAlreadyExists':
      return new SandboxServiceError(
        service,
        operation,
        'CNAMEAlreadyExists',
        409,
        `One or more of the CNAMEs you provided are already associated with a different resource${resource ? ` (${resource})` : ''}${suffix}`,
        false,
      );
    case 'InvalidViewerCertificate':
      // The world changed under the plan: e.g. the target's certificate was replaced by one that
      // no longer covers the alias being added.
      return new SandboxServiceError(
        service,
        operation,
        'InvalidViewerCertificate',
        400,
        `The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate chain${resource ? ` (${resource})` : ''}${suffix}`,
        false,
      );
    case 'InternalError':
      return new SandboxServiceError(
        service,
        operation,
        'InternalError',
        500,
        `We encountered an internal error. Please try again${suffix}`,
        true,
      );
    default:
      return assertNever(error, 'fault');
  }
}
