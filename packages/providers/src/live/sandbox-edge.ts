/**
 * The sandbox's HTTPS edge: a loopback TLS server that plays CloudFront's edge for a sandbox world.
 * A handshake's SNI (and a request's Host) is routed to the enabled distribution holding the most
 * specific matching alias; the edge presents a certificate for exactly the SANs of that
 * distribution's ACM certificate in the world, issued by a throwaway CA made at start-up (its PEM is
 * what a client trusts). A name no distribution holds gets the default `*.cloudfront.net`
 * certificate and a 403, as CloudFront answers. The world is read at each handshake, so an apply or
 * a certificate swap is seen at once.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';
import { normalizeHostname, servingAlias } from '@cfalias/core';
import type { SandboxWorld } from '../sandbox/world-model.js';
import { nodeForge } from '../deferred-modules.js';

/** The header the edge adds to every answer: the id of the distribution that served it. */
export const SANDBOX_EDGE_DISTRIBUTION_HEADER = 'x-cfalias-distribution';

export interface SandboxEdge {
  /** `127.0.0.1:PORT` */
  readonly address: string;
  /** The throwaway CA's certificate (PEM): trust it to verify the edge's certificates. */
  readonly caPem: string;
  close(): Promise<void>;
}

/** What serves a name in the world: a distribution and its certificate's names. */
export interface EdgeRoute {
  readonly distributionId: string;
  readonly domainName: string;
  readonly commonName: string;
  readonly subjectAlternativeNames: readonly string[];
  /** ISO 8601, or null: the ACM certificate has none (the edge then issues for a year). */
  readonly notAfter: string | null;
}

const DEFAULT_NAMES = { commonName: '*.cloudfront.net', subjectAlternativeNames: ['*.cloudfront.net'] };

/** The distribution of `world` that serves `name` (most specific alias, enabled distributions only). */
export function edgeRoute(world: SandboxWorld, name: string): EdgeRoute | undefined {
  const host = normalizeHostname(name);
  const doc = world.toDocument();
  const distributions = doc.accounts.flatMap((a) => a.distributions ?? []).filter((d) => d.enabled);
  const alias = servingAlias(
    host,
    distributions.flatMap((d) => d.aliases),
  );
  if (alias === undefined) return undefined;
  const distribution = distributions.find((d) => d.aliases.includes(alias))!;
  const certificate = doc.accounts.flatMap((a) => a.certificates ?? []).find((c) => c.arn === distribution.certificateArn);
  return {
    distributionId: distribution.id,
    domainName: distribution.domainName,
    commonName: certificate?.domainName ?? DEFAULT_NAMES.commonName,
    subjectAlternativeNames: certificate?.subjectAlternativeNames ?? DEFAULT_NAMES.subjectAlternativeNames,
    notAfter: certificate?.notAfter ?? null,
  };
}

interface Issuer {
  readonly caPem: string;
  issue(commonName: string, sans: readonly string[], notAfter: string | null): { cert: string; key: string };
}

function rsaPair(): { privateKey: string; publicKey: string } {
  // node:crypto takes milliseconds where forge's JavaScript generator takes seconds.
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

function serial(): string {
  // Positive (leading 0 bit) and unique per certificate.
  return `01${randomBytes(15).toString('hex')}`;
}

/** A CA with its own key, and one key shared by every leaf it issues (throwaway: never written to disk). */
function createIssuer(): Issuer {
  const caPair = rsaPair();
  const leafPair = rsaPair();
  const forge = nodeForge();
  const caKey = forge.pki.privateKeyFromPem(caPair.privateKey);
  const ca = forge.pki.createCertificate();
  ca.publicKey = forge.pki.publicKeyFromPem(caPair.publicKey);
  ca.serialNumber = serial();
  const now = Date.now();
  ca.validity.notBefore = new Date(now - 86_400_000);
  ca.validity.notAfter = new Date(now + 10 * 365 * 86_400_000);
  const caName = [{ name: 'commonName', value: 'cfalias sandbox edge CA (throwaway)' }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKey, forge.md.sha256.create());
  const caPem = forge.pki.certificateToPem(ca);
  return {
    caPem,
    issue(commonName, sans, notAfter) {
      const cert = forge.pki.createCertificate();
      cert.publicKey = forge.pki.publicKeyFromPem(leafPair.publicKey);
      cert.serialNumber = serial();
      const issued = Date.now();
      // Valid from a day ago, so the real clock and the world's simulated clock both see it valid.
      cert.validity.notBefore = new Date(issued - 86_400_000);
      cert.validity.notAfter = notAfter !== null ? new Date(notAfter) : new Date(issued + 365 * 86_400_000);
      cert.setSubject([{ name: 'commonName', value: commonName }]);
      cert.setIssuer(caName);
      cert.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: sans.map((value) => ({ type: 2, value })) },
        { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
      ]);
      cert.sign(caKey, forge.md.sha256.create());
      return { cert: forge.pki.certificateToPem(cert), key: leafPair.privateKey };
    },
  };
}

/** Starts the edge on 127.0.0.1 (`port` 0 or absent: a free one). */
export async function startSandboxEdge(world: SandboxWorld, options: { readonly port?: number } = {}): Promise<SandboxEdge> {
  const issuer = createIssuer();
  const contexts = new Map<string, SecureContext>();
  const contextFor = (name: string): SecureContext => {
    const route = edgeRoute(world, name);
    const names = route ?? { ...DEFAULT_NAMES, notAfter: null };
    const key = JSON.stringify([names.commonName, names.subjectAlternativeNames, names.notAfter]);
    let context = contexts.get(key);
    if (context === undefined) {
      context = createSecureContext(issuer.issue(names.commonName, names.subjectAlternativeNames, names.notAfter));
      contexts.set(key, context);
    }
    return context;
  };
  // Issued at start-up for every distribution's certificate; later swaps are issued on first use.
  for (const d of world.toDocument().accounts.flatMap((a) => a.distributions ?? [])) {
    for (const alias of d.aliases) if (!alias.startsWith('*.')) contextFor(alias);
  }
  const fallback = issuer.issue(DEFAULT_NAMES.commonName, DEFAULT_NAMES.subjectAlternativeNames, null);
  const server: Server = createServer(
    {
      ...fallback,
      SNICallback: (servername, done) => {
        try {
          done(null, contextFor(servername));
        } catch (error) {
          done(error as Error);
        }
      },
    },
    (request, response) => {
      const host = (request.headers.host ?? '').replace(/:\d+$/, '');
      const route = edgeRoute(world, host);
      if (route === undefined) {
        response.writeHead(403, { 'content-type': 'text/plain', 'x-cache': 'Error from cloudfront' });
        response.end('403 ERROR: The request could not be satisfied.\n');
        return;
      }
      response.writeHead(200, {
        'content-type': 'text/plain',
        [SANDBOX_EDGE_DISTRIBUTION_HEADER]: route.distributionId,
        via: `1.1 ${route.domainName} (CloudFront)`,
        'x-cache': 'Miss from cloudfront',
      });
      response.end(request.method === 'HEAD' ? undefined : `served by ${route.distributionId}\n`);
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    caPem: issuer.caPem,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
