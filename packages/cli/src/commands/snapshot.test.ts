import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Inventory } from '@cfalias/core';
import { parseWorldDocument, type WorldDocument } from '@cfalias/providers';
import { BLUE, CERT_BLUE, DESIRED, GREEN, worldDocument, worldJson } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, runCli, type Workspace } from '../testing/harness.js';
import { snapshotInventory } from './snapshot.js';

const DEMO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'fixtures', 'demo');

/**
 * The world the CLI tests move aliases in (testing/move-attach-detach), as a snapshot of it writes
 * it back: everything it holds, with times in milliseconds and the alias quota the provider read
 * (CloudFront's default, 100), and nothing more.
 */
function movedWorldAsSnapshot(): WorldDocument {
  const source = worldDocument() as unknown as WorldDocument;
  const [account] = source.accounts;
  return {
    version: 1,
    caller: '111111111111',
    now: '2026-12-01T02:00:00.000Z',
    settings: { ...source.settings, aliasQuota: 100 },
    accounts: [{ ...account!, certificates: account!.certificates!.map((c) => ({ ...c, notAfter: '2027-06-01T00:00:00.000Z' })) }],
  };
}

/** The plan document minus what differs between two runs by design. */
function comparable(planJson: string): Record<string, unknown> {
  const { createdAt: _createdAt, digest: _digest, ...rest } = JSON.parse(planJson) as Record<string, unknown>;
  return rest;
}

/**
 * Two distributions of the caller (one in progress, one disabled), one of another account, a
 * certificate, a zone with an alias record and a TXT, a foreign owner, a quota of 150.
 */
function callerInventory(): Inventory {
  return {
    account: '111111111111',
    readAt: '2026-12-01T02:00:00.000Z',
    distributions: [
      {
        id: 'E1AAAAAAAAAAAA',
        accountId: '111111111111',
        domainName: 'd1aaaa.cloudfront.net',
        enabled: true,
        status: 'InProgress',
        aliases: ['a.example.com'],
        certificateArn: CERT_BLUE,
      },
      {
        id: 'E2BBBBBBBBBBBB',
        accountId: '111111111111',
        domainName: 'd2bbbb.cloudfront.net',
        enabled: false,
        status: 'Deployed',
        aliases: [],
        certificateArn: null,
      },
      {
        id: 'E3CCCCCCCCCCCC',
        accountId: '222222222222',
        domainName: 'd3cccc.cloudfront.net',
        enabled: true,
        status: 'Deployed',
        aliases: [],
        certificateArn: null,
      },
    ],
    certificates: [
      {
        arn: CERT_BLUE,
        domainName: 'example.com',
        subjectAlternativeNames: ['example.com', '*.example.com'],
        status: 'ISSUED',
        notAfter: null,
      },
    ],
    hostedZones: [
      {
        id: 'Z1EXAMPLE',
        name: 'example.com.',
        privateZone: false,
        records: [
          {
            name: 'a.example.com.',
            type: 'A',
            aliasTarget: { dnsName: 'd1aaaa.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2', evaluateTargetHealth: false },
          },
          { name: '_a.example.com.', type: 'TXT', ttl: 300, values: ['"d2bbbb.cloudfront.net"'] },
        ],
      },
    ],
    foreignOwners: [{ alias: 'b.example.com', distributionId: '******HFOREI', accountId: '******333333' }],
    limits: { aliasesPerDistribution: 150 },
  };
}

describe('inventory snapshot (inventory --out)', () => {
  describe('snapshotInventory', () => {
    it('writes the caller account as a world file: no other account, no foreign owner, settings from the inventory or the defaults, false flags left out', () => {
      const inventory = callerInventory();
      const { world, foreignOwners } = snapshotInventory(inventory);
      expect(world).to.deep.equal({
        version: 1,
        caller: '111111111111',
        now: '2026-12-01T02:00:00.000Z',
        settings: { deploySeconds: 300, dnsSyncSeconds: 60, aliasQuota: 150 },
        accounts: [
          {
            id: '111111111111',
            distributions: [
              {
                id: 'E1AAAAAAAAAAAA',
                domainName: 'd1aaaa.cloudfront.net',
                enabled: true,
                status: 'InProgress',
                aliases: ['a.example.com'],
                certificateArn: CERT_BLUE,
              },
              {
                id: 'E2BBBBBBBBBBBB',
                domainName: 'd2bbbb.cloudfront.net',
                enabled: false,
                status: 'Deployed',
                aliases: [],
                certificateArn: null,
              },
            ],
            certificates: [
              {
                arn: CERT_BLUE,
                domainName: 'example.com',
                subjectAlternativeNames: ['example.com', '*.example.com'],
                status: 'ISSUED',
                notAfter: null,
              },
            ],
            hostedZones: [
              {
                id: 'Z1EXAMPLE',
                name: 'example.com.',
                records: [
                  { name: 'a.example.com.', type: 'A', aliasTarget: { dnsName: 'd1aaaa.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
                  { name: '_a.example.com.', type: 'TXT', ttl: 300, values: ['"d2bbbb.cloudfront.net"'] },
                ],
              },
            ],
          },
        ],
      });
      expect(foreignOwners).to.deep.equal([{ alias: 'b.example.com', distributionId: '******HFOREI', accountId: '******333333' }]);
      expect(parseWorldDocument(JSON.stringify(world), 'snapshot.json')).to.deep.equal(world);
    });
  });

  describe('cfalias inventory --out', () => {
    let ws: Workspace;
    afterEach(async () => {
      await ws.remove();
    });

    it('writes what the AWS provider read from the emulated world, and nothing else', async () => {
      ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': worldJson() });
      const run = await runCli(ws, ['--sandbox', 'world.json', 'inventory', '--json', '--out', 'snapshot.json']);
      expect(run.code).to.equal(0);
      expect(run.stderr).to.equal(
        'Saved the inventory of account 111111111111 to snapshot.json (2 distributions, 2 certificates, 1 hosted zone). ' +
          'Rehearse offline with: cfalias --sandbox snapshot.json plan\n',
      );
      // stdout still carries only the rows.
      expect((JSON.parse(run.stdout) as unknown[]).length).to.equal(3);

      const text = await ws.read('snapshot.json');
      expect(JSON.parse(text)).to.deep.equal(movedWorldAsSnapshot());
      expect(text.endsWith('}\n')).to.equal(true);
      // The in-process provider reads the same world into the same snapshot.
      expect(
        (await runCli(ws, ['--sandbox', 'world.json', '--sandbox-in-process', 'inventory', '--out', 'in-process.json'])).code,
      ).to.equal(0);
      expect(await ws.read('in-process.json')).to.equal(text);
    });

    it('warns that managed aliases held in another account are left out of the snapshot', async () => {
      const world = JSON.parse(worldJson()) as { accounts: unknown[] };
      world.accounts.push({
        id: '222222222222',
        distributions: [
          {
            id: 'E3FOREIGNFOREI',
            domainName: 'd3foreign.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['shop.example.com'],
            certificateArn: null,
          },
        ],
      });
      ws = await makeWorkspace({ 'cfalias.yaml': `${DESIRED}  shop.example.com: green\n`, 'world.json': JSON.stringify(world) });
      const run = await runCli(ws, ['--sandbox', 'world.json', 'inventory', '--out', 'snapshot.json']);
      expect(run.code).to.equal(0);
      expect(run.stderr).to.equal(
        'warning: 1 managed alias is held outside account 111111111111 (shop.example.com); ' +
          'the snapshot holds one account, so a plan against it does not see it\n',
      );
      const snapshot = JSON.parse(await ws.read('snapshot.json')) as { accounts: { id: string; distributions: { id: string }[] }[] };
      expect(snapshot.accounts.map((a) => [a.id, a.distributions.map((d) => d.id)])).to.deep.equal([['111111111111', [BLUE, GREEN]]]);
    });

    it('round trip on the demo: export, then plan against the snapshot gives the same plan, and the rehearsal applies', async () => {
      ws = await makeWorkspace({
        'cfalias.yaml': await readFile(join(DEMO, 'cfalias.yaml'), 'utf8'),
        'world.json': await readFile(join(DEMO, 'world.json'), 'utf8'),
      });
      const exported = await runCli(ws, ['--sandbox', 'world.json', 'inventory', '--out', 'snapshot.json']);
      expect(exported.code).to.equal(0);
      expect(exported.stdout).to.include(
        'Saved the inventory of account 111111111111 to snapshot.json (2 distributions, 2 certificates, 2 hosted zones).',
      );
      parseWorldDocument(await ws.read('snapshot.json'), 'snapshot.json');

      const live = await runCli(ws, ['--sandbox', 'world.json', 'plan', '--json']);
      const offline = await runCli(ws, ['--sandbox', 'snapshot.json', 'plan', '--json']);
      expect([live.code, offline.code]).to.deep.equal([0, 0]);
      expect(comparable(offline.stdout)).to.deep.equal(comparable(live.stdout));
      // fixtures/demo/README.md: 1 attach, 4 moves, 1 detach, two deployment waits.
      const plan = comparable(offline.stdout) as { summary: unknown; estimate: { waitPhases: number }; steps: unknown[] };
      expect(plan.summary).to.deep.equal({ attach: 1, detach: 1, move: 4, noop: 1, errors: 0, warnings: 0 });
      expect(plan.estimate.waitPhases).to.equal(2);
      expect(plan.steps.length).to.equal(18);

      const rehearsed = await runCli(ws, ['--sandbox', 'snapshot.json', 'apply', '--auto-approve']);
      expect(rehearsed.code).to.equal(0);
      expect(rehearsed.stdout).to.include('Apply complete: 6 aliases changed');
      expect((await runCli(ws, ['--sandbox', 'snapshot.json', 'plan', '--detailed-exitcode'])).code).to.equal(0);
    });
  });
});
