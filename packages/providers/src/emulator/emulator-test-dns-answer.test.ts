import { expect } from 'chai';
import { NoSuchHostedZone, Route53Client, TestDNSAnswerCommand } from '@aws-sdk/client-route-53';
import { createAwsProvider } from '../aws/aws-provider.js';
import { sandboxEdgeAddress } from '../sandbox/edge-address.js';
import { BETA_KEY, startTestEmulator, type EmulatedWorld } from '../testing/emulator-world.js';

describe('emulator: Route 53 TestDNSAnswer over the real SDK', () => {
  let env: EmulatedWorld;
  let r53: Route53Client;
  beforeEach(async () => {
    env = await startTestEmulator();
    r53 = new Route53Client(env.clientConfig());
  });
  afterEach(async () => {
    r53.destroy();
    await env.emulator.close();
  });

  it('answers a CNAME with its target, an alias record with its target’s address, a missing name with NXDOMAIN', async () => {
    const cname = await r53.send(new TestDNSAnswerCommand({ HostedZoneId: 'Z1EXAMPLE', RecordName: 'api.example.com', RecordType: 'A' }));
    expect([cname.ResponseCode, cname.RecordType, cname.RecordData, cname.Protocol]).to.deep.equal([
      'NOERROR',
      'CNAME',
      ['d1blue.cloudfront.net'],
      'UDP',
    ]);
    const alias = await r53.send(
      new TestDNSAnswerCommand({ HostedZoneId: '/hostedzone/Z1EXAMPLE', RecordName: 'www.example.com', RecordType: 'A' }),
    );
    expect([alias.ResponseCode, alias.RecordName, alias.RecordData]).to.deep.equal([
      'NOERROR',
      'www.example.com.',
      [sandboxEdgeAddress('d1blue.cloudfront.net')],
    ]);
    const missing = await r53.send(
      new TestDNSAnswerCommand({ HostedZoneId: 'Z1EXAMPLE', RecordName: 'nope.example.com', RecordType: 'A' }),
    );
    expect([missing.ResponseCode, missing.RecordData]).to.deep.equal(['NXDOMAIN', []]);
    expect(env.world.callCount('TestDNSAnswer')).to.equal(3);
  });

  it('refuses a zone of another account (NoSuchHostedZone), as ListResourceRecordSets does', async () => {
    const beta = new Route53Client(env.clientConfig(BETA_KEY));
    try {
      const error = await beta
        .send(new TestDNSAnswerCommand({ HostedZoneId: 'Z1EXAMPLE', RecordName: 'www.example.com', RecordType: 'A' }))
        .catch((e: unknown) => e);
      expect(error).to.be.instanceOf(NoSuchHostedZone);
    } finally {
      beta.destroy();
    }
  });

  it('is the AWS provider’s testDnsAnswer', async () => {
    const provider = createAwsProvider(env.clientConfig());
    try {
      expect(await provider.testDnsAnswer!('/hostedzone/Z1EXAMPLE', 'api.example.com', 'CNAME')).to.deep.equal({
        responseCode: 'NOERROR',
        type: 'CNAME',
        data: ['d1blue.cloudfront.net'],
      });
    } finally {
      provider.destroy();
    }
  });
});
