/**
 * Stage 1, desired state: the alias registry, and where each managed alias must live.
 *
 * Contract: `parseDesiredState(text, file)` reads a `cfalias.yaml` and returns every problem at
 * once as diagnostics with `file:line:col`; it never throws on bad input. A `DesiredState` is plain
 * data: a caller may build one without the file. Only the aliases it lists are managed; aliases it
 * does not list are never touched by a plan. Nothing here reads the live world or does I/O.
 */
export { parseDesiredState, type DesiredParseResult } from './desired-file.js';
export { desiredStateSchema } from './desired-schema.js';
export {
  DEFAULT_MAX_CHANGE_PERCENT,
  type AccountEntry,
  type DesiredAlias,
  type DesiredState,
  type DnsMode,
  type LockSettings,
  type MaintenanceWindow,
  type MoveApi,
  type SafetySettings,
  type StrategyChoice,
  type TxtProof,
  type VerifySettings,
} from './desired.js';
