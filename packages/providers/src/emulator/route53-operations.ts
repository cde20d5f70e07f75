/**
 * Route 53 operations: SDK-shaped input → one SandboxWorld call → SDK-shaped output. Ids arrive
 * bare (the SDK strips `/hostedzone/` and `/change/`) or prefixed (other clients); the world
 * accepts both.
 */
import type { ChangeBatchShape } from '../sandbox/aws-shapes.js';
import type { SandboxWorld } from '../sandbox/world-model.js';
import { SandboxServiceError } from '../errors.js';
import { optionalCount, optionalString, requiredString, type OperationInput } from './operation-input.js';
import type { PollTarget } from './simulated-time.js';

/** The change a GetChange reads, for the time keeper (simulated-time.ts): every read of a change is a poll. */
export function route53PollTarget(world: SandboxWorld, operation: string, input: OperationInput): PollTarget | undefined {
  if (operation !== 'GetChange') return undefined;
  const id = optionalString(input, 'Id');
  if (id === undefined) return undefined;
  return { key: `change/${id.replace(/^\/?change\//, '')}`, version: '', alwaysPoll: true, dueAt: () => world.changeDueAt(id) };
}

export function serveRoute53(world: SandboxWorld, caller: string, operation: string, input: OperationInput): Record<string, unknown> {
  const required = (member: string): string => requiredString('route53', operation, input, member, 'InvalidInput');
  switch (operation) {
    case 'ListHostedZones': {
      const marker = optionalString(input, 'Marker');
      const maxItems = optionalCount(input, 'MaxItems');
      return {
        ...world.listHostedZones(caller, { ...(marker !== undefined ? { marker } : {}), ...(maxItems !== undefined ? { maxItems } : {}) }),
      };
    }
    case 'ListResourceRecordSets': {
      const startName = optionalString(input, 'StartRecordName');
      const startType = optionalString(input, 'StartRecordType');
      const maxItems = optionalCount(input, 'MaxItems');
      return {
        ...world.listResourceRecordSets(caller, required('HostedZoneId'), {
          ...(startName !== undefined ? { startName } : {}),
          ...(startType !== undefined ? { startType } : {}),
          ...(maxItems !== undefined ? { maxItems } : {}),
        }),
      };
    }
    case 'ChangeResourceRecordSets':
      return { ...world.changeResourceRecordSets(caller, required('HostedZoneId'), input['ChangeBatch'] as ChangeBatchShape) };
    case 'GetChange':
      return { ...world.getChange(caller, required('Id')) };
    case 'TestDNSAnswer':
      return { ...world.testDnsAnswer(caller, required('HostedZoneId'), required('RecordName'), required('RecordType')) };
    default:
      throw new SandboxServiceError('route53', operation, 'InvalidAction', 400, `The sandbox does not serve ${operation}.`);
  }
}
