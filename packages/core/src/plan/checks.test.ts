import { expect } from 'chai';
import type { Diagnostic } from './diagnostics.js';
import type { DesiredAlias, DesiredState } from '../desired/desired.js';
import type { Inventory } from '../inventory/inventory.js';
import { planCutover } from './planner.js';
import {
  aliasRecord,
  buildCertificate,
  buildDesired,
  buildDistribution,
  buildInventory,
  buildZone,
  certificateArn,
  cnameRecord,
  desiredAlias,
  TEST_NOW,
} from '../testing/index.js';

const BLUE = 'e1blue.cloudfront.net';
const GREEN = 'e2green.cloudfront.net';
const LOC = { file: 'cfalias.yaml', line: 7, col: 3 };

function world(extra: Partial<Parameters<typeof buildInventory>[0]> = {}, records: Parameters<typeof buildZone>[2] = []): Inventory {
  return buildInventory({
    distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com', 'api.example.com'] }), buildDistribution('E2GREEN')],
    zones: [buildZone('Z1EXAMPLE', 'example.com', records)],
    ...extra,
  });
}

function diagnose(desired: DesiredState | DesiredAlias[], inventory: Inventory = world(), expiryWarningDays?: number): Diagnostic[] {
  const d = Array.isArray(desired) ? buildDesired(desired) : desired;
  return [...planCutover(d, inventory, { now: TEST_NOW, ...(expiryWarningDays !== undefined && { expiryWarningDays }) }).diagnostics];
}

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.severity} ${d.code} ${d.alias ?? d.distribution ?? ''}`);
}

describe('preflight checks', () => {
  it('raises nothing for a clean move', () => {
    expect(diagnose([desiredAlias('www.example.com', 'E2GREEN')])).to.deep.equal([]);
  });

  it('account-mismatch: the desired file names another account', () => {
    const [d] = diagnose(buildDesired([desiredAlias('www.example.com', 'E1BLUE')], { account: '999999999999' }));
    expect(d).to.deep.include({ severity: 'error', code: 'account-mismatch' });
    expect(d!.message).to.equal('cfalias.yaml is for account 999999999999, but the inventory is of account 111111111111');
  });

  it('unknown-distribution: the target is not in the account, with the alias location', () => {
    const diagnostics = diagnose([desiredAlias('www.example.com', 'E9NOPE', { location: LOC, targetName: 'nope' })]);
    expect(diagnostics).to.have.length(1);
    expect(diagnostics[0]).to.deep.include({
      severity: 'error',
      code: 'unknown-distribution',
      alias: 'www.example.com',
      distribution: 'E9NOPE',
      location: LOC,
    });
    expect(diagnostics[0]!.message).to.equal(
      'www.example.com: target E9NOPE ("nope") is not a distribution or distribution tenant of account 111111111111',
    );
  });

  it('distribution-disabled: the target is disabled', () => {
    const inventory = world({
      distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN', { enabled: false })],
    });
    expect(codes(diagnose([desiredAlias('www.example.com', 'E2GREEN')], inventory))).to.deep.equal(['error distribution-disabled E2GREEN']);
  });

  it('certificate-missing: default certificate, or an ARN not in the inventory', () => {
    const defaultCert = world({ distributions: [buildDistribution('E2GREEN', { certificate: null })] });
    const [a] = diagnose([desiredAlias('new.example.com', 'E2GREEN')], defaultCert);
    expect(a).to.deep.include({ severity: 'error', code: 'certificate-missing', distribution: 'E2GREEN' });
    expect(a!.message).to.equal('E2GREEN uses the CloudFront default certificate; it cannot serve new.example.com');

    const unknownArn = world({ distributions: [buildDistribution('E2GREEN', { certificate: 'gone' })] });
    const [b] = diagnose([desiredAlias('new.example.com', 'E2GREEN')], unknownArn);
    expect(b!.message).to.equal(`E2GREEN uses certificate ${certificateArn('gone')}, which was not found in the inventory`);
  });

  it('certificate-wrong-region: not us-east-1', () => {
    const arn = certificateArn('eu', 'eu-west-1');
    const inventory = world({
      distributions: [{ ...buildDistribution('E2GREEN'), certificateArn: arn }],
      certificates: [buildCertificate('eu', ['*.example.com'], { arn })],
    });
    const diagnostics = diagnose([desiredAlias('new.example.com', 'E2GREEN')], inventory);
    expect(codes(diagnostics)).to.deep.equal(['error certificate-wrong-region E2GREEN']);
    expect(diagnostics[0]!.message).to.contain('is in eu-west-1');
  });

  it('certificate-not-issued: pending validation', () => {
    const inventory = world({
      certificates: [buildCertificate('main', ['*.example.com'], { status: 'PENDING_VALIDATION', notAfter: null })],
    });
    const diagnostics = diagnose([desiredAlias('new.example.com', 'E2GREEN')], inventory);
    expect(codes(diagnostics)).to.deep.equal(['error certificate-not-issued E2GREEN']);
    expect(diagnostics[0]!.remediation).to.equal('complete the DNS validation of the certificate');
  });

  it('certificate-not-covering: names the SANs and the SAN to request (apex, two labels deep)', () => {
    const inventory = world({ certificates: [buildCertificate('main', ['*.example.com'])] });
    const diagnostics = diagnose(
      [
        desiredAlias('example.com', 'E2GREEN', { location: LOC }),
        desiredAlias('a.b.example.com', 'E2GREEN'),
        desiredAlias('c.example.com', 'E2GREEN'),
      ],
      inventory,
    );
    expect(codes(diagnostics)).to.deep.equal([
      'error certificate-not-covering a.b.example.com',
      'error certificate-not-covering example.com',
    ]);
    const [deep, apex] = diagnostics;
    expect(apex!.location).to.deep.equal(LOC);
    expect(apex!.message).to.equal(
      `example.com: certificate ${certificateArn('main')} of E2GREEN does not cover it (SANs: *.example.com; a wildcard SAN covers exactly one label)`,
    );
    expect(apex!.remediation).to.equal('request a certificate with SAN "example.com" (keeping the SANs it has) and attach it to E2GREEN');
    expect(deep!.remediation).to.equal(
      'request a certificate with SAN "*.b.example.com" or "a.b.example.com" (keeping the SANs it has) and attach it to E2GREEN',
    );
  });

  it('certificate-expiring: warning within the warning days or before the window ends, error when expired', () => {
    const expiring = (notAfter: string) => world({ certificates: [buildCertificate('main', ['*.example.com'], { notAfter })] });
    const alias = [desiredAlias('new.example.com', 'E2GREEN')];
    // now = 2026-11-27T12:00Z
    const soon = diagnose(alias, expiring('2026-12-10T12:00:00Z'));
    expect(codes(soon)).to.deep.equal(['warning certificate-expiring E2GREEN']);
    expect(soon[0]!.message).to.equal(`certificate ${certificateArn('main')} of E2GREEN expires at 2026-12-10T12:00:00Z (in 13 days)`);
    expect(diagnose(alias, expiring('2026-12-10T12:00:00Z'), 7)).to.deep.equal([]);
    expect(diagnose(alias, expiring('2027-02-01T00:00:00Z'))).to.deep.equal([]);
    expect(codes(diagnose(alias, expiring('2026-11-01T00:00:00Z')))).to.deep.equal(['error certificate-expiring E2GREEN']);

    const windowed = buildDesired(alias, { window: { start: '2027-01-10T02:00:00Z', end: '2027-01-10T04:00:00Z' } });
    const beforeWindowEnd = diagnose(windowed, expiring('2027-01-10T03:00:00Z'), 7);
    expect(codes(beforeWindowEnd)).to.deep.equal(['warning certificate-expiring E2GREEN']);
    expect(beforeWindowEnd[0]!.message).to.contain('before the maintenance window ends');
  });

  it('gives no certificate findings for no-op aliases', () => {
    const inventory = world({ certificates: [buildCertificate('main', ['other.org'], { status: 'EXPIRED' })] });
    expect(diagnose([desiredAlias('www.example.com', 'E1BLUE')], inventory)).to.deep.equal([]);
  });

  it('alias-quota-exceeded: more aliases than the quota after the plan', () => {
    const inventory = world({
      aliasQuota: 2,
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['www.example.com'] }),
        buildDistribution('E2GREEN', { aliases: ['a.example.com', 'b.example.com'] }),
      ],
    });
    const diagnostics = diagnose([desiredAlias('www.example.com', 'E2GREEN')], inventory);
    expect(codes(diagnostics)).to.deep.equal(['error alias-quota-exceeded E2GREEN']);
    expect(diagnostics[0]!.message).to.equal('E2GREEN would hold 3 aliases after the plan; the quota is 2');
  });

  it('alias-quota-exceeded: transiently, when a move arrives before another leaves', () => {
    // E2GREEN is full (2 of 2). a.example.com moves in before z.example.com moves out (alias order): peak 3.
    const inventory = world({
      aliasQuota: 2,
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['a.example.com'] }),
        buildDistribution('E2GREEN', { aliases: ['m.example.com', 'z.example.com'] }),
      ],
    });
    const diagnostics = diagnose([desiredAlias('a.example.com', 'E2GREEN'), desiredAlias('z.example.com', 'E1BLUE')], inventory);
    expect(codes(diagnostics)).to.deep.equal(['error alias-quota-exceeded E2GREEN']);
    expect(diagnostics[0]!.message).to.equal(
      'E2GREEN would hold 3 aliases during the plan (moves arrive before others leave); the quota is 2',
    );
  });

  it('foreign-owner: names the masked distribution and account; explicit move is also unavailable', () => {
    const inventory = world({ foreignOwners: [{ alias: 'ext.example.com', distributionId: '******ATL97HY', accountId: '******222222' }] });
    const diagnostics = diagnose([desiredAlias('ext.example.com', 'E2GREEN', { location: LOC })], inventory);
    expect(codes(diagnostics)).to.deep.equal(['error foreign-owner ext.example.com']);
    expect(diagnostics[0]).to.deep.include({ distribution: '******ATL97HY', location: LOC });
    expect(diagnostics[0]!.message).to.equal(
      'ext.example.com is held by distribution ******ATL97HY of account ******222222, which cfalias cannot reach (not declared in accounts:); CloudFront refuses to add it elsewhere',
    );
    expect(diagnostics[0]!.remediation).to.equal(
      [
        'if you can reach account ******222222, declare it in accounts: (with a profile or roleArn) and name distribution ******ATL97HY under distributions: — cfalias then plans the move across accounts itself (wildcard route, or disable-and-move with allowDisableSource: true)',
        'otherwise the owner of account ******222222 must act: (a) remove ext.example.com from distribution ******ATL97HY, then plan again',
        `(b) disable distribution ******ATL97HY (every alias it serves goes offline until it is enabled again) and create _ext.example.com. TXT "${GREEN}", then move it with UpdateDomainAssociation to E2GREEN (${GREEN}) (aws cloudfront update-domain-association) and re-enable distribution ******ATL97HY`,
        `(c) with distribution ******ATL97HY still serving: add *.example.com to E2GREEN (${GREEN}) (its certificate must cover it), point ext.example.com's DNS at it, then the owner removes ext.example.com from distribution ******ATL97HY and you plan again`,
      ].join('; '),
    );
    const explicit = diagnose([desiredAlias('ext.example.com', 'E2GREEN', { strategy: 'move' })], inventory);
    expect(codes(explicit)).to.deep.equal(['error foreign-owner ext.example.com', 'error strategy-unavailable ext.example.com']);
  });

  it('wildcard-overlap (a): detaching an exact alias while a wildcard sits on another distribution', () => {
    const inventory = world({
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['www.example.com'] }),
        buildDistribution('E2GREEN', { aliases: ['*.example.com'] }),
      ],
    });
    const diagnostics = diagnose([desiredAlias('www.example.com', null)], inventory);
    expect(codes(diagnostics)).to.deep.equal(['warning wildcard-overlap www.example.com']);
    expect(diagnostics[0]!.message).to.equal(
      'www.example.com: after the detach, requests for it are served by E2GREEN (which holds *.example.com)',
    );
  });

  it('wildcard-overlap (a): during a detach-attach gap, but not when the wildcard is on the target', () => {
    const inventory = world({
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['www.example.com'] }),
        buildDistribution('E2GREEN'),
        buildDistribution('E3WILD', { aliases: ['*.example.com'] }),
      ],
    });
    const gap = diagnose([desiredAlias('www.example.com', 'E2GREEN', { strategy: 'detach-attach' })], inventory);
    expect(codes(gap)).to.deep.equal(['warning wildcard-overlap www.example.com']);
    expect(gap[0]!.message).to.equal(
      'www.example.com: while it is detached from E1BLUE and not yet on E2GREEN, requests for it are served by E3WILD (which holds *.example.com)',
    );
    const onTarget = diagnose([desiredAlias('www.example.com', 'E3WILD', { strategy: 'detach-attach' })], inventory);
    expect(onTarget.filter((d) => d.code === 'wildcard-overlap')).to.deep.equal([]);
    expect(diagnose([desiredAlias('www.example.com', 'E2GREEN', { strategy: 'move' })], inventory)).to.deep.equal([]);
  });

  it('wildcard-overlap (b): moving a wildcard re-routes names DNS sends to its holder', () => {
    const inventory = world(
      {
        distributions: [buildDistribution('E1BLUE', { aliases: ['*.example.com', 'www.example.com'] }), buildDistribution('E2GREEN')],
      },
      [
        aliasRecord('shop.example.com', BLUE),
        cnameRecord('blog.example.com', BLUE),
        aliasRecord('www.example.com', BLUE),
        aliasRecord('other.example.com', GREEN),
      ],
    );
    const diagnostics = diagnose([desiredAlias('*.example.com', 'E2GREEN')], inventory);
    expect(codes(diagnostics)).to.deep.equal(['warning wildcard-overlap *.example.com']);
    expect(diagnostics[0]!.message).to.equal(
      `*.example.com leaves E1BLUE: blog.example.com, shop.example.com (DNS points at ${BLUE}, no exact alias) will be served by E2GREEN`,
    );
    const detached = diagnose([desiredAlias('*.example.com', null)], inventory);
    expect(detached[0]!.message).to.equal(
      `*.example.com leaves E1BLUE: blog.example.com, shop.example.com (DNS points at ${BLUE}, no exact alias) will be served by no distribution (requests for them will fail)`,
    );
  });

  it('dns-points-elsewhere: an attach refused because DNS points at another distribution and cfalias may not repoint', () => {
    const inventory = world({}, [cnameRecord('new.example.com', 'd9elsewhere.cloudfront.net')]);
    const diagnostics = diagnose([desiredAlias('new.example.com', 'E2GREEN', { dns: 'none', location: LOC })], inventory);
    expect(codes(diagnostics)).to.deep.equal(['error dns-points-elsewhere new.example.com']);
    expect(diagnostics[0]!.remediation).to.equal(
      `in hosted zone example.com. (Z1EXAMPLE) set new.example.com. CNAME "${GREEN}", or set dns: route53 for new.example.com so cfalias repoints it first`,
    );
    // With dns: route53 the schedule repoints first: no finding.
    expect(diagnose([desiredAlias('new.example.com', 'E2GREEN')], inventory)).to.deep.equal([]);
  });

  it('dns-points-elsewhere: a detach-attach whose DNS still points at the source', () => {
    const inventory = world({}, [aliasRecord('www.example.com', BLUE)]);
    const diagnostics = diagnose([desiredAlias('www.example.com', 'E2GREEN', { dns: 'none', strategy: 'detach-attach' })], inventory);
    expect(codes(diagnostics)).to.deep.equal(['error dns-points-elsewhere www.example.com']);
    expect(diagnostics[0]!.message).to.equal(
      `www.example.com: DNS points at ${BLUE} (E1BLUE, its current distribution); CloudFront refuses to add it to E2GREEN until DNS is changed, and cfalias may not change it (dns: none)`,
    );
    expect(diagnostics[0]!.remediation).to.contain(`set www.example.com. A ALIAS ${GREEN}.`);
  });

  it('dns-left-pointing: a detached alias whose record still points at the old owner', () => {
    const inventory = world({}, [aliasRecord('api.example.com', BLUE), aliasRecord('api.example.com', BLUE, 'AAAA')]);
    const diagnostics = diagnose([desiredAlias('api.example.com', null)], inventory);
    expect(codes(diagnostics)).to.deep.equal(['warning dns-left-pointing api.example.com']);
    expect(diagnostics[0]!.message).to.equal(
      `api.example.com: after the detach, api.example.com. A and api.example.com. AAAA in zone example.com. still point at ${BLUE} (E1BLUE); cfalias does not delete DNS records`,
    );
  });

  it('dns-zone-missing: dns route53 but no hosted zone contains the alias, naming the record to create by hand', () => {
    const inventory = world({
      distributions: [buildDistribution('E1BLUE'), buildDistribution('E2GREEN', { certificate: 'wide' })],
      certificates: [buildCertificate('wide', ['example.com', '*.example.com', '*.other.test'])],
    });
    const diagnostics = diagnose([desiredAlias('promo.other.test', 'E2GREEN')], inventory);
    expect(codes(diagnostics)).to.deep.equal(['warning dns-zone-missing promo.other.test']);
    expect(diagnostics[0]!.message).to.equal(
      'promo.other.test: dns: route53, but no hosted zone of account 111111111111 contains it, so the plan changes no DNS record for it',
    );
    expect(diagnostics[0]!.remediation).to.contain(`promo.other.test. A ALIAS ${GREEN}.`);
    // dns: none says DNS is handled elsewhere: nothing to warn about.
    expect(diagnose([desiredAlias('promo.other.test', 'E2GREEN', { dns: 'none' })], inventory)).to.deep.equal([]);
  });

  it('txt-record-missing: txtProof: always with an explicit move whose TXT record cannot be created names the exact record', () => {
    const diagnostics = diagnose([desiredAlias('www.example.com', 'E2GREEN', { strategy: 'move', dns: 'none', txtProof: 'always' })]);
    expect(codes(diagnostics)).to.deep.equal(['error txt-record-missing www.example.com']);
    expect(diagnostics[0]!.message).to.equal(
      `www.example.com: txtProof: always needs the TXT record _www.example.com. TXT "${GREEN}" before the move; it does not exist, and cfalias cannot create it (dns: none)`,
    );
    expect(diagnostics[0]!.remediation).to.equal(
      `create _www.example.com. TXT "${GREEN}" in hosted zone example.com. (Z1EXAMPLE), set txtProof: when-needed (a same-account move needs no record unless CloudFront asks for one), or use strategy detach-attach`,
    );
    // auto falls back to detach-attach instead; with the default txtProof nothing is required up front.
    expect(diagnose([desiredAlias('www.example.com', 'E2GREEN', { dns: 'none', txtProof: 'always' })])).to.deep.equal([]);
    expect(diagnose([desiredAlias('www.example.com', 'E2GREEN', { strategy: 'move', dns: 'none' })])).to.deep.equal([]);
  });

  it('txt-record-missing: a zone apex has its record inside its own zone, so only dns: none or no zone blocks it', () => {
    const inventory = world({ distributions: [buildDistribution('E1BLUE', { aliases: ['example.com'] }), buildDistribution('E2GREEN')] });
    const always = { strategy: 'move', txtProof: 'always', location: LOC } as const;
    expect(diagnose([desiredAlias('example.com', 'E2GREEN', always)], inventory)).to.deep.equal([]);
    const noZone = world({
      distributions: [buildDistribution('E1BLUE', { aliases: ['example.com'] }), buildDistribution('E2GREEN')],
      zones: [],
    });
    // Without a zone the alias's own DNS is unmanaged too (dns-zone-missing, a warning); the error is the record.
    expect(diagnose([desiredAlias('example.com', 'E2GREEN', always)], noZone).filter((d) => d.severity === 'error')).to.deep.equal([
      {
        severity: 'error',
        code: 'txt-record-missing',
        alias: 'example.com',
        location: LOC,
        distribution: 'E2GREEN',
        message: `example.com: txtProof: always needs the TXT record _example.com. TXT "${GREEN}" before the move; it does not exist, and cfalias cannot create it (no hosted zone of the account contains _example.com.)`,
        remediation: `create _example.com. TXT "${GREEN}" in the DNS zone that serves _example.com., set txtProof: when-needed (a same-account move needs no record unless CloudFront asks for one), or use strategy detach-attach`,
      },
    ]);
  });

  it('sorts diagnostics: errors first, then code, then alias', () => {
    const inventory = world({
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['www.example.com', 'api.example.com'] }),
        buildDistribution('E2GREEN'),
        buildDistribution('E3WILD', { aliases: ['*.example.com'] }),
      ],
      certificates: [buildCertificate('main', ['*.example.com'])],
    });
    const diagnostics = diagnose(
      [
        desiredAlias('www.example.com', null),
        desiredAlias('example.com', 'E2GREEN'),
        desiredAlias('zz.example.com', 'E9NOPE'),
        desiredAlias('api.example.com', null),
      ],
      inventory,
    );
    expect(codes(diagnostics)).to.deep.equal([
      'error certificate-not-covering example.com',
      'error unknown-distribution zz.example.com',
      'warning wildcard-overlap api.example.com',
      'warning wildcard-overlap www.example.com',
    ]);
  });
});
