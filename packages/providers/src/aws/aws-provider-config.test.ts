/**
 * The AWS provider's read-modify-write keeps every member of a full DistributionConfig: only
 * `Aliases` changes, over the wire through the real SDK and the emulator.
 */
import { expect } from 'chai';
import { SandboxWorld, type WorldDocument } from '../sandbox/index.js';
import { createEmulator } from '../emulator/index.js';
import { createAwsProvider } from './aws-provider.js';
import {
  ACCOUNT,
  KEY,
  rawCloudFront,
  startRecordingProxy,
  stop,
  xmlLeaves,
  type RecordingProxy,
  type Running,
} from '../testing/aws-emulator-rig.js';
import { readFileSync } from 'node:fs';

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
