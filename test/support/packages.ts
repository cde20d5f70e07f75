/**
 * The public APIs these end-to-end tests exercise, through each package's curated entry point and
 * nothing deeper.
 */
export {
  applyPlan,
  parseDesiredState,
  planCutover,
  planHasChanges,
  readPlanDocument,
  serializePlan,
  inventoryScope,
  zoneFor,
  fromFqdn,
  StaleBasisError,
  MemoryJournal,
} from '@cfalias/core';
export type {
  AccountEntry,
  ApplyEvent,
  ApplyResult,
  CutoverProvider,
  DesiredState,
  Diagnostic,
  Inventory,
  Plan,
  PlanStep,
  StepKind,
} from '@cfalias/core';
export {
  SandboxServiceError,
  SandboxWorld,
  WorldFileError,
  createSandboxProvider,
  createSandboxRegistryProvider,
  parseWorldDocument,
} from '@cfalias/providers';
export type { WorldDocument } from '@cfalias/providers';
