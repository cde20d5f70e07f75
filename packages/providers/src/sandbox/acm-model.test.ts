/**
 * The sandbox's ACM: listing and describing certificates, with their use by distributions.
 * Expected values are worked out by hand from testing/rules-world.ts.
 */
import { expect } from 'chai';
import { A, CERT_A, CERT_PENDING, CERT_NARROW, CERT_B, makeWorld, RED, thrown } from '../testing/rules-world.js';

describe('SandboxWorld: ACM', () => {
  it('lists the caller’s certificates of a region, with InUse', () => {
    const { world } = makeWorld();
    const list = world.listCertificates(A, { region: 'us-east-1' }).CertificateSummaryList;
    expect(list.map((c) => [c.CertificateArn, c.InUse])).to.deep.equal([
      [CERT_A, true],
      [CERT_PENDING, false],
      [CERT_NARROW, true],
    ]);
  });

  it('describes a certificate with SANs, status, NotAfter and InUseBy computed from distributions', () => {
    const { world } = makeWorld();
    const { Certificate: c } = world.describeCertificate(A, CERT_A);
    expect(c.SubjectAlternativeNames).to.deep.equal(['example.com', '*.example.com']);
    expect([c.Status, c.NotAfter?.toISOString()]).to.deep.equal(['ISSUED', '2027-06-01T00:00:00.000Z']);
    expect(c.InUseBy).to.deep.equal([
      'arn:aws:cloudfront::111111111111:distribution/E1BLUEBLUEBLUE',
      'arn:aws:cloudfront::111111111111:distribution/E2GREENGREENGR',
    ]);
  });

  it('InUseBy follows a distribution moved to another certificate', () => {
    const { world } = makeWorld();
    expect(world.describeCertificate(A, CERT_NARROW).Certificate.InUseBy).to.deep.equal([
      'arn:aws:cloudfront::111111111111:distribution/E5REDREDREDRED',
    ]);
    const { DistributionConfig, ETag } = world.getDistributionConfig(A, RED);
    const viewer = { ...DistributionConfig.ViewerCertificate, ACMCertificateArn: CERT_A };
    world.updateDistribution(A, RED, { ...DistributionConfig, ViewerCertificate: viewer }, ETag);
    expect(world.describeCertificate(A, CERT_NARROW).Certificate.InUseBy).to.deep.equal([]);
    expect(world.describeCertificate(A, CERT_A).Certificate.InUseBy).to.deep.equal([
      'arn:aws:cloudfront::111111111111:distribution/E1BLUEBLUEBLUE',
      'arn:aws:cloudfront::111111111111:distribution/E2GREENGREENGR',
      'arn:aws:cloudfront::111111111111:distribution/E5REDREDREDRED',
    ]);
  });

  it("answers ResourceNotFoundException (400) for another account's certificate", () => {
    const { world } = makeWorld();
    const error = thrown(() => world.describeCertificate(A, CERT_B));
    expect([error.service, error.code, error.httpStatus]).to.deep.equal(['acm', 'ResourceNotFoundException', 400]);
  });
});
