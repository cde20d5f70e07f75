/**
 * The fault schedule of a sandbox world. Each entry matches calls by operation (and resource when
 * given). A matching call first uses up the entry's `after` allowance (it goes through), then its
 * `times` (it fails). Entries are consulted in order and at most one fires per call; entries after
 * the one that fires do not see the call.
 */
import type { FaultDocument, FaultError } from './world-document.js';
import { bareRoute53Id } from './route53-records.js';

export interface FiredFault {
  readonly error: FaultError;
  readonly when: 'before' | 'after';
}

interface FaultEntry {
  readonly doc: FaultDocument;
  after: number;
  times: number;
}

export class FaultSchedule {
  private readonly entries: FaultEntry[] = [];

  constructor(faults: readonly FaultDocument[] = []) {
    for (const fault of faults) this.add(fault);
  }

  add(fault: FaultDocument): void {
    this.entries.push({ doc: fault, after: fault.after ?? 0, times: fault.times ?? 1 });
  }

  /** The fault that fires for this call, if any; consumes the schedule. */
  match(operation: string, resource: string | null): FiredFault | undefined {
    for (const entry of this.entries) {
      if (entry.times <= 0 || entry.doc.operation !== operation) continue;
      if (entry.doc.resource !== undefined && (resource === null || bareRoute53Id(entry.doc.resource) !== bareRoute53Id(resource))) {
        continue;
      }
      if (entry.after > 0) {
        entry.after -= 1;
        continue;
      }
      entry.times -= 1;
      return { error: entry.doc.error, when: entry.doc.when ?? 'before' };
    }
    return undefined;
  }

  /** Faults with calls left to fail, with `after`/`times` reduced by what was used. */
  toDocuments(): FaultDocument[] {
    return this.entries
      .filter((entry) => entry.times > 0)
      .map((entry) => {
        const { after: _after, times: _times, ...rest } = entry.doc;
        const doc: { -readonly [K in keyof FaultDocument]: FaultDocument[K] } = { ...rest };
        if (entry.doc.times !== undefined || entry.times !== 1) doc.times = entry.times;
        if (entry.after > 0) doc.after = entry.after;
        return doc;
      });
  }
}
