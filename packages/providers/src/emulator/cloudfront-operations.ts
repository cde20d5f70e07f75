/**
 * CloudFront operations: SDK-shaped input (decoded by the rest-xml layer) → one SandboxWorld call
 * → SDK-shaped output. No domain rule lives here; the world decides every answer.
 */
import type { DistributionConfigShape } from '../sandbox/aws-shapes.js';
import type { SandboxWorld } from '../sandbox/world-model.js';
import { SandboxServiceError } from '../errors.js';
import { optionalCount, optionalString, requiredString, type OperationInput } from './operation-input.js';
import type { PollTarget } from './simulated-time.js';

/**
 * The distribution a GetDistribution reads, for the time keeper (simulated-time.ts): only the
 * caller's own (another account's answers NoSuchDistribution, and must not move time).
 */
export function cloudFrontPollTarget(
  world: SandboxWorld,
  caller: string,
  operation: string,
  input: OperationInput,
): PollTarget | undefined {
  if (operation !== 'GetDistribution') return undefined;
  const id = optionalString(input, 'Id');
  const distribution = id !== undefined ? world.distribution(id) : undefined;
  if (id === undefined || distribution?.accountId !== caller) return undefined;
  return { key: `distribution/${id}`, version: distribution.etag, alwaysPoll: false, dueAt: () => world.deploymentDueAt(id) };
}

export function serveCloudFront(world: SandboxWorld, caller: string, operation: string, input: OperationInput): Record<string, unknown> {
  const required = (member: string): string => requiredString('cloudfront', operation, input, member, 'InvalidArgument');
  switch (operation) {
    case 'ListDistributions':
      return { ...world.listDistributions(caller, page(input)) };
    case 'GetDistribution':
      return { ...world.getDistribution(caller, required('Id')) };
    case 'GetDistributionConfig':
      return { ...world.getDistributionConfig(caller, required('Id')) };
    case 'UpdateDistribution': {
      const id = required('Id');
      const config = input['DistributionConfig'];
      if (typeof config !== 'object' || config === null) {
        throw new SandboxServiceError(
          'cloudfront',
          operation,
          'MissingBody',
          400,
          'This operation requires a body. Ensure that the body is present and the Content-Type header is set.',
        );
      }
      return { ...world.updateDistribution(caller, id, config as DistributionConfigShape, optionalString(input, 'IfMatch')) };
    }
    case 'AssociateAlias':
      world.associateAlias(caller, required('TargetDistributionId'), required('Alias'));
      return {};
    case 'ListConflictingAliases':
      return { ...world.listConflictingAliases(caller, required('DistributionId'), required('Alias'), page(input)) };
    default:
      throw new SandboxServiceError('cloudfront', operation, 'InvalidAction', 400, `The sandbox does not serve ${operation}.`);
  }
}

function page(input: OperationInput): { marker?: string; maxItems?: number } {
  const marker = optionalString(input, 'Marker');
  const maxItems = optionalCount(input, 'MaxItems');
  return { ...(marker !== undefined ? { marker } : {}), ...(maxItems !== undefined ? { maxItems } : {}) };
}
