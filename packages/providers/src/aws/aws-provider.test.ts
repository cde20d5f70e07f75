/**
 * The AWS provider on the real SDK v3 against the sandbox HTTP emulator: request counts of a
 * refresh, full-config fidelity of `updateAliases`, waits and error translation over the wire.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import {
  AliasConflictError,
  PreconditionFailedError,
  ResourceNotFoundError,
  ThrottlingError,
  TransientError,
  WaitTimeoutError,
  AccountMismatchError,
} from '@cfalias/core';
import { describeProviderContract } from '../contract/provider-contract.js';
import { createEmulator, type RunningEmulator } from '../emulator/index.js';
import { SandboxWorld, type WorldDocument } from '../sandbox/index.js';
import { createAwsProvider, type AwsProvider, type AwsProviderOptions } from './aws-provider.js';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';
const KEY = 'AKIACOUNTCOUNTCOUNT1';
const OTHER_KEY = 'AKIAOTHEROTHEROTHER2';
const CERTS = ['a', 'b', 'c'].map((n) => `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/${n}`);

interface Running {
  readonly world: SandboxWorld;
  readonly emulator: RunningEmulator;
  readonly provider: AwsProvider;
}

async function start(doc: WorldDocument, options: Partial<AwsProviderOptions> = {}, accessKeyId = KEY): Promise<Running> {
  const world = SandboxWorld.fromDocument(doc);
  const emulator = await createEmulator(world, { port: 0, timeoutHoldMs: 50 });
  const provider = createAwsProvider({
    endpoint: emulator.endpoint,
    credentials: { accessKeyId, secretAccessKey: 'sandbox-secret' },
    maxAttempts: 1,
    waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitSeconds: 5 },
    ...options,
  });
  return { world, emulator, provider };
}

async function stop(running: Running | undefined): Promise<void> {
  running?.provider.destroy();
  await running?.emulator.close();
}

const distributionId = (i: number): string => `EDIST${String(i).padStart(9, '0')}`;

/**
 * 250 distributions (3 list pages of 100), 3 distinct certificates plus the default one, two
 * zones: one of 350 record sets (2 record pages of 300) and one of 3, and a foreign account.
 */
function countingWorld(): WorldDocument {
  const big = Array.from({ length: 348 }, (_, i) => ({
    name: `host${String(i).padStart(3, '0')}.example.com.`,
    type: 'CNAME',
    ttl: 300,
    values: ['d0.cloudfront.net'],
  }));
  return {
    version: 1,
    caller: ACCOUNT,
    now: '2026-12-01T00:00:00Z',
    credentials: { [KEY]: ACCOUNT, [OTHER_KEY]: OTHER },
    accounts: [
      {
        id: ACCOUNT,
        distributions: Array.from({ length: 250 }, (_, i) => ({
          id: distributionId(i),
          domainName: `d${i}.cloudfront.net`,
          enabled: true,
          status: 'Deployed' as const,
          aliases: [`site${i}.example.com`],
          certificateArn: i % 4 === 3 ? null : CERTS[i % 4]!,
        })),
        certificates: CERTS.map((arn) => ({
          arn,
          domainName: 'example.com',
          subjectAlternativeNames: ['example.com', '*.example.com'],
          status: 'ISSUED' as const,
          notAfter: '2027-06-01T00:00:00Z',
        })),
        hostedZones: [
          {
            id: 'Z1EXAMPLE',
            name: 'example.com.',
            records: [
              ...big,
              { name: '*.example.com.', type: 'A', aliasTarget: { dnsName: 'd1.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
              { name: '_site1.example.com.', type: 'TXT', ttl: 300, values: ['"d2.cloudfront.net"'] },
            ],
          },
          {
            id: 'Z2OTHER',
            name: 'other.org.',
            records: [
              { name: 'www.other.org.', type: 'CNAME', ttl: 60, values: ['d3.cloudfront.net'] },
              { name: 'api.other.org.', type: 'CNAME', ttl: 60, values: ['d4.cloudfront.net'] },
              { name: 'other.org.', type: 'TXT', ttl: 60, values: ['"v=spf1 -all"'] },
            ],
          },
        ],
      },
      {
        id: OTHER,
        distributions: [
          {
            id: 'E9FOREIGNFOREI',
            domainName: 'd9foreign.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['shop.example.com'],
            certificateArn: `arn:aws:acm:us-east-1:${OTHER}:certificate/x`,
          },
        ],
        certificates: [
          {
            arn: `arn:aws:acm:us-east-1:${OTHER}:certificate/x`,
            domainName: 'shop.example.com',
            subjectAlternativeNames: ['shop.example.com'],
            status: 'ISSUED',
            notAfter: '2027-01-01T00:00:00Z',
          },
        ],
      },
    ],
  };
}

describe('AWS provider over the sandbox emulator', function () {
  this.timeout(60_000);
  let running: Running | undefined;
  afterEach(async () => {
    await stop(running);
    running = undefined;
  });

  describe('readInventory', () => {
    it('costs ceil(D/100) list pages + one DescribeCertificate per certificate + one call per zone page', async () => {
      running = await start(countingWorld());
      const inventory = await running.provider.readInventory({
        aliases: ['site0.example.com', 'shop.example.com'],
        distributionIds: [distributionId(7)],
      });
      const { world } = running;
      expect(world.callCount('ListDistributions'), 'list pages').to.equal(3);
      expect(world.callCount('DescribeCertificate'), 'certificates').to.equal(3);
      expect(world.callCount('ListHostedZones'), 'zone list pages').to.equal(1);
      expect(world.callCount('ListResourceRecordSets'), 'record pages: 2 + 1').to.equal(3);
      expect(world.callCount('ListConflictingAliases'), 'one managed alias outside the account').to.equal(1);
      expect(world.callCount('GetDistribution'), 'no per-distribution read').to.equal(0);
      expect(world.calls.length, 'nothing else').to.equal(11);

      expect(inventory.account).to.equal(ACCOUNT);
      expect(inventory.readAt).to.be.a('string');
      expect(inventory.distributions.length).to.equal(250);
      expect(inventory.distributions[3]).to.deep.equal({
        id: 'EDIST000000003',
        accountId: ACCOUNT,
        domainName: 'd3.cloudfront.net',
        enabled: true,
        status: 'Deployed',
        aliases: ['site3.example.com'],
        certificateArn: null,
      });
      expect(inventory.certificates.map((c) => c.arn)).to.deep.equal(CERTS);
      expect(inventory.certificates[0]).to.deep.equal({
        arn: CERTS[0],
        domainName: 'example.com',
        subjectAlternativeNames: ['example.com', '*.example.com'],
        status: 'ISSUED',
        notAfter: '2027-06-01T00:00:00.000Z',
      });
      const zones = new Map(inventory.hostedZones.map((z) => [z.id, z]));
      expect([...zones.keys()].sort()).to.deep.equal(['Z1EXAMPLE', 'Z2OTHER']);
      const example = zones.get('Z1EXAMPLE')!;
      expect(example.name).to.equal('example.com.');
      // 348 CNAMEs + wildcard + TXT + the zone's own SOA and NS.
      expect(example.records.filter((r) => r.type === 'CNAME').length).to.equal(348);
      expect(example.records.find((r) => r.type === 'A')).to.deep.equal({
        name: '*.example.com.',
        type: 'A',
        aliasTarget: { dnsName: 'd1.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' },
      });
      expect(inventory.foreignOwners).to.have.length(1);
      expect(inventory.foreignOwners[0]!.alias).to.equal('shop.example.com');
      expect(inventory.foreignOwners[0]!.distributionId).to.not.equal('E9FOREIGNFOREI');
      expect(inventory.foreignOwners[0]!.distributionId.endsWith('FOREI')).to.equal(true);
    });

    it('takes the account from STS when the account has no distribution', async () => {
      running = await start({ ...countingWorld(), accounts: [{ id: ACCOUNT }, { id: OTHER }] }, {}, OTHER_KEY);
      const inventory = await running.provider.readInventory({ aliases: ['www.example.com'], distributionIds: [] });
      expect(inventory.account).to.equal(OTHER);
      expect(inventory.distributions).to.deep.equal([]);
      expect(inventory.foreignOwners, 'no distribution to ask ListConflictingAliases from').to.deep.equal([]);
      expect(running.world.callCount('ListConflictingAliases')).to.equal(0);
    });
  });

  describe('configuration from the environment', () => {
    const names = [
      'AWS_ENDPOINT_URL',
      'AWS_ENDPOINT_URL_CLOUDFRONT',
      'AWS_ENDPOINT_URL_ACM',
      'AWS_ENDPOINT_URL_ROUTE_53',
      'AWS_ENDPOINT_URL_STS',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_PROFILE',
    ] as const;
    const saved = new Map<string, string | undefined>();
    beforeEach(() => names.forEach((name) => saved.set(name, process.env[name])));
    afterEach(() => {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it('reaches each service at its AWS_ENDPOINT_URL_<SERVICE>, with credentials from the standard chain', async () => {
      const world = SandboxWorld.fromDocument(countingWorld());
      const emulator = await createEmulator(world, { port: 0 });
      process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9'; // the generic one loses to every service's own
      for (const service of ['CLOUDFRONT', 'ACM', 'ROUTE_53', 'STS']) process.env[`AWS_ENDPOINT_URL_${service}`] = emulator.endpoint;
      process.env.AWS_ACCESS_KEY_ID = KEY;
      process.env.AWS_SECRET_ACCESS_KEY = 'sandbox-secret';
      delete process.env.AWS_PROFILE;
      running = { world, emulator, provider: createAwsProvider({ maxAttempts: 1 }) };
      const inventory = await running.provider.readInventory({ aliases: [], distributionIds: [] });
      expect(inventory.account).to.equal(ACCOUNT);
      expect(inventory.certificates).to.have.length(3);
      expect(inventory.hostedZones).to.have.length(2);
      expect(await running.provider.readAccount()).to.equal(ACCOUNT);
    });
  });

  describe('account', () => {
    it('reads the caller account and refuses another', async () => {
      running = await start(countingWorld());
      expect(await running.provider.readAccount()).to.equal(ACCOUNT);
      expect(await running.provider.assertAccount(ACCOUNT)).to.equal(ACCOUNT);
      try {
        await running.provider.assertAccount(OTHER);
        expect.fail('assertAccount accepted another account');
      } catch (error) {
        expect(error).to.be.instanceOf(AccountMismatchError);
        expect((error as AccountMismatchError).found).to.equal(ACCOUNT);
      }
    });
  });
});

// ---------------------------------------------------------------- the shared contract

/*
 * One attempt per request, so injected faults surface and writes are counted exactly; a request
 * timeout well below the emulator's hold of a silent connection, so that fault reads as a timeout.
 */
describeProviderContract('aws (SDK v3 over the HTTP emulator)', async (doc) => {
  const world = SandboxWorld.fromDocument(doc);
  const emulator = await createEmulator(world, { port: 0, timeoutHoldMs: 2_000 });
  const accessKeyId = Object.entries(doc.credentials ?? {}).find(([, account]) => account === doc.caller)![0];
  const provider = createAwsProvider({
    endpoint: emulator.endpoint,
    credentials: { accessKeyId, secretAccessKey: 'sandbox-secret' },
    maxAttempts: 1,
    requestTimeoutMs: 200,
    waiter: { minDelay: 0.01, maxDelay: 0.05, maxWaitSeconds: 10 },
  });
  return {
    provider,
    world,
    close: async () => {
      provider.destroy();
      await emulator.close();
    },
  };
});

// ---------------------------------------------------------------- full-config fidelity

/** Forwards every request to the emulator unchanged and records what it carried. */
interface RecordingProxy {
  readonly endpoint: string;
  readonly requests: { method: string; path: string; body: string }[];
  close(): Promise<void>;
}

async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: RecordingProxy['requests'] = [];
  const server: Server = createServer((incoming, outgoing) => {
    // Every body the providers send is text (XML, JSON, form), so UTF-8 strings carry it exactly.
    let body = '';
    incoming.setEncoding('utf8');
    incoming.on('data', (chunk: string) => (body += chunk));
    incoming.on('end', () => {
      requests.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', body });
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forward.on('error', () => outgoing.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request the way any AWS client would send it (SigV4 scope naming the key; the emulator does not check signatures). */
async function rawCloudFront(endpoint: string, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const authorization = `AWS4-HMAC-SHA256 Credential=${KEY}/20261201/us-east-1/cloudfront/aws4_request, SignedHeaders=host, Signature=0`;
  const answer = await fetch(`${endpoint}${path}`, {
    method,
    headers: { authorization, ...headers },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: answer.status, etag: answer.headers.get('etag'), body: await answer.text() };
}

/**
 * Every leaf element of an XML document as `path = text`, with each repeated sibling numbered
 * (`.../Items/Origin[2]/Id = alb-app`). Element order inside a structure is not part of it (the
 * SDK writes required members first); the order of list items is.
 */
function xmlLeaves(xml: string): string[] {
  type Node = Record<string, unknown>;
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });
  const leaves: string[] = [];
  const walk = (nodes: Node[], path: string): void => {
    const seen = new Map<string, number>();
    for (const node of nodes) {
      const tag = Object.keys(node).find((k) => k !== ':@');
      if (tag === undefined || tag === '?xml') continue;
      if (tag === '#text') {
        leaves.push(`${path} = ${String(node[tag])}`);
        continue;
      }
      const index = seen.get(tag) ?? 0;
      seen.set(tag, index + 1);
      const children = node[tag] as Node[];
      const childPath = `${path}/${tag}[${index}]`;
      if (children.length === 0) leaves.push(`${childPath} = `);
      else walk(children, childPath);
    }
  };
  walk(parser.parse(xml) as Node[], '');
  return leaves.sort();
}

const FIXTURE = readFileSync(new URL('./fixtures/full-distribution-config.xml', import.meta.url), 'utf8');
const FIXTURE_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/0f3b2c1d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const isAliases = (leaf: string): boolean => leaf.startsWith('/DistributionConfig[0]/Aliases[0]/');

describe('AWS provider: full DistributionConfig fidelity', function () {
  this.timeout(30_000);
  let running: Running | undefined;
  let proxy: RecordingProxy | undefined;
  afterEach(async () => {
    await stop(running);
    await proxy?.close();
    running = undefined;
    proxy = undefined;
  });

  it('sends back every element of a large real-world config unchanged except Aliases', async () => {
    const doc: WorldDocument = {
      version: 1,
      caller: ACCOUNT,
      now: '2026-12-01T00:00:00Z',
      credentials: { [KEY]: ACCOUNT },
      accounts: [
        {
          id: ACCOUNT,
          distributions: [
            {
              id: 'E1FULLFULLFULL',
              domainName: 'd1full.cloudfront.net',
              enabled: true,
              status: 'Deployed',
              aliases: [],
              certificateArn: FIXTURE_CERT,
              config: { CallerReference: 'terraform-20240312093011284500000001' },
            },
          ],
          certificates: [
            {
              arn: FIXTURE_CERT,
              domainName: 'example.com',
              subjectAlternativeNames: ['example.com', '*.example.com'],
              status: 'ISSUED',
              notAfter: '2027-06-01T00:00:00Z',
            },
          ],
        },
      ],
    };
    const world = SandboxWorld.fromDocument(doc);
    const emulator = await createEmulator(world, { port: 0 });
    proxy = await startRecordingProxy(emulator.endpoint);
    const provider = createAwsProvider({
      endpoint: proxy.endpoint,
      credentials: { accessKeyId: KEY, secretAccessKey: 's' },
      maxAttempts: 1,
    });
    running = { world, emulator, provider };

    // The distribution as Terraform (or the console) left it: the fixture, written whole.
    const path = '/2020-05-31/distribution/E1FULLFULLFULL/config';
    const before = await rawCloudFront(emulator.endpoint, 'GET', path);
    const loaded = await rawCloudFront(
      emulator.endpoint,
      'PUT',
      path,
      { 'if-match': before.etag!, 'content-type': 'application/xml' },
      FIXTURE,
    );
    expect(loaded.status, loaded.body).to.equal(200);

    const decision = await provider.updateAliases('E1FULLFULLFULL', { remove: ['example.com'], add: ['shop.example.com'] }, (live) => {
      expect(live.aliases).to.deep.equal(['www.example.com', 'example.com', 'static.example.com']);
      expect(live.certificateArn).to.equal(FIXTURE_CERT);
      return 'apply';
    });
    expect(decision).to.equal('apply');

    const writes = proxy.requests.filter((r) => r.method === 'PUT' && r.path.startsWith(path));
    expect(writes).to.have.length(1);
    const original = xmlLeaves(FIXTURE);
    const sent = xmlLeaves(writes[0]!.body);
    expect(original.length, 'the fixture is large').to.be.greaterThan(200);
    expect(sent.filter((leaf) => !isAliases(leaf))).to.deep.equal(original.filter((leaf) => !isAliases(leaf)));
    expect(sent.filter(isAliases)).to.deep.equal([
      '/DistributionConfig[0]/Aliases[0]/Items[0]/CNAME[0] = www.example.com',
      '/DistributionConfig[0]/Aliases[0]/Items[0]/CNAME[1] = static.example.com',
      '/DistributionConfig[0]/Aliases[0]/Items[0]/CNAME[2] = shop.example.com',
      '/DistributionConfig[0]/Aliases[0]/Quantity[0] = 3',
    ]);
    expect(world.distribution('E1FULLFULLFULL')!.aliases).to.deep.equal(['www.example.com', 'static.example.com', 'shop.example.com']);
  });
});

// ---------------------------------------------------------------- steps and errors over the wire

function stepsWorld(faults: WorldDocument['faults'] = []): WorldDocument {
  return {
    version: 1,
    caller: ACCOUNT,
    now: '2026-12-01T00:00:00Z',
    settings: { deploySeconds: 300, dnsSyncSeconds: 30 },
    credentials: { [KEY]: ACCOUNT },
    accounts: [
      {
        id: ACCOUNT,
        distributions: [
          {
            id: 'E1BLUEBLUEBLUE',
            domainName: 'd1blue.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['www.example.com'],
            certificateArn: CERTS[0]!,
          },
          {
            id: 'E2GREENGREENGR',
            domainName: 'd2green.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: [],
            certificateArn: CERTS[0]!,
          },
        ],
        certificates: [
          {
            arn: CERTS[0]!,
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
              {
                name: 'www.example.com.',
                type: 'AAAA',
                aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' },
              },
              { name: 'wwx.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
            ],
          },
        ],
      },
    ],
    faults,
  };
}

describe('AWS provider: steps over the wire', function () {
  this.timeout(30_000);
  let running: Running | undefined;
  afterEach(async () => {
    await stop(running);
    running = undefined;
  });

  it('updates aliases with one read and one write, then waits for Deployed on simulated time', async () => {
    running = await start(stepsWorld());
    const { provider, world } = running;
    const before = world.clock.now();
    expect(await provider.updateAliases('E2GREENGREENGR', { remove: [], add: ['api.example.com'] }, () => 'apply')).to.equal('apply');
    expect(world.callCount('GetDistribution')).to.equal(1);
    expect(world.callCount('UpdateDistribution')).to.equal(1);
    expect(world.distribution('E2GREENGREENGR')!.status).to.equal('InProgress');
    await provider.waitDeployed('E2GREENGREENGR');
    const live = await provider.readDistribution('E2GREENGREENGR');
    expect(live).to.deep.equal({
      id: 'E2GREENGREENGR',
      domainName: 'd2green.cloudfront.net',
      enabled: true,
      status: 'Deployed',
      aliases: ['api.example.com'],
      certificateArn: CERTS[0],
    });
    expect(world.clock.now() - before, 'simulated deployment').to.equal(300_000);
  });

  it('writes nothing when the guard says skip', async () => {
    running = await start(stepsWorld());
    expect(await running.provider.updateAliases('E2GREENGREENGR', { remove: [], add: ['api.example.com'] }, () => 'skip')).to.equal('skip');
    expect(running.world.callCount('UpdateDistribution')).to.equal(0);
  });

  it('reads the record sets of the names asked, several names in one listing', async () => {
    running = await start(stepsWorld());
    const records = await running.provider.readRecords('/hostedzone/Z1EXAMPLE', ['WWW.example.com', 'nothere.example.com.']);
    expect(records).to.deep.equal([
      { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
      { name: 'www.example.com.', type: 'AAAA', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
    ]);
    // The zone is smaller than a page: one listing from the lowest name settles both.
    expect(running.world.callCount('ListResourceRecordSets')).to.equal(1);
  });

  /*
   * Z1EXAMPLE of countingWorld in Route 53's order: `*` (0), `_site1` (1), host000…host347 (2–349).
   * From `*`: a page of 300 (positions 0–299, next: host298), then from host298 (298–347, last).
   */
  it('reads names across pages in Route 53 order: continues where a wanted name is next, jumps over the rest', async () => {
    running = await start(countingWorld());
    const names = [
      'host340.example.com.',
      '*.example.com.',
      'host010.example.com.',
      'HOST297.example.com',
      'host298.example.com.',
      'missing.example.com.',
    ];
    const records = await running.provider.readRecords('Z1EXAMPLE', names);
    expect(records.map((r) => r.name)).to.deep.equal([
      '*.example.com.',
      'host010.example.com.',
      'host297.example.com.',
      'host298.example.com.',
      'host340.example.com.',
    ]);
    expect(running.world.callCount('ListResourceRecordSets')).to.equal(2);
    running.world.resetCalls();
    // From `_site1`: positions 1–300 (next: host299); host299–host339 are not wanted: jump to host345 (last page).
    const far = await running.provider.readRecords('Z1EXAMPLE', ['_site1.example.com.', 'host345.example.com.']);
    expect(far.map((r) => r.name)).to.deep.equal(['_site1.example.com.', 'host345.example.com.']);
    expect(running.world.callCount('ListResourceRecordSets')).to.equal(2);
  });

  it('changes records in one batch and waits for INSYNC', async () => {
    running = await start(stepsWorld());
    const { provider, world } = running;
    const { changeId } = await provider.changeRecords('Z1EXAMPLE', [
      {
        action: 'UPSERT',
        record: {
          name: 'www.example.com.',
          type: 'A',
          aliasTarget: { dnsName: 'd2green.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' },
        },
      },
      { action: 'UPSERT', record: { name: '_api.example.com.', type: 'TXT', ttl: 300, values: ['"d2green.cloudfront.net"'] } },
    ]);
    expect(changeId).to.not.match(/^\/change\//);
    const before = world.clock.now();
    await provider.waitRecordsSynced(changeId);
    expect(world.clock.now() - before).to.equal(30_000);
    expect(world.callCount('ChangeResourceRecordSets')).to.equal(1);
    const records = await provider.readRecords('Z1EXAMPLE', ['www.example.com.', '_api.example.com.']);
    expect(records.find((r) => r.type === 'A')!.aliasTarget!.dnsName).to.equal('d2green.cloudfront.net.');
    expect(records.find((r) => r.type === 'TXT')!.values).to.deep.equal(['"d2green.cloudfront.net"']);
  });

  it('surfaces CNAMEAlreadyExists as AliasConflictError naming the alias', async () => {
    running = await start(stepsWorld());
    try {
      await running.provider.updateAliases('E2GREENGREENGR', { remove: [], add: ['www.example.com'] }, () => 'apply');
      expect.fail('the alias held by E1 was added to E2');
    } catch (error) {
      expect(error).to.be.instanceOf(AliasConflictError);
      expect((error as AliasConflictError).alias).to.equal('www.example.com');
      expect((error as AliasConflictError).distribution).to.equal('E2GREENGREENGR');
    }
  });

  it('surfaces injected faults as the engine error classes, with one attempt each', async () => {
    running = await start(
      stepsWorld([
        { operation: 'UpdateDistribution', resource: 'E2GREENGREENGR', error: 'PreconditionFailed', times: 1 },
        { operation: 'GetDistribution', resource: 'E1BLUEBLUEBLUE', error: 'Throttling', times: 1 },
        { operation: 'ChangeResourceRecordSets', resource: 'Z1EXAMPLE', error: 'InternalError', times: 1 },
        { operation: 'ListResourceRecordSets', resource: 'Z1EXAMPLE', error: 'ConnectionReset', times: 1 },
      ]),
    );
    const { provider } = running;
    const expectError = async (promise: Promise<unknown>, type: new (...args: never[]) => Error): Promise<Error> => {
      try {
        await promise;
      } catch (error) {
        expect(error).to.be.instanceOf(type);
        return error as Error;
      }
      return expect.fail(`no ${type.name}`);
    };
    await expectError(
      provider.updateAliases('E2GREENGREENGR', { remove: [], add: ['api.example.com'] }, () => 'apply'),
      PreconditionFailedError,
    );
    await expectError(provider.readDistribution('E1BLUEBLUEBLUE'), ThrottlingError);
    const server = await expectError(
      provider.changeRecords('Z1EXAMPLE', [
        { action: 'UPSERT', record: { name: 'x.example.com.', type: 'TXT', ttl: 60, values: ['"x"'] } },
      ]),
      TransientError,
    );
    expect((server as TransientError).reason).to.equal('server-error');
    const reset = await expectError(provider.readRecords('Z1EXAMPLE', ['www.example.com.']), TransientError);
    expect((reset as TransientError).reason).to.equal('connection-reset');
    await expectError(provider.readDistribution('E404NOTHERE404'), ResourceNotFoundError);
  });

  it('retries throttling and 5xx on the client (maxAttempts), not on top of it', async () => {
    running = await start(stepsWorld([{ operation: 'GetDistribution', resource: 'E1BLUEBLUEBLUE', error: 'Throttling', times: 2 }]), {
      maxAttempts: 3,
    });
    expect((await running.provider.readDistribution('E1BLUEBLUEBLUE')).aliases).to.deep.equal(['www.example.com']);
    expect(running.world.callCount('GetDistribution')).to.equal(3);
  });

  it('fails a wait on a missing distribution at once with ResourceNotFoundError, not a timeout', async () => {
    running = await start(stepsWorld(), { waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitSeconds: 60 } });
    try {
      await running.provider.waitDeployed('E404NOTHERE404');
      expect.fail('waited on a missing distribution');
    } catch (error) {
      expect(error).to.be.instanceOf(ResourceNotFoundError);
    }
    expect(running.world.callCount('GetDistribution')).to.equal(1);
  });

  it('gives up a wait with WaitTimeoutError after maxWaitSeconds', async () => {
    // Without fast-forward the simulated deployment never completes in real time.
    const world = SandboxWorld.fromDocument(stepsWorld());
    const emulator = await createEmulator(world, { port: 0, fastForward: false });
    const provider = createAwsProvider({
      endpoint: emulator.endpoint,
      credentials: { accessKeyId: KEY, secretAccessKey: 's' },
      maxAttempts: 1,
      waiter: { minDelay: 0.05, maxDelay: 0.1, maxWaitSeconds: 0.5 },
    });
    running = { world, emulator, provider };
    await provider.updateAliases('E2GREENGREENGR', { remove: [], add: ['api.example.com'] }, () => 'apply');
    try {
      await provider.waitDeployed('E2GREENGREENGR');
      expect.fail('a deployment that never ends was waited out');
    } catch (error) {
      expect(error).to.be.instanceOf(WaitTimeoutError);
      expect((error as WaitTimeoutError).waitedSeconds).to.equal(0.5);
    }
  });
});
