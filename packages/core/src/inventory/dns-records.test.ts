import { expect } from 'chai';
import { describeRecord, recordsPointAt, repointRecords, txtHolds, txtRecord } from './dns-records.js';
import { aliasRecord, cnameRecord } from '../testing/index.js';

describe('dns records', () => {
  it('repoints a CNAME keeping its TTL, else the A/AAAA records that exist, else creates both', () => {
    expect(
      repointRecords('www.example.com', [cnameRecord('www.example.com', 'd1.cloudfront.net', 120)], 'd2.cloudfront.net'),
    ).to.deep.equal([{ name: 'www.example.com.', type: 'CNAME', ttl: 120, values: ['d2.cloudfront.net'] }]);
    const target = { dnsName: 'd2.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2', evaluateTargetHealth: false };
    expect(
      repointRecords('www.example.com', [aliasRecord('www.example.com', 'd1.cloudfront.net', 'AAAA')], 'd2.cloudfront.net'),
    ).to.deep.equal([{ name: 'www.example.com.', type: 'AAAA', aliasTarget: target }]);
    expect(repointRecords('www.example.com', [], 'd2.cloudfront.net').map((r) => r.type)).to.deep.equal(['A', 'AAAA']);
  });

  it('points at a domain only when every routing record does', () => {
    expect(recordsPointAt([], 'd1.cloudfront.net')).to.equal(false);
    expect(recordsPointAt([aliasRecord('x.example.com', 'd1.cloudfront.net')], 'd1.cloudfront.net')).to.equal(true);
    expect(recordsPointAt([{ name: 'x.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1'] }], 'd1.cloudfront.net')).to.equal(false);
  });

  it('reads only the routing records at a name (CNAME, A, AAAA), whatever the case of their type', () => {
    const txt = { name: 'x.example.com.', type: 'TXT', ttl: 60, values: ['"v=spf1 -all"'] };
    expect(recordsPointAt([txt], 'd1.cloudfront.net')).to.equal(false);
    expect(recordsPointAt([txt, { ...aliasRecord('x.example.com', 'd1.cloudfront.net'), type: 'a' }], 'd1.cloudfront.net')).to.equal(true);
    const both = [aliasRecord('x.example.com', 'd1.cloudfront.net'), aliasRecord('x.example.com', 'd2.cloudfront.net', 'AAAA')];
    expect(recordsPointAt(both, 'd1.cloudfront.net')).to.equal(false);
    expect(repointRecords('x.example.com', [txt, ...both], 'd3.cloudfront.net').map((r) => r.type)).to.deep.equal(['A', 'AAAA']);
  });

  it('reads and writes the AssociateAlias TXT record', () => {
    const record = txtRecord('www.example.com', 'd2.cloudfront.net');
    expect(describeRecord(record)).to.equal('_www.example.com. TXT "d2.cloudfront.net"');
    expect(txtHolds(record, 'd2.cloudfront.net')).to.equal(true);
    expect(txtHolds({ ...record, values: ['"other"', '"d2.cloudfront.net."'] }, 'd2.cloudfront.net')).to.equal(true);
    expect(txtHolds(record, 'd1.cloudfront.net')).to.equal(false);
    expect(txtHolds(undefined, 'd1.cloudfront.net')).to.equal(false);
  });
});
