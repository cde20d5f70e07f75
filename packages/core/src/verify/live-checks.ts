/**
 * Live checks after a cutover: pure judgements of what the network answered for an alias. The
 * probing itself (DNS queries, TLS handshakes, HTTP requests) lives in the providers; these
 * functions only decide whether an answer proves the alias is served by its target distribution.
 */
import { certificateCovers, fromFqdn, normalizeHostname } from '../hostnames.js';

/** Which live check a result belongs to. `dns` names its resolver in `source`. */
export type LiveCheckKind = 'dns' | 'tls' | 'http';

/**
 * `pass`; `fail`; `warn` (passes, but needs attention soon: a certificate near expiry);
 * `propagating` (a resolver still caches the previous answer within its TTL: not a failure).
 */
export type LiveCheckStatus = 'pass' | 'fail' | 'warn' | 'propagating';

export interface LiveCheckResult {
  readonly kind: LiveCheckKind;
  readonly alias: string;
  /** What answered: a resolver (`route53`, `system`, `127.0.0.1:5353`), an edge address, a URL. */
  readonly source: string;
  readonly status: LiveCheckStatus;
  /** One line a person reads: what was seen and, on failure, what is wrong. */
  readonly summary: string;
  /** For `propagating`: seconds until the cached answer expires. */
  readonly secondsLeft?: number;
  /** The facts behind the verdict (certificate names, the CNAME chain, the status code). */
  readonly details?: Readonly<Record<string, string | number | readonly string[]>>;
}

/** The certificate a TLS handshake was served, as the probe read it. */
export interface ServedCertificate {
  readonly subject: string;
  readonly subjectAlternativeNames: readonly string[];
  readonly issuer: string;
  /** ISO 8601 */
  readonly validFrom: string;
  /** ISO 8601 */
  readonly validTo: string;
}

export const DEFAULT_EXPIRY_WARNING_DAYS = 14;

/**
 * Does the served certificate cover `alias`, is it valid at `now`, and does it outlive the warning
 * window? A certificate that does not cover the alias names the missing SAN in its summary.
 */
export function judgeCertificate(
  alias: string,
  source: string,
  cert: ServedCertificate,
  now: Date,
  warningDays: number = DEFAULT_EXPIRY_WARNING_DAYS,
): LiveCheckResult {
  const details = {
    subject: cert.subject,
    subjectAlternativeNames: cert.subjectAlternativeNames,
    issuer: cert.issuer,
    validTo: cert.validTo,
  };
  const base = { kind: 'tls' as const, alias, source, details };
  const sans = cert.subjectAlternativeNames.map(normalizeHostname);
  if (!certificateCovers(sans, alias)) {
    return {
      ...base,
      status: 'fail',
      summary: `the certificate does not cover ${alias}: missing SAN ${alias} (it has ${sans.join(', ') || 'no SANs'})`,
    };
  }
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (now.getTime() < from) return { ...base, status: 'fail', summary: `the certificate is not valid before ${cert.validFrom}` };
  if (now.getTime() >= to) return { ...base, status: 'fail', summary: `the certificate expired at ${cert.validTo}` };
  const daysLeft = Math.floor((to - now.getTime()) / 86_400_000);
  if (daysLeft < warningDays) {
    return { ...base, status: 'warn', summary: `covers ${alias}, but expires in ${daysLeft} days (${cert.validTo}); renew it` };
  }
  return { ...base, status: 'pass', summary: `covers ${alias}; issued by ${cert.issuer}, valid until ${cert.validTo}` };
}

/** One record of a DNS answer, as a resolver returned it. */
export interface AnswerRecord {
  /** Lowercase, no trailing dot. */
  readonly name: string;
  /** `CNAME`, `A`, `AAAA`, or `ALIAS` (a Route 53 alias record as the zone holds it: `data` is its target's name). */
  readonly type: string;
  /** Seconds the resolver may still cache it. */
  readonly ttl: number;
  /** The CNAME target (no trailing dot) or the address. */
  readonly data: string;
}

export interface DnsExpectation {
  /** The target distribution's domain (`d2green.cloudfront.net`). */
  readonly targetDomain: string;
  /** The target domain's addresses from the same resolver: what an alias (A/AAAA) record must answer. */
  readonly targetAddresses: readonly string[];
  /** Domains of other distributions (the previous holder among them): an answer leading there may be a stale cache. */
  readonly otherDomains: readonly { readonly domain: string; readonly addresses: readonly string[] }[];
}

/**
 * Does the answer for `alias` lead to the target distribution? A CNAME chain must reach the
 * target's domain; an alias record answers addresses, which must be the target domain's own. An
 * answer that leads to another distribution is `propagating` for as long as its TTL still runs
 * (`propagationAllowed`: a cache may be stale) and a failure otherwise (Route 53 itself answers so).
 */
export function judgeDnsAnswer(
  alias: string,
  source: string,
  answer: readonly AnswerRecord[],
  expected: DnsExpectation,
  propagationAllowed: boolean,
): LiveCheckResult {
  const chain = followChain(alias, answer);
  const target = fromFqdn(expected.targetDomain.toLowerCase());
  const shown = chain.map((r) => `${r.name} ${r.type} ${r.data}`);
  const base = { kind: 'dns' as const, alias, source, details: { answer: shown } };
  if (chain.length === 0) return { ...base, status: 'fail', summary: `no answer for ${alias}` };
  const names = chain.filter((r) => r.type === 'CNAME' || r.type === 'ALIAS').map((r) => fromFqdn(r.data.toLowerCase()));
  const addresses = chain.filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => r.data);
  const reaches = (domain: string, domainAddresses: readonly string[]): boolean =>
    names.includes(domain) || (addresses.length > 0 && addresses.every((a) => domainAddresses.includes(a)));
  if (reaches(target, expected.targetAddresses)) {
    return { ...base, status: 'pass', summary: `${alias} leads to ${target}` };
  }
  const stale = expected.otherDomains.find((other) => reaches(fromFqdn(other.domain.toLowerCase()), other.addresses));
  if (stale !== undefined) {
    const secondsLeft = Math.min(...chain.map((r) => r.ttl));
    if (propagationAllowed && secondsLeft > 0) {
      return {
        ...base,
        status: 'propagating',
        secondsLeft,
        summary: `${alias} still leads to ${stale.domain} (cached for ${secondsLeft}s more), not yet to ${target}`,
      };
    }
    return { ...base, status: 'fail', summary: `${alias} leads to ${stale.domain}, not to ${target}` };
  }
  return { ...base, status: 'fail', summary: `${alias} does not lead to ${target} (answer: ${shown.join('; ')})` };
}

/** The records of `answer` on the path from `alias` (following CNAMEs), in order. */
function followChain(alias: string, answer: readonly AnswerRecord[]): AnswerRecord[] {
  const chain: AnswerRecord[] = [];
  let name = alias;
  for (let hops = 0; hops < 16; hops++) {
    const here = answer.filter((r) => fromFqdn(r.name.toLowerCase()) === name);
    if (here.length === 0) break;
    chain.push(...here);
    const cname = here.find((r) => r.type === 'CNAME');
    if (cname === undefined) break;
    name = fromFqdn(cname.data.toLowerCase());
  }
  return chain;
}

/** The response an HTTP probe saw. */
export interface HttpObservation {
  readonly status: number;
  /** Lowercase names. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface HttpExpectation {
  readonly status: number;
  /** `name` (lowercase) and the value it must have; absent: any value, but present. */
  readonly header?: { readonly name: string; readonly value?: string };
}

export function judgeHttpResponse(alias: string, url: string, seen: HttpObservation, expected: HttpExpectation): LiveCheckResult {
  const base = { kind: 'http' as const, alias, source: url, details: { status: seen.status } };
  if (seen.status !== expected.status) {
    return { ...base, status: 'fail', summary: `${url} answered ${seen.status}, expected ${expected.status}` };
  }
  const header = expected.header;
  if (header !== undefined) {
    const value = seen.headers[header.name.toLowerCase()];
    if (value === undefined) return { ...base, status: 'fail', summary: `${url} answered ${seen.status} without a ${header.name} header` };
    if (header.value !== undefined && value !== header.value) {
      return { ...base, status: 'fail', summary: `${url} answered ${header.name}: ${value}, expected ${header.value}` };
    }
    return { ...base, status: 'pass', summary: `${url} answered ${seen.status} with ${header.name}: ${value}` };
  }
  return { ...base, status: 'pass', summary: `${url} answered ${seen.status}` };
}

/** Failed checks make the verification fail; `warn` and `propagating` do not. */
export function liveChecksFailed(results: readonly LiveCheckResult[]): boolean {
  return results.some((r) => r.status === 'fail');
}
