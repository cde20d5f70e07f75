/**
 * Reading members of a decoded operation input, which comes from the network and so is untrusted:
 * a required member that is missing is the client's error (`InvalidArgument`-like), reported with
 * the code the service uses for it.
 */
import { SandboxServiceError, type SandboxService } from '../errors.js';

export type OperationInput = Readonly<Record<string, unknown>>;

export function requiredString(service: SandboxService, operation: string, input: OperationInput, member: string, code: string): string {
  const value = input[member];
  if (typeof value !== 'string' || value === '') {
    throw new SandboxServiceError(service, operation, code, 400, `${member} is required.`);
  }
  return value;
}

export function optionalString(input: OperationInput, member: string): string | undefined {
  const value = input[member];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A page size given as a string (CloudFront and Route 53 model `MaxItems` as strings) or a number. */
export function optionalCount(input: OperationInput, member: string): number | undefined {
  const value = input[member];
  const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}
