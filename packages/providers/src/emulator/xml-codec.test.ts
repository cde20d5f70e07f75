import { expect } from 'chai';
import { decodeXml, encodeXml, parseXmlRoot } from './xml-codec.js';
import { cloudFrontModel, route53Model } from './service-models.js';

describe('xml-codec (model-driven XML ⇄ JSON)', () => {
  it('decodes one-item and empty lists as arrays, and types booleans and integers from the model', () => {
    const xml =
      '<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><CallerReference>ref</CallerReference>' +
      '<Aliases><Quantity>1</Quantity><Items><CNAME>www.example.com</CNAME></Items></Aliases>' +
      '<CustomErrorResponses><Quantity>0</Quantity><Items/></CustomErrorResponses>' +
      '<Comment>a &amp; b</Comment><Enabled>false</Enabled><IsIPV6Enabled>true</IsIPV6Enabled></DistributionConfig>';
    const value = decodeXml(cloudFrontModel, 'DistributionConfig', parseXmlRoot(xml, 'DistributionConfig'));
    expect(value).to.deep.equal({
      CallerReference: 'ref',
      Aliases: { Quantity: 1, Items: ['www.example.com'] },
      CustomErrorResponses: { Quantity: 0, Items: [] },
      Comment: 'a & b',
      Enabled: false,
      IsIPV6Enabled: true,
    });
  });

  it('encodes list members under their locationName, in model member order, escaping text', () => {
    const xml = encodeXml(cloudFrontModel, 'Aliases', { Items: ['a.example.com', 'b.example.com'], Quantity: 2 }, 'Aliases');
    expect(xml).to.equal(
      '<Aliases><Quantity>2</Quantity><Items><CNAME>a.example.com</CNAME><CNAME>b.example.com</CNAME></Items></Aliases>',
    );
    expect(encodeXml(cloudFrontModel, 'string', '<a & "b">', 'Comment')).to.equal('<Comment>&lt;a &amp; &quot;b&quot;&gt;</Comment>');
  });

  it('drops members the model does not know and writes timestamps in ISO 8601', () => {
    const xml = encodeXml(
      route53Model,
      'ChangeInfo',
      { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date(Date.UTC(2026, 11, 1)), Unknown: 'x' },
      'ChangeInfo',
    );
    expect(xml).to.equal(
      '<ChangeInfo><Id>/change/C1</Id><Status>PENDING</Status><SubmittedAt>2026-12-01T00:00:00.000Z</SubmittedAt></ChangeInfo>',
    );
  });

  it('refuses a document with another root element', () => {
    expect(() => parseXmlRoot('<Other/>', 'DistributionConfig')).to.throw('expected a DistributionConfig document, found Other');
  });
});
