/**
 * The world the sandbox model's rule tests run on: two accounts (A holds blue, green and red; B
 * holds a foreign distribution and a disabled old one), certificates of every kind the rules tell
 * apart, and zones with routing records and ownership TXT records. Expected values in the tests are
 * worked out by hand from this document. Also the small helpers those tests share.
 */
import { expect } from 'chai';
import { SimulatedClock } from '@cfalias/core';
import { SandboxServiceError } from '../errors.js';
import type { DistributionConfigShape } from '../sandbox/aws-shapes.js';
import type { AccountDocument, WorldDocument } from '../sandbox/world-document.js';
import { SandboxWorld } from '../sandbox/world-model.js';

export const A = '111111111111';
export const B = '222222222222';
export const BLUE = 'E1BLUEBLUEBLUE';
export const GREEN = 'E2GREENGREENGR';
export const RED = 'E5REDREDREDRED';
export const FOREIGN = 'E3FOREIGNFOREI';
export const OLD = 'E4OLDOLDOLDOLD';
export const CERT_A = 'arn:aws:acm:us-east-1:111111111111:certificate/a';
export const CERT_PENDING = 'arn:aws:acm:us-east-1:111111111111:certificate/pending';
export const CERT_EU = 'arn:aws:acm:eu-west-1:111111111111:certificate/eu';
export const CERT_NARROW = 'arn:aws:acm:us-east-1:111111111111:certificate/narrow';
export const CERT_B = 'arn:aws:acm:us-east-1:222222222222:certificate/b';
export const NOW = Date.parse('2026-01-01T00:00:00Z');

export function txt(name: string, domain: string) {
  return { name, type: 'TXT', ttl: 300, values: [`"${domain}"`] };
}

export function baseDocument(overrides: Partial<WorldDocument> = {}): WorldDocument {
  return {
    version: 1,
    caller: A,
    now: '2026-01-01T00:00:00Z',
    settings: { deploySeconds: 300, dnsSyncSeconds: 30 },
    accounts: [
      {
        id: A,
        distributions: [
          {
            id: BLUE,
            domainName: 'd1blue.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['www.example.com', 'api.example.com'],
            certificateArn: CERT_A,
          },
          { id: GREEN, domainName: 'd2green.cloudfront.net', enabled: true, status: 'Deployed', aliases: [], certificateArn: CERT_A },
          { id: RED, domainName: 'd5red.cloudfront.net', enabled: true, status: 'Deployed', aliases: [], certificateArn: CERT_NARROW },
        ],
        certificates: [
          {
            arn: CERT_A,
            domainName: 'example.com',
            subjectAlternativeNames: ['example.com', '*.example.com'],
            status: 'ISSUED',
            notAfter: '2027-06-01T00:00:00Z',
          },
          {
            arn: CERT_PENDING,
            domainName: '*.example.com',
            subjectAlternativeNames: ['*.example.com'],
            status: 'PENDING_VALIDATION',
            notAfter: null,
          },
          { arn: CERT_EU, domainName: '*.example.com', subjectAlternativeNames: ['*.example.com'], status: 'ISSUED' },
          { arn: CERT_NARROW, domainName: 'www.example.com', subjectAlternativeNames: ['www.example.com'], status: 'ISSUED' },
        ],
        hostedZones: [
          {
            id: 'Z1EXAMPLE',
            name: 'example.com.',
            records: [
              { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
              {
                name: 'www.example.com.',
                type: 'AAAA',
                aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' },
              },
              { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
              { name: 'cdn.example.com.', type: 'CNAME', ttl: 300, values: ['d3foreign.cloudfront.net'] },
              txt('_www.example.com.', 'd2green.cloudfront.net'),
              txt('_old.example.com.', 'd2green.cloudfront.net'),
              txt('_shop.example.com.', 'd2green.cloudfront.net'),
              { name: '*.example.com.', type: 'CNAME', ttl: 60, values: ['d1blue.cloudfront.net'] },
              { name: 'example.com.', type: 'NS', ttl: 172800, values: ['ns-1.awsdns-01.org.'] },
            ],
          },
          { id: 'Z3EXAMPLEORG', name: 'example.org.', records: [] },
        ],
      },
      accountB(),
    ],
    ...overrides,
  };
}

/** Account B: a foreign distribution holding shop, a disabled one holding old. */
function accountB(): AccountDocument {
  return {
    id: B,
    distributions: [
      {
        id: FOREIGN,
        domainName: 'd3foreign.cloudfront.net',
        enabled: true,
        status: 'Deployed',
        aliases: ['shop.example.com'],
        certificateArn: CERT_B,
      },
      {
        id: OLD,
        domainName: 'd4old.cloudfront.net',
        enabled: false,
        status: 'Deployed',
        aliases: ['old.example.com'],
        certificateArn: CERT_B,
      },
    ],
    certificates: [{ arn: CERT_B, domainName: '*.example.com', subjectAlternativeNames: ['*.example.com'], status: 'ISSUED' }],
    hostedZones: [{ id: 'Z2EXAMPLENET', name: 'example.net.', records: [] }],
  };
}

export function makeWorld(overrides: Partial<WorldDocument> = {}): { world: SandboxWorld; clock: SimulatedClock } {
  const clock = new SimulatedClock(NOW);
  return { world: SandboxWorld.fromDocument(baseDocument(overrides), { clock }), clock };
}

/** The error a call throws (fails the test when it does not throw). */
export function thrown(call: () => unknown): SandboxServiceError {
  try {
    call();
  } catch (error) {
    if (error instanceof SandboxServiceError) return error;
    throw error;
  }
  expect.fail('expected a SandboxServiceError');
}

export function withAliases(config: DistributionConfigShape, items: string[]): DistributionConfigShape {
  return { ...config, Aliases: items.length > 0 ? { Quantity: items.length, Items: items } : { Quantity: 0 } };
}

/** Read-modify-write of the aliases, as a provider does it. */
export function setAliases(world: SandboxWorld, id: string, items: string[], caller = A) {
  const { DistributionConfig, ETag } = world.getDistributionConfig(caller, id);
  return world.updateDistribution(caller, id, withAliases(DistributionConfig, items), ETag);
}
