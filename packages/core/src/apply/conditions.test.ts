import { expect } from 'chai';
import {
  aliasEditInEffect,
  distributionMismatches,
  dnsTargetMismatch,
  recordStateMismatches,
  sameAliasSet,
  sameRecord,
  sortedAliases,
} from './conditions.js';
import type { DnsRecord } from '../inventory/inventory.js';
import type { LiveDistribution } from '../ports.js';

const live: LiveDistribution = {
  id: 'E1BLUE',
  domainName: 'd1blue.cloudfront.net',
  enabled: true,
  status: 'Deployed',
  aliases: ['www.example.com', 'api.example.com'],
  certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/blue',
};

const aliasA = (dnsName: string, extra: Partial<DnsRecord['aliasTarget']> = {}): DnsRecord => ({
  name: 'www.example.com.',
  type: 'A',
  aliasTarget: { dnsName, hostedZoneId: 'Z2FDTNDATAQYW2', ...extra },
});

describe('conditions', () => {
  describe('alias sets', () => {
    it('compares as sorted sets', () => {
      expect(sortedAliases(['b.example.com', 'a.example.com', 'b.example.com'])).to.deep.equal(['a.example.com', 'b.example.com']);
      expect(sameAliasSet(['b.example.com', 'a.example.com'], ['a.example.com', 'b.example.com'])).to.equal(true);
      expect(sameAliasSet(['a.example.com'], ['a.example.com', 'b.example.com'])).to.equal(false);
      expect(sameAliasSet([], [])).to.equal(true);
    });
  });

  describe('aliasEditInEffect', () => {
    it('holds when every removed alias is absent and every added one present, whatever else is there', () => {
      const edit = { remove: ['old.example.com'], add: ['new.example.com'] };
      expect(aliasEditInEffect(['new.example.com', 'other.example.com'], edit)).to.equal(true);
      expect(aliasEditInEffect(['new.example.com', 'old.example.com'], edit)).to.equal(false);
      expect(aliasEditInEffect(['other.example.com'], edit)).to.equal(false);
    });
  });

  describe('distributionMismatches', () => {
    it('is empty when aliases (any order), enabled and certificate match', () => {
      expect(
        distributionMismatches(
          { aliases: ['api.example.com', 'www.example.com'], enabled: true, certificateArn: live.certificateArn },
          live,
        ),
      ).to.deep.equal([]);
    });

    it('lists each differing field with expected and found', () => {
      expect(distributionMismatches({ aliases: ['www.example.com'], enabled: false, certificateArn: null }, live)).to.deep.equal([
        { field: 'aliases', expected: ['www.example.com'], found: ['api.example.com', 'www.example.com'] },
        { field: 'enabled', expected: false, found: true },
        { field: 'certificateArn', expected: null, found: 'arn:aws:acm:us-east-1:111111111111:certificate/blue' },
      ]);
    });
  });

  describe('sameRecord', () => {
    it('ignores case and trailing dots of names and alias targets', () => {
      expect(sameRecord(aliasA('d1blue.cloudfront.net.'), { ...aliasA('D1BLUE.cloudfront.net'), name: 'WWW.example.com' })).to.equal(true);
    });

    it('treats an absent evaluateTargetHealth as false', () => {
      expect(sameRecord(aliasA('d1blue.cloudfront.net.'), aliasA('d1blue.cloudfront.net.', { evaluateTargetHealth: false }))).to.equal(
        true,
      );
      expect(sameRecord(aliasA('d1blue.cloudfront.net.'), aliasA('d1blue.cloudfront.net.', { evaluateTargetHealth: true }))).to.equal(
        false,
      );
    });

    it('compares TTL only when both sides have one', () => {
      const cname: DnsRecord = { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] };
      expect(sameRecord(cname, { name: 'api.example.com.', type: 'CNAME', values: ['d1blue.cloudfront.net.'] })).to.equal(true);
      expect(sameRecord(cname, { ...cname, ttl: 60 })).to.equal(false);
    });

    it('ignores value order, keeps TXT values exact', () => {
      const a: DnsRecord = { name: 'x.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1', '192.0.2.2'] };
      expect(sameRecord(a, { ...a, values: ['192.0.2.2', '192.0.2.1'] })).to.equal(true);
      const txt: DnsRecord = { name: '_www.example.com.', type: 'TXT', ttl: 300, values: ['"d2green.cloudfront.net"'] };
      expect(sameRecord(txt, { ...txt, values: ['"D2GREEN.cloudfront.net"'] })).to.equal(false);
      expect(sameRecord(txt, { ...txt, values: ['"d2green.cloudfront.net"'] })).to.equal(true);
    });

    it('distinguishes types, targets and alias vs plain records', () => {
      expect(sameRecord(aliasA('d1blue.cloudfront.net.'), { ...aliasA('d1blue.cloudfront.net.'), type: 'AAAA' })).to.equal(false);
      expect(sameRecord(aliasA('d1blue.cloudfront.net.'), aliasA('d2green.cloudfront.net.'))).to.equal(false);
      expect(
        sameRecord(aliasA('d1blue.cloudfront.net.'), { name: 'www.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1'] }),
      ).to.equal(false);
    });
  });

  describe('recordStateMismatches', () => {
    const liveRecords: DnsRecord[] = [
      { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
      aliasA('d1blue.cloudfront.net.'),
    ];

    it('holds when every state matches, in any record order, absent states included', () => {
      expect(
        recordStateMismatches(
          [
            { name: 'www.example.com.', type: 'A', record: aliasA('d1blue.cloudfront.net.', { evaluateTargetHealth: false }) },
            { name: 'www.example.com', type: 'aaaa', record: null },
            {
              name: 'api.example.com.',
              type: 'CNAME',
              record: { name: 'api.example.com.', type: 'CNAME', values: ['d1blue.cloudfront.net.'] },
            },
          ],
          liveRecords,
        ),
      ).to.deep.equal([]);
    });

    it('names the record set and shows expected vs found', () => {
      expect(
        recordStateMismatches(
          [
            { name: 'www.example.com.', type: 'A', record: aliasA('d2green.cloudfront.net.') },
            { name: 'api.example.com.', type: 'CNAME', record: null },
            { name: 'new.example.com.', type: 'A', record: aliasA('d2green.cloudfront.net.') },
          ],
          liveRecords,
        ),
      ).to.deep.equal([
        { field: 'www.example.com. A', expected: aliasA('d2green.cloudfront.net.'), found: aliasA('d1blue.cloudfront.net.') },
        { field: 'api.example.com. CNAME', expected: null, found: liveRecords[0] },
        { field: 'new.example.com. A', expected: aliasA('d2green.cloudfront.net.'), found: null },
      ]);
    });
  });

  describe('dnsTargetMismatch', () => {
    it('holds when every A/AAAA/CNAME record of the name points at the domain', () => {
      const records: DnsRecord[] = [
        aliasA('d2green.cloudfront.net.'),
        { ...aliasA('d2green.cloudfront.net.'), type: 'AAAA' },
        { name: 'www.example.com.', type: 'TXT', ttl: 300, values: ['"v=spf1 -all"'] },
      ];
      expect(dnsTargetMismatch('www.example.com', 'd2green.cloudfront.net', records)).to.equal(null);
    });

    it('reports where it points instead, or null when it has no routing record', () => {
      const records: DnsRecord[] = [aliasA('d2green.cloudfront.net.'), { ...aliasA('d1blue.cloudfront.net.'), type: 'AAAA' }];
      expect(dnsTargetMismatch('www.example.com.', 'd2green.cloudfront.net', records)).to.deep.equal({
        field: 'www.example.com. target',
        expected: 'd2green.cloudfront.net',
        found: ['d1blue.cloudfront.net', 'd2green.cloudfront.net'],
      });
      expect(dnsTargetMismatch('api.example.com.', 'd2green.cloudfront.net', records)).to.deep.equal({
        field: 'api.example.com. target',
        expected: 'd2green.cloudfront.net',
        found: null,
      });
    });
  });
});
