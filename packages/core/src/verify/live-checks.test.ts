import { expect } from 'chai';
import { judgeCertificate, judgeDnsAnswer, judgeHttpResponse, liveChecksFailed, type ServedCertificate } from './live-checks.js';

const NOW = new Date('2026-12-01T02:00:00Z');
const CERT: ServedCertificate = {
  subject: 'CN=example.com',
  subjectAlternativeNames: ['example.com', '*.example.com'],
  issuer: 'CN=cfalias sandbox CA',
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2027-06-01T00:00:00.000Z',
};

describe('live checks', () => {
  describe('judgeCertificate', () => {
    it('passes a certificate whose wildcard SAN covers the alias, reporting its names', () => {
      const result = judgeCertificate('www.example.com', '127.0.0.1:8443', CERT, NOW);
      expect(result.status).to.equal('pass');
      expect(result.details).to.deep.include({ issuer: 'CN=cfalias sandbox CA', validTo: '2027-06-01T00:00:00.000Z' });
    });

    it('fails an alias the certificate does not cover and names the missing SAN', () => {
      const result = judgeCertificate('shop.example.net', 'edge', CERT, NOW);
      expect(result.status).to.equal('fail');
      expect(result.summary).to.equal(
        'the certificate does not cover shop.example.net: missing SAN shop.example.net (it has example.com, *.example.com)',
      );
    });

    it('fails an expired certificate and one not yet valid', () => {
      expect(judgeCertificate('www.example.com', 'e', { ...CERT, validTo: '2026-11-30T00:00:00.000Z' }, NOW).summary).to.equal(
        'the certificate expired at 2026-11-30T00:00:00.000Z',
      );
      expect(judgeCertificate('www.example.com', 'e', { ...CERT, validFrom: '2026-12-02T00:00:00.000Z' }, NOW).status).to.equal('fail');
    });

    it('warns inside the expiry window, not outside it', () => {
      const soon = { ...CERT, validTo: '2026-12-11T02:00:00.000Z' };
      expect(judgeCertificate('www.example.com', 'e', soon, NOW, 14).status).to.equal('warn');
      expect(judgeCertificate('www.example.com', 'e', soon, NOW, 7).status).to.equal('pass');
    });
  });

  describe('judgeDnsAnswer', () => {
    const expected = {
      targetDomain: 'd2green.cloudfront.net',
      targetAddresses: ['127.1.0.2'],
      otherDomains: [{ domain: 'd1blue.cloudfront.net', addresses: ['127.1.0.1'] }],
    };

    it('passes a CNAME chain that reaches the target domain', () => {
      const answer = [
        { name: 'www.example.com', type: 'CNAME', ttl: 300, data: 'edge.example.com' },
        { name: 'edge.example.com', type: 'CNAME', ttl: 300, data: 'd2green.cloudfront.net' },
        { name: 'd2green.cloudfront.net', type: 'A', ttl: 60, data: '127.1.0.2' },
      ];
      const result = judgeDnsAnswer('www.example.com', 'system', answer, expected, true);
      expect(result.status).to.equal('pass');
      expect(result.details?.['answer']).to.have.length(3);
    });

    it('passes an alias record whose addresses are the target domain’s', () => {
      const answer = [{ name: 'www.example.com', type: 'A', ttl: 60, data: '127.1.0.2' }];
      expect(judgeDnsAnswer('www.example.com', 'system', answer, expected, true).status).to.equal('pass');
    });

    it('reports a cached answer for the previous distribution as propagating with the seconds left', () => {
      const answer = [{ name: 'www.example.com', type: 'CNAME', ttl: 42, data: 'd1blue.cloudfront.net' }];
      const result = judgeDnsAnswer('www.example.com', 'system', answer, expected, true);
      expect(result.status).to.equal('propagating');
      expect(result.secondsLeft).to.equal(42);
      expect(liveChecksFailed([result])).to.equal(false);
    });

    it('fails the same answer from Route 53 itself, and an answer leading elsewhere', () => {
      const stale = [{ name: 'www.example.com', type: 'CNAME', ttl: 42, data: 'd1blue.cloudfront.net' }];
      expect(judgeDnsAnswer('www.example.com', 'route53', stale, expected, false).status).to.equal('fail');
      const elsewhere = [{ name: 'www.example.com', type: 'CNAME', ttl: 42, data: 'lb.example.org' }];
      expect(judgeDnsAnswer('www.example.com', 'system', elsewhere, expected, true).summary).to.equal(
        'www.example.com does not lead to d2green.cloudfront.net (answer: www.example.com CNAME lb.example.org)',
      );
      expect(judgeDnsAnswer('www.example.com', 'system', [], expected, true).status).to.equal('fail');
    });
  });

  describe('judgeHttpResponse', () => {
    it('checks the status and the expected header', () => {
      const seen = { status: 200, headers: { 'x-served-by': 'green' } };
      expect(judgeHttpResponse('a.example.com', 'https://a.example.com/', seen, { status: 200 }).status).to.equal('pass');
      expect(
        judgeHttpResponse('a.example.com', 'u', seen, { status: 200, header: { name: 'X-Served-By', value: 'green' } }).status,
      ).to.equal('pass');
      expect(
        judgeHttpResponse('a.example.com', 'u', seen, { status: 200, header: { name: 'x-served-by', value: 'blue' } }).summary,
      ).to.equal('u answered x-served-by: green, expected blue');
      expect(judgeHttpResponse('a.example.com', 'u', seen, { status: 204 }).status).to.equal('fail');
    });
  });
});
