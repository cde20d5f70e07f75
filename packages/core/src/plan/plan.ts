/**
 * The plan document: data only. `planCutover` produces it, `apply` runs exactly its steps and
 * re-checks each step's precondition against live state instead of re-deciding. Display-only
 * fields (`reason`, `description`) never drive apply.
 */
import type { Diagnostic } from './diagnostics.js';
import type { DnsRecord } from '../inventory/inventory.js';
import type { AccountEntry, MaintenanceWindow, MoveApi } from '../desired/desired.js';

/**
 * 4: moves across the accounts of a registry: strategies `wildcard-route` and `disable-and-move`,
 * and the `set-enabled` step (a disable carries the aliases it takes offline, `offline`).
 * (3: a `move-alias` step names the CloudFront call it makes (`api`) and may carry the TXT record
 * to create when CloudFront asks for it (`txtFallback`); targets may be distribution tenants.
 * 2: the plan carries its `basis`, which apply compares with a fresh read before its first write.)
 * Older plans are refused: make the plan again.
 */
export const PLAN_FORMAT_VERSION = 4;

/** Closed set of per-alias actions; each carries its display glyph (Terraform idiom). */
export type ChangeAction = 'noop' | 'attach' | 'detach' | 'move';

export const ACTION_GLYPHS: Readonly<Record<ChangeAction, string>> = {
  noop: ' ',
  attach: '+',
  detach: '-',
  move: '~',
};

/**
 * How a moving alias gets from its source to its target. Within an account: `move` (one call) or
 * `detach-attach`. Across accounts of a registry (docs/cross-account.md): `wildcard-route` (a
 * temporary `*.<parent>` on the target serves the alias while it changes hands; no downtime) or
 * `disable-and-move` (the source, which the desired file allows disabling, is disabled while the
 * alias moves with UpdateDomainAssociation: every alias it serves is offline meanwhile).
 */
export type Strategy = 'move' | 'detach-attach' | 'wildcard-route' | 'disable-and-move';

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
  /** How a move is made; null for attach, detach and noop, and for a move between accounts that no route can make (blocked). */
  readonly strategy: Strategy | null;
  /** For moves with strategy `move`: the CloudFront call that makes it. */
  readonly moveApi?: MoveApi;
  /**
   * Expected seconds the alias is served by no distribution (0 for `move`, attach, noop; 0 for a
   * detach-attach whose parent wildcard is held throughout its gap: warning `gap-served-by-wildcard`).
   */
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

/** The fields every plan step has. */
export interface StepBase {
  /** Stable, human-readable, unique within the plan (`update-aliases:E1BLUE:1`). */
  readonly id: string;
  readonly dependsOn: readonly string[];
  /** 1-based deployment phase the step belongs to (display and estimates). */
  readonly phase: number;
  /** Display only. */
  readonly description?: string;
}

/**
 * How the executor checks an `update-aliases` precondition (absent means `exact`):
 * - `exact`: the distribution's alias set equals `aliases`, and `enabled` and `certificateArn` match
 *   (every forward step: the simulation knows the state exactly).
 * - `absent-present`: every alias in `add` is held by NO distribution (the executor checks at least
 *   the distribution being updated and, for a rollback, the forward target it failed to reach; a
 *   `CNAMEAlreadyExists` on the write means it is held elsewhere and counts as the precondition not
 *   holding), every alias in `remove` is on the distribution, and `enabled` and `certificateArn`
 *   match; the rest of the alias set is NOT compared (`aliases` is informational: the set the
 *   simulation expects). Rollback steps use it, because other branches of the plan may or may not
 *   have run when a rollback starts.
 */
export type PreconditionMode = 'exact' | 'absent-present';

export interface UpdatePrecondition extends DistributionCondition {
  readonly mode?: PreconditionMode;
}

/** One UpdateDistribution: remove and/or add aliases on one distribution (read-modify-write, If-Match). */
export interface UpdateAliasesStep extends StepBase {
  readonly kind: 'update-aliases';
  readonly distribution: string;
  readonly remove: readonly string[];
  readonly add: readonly string[];
  readonly precondition: UpdatePrecondition;
  readonly postcondition: { readonly aliases: readonly string[] };
  /**
   * Set on forward steps when the desired state has a maintenance window: critical-path seconds
   * from this step's start to the end of the plan (as `estimate.seconds` counts them). The executor
   * must not START the step when `now + remainingSeconds` is past the window's end (a started step
   * always completes, or rolls back).
   */
  readonly remainingSeconds?: number;
}

/**
 * The `_<alias>` TXT ownership record a move creates only when CloudFront refuses the move for a
 * missing or wrong one (`IllegalUpdate`): the step runner writes it, waits for INSYNC and tries the
 * move once more. Absent when no hosted zone of the account can hold the record (or `dns: none`).
 */
export interface TxtFallback {
  readonly zoneId: string;
  readonly zoneName: string;
  readonly record: DnsRecord;
}

/**
 * One call that moves `alias` from `from` to `to` (distributions or tenants), no downtime:
 * UpdateDomainAssociation (`If-Match`: the target's current ETag) or AssociateAlias, per `api`.
 */
export interface MoveAliasStep extends StepBase {
  readonly kind: 'move-alias';
  readonly alias: string;
  readonly from: string;
  readonly to: string;
  readonly api: MoveApi;
  readonly txtFallback?: TxtFallback;
  /** The alias is on `from` just before the call. */
  readonly precondition: { readonly aliasOn: string };
  /** The alias is on `to` afterwards. */
  readonly postcondition: { readonly aliasOn: string };
  /** As on `UpdateAliasesStep`: seconds from this step's start to the end of the plan (window set only). */
  readonly remainingSeconds?: number;
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

/**
 * Final check of one distribution: Deployed, with exactly these aliases (`mode` `exact`, the
 * default) or with at least these aliases (`includes`: rollback verifies, which cannot know what
 * other branches did); DNS names point at it.
 */
export interface VerifyStep extends StepBase {
  readonly kind: 'verify';
  readonly distribution: string;
  readonly aliases: readonly string[];
  readonly mode?: 'exact' | 'includes';
  readonly dns: readonly { readonly zoneId: string; readonly name: string; readonly pointsAt: string }[];
}

/**
 * One UpdateDistribution of `DistributionConfig.Enabled` alone (read-modify-write, If-Match). The
 * planner disables only a distribution the desired file allows (`allowDisableSource`), and every
 * disable is followed by a re-enable of the same distribution in the same plan.
 */
export interface SetEnabledStep extends StepBase {
  readonly kind: 'set-enabled';
  readonly distribution: string;
  readonly enabled: boolean;
  /**
   * The distribution just before: its aliases (sorted), enabled flag (the opposite of `enabled`) and
   * certificate. `mode` `flag` (rollback re-enables, which cannot know which moves ran): only the
   * enabled flag and the certificate are compared, `aliases` is informational. Absent: `exact`.
   */
  readonly precondition: DistributionCondition & { readonly mode?: 'exact' | 'flag' };
  readonly postcondition: { readonly enabled: boolean };
  /**
   * On a disable: what it takes offline until the re-enable is Deployed. `aliases`: every alias of
   * the distribution that does not leave it in the meantime (sorted); `seconds`: the critical-path
   * estimate from the disable to the end of the re-enable's deployment. Display only.
   */
  readonly offline?: { readonly aliases: readonly string[]; readonly seconds: number };
  /** As on `UpdateAliasesStep`: seconds from this step's start to the end of the plan (window set only). */
  readonly remainingSeconds?: number;
}

/** Closed union: handle with an exhaustive switch on `kind`. */
export type PlanStep = UpdateAliasesStep | MoveAliasStep | SetEnabledStep | WaitDeployedStep | ChangeDnsStep | WaitDnsStep | VerifyStep;

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

/** One alias a rollback recipe returns to where it was. */
export interface RollbackAlias {
  readonly alias: string;
  /** The distribution it left in phase 1 (and goes back to). */
  readonly source: string;
  /** The distribution the failed step was adding it to. */
  readonly target: string;
}

/**
 * Inverse steps, computed at plan time, for when the forward `update-aliases` step `trigger` (a
 * phase-2 add of detach-attach or wildcard-route aliases) fails after their sources already let them go (e.g.
 * InvalidViewerCertificate, or CNAMEAlreadyExists because another writer took one). The executor,
 * with `--on-failure rollback`, runs `steps` in dependency order (ids prefixed `rollback:`,
 * `dependsOn` naming steps of this recipe only; no forward step that depends on the trigger runs):
 * repoint DNS back to each source (one `change-dns` per zone, only for aliases whose DNS the forward
 * plan repointed before the trigger) → wait INSYNC → re-add the aliases to each source (one
 * `update-aliases` per source, precondition mode `absent-present`) → wait Deployed → verify (mode
 * `includes`). `move-alias` steps have no recipe: AssociateAlias is atomic, a failed one left the
 * alias on its source. Steps carry the trigger's phase.
 *
 * A disable-and-move has one more kind of recipe: its trigger is the forward re-enable
 * (`set-enabled`, enabled true) of a disabled source, and its steps re-enable the source (precondition
 * mode `flag`) and wait until it is Deployed, with no `aliases`. It runs when the re-enable fails, or
 * cannot start because a step before it (a move, the disable's wait) failed after the disable took
 * effect: no failure leaves a source disabled.
 */
export interface RollbackRecipe {
  /** Id of the forward step whose failure starts this recipe. */
  readonly trigger: string;
  /** Sorted by alias. */
  readonly aliases: readonly RollbackAlias[];
  /** Topological order. */
  readonly steps: readonly PlanStep[];
  /** Critical path of the recipe alone (what a rollback costs once started). */
  readonly estimate: PlanEstimate;
}

/** Where a plan's facts were read: the real AWS, or a sandbox world (the emulator, or the in-process sandbox). */
export type PlanEnvironment = 'aws' | 'sandbox';

/** Who holds an alias: a distribution and its account (another account's ids masked, as AWS shows them). */
export interface AliasHolder {
  readonly distribution: string;
  readonly account: string;
}

/** A distribution the plan touches, as it was read. */
export interface BasisDistribution {
  readonly id: string;
  readonly enabled: boolean;
  readonly certificateArn: string | null;
  /** How many aliases it held (all of them, managed or not). */
  readonly aliasCount: number;
  /** Most aliases the plan puts on it at once; set on distributions the plan adds aliases to (the quota check). */
  readonly peakAliasCount?: number;
}

/** The certificate of a distribution the plan adds aliases to, as it was read. */
export interface BasisCertificate {
  readonly arn: string;
  readonly status: string;
  readonly notAfter: string | null;
}

/** Every record set at `name` (of the types the plan reads there) in the zone, as it was read. */
export interface BasisRecords {
  readonly zoneId: string;
  /** Fully qualified, lowercase, trailing dot. */
  readonly name: string;
  /** `['A', 'AAAA', 'CNAME']` at an alias, `['TXT']` at an ownership record. */
  readonly types: readonly string[];
  /** The record sets found (none: the name had no record of those types). */
  readonly records: readonly DnsRecord[];
}

/**
 * The live facts the plan depends on, as they were read when it was made: every distribution it
 * touches (enabled flag, certificate, alias count), the holder of every alias it changes (and of
 * the wildcard that would catch an alias it leaves unattached for a while), the certificates that
 * must cover the aliases it adds, and every record set it reads or writes. `apply` reads them again
 * before its first write and refuses the plan when any differs (nothing else in the account counts:
 * other aliases, other config fields, ETags, a distribution's status).
 */
export interface PlanBasis {
  readonly environment: PlanEnvironment;
  /** When the facts were read (ISO 8601). */
  readonly readAt: string;
  readonly distributions: readonly BasisDistribution[];
  /** Sorted by alias. `holder` null: no distribution the account can see held it. */
  readonly holders: readonly { readonly alias: string; readonly holder: AliasHolder | null }[];
  readonly certificates: readonly BasisCertificate[];
  readonly records: readonly BasisRecords[];
}

export interface Plan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  /** The engine version that made the plan (`ENGINE_VERSION`); absent in plans made before it was recorded. */
  readonly engineVersion?: string;
  readonly createdAt: string;
  readonly account: string;
  /**
   * The registry of accounts the plan spans (`accounts:` of cfalias.yaml): logical name → how it is
   * reached (never a secret), so `apply PLANFILE` and `resume` reach the same accounts the same way.
   * Absent: a plan of one account.
   */
  readonly accounts?: Readonly<Record<string, AccountEntry>>;
  /** With `accounts`: the account id of every distribution, tenant and hosted zone a step names (sorted by id). */
  readonly resourceAccounts?: Readonly<Record<string, string>>;
  readonly desiredDigest: string;
  readonly window?: MaintenanceWindow;
  readonly summary: PlanSummary;
  readonly changes: readonly Change[];
  readonly diagnostics: readonly Diagnostic[];
  readonly distributions: readonly PlanDistribution[];
  readonly steps: readonly PlanStep[];
  /** One recipe per phase-2 `update-aliases` step that adds detach-attach aliases, and per re-enable of a disabled source; absent when none. */
  readonly rollbacks?: readonly RollbackRecipe[];
  readonly estimate: PlanEstimate;
  /** The facts the plan was made from (see `PlanBasis`). */
  readonly basis: PlanBasis;
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
