/**
 * A loopback HTTP proxy in front of an emulator that forwards every request at once but holds
 * every answer until the test releases it. The process behind it (the CLI) then advances one
 * provider answer at a time, so the crash test can SIGKILL it at an exact journal boundary: one
 * answer settles at most one step, so the journal grows by at most one `outcome` per release.
 * `quiescent()` resolves once the client is waiting on held answers only (nothing new arrived
 * for `settleMs`).
 */
import { createServer, request, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

interface Held {
  readonly res: ServerResponse;
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The AWS wire protocols cfalias speaks are text (XML, JSON, form data). */
  readonly body: string;
  /** UpdateDistribution, UpdateDistributionTenant, AssociateAlias, UpdateDomainAssociation or ChangeResourceRecordSets: the change has been made. */
  readonly mutating: boolean;
}

export interface GatingProxy {
  readonly endpoint: string;
  /** Answers held, oldest first. */
  readonly held: readonly Held[];
  /** Resolves once something is held and nothing moved for `settleMs`, or after `maxMs` in any case. */
  quiescent(settleMs?: number, maxMs?: number): Promise<void>;
  /** Sends the oldest held answer. */
  releaseOne(): void;
  /** Drops every held answer and open connection. */
  close(): Promise<void>;
}

export function isMutatingRequest(method: string, url: string): boolean {
  return (
    (method === 'PUT' && /\/distribution\/[^/]+\/config/.test(url)) ||
    (method === 'PUT' && url.includes('/associate-alias')) ||
    (method === 'POST' && url.includes('/domain-association')) ||
    (method === 'PUT' && /\/distribution-tenant\/[^/?]+$/.test(url.split('?')[0]!)) ||
    (method === 'POST' && /\/hostedzone\/[^/]+\/rrset/.test(url))
  );
}

export async function startGatingProxy(upstream: string): Promise<GatingProxy> {
  const target = new URL(upstream);
  const held: Held[] = [];
  const sockets = new Set<Socket>();
  let lastActivity = Date.now();

  const server = createServer((req, res) => {
    lastActivity = Date.now();
    let requestBody = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (requestBody += chunk));
    req.on('end', () => {
      const forward = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          let body = '';
          answer.setEncoding('utf8');
          answer.on('data', (chunk: string) => (body += chunk));
          answer.on('end', () => {
            const headers = { ...answer.headers };
            delete headers['transfer-encoding'];
            headers['content-length'] = String(Buffer.byteLength(body, 'utf8'));
            held.push({
              res,
              status: answer.statusCode ?? 500,
              headers,
              body,
              mutating: isMutatingRequest(req.method ?? '', req.url ?? ''),
            });
            lastActivity = Date.now();
          });
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(requestBody);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    held,
    async quiescent(settleMs = 25, maxMs = 5_000) {
      const started = Date.now();
      while (Date.now() - started < maxMs) {
        if (held.length > 0 && Date.now() - lastActivity >= settleMs) return;
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    },
    releaseOne() {
      const next = held.shift();
      if (!next) return;
      lastActivity = Date.now();
      next.res.writeHead(next.status, next.headers);
      next.res.end(next.body);
    },
    async close() {
      held.length = 0;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
