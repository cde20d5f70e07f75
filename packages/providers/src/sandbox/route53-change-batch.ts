/**
 * One Route 53 change batch applied to a zone's records, all or nothing (ChangeResourceRecordSets).
 */
import type { DnsRecord } from '@cfalias/core';
import { SandboxServiceError } from '../errors.js';
import type { ChangeBatchShape, ResourceRecordSetShape } from './aws-shapes.js';
import { fromResourceRecordSet, sameRecordContent } from './route53-records.js';

export function route53Error(operation: string, code: string, message: string): SandboxServiceError {
  return new SandboxServiceError('route53', operation, code, code === 'NoSuchHostedZone' || code === 'NoSuchChange' ? 404 : 400, message);
}

/**
 * The zone's records after `batch`: every change is checked against the records as the earlier
 * changes of the batch leave them, and nothing is applied unless all pass. InvalidChangeBatch (400)
 * lists every problem: CREATE of an existing record set, DELETE of a missing one or with other
 * values, a name outside the zone, CNAME beside another type at one name. InvalidInput for a
 * malformed change.
 */
export function applyChangeBatch(operation: string, zoneName: string, current: readonly DnsRecord[], batch: ChangeBatchShape): DnsRecord[] {
  if (!batch || !Array.isArray(batch.Changes) || batch.Changes.length === 0) {
    throw route53Error(operation, 'InvalidInput', 'The input is not valid: the change batch has no changes.');
  }
  const records = [...current];
  const problems: string[] = [];
  const touched = new Set<string>();
  for (const change of batch.Changes) {
    const rrset = change.ResourceRecordSet;
    const inputProblem = resourceRecordSetProblem(rrset);
    if (inputProblem) throw route53Error(operation, 'InvalidInput', `The input is not valid: ${inputProblem}`);
    const record = fromResourceRecordSet(rrset);
    if (record.name !== zoneName && !record.name.endsWith(`.${zoneName}`)) {
      problems.push(`RRSet with DNS name ${record.name} is not permitted in zone ${zoneName}`);
      continue;
    }
    touched.add(record.name);
    const problem = applyChange(operation, records, change.Action, record);
    if (problem) problems.push(problem);
  }
  for (const name of touched) {
    const atName = records.filter((r) => r.name === name);
    if (atName.some((r) => r.type === 'CNAME') && atName.length > 1) {
      problems.push(
        `RRSet of type CNAME with DNS name ${name} is not permitted as it conflicts with other records with the same DNS name in zone ${zoneName}`,
      );
    }
  }
  if (problems.length > 0) throw route53Error(operation, 'InvalidChangeBatch', `[${problems.join(', ')}]`);
  return records;
}

/** Applies one change to `records` in place; the problem when it cannot be applied. */
function applyChange(operation: string, records: DnsRecord[], action: unknown, record: DnsRecord): string | undefined {
  const index = records.findIndex((r) => r.name === record.name && r.type === record.type);
  const label = `[name='${record.name}', type='${record.type}']`;
  switch (action) {
    case 'CREATE':
      if (index >= 0) return `Tried to create resource record set ${label} but it already exists`;
      records.push(record);
      return undefined;
    case 'UPSERT':
      if (index >= 0) records[index] = record;
      else records.push(record);
      return undefined;
    case 'DELETE':
      if (index < 0) return `Tried to delete resource record set ${label} but it was not found`;
      if (!sameRecordContent(records[index]!, record)) {
        return `Tried to delete resource record set ${label} but the values provided do not match the current values`;
      }
      records.splice(index, 1);
      return undefined;
    default:
      throw route53Error(operation, 'InvalidInput', `The input is not valid: unknown Action ${String(action)}`);
  }
}

function resourceRecordSetProblem(rrset: ResourceRecordSetShape | undefined): string | null {
  if (!rrset || typeof rrset.Name !== 'string' || typeof rrset.Type !== 'string')
    return 'each change needs a ResourceRecordSet with Name and Type';
  const hasValues = rrset.ResourceRecords !== undefined && rrset.ResourceRecords.length > 0;
  if (rrset.AliasTarget !== undefined) {
    if (hasValues || rrset.TTL !== undefined) return `${rrset.Name}: an alias record has no TTL and no ResourceRecords`;
    return null;
  }
  if (!hasValues) return `${rrset.Name}: ResourceRecords are required for a non-alias record`;
  if (rrset.TTL === undefined) return `${rrset.Name}: TTL is required for a non-alias record`;
  return null;
}
