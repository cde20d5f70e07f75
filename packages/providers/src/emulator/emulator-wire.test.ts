import { expect } from 'chai';
import { ALPHA_KEY, startTestEmulator, type EmulatedWorld } from '../testing/emulator-world.js';

const AUTH = `AWS4-HMAC-SHA256 Credential=${ALPHA_KEY}/20261201/us-east-1/cloudfront/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000`;

describe('emulator: wire format', () => {
  let env: EmulatedWorld;

  beforeEach(async () => {
    env = await startTestEmulator();
  });
  afterEach(async () => {
    await env.emulator.close();
  });

  const call = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${env.emulator.endpoint}${path}`, { ...init, headers: { authorization: AUTH, ...(init.headers as Record<string, string>) } });

  it('serves GetDistributionConfig as a namespaced DistributionConfig document with an ETag header', async () => {
    const response = await call('/2020-05-31/distribution/E1BLUEBLUEBLUE/config');
    expect(response.status).to.equal(200);
    expect(response.headers.get('etag')).to.equal(env.world.distribution('E1BLUEBLUEBLUE')!.etag);
    expect(response.headers.get('content-type')).to.equal('text/xml');
    expect(response.headers.get('x-amzn-requestid')).to.match(/^[0-9a-f-]{36}$/);
    const xml = await response.text();
    expect(xml).to.match(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<DistributionConfig xmlns="http:\/\/cloudfront.amazonaws.com\/doc\/2020-05-31\/"><CallerReference>E1BLUEBLUEBLUE<\/CallerReference><Aliases><Quantity>2<\/Quantity><Items><CNAME>api.example.com<\/CNAME><CNAME>www.example.com<\/CNAME><\/Items><\/Aliases>/,
    );
    expect(xml).to.include('<Enabled>true</Enabled>');
  });

  it('stores a DistributionConfig document sent back unchanged element for element', async () => {
    const first = await call('/2020-05-31/distribution/E2GREENGREENGR/config');
    const xml = await first.text();
    expect(xml).to.include(
      '<CustomHeaders><Quantity>2</Quantity><Items><OriginCustomHeader><HeaderName>X-Origin-Verify</HeaderName><HeaderValue>s3cr3t &amp; &lt;ok&gt;</HeaderValue></OriginCustomHeader>',
    );
    expect(xml).to.include(
      '<Restrictions><GeoRestriction><RestrictionType>whitelist</RestrictionType><Quantity>3</Quantity><Items><Location>DE</Location><Location>FR</Location><Location>US</Location></Items></GeoRestriction></Restrictions>',
    );
    const put = await call('/2020-05-31/distribution/E2GREENGREENGR/config', {
      method: 'PUT',
      body: xml.replace('<?xml version="1.0" encoding="UTF-8"?>\n', ''),
      headers: { 'if-match': first.headers.get('etag')!, 'content-type': 'text/xml' },
    });
    expect(put.status).to.equal(200);
    expect(put.headers.get('etag')).to.not.equal(first.headers.get('etag'));
    const second = await call('/2020-05-31/distribution/E2GREENGREENGR/config');
    expect(await second.text()).to.equal(xml);
  });

  it('reads an indented document with one-item lists and entities', async () => {
    const first = await call('/2020-05-31/distribution/E1BLUEBLUEBLUE/config');
    const etag = first.headers.get('etag')!;
    const pretty = (await first.text())
      .replace('<Comment>blue</Comment>', '<Comment>  blue &amp; co  </Comment>')
      .replace(
        /<Aliases>.*?<\/Aliases>/,
        '<Aliases>\n  <Quantity>1</Quantity>\n  <Items>\n    <CNAME>www.example.com</CNAME>\n  </Items>\n</Aliases>',
      )
      .replace(/></g, '>\n<');
    const put = await call('/2020-05-31/distribution/E1BLUEBLUEBLUE/config', {
      method: 'PUT',
      body: pretty,
      headers: { 'if-match': etag },
    });
    expect(put.status).to.equal(200);
    const stored = env.world.getDistributionConfig('111111111111', 'E1BLUEBLUEBLUE').DistributionConfig;
    expect(stored.Comment).to.equal('  blue & co  ');
    expect(stored.Aliases).to.deep.equal({ Quantity: 1, Items: ['www.example.com'] });
    expect(stored.Enabled).to.equal(true);
  });

  it('answers errors in the ErrorResponse envelope with the modelled status', async () => {
    const response = await call('/2020-05-31/distribution/E1BLUEBLUEBLUE/config', {
      method: 'PUT',
      body: '<DistributionConfig/>',
      headers: { 'if-match': 'EWRONG' },
    });
    expect(response.status).to.equal(412);
    const requestId = response.headers.get('x-amzn-requestid');
    expect(await response.text()).to.equal(
      '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type>' +
        '<Code>PreconditionFailed</Code><Message>The precondition given in one or more of the request-header fields evaluated to false.</Message></Error>' +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
  });

  it('answers a body that is not XML with MalformedInput, and an unsigned request with MissingAuthenticationToken', async () => {
    const etag = env.world.distribution('E1BLUEBLUEBLUE')!.etag;
    const malformed = await call('/2020-05-31/distribution/E1BLUEBLUEBLUE/config', {
      method: 'PUT',
      body: '<DistributionConfig><Comment>',
      headers: { 'if-match': etag },
    });
    expect(malformed.status).to.equal(400);
    expect(await malformed.text()).to.include('<Code>MalformedInput</Code>');
    const unsigned = await fetch(`${env.emulator.endpoint}/2020-05-31/distribution`);
    expect(unsigned.status).to.equal(403);
    expect(await unsigned.text()).to.include('<Code>MissingAuthenticationToken</Code>');
  });

  it('answers ACM errors as JSON with __type', async () => {
    const response = await fetch(env.emulator.endpoint, {
      method: 'POST',
      headers: {
        authorization: AUTH.replace('/cloudfront/', '/acm/'),
        'x-amz-target': 'CertificateManager.DescribeCertificate',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: JSON.stringify({ CertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/none' }),
    });
    expect(response.status).to.equal(400);
    expect(response.headers.get('content-type')).to.equal('application/x-amz-json-1.1');
    expect(await response.json()).to.deep.equal({
      __type: 'ResourceNotFoundException',
      message: 'Could not find certificate with arn arn:aws:acm:us-east-1:111111111111:certificate/none.',
    });
  });

  it('answers an unknown path with 404 and logs no world call', async () => {
    const response = await call('/2020-05-31/origin-access-control');
    expect(response.status).to.equal(404);
    expect(await response.text()).to.include('<Code>UnknownOperation</Code>');
    expect(env.world.callCount()).to.equal(0);
  });
});
