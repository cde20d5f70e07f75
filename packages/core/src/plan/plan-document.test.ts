import { expect } from 'chai';
import fc from 'fast-check';
import { PlanFileError } from '../errors.js';
import type { Plan } from './plan.js';
import { computePlanDigest, planDocumentChunks, readPlanDocument, serializePlan } from './plan-document.js';
import { planCutover } from './planner.js';
import { aliasRecord, buildDesired, buildDistribution, buildInventory, buildZone, desiredAlias, TEST_NOW } from '../testing/index.js';
import { ENGINE_VERSION } from '../version.js';

function samplePlan(): Plan {
  const inventory = buildInventory({
    distributions: [
      buildDistribution('E1BLUE', { aliases: ['www.example.com', 'api.example.com'] }),
      buildDistribution('E2GREEN'),
      buildDistribution('E3IDLE', { aliases: ['idle.example.com'] }),
    ],
    zones: [buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('www.example.com', 'e1blue.cloudfront.net')])],
  });
  const desired = buildDesired(
    [
      desiredAlias('www.example.com', 'E2GREEN', { targetName: 'green' }),
      desiredAlias('api.example.com', 'E2GREEN', { strategy: 'detach-attach' }),
      desiredAlias('idle.example.com', 'E3IDLE'),
    ],
    {
      distributions: { blue: 'E1BLUE', green: 'E2GREEN', idle: 'E3IDLE' },
      window: { start: '2026-12-01T02:00:00Z', end: '2026-12-01T04:00:00Z' },
      digest: 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
    },
  );
  return planCutover(desired, inventory, { now: new Date(TEST_NOW) });
}

function reason(fn: () => unknown): { reason: string; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(PlanFileError);
    const e = error as PlanFileError;
    return { reason: e.reason, message: e.message };
  }
  throw new Error('expected a PlanFileError');
}

describe('plan document', () => {
  it('carries the header fields, logical names of touched distributions, and a digest over the rest', () => {
    const plan = samplePlan();
    expect(plan.formatVersion).to.equal(4);
    expect(plan.createdAt).to.equal('2026-11-27T12:00:00.000Z');
    expect(plan.account).to.equal('111111111111');
    expect(plan.desiredDigest).to.equal('sha256:1111111111111111111111111111111111111111111111111111111111111111');
    expect(plan.window).to.deep.equal({ start: '2026-12-01T02:00:00Z', end: '2026-12-01T04:00:00Z' });
    expect(plan.summary).to.deep.equal({ attach: 0, detach: 0, move: 2, noop: 1, errors: 0, warnings: 0 });
    expect(plan.distributions).to.deep.equal([
      { id: 'E1BLUE', domainName: 'e1blue.cloudfront.net', name: 'blue' },
      { id: 'E2GREEN', domainName: 'e2green.cloudfront.net', name: 'green' },
      // idle.example.com is a no-op, but its missing DNS record gets created.
      { id: 'E3IDLE', domainName: 'e3idle.cloudfront.net', name: 'idle' },
    ]);
    expect(plan.changes.map((c) => c.alias)).to.deep.equal(['api.example.com', 'idle.example.com', 'www.example.com']);
    expect(plan.digest).to.match(/^sha256:[0-9a-f]{64}$/);
    const { digest, ...rest } = plan;
    expect(computePlanDigest(rest)).to.equal(digest);
  });

  it('serializes as pretty JSON with a final newline, and reads back equal', () => {
    const plan = samplePlan();
    const text = serializePlan(plan);
    expect(text.endsWith('}\n')).to.equal(true);
    expect(
      text.startsWith(`{\n  "formatVersion": 4,\n  "engineVersion": "${ENGINE_VERSION}",\n  "createdAt": "2026-11-27T12:00:00.000Z",\n`),
    ).to.equal(true);
    expect(readPlanDocument(text)).to.deep.equal(plan);
  });

  it('is JSON.stringify(plan, null, 2) and a newline, byte for byte', () => {
    const plan = samplePlan();
    expect(serializePlan(plan)).to.equal(`${JSON.stringify(plan, null, 2)}\n`);
  });

  it('in pieces: the same text, cut into pieces of about 64K characters for a large plan', () => {
    const step = samplePlan().steps[0]!;
    // Enough steps for several pieces (a step is a few hundred characters of JSON).
    const plan = { ...samplePlan(), steps: Array.from({ length: 2000 }, (_, i) => ({ ...step, id: `s${i}` })) };
    const pieces = [...planDocumentChunks(plan)];
    expect(pieces.length).to.be.greaterThan(2);
    expect(Math.max(...pieces.map((p) => p.length))).to.be.lessThan(2 * 65536);
    expect(pieces.join('')).to.equal(`${JSON.stringify(plan, null, 2)}\n`);
  });

  it('in pieces: equal to JSON.stringify for any JSON-like document (long arrays, nesting, empties, undefined, odd strings)', () => {
    const leaf = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.date({ noInvalidDate: true }));
    const list = fc.array(leaf, { maxLength: 80 });
    // Objects in objects below the depth written in pieces (`basis.holders` is at depth 2), with long arrays at each depth.
    const { record } = fc.letrec<{ record: unknown }>((tie) => ({
      record: fc.dictionary(fc.string(), fc.oneof({ depthSize: 'small' }, leaf, list, tie('record')), { maxKeys: 5 }),
    }));
    const field = fc.oneof(leaf, list, record);
    fc.assert(
      fc.property(fc.dictionary(fc.string(), field), (doc) => {
        const text = [...planDocumentChunks(doc as unknown as Plan)].join('');
        expect(text).to.equal(`${JSON.stringify(doc, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts the same document with its keys in another order (the digest is canonical)', () => {
    const reversed = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reversed);
      if (value && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value)
            .reverse()
            .map(([k, v]) => [k, reversed(v)]),
        );
      }
      return value;
    };
    const plan = samplePlan();
    expect(readPlanDocument(JSON.stringify(reversed(plan)))).to.deep.equal(plan);
  });

  it('refuses an edited plan (digest-mismatch)', () => {
    const doc = JSON.parse(serializePlan(samplePlan()));
    doc.steps[0].dependsOn = [];
    doc.changes[0].to = 'E3IDLE';
    const { reason: r, message } = reason(() => readPlanDocument(JSON.stringify(doc)));
    expect(r).to.equal('digest-mismatch');
    expect(message).to.contain('does not match its content');
  });

  it('refuses an unknown formatVersion, naming it', () => {
    const doc = JSON.parse(serializePlan(samplePlan()));
    doc.formatVersion = 1;
    expect(reason(() => readPlanDocument(JSON.stringify(doc)))).to.deep.equal({
      reason: 'unsupported-version',
      message: 'plan formatVersion 1 is not supported (this cfalias reads version 4); make the plan again with this version',
    });
  });

  it('refuses a plan of the previous format (3, before cross-account routes)', () => {
    const doc = JSON.parse(serializePlan(samplePlan()));
    doc.formatVersion = 3;
    expect(reason(() => readPlanDocument(JSON.stringify(doc)))).to.deep.equal({
      reason: 'unsupported-version',
      message: 'plan formatVersion 3 is not supported (this cfalias reads version 4); make the plan again with this version',
    });
  });

  it('refuses garbage with the JSON path of the problem (malformed)', () => {
    const good = (): Record<string, any> => JSON.parse(serializePlan(samplePlan()));
    expect(reason(() => readPlanDocument('{"formatVersion": 1,'))).to.deep.include({ reason: 'malformed' });
    expect(reason(() => readPlanDocument('[1, 2]')).message).to.equal('the plan is malformed: $ must be an object');
    expect(reason(() => readPlanDocument('{}')).message).to.equal('the plan is malformed: $.formatVersion is missing');

    const noSummary = good();
    delete noSummary.summary;
    expect(reason(() => readPlanDocument(JSON.stringify(noSummary))).message).to.equal(
      'the plan is malformed: $.summary must be an object',
    );

    const badKind = good();
    badKind.steps[2].kind = 'reboot';
    expect(reason(() => readPlanDocument(JSON.stringify(badKind))).message).to.match(
      /^the plan is malformed: \$\.steps\[2\]\.kind must be one of "update-aliases"/,
    );

    const badRecord = good();
    const change = badRecord.steps.findIndex((s: { id: string }) => s.id === 'change-dns:Z1EXAMPLE:post');
    badRecord.steps[change].changes[0].record.aliasTarget.dnsName = 42;
    expect(reason(() => readPlanDocument(JSON.stringify(badRecord))).message).to.equal(
      `the plan is malformed: $.steps[${change}].changes[0].record.aliasTarget.dnsName must be a string`,
    );

    const dangling = good();
    dangling.steps[1].dependsOn = ['nowhere'];
    expect(reason(() => readPlanDocument(JSON.stringify(dangling))).message).to.equal(
      'the plan is malformed: $.steps[1].dependsOn[0] names "nowhere", which is not an earlier step',
    );

    const badChange = good();
    badChange.changes[0].action = 'rename';
    expect(reason(() => readPlanDocument(JSON.stringify(badChange))).message).to.equal(
      'the plan is malformed: $.changes[0].action must be one of "noop", "attach", "detach", "move"',
    );

    // The sample has a window: forward writes carry remainingSeconds, which must be a number.
    const badRemaining = good();
    const update = badRemaining.steps.findIndex((s: { kind: string }) => s.kind === 'update-aliases');
    expect(badRemaining.steps[update].remainingSeconds).to.be.a('number');
    badRemaining.steps[update].remainingSeconds = 'soon';
    expect(reason(() => readPlanDocument(JSON.stringify(badRemaining))).message).to.equal(
      `the plan is malformed: $.steps[${update}].remainingSeconds must be a number`,
    );
  });

  it('refuses text that is not JSON with the line and column of the syntax error', () => {
    // The trailing comma of line 2 is found at the `}` that opens line 3.
    expect(reason(() => readPlanDocument('{\n  "formatVersion": 1,\n}\n'))).to.deep.equal({
      reason: 'malformed',
      message: 'the plan is not valid JSON: line 3, column 1: Expected double-quoted property name',
    });
    // A stray character after the document: line 2, after two spaces.
    expect(reason(() => readPlanDocument('{"formatVersion": 1}\n  x\n')).message).to.equal(
      'the plan is not valid JSON: line 2, column 3: Unexpected non-whitespace character after JSON',
    );
    // A truncated file: no position in the message; the error is at the end of the text.
    expect(reason(() => readPlanDocument('{\n  "formatVersion": 1,\n  "steps": ['))).to.deep.equal({
      reason: 'malformed',
      message: 'the plan is not valid JSON: line 3, column 13: Unexpected end of JSON input',
    });
  });
});

describe('computePlanDigest', () => {
  it('is sha256 over canonicalJson of the plan without its digest', async () => {
    const { canonicalJson, sha256Digest } = await import('./digest.js');
    const plan = samplePlan();
    const { digest, ...rest } = plan;
    expect(digest).to.equal(sha256Digest(canonicalJson(rest)));
  });
});
