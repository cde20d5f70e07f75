/**
 * The plan document: data only. `planCutover` produces it, `apply` runs exactly its steps and
 * re-checks each step's precondition against live state instead of re-deciding. Display-only
 * fields (`reason`, `description`) never drive apply.
 */
import type { Diagnostic } from './diagnostics.js';
import type { DnsRecord } from './inventory.js';
import type { MaintenanceWindow } from './desired.js';

export const PLAN_FORMAT_VERSION = 1;

/** Closed set of per-alias actions; each carries its display glyph (Terraform idiom). */
export type ChangeAction = 'noop' | 'attach' | 'detach' | 'move';

export const ACTION_GLYPHS: Readonly<Record<ChangeAction, string>> = {
  noop: ' ',
  attach: '+',
  detach: '-',
  move: '~',
};

/** How a moving alias gets from its source to its target. */
export type Strategy = 'move' | 'detach-attach';

export interface DnsRepoint {
  readonly zoneId: string;
  /** The CloudFront domain the record points at now (null: no record, or not at CloudFront). */
  readonly from: string | null;
  /** The CloudFront domain it will point at. */
  readonly to: string;
}

export interface Change {
  readonly alias: string;
  readonly action: ChangeAction;
  /** Distribution holding the alias now (null: nowhere in the account). */
  readonly from: string | null;
  /** Distribution the alias ends on (null: detached). */
  readonly to: string | null;
  /** For moves; attach/detach/noop have none. */
  readonly strategy: Strategy | null;
  /** Expected seconds the alias is served by no distribution (0 for `move`, attach, noop). */
  readonly downtimeSeconds: number;
  /** The Route 53 change this alias gets, when DNS is managed and needs one. */
  readonly dns?: DnsRepoint;
  /** Why this action/strategy was chosen. Display only. */
  readonly reason?: string;
}

/** What a distribution must look like (semantically) just before a step runs. */
export interface DistributionCondition {
  /** Sorted. */
  readonly aliases: readonly string[];
  readonly enabled: boolean;
  readonly certificateArn: string | null;
}

export interface DnsRecordChange {
  readonly action: 'UPSERT' | 'DELETE';
  readonly record: DnsRecord;
}

/** The state of one (name, type) record set: the record, or null when absent. */
export interface DnsRecordState {
  readonly name: string;
  readonly type: string;
  readonly record: DnsRecord | null;
}

interface StepBase {
  /** Stable, human-readable, unique within the plan (`update-aliases:E1BLUE:1`). */
  readonly id: string;
  readonly dependsOn: readonly string[];
  /** 1-based deployment phase the step belongs to (display and estimates). */
  readonly phase: number;
  /** Display only. */
  readonly description?: string;
}

/** One UpdateDistribution: remove and/or add aliases on one distribution (read-modify-write, If-Match). */
export interface UpdateAliasesStep extends StepBase {
  readonly kind: 'update-aliases';
  readonly distribution: string;
  readonly remove: readonly string[];
  readonly add: readonly string[];
  readonly precondition: DistributionCondition;
  readonly postcondition: { readonly aliases: readonly string[] };
}

/** One AssociateAlias: moves `alias` from `from` to `to` in a single call, no downtime. */
export interface MoveAliasStep extends StepBase {
  readonly kind: 'move-alias';
  readonly alias: string;
  readonly from: string;
  readonly to: string;
  /** The alias is on `from` just before the call. */
  readonly precondition: { readonly aliasOn: string };
  /** The alias is on `to` afterwards. */
  readonly postcondition: { readonly aliasOn: string };
}

export interface WaitDeployedStep extends StepBase {
  readonly kind: 'wait-deployed';
  readonly distribution: string;
}

/** One Route 53 change batch in one hosted zone (atomic). */
export interface ChangeDnsStep extends StepBase {
  readonly kind: 'change-dns';
  readonly zoneId: string;
  readonly zoneName: string;
  readonly changes: readonly DnsRecordChange[];
  readonly precondition: { readonly records: readonly DnsRecordState[] };
  readonly postcondition: { readonly records: readonly DnsRecordState[] };
}

/** Waits until the change made by step `changeStep` is INSYNC. Skipped when that step was skipped. */
export interface WaitDnsStep extends StepBase {
  readonly kind: 'wait-dns';
  readonly zoneId: string;
  readonly changeStep: string;
}

/** Final check of one distribution: Deployed, with exactly these aliases; DNS names point at it. */
export interface VerifyStep extends StepBase {
  readonly kind: 'verify';
  readonly distribution: string;
  readonly aliases: readonly string[];
  readonly dns: readonly { readonly zoneId: string; readonly name: string; readonly pointsAt: string }[];
}

/** Closed union: handle with an exhaustive switch on `kind`. */
export type PlanStep =
  | UpdateAliasesStep
  | MoveAliasStep
  | WaitDeployedStep
  | ChangeDnsStep
  | WaitDnsStep
  | VerifyStep;

export type StepKind = PlanStep['kind'];

export interface PlanSummary {
  readonly attach: number;
  readonly detach: number;
  readonly move: number;
  readonly noop: number;
  readonly errors: number;
  readonly warnings: number;
}

export interface PlanEstimate {
  /** Critical-path seconds: deployment waits plus DNS sync waits. */
  readonly seconds: number;
  /** Sequential CloudFront deployment waits on the critical path (DNS waits not counted). */
  readonly waitPhases: number;
}

/** Facts about a distribution the plan touches, for display (grouping, domain names). */
export interface PlanDistribution {
  readonly id: string;
  readonly domainName: string;
  readonly name?: string;
}

export interface Plan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly createdAt: string;
  readonly account: string;
  readonly desiredDigest: string;
  readonly window?: MaintenanceWindow;
  readonly summary: PlanSummary;
  readonly changes: readonly Change[];
  readonly diagnostics: readonly Diagnostic[];
  readonly distributions: readonly PlanDistribution[];
  readonly steps: readonly PlanStep[];
  readonly estimate: PlanEstimate;
  /** `sha256:` over the canonical JSON of every other field. */
  readonly digest: string;
}

/**
 * A plan has changes when any alias is not a no-op, or a no-op alias still needs its DNS record
 * created or repointed at its owner (a DNS-only change).
 */
export function planHasChanges(plan: Pick<Plan, 'changes'>): boolean {
  return plan.changes.some((c) => c.action !== 'noop' || c.dns !== undefined);
}
