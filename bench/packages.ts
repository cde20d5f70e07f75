/**
 * The public APIs the benchmarks use, through each package's curated entry point and nothing deeper.
 */
export { applyPlan, inventoryScope, planCutover, SimulatedClock, CLOUDFRONT_HOSTED_ZONE_ID } from '@cfalias/core';
export type {
  ApplyResult,
  CutoverProvider,
  DesiredAlias,
  DesiredState,
  Distribution,
  DnsRecord,
  HostedZone,
  Inventory,
  Plan,
  PlanStep,
  StrategyChoice,
} from '@cfalias/core';
export {
  SandboxWorld,
  createSandboxProvider,
  RATE_LIMITED_OPERATIONS,
  createAwsProvider,
  createEmulator,
  PUBLISHED_RATE_LIMITS,
  SANDBOX_ACCESS_KEY_ID,
  SANDBOX_SECRET_ACCESS_KEY,
} from '@cfalias/providers';
export type { CallRecord, MutationRateLimit, RealTimeCosts, ServiceRateLimit, WorldDocument } from '@cfalias/providers';
