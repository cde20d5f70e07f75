import { expect } from 'chai';
import {
  bareChangeId,
  bareZoneId,
  decodeRoute53Name,
  normalizeRecordName,
  toCertificate,
  toDistribution,
  toDnsRecord,
  toHostedZone,
  toResourceRecordSet,
} from './normalize.js';
import { accountFromArn } from './account.js';

describe('AWS shape normalisation', () => {
  it('decodes Route 53 octal escapes and lowercases record names with a trailing dot', () => {
    expect(decodeRoute53Name('\\052.example.com.')).to.equal('*.example.com.');
    expect(normalizeRecordName('\\052.Example.COM.')).to.equal('*.example.com.');
    expect(normalizeRecordName('WWW.example.com')).to.equal('www.example.com.');
  });

  it('strips the /hostedzone/ and /change/ prefixes of ids', () => {
    expect(bareZoneId('/hostedzone/Z1EXAMPLE')).to.equal('Z1EXAMPLE');
    expect(bareZoneId('Z1EXAMPLE')).to.equal('Z1EXAMPLE');
    expect(bareChangeId('/change/C2682N5HXP0BZ4')).to.equal('C2682N5HXP0BZ4');
  });

  it('reads a distribution from its ListDistributions summary alone', () => {
    const distribution = toDistribution(
      {
        Id: 'E1BLUEBLUEBLUE',
        ARN: 'arn:aws:cloudfront::111111111111:distribution/E1BLUEBLUEBLUE',
        Status: 'InProgress',
        LastModifiedTime: new Date('2026-01-01T00:00:00Z'),
        DomainName: 'D1Blue.cloudfront.net',
        Aliases: { Quantity: 2, Items: ['WWW.example.com', '*.example.com'] },
        Origins: undefined,
        DefaultCacheBehavior: undefined,
        CacheBehaviors: undefined,
        CustomErrorResponses: undefined,
        Comment: '',
        PriceClass: 'PriceClass_All',
        Enabled: true,
        ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/blue' },
        Restrictions: undefined,
        WebACLId: '',
        HttpVersion: 'http2',
        IsIPV6Enabled: true,
        Staging: false,
      },
      '111111111111',
    );
    expect(distribution).to.deep.equal({
      id: 'E1BLUEBLUEBLUE',
      accountId: '111111111111',
      domainName: 'd1blue.cloudfront.net',
      enabled: true,
      status: 'InProgress',
      aliases: ['www.example.com', '*.example.com'],
      certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/blue',
    });
  });

  it('reads the CloudFront default certificate as no certificate, and no Items as no aliases', () => {
    const distribution = toDistribution(
      {
        Id: 'E3',
        ARN: 'arn:aws:cloudfront::111111111111:distribution/E3',
        Status: 'Deployed',
        LastModifiedTime: undefined,
        DomainName: 'd3.cloudfront.net',
        Aliases: { Quantity: 0 },
        Origins: undefined,
        DefaultCacheBehavior: undefined,
        CacheBehaviors: undefined,
        CustomErrorResponses: undefined,
        Comment: '',
        PriceClass: undefined,
        Enabled: false,
        ViewerCertificate: { CloudFrontDefaultCertificate: true },
        Restrictions: undefined,
        WebACLId: '',
        HttpVersion: undefined,
        IsIPV6Enabled: false,
        Staging: false,
      },
      '111111111111',
    );
    expect(distribution.certificateArn).to.equal(null);
    expect(distribution.aliases).to.deep.equal([]);
    expect(distribution.enabled).to.equal(false);
    expect(distribution.status).to.equal('Deployed');
  });

  it('reads an ACM certificate, with NotAfter as ISO 8601 (Date#toISOString) and SANs lowercased', () => {
    const certificate = toCertificate(
      {
        CertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/blue',
        DomainName: 'Example.com',
        SubjectAlternativeNames: ['example.com', '*.Example.com'],
        Status: 'ISSUED',
        NotAfter: new Date('2027-06-01T00:00:00Z'),
      },
      'arn:aws:acm:us-east-1:111111111111:certificate/blue',
    );
    expect(certificate).to.deep.equal({
      arn: 'arn:aws:acm:us-east-1:111111111111:certificate/blue',
      domainName: 'example.com',
      subjectAlternativeNames: ['example.com', '*.example.com'],
      status: 'ISSUED',
      notAfter: '2027-06-01T00:00:00.000Z',
    });
    expect(toCertificate({ Status: 'PENDING_VALIDATION' }, 'arn:x').notAfter).to.equal(null);
  });

  it('reads alias, CNAME and TXT record sets', () => {
    expect(
      toDnsRecord({
        Name: 'WWW.example.com.',
        Type: 'A',
        AliasTarget: { HostedZoneId: 'Z2FDTNDATAQYW2', DNSName: 'D1Blue.cloudfront.net.', EvaluateTargetHealth: false },
      }),
    ).to.deep.equal({
      name: 'www.example.com.',
      type: 'A',
      aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' },
    });
    expect(
      toDnsRecord({ Name: '\\052.example.com.', Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: 'd1blue.cloudfront.net' }] }),
    ).to.deep.equal({ name: '*.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] });
    expect(
      toDnsRecord({ Name: '_www.example.com.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"d2green.cloudfront.net"' }] }),
    ).to.deep.equal({ name: '_www.example.com.', type: 'TXT', ttl: 60, values: ['"d2green.cloudfront.net"'] });
  });

  it('writes alias records to CloudFront with EvaluateTargetHealth and no TTL, and value records with their TTL', () => {
    expect(
      toResourceRecordSet({
        name: 'www.example.com',
        type: 'AAAA',
        aliasTarget: { dnsName: 'd2green.cloudfront.net', hostedZoneId: 'Z2FDTNDATAQYW2' },
      }),
    ).to.deep.equal({
      Name: 'www.example.com.',
      Type: 'AAAA',
      AliasTarget: { HostedZoneId: 'Z2FDTNDATAQYW2', DNSName: 'd2green.cloudfront.net.', EvaluateTargetHealth: false },
    });
    expect(toResourceRecordSet({ name: '_www.example.com.', type: 'TXT', ttl: 300, values: ['"d2green.cloudfront.net"'] })).to.deep.equal({
      Name: '_www.example.com.',
      Type: 'TXT',
      TTL: 300,
      ResourceRecords: [{ Value: '"d2green.cloudfront.net"' }],
    });
  });

  it('reads a hosted zone with a bare id, a dotted lowercase name and its privacy', () => {
    expect(
      toHostedZone({ Id: '/hostedzone/Z1EXAMPLE', Name: 'Example.com.', CallerReference: 'x', Config: { PrivateZone: true } }, []),
    ).to.deep.equal({ id: 'Z1EXAMPLE', name: 'example.com.', privateZone: true, records: [] });
  });

  it('takes the account from a CloudFront distribution ARN', () => {
    expect(accountFromArn('arn:aws:cloudfront::111111111111:distribution/E1BLUEBLUEBLUE')).to.equal('111111111111');
    expect(accountFromArn('arn:aws:acm:us-east-1:222222222222:certificate/x')).to.equal('222222222222');
    expect(accountFromArn('E1BLUEBLUEBLUE')).to.equal(undefined);
    expect(accountFromArn('arn:aws:s3:::bucket')).to.equal(undefined);
  });
});
