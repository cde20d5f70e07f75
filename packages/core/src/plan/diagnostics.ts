/**
 * Diagnostics: findings about the desired file (bad input) or the plan (preflight checks).
 * Validation collects every problem as a diagnostic instead of throwing at the first one.
 */

export interface SourceLocation {
  readonly file: string;
  /** 1-based */
  readonly line: number;
  /** 1-based */
  readonly col: number;
}

/** Problems in the desired file itself: any of these makes the input bad (exit 1, no plan). */
export type InputDiagnosticCode =
  | 'yaml-syntax'
  | 'schema'
  | 'unknown-field'
  | 'duplicate-key'
  | 'invalid-hostname'
  | 'uppercase-alias'
  | 'invalid-wildcard'
  | 'unknown-distribution-name'
  | 'invalid-distribution-id'
  | 'invalid-window'
  | 'unsupported-version'
  | 'invalid-account'
  /** A distribution names an account not declared in `accounts`. */
  | 'unknown-account-name';

/** Preflight checks of a plan against the inventory: errors block the plan (exit 3). */
export type CheckCode =
  | 'unknown-distribution'
  | 'distribution-disabled'
  | 'certificate-missing'
  | 'certificate-not-covering'
  | 'certificate-not-issued'
  | 'certificate-wrong-region'
  | 'certificate-expiring'
  | 'alias-quota-exceeded'
  | 'foreign-owner'
  /** A move across the registry's accounts that neither the wildcard route nor disable-and-move can make. */
  | 'cross-account-blocked'
  /** Warning: no resource of the account could learn whether another account holds the alias. */
  | 'owner-unknown'
  /** The move API asked for cannot make the move (AssociateAlias and a tenant, or a provider without it). */
  | 'move-api-unsupported'
  /** The target is a multi-tenant distribution, which holds no aliases: target one of its tenants. */
  | 'multi-tenant-target'
  | 'wildcard-overlap'
  /**
   * Warning: a registry distribution holds `*.<parent>`, not in the desired file, while managed
   * aliases under it target that distribution: perhaps a wildcard route's temporary wildcard left behind.
   */
  | 'wildcard-left-behind'
  /**
   * Warning: a detach-attach alias is served during its gap by its parent wildcard, so its downtime
   * is 0 (left out where `wildcard-overlap` already names the same holder).
   */
  | 'gap-served-by-wildcard'
  | 'dns-points-elsewhere'
  | 'dns-left-pointing'
  /** Warning: `dns: route53`, but no hosted zone of the account holds the alias: its DNS is the user's to change. */
  | 'dns-zone-missing'
  | 'txt-record-missing'
  | 'account-mismatch'
  | 'strategy-unavailable'
  | 'too-many-changes'
  | 'window-too-short'
  /** Warning: a detach-attach alias the rollback recipe cannot put back on its source. */
  | 'rollback-unavailable';

export type DiagnosticCode = InputDiagnosticCode | CheckCode;

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly alias?: string;
  readonly distribution?: string;
  /** What the operator should do, spelled out (the exact record to create, the SANs to request...). */
  readonly remediation?: string;
  /** Where it comes from in the desired file, when it does. */
  readonly location?: SourceLocation;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `cfalias.yaml:12:3` */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.col}`;
}
