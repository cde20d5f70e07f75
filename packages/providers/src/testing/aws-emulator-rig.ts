/**
 * The AWS provider on the real SDK against the sandbox HTTP emulator, for the provider's tests:
 * start and stop one, a recording proxy in front of it, a raw CloudFront request, and the leaves
 * of an XML document.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { createEmulator, type RunningEmulator } from '../emulator/index.js';
import { SandboxWorld, type WorldDocument } from '../sandbox/index.js';
import { createAwsProvider, type AwsProvider, type AwsProviderOptions } from '../aws/aws-provider.js';

export const ACCOUNT = '111111111111';
export const OTHER = '222222222222';
export const KEY = 'AKIACOUNTCOUNTCOUNT1';
export const OTHER_KEY = 'AKIAOTHEROTHEROTHER2';
export const CERTS = ['a', 'b', 'c'].map((n) => `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/${n}`);

export interface Running {
  readonly world: SandboxWorld;
  readonly emulator: RunningEmulator;
  readonly provider: AwsProvider;
}

export async function start(doc: WorldDocument, options: Partial<AwsProviderOptions> = {}, accessKeyId = KEY): Promise<Running> {
  const world = SandboxWorld.fromDocument(doc);
  const emulator = await createEmulator(world, { port: 0, timeoutHoldMs: 50 });
  const provider = createAwsProvider({
    endpoint: emulator.endpoint,
    credentials: { accessKeyId, secretAccessKey: 'sandbox-secret' },
    maxAttempts: 1,
    waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitSeconds: 5 },
    ...options,
  });
  return { world, emulator, provider };
}

export async function stop(running: Running | undefined): Promise<void> {
  running?.provider.destroy();
  await running?.emulator.close();
}

/** Forwards every request to the emulator unchanged and records what it carried. */
export interface RecordingProxy {
  readonly endpoint: string;
  readonly requests: { method: string; path: string; body: string }[];
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: RecordingProxy['requests'] = [];
  const server: Server = createServer((incoming, outgoing) => {
    // Every body the providers send is text (XML, JSON, form), so UTF-8 strings carry it exactly.
    let body = '';
    incoming.setEncoding('utf8');
    incoming.on('data', (chunk: string) => (body += chunk));
    incoming.on('end', () => {
      requests.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', body });
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forward.on('error', () => outgoing.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request the way any AWS client would send it (SigV4 scope naming the key; the emulator does not check signatures). */
export async function rawCloudFront(endpoint: string, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const authorization = `AWS4-HMAC-SHA256 Credential=${KEY}/20261201/us-east-1/cloudfront/aws4_request, SignedHeaders=host, Signature=0`;
  const answer = await fetch(`${endpoint}${path}`, {
    method,
    headers: { authorization, ...headers },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: answer.status, etag: answer.headers.get('etag'), body: await answer.text() };
}

/**
 * Every leaf element of an XML document as `path = text`, with each repeated sibling numbered
 * (`.../Items/Origin[2]/Id = alb-app`). Element order inside a structure is not part of it (the
 * SDK writes required members first); the order of list items is.
 */
export function xmlLeaves(xml: string): string[] {
  type Node = Record<string, unknown>;
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });
  const leaves: string[] = [];
  const walk = (nodes: Node[], path: string): void => {
    const seen = new Map<string, number>();
    for (const node of nodes) {
      const tag = Object.keys(node).find((k) => k !== ':@');
      if (tag === undefined || tag === '?xml') continue;
      if (tag === '#text') {
        leaves.push(`${path} = ${String(node[tag])}`);
        continue;
      }
      const index = seen.get(tag) ?? 0;
      seen.set(tag, index + 1);
      const children = node[tag] as Node[];
      const childPath = `${path}/${tag}[${index}]`;
      if (children.length === 0) leaves.push(`${childPath} = `);
      else walk(children, childPath);
    }
  };
  walk(parser.parse(xml) as Node[], '');
  return leaves.sort();
}
