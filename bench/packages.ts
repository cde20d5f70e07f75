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
export { SandboxWorld, createSandboxProvider, RATE_LIMITED_OPERATIONS } from '@cfalias/providers';
export type { CallRecord, MutationRateLimit, WorldDocument } from '@cfalias/providers';
