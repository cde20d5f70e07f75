/**
 * The service call behind an error, in words, for every line that shows a failure: the operation
 * (when the message does not already name it), the HTTP status and the request id an AWS Support
 * case asks for. Works on live errors and on the journal's recorded ones alike.
 */
import { callContextOf } from '@cfalias/core';

/** `UpdateDistribution, HTTP 409, request id 7f3c…`, or undefined when the error came from no answered call. */
export function callDetails(error: { readonly message: string }): string | undefined {
  const call = callContextOf(error);
  // An operation alone adds nothing the step line does not say.
  if (call.httpStatus === undefined && call.requestId === undefined) return undefined;
  return [
    call.operation !== undefined && !error.message.includes(call.operation) ? call.operation : undefined,
    call.httpStatus !== undefined ? `HTTP ${call.httpStatus}` : undefined,
    call.requestId !== undefined ? `request id ${call.requestId}` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
}

/** ` (UpdateDistribution, HTTP 409, request id 7f3c…)`, or '' when the error came from no answered call. */
export function callSuffix(error: { readonly message: string }): string {
  const details = callDetails(error);
  return details === undefined ? '' : ` (${details})`;
}

/** `AliasConflictError: www.example.com: … (UpdateDistribution, HTTP 409, request id 7f3c…)` */
export function describeError(error: { readonly name: string; readonly message: string }): string {
  return `${error.name}: ${error.message}${callSuffix(error)}`;
}
