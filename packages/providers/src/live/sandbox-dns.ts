/**
 * The sandbox's DNS server: answers the world's Route 53 records over UDP and TCP on one loopback
 * port, as an authoritative server for every public hosted zone of every account, plus the
 * distributions' `*.cloudfront.net` domains. CNAMEs are followed inside the world; an alias record
 * answers its target's addresses, as Route 53 does. Each distribution's domain answers one loopback
 * address of its own (127.x.y.z derived from the domain), so an address proves which distribution
 * an alias record leads to. The world is read at each query.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import type * as DnsPacket from 'dns-packet';
import { fromFqdn, toFqdn, zoneFor } from '@cfalias/core';
import { sandboxEdgeAddress } from '../sandbox/edge-address.js';
import type { SandboxWorld } from '../sandbox/world-model.js';
import type { HostedZoneDocument } from '../sandbox/world-document.js';
import { dnsPacket as loadDnsPacket } from '../deferred-modules.js';

export interface SandboxDns {
  /** `127.0.0.1:PORT` (UDP and TCP) */
  readonly address: string;
  close(): Promise<void>;
}

export { sandboxEdgeAddress };

type QType = 'A' | 'AAAA' | 'CNAME' | 'TXT';
/** What CloudFront domains live for in the sandbox answers (CloudFront's own TTL is 60 s). */
const CLOUDFRONT_TTL = 60;

/** A DNS response's code and answer section. */
export interface SandboxDnsAnswer {
  readonly rcode: 'NOERROR' | 'NXDOMAIN' | 'REFUSED';
  readonly answers: DnsPacket.Answer[];
}

/** The answer `world` gives for `name`/`type`. */
export function sandboxDnsAnswer(world: SandboxWorld, name: string, type: string): SandboxDnsAnswer {
  const doc = world.toDocument();
  const domains = new Set(doc.accounts.flatMap((a) => (a.distributions ?? []).map((d) => d.domainName.toLowerCase())));
  const routing = new Set(doc.accounts.flatMap((a) => (a.connectionGroups ?? []).map((g) => g.routingEndpoint)));
  const zones = doc.accounts.flatMap((a) => a.hostedZones ?? []).filter((z) => z.privateZone !== true);
  const answers: DnsPacket.Answer[] = [];
  let current = fromFqdn(name.toLowerCase());
  for (let hops = 0; hops < 8; hops++) {
    if (domains.has(current) || routing.has(current)) {
      if (type === 'A') answers.push({ name: current, type: 'A', ttl: CLOUDFRONT_TTL, data: sandboxEdgeAddress(current) });
      return { rcode: 'NOERROR', answers };
    }
    const zone = zoneFor(current, zones);
    if (zone === undefined) return { rcode: hops === 0 ? 'REFUSED' : 'NOERROR', answers };
    const records = recordsAt(zone, current);
    if (records.length === 0) return { rcode: hops === 0 ? 'NXDOMAIN' : 'NOERROR', answers };
    const cname = records.find((r) => r.type === 'CNAME');
    if (cname !== undefined && type !== 'CNAME') {
      const target = fromFqdn((cname.values?.[0] ?? '').toLowerCase());
      answers.push({ name: current, type: 'CNAME', ttl: cname.ttl ?? 300, data: target });
      current = target;
      continue;
    }
    for (const record of records.filter((r) => r.type === type)) {
      if (record.aliasTarget !== undefined) {
        // Route 53 answers an alias record with its target's addresses, under the record's name.
        const target = sandboxDnsAnswer(world, record.aliasTarget.dnsName, type);
        for (const a of target.answers) if (a.type === type) answers.push({ ...a, name: current });
      } else {
        for (const value of record.values ?? []) answers.push(valueAnswer(current, type as QType, record.ttl ?? 300, value));
      }
    }
    return { rcode: 'NOERROR', answers };
  }
  return { rcode: 'NOERROR', answers };
}

function recordsAt(zone: HostedZoneDocument, name: string): HostedZoneDocument['records'] {
  const exact = zone.records.filter((r) => r.name.toLowerCase() === toFqdn(name));
  if (exact.length > 0) return exact;
  const wildcard = `*.${toFqdn(name).split('.').slice(1).join('.')}`;
  return zone.records.filter((r) => r.name.toLowerCase().replace(/^\\052/, '*') === wildcard);
}

function valueAnswer(name: string, type: QType, ttl: number, value: string): DnsPacket.Answer {
  if (type === 'TXT') return { name, type: 'TXT', ttl, data: value.replace(/^"|"$/g, '') };
  return { name, type, ttl, data: type === 'CNAME' ? fromFqdn(value) : value };
}

/** The bytes of a dns-packet Buffer as a plain Uint8Array (its typings' Buffer is not node's). */
function bytesOf(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

function respond(world: SandboxWorld, message: Buffer): Buffer {
  const dnsPacket = loadDnsPacket();
  const query = dnsPacket.decode(message);
  const question = query.questions?.[0];
  const answer =
    question !== undefined ? sandboxDnsAnswer(world, question.name, question.type) : { rcode: 'REFUSED' as const, answers: [] };
  const rcodes = { NOERROR: 0, NXDOMAIN: 3, REFUSED: 5 } as const;
  return dnsPacket.encode({
    type: 'response',
    id: query.id ?? 0,
    // QR, AA, RD echoed; RCODE in the low bits.
    flags: dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | rcodes[answer.rcode],
    questions: query.questions ?? [],
    answers: answer.answers,
  });
}

/** Starts the DNS server on 127.0.0.1 (`port` 0 or absent: a free one, the same for UDP and TCP). */
export async function startSandboxDns(world: SandboxWorld, options: { readonly port?: number } = {}): Promise<SandboxDns> {
  const connections = new Set<TcpSocket>();
  const tcp: Server = createServer((socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const joined = Buffer.alloc(buffered.length + chunk.length);
      joined.set(buffered, 0);
      joined.set(chunk, buffered.length);
      buffered = joined;
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const reply = respond(world, buffered.subarray(2, 2 + length));
        buffered = buffered.subarray(2 + length);
        const framed = new Uint8Array(2 + reply.length);
        framed[0] = reply.length >> 8;
        framed[1] = reply.length & 0xff;
        framed.set(bytesOf(reply), 2);
        socket.write(framed);
      }
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = tcp.address() as { port: number };
  const udp: Socket = createSocket('udp4');
  udp.on('message', (message, remote) => {
    try {
      udp.send(bytesOf(respond(world, message)), remote.port, remote.address);
    } catch {
      // A malformed packet gets no answer, as from a real server.
    }
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(port, '127.0.0.1', () => resolve());
  });
  return {
    address: `127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
