/**
 * S3 over HTTP for the emulator: path-style object requests (`/{Bucket}/{Key+}`) on the world's
 * S3 store (sandbox/s3-store.ts), for the S3 lease lock. Served: PutObject (with `If-None-Match`
 * and `If-Match`), GetObject, HeadObject, DeleteObject (with `If-Match`); anything else answers
 * 501 NotImplemented. Errors use S3's own envelope, which is not the rest-xml `<ErrorResponse>`:
 * `<Error><Code>…</Code><Message>…</Message>…<RequestId>…</RequestId></Error>` at the root.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxWorld } from '../sandbox/world-model.js';
import { S3StoreError } from '../sandbox/s3-store.js';
import type { HttpAnswer, WireError } from './rest-xml-protocol.js';
import { escapeXml } from './xml-codec.js';

/** Query parameters an object request may carry (the SDK adds `x-id=PutObject` and the like). */
const PLAIN_OBJECT_QUERY = new Set(['x-id']);

export function serveS3(
  world: SandboxWorld,
  method: string,
  url: URL,
  headers: IncomingHttpHeaders,
  body: string,
  requestId: string,
): HttpAnswer {
  const target = objectOf(url.pathname);
  const subresource = [...url.searchParams.keys()].find((name) => !PLAIN_OBJECT_QUERY.has(name));
  if (!target || subresource !== undefined || headers['x-amz-copy-source'] !== undefined) {
    return encodeS3Error(notImplemented(method, url.pathname), requestId);
  }
  const { bucket, key } = target;
  try {
    switch (method) {
      case 'PUT': {
        const stored = world.s3.putObject(bucket, key, body, header(headers, 'content-type') ?? 'binary/octet-stream', {
          ...optional('ifMatch', header(headers, 'if-match')),
          ...optional('ifNoneMatch', header(headers, 'if-none-match')),
        });
        return { status: 200, headers: { ETag: stored.etag }, body: '' };
      }
      case 'GET':
      case 'HEAD': {
        // HEAD answers GET's headers; Node sends no body for HEAD, Content-Length stays the object's.
        const object = world.s3.getObject(bucket, key, method === 'GET' ? 'GetObject' : 'HeadObject');
        return {
          status: 200,
          headers: { ETag: object.etag, 'Content-Type': object.contentType, 'Last-Modified': new Date(object.lastModified).toUTCString() },
          body: object.body,
        };
      }
      case 'DELETE':
        world.s3.deleteObject(bucket, key, optional('ifMatch', header(headers, 'if-match')));
        return { status: 204, headers: {}, body: '' };
      default:
        return encodeS3Error(notImplemented(method, url.pathname), requestId);
    }
  } catch (error) {
    if (!(error instanceof S3StoreError)) throw error;
    return encodeS3Error({ code: error.code, message: error.message, status: error.httpStatus }, requestId, error.details);
  }
}

/** S3's error envelope, with the extra elements S3 adds for the error (`Key`, `BucketName`, `Condition`). */
export function encodeS3Error(error: WireError, requestId: string, details: Readonly<Record<string, string>> = {}): HttpAnswer {
  const extra = Object.entries(details)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
    `${extra}<RequestId>${escapeXml(requestId)}</RequestId><HostId>cfalias-sandbox</HostId></Error>`;
  return { status: error.status, headers: { 'Content-Type': 'application/xml' }, body };
}

/** `/bucket/some/key` → bucket and key (percent-decoded); undefined for a bucket-level path. */
function objectOf(pathname: string): { bucket: string; key: string } | undefined {
  const match = /^\/([^/]+)\/(.+)$/.exec(pathname);
  if (!match) return undefined;
  try {
    return { bucket: decodeURIComponent(match[1]!), key: decodeURIComponent(match[2]!) };
  } catch {
    return undefined;
  }
}

function notImplemented(method: string, pathname: string): WireError {
  return {
    code: 'NotImplemented',
    message: `The sandbox emulator serves only path-style PutObject, GetObject, HeadObject and DeleteObject, not ${method} ${pathname} with these parameters.`,
    status: 501,
  };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function optional<K extends string>(name: K, value: string | undefined): Partial<Record<K, string>> {
  return (value === undefined ? {} : { [name]: value }) as Partial<Record<K, string>>;
}
