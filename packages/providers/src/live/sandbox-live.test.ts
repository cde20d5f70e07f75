import { expect } from 'chai';
import { connect } from 'node:net';
import dnsPacket from 'dns-packet';
import { SandboxWorld, type WorldDocument } from '../index.js';
import { probeHttp, probeTls, queryDns } from './probes.js';
import { sandboxEdgeAddress, startSandboxDns, type SandboxDns } from './sandbox-dns.js';
import { startSandboxEdge, type SandboxEdge } from './sandbox-edge.js';

const BLUE_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-1111-4111-8111-111111111111';
const GREEN_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/22222222-2222-4222-8222-222222222222';

/** blue holds the wildcard and www; green holds api.shop and has its own certificate. */
function world(): SandboxWorld {
  const doc = {
    version: 1,
    caller: '111111111111',
    now: '2026-12-01T02:00:00Z',
    accounts: [
      {
        id: '111111111111',
        distributions: [
          {
            id: 'EBLUE',
            domainName: 'd1blue.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['*.example.com', 'www.example.com'],
            certificateArn: BLUE_CERT,
          },
          {
            id: 'EGREEN',
            domainName: 'd2green.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['api.shop.example.com'],
            certificateArn: GREEN_CERT,
          },
        ],
        certificates: [
          {
            arn: BLUE_CERT,
            domainName: 'example.com',
            subjectAlternativeNames: ['example.com', '*.example.com'],
            status: 'ISSUED',
            notAfter: '2030-01-01T00:00:00Z',
          },
          {
            arn: GREEN_CERT,
            domainName: 'api.shop.example.com',
            subjectAlternativeNames: ['api.shop.example.com'],
            status: 'ISSUED',
            notAfter: '2030-01-01T00:00:00Z',
          },
        ],
        hostedZones: [
          {
            id: 'Z1',
            name: 'example.com.',
            records: [
              { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
              { name: 'api.shop.example.com.', type: 'CNAME', ttl: 120, values: ['edge.example.com'] },
              { name: 'edge.example.com.', type: 'CNAME', ttl: 300, values: ['d2green.cloudfront.net'] },
            ],
          },
        ],
      },
    ],
  } as unknown as WorldDocument;
  return SandboxWorld.fromDocument(doc);
}

describe('sandbox DNS server and HTTPS edge', function () {
  this.timeout(20_000);
  let dns: SandboxDns;
  let edge: SandboxEdge;
  before(async () => {
    const w = world();
    dns = await startSandboxDns(w);
    edge = await startSandboxEdge(w);
  });
  after(async () => {
    await dns.close();
    await edge.close();
  });

  it('answers a CNAME chain over UDP down to the distribution’s own address', async () => {
    const answer = await queryDns('api.shop.example.com', 'A', dns.address);
    expect(answer).to.deep.equal([
      { name: 'api.shop.example.com', type: 'CNAME', ttl: 120, data: 'edge.example.com' },
      { name: 'edge.example.com', type: 'CNAME', ttl: 300, data: 'd2green.cloudfront.net' },
      { name: 'd2green.cloudfront.net', type: 'A', ttl: 60, data: sandboxEdgeAddress('d2green.cloudfront.net') },
    ]);
    expect(sandboxEdgeAddress('d2green.cloudfront.net')).to.not.equal(sandboxEdgeAddress('d1blue.cloudfront.net'));
  });

  it('answers an alias record with its target’s address under the record’s name', async () => {
    expect(await queryDns('www.example.com', 'A', dns.address)).to.deep.equal([
      { name: 'www.example.com', type: 'A', ttl: 60, data: sandboxEdgeAddress('d1blue.cloudfront.net') },
    ]);
    expect(await queryDns('nothing.example.com', 'A', dns.address)).to.deep.equal([]);
  });

  it('answers over TCP on the same port, length-prefixed', async () => {
    const [host, port] = dns.address.split(':') as [string, string];
    const query = dnsPacket.streamEncode({ type: 'query', id: 7, questions: [{ type: 'A', name: 'www.example.com' }] });
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const socket = connect(Number(port), host, () => socket.write(new Uint8Array(query.buffer, query.byteOffset, query.length)));
      let data = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        const joined = Buffer.alloc(data.length + chunk.length);
        joined.set(data, 0);
        joined.set(chunk, data.length);
        data = joined;
        if (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
          socket.end();
          resolve(data);
        }
      });
      socket.on('error', reject);
    });
    const packet = dnsPacket.streamDecode(reply);
    expect(packet.id).to.equal(7);
    expect(packet.answers?.map((a) => [a.name, a.type, (a as { data?: unknown }).data])).to.deep.equal([
      ['www.example.com', 'A', sandboxEdgeAddress('d1blue.cloudfront.net')],
    ]);
  });

  it('presents, per SNI, the certificate of the most specific alias’s distribution, signed by the printed CA', async () => {
    const green = await probeTls('api.shop.example.com', { edge: edge.address, ca: edge.caPem });
    expect(green.untrusted).to.equal(undefined);
    expect(green.certificate.subjectAlternativeNames).to.deep.equal(['api.shop.example.com']);
    expect(green.certificate.validTo).to.equal('2030-01-01T00:00:00.000Z');
    // Matched by the wildcard alias of blue.
    const wildcard = await probeTls('cdn.example.com', { edge: edge.address, ca: edge.caPem });
    expect(wildcard.certificate.subjectAlternativeNames).to.deep.equal(['example.com', '*.example.com']);
    expect(wildcard.certificate.issuer).to.equal('CN=cfalias sandbox edge CA (throwaway)');
    // Without the CA the chain is not trusted.
    expect((await probeTls('www.example.com', { edge: edge.address })).untrusted).to.be.a('string');
  });

  it('presents CloudFront’s default certificate for a name no distribution holds; answers name the serving distribution', async () => {
    const none = await probeTls('www.example.org', { edge: edge.address, ca: edge.caPem });
    expect(none.certificate.subjectAlternativeNames).to.deep.equal(['*.cloudfront.net']);
    const seen = await probeHttp('cdn.example.com', '/', { edge: edge.address, ca: edge.caPem, method: 'GET' });
    expect(seen.status).to.equal(200);
    expect(seen.headers['x-cfalias-distribution']).to.equal('EBLUE');
  });
});
