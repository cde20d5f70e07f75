import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { SandboxWorld } from '../sandbox/world-model.js';
import { validateWorldDocument } from '../sandbox/world-schema.js';
import type { WorldDocument } from '../sandbox/world-document.js';
import { createEmulator, type RunningEmulator } from './create-emulator.js';
import { awsCliFound, awsCliSuiteTitle, createAwsCliRunner, type AwsCliResult, type AwsCliRunner } from './aws-cli-runner.js';
import { ALPHA_KEY, testWorldDocument } from '../testing/emulator-world.js';

const AUTH = `AWS4-HMAC-SHA256 Credential=${ALPHA_KEY}/20261201/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000`;
// md5("hello") and md5("hello again"), worked out with `printf %s hello | md5sum`.
const ETAG_HELLO = '"5d41402abc4b2a76b9719d911017c592"';
const ETAG_AGAIN = '"44997f87b891f89472b7f2bbe4e000c3"';

function worldWithBuckets(): WorldDocument {
  return { ...testWorldDocument(), s3Buckets: ['locks'] };
}

describe('emulator: S3 object operations', () => {
  let world: SandboxWorld;
  let emulator: RunningEmulator;
  beforeEach(async () => {
    world = SandboxWorld.fromDocument(worldWithBuckets());
    emulator = await createEmulator(world);
  });
  afterEach(async () => {
    await emulator.close();
  });

  const call = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${emulator.endpoint}${path}`, { ...init, headers: { authorization: AUTH, ...(init.headers as Record<string, string>) } });
  const errorCode = (xml: string): string | undefined => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];

  it('creates an object only when absent with If-None-Match: *, answering 412 in the S3 envelope otherwise', async () => {
    const first = await call('/locks/cfalias/lease.json?x-id=PutObject', {
      method: 'PUT',
      body: 'hello',
      headers: { 'if-none-match': '*', 'content-type': 'application/json' },
    });
    expect(first.status).to.equal(200);
    expect(first.headers.get('etag')).to.equal(ETAG_HELLO);
    const second = await call('/locks/cfalias/lease.json', { method: 'PUT', body: 'hello again', headers: { 'if-none-match': '*' } });
    expect(second.status).to.equal(412);
    const xml = await second.text();
    expect(xml).to.match(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>PreconditionFailed<\/Code><Message>At least one of the pre-conditions you specified did not hold<\/Message><Condition>If-None-Match<\/Condition><RequestId>[0-9a-f-]{36}<\/RequestId><HostId>cfalias-sandbox<\/HostId><\/Error>$/,
    );
    const get = await call('/locks/cfalias/lease.json');
    expect(get.status).to.equal(200);
    expect(await get.text()).to.equal('hello');
    expect(get.headers.get('etag')).to.equal(ETAG_HELLO);
    expect(get.headers.get('content-type')).to.equal('application/json');
  });

  it('replaces and deletes only with the current ETag in If-Match', async () => {
    await call('/locks/k', { method: 'PUT', body: 'hello' });
    const stale = await call('/locks/k', { method: 'PUT', body: 'hello again', headers: { 'if-match': '"0123"' } });
    expect(stale.status).to.equal(412);
    expect(await stale.text()).to.include('<Condition>If-Match</Condition>');
    const replaced = await call('/locks/k', { method: 'PUT', body: 'hello again', headers: { 'if-match': ETAG_HELLO } });
    expect(replaced.status).to.equal(200);
    expect(replaced.headers.get('etag')).to.equal(ETAG_AGAIN);

    const staleDelete = await call('/locks/k', { method: 'DELETE', headers: { 'if-match': ETAG_HELLO } });
    expect(staleDelete.status).to.equal(412);
    const deleted = await call('/locks/k', { method: 'DELETE', headers: { 'if-match': ETAG_AGAIN } });
    expect(deleted.status).to.equal(204);
    const gone = await call('/locks/k', { method: 'DELETE', headers: { 'if-match': ETAG_AGAIN } });
    expect(gone.status).to.equal(404);
    expect(errorCode(await gone.text())).to.equal('NoSuchKey');
    const putMissing = await call('/locks/k', { method: 'PUT', body: 'x', headers: { 'if-match': ETAG_AGAIN } });
    expect(putMissing.status).to.equal(404);
  });

  it('answers NoSuchKey, NoSuchBucket, a bodiless HEAD 404 and NotImplemented for bucket operations', async () => {
    const missing = await call('/locks/nothing');
    expect(missing.status).to.equal(404);
    expect(await missing.text()).to.include(
      '<Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>nothing</Key><BucketName>locks</BucketName>',
    );
    const bucket = await call('/other/k', { method: 'PUT', body: 'x' });
    expect(bucket.status).to.equal(404);
    expect(await bucket.text()).to.include(
      '<Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>other</BucketName>',
    );
    const head = await call('/locks/nothing', { method: 'HEAD' });
    expect(head.status).to.equal(404);
    expect(await head.text()).to.equal('');
    await call('/locks/k', { method: 'PUT', body: 'hello' });
    const headHit = await call('/locks/k', { method: 'HEAD' });
    expect(headHit.status).to.equal(200);
    expect(headHit.headers.get('etag')).to.equal(ETAG_HELLO);
    expect(headHit.headers.get('content-length')).to.equal('5');
    const create = await call('/locks', { method: 'PUT' });
    expect(create.status).to.equal(501);
    expect(errorCode(await create.text())).to.equal('NotImplemented');
    const acl = await call('/locks/k?acl', { method: 'GET' });
    expect(acl.status).to.equal(501);
  });

  it('keeps the world file round trip: buckets are written back, objects are not', () => {
    world.s3.putObject('locks', 'k', 'hello', 'text/plain');
    expect(world.toDocument().s3Buckets).to.deep.equal(['locks']);
    expect(SandboxWorld.fromDocument(testWorldDocument()).toDocument()).to.not.have.property('s3Buckets');
    const problems = validateWorldDocument({ ...testWorldDocument(), s3Buckets: ['Bad_Bucket', 'ok-bucket'] });
    expect(problems.map((p) => p.path)).to.deep.equal(['/s3Buckets/0']);
  });
});

(awsCliFound ? describe : describe.skip)(awsCliSuiteTitle('emulator: S3 conformance with the AWS CLI'), function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  let cli: AwsCliRunner;
  before(async () => {
    cli = createAwsCliRunner(ALPHA_KEY);
    writeFileSync(join(cli.home, 'body.json'), 'hello');
    emulator = await createEmulator(SandboxWorld.fromDocument(worldWithBuckets()));
  });
  after(async () => {
    await emulator.close();
    cli.dispose();
  });

  const aws = (...args: string[]): Promise<AwsCliResult> => cli.run(emulator.endpoint, 's3api', ...args);

  it('puts conditionally, reads and deletes a lease object through botocore', async () => {
    const put = await aws('put-object', '--bucket', 'locks', '--key', 'lease.json', '--body', 'body.json', '--if-none-match', '*');
    expect(put.code, put.stderr).to.equal(0);
    expect(JSON.parse(put.stdout).ETag).to.equal(ETAG_HELLO);
    const again = await aws('put-object', '--bucket', 'locks', '--key', 'lease.json', '--body', 'body.json', '--if-none-match', '*');
    expect(again.code).to.not.equal(0);
    expect(again.stderr).to.include('(PreconditionFailed)');
    const head = await aws('head-object', '--bucket', 'locks', '--key', 'lease.json');
    expect(head.code, head.stderr).to.equal(0);
    expect(JSON.parse(head.stdout)).to.deep.include({ ETag: ETAG_HELLO, ContentLength: 5 });
    const wrongDelete = await aws('delete-object', '--bucket', 'locks', '--key', 'lease.json', '--if-match', '"0123"');
    expect(wrongDelete.stderr).to.include('(PreconditionFailed)');
    const deleted = await aws('delete-object', '--bucket', 'locks', '--key', 'lease.json', '--if-match', ETAG_HELLO);
    expect(deleted.code, deleted.stderr).to.equal(0);
    const get = await aws('get-object', '--bucket', 'locks', '--key', 'lease.json', 'out.json');
    expect(get.stderr).to.include('(NoSuchKey)');
  });
});
