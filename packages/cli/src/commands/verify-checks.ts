/**
 * The live checks of `cfalias verify`: for each managed alias with a target distribution, what
 * Route 53 holds for it, what each resolver answers, what certificate the edge serves with its SNI
 * and (opt-in) what an HTTPS request answers. Probes come from the providers, verdicts from core.
 */
import {
  fromFqdn,
  isWildcard,
  judgeCertificate,
  judgeDnsAnswer,
  judgeHttpResponse,
  toFqdn,
  zoneFor,
  type AnswerRecord,
  type CutoverProvider,
  type DesiredAlias,
  type DesiredState,
  type Distribution,
  type HttpExpectation,
  type Inventory,
  type LiveCheckResult,
} from '@cfalias/core';
import { probeHttp, probeTls, queryDns } from '@cfalias/providers';

export interface LiveCheckSettings {
  /** Resolvers to ask (`host:port`); the system resolver's address when the caller chose none. */
  readonly resolvers: readonly string[];
  /** Where to open TLS and HTTPS connections instead of each alias on port 443. */
  readonly edge?: string;
  /** Extra CA certificates (PEM) to trust. */
  readonly ca?: string;
  readonly warningDays: number;
  readonly http?: { readonly path: string; readonly method: 'HEAD' | 'GET'; readonly expect: HttpExpectation };
  readonly now: Date;
}

/** Every check of every alias that has a target, in the order of the desired file. */
export async function runLiveChecks(
  provider: CutoverProvider,
  desired: DesiredState,
  inventory: Inventory,
  settings: LiveCheckSettings,
): Promise<LiveCheckResult[]> {
  const addresses = new Map<string, Promise<string[]>>();
  const addressesOf = (domain: string, resolver: string): Promise<string[]> => {
    const key = `${resolver} ${domain}`;
    let found = addresses.get(key);
    if (found === undefined) {
      found = queryDns(domain, 'A', resolver).then(
        (answer) => answer.filter((r) => r.type === 'A').map((r) => r.data),
        () => [],
      );
      addresses.set(key, found);
    }
    return found;
  };
  const results: LiveCheckResult[] = [];
  for (const alias of desired.aliases) {
    if (alias.target === null || isWildcard(alias.alias)) continue;
    const target = inventory.distributions.find((d) => d.id === alias.target);
    if (target === undefined) {
      results.push(failure('dns', alias.alias, 'inventory', `the target distribution ${alias.target} was not found`));
      continue;
    }
    const others = inventory.distributions.filter((d) => d.id !== target.id);
    if (alias.dns === 'route53') results.push(await route53Check(provider, alias, target, others, inventory));
    for (const resolver of settings.resolvers) {
      results.push(await resolverCheck(alias.alias, resolver, target, others, addressesOf));
    }
    results.push(await tlsCheck(alias.alias, settings));
    if (settings.http !== undefined) results.push(await httpCheck(alias.alias, settings, settings.http));
  }
  return results;
}

function failure(kind: LiveCheckResult['kind'], alias: string, source: string, summary: string): LiveCheckResult {
  return { kind, alias, source, status: 'fail', summary };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What Route 53 holds for the alias and, when the provider can ask (`TestDNSAnswer`), what its name
 * servers answer: either must lead to the target. No propagation allowed: this is the source.
 */
async function route53Check(
  provider: CutoverProvider,
  alias: DesiredAlias,
  target: Distribution,
  others: readonly Distribution[],
  inventory: Inventory,
): Promise<LiveCheckResult> {
  const zone = zoneFor(
    alias.alias,
    inventory.hostedZones.filter((z) => z.privateZone !== true),
  );
  if (zone === undefined) return failure('dns', alias.alias, 'route53', `no public hosted zone holds ${alias.alias}`);
  const source = `route53 ${zone.name}`;
  const records = zone.records.filter((r) => r.name === toFqdn(alias.alias) && (r.type === 'CNAME' || r.type === 'A' || r.type === 'AAAA'));
  const held: AnswerRecord[] = records.flatMap((r) =>
    r.aliasTarget !== undefined
      ? [{ name: alias.alias, type: 'ALIAS', ttl: 0, data: fromFqdn(r.aliasTarget.dnsName) }]
      : (r.values ?? []).map((value) => ({ name: alias.alias, type: r.type, ttl: r.ttl ?? 0, data: fromFqdn(value) })),
  );
  const expected = {
    targetDomain: target.domainName,
    targetAddresses: [],
    otherDomains: others.map((d) => ({ domain: d.domainName, addresses: [] })),
  };
  const judged = judgeDnsAnswer(alias.alias, source, held, expected, false);
  if (judged.status !== 'pass' || provider.testDnsAnswer === undefined) return judged;
  try {
    const type = records.some((r) => r.type === 'CNAME') ? 'CNAME' : 'A';
    const answer = await provider.testDnsAnswer(zone.id, alias.alias, type);
    const shown = answer.data.map((d) => `${alias.alias} ${answer.type} ${d}`);
    const details = { ...judged.details, route53Answer: shown };
    if (answer.responseCode !== 'NOERROR' || answer.data.length === 0) {
      return { ...judged, status: 'fail', details, summary: `Route 53 answers ${answer.responseCode} with no data for ${alias.alias}` };
    }
    if (answer.type === 'CNAME') {
      // Route 53 answers the CNAME itself: it must be the record the zone holds, leading to the target.
      const cname = answer.data.map((d) => ({ name: alias.alias, type: 'CNAME', ttl: 0, data: fromFqdn(d) }));
      return { ...judgeDnsAnswer(alias.alias, source, cname, expected, false), details };
    }
    return { ...judged, details, summary: `${judged.summary}; Route 53 answers ${answer.data.join(', ')}` };
  } catch (error) {
    return failure('dns', alias.alias, source, `TestDNSAnswer failed: ${reason(error)}`);
  }
}

async function resolverCheck(
  alias: string,
  resolver: string,
  target: Distribution,
  others: readonly Distribution[],
  addressesOf: (domain: string, resolver: string) => Promise<string[]>,
): Promise<LiveCheckResult> {
  try {
    const answer = await queryDns(alias, 'A', resolver);
    const otherDomains = await Promise.all(
      others.map(async (d) => ({ domain: d.domainName, addresses: await addressesOf(d.domainName, resolver) })),
    );
    return judgeDnsAnswer(
      alias,
      resolver,
      answer,
      { targetDomain: target.domainName, targetAddresses: await addressesOf(target.domainName, resolver), otherDomains },
      true,
    );
  } catch (error) {
    return failure('dns', alias, resolver, `the resolver did not answer: ${reason(error)}`);
  }
}

async function tlsCheck(alias: string, settings: LiveCheckSettings): Promise<LiveCheckResult> {
  const source = settings.edge ?? `${alias}:443`;
  try {
    const { certificate, untrusted } = await probeTls(alias, {
      ...(settings.edge !== undefined && { edge: settings.edge }),
      ...(settings.ca !== undefined && { ca: settings.ca }),
    });
    const result = judgeCertificate(alias, source, certificate, settings.now, settings.warningDays);
    if (result.status !== 'fail' && untrusted !== undefined) {
      return { ...result, status: 'fail', summary: `the certificate chain is not trusted (${untrusted})` };
    }
    return result;
  } catch (error) {
    return failure('tls', alias, source, `no TLS handshake: ${reason(error)}`);
  }
}

async function httpCheck(
  alias: string,
  settings: LiveCheckSettings,
  http: NonNullable<LiveCheckSettings['http']>,
): Promise<LiveCheckResult> {
  const url = `https://${alias}${http.path}`;
  try {
    const seen = await probeHttp(alias, http.path, {
      method: http.method,
      ...(settings.edge !== undefined && { edge: settings.edge }),
      ...(settings.ca !== undefined && { ca: settings.ca }),
    });
    return judgeHttpResponse(alias, `${http.method} ${url}`, seen, http.expect);
  } catch (error) {
    return failure('http', alias, `${http.method} ${url}`, `no HTTP answer: ${reason(error)}`);
  }
}
