import { expect } from 'chai';
import { checkPlan } from './checks.js';
import type { Diagnostic } from './diagnostics.js';
import { diffAliases } from './diff.js';
import { scheduleSteps } from './schedule.js';
import { timingOf } from './estimate.js';
import type { DesiredAlias } from '../desired/desired.js';
import type { Inventory } from '../inventory/inventory.js';
import { indexInventory } from '../inventory/inventory-index.js';
import {
  buildCertificate,
  buildDesired,
  buildDistribution,
  buildInventory,
  buildTenant,
  buildZone,
  desiredAlias,
  TEST_NOW,
} from '../testing/index.js';

/** blue holds www; MULTI is multi-tenant (certificate "main"), with tenants alpha (holds shop) and beta (own narrow certificate). */
function world(extra: Partial<Parameters<typeof buildInventory>[0]> = {}): Inventory {
  return buildInventory({
    distributions: [
      buildDistribution('E1BLUE', { aliases: ['www.example.com'] }),
      buildDistribution('E2GREEN'),
      { ...buildDistribution('E6MULTI'), kind: 'multi-tenant', connectionMode: 'tenant-only' },
    ],
    tenants: [
      buildTenant('dt_alpha01', 'E6MULTI', { domains: ['shop.example.com'] }),
      buildTenant('dt_beta002', 'E6MULTI', { certificate: 'beta' }),
    ],
    certificates: [buildCertificate('main', ['example.com', '*.example.com']), buildCertificate('beta', ['beta.example.com'])],
    zones: [buildZone('Z1EXAMPLE', 'example.com')],
    ...extra,
  });
}

function diagnose(aliases: DesiredAlias[], inventory: Inventory = world(), moveApis?: Parameters<typeof diffAliases>[2]): Diagnostic[] {
  const desired = buildDesired(aliases);
  const index = indexInventory(inventory);
  const items = diffAliases(desired, index, moveApis);
  const { aliasCounts } = scheduleSteps(items, index, { timing: timingOf(inventory) });
  return checkPlan({ desired, index, items, aliasCounts, now: new Date(TEST_NOW), expiryWarningDays: 30 });
}

const codes = (ds: readonly Diagnostic[]): string[] => ds.map((d) => `${d.severity} ${d.code} ${d.alias ?? d.distribution ?? ''}`);

describe('checks on tenants, move APIs and owners', () => {
  it('a tenant is a target like a distribution: its certificate is its own or its distribution’s', () => {
    expect(diagnose([desiredAlias('www.example.com', 'dt_alpha01')])).to.deep.equal([]);
    const narrow = diagnose([desiredAlias('www.example.com', 'dt_beta002')]);
    expect(codes(narrow)).to.deep.equal(['error certificate-not-covering www.example.com']);
    expect(narrow[0]!.message).to.match(/^www\.example\.com: certificate \S+beta of dt_beta002 does not cover it/);
  });

  it('multi-tenant-target: a multi-tenant distribution holds no aliases; the remediation names its tenants', () => {
    const [d] = diagnose([desiredAlias('new.example.com', 'E6MULTI')]);
    expect(d).to.deep.include({ severity: 'error', code: 'multi-tenant-target', distribution: 'E6MULTI' });
    expect(d!.remediation).to.equal('target one of its distribution tenants instead (dt_alpha01, dt_beta002)');
  });

  it('move-api-unsupported: AssociateAlias cannot reach a tenant under strategy move; auto detaches and attaches instead', () => {
    const explicit = diagnose([desiredAlias('www.example.com', 'dt_alpha01', { strategy: 'move', moveApi: 'associate-alias' })]);
    expect(codes(explicit)).to.deep.equal(['error move-api-unsupported www.example.com']);
    expect(explicit[0]!.remediation).to.match(/^set moveApi: update-domain-association for www\.example\.com/);
    expect(diagnose([desiredAlias('www.example.com', 'dt_alpha01', { moveApi: 'associate-alias' })])).to.deep.equal([]);
    const noUda = diagnose([desiredAlias('www.example.com', 'E2GREEN', { strategy: 'move' })], world(), { moveApis: ['associate-alias'] });
    expect(noUda[0]!.message).to.equal(
      'www.example.com: cannot be moved with moveApi update-domain-association: this provider cannot call UpdateDomainAssociation',
    );
  });

  it("foreign-owner: another account's tenant, masked, with the documented routes (no wildcard route for an apex)", () => {
    const owner = {
      alias: 'partner.example.com',
      distributionId: '**********ARTNER0004',
      accountId: '******222222',
      resourceType: 'distribution-tenant' as const,
    };
    const [d] = diagnose([desiredAlias('partner.example.com', 'E2GREEN')], world({ foreignOwners: [owner] }));
    expect(d!.message).to.equal(
      'partner.example.com is held by distribution tenant **********ARTNER0004 of account ******222222, which cfalias cannot reach (not declared in accounts:); CloudFront refuses to add it elsewhere',
    );
    expect(d!.remediation).to.not.include('disable it so it can be moved');
    const apex = { alias: 'example.com', distributionId: '*******GNFOREI', accountId: '******222222' };
    const [a] = diagnose([desiredAlias('example.com', 'E2GREEN')], world({ foreignOwners: [apex] }));
    expect(a!.remediation).to.match(
      /\(an apex has no wildcard route; if the owner will not disable the source, AWS Support can move it\)$/,
    );
  });

  it('owner-unknown: a warning on that alias only; the others plan', () => {
    const inventory = world({
      unknownOwners: [{ alias: 'new.example.org', reason: 'no distribution or tenant of the account has a certificate covering it' }],
    });
    const ds = diagnose(
      [desiredAlias('new.example.org', null), desiredAlias('api.example.com', 'E2GREEN'), desiredAlias('other.example.org', 'E2GREEN')],
      inventory,
    );
    // new.example.org is a detach of nothing: no finding; an attach of an unknown-owner alias warns.
    const attach = diagnose([desiredAlias('new.example.org', 'E2GREEN')], inventory);
    expect(codes(attach).filter((c) => c.includes('owner-unknown'))).to.deep.equal(['warning owner-unknown new.example.org']);
    expect(codes(ds).filter((c) => c.includes('owner-unknown'))).to.deep.equal([]);
    expect(codes(diagnose([desiredAlias('api.example.com', 'E2GREEN')], inventory))).to.deep.equal([]);
  });

  it('alias-quota-exceeded: 100 domains per tenant, named as domains', () => {
    const many = Array.from({ length: 100 }, (_, i) => `t${i}.example.com`);
    const inventory = world({ tenants: [buildTenant('dt_alpha01', 'E6MULTI', { domains: many })] });
    const [d] = diagnose([desiredAlias('www.example.com', 'dt_alpha01')], inventory);
    expect(d).to.deep.include({ code: 'alias-quota-exceeded', distribution: 'dt_alpha01' });
    expect(d!.message).to.equal('dt_alpha01 would hold 101 domains after the plan; the quota is 100');
  });

  it('an IAM certificate covers by its names, has no region rule, and is never called the default certificate', () => {
    const iam = {
      ...buildCertificate('legacy', ['legacy.example.com']),
      arn: 'arn:aws:iam::111111111111:server-certificate/legacy',
      source: 'iam' as const,
      iamCertificateId: 'ASCALEGACY0001',
    };
    const inventory = world({
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['legacy.example.com'] }),
        { ...buildDistribution('E7LEGACY'), certificateArn: 'ASCALEGACY0001' },
      ],
      certificates: [buildCertificate('main', ['example.com', '*.example.com']), iam],
    });
    expect(diagnose([desiredAlias('legacy.example.com', 'E7LEGACY')], inventory)).to.deep.equal([]);
    const uncovered = diagnose([desiredAlias('new.example.com', 'E7LEGACY')], inventory);
    expect(codes(uncovered)).to.deep.equal(['error certificate-not-covering new.example.com']);
    expect(uncovered.map((d) => d.message).join(' ')).to.not.include('default certificate');
  });
});
