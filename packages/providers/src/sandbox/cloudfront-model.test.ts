/**
 * The sandbox's CloudFront rules, each with its AWS error code and HTTP status.
 * Expected values are worked out by hand from testing/rules-world.ts.
 */
import { expect } from 'chai';
import {
  A,
  BLUE,
  GREEN,
  RED,
  FOREIGN,
  OLD,
  CERT_A,
  CERT_PENDING,
  CERT_EU,
  CERT_B,
  NOW,
  makeWorld,
  thrown,
  withAliases,
  setAliases,
} from '../testing/rules-world.js';

describe('SandboxWorld: CloudFront', () => {
  describe('UpdateDistribution', () => {
    it('refuses an alias held by a distribution in another account: CNAMEAlreadyExists, 409', () => {
      const { world } = makeWorld();
      const error = thrown(() => setAliases(world, GREEN, ['shop.example.com']));
      expect([error.code, error.httpStatus, error.faultType]).to.deep.equal(['CNAMEAlreadyExists', 409, 'Sender']);
      expect(error.message).to.include('shop.example.com');
      expect(world.distribution(GREEN)!.aliases).to.deep.equal([]);
    });

    it('refuses an alias held by another distribution of the same account', () => {
      const { world } = makeWorld();
      expect(thrown(() => setAliases(world, GREEN, ['www.example.com'])).code).to.equal('CNAMEAlreadyExists');
    });

    it('refuses an alias whose DNS points at another distribution (the DNS rule), 409', () => {
      const { world } = makeWorld();
      const error = thrown(() => setAliases(world, GREEN, ['cdn.example.com']));
      expect([error.code, error.httpStatus]).to.deep.equal(['CNAMEAlreadyExists', 409]);
      expect(error.message).to.include('points to another CloudFront distribution');
      expect(error.message).to.include('cdn.example.com points to d3foreign.cloudfront.net');
    });

    it('accepts an alias whose DNS points at the target itself', () => {
      const { world, clock } = makeWorld();
      setAliases(world, BLUE, ['api.example.com']);
      clock.advance(1000);
      setAliases(world, BLUE, ['api.example.com', 'www.example.com']);
      expect(world.distribution(BLUE)!.aliases).to.deep.equal(['api.example.com', 'www.example.com']);
    });

    it('needs If-Match (InvalidIfMatchVersion, 400) and refuses a stale ETag (PreconditionFailed, 412)', () => {
      const { world } = makeWorld();
      const { DistributionConfig, ETag } = world.getDistributionConfig(A, BLUE);
      expect(ETag).to.equal('E001EBLUEBLUE');
      const missing = thrown(() => world.updateDistribution(A, BLUE, DistributionConfig, undefined));
      expect([missing.code, missing.httpStatus]).to.deep.equal(['InvalidIfMatchVersion', 400]);
      const updated = world.updateDistribution(A, BLUE, withAliases(DistributionConfig, ['www.example.com']), ETag);
      expect(updated.ETag).to.equal('E002EBLUEBLUE');
      const stale = thrown(() => world.updateDistribution(A, BLUE, DistributionConfig, ETag));
      expect([stale.code, stale.httpStatus, stale.retryable]).to.deep.equal(['PreconditionFailed', 412, false]);
      expect(world.distribution(BLUE)!.aliases).to.deep.equal(['www.example.com']);
    });

    it('refuses Aliases.Quantity that differs from the item count: InconsistentQuantities, 400', () => {
      const { world } = makeWorld();
      const { DistributionConfig, ETag } = world.getDistributionConfig(A, BLUE);
      const config = { ...DistributionConfig, Aliases: { Quantity: 3, Items: ['www.example.com'] } };
      const error = thrown(() => world.updateDistribution(A, BLUE, config, ETag));
      expect([error.code, error.httpStatus]).to.deep.equal(['InconsistentQuantities', 400]);
      expect(error.message).to.include('Aliases');
    });

    it('refuses an uppercase alias: InvalidArgument, 400', () => {
      const { world } = makeWorld();
      const error = thrown(() => setAliases(world, GREEN, ['WWW2.example.com']));
      expect([error.code, error.httpStatus]).to.deep.equal(['InvalidArgument', 400]);
      expect(error.message).to.include('uppercase');
    });

    it('refuses more aliases than the quota: TooManyDistributionCNAMEs, 400', () => {
      const { world } = makeWorld({ settings: { deploySeconds: 300, dnsSyncSeconds: 30, aliasQuota: 2 } });
      const error = thrown(() => setAliases(world, BLUE, ['www.example.com', 'api.example.com', 'a.example.com']));
      expect([error.code, error.httpStatus]).to.deep.equal(['TooManyDistributionCNAMEs', 400]);
    });

    describe('certificate coverage on add: InvalidViewerCertificate, 400', () => {
      const cases: [string, string | null, string, string][] = [
        ['a SAN must cover the alias', CERT_A, 'a.b.example.com', "doesn't cover"],
        ['the certificate must be ISSUED', CERT_PENDING, 'a.example.com', 'PENDING_VALIDATION'],
        ['the certificate must be in us-east-1', CERT_EU, 'a.example.com', 'us-east-1'],
        ["the certificate must be in the caller's account", CERT_B, 'a.example.com', 'does not exist in account 111111111111'],
        ['the default certificate serves no alias', null, 'a.example.com', 'default certificate'],
      ];
      for (const [title, arn, alias, fragment] of cases) {
        it(title, () => {
          const { world } = makeWorld();
          const { DistributionConfig, ETag } = world.getDistributionConfig(A, GREEN);
          const viewerCertificate =
            arn === null ? { CloudFrontDefaultCertificate: true } : { ACMCertificateArn: arn, SSLSupportMethod: 'sni-only' };
          const config = { ...withAliases(DistributionConfig, [alias]), ViewerCertificate: viewerCertificate };
          const error = thrown(() => world.updateDistribution(A, GREEN, config, ETag));
          expect([error.code, error.httpStatus]).to.deep.equal(['InvalidViewerCertificate', 400]);
          expect(error.message).to.include(fragment);
        });
      }

      it('is not checked when aliases are only removed', () => {
        const { world } = makeWorld();
        setAliases(world, RED, []);
        expect(world.distribution(RED)!.aliases).to.deep.equal([]);
      });
    });

    it('goes InProgress for deploySeconds, then reads Deployed, keeping the opaque config', () => {
      const { world, clock } = makeWorld();
      const { DistributionConfig, ETag } = world.getDistributionConfig(A, BLUE);
      const config = {
        ...withAliases(DistributionConfig, ['www.example.com']),
        Comment: 'cutover',
        PriceClass: 'PriceClass_100',
        CustomMember: { Kept: true },
      };
      clock.advance(10_000);
      const out = world.updateDistribution(A, BLUE, config, ETag);
      expect(out.Distribution.Status).to.equal('InProgress');
      expect(out.Distribution.LastModifiedTime.toISOString()).to.equal('2026-01-01T00:00:10.000Z');
      expect(world.deploymentDueAt(BLUE)).to.equal(NOW + 310_000);
      clock.advance(299_999);
      expect(world.getDistribution(A, BLUE).Distribution.Status).to.equal('InProgress');
      clock.advance(1);
      expect(world.getDistribution(A, BLUE).Distribution.Status).to.equal('Deployed');
      const read = world.getDistributionConfig(A, BLUE).DistributionConfig;
      expect([read.Comment, read['PriceClass'], read['CustomMember']]).to.deep.equal(['cutover', 'PriceClass_100', { Kept: true }]);
      expect(read.Aliases).to.deep.equal({ Quantity: 1, Items: ['www.example.com'] });
      expect(read.ViewerCertificate?.ACMCertificateArn).to.equal(CERT_A);
    });

    it("answers NoSuchDistribution (404) for another account's distribution and for unknown ids", () => {
      const { world } = makeWorld();
      for (const id of [FOREIGN, 'ENOSUCHDIST']) {
        const error = thrown(() => world.getDistribution(A, id));
        expect([error.code, error.httpStatus]).to.deep.equal(['NoSuchDistribution', 404]);
      }
    });
  });

  describe('AssociateAlias', () => {
    it('moves the alias to the target; both distributions go InProgress', () => {
      const { world } = makeWorld();
      world.associateAlias(A, GREEN, 'www.example.com');
      expect(world.distribution(BLUE)).to.include({ status: 'InProgress', etag: 'E002EBLUEBLUE' });
      expect(world.distribution(BLUE)!.aliases).to.deep.equal(['api.example.com']);
      expect(world.distribution(GREEN)!.aliases).to.deep.equal(['www.example.com']);
      expect(world.distribution(GREEN)!.status).to.equal('InProgress');
    });

    it('needs the TXT record _<alias> with the target domain name: IllegalUpdate, 400', () => {
      const { world } = makeWorld();
      const error = thrown(() => world.associateAlias(A, GREEN, 'api.example.com'));
      expect([error.code, error.httpStatus]).to.deep.equal(['IllegalUpdate', 400]);
      expect(error.message).to.include('_api.example.com.');
      expect(error.message).to.include('"d2green.cloudfront.net"');
      expect(world.distribution(BLUE)!.aliases).to.deep.equal(['www.example.com', 'api.example.com']);
    });

    it("needs the target's certificate to cover the alias: IllegalUpdate", () => {
      const { world } = makeWorld();
      const error = thrown(() => world.associateAlias(A, RED, 'api.example.com'));
      expect(error.code).to.equal('IllegalUpdate');
      expect(error.message).to.include("doesn't cover");
    });

    it('needs a source in another account to be disabled', () => {
      const { world } = makeWorld();
      const error = thrown(() => world.associateAlias(A, GREEN, 'shop.example.com'));
      expect(error.code).to.equal('IllegalUpdate');
      expect(error.message).to.include('still enabled');
      world.associateAlias(A, GREEN, 'old.example.com');
      expect(world.distribution(OLD)!.aliases).to.deep.equal([]);
      expect(world.distribution(GREEN)!.aliases).to.deep.equal(['old.example.com']);
    });

    it('answers NoSuchDistribution for a target outside the account', () => {
      const { world } = makeWorld();
      expect(thrown(() => world.associateAlias(A, FOREIGN, 'www.example.com')).code).to.equal('NoSuchDistribution');
    });
  });

  describe('ListDistributions and ListConflictingAliases', () => {
    it('pages distribution summaries with NextMarker', () => {
      const { world } = makeWorld();
      const first = world.listDistributions(A, { maxItems: 2 }).DistributionList;
      expect(first.Items.map((d) => d.Id)).to.deep.equal([BLUE, GREEN]);
      expect([first.IsTruncated, first.NextMarker, first.Quantity]).to.deep.equal([true, RED, 2]);
      expect(first.Items[0]).to.include({
        ARN: 'arn:aws:cloudfront::111111111111:distribution/E1BLUEBLUEBLUE',
        ETag: 'E001EBLUEBLUE',
        Status: 'Deployed',
        DomainName: 'd1blue.cloudfront.net',
        Enabled: true,
      });
      expect(first.Items[0]!.Aliases).to.deep.equal({ Quantity: 2, Items: ['www.example.com', 'api.example.com'] });
      expect(first.Items[0]!.ViewerCertificate.ACMCertificateArn).to.equal(CERT_A);
      const second = world.listDistributions(A, { marker: RED, maxItems: 2 }).DistributionList;
      expect(second.Items.map((d) => d.Id)).to.deep.equal([RED]);
      expect([second.IsTruncated, second.NextMarker]).to.deep.equal([false, undefined]);
    });

    it('lists equal and overlapping aliases in every account with masked ids, paged', () => {
      const { world } = makeWorld();
      const first = world.listConflictingAliases(A, GREEN, '*.example.com', { maxItems: 2 }).ConflictingAliasesList;
      expect(first.Items).to.deep.equal([
        { Alias: 'api.example.com', DistributionId: '******UEBLUE', AccountId: '******111111' },
        { Alias: 'old.example.com', DistributionId: '******OLDOLD', AccountId: '******222222' },
      ]);
      expect(first.NextMarker).to.equal('2');
      const second = world.listConflictingAliases(A, GREEN, '*.example.com', { marker: '2', maxItems: 2 }).ConflictingAliasesList;
      expect(second.Items.map((i) => [i.Alias, i.DistributionId])).to.deep.equal([
        ['shop.example.com', '******NFOREI'],
        ['www.example.com', '******UEBLUE'],
      ]);
      expect(second.NextMarker).to.equal(undefined);
      const exact = world.listConflictingAliases(A, GREEN, 'shop.example.com').ConflictingAliasesList;
      expect(exact.Items).to.deep.equal([{ Alias: 'shop.example.com', DistributionId: '******NFOREI', AccountId: '******222222' }]);
    });
  });
});
