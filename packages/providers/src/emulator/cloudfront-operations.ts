/**
 * CloudFront operations: SDK-shaped input (decoded by the rest-xml layer) → one SandboxWorld call
 * → SDK-shaped output. No domain rule lives here; the world decides every answer.
 */
import type { DistributionConfigShape } from '../sandbox/aws-shapes.js';
import type { SandboxWorld } from '../sandbox/world-model.js';
import { SandboxServiceError } from '../errors.js';
import { optionalCount, optionalString, requiredString, type OperationInput } from './operation-input.js';
import { advanceClockTo } from './simulated-time.js';

export interface ServeOptions {
  /** Polls of InProgress/PENDING resources jump simulated time to their due time (simulated-time.ts). */
  readonly fastForward: boolean;
}

export function serveCloudFront(
  world: SandboxWorld,
  caller: string,
  operation: string,
  input: OperationInput,
  options: ServeOptions,
): Record<string, unknown> {
  const required = (member: string): string => requiredString('cloudfront', operation, input, member, 'InvalidArgument');
  switch (operation) {
    case 'ListDistributions':
      return { ...world.listDistributions(caller, page(input)) };
    case 'GetDistribution': {
      const id = required('Id');
      if (options.fastForward && world.distribution(id)?.accountId === caller) advanceClockTo(world, world.deploymentDueAt(id));
      return { ...world.getDistribution(caller, id) };
    }
    case 'GetDistributionConfig':
      return { ...world.getDistributionConfig(caller, required('Id')) };
    case 'UpdateDistribution': {
      const id = required('Id');
      const config = input['DistributionConfig'];
      if (typeof config !== 'object' || config === null) {
        throw new SandboxServiceError('cloudfront', operation, 'MissingBody', 400, 'This operation requires a body. Ensure that the body is present and the Content-Type header is set.');
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
