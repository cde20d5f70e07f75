import { expect } from 'chai';
import { basisDifferences } from '../apply/basis-check.js';
import type { Inventory } from '../inventory/inventory.js';
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
import { planCutover } from './planner.js';

/**
 * blue holds www, api and keep; green holds an alias cfalias does not manage. www moves to green
 * (strategy move: its TXT record will be created), api goes by detach-attach, keep stays.
 */
function world(
  overrides: {
    green?: Parameters<typeof buildDistribution>[1];
    blueAliases?: string[];
    records?: Parameters<typeof buildZone>[2];
    certificates?: Inventory['certificates'];
    foreignOwners?: Inventory['foreignOwners'];
  } = {},
): Inventory {
  return buildInventory({
    distributions: [
      buildDistribution('E1BLUE', {
        aliases: overrides.blueAliases ?? ['www.example.com', 'api.example.com', 'keep.example.com'],
        certificate: 'blue',
      }),
      buildDistribution('E2GREEN', { aliases: ['other.example.com'], certificate: 'green', ...overrides.green }),
      buildDistribution('E3IDLE', { aliases: ['idle.example.com'] }),
    ],
    certificates: overrides.certificates ?? [
      buildCertificate('blue', ['*.example.com']),
      buildCertificate('green', ['*.example.com']),
      buildCertificate('main', ['*.example.com']),
    ],
    zones: [
      buildZone(
        'Z1EXAMPLE',
        'example.com',
        overrides.records ?? [
          aliasRecord('www.example.com', 'e1blue.cloudfront.net'),
          cnameRecord('api.example.com', 'e1blue.cloudfront.net'),
          aliasRecord('keep.example.com', 'e1blue.cloudfront.net'),
        ],
      ),
    ],
    ...(overrides.foreignOwners && { foreignOwners: overrides.foreignOwners }),
  });
}

const desired = buildDesired(
  [
    desiredAlias('www.example.com', 'E2GREEN', { txtProof: 'always' }),
    desiredAlias('api.example.com', 'E2GREEN', { strategy: 'detach-attach' }),
    desiredAlias('keep.example.com', 'E1BLUE'),
  ],
  { distributions: { blue: 'E1BLUE', green: 'E2GREEN' } },
);

const plan = planCutover(desired, world(), { now: TEST_NOW });
const NOW = Date.parse(TEST_NOW);

describe('plan basis', () => {
  it('records what the plan depends on, and nothing else', () => {
    expect(plan.basis).to.deep.equal({
      environment: 'aws',
      readAt: TEST_NOW,
      distributions: [
        { id: 'E1BLUE', enabled: true, certificateArn: certificateArn('blue'), aliasCount: 3 },
        // other + www (moved in) + api (added back) at once
        { id: 'E2GREEN', enabled: true, certificateArn: certificateArn('green'), aliasCount: 1, peakAliasCount: 3 },
      ],
      holders: [
        // api is on no distribution between its two writes: the wildcard that would catch it counts
        { alias: '*.example.com', holder: null },
        { alias: 'api.example.com', holder: { distribution: 'E1BLUE', account: '111111111111' } },
        { alias: 'www.example.com', holder: { distribution: 'E1BLUE', account: '111111111111' } },
      ],
      certificates: [{ arn: certificateArn('green'), status: 'ISSUED', notAfter: '2027-06-01T00:00:00Z' }],
      records: [
        { zoneId: 'Z1EXAMPLE', name: '_www.example.com.', types: ['TXT'], records: [] },
        {
          zoneId: 'Z1EXAMPLE',
          name: 'api.example.com.',
          types: ['A', 'AAAA', 'CNAME'],
          records: [cnameRecord('api.example.com', 'e1blue.cloudfront.net')],
        },
        {
          zoneId: 'Z1EXAMPLE',
          name: 'www.example.com.',
          types: ['A', 'AAAA', 'CNAME'],
          records: [aliasRecord('www.example.com', 'e1blue.cloudfront.net')],
        },
      ],
    });
  });

  it('holds against the inventory it was made from', () => {
    expect(basisDifferences(plan, world(), NOW)).to.deep.equal([]);
  });

  it('ignores what the plan does not depend on: other aliases, other distributions, a renewed certificate', () => {
    const live = world({
      green: { aliases: ['other.example.com', 'unrelated.example.com'], status: 'InProgress' },
      certificates: [
        buildCertificate('blue', ['*.example.com']),
        buildCertificate('green', ['*.example.com', 'example.com'], { notAfter: '2028-01-01T00:00:00Z' }),
      ],
    });
    expect(basisDifferences(plan, live, NOW)).to.deep.equal([]);
  });

  it('names each difference in words: holders, distributions, records', () => {
    const live = world({
      blueAliases: ['api.example.com', 'keep.example.com'],
      green: { enabled: false, aliases: ['other.example.com', 'www.example.com'] },
      records: [aliasRecord('www.example.com', 'e1blue.cloudfront.net'), cnameRecord('api.example.com', 'd9else.cloudfront.net')],
    });
    expect(basisDifferences(plan, live, NOW)).to.deep.equal([
      { subject: 'E2GREEN (green)', fact: 'enabled', expected: 'enabled', found: 'disabled' },
      { subject: 'www.example.com', fact: 'holder', expected: 'on E1BLUE (blue)', found: 'on E2GREEN (green)' },
      {
        subject: 'api.example.com. A/AAAA/CNAME',
        fact: 'records',
        expected: 'api.example.com. CNAME "e1blue.cloudfront.net"',
        found: 'api.example.com. CNAME "d9else.cloudfront.net"',
      },
    ]);
  });

  it('sees an alias gone to another account, a deleted target, a wildcard appearing', () => {
    const live: Inventory = {
      ...world({
        blueAliases: ['api.example.com', 'keep.example.com'],
        foreignOwners: [{ alias: 'www.example.com', distributionId: '*******OTHERS1', accountId: '******999999' }],
      }),
    };
    const withoutGreen: Inventory = {
      ...live,
      distributions: [...live.distributions.filter((d) => d.id !== 'E2GREEN'), buildDistribution('E4WILD', { aliases: ['*.example.com'] })],
    };
    expect(basisDifferences(plan, withoutGreen, NOW)).to.deep.equal([
      {
        subject: 'E2GREEN (green)',
        fact: 'exists',
        expected: 'exists in the account',
        found: 'not found (deleted, or in another account)',
      },
      { subject: '*.example.com', fact: 'holder', expected: 'on no distribution', found: 'on E4WILD' },
      {
        subject: 'www.example.com',
        fact: 'holder',
        expected: 'on E1BLUE (blue)',
        found: 'on distribution *******OTHERS1 of account ******999999',
      },
    ]);
  });

  it('checks the certificate aliases are added under: status, expiry, coverage', () => {
    const live = world({
      certificates: [
        buildCertificate('blue', ['*.example.com']),
        buildCertificate('green', ['www.example.com'], { status: 'REVOKED', notAfter: '2026-11-01T00:00:00Z' }),
      ],
    });
    expect(basisDifferences(plan, live, NOW)).to.deep.equal([
      { subject: `certificate ${certificateArn('green')}`, fact: 'status', expected: 'ISSUED', found: 'REVOKED' },
      {
        subject: `certificate ${certificateArn('green')}`,
        fact: 'expiry',
        expected: 'valid (until 2027-06-01T00:00:00Z)',
        found: 'expired at 2026-11-01T00:00:00Z',
      },
      {
        subject: `certificate ${certificateArn('green')}`,
        fact: 'coverage',
        expected: 'covers api.example.com',
        found: 'does not cover api.example.com (SANs: www.example.com)',
      },
    ]);
  });

  it('names a deleted zone once, with the records the plan needs there, instead of one empty record set per name', () => {
    const live: Inventory = { ...world(), hostedZones: [] };
    expect(basisDifferences(plan, live, NOW)).to.deep.equal([
      {
        subject: 'hosted zone Z1EXAMPLE',
        fact: 'exists',
        expected: 'exists, with the records at _www.example.com., api.example.com., www.example.com.',
        found: 'not found (deleted, or in another account)',
      },
    ]);
  });

  it('does not call a certificate deleted when its distribution only stopped using it', () => {
    // green now uses main. A provider reads only the certificates in use, so green's own is not in
    // the inventory, although it still exists in ACM.
    const live = world({
      green: { certificate: 'main' },
      certificates: [buildCertificate('blue', ['*.example.com']), buildCertificate('main', ['*.example.com'])],
    });
    expect(basisDifferences(plan, live, NOW)).to.deep.equal([
      { subject: 'E2GREEN (green)', fact: 'certificate', expected: certificateArn('green'), found: certificateArn('main') },
    ]);
  });

  it('sees a target with no room left for the plan', () => {
    const crowded = Array.from({ length: 98 }, (_, i) => `x${i}.example.com`);
    const live = { ...world({ green: { aliases: ['other.example.com', ...crowded] } }) };
    expect(basisDifferences(plan, live, NOW)).to.deep.equal([
      {
        subject: 'E2GREEN (green)',
        fact: 'alias quota',
        expected: "1 aliases, room for the plan's peak of 3 (quota 100)",
        found: '99 aliases: the plan would need 101',
      },
    ]);
  });
});
