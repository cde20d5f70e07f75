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
  /** Apply was interrupted or aborted at a step boundary (ApplyStatus 'interrupted' or 'aborted'): resume continues it. */
  | 'aborted'
  /** A step with a rollback recipe failed and the recipe put its aliases back on their sources. */
  | 'rolled-back'
  /**
   * The maintenance window left too little time to start the remaining steps (started moves were
   * finished): resume in the next window. Not exit 6, which promises that nothing changed.
   */
  | 'window-closed'
  /** Apply stopped: live state no longer matches a step's precondition. */
  | 'stale'
  /** `watch` (or `apply --watch`) found a managed alias away from its desired distribution. */
  | 'drifted'
  /** `verify`: a live check (DNS, TLS or HTTP) failed. Nothing was rolled back. */
  | 'verify-failed';
