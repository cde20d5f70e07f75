import { expect } from 'chai';
import fc from 'fast-check';
import { canonicalJson, canonicalJsonDigest, canonicalKeyOrder, sha256Digest, writeCanonicalJson } from './digest.js';
import { computePlanDigest } from './plan-document.js';
import { planCutover } from './planner.js';
import {
  aliasRecord,
  buildCertificate,
  buildDesired,
  buildDistribution,
  buildInventory,
  buildZone,
  cnameRecord,
  desiredAlias,
  TEST_NOW,
} from '../testing/index.js';
import type { DesiredAlias } from '../desired/desired.js';

/**
 * The definition canonical JSON was first written with (JSON.stringify over sorted copies of every
 * object). Plan digests already issued were computed this way: the streaming writer must produce
 * the same bytes for every value, so this is the oracle of the properties below.
 */
function legacyCanonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/** Keys that exercise the ordering rule: array indices (and near misses), `__proto__`, `toJSON`, non-ASCII. */
const trickyKey = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '2',
    '9',
    '10',
    '01',
    '-1',
    '1.5',
    '4294967294',
    '4294967295',
    '99999999999',
    '',
    '__proto__',
    'toJSON',
    'a',
    'B',
    'é',
    '😀',
    'a\u0000',
  ),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

/** JSON-ish values with what JSON.stringify treats specially: undefined, functions, symbols, Dates, NaN, -0, holes. */
const { value: oddValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -0, 1.5, -7, 1e21, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, undefined, () => 1, Symbol('s')),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.sparseArray(tie('value'), { maxLength: 5 }),
    // Object.fromEntries defines own properties, `__proto__` included (as JSON.parse does).
    fc.array(fc.tuple(trickyKey, tie('value')), { maxLength: 6 }).map((entries) => Object.fromEntries(entries)),
  ),
}));

function pieces(value: unknown): string[] {
  const out: string[] = [];
  writeCanonicalJson(value, (chunk) => out.push(chunk));
  return out;
}

describe('canonical JSON (digest.ts)', () => {
  it('sorts keys at every level, index keys first in numeric order, and writes no whitespace', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, 10: 'ten', 9: 'nine', B: 2, '01': 'not an index' };
    expect(canonicalJson(value)).to.equal(
      '{"9":"nine","10":"ten","01":"not an index","B":2,"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('follows JSON.stringify for values JSON cannot hold', () => {
    const value = {
      u: undefined,
      f: () => 1,
      s: Symbol('x'),
      list: [undefined, () => 1, Symbol('y'), Number.NaN, -0, Number.NEGATIVE_INFINITY],
      at: new Date('2026-11-27T12:00:00.000Z'),
      gone: { toJSON: () => undefined },
      renamed: { toJSON: (key: string) => `key ${key}` },
    };
    expect(canonicalJson(value)).to.equal('{"at":"2026-11-27T12:00:00.000Z","list":[null,null,null,null,0,null],"renamed":"key renamed"}');
    expect(canonicalJson(undefined)).to.equal(undefined);
    // eslint-disable-next-line no-sparse-arrays -- a hole is the case under test
    expect(canonicalJson([, 1])).to.equal('[null,1]');
  });

  it('escapes strings as JSON.stringify does, lone surrogates included', () => {
    expect(canonicalJson(['q"b\\', 'tab\t', '\u0007', 'é😀', '\ud800x'])).to.equal('["q\\"b\\\\","tab\\t","\\u0007","é😀","\\ud800x"]');
  });

  it('leaves out an own `__proto__` key, as the sorted copies of the first definition did', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":1},"a":2}') as unknown;
    expect(canonicalJson(parsed)).to.equal('{"a":2,"b":1}');
    expect(canonicalKeyOrder(['2', '10', 'b', '__proto__', 'a'])).to.deep.equal(['2', '10', 'a', 'b']);
  });

  it('refuses BigInt and cycles with a TypeError', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = { back: cycle };
    expect(() => canonicalJson({ n: 1n })).to.throw(TypeError);
    expect(() => canonicalJson(cycle)).to.throw(TypeError, /circular/);
    // A value met twice without a cycle is fine, at any depth.
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).to.equal('{"a":{"x":1},"b":[{"x":1}]}');
    let deep: unknown = [shared, shared];
    for (let i = 0; i < 99; i++) deep = [deep];
    expect(canonicalJson(deep)).to.equal(`${'['.repeat(100)}{"x":1},{"x":1}${']'.repeat(100)}`);
    const deepCycle: unknown[] = [];
    let at: unknown[] = deepCycle;
    for (let i = 0; i < 50; i++) at.push((at = []));
    at.push(deepCycle);
    expect(() => canonicalJson(deepCycle)).to.throw(TypeError, /circular/);
  });

  it('digests the UTF-8 bytes of the canonical text', () => {
    // printf '{"a":1}' | sha256sum ; printf '{"a":[1,"x"],"b":null}' | sha256sum
    expect(canonicalJsonDigest({ a: 1 })).to.equal('sha256:015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
    expect(canonicalJsonDigest({ b: null, a: [1, 'x'] })).to.equal(
      'sha256:854ef06dc57f5dfed10206344ab2d02e0b6c84b0e19436703a5afd0f1f9f2687',
    );
    expect(() => canonicalJsonDigest(undefined)).to.throw(TypeError);
  });

  it('hands a large value over in bounded chunks, never the whole text at once', () => {
    const value = Array.from({ length: 5000 }, (_, i) => ({ name: `név-${i}-😀`, i, tags: ['x', 'y'] }));
    const chunks = pieces(value);
    // Each element is 47 to 50 characters plus a comma: 5000 of them are about 250,000 characters.
    expect(chunks.length).to.equal(4);
    for (const chunk of chunks) expect(chunk.length).to.be.below(65_600);
    expect(chunks.join('')).to.equal(legacyCanonicalJson(value));
    expect(canonicalJsonDigest(value)).to.equal(sha256Digest(legacyCanonicalJson(value)));
  });

  it('property: the same bytes as the first definition, for random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        expect(canonicalJson(value)).to.equal(legacyCanonicalJson(value));
      }),
      { numRuns: 500 },
    );
  });

  it('property: the same bytes and digest as the first definition, for values JSON.stringify treats specially', () => {
    fc.assert(
      fc.property(oddValue, (value) => {
        const legacy = legacyCanonicalJson(value);
        expect(canonicalJson(value)).to.equal(legacy);
        if (legacy !== undefined) expect(canonicalJsonDigest(value)).to.equal(sha256Digest(legacy));
      }),
      { numRuns: 500 },
    );
  });

  it('property: key order of the input never changes the text', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(trickyKey, fc.jsonValue({ maxDepth: 2 })), { maxLength: 8 }), (entries) => {
        const forward = Object.fromEntries(entries);
        const backward = Object.fromEntries(Object.entries(forward).reverse());
        expect(canonicalJson(backward)).to.equal(canonicalJson(forward));
      }),
      { numRuns: 300 },
    );
  });

  it('gives real plans the digest the first definition gave them', () => {
    // 20 distributions of 30 aliases: moves (TXT created), detach-attach swaps, detaches, attaches, no-ops.
    const ids = Array.from({ length: 20 }, (_, d) => `E${String(d).padStart(3, '0')}`);
    const aliasesOf = (d: number): string[] => Array.from({ length: 30 }, (_, j) => `a${j}-d${d}.example.com`);
    const inventory = buildInventory({
      distributions: ids.map((id, d) => buildDistribution(id, { aliases: aliasesOf(d) })),
      certificates: [buildCertificate('main', ['*.example.com'])],
      zones: [
        buildZone(
          'Z1',
          'example.com',
          ids.flatMap((id, d) =>
            aliasesOf(d).map((a, j) =>
              j % 3 === 0 ? cnameRecord(a, `${id.toLowerCase()}.cloudfront.net`) : aliasRecord(a, `${id.toLowerCase()}.cloudfront.net`),
            ),
          ),
        ),
      ],
    });
    const desiredAliases: DesiredAlias[] = ids.flatMap((_, d) =>
      aliasesOf(d).map((a, j) => {
        const partner = ids[d ^ 1]!;
        if (j < 4) return desiredAlias(a, partner);
        if (j < 7) return desiredAlias(a, partner, { strategy: 'detach-attach' });
        if (j === 7) return desiredAlias(a, null);
        return desiredAlias(a, ids[d]!);
      }),
    );
    desiredAliases.push(desiredAlias('new.example.com', ids[0]!));
    const desired = { ...buildDesired(desiredAliases), safety: { maxChangePercent: 100 } };
    const plan = planCutover(desired, inventory, { now: TEST_NOW });
    expect(plan.summary).to.include({ move: 140, detach: 20, attach: 1, errors: 0 });
    expect(plan.rollbacks).to.have.length(20);
    const { digest, ...rest } = plan;
    expect(digest).to.equal(sha256Digest(legacyCanonicalJson(rest)));
    expect(computePlanDigest(plan)).to.equal(digest);
    expect(canonicalJson(rest)).to.equal(legacyCanonicalJson(rest));
  });
});
