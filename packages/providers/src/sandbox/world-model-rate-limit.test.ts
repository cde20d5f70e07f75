/**
 * The mutation rate limit (`settings.mutationRateLimit`): a token bucket per account over
 * UpdateDistribution, AssociateAlias and ChangeResourceRecordSets, on simulated time. Expected
 * values are worked out by hand: at 2/s a token comes back every 500 ms; the default burst is 2.
 */
import { expect } from 'chai';
import { SimulatedClock, ThrottlingError } from '@cfalias/core';
import { SandboxServiceError } from '../errors.js';
import type { DistributionConfigShape } from './aws-shapes.js';
import { createSandboxProvider } from './sandbox-provider.js';
import type { MutationRateLimit, WorldDocument } from './world-document.js';
import { SandboxWorld } from './world-model.js';
import { validateWorldDocument } from './world-schema.js';

const A = '111111111111';
const B = '222222222222';
const BLUE = 'E1BLUEBLUEBLUE';
const GREEN = 'E2GREENGREENGR';
const OTHER = 'E3OTHEROTHEROT';
const CERT_A = 'arn:aws:acm:us-east-1:111111111111:certificate/a';
const CERT_B = 'arn:aws:acm:us-east-1:222222222222:certificate/b';
const NOW = Date.parse('2026-01-01T00:00:00Z');
const SANS = ['example.com', '*.example.com'];

function document(limit: MutationRateLimit | undefined): WorldDocument {
  return {
    version: 1,
    caller: A,
    now: '2026-01-01T00:00:00Z',
    settings: { deploySeconds: 300, dnsSyncSeconds: 30, ...(limit !== undefined ? { mutationRateLimit: limit } : {}) },
    accounts: [
      {
        id: A,
        distributions: [
          {
            id: BLUE,
            domainName: 'd1blue.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['www.example.com'],
            certificateArn: CERT_A,
          },
          { id: GREEN, domainName: 'd2green.cloudfront.net', enabled: true, status: 'Deployed', aliases: [], certificateArn: CERT_A },
        ],
        certificates: [{ arn: CERT_A, domainName: 'example.com', subjectAlternativeNames: SANS, status: 'ISSUED' }],
        hostedZones: [
          {
            id: 'Z1EXAMPLE',
            name: 'example.com.',
            records: [{ name: '_www.example.com.', type: 'TXT', ttl: 300, values: ['"d2green.cloudfront.net"'] }],
          },
        ],
      },
      {
        id: B,
        distributions: [
          { id: OTHER, domainName: 'd3other.cloudfront.net', enabled: true, status: 'Deployed', aliases: [], certificateArn: CERT_B },
        ],
        certificates: [
          { arn: CERT_B, domainName: 'other.test', subjectAlternativeNames: ['other.test', '*.other.test'], status: 'ISSUED' },
        ],
      },
    ],
  };
}

function makeWorld(limit: MutationRateLimit | undefined): { world: SandboxWorld; clock: SimulatedClock } {
  const clock = new SimulatedClock(NOW);
  return { world: SandboxWorld.fromDocument(document(limit), { clock }), clock };
}

function withComment(config: DistributionConfigShape, comment: string): DistributionConfigShape {
  return { ...config, Comment: comment };
}

/** One accepted-or-refused UpdateDistribution that changes nothing but the comment. */
function touch(world: SandboxWorld, id: string, caller = A): string {
  const { DistributionConfig, ETag } = world.getDistributionConfig(caller, id);
  try {
    world.updateDistribution(caller, id, withComment(DistributionConfig, `touch ${ETag}`), ETag);
    return 'ok';
  } catch (error) {
    if (error instanceof SandboxServiceError) return error.code;
    throw error;
  }
}

function upsertTxt(world: SandboxWorld, value: string): string {
  try {
    world.changeResourceRecordSets(A, 'Z1EXAMPLE', {
      Changes: [
        {
          Action: 'UPSERT',
          ResourceRecordSet: { Name: '_api.example.com.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: `"${value}"` }] },
        },
      ],
    });
    return 'ok';
  } catch (error) {
    if (error instanceof SandboxServiceError) return error.code;
    throw error;
  }
}

describe('SandboxWorld: mutation rate limit', () => {
  it('lets every mutation through when no limit is set', () => {
    const { world } = makeWorld(undefined);
    const outcomes = Array.from({ length: 20 }, () => touch(world, BLUE));
    expect(outcomes.filter((o) => o === 'ok')).to.have.length(20);
    expect(world.settings.mutationRateLimit).to.equal(null);
  });

  it('answers Throttling (400, retryable) beyond the burst, without effect, logged but not injected', () => {
    const { world } = makeWorld({ perSecond: 2 });
    expect(world.settings.mutationRateLimit).to.deep.equal({ perSecond: 2, burst: 2 });
    expect(touch(world, BLUE)).to.equal('ok');
    expect(touch(world, BLUE)).to.equal('ok');
    const before = world.distribution(BLUE)!.etag;

    const { DistributionConfig, ETag } = world.getDistributionConfig(A, BLUE);
    let error: unknown;
    try {
      world.updateDistribution(A, BLUE, withComment(DistributionConfig, 'third'), ETag);
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(SandboxServiceError);
    expect(error).to.include({ code: 'Throttling', httpStatus: 400, retryable: true, message: 'Rate exceeded' });
    expect(world.distribution(BLUE)!.etag).to.equal(before);
    expect(world.calls.at(-1)).to.include({ operation: 'UpdateDistribution', outcome: 'Throttling', injected: false, at: NOW });
  });

  it('refills one token every 1/perSecond seconds of simulated time, up to the burst', () => {
    const { world, clock } = makeWorld({ perSecond: 2 });
    expect([touch(world, BLUE), touch(world, BLUE), touch(world, BLUE)]).to.deep.equal(['ok', 'ok', 'Throttling']);
    clock.advance(499);
    expect(touch(world, BLUE)).to.equal('Throttling');
    clock.advance(1);
    expect([touch(world, BLUE), touch(world, BLUE)]).to.deep.equal(['ok', 'Throttling']);
    // A long quiet spell fills the bucket to the burst (2), not more.
    clock.advance(60_000);
    expect([touch(world, BLUE), touch(world, BLUE), touch(world, BLUE)]).to.deep.equal(['ok', 'ok', 'Throttling']);
  });

  it('sustains exactly perSecond calls a second: 10 s at 2/s with burst 2 let 2 + 20 calls through', () => {
    const { world, clock } = makeWorld({ perSecond: 2 });
    let accepted = 0;
    for (let ms = 0; ms <= 10_000; ms += 100) {
      if (ms > 0) clock.advance(100);
      if (touch(world, BLUE) === 'ok') accepted++;
    }
    expect(accepted).to.equal(22);
  });

  it('honours an explicit burst', () => {
    const { world, clock } = makeWorld({ perSecond: 1, burst: 5 });
    const first = Array.from({ length: 6 }, () => touch(world, BLUE));
    expect(first).to.deep.equal(['ok', 'ok', 'ok', 'ok', 'ok', 'Throttling']);
    clock.advance(1000);
    expect([touch(world, BLUE), touch(world, BLUE)]).to.deep.equal(['ok', 'Throttling']);
  });

  it('supports fractional rates: 0.5/s gives a burst of 1 and a token every 2 s', () => {
    const { world, clock } = makeWorld({ perSecond: 0.5 });
    expect([touch(world, BLUE), touch(world, BLUE)]).to.deep.equal(['ok', 'Throttling']);
    clock.advance(1999);
    expect(touch(world, BLUE)).to.equal('Throttling');
    clock.advance(1);
    expect(touch(world, BLUE)).to.equal('ok');
  });

  it('counts UpdateDistribution, AssociateAlias and ChangeResourceRecordSets against one bucket', () => {
    const { world } = makeWorld({ perSecond: 1, burst: 2 });
    world.associateAlias(A, GREEN, 'www.example.com');
    expect(upsertTxt(world, 'd1blue.cloudfront.net')).to.equal('ok');
    expect(touch(world, GREEN)).to.equal('Throttling');
    let code = '';
    try {
      world.associateAlias(A, BLUE, 'www.example.com');
    } catch (error) {
      code = error instanceof SandboxServiceError ? error.code : 'other';
    }
    expect(code).to.equal('Throttling');
    expect(upsertTxt(world, 'd2green.cloudfront.net')).to.equal('Throttling');
    expect(world.distribution(GREEN)!.aliases).to.deep.equal(['www.example.com']);
    expect(world.calls.filter((c) => c.outcome === 'Throttling').map((c) => c.operation)).to.deep.equal([
      'UpdateDistribution',
      'AssociateAlias',
      'ChangeResourceRecordSets',
    ]);
  });

  it('never throttles reads', () => {
    const { world } = makeWorld({ perSecond: 1, burst: 1 });
    expect(touch(world, BLUE)).to.equal('ok');
    for (let i = 0; i < 50; i++) {
      world.getDistribution(A, BLUE);
      world.listDistributions(A);
      world.listResourceRecordSets(A, 'Z1EXAMPLE');
    }
    expect(world.calls.filter((c) => c.outcome !== 'ok')).to.deep.equal([]);
  });

  it('keeps one bucket per account', () => {
    const { world } = makeWorld({ perSecond: 1, burst: 1 });
    expect([touch(world, BLUE), touch(world, BLUE)]).to.deep.equal(['ok', 'Throttling']);
    expect([touch(world, OTHER, B), touch(world, OTHER, B)]).to.deep.equal(['ok', 'Throttling']);
  });

  it('throttles before the fault schedule: a throttled call uses up no scheduled fault', () => {
    const { world } = makeWorld({ perSecond: 1, burst: 1 });
    world.addFault({ operation: 'UpdateDistribution', error: 'InternalError', times: 1 });
    expect(touch(world, BLUE)).to.equal('InternalError');
    expect(touch(world, BLUE)).to.equal('Throttling');
    expect(world.calls.map((c) => `${c.operation} ${c.outcome} ${c.injected}`).filter((c) => c.startsWith('Update'))).to.deep.equal([
      'UpdateDistribution InternalError true',
      'UpdateDistribution Throttling false',
    ]);
  });

  it('round-trips the setting through toDocument', () => {
    const { world } = makeWorld({ perSecond: 2, burst: 4 });
    expect(world.toDocument().settings).to.deep.equal({
      deploySeconds: 300,
      dnsSyncSeconds: 30,
      mutationRateLimit: { perSecond: 2, burst: 4 },
    });
  });

  it('surfaces through the in-process provider as ThrottlingError', async () => {
    const { world } = makeWorld({ perSecond: 1, burst: 1 });
    const provider = createSandboxProvider(world);
    await provider.updateAliases(BLUE, { remove: [], add: ['api.example.com'] }, () => 'apply');
    let error: unknown;
    try {
      await provider.updateAliases(BLUE, { remove: [], add: ['shop.example.com'] }, () => 'apply');
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ThrottlingError);
    expect(world.distribution(BLUE)!.aliases).to.deep.equal(['www.example.com', 'api.example.com']);
  });

  describe('validation', () => {
    function problemsFor(limit: unknown): string[] {
      const doc = { ...document(undefined), settings: { mutationRateLimit: limit } };
      return validateWorldDocument(doc).map((p) => p.path);
    }

    it('accepts a rate with or without a burst', () => {
      expect(problemsFor({ perSecond: 2 })).to.deep.equal([]);
      expect(problemsFor({ perSecond: 0.5, burst: 3 })).to.deep.equal([]);
    });

    it('refuses a zero rate, a burst below 1 or fractional, a missing rate and unknown fields', () => {
      expect(problemsFor({ perSecond: 0 })).to.deep.equal(['/settings/mutationRateLimit/perSecond']);
      expect(problemsFor({ perSecond: 2, burst: 0 })).to.deep.equal(['/settings/mutationRateLimit/burst']);
      expect(problemsFor({ perSecond: 2, burst: 1.5 })).to.deep.equal(['/settings/mutationRateLimit/burst']);
      expect(problemsFor({ burst: 2 })).to.deep.equal(['/settings/mutationRateLimit']);
      expect(problemsFor({ perSecond: 2, perMinute: 60 })).to.deep.equal(['/settings/mutationRateLimit/perMinute']);
    });
  });
});
