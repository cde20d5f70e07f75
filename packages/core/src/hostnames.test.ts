import { expect } from 'chai';
import { certificateCovers, certificateRegion, checkAlias, normalizeHostname, sanCovers, servingAlias, zoneFor } from './hostnames.js';

describe('hostnames', () => {
  describe('checkAlias', () => {
    it('accepts plain and wildcard aliases', () => {
      expect(checkAlias('www.example.com')).to.equal(null);
      expect(checkAlias('*.example.com')).to.equal(null);
      expect(checkAlias('a-b.c9.example.co.uk')).to.equal(null);
    });

    it('names uppercase as its own problem', () => {
      expect(checkAlias('WWW.example.com')?.kind).to.equal('uppercase');
    });

    it('refuses wildcards anywhere but as the whole leftmost label', () => {
      for (const bad of ['*.*.example.com', 'a.*.example.com', '*example.com', 'w*.example.com']) {
        expect(checkAlias(bad)?.kind, bad).to.equal('wildcard');
      }
    });

    it('refuses malformed names', () => {
      for (const bad of [
        'example',
        'www..example.com',
        '-a.example.com',
        'a-.example.com',
        'a_b.example.com',
        '*.com',
        'www.example.com.',
      ]) {
        expect(checkAlias(bad)?.kind, bad).to.equal('hostname');
      }
      expect(checkAlias(`${'a'.repeat(64)}.example.com`)?.message).to.contain('limit is 63');
      const long = `${Array.from({ length: 50 }, () => 'abcd').join('.')}.example.com`;
      expect(checkAlias(long)?.message).to.contain('limit is 253');
    });
  });

  it('normalises case and one trailing dot', () => {
    expect(normalizeHostname(' WWW.Example.COM. ')).to.equal('www.example.com');
  });

  describe('certificate coverage', () => {
    it('a wildcard SAN covers exactly one label, not the apex, not two labels deep', () => {
      expect(sanCovers('*.example.com', 'a.example.com')).to.equal(true);
      expect(sanCovers('*.example.com', 'example.com')).to.equal(false);
      expect(sanCovers('*.example.com', 'a.b.example.com')).to.equal(false);
    });

    it('a wildcard alias needs the identical wildcard SAN', () => {
      expect(sanCovers('*.example.com', '*.example.com')).to.equal(true);
      expect(sanCovers('example.com', '*.example.com')).to.equal(false);
      expect(certificateCovers(['example.com', '*.example.com'], 'example.com')).to.equal(true);
      expect(certificateCovers(['*.example.org'], 'www.example.com')).to.equal(false);
    });
  });

  describe('servingAlias (most specific match)', () => {
    it('prefers the exact alias, then the longest wildcard', () => {
      const aliases = ['*.example.com', '*.shop.example.com', 'www.example.com'];
      expect(servingAlias('www.example.com', aliases)).to.equal('www.example.com');
      expect(servingAlias('cart.shop.example.com', aliases)).to.equal('*.shop.example.com');
      expect(servingAlias('a.b.example.com', aliases)).to.equal('*.example.com');
      expect(servingAlias('example.com', aliases)).to.equal(undefined);
    });
  });

  it('finds the zone by longest suffix', () => {
    const zones = [{ name: 'example.com.' }, { name: 'shop.example.com.' }, { name: 'other.com.' }];
    expect(zoneFor('cart.shop.example.com', zones)?.name).to.equal('shop.example.com.');
    expect(zoneFor('www.example.com.', zones)?.name).to.equal('example.com.');
    expect(zoneFor('example.com', zones)?.name).to.equal('example.com.');
    expect(zoneFor('www.example.net', zones)).to.equal(undefined);
  });

  it('reads the region of an ACM ARN', () => {
    expect(certificateRegion('arn:aws:acm:eu-west-1:111111111111:certificate/x')).to.equal('eu-west-1');
    expect(certificateRegion('arn:aws:iam::111111111111:server-certificate/x')).to.equal(undefined);
  });
});
