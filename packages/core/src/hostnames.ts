/**
 * Hostname rules shared by validation, checks and routing.
 *
 * - Aliases are lowercase LDH names without a trailing dot; a wildcard is `*.` as the whole
 *   leftmost label only (`*.example.com`), never deeper (`a.*.example.com`) or repeated (`*.*.x`).
 * - Certificate coverage: a SAN `*.example.com` covers exactly one label (`a.example.com`), not the
 *   apex and not `a.b.example.com`; a wildcard alias is covered only by the identical wildcard SAN.
 * - Routing: CloudFront serves a request from the most specific alias matching its Host; a
 *   wildcard alias `*.example.com` matches any name below `example.com` (any depth).
 */

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_NAME_LENGTH = 253;
/** A name every rule of checkAlias accepts: an optional `*.`, then two or more valid labels. */
const VALID_ALIAS = /^(?:\*\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Lowercases and strips one trailing dot. Does not validate. */
export function normalizeHostname(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** `www.example.com` → `www.example.com.` */
export function toFqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/** `www.example.com.` → `www.example.com` */
export function fromFqdn(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

export function isWildcard(alias: string): boolean {
  return alias.startsWith('*.');
}

export type HostnameProblem =
  | { readonly kind: 'uppercase'; readonly message: string }
  | { readonly kind: 'wildcard'; readonly message: string }
  | { readonly kind: 'hostname'; readonly message: string };

/**
 * Why `alias` is not a valid CloudFront alias as written, or null when it is. Uppercase is a
 * problem of its own (aliases are lowercase), so the file can say exactly what to fix.
 */
export function checkAlias(alias: string): HostnameProblem | null {
  // The usual answer in one test; the rules below say what is wrong with the others.
  if (alias.length <= MAX_NAME_LENGTH && VALID_ALIAS.test(alias)) return null;
  if (alias !== alias.toLowerCase()) {
    return { kind: 'uppercase', message: `"${alias}" has uppercase letters; aliases are lowercase ("${alias.toLowerCase()}")` };
  }
  if (alias.endsWith('.')) {
    return { kind: 'hostname', message: `"${alias}" ends with a dot; write it without the trailing dot` };
  }
  if (alias.length === 0) return { kind: 'hostname', message: 'the alias is empty' };
  if (alias.length > MAX_NAME_LENGTH) {
    return { kind: 'hostname', message: `"${alias}" is ${alias.length} characters long; the limit is ${MAX_NAME_LENGTH}` };
  }
  const labels = alias.split('.');
  const wildcardAt = labels.flatMap((label, i) => (label.includes('*') ? [i] : []));
  if (wildcardAt.length > 0) {
    if (wildcardAt.length > 1 || wildcardAt[0] !== 0 || labels[0] !== '*') {
      return {
        kind: 'wildcard',
        message: `"${alias}" is not a valid wildcard: only "*." as the whole leftmost label is allowed (like "*.example.com")`,
      };
    }
  }
  const named = wildcardAt.length > 0 ? labels.slice(1) : labels;
  if (named.length < 2) {
    return { kind: 'hostname', message: `"${alias}" needs at least two labels below any wildcard (like "www.example.com")` };
  }
  for (const label of named) {
    if (label.length === 0) return { kind: 'hostname', message: `"${alias}" has an empty label` };
    if (label.length > 63) {
      return {
        kind: 'hostname',
        message: `"${alias}" has a label of ${label.length} characters ("${label.slice(0, 12)}…"); the limit is 63`,
      };
    }
    if (!LABEL.test(label)) {
      return { kind: 'hostname', message: `"${alias}" has an invalid label "${label}": use letters, digits and inner hyphens` };
    }
  }
  return null;
}

/** Does one certificate SAN cover the alias? */
export function sanCovers(san: string, alias: string): boolean {
  const s = normalizeHostname(san);
  if (s === alias) return true;
  if (!isWildcard(s) || isWildcard(alias)) return false;
  const dot = alias.indexOf('.');
  return dot > 0 && alias.slice(dot + 1) === s.slice(2);
}

export function certificateCovers(subjectAlternativeNames: readonly string[], alias: string): boolean {
  return subjectAlternativeNames.some((san) => sanCovers(san, alias));
}

/** Does alias `pattern` (exact or wildcard) match host `name` for routing? */
export function aliasMatches(pattern: string, name: string): boolean {
  if (!isWildcard(pattern)) return pattern === name;
  const suffix = pattern.slice(1); // ".example.com"
  return name.length > suffix.length && name.endsWith(suffix) && !isWildcard(name);
}

/**
 * The alias that serves `name` among `aliases` (most specific match: exact first, then the
 * longest wildcard), or undefined. For a wildcard `name`, only an exact match serves it.
 */
export function servingAlias(name: string, aliases: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const alias of aliases) {
    if (alias === name) return alias;
    if (aliasMatches(alias, name) && (best === undefined || alias.length > best.length)) best = alias;
  }
  return best;
}

/** The hosted zone (by name, trailing dots allowed) that `name` belongs to: the longest suffix match. */
export function zoneFor<Z extends { readonly name: string }>(name: string, zones: readonly Z[]): Z | undefined {
  const host = fromFqdn(name);
  let best: Z | undefined;
  for (const zone of zones) {
    const zoneName = fromFqdn(zone.name.toLowerCase());
    if ((host === zoneName || host.endsWith(`.${zoneName}`)) && (!best || zoneName.length > fromFqdn(best.name).length)) {
      best = zone;
    }
  }
  return best;
}

/** The region of an ACM certificate ARN (`arn:aws:acm:us-east-1:…`), or undefined when it is not an ACM ARN. */
export function certificateRegion(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts[0] === 'arn' && parts[2] === 'acm' ? parts[3] : undefined;
}
