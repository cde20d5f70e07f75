/**
 * Stage 3, plan: desired state + inventory → a reviewed, versioned plan document.
 *
 * Contract: `planCutover(desired, inventory, options)` is pure and synchronous (no I/O, no clock:
 * "now" is an option). It returns the per-alias changes, the preflight diagnostics (an error
 * blocks the plan: it then has no steps), the step DAG with each step's precondition and
 * postcondition, rollback recipes and the estimate. A `Plan` is data only; display-only fields
 * (`reason`, `description`) never drive apply. `serializePlan` / `readPlanDocument` store and read
 * it with its `formatVersion` and digest, refusing an unknown version or a wrong digest;
 * `planDocumentChunks` gives the same text in pieces, for plans too large for one string.
 */
export { inventoryScope, planCutover, type PlanOptions } from './planner.js';
export { findOwnershipDrift, type AliasDrift } from './drift.js';
export { computePlanDigest, planDocumentChunks, readPlanDocument, serializePlan } from './plan-document.js';
export { canonicalJson } from './digest.js';
export { estimateSteps, type EstimateResult, type StepTiming, type TimedStep } from './estimate.js';
export {
  formatLocation,
  hasErrors,
  type CheckCode,
  type Diagnostic,
  type DiagnosticCode,
  type InputDiagnosticCode,
  type Severity,
  type SourceLocation,
} from './diagnostics.js';
export {
  ACTION_GLYPHS,
  PLAN_FORMAT_VERSION,
  planHasChanges,
  type AliasHolder,
  type BasisCertificate,
  type BasisDistribution,
  type BasisRecords,
  type PlanBasis,
  type PlanEnvironment,
  type Change,
  type ChangeAction,
  type ChangeDnsStep,
  type DistributionCondition,
  type DnsRecordChange,
  type DnsRecordState,
  type DnsRepoint,
  type MoveAliasStep,
  type SetEnabledStep,
  type TxtFallback,
  type Plan,
  type PlanDistribution,
  type PlanEstimate,
  type PlanStep,
  type PlanSummary,
  type PreconditionMode,
  type RollbackAlias,
  type RollbackRecipe,
  type StepBase,
  type StepKind,
  type Strategy,
  type UpdateAliasesStep,
  type UpdatePrecondition,
  type VerifyStep,
  type WaitDeployedStep,
  type WaitDnsStep,
} from './plan.js';
