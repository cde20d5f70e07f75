/**
 * Network probes for live checks: a TLS handshake with SNI, a DNS query to one resolver, an HTTPS
 * request. They report what they saw; `@cfalias/core` judges it (`judgeCertificate`,
 * `judgeDnsAnswer`, `judgeHttpResponse`).
 */
import { getServers } from 'node:dns';
import { createSocket } from 'node:dgram';
import { request } from 'node:https';
import { connect } from 'node:tls';
import type { AnswerRecord, HttpObservation, ServedCertificate } from '@cfalias/core';
import { dnsPacket as loadDnsPacket } from '../deferred-modules.js';

const DEFAULT_TIMEOUT_MS = 5000;

/** `host:port` (IPv6 in brackets) → its parts; `defaultPort` when the port is left out. */
export function parseAddress(address: string, defaultPort: number): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(address);
  if (!match) throw new Error(`"${address}" is not an address: write HOST or HOST:PORT`);
  return { host: match[1] ?? match[2]!, port: match[3] !== undefined ? Number(match[3]) : defaultPort };
}

export interface TlsProbeOptions {
  /** Connect here instead of to the alias itself on port 443 (`127.0.0.1:8443`: the sandbox edge). */
  readonly edge?: string;
  /** Extra CA certificates (PEM) to trust besides Node's bundled roots. */
  readonly ca?: string;
  readonly timeoutMs?: number;
}

export interface TlsProbeResult {
  readonly certificate: ServedCertificate;
  /** Why the chain is not trusted (`SELF_SIGNED_CERT_IN_CHAIN`…), when it is not; names are judged separately. */
  readonly untrusted?: string;
}

/** A TLS handshake to `alias` with SNI `alias`; reads the served certificate. */
export function probeTls(alias: string, options: TlsProbeOptions = {}): Promise<TlsProbeResult> {
  const { host, port } = parseAddress(options.edge ?? alias, 443);
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      servername: alias,
      // Judged below: a name mismatch must be reported with the names, not as a bare handshake error.
      rejectUnauthorized: false,
      ...(options.ca !== undefined && { ca: options.ca }),
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    socket.once('timeout', () => socket.destroy(new Error(`TLS handshake with ${host}:${port} timed out`)));
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const x509 = socket.getPeerX509Certificate();
      const authorizationError = socket.authorizationError as Error | string | null;
      socket.end();
      if (x509 === undefined) {
        reject(new Error(`${host}:${port} presented no certificate`));
        return;
      }
      const sans = (x509.subjectAltName ?? '')
        .split(', ')
        .filter((entry) => entry.startsWith('DNS:'))
        .map((entry) => entry.slice(4));
      resolve({
        certificate: {
          subject: x509.subject.replace(/\n/g, ', '),
          subjectAlternativeNames: sans,
          issuer: x509.issuer.replace(/\n/g, ', '),
          validFrom: new Date(x509.validFrom).toISOString(),
          validTo: new Date(x509.validTo).toISOString(),
        },
        ...(authorizationError ? { untrusted: String(authorizationError) } : {}),
      });
    });
  });
}

/** The system resolver's first server (`/etc/resolv.conf` on Unix), as `host:port`. */
export function systemResolver(): string {
  const server = getServers()[0];
  if (server === undefined) throw new Error('the system has no DNS resolver configured');
  return server.includes(':') && !server.startsWith('[') && server.split(':').length > 2 ? `[${server}]` : server;
}

/** Asks `resolver` (`host:port`) for `name`/`type` over UDP; returns the answer section. */
export function queryDns(
  name: string,
  type: 'A' | 'AAAA' | 'CNAME',
  resolver: string,
  timeoutMs: number = DEFAULT_TIMEOUT_MS,
): Promise<AnswerRecord[]> {
  const { host, port } = parseAddress(resolver, 53);
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const id = Math.floor(Math.random() * 65535);
  const dnsPacket = loadDnsPacket();
  const query = dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] });
  return new Promise<AnswerRecord[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no DNS answer from ${resolver} within ${timeoutMs} ms`)), timeoutMs);
    socket.once('error', reject);
    socket.on('message', (message: Buffer) => {
      const packet = dnsPacket.decode(message);
      if (packet.id !== id) return;
      clearTimeout(timer);
      // RCODE: the low four bits of the flags; 0 NOERROR, 3 NXDOMAIN (an empty answer).
      const rcode = (packet.flags ?? 0) & 0xf;
      if (rcode !== 0 && rcode !== 3) {
        reject(new Error(`${resolver} answered RCODE ${rcode} for ${name}`));
        return;
      }
      resolve(
        (packet.answers ?? []).flatMap((a) =>
          a.type === 'CNAME' || a.type === 'A' || a.type === 'AAAA'
            ? [{ name: a.name.toLowerCase(), type: a.type, ttl: a.ttl ?? 0, data: String(a.data).toLowerCase() }]
            : [],
        ),
      );
    });
    socket.send(new Uint8Array(query.buffer, query.byteOffset, query.length), port, host);
  }).finally(() => socket.close());
}

export interface HttpProbeOptions {
  readonly edge?: string;
  readonly ca?: string;
  readonly method?: 'HEAD' | 'GET';
  readonly timeoutMs?: number;
}

/** `HEAD` (default) or `GET` of `https://alias{path}`, sent to the edge when one is given. */
export function probeHttp(alias: string, path: string, options: HttpProbeOptions = {}): Promise<HttpObservation> {
  const { host, port } = parseAddress(options.edge ?? alias, 443);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port,
        path,
        method: options.method ?? 'HEAD',
        servername: alias,
        headers: { host: alias },
        ...(options.ca !== undefined && { ca: options.ca }),
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      },
      (response) => {
        response.resume();
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: response.statusCode ?? 0, headers });
      },
    );
    req.once('timeout', () => req.destroy(new Error(`no HTTP answer from ${host}:${port} within the timeout`)));
    req.once('error', reject);
    req.end();
  });
}
