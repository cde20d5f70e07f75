/**
 * Paging as the sandbox's services do it: page sizes clamped to each API's cap, markers that are
 * either the key of the next item (ListDistributions, ListHostedZones) or an index into the full
 * answer (ListConflictingAliases, ListCertificates). A marker the service never handed out is
 * refused with that service's error code.
 */
import { SandboxServiceError } from '../errors.js';
import { SANDBOX_OPERATIONS, type SandboxOperation } from './aws-shapes.js';

export const CLOUDFRONT_PAGE_CAP = 100;
export const ACM_PAGE_CAP = 1000;
export const ROUTE53_ZONE_PAGE_CAP = 100;
export const ROUTE53_RECORD_PAGE_CAP = 300;

export interface Page<T> {
  readonly items: readonly T[];
  /** The first item of the next page; undefined on the last page. */
  readonly next: T | undefined;
  readonly size: number;
}

/** The page size to use: `requested` when it is a positive number, at most `cap`; else `cap`. */
export function clampPageSize(requested: number | undefined, cap: number): number {
  if (requested === undefined || !Number.isFinite(requested) || requested <= 0) return cap;
  return Math.min(Math.floor(requested), cap);
}

/** The start index an index marker stands for (0 for none). */
export function parseIndexMarker(marker: string | undefined, operation: SandboxOperation): number {
  if (marker === undefined || marker === '') return 0;
  const n = Number(marker);
  if (!Number.isInteger(n) || n < 0) {
    const service = SANDBOX_OPERATIONS[operation];
    throw new SandboxServiceError(
      service,
      operation,
      service === 'acm' ? 'InvalidArgsException' : 'InvalidArgument',
      400,
      `Invalid marker: ${marker}`,
    );
  }
  return n;
}

/** A page of `all` starting at the item whose key is `marker` (the previous page's next key). */
export function paginate<T>(
  all: readonly T[],
  key: (item: T) => string,
  marker: string | undefined,
  size: number,
  operation: SandboxOperation,
): Page<T> {
  let start = 0;
  if (marker !== undefined && marker !== '') {
    start = all.findIndex((item) => key(item) === marker);
    if (start < 0) {
      const service = SANDBOX_OPERATIONS[operation];
      throw new SandboxServiceError(
        service,
        operation,
        service === 'route53' ? 'InvalidInput' : service === 'iam' ? 'ValidationError' : 'InvalidArgument',
        400,
        `Invalid marker: ${marker}`,
      );
    }
  }
  return { items: all.slice(start, start + size), next: all[start + size], size };
}
