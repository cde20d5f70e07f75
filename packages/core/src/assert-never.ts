/**
 * The `default` of an exhaustive `switch` over a closed union (plan steps, apply events, statuses):
 * a compile error when a member is left unhandled, and a clear error should a value the types rule
 * out arrive at run time anyway (a newer plan or journal file read by an older build).
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
