/**
 * CloudFront operations: SDK-shaped input (decoded by the rest-xml layer) → one SandboxWorld call
 * → SDK-shaped output. No domain rule lives here; the world decides every answer.
 */
import type { DistributionConfigShape, DistributionResourceRef } from '../sandbox/aws-shapes.js';
import type { ConnectionMode } from '../sandbox/world-document.js';
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
  if (operation === 'GetDistributionTenant') return tenantPollTarget(world, caller, optionalString(input, 'Identifier'));
  if (operation !== 'GetDistribution') return undefined;
  const id = optionalString(input, 'Id');
  const distribution = id !== undefined ? world.distribution(id) : undefined;
  if (id === undefined || distribution?.accountId !== caller) return undefined;
  return { key: `distribution/${id}`, version: distribution.etag, alwaysPoll: false, dueAt: () => world.deploymentDueAt(id) };
}

/** A tenant read by id (the form a poller uses), polled like a distribution: a second read at the same ETag. */
function tenantPollTarget(world: SandboxWorld, caller: string, id: string | undefined): PollTarget | undefined {
  const tenant = id !== undefined ? world.tenant(id) : undefined;
  if (id === undefined || tenant?.accountId !== caller) return undefined;
  return { key: `distribution-tenant/${id}`, version: tenant.etag, alwaysPoll: false, dueAt: () => world.deploymentDueAt(id) };
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
    case 'ListDistributionsByConnectionMode':
      return { ...world.listDistributionsByConnectionMode(caller, required('ConnectionMode') as ConnectionMode, page(input)) };
    default:
      return serveSaas(world, caller, operation, input);
  }
}

/** The operations that span tenants: domain moves and conflicts, DNS verification, tenants, connection groups. */
function serveSaas(world: SandboxWorld, caller: string, operation: string, input: OperationInput): Record<string, unknown> {
  const required = (member: string): string => requiredString('cloudfront', operation, input, member, 'InvalidArgument');
  switch (operation) {
    case 'UpdateDomainAssociation':
      return {
        ...world.updateDomainAssociation(caller, {
          domain: required('Domain'),
          target: resourceRef(input['TargetResource']),
          ifMatch: optionalString(input, 'IfMatch'),
        }),
      };
    case 'ListDomainConflicts':
      return {
        ...world.listDomainConflicts(caller, {
          domain: required('Domain'),
          controlResource: resourceRef(input['DomainControlValidationResource']),
          ...page(input),
        }),
      };
    case 'VerifyDnsConfiguration': {
      const domain = optionalString(input, 'Domain');
      return {
        ...world.verifyDnsConfiguration(caller, { identifier: required('Identifier'), ...(domain !== undefined ? { domain } : {}) }),
      };
    }
    case 'ListDistributionTenants': {
      const filter = record(input['AssociationFilter']);
      const distributionId = optionalString(filter, 'DistributionId');
      const connectionGroupId = optionalString(filter, 'ConnectionGroupId');
      return {
        ...world.listDistributionTenants(caller, {
          ...page(input),
          ...(distributionId !== undefined ? { distributionId } : {}),
          ...(connectionGroupId !== undefined ? { connectionGroupId } : {}),
        }),
      };
    }
    case 'GetDistributionTenant':
      return { ...world.getDistributionTenant(caller, required('Identifier')) };
    case 'UpdateDistributionTenant': {
      const { Id: _id, IfMatch: _ifMatch, ...update } = input;
      return {
        ...world.updateDistributionTenant(caller, required('Id'), update, optionalString(input, 'IfMatch')),
      };
    }
    case 'ListConnectionGroups':
      return { ...world.listConnectionGroups(caller, page(input)) };
    case 'GetConnectionGroup':
      return { ...world.getConnectionGroup(caller, required('Identifier')) };
    default:
      throw new SandboxServiceError('cloudfront', operation, 'InvalidAction', 400, `The sandbox does not serve ${operation}.`);
  }
}

/** A `DistributionResourceId` from the wire (absent members stay absent, so the world can tell both from neither). */
function resourceRef(value: unknown): DistributionResourceRef {
  const ref = record(value);
  const distributionId = optionalString(ref, 'DistributionId');
  const distributionTenantId = optionalString(ref, 'DistributionTenantId');
  return {
    ...(distributionId !== undefined ? { distributionId } : {}),
    ...(distributionTenantId !== undefined ? { distributionTenantId } : {}),
  };
}

function record(value: unknown): OperationInput {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as OperationInput) : {};
}

function page(input: OperationInput): { marker?: string; maxItems?: number } {
  const marker = optionalString(input, 'Marker');
  const maxItems = optionalCount(input, 'MaxItems');
  return { ...(marker !== undefined ? { marker } : {}), ...(maxItems !== undefined ? { maxItems } : {}) };
}
