/**
 * How a command ended, when it ended without throwing. Commands report outcomes; `main.ts` alone
 * turns outcomes and errors into exit codes.
 */
export type CommandOutcome =
  /** Done; for `plan`: no changes, or changes without --detailed-exitcode. */
  | 'ok'
  /** `plan --detailed-exitcode` found changes. */
  | 'changes'
  /** The plan has error diagnostics (it was printed, it cannot be applied). */
  | 'blocked'
  /** The desired file has problems (they were printed with their locations). */
  | 'invalid-input'
  /** The operator did not approve the apply. */
  | 'cancelled'
  /** Apply ran and a step failed. */
  | 'apply-failed'
  /** Apply was interrupted or aborted at a step boundary (ApplyStatus 'interrupted' or 'aborted'). */
  | 'aborted'
  /** Apply stopped: live state no longer matches a step's precondition. */
  | 'stale';
