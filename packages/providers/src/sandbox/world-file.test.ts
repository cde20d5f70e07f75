import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from '@cfalias/core';
import { WorldFileError } from '../errors.js';
import type { WorldDocument } from './world-document.js';
import { loadWorldFile, parseWorldDocument, saveWorldFile } from './world-file.js';
import { SandboxWorld } from './world-model.js';

const CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/blue';

/** An example world with every optional field the format has (docs/world-format.md). */
function exampleDocument(): WorldDocument {
  return {
    version: 1,
    caller: '111111111111',
    now: '2026-01-01T00:00:00.000Z',
    settings: { deploySeconds: 300, dnsSyncSeconds: 30, aliasQuota: 100, apiLatencyMs: 0 },
    credentials: { AKIDBLUE: '111111111111' },
    accounts: [
      {
        id: '111111111111',
        distributions: [
          {
            id: 'E1BLUEBLUEBLUE',
            domainName: 'd1blue.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['www.example.com'],
            certificateArn: CERT,
            config: { Comment: 'blue', PriceClass: 'PriceClass_100' },
          },
          {
            id: 'E2GREENGREENGR',
            domainName: 'd2green.cloudfront.net',
            enabled: true,
            status: 'InProgress',
            deployedAt: '2026-01-01T00:02:00.000Z',
            aliases: [],
            certificateArn: CERT,
            configVersion: 4,
            lastModifiedTime: '2025-12-31T23:57:00.000Z',
          },
        ],
        certificates: [
          {
            arn: CERT,
            domainName: 'example.com',
            subjectAlternativeNames: ['example.com', '*.example.com'],
            status: 'ISSUED',
            notAfter: '2027-06-01T00:00:00Z',
          },
        ],
        hostedZones: [
          {
            id: 'Z1EXAMPLE',
            name: 'example.com.',
            records: [
              { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
              { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
              { name: '_www.example.com.', type: 'TXT', ttl: 300, values: ['"d2green.cloudfront.net"'] },
            ],
          },
        ],
      },
    ],
    faults: [{ operation: 'UpdateDistribution', resource: 'E2GREENGREENGR', error: 'PreconditionFailed', times: 1 }],
    changes: [{ id: 'C0000000000007', zoneId: 'Z1EXAMPLE', submittedAt: '2025-12-31T23:59:50.000Z', syncAt: '2026-01-01T00:00:20.000Z' }],
  };
}

function problemsOf(call: () => unknown): WorldFileError {
  try {
    call();
  } catch (error) {
    if (error instanceof WorldFileError) return error;
    throw error;
  }
  expect.fail('expected a WorldFileError');
}

describe('world file', () => {
  describe('parseWorldDocument', () => {
    it('accepts the example world', () => {
      expect(parseWorldDocument(JSON.stringify(exampleDocument()), 'world.json')).to.deep.equal(exampleDocument());
    });

    it('reports a JSON syntax error with its line and column', () => {
      const text = '{\n  "version": 1,\n  "caller": "111111111111"\n  "accounts": []\n}\n';
      const error = problemsOf(() => parseWorldDocument(text, 'bad.json'));
      expect(error.file).to.equal('bad.json');
      expect(error.problems).to.have.length(1);
      expect(error.problems[0]).to.include({ line: 4, col: 3 });
      expect(error.problems[0]!.message).to.equal("JSON syntax error: Expected ',' or '}' after property value");
      expect(error.message).to.equal("bad.json: invalid world file\n  4:3: JSON syntax error: Expected ',' or '}' after property value");
    });

    it('lists every bad field by its JSON path, schema and semantic problems at once', () => {
      const doc = exampleDocument() as unknown as {
        accounts: { distributions: Record<string, unknown>[]; hostedZones: { records: Record<string, unknown>[] }[] }[];
        [k: string]: unknown;
      };
      const account = doc.accounts[0]!;
      account.distributions[0]!['aliases'] = ['www.example.com', 'WWW2.example.com'];
      account.distributions[0]!['colour'] = 'blue';
      delete account.distributions[1]!['domainName'];
      account.distributions[1]!['status'] = 'Deploying';
      account.distributions[1]!['aliases'] = ['www.example.com'];
      account.distributions[1]!['certificateArn'] = 'arn:aws:acm:us-east-1:111111111111:certificate/missing';
      account.distributions.push({
        id: 'E1BLUEBLUEBLUE',
        domainName: 'd9dup.cloudfront.net',
        enabled: true,
        status: 'Deployed',
        aliases: [],
      });
      account.hostedZones[0]!.records.push({ name: 'api.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1'] });
      doc['caller'] = '999999999999';
      doc['faults'] = [
        { operation: 'DeleteDistribution', error: 'Throttling' },
        { operation: 'GetChange', error: 'Slow' },
      ];
      const error = problemsOf(() => parseWorldDocument(JSON.stringify(doc), 'world.json'));
      expect(error.problems).to.deep.equal([
        { path: '/accounts/0/distributions/0/colour', message: 'unknown field' },
        { path: '/accounts/0/distributions/1', message: 'missing required field "domainName"' },
        { path: '/accounts/0/distributions/1/status', message: 'must be one of: "Deployed", "InProgress"' },
        {
          path: '/faults/1/error',
          message:
            'must be one of: "Throttling", "PreconditionFailed", "CNAMEAlreadyExists", "InvalidViewerCertificate", "InternalError", "ConnectionReset", "Timeout"',
        },
        { path: '/accounts/0/distributions/0/aliases/1', message: '"WWW2.example.com" must be lowercase ("www2.example.com")' },
        {
          path: '/accounts/0/distributions/1/aliases/0',
          message:
            '"www.example.com" is already on another distribution (/accounts/0/distributions/0/aliases/0); an alias lives on one distribution only',
        },
        {
          path: '/accounts/0/distributions/1/certificateArn',
          message:
            "certificate arn:aws:acm:us-east-1:111111111111:certificate/missing is not among account 111111111111's certificates (a distribution uses a certificate of its own account)",
        },
        {
          path: '/accounts/0/distributions/2/id',
          message: 'duplicate distribution id E1BLUEBLUEBLUE (also at /accounts/0/distributions/0/id)',
        },
        { path: '/accounts/0/hostedZones/0/records/3', message: 'a CNAME cannot share the name api.example.com. with other record types' },
        { path: '/caller', message: 'account 999999999999 is not among the accounts (111111111111)' },
        {
          path: '/faults/0/operation',
          message:
            'unknown operation "DeleteDistribution"; one of: ListDistributions, GetDistribution, GetDistributionConfig, UpdateDistribution, AssociateAlias, ListConflictingAliases, ListDistributionsByConnectionMode, UpdateDomainAssociation, ListDomainConflicts, VerifyDnsConfiguration, ListDistributionTenants, GetDistributionTenant, UpdateDistributionTenant, ListConnectionGroups, GetConnectionGroup, ListServerCertificates, GetServerCertificate, ListCertificates, DescribeCertificate, ListHostedZones, ListResourceRecordSets, ChangeResourceRecordSets, GetChange, TestDNSAnswer',
        },
      ]);
      expect(error.message.split('\n')[1]).to.equal('  /accounts/0/distributions/0/colour: unknown field');
    });

    it('names a non-object document and a wrong version', () => {
      expect(problemsOf(() => parseWorldDocument('[]', 'w.json')).problems).to.deep.equal([
        { path: '', message: 'must be an object, not a list' },
      ]);
      const error = problemsOf(() => parseWorldDocument(JSON.stringify({ ...exampleDocument(), version: 2 }), 'w.json'));
      expect(error.problems).to.deep.equal([{ path: '/version', message: 'must be 1' }]);
    });

    it('reports a mistyped aliasTarget or values once, by its path and with the shape it must have', () => {
      const doc = exampleDocument();
      const zone = doc.accounts[0]!.hostedZones![0]!;
      const records: unknown[] = [
        { name: 'www.example.com.', type: 'A', aliasTarget: 'd1blue.cloudfront.net.' },
        { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: 'd1blue.cloudfront.net' },
        { name: 'cdn.example.com.', type: 'AAAA', aliasTarget: ['d1blue.cloudfront.net.'] },
      ];
      const text = JSON.stringify({ ...doc, accounts: [{ ...doc.accounts[0], hostedZones: [{ ...zone, records }] }] });
      const error = problemsOf(() => parseWorldDocument(text, 'w.json'));
      const aliasShape =
        'must be an object like { "dnsName": "d111111abcdef8.cloudfront.net.", "hostedZoneId": "Z2FDTNDATAQYW2", "evaluateTargetHealth": false } (evaluateTargetHealth optional)';
      expect(error.problems).to.deep.equal([
        { path: '/accounts/0/hostedZones/0/records/0/aliasTarget', message: `${aliasShape}, not a string ("d1blue.cloudfront.net.")` },
        {
          path: '/accounts/0/hostedZones/0/records/1/values',
          message:
            'must be a list of strings like ["d111111abcdef8.cloudfront.net"] (with a "ttl"), not a string ("d1blue.cloudfront.net")',
        },
        { path: '/accounts/0/hostedZones/0/records/2/aliasTarget', message: `${aliasShape}, not a list` },
      ]);
    });

    it('still says a record needs values or an aliasTarget, and not both', () => {
      const doc = exampleDocument();
      const zone = doc.accounts[0]!.hostedZones![0]!;
      const target = { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' };
      const records: unknown[] = [
        { name: 'www.example.com.', type: 'A' },
        { name: 'api.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1'], aliasTarget: target },
      ];
      const text = JSON.stringify({ ...doc, accounts: [{ ...doc.accounts[0], hostedZones: [{ ...zone, records }] }] });
      const message = 'a record has either "values" (with "ttl") or "aliasTarget", not both and not neither';
      expect(problemsOf(() => parseWorldDocument(text, 'w.json')).problems).to.deep.equal([
        { path: '/accounts/0/hostedZones/0/records/0', message },
        { path: '/accounts/0/hostedZones/0/records/1', message },
      ]);
    });

    it('accepts and keeps "$schema" and "$comment", and refuses a "$comment" that is not text', async () => {
      const annotated = { $schema: './world.schema.json', $comment: ['line one', 'line two'], ...exampleDocument() };
      expect(SandboxWorld.fromDocument(annotated).toDocument()).to.deep.equal(annotated);
      const error = problemsOf(() => parseWorldDocument(JSON.stringify({ ...exampleDocument(), $comment: 7 }), 'w.json'));
      expect(error.problems).to.deep.equal([{ path: '/$comment', message: 'must be a string or a list, not a number (7)' }]);
    });

    it('refuses settings out of any sane range by their path (a hung world is not a slow one)', () => {
      const settings = { deploySeconds: 1e308, dnsSyncSeconds: -1, apiLatencyMs: 1e9, mutationRateLimit: { perSecond: 1e-300 } };
      const error = problemsOf(() => parseWorldDocument(JSON.stringify({ ...exampleDocument(), settings }), 'w.json'));
      expect(error.problems).to.deep.equal([
        { path: '/settings/deploySeconds', message: 'must be <= 86400' },
        { path: '/settings/dnsSyncSeconds', message: 'must be >= 0' },
        { path: '/settings/apiLatencyMs', message: 'must be <= 60000' },
        { path: '/settings/mutationRateLimit/perSecond', message: 'must be >= 0.01' },
      ]);
    });
  });

  describe('load and save', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cfalias-world-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('round-trips: load → save → load gives the same document', async () => {
      const path = join(dir, 'world.json');
      await writeFile(path, `${JSON.stringify(exampleDocument(), null, 2)}\n`);
      const world = await loadWorldFile(path);
      expect(world.toDocument()).to.deep.equal(exampleDocument());
      await saveWorldFile(path, world);
      const again = await loadWorldFile(path);
      expect(again.toDocument()).to.deep.equal(exampleDocument());
    });

    it('round-trips after time moves on, except `now` and finished deployments; a finished DNS change is kept', async () => {
      const path = join(dir, 'world.json');
      await writeFile(path, JSON.stringify(exampleDocument()));
      const clock = new SimulatedClock(Date.parse('2026-01-01T00:00:00Z'));
      const world = await loadWorldFile(path, { clock });
      clock.advance(150_000);
      await saveWorldFile(path, world);
      const saved = JSON.parse(await readFile(path, 'utf8')) as WorldDocument;
      // The change synced at 00:00:20; a run cut during its DNS wait still asks GetChange about it.
      const expected = exampleDocument();
      const [blue, green] = expected.accounts[0]!.distributions!;
      const { deployedAt: _deployedAt, ...deployedGreen } = green!;
      expect(saved).to.deep.equal({
        ...expected,
        now: '2026-01-01T00:02:30.000Z',
        accounts: [{ ...expected.accounts[0]!, distributions: [blue!, { ...deployedGreen, status: 'Deployed' }] }],
      });
    });

    it('keeps finished DNS changes for 24 hours after their submission, the newest 1000 at most, and every pending one', () => {
      const now = Date.parse('2026-01-02T00:00:00Z');
      const [minute, hour] = [60_000, 3_600_000];
      const change = (n: number, submittedMs: number, syncMs: number) => ({
        id: `C${String(n).padStart(13, '0')}`,
        zoneId: 'Z1EXAMPLE',
        submittedAt: new Date(submittedMs).toISOString(),
        syncAt: new Date(syncMs).toISOString(),
      });
      // 1001 finished within the day, a minute apart (the oldest, C1, is the one too many); one
      // submitted a day and a second ago; one submitted two days ago and still pending.
      const recent = Array.from({ length: 1001 }, (_, i) =>
        change(i + 1, now - 20 * hour + i * minute, now - 20 * hour + (i + 1) * minute),
      );
      const stale = change(2001, now - 24 * hour - 1000, now - 23 * hour);
      const pending = change(2002, now - 48 * hour, now + hour);
      const doc = { ...exampleDocument(), now: new Date(now).toISOString(), faults: [], changes: [...recent, stale, pending] };
      const saved = SandboxWorld.fromDocument(doc)
        .toDocument()
        .changes!.map((c) => c.id);
      expect(saved).to.have.length(1001);
      expect(saved.slice(0, 2)).to.deep.equal(['C0000000000002', 'C0000000000003']);
      expect(saved.slice(-2)).to.deep.equal(['C0000000001001', 'C0000000002002']);
    });

    it('saves with 2-space indentation and a final newline, leaving no temp file behind', async () => {
      const path = join(dir, 'world.json');
      const world = SandboxWorld.fromDocument(exampleDocument(), { clock: new SimulatedClock(Date.parse('2026-01-01T00:00:00Z')) });
      await writeFile(path, 'old content that must be replaced whole');
      await saveWorldFile(path, world);
      const text = await readFile(path, 'utf8');
      expect(text).to.equal(`${JSON.stringify(world.toDocument(), null, 2)}\n`);
      expect(text.startsWith('{\n  "version": 1,\n  "caller": "111111111111",\n')).to.equal(true);
      expect(await readdir(dir)).to.deep.equal(['world.json']);
    });

    it('leaves the old file untouched when the write fails', async () => {
      const path = join(dir, 'missing-dir', 'world.json');
      let failure: unknown;
      try {
        await saveWorldFile(path, exampleDocument());
      } catch (error) {
        failure = error;
      }
      expect((failure as NodeJS.ErrnoException).code).to.equal('ENOENT');
      expect(await readdir(dir)).to.deep.equal([]);
    });

    it('names the file in load errors', async () => {
      const path = join(dir, 'world.json');
      await writeFile(path, JSON.stringify({ ...exampleDocument(), caller: '1' }));
      let failure: unknown;
      try {
        await loadWorldFile(path);
      } catch (error) {
        failure = error;
      }
      expect(failure).to.be.instanceOf(WorldFileError);
      expect((failure as WorldFileError).file).to.equal(path);
      expect((failure as WorldFileError).problems).to.deep.equal([{ path: '/caller', message: 'must be a 12-digit account id' }]);
    });
  });
});
