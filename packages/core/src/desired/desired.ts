/**
 * Desired state: the alias registry read from `cfalias.yaml`. Only aliases listed are managed.
 * Produced by `parseDesiredState` (desired-file.ts); plain data.
 */
import type { SourceLocation } from '../plan/diagnostics.js';

export type StrategyChoice = 'auto' | 'move' | 'detach-attach';
export type DnsMode = 'route53' | 'none';
/**
 * The CloudFront call that moves an alias in one step (strategy `move`):
 * `update-domain-association` (UpdateDomainAssociation: standard distributions and distribution
 * tenants, AWS's recommended call) or `associate-alias` (AssociateAlias: standard distributions
 * only, for principals whose IAM policy lacks `cloudfront:UpdateDomainAssociation`).
 */
export type MoveApi = 'update-domain-association' | 'associate-alias';
/**
 * When a move plans the `_<alias>` TXT ownership record: `when-needed` (cross-account moves up
 * front; same-account moves only when CloudFront refuses the move without it) or `always`.
 */
export type TxtProof = 'when-needed' | 'always';

export interface DesiredAlias {
  /** Normalised (lowercase, no trailing dot); `*.example.com` for a wildcard. */
  readonly alias: string;
  /**
   * Distribution id (`E…`) or distribution tenant id (`dt_…`) the alias must end on; null: detach
   * from whatever holds it in this account.
   */
  readonly target: string | null;
  /** The logical name as written in the file, when one was used (`green`). Display only. */
  readonly targetName?: string;
  readonly strategy: StrategyChoice;
  readonly dns: DnsMode;
  readonly moveApi: MoveApi;
  readonly txtProof: TxtProof;
  /** Where the alias key is in the file. */
  readonly location?: SourceLocation;
}

export interface MaintenanceWindow {
  /** ISO 8601 UTC */
  readonly start: string;
  readonly end: string;
}

export interface SafetySettings {
  /** Refuse plans that change more than this share of managed aliases (when 10 or more are managed). */
  readonly maxChangePercent: number;
}

/**
 * Where the apply lock lives. Built from these settings by the providers (`createLeaseLockFromSettings`).
 * `local`: a lock file (optional `path`); `s3`: an object `key` in `bucket` (optional `region`).
 */
export type LockSettings =
  | { readonly backend: 'local'; readonly path?: string }
  | { readonly backend: 's3'; readonly bucket: string; readonly key: string; readonly region?: string };

/** `verify:` of cfalias.yaml: how live checks run (after apply, and for `cfalias verify`). */
export interface VerifySettings {
  /** Run them after a successful apply; absent: yes against AWS, no in the sandbox. */
  readonly afterApply?: boolean;
  /** `host[:port]`, or `system` for the system resolver. */
  readonly resolvers?: readonly string[];
  readonly warningDays?: number;
  readonly http?: {
    readonly path: string;
    readonly method?: 'HEAD' | 'GET';
    readonly status?: number;
    readonly header?: { readonly name: string; readonly value?: string };
  };
}

/**
 * One AWS account of the registry (`accounts:` of cfalias.yaml) and how to reach it: `profile` (a
 * named profile of the shared config files), `roleArn` (a role assumed from the default
 * credentials, with `externalId` when its trust policy asks for one), or neither (the default
 * credentials reach it). Never holds a secret.
 */
export interface AccountEntry {
  /** 12 digits. */
  readonly id: string;
  readonly profile?: string;
  readonly roleArn?: string;
  readonly externalId?: string;
}

export interface DesiredState {
  readonly version: 1;
  /** Path the state was read from (for locations and messages). */
  readonly file: string;
  /** `sha256:<hex>` of the file's bytes. */
  readonly digest: string;
  /** The single-account guard (`account:`); never present together with `accounts`. */
  readonly account?: string;
  /** Logical account name → account (`accounts:`); absent in a single-account file. */
  readonly accounts?: Readonly<Record<string, AccountEntry>>;
  /** Logical name → distribution id or distribution tenant id. */
  readonly distributions: Readonly<Record<string, string>>;
  /**
   * Logical distribution name → logical account name, for each distribution declared with
   * `{ account, id }`. A distribution not listed is in the default credentials' account.
   */
  readonly distributionAccounts?: Readonly<Record<string, string>>;
  /**
   * Ids of the distributions declared with `allowDisableSource: true`, sorted: a cross-account move
   * may disable one of them while an alias leaves it (route `disable-and-move`). Disabling takes
   * every alias the distribution serves offline meanwhile, so no other distribution is ever
   * disabled. Absent: none.
   */
  readonly allowDisableSource?: readonly string[];
  readonly defaults: {
    readonly strategy: StrategyChoice;
    readonly dns: DnsMode;
    readonly moveApi: MoveApi;
    readonly txtProof: TxtProof;
  };
  readonly window?: MaintenanceWindow;
  readonly safety: SafetySettings;
  readonly lock?: LockSettings;
  readonly verify?: VerifySettings;
  readonly aliases: readonly DesiredAlias[];
}

export const DEFAULT_MAX_CHANGE_PERCENT = 30;
