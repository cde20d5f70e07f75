/** The sandbox's record of every operation called on it, in call order (tests and tools count on it). */
import type { SandboxService } from '../errors.js';
import type { SandboxOperation } from './aws-shapes.js';

/** One logged call. `outcome` is `ok` or the error code / transport fault kind the caller saw. */
export interface CallRecord {
  readonly service: SandboxService;
  readonly operation: SandboxOperation;
  readonly account: string;
  /** Distribution id, zone id, certificate ARN or change id; null for account-wide lists. */
  readonly resource: string | null;
  /** Clock milliseconds. */
  readonly at: number;
  readonly outcome: string;
  /** True when the outcome was injected by the fault schedule. */
  readonly injected: boolean;
}

export class CallLog {
  private readonly records: CallRecord[] = [];

  get calls(): readonly CallRecord[] {
    return this.records;
  }

  append(record: CallRecord): void {
    this.records.push(record);
  }

  /** Calls logged, of one operation (`UpdateDistribution`) or of all. */
  count(operation?: string): number {
    return operation === undefined ? this.records.length : this.records.filter((c) => c.operation === operation).length;
  }

  reset(): void {
    this.records.length = 0;
  }
}
