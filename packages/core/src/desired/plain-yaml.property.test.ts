/**
 * The plain-form reader against the YAML parser on random cfalias.yaml texts, built from a grammar
 * of plausible and tricky lines: whatever the text, parseDesiredState gives what the YAML parser
 * alone gives, and whenever the plain reader takes a text, the parser finds no problem in it and
 * its document has the same values, key offsets and line starts.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import { parseDesiredState, parseYamlDocument } from './desired-file.js';
import { PlainMap, plainToJS, readPlainYaml, type PlainYaml } from './plain-yaml.js';

const FIELD_KEYS = ['version', 'account', 'accounts', 'distributions', 'defaults', 'strategy', 'dns', 'window', 'start'];
const MORE_KEYS = ['end', 'safety', 'maxChangePercent', 'lock', 'verify', 'aliases', 'id', 'distribution', 'blue', 'prod'];
const HOSTS = ['www.example.com', 'api.example.com', 'WWW.Example.com.', 'a-b.example.org', 'x..example.com', 'api.example.com.'];
const TRICKY_KEYS = ['"123"', '123', 'true', 'null', '~', '__proto__', '"a\\"b"', "'it''s'", '"\\u00e9.example.com"', '""', '1.5'];
const BROKEN_KEYS = ['*.example.com', '&a k', '!t k', '? k', '- k', '[k]', '{k: v}', 'a b', 'k#x', '"k"#x', '"open', '<<', '@k', '%k'];
const TARGETS = ['E2QWRUHEXAMPLE', 'E3ABCDEFGHIJK', 'blue', 'green', 'move', 'detach-attach', 'auto', 'route53', 'none'];
const TYPED = ['1', '100', '"111111111111"', '111111111111', '1.0', '0x10', '0o17', '-1', '+1', '.inf', '-.Inf', '.nan', '1e3'];
const MORE_TYPED = ['true', 'False', 'TRUE', 'null', '~', 'Null', '""', "''", '"2026-12-01T02:00:00Z"', '2026-12-01T02:00:00Z'];
const TRICKY_VALUES = ['"x\\ty"', '"\\x41"', '"bad \\q"', '"open', "'it''s'", '*anchor', '&a v', '!!str 1', '[a, b]', '{a: 1}'];
const BROKEN_VALUES = ['|', '>', '- x', '@x', '`x', '%x', 'a: b', 'x#y', '"q"#c', 'é', '\u0001', 'a  b', 'x,y', 'a]', '*.example.com'];
const WHOLE_LINES = ['', '# comment', '  # indented comment', '   ', '\t', '\t# tab', '---', '--- # doc', '...', '%YAML 1.2', '- item'];

const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FIELD_KEYS, ...MORE_KEYS, ...HOSTS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTS, ...FIELD_KEYS).chain((k) => fc.constantFrom(`"${k}"`, `'${k}'`)) },
  { weight: 1, arbitrary: fc.constantFrom(...TRICKY_KEYS, ...BROKEN_KEYS) },
  // YAML allows at most 1,024 characters from an implicit key's start to its `:`.
  { weight: 1, arbitrary: fc.integer({ min: 1020, max: 1026 }).map((length) => 'k'.repeat(length)) },
);
const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TARGETS) },
  { weight: 2, arbitrary: fc.constantFrom(...TYPED, ...MORE_TYPED) },
  { weight: 1, arbitrary: fc.constantFrom(...TRICKY_VALUES, ...BROKEN_VALUES) },
);
const separator = fc.constantFrom(': ', ': ', ': ', ': ', ':', ' : ', ':\t', ':  ', ': \t', '\t: ');
const comment = fc.constantFrom('', '', '', '', ' # note', '\t# note', '#glued', '  #   ');
/** Indentation off by a space, or a tab, now and then (bad indentation). */
const shift = fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(' ', '\t', '-1') });

/** A `key: value` line at a depth (its indentation is depth × the file's step, then shifted). */
const entry = fc
  .record({ depth: fc.nat(2), shift, key, separator, value: fc.option(value, { freq: 4 }), comment })
  .map((e) => (step: number): string => {
    const spaces = e.depth * step + (e.shift === '-1' ? -1 : 0);
    const indent = ' '.repeat(Math.max(0, spaces)) + (e.shift === '-1' ? '' : e.shift);
    const separator = e.value === null ? e.separator.trimEnd() : e.separator;
    return `${indent}${e.key}${separator}${e.value ?? ''}${e.comment}`;
  });
/** An alias line under `aliases:` (depth 1), mostly valid. */
const aliasLine = fc
  .record({ host: fc.constantFrom(...HOSTS, '"*.example.com"'), target: fc.constantFrom(...TARGETS, 'null', '""', 'greenish') })
  .map(
    ({ host, target }) =>
      (step: number): string =>
        `${' '.repeat(step)}${host}: ${target}`,
  );
const whole = fc.constantFrom(...WHOLE_LINES).map((line) => (): string => line);
const HEADER = ['version: 1', 'account: "111111111111"', 'distributions:', '  blue: E2QWRUHEXAMPLE', '  green: E3ABCDEFGHIJK', 'aliases:'];

const cfaliasYaml = fc
  .record({
    start: fc.constantFrom('', '', '', '', '\uFEFF', '---\n', '# top\n---\n', '\uFEFF---\n', '--- # doc\r\n'),
    header: fc.boolean(),
    step: fc.constantFrom(2, 2, 4, 1, 3),
    lines: fc.array(fc.oneof({ weight: 4, arbitrary: aliasLine }, { weight: 4, arbitrary: entry }, { weight: 1, arbitrary: whole }), {
      maxLength: 16,
    }),
    lineEnd: fc.constantFrom('\n', '\n', '\n', '\r\n', 'mixed'),
    lineEnds: fc.array(fc.constantFrom('\n', '\n', '\r\n', '\r'), { minLength: 32, maxLength: 32 }),
    finalLineEnd: fc.boolean(),
  })
  .map((file) => {
    const lines = [...(file.header ? HEADER : []), ...file.lines.map((line) => line(file.step))];
    const ends = lines.map((_, i) => (file.lineEnd === 'mixed' ? file.lineEnds[i % 32]! : file.lineEnd));
    const body = lines.map((line, i) => line + (i < lines.length - 1 || file.finalLineEnd ? ends[i] : '')).join('');
    return `${file.start}${body}`;
  });

/** The plain reader's values, key offsets and line starts are the YAML document's, and it has no problem. */
function expectSameAsDocument(text: string, plain: PlainYaml): void {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, logLevel: 'silent' });
  expect([...doc.errors, ...doc.warnings].map((e) => e.message)).to.deep.equal([]);
  expect(plainToJS(plain.root)).to.deep.equal(doc.toJS());
  expect(plain.lineCounter.lineStarts).to.deep.equal(lineCounter.lineStarts);
  const compareOffsets = (node: unknown, map: unknown): void => {
    if (!isMap(node)) return;
    expect(map).to.be.instanceOf(PlainMap);
    const plainMap = map as PlainMap;
    const keys = node.items.map((pair) => (isScalar(pair.key) ? pair.key.value : pair.key));
    const offsets = node.items.map((pair) => (isScalar(pair.key) ? pair.key.range![0] : -1));
    expect({ keys: plainMap.keys, offsets: plainMap.offsets }).to.deep.equal({ keys, offsets });
    node.items.forEach((pair, i) => compareOffsets(pair.value, plainMap.values[i]));
  };
  compareOffsets(doc.contents, plain.root);
}

describe('plain-form reader of cfalias.yaml against the YAML parser, on random files', () => {
  it('gives what the YAML parser gives, on every file', () => {
    fc.assert(
      fc.property(cfaliasYaml, (text) => {
        expect(parseDesiredState(text, 'cfalias.yaml')).to.deep.equal(parseYamlDocument(text, 'cfalias.yaml'));
        const plain = readPlainYaml(text);
        if (plain !== undefined) expectSameAsDocument(text, plain);
      }),
      { numRuns: 1500 },
    );
  });

  it('the random files reach the plain reader, and some of them are valid', () => {
    const texts = fc.sample(cfaliasYaml, { numRuns: 1500, seed: 20261202 });
    const taken = texts.filter((text) => readPlainYaml(text) !== undefined);
    const valid = taken.filter((text) => parseDesiredState(text, 'cfalias.yaml').state !== undefined);
    expect(taken.length).to.be.greaterThan(texts.length / 10);
    expect(valid.length).to.be.greaterThan(texts.length / 100);
  });
});
