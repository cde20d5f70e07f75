/**
 * The plain-form reader of cfalias.yaml against the YAML parser: on every file, whether the plain
 * reader takes it or not, parseDesiredState gives exactly what the YAML parser alone gives (state,
 * locations, diagnostics), and the plain reader takes the files it is there for.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDesiredState, parseYamlDocument } from './desired-file.js';
import { PlainMap, plainToJS, readPlainYaml } from './plain-yaml.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'fixtures');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

const HEAD = 'version: 1\naccount: "111111111111"\n';

/** Files written by hand: each in the plain form or just outside it. */
const CASES: Record<string, string> = {
  'aliases only': `${HEAD}aliases:\n  www.example.com: E2QWRUHEXAMPLE\n  api.example.com: E3ABCDEFGHIJK\n`,
  'no final newline': `${HEAD}aliases:\n  www.example.com: E2QWRUHEXAMPLE`,
  'comments and blank lines': `# top\n${HEAD}\n# the aliases\naliases:\n    # indented comment\n    www.example.com: E2QWRUHEXAMPLE\n\n    api.example.com: E3ABCDEFGHIJK\n`,
  'nested maps and typed scalars': `${HEAD}defaults:\n  strategy: move\n  dns: route53\nsafety:\n  maxChangePercent: 100\naliases:\n  www.example.com: E2QWRUHEXAMPLE\n`,
  'quoted keys and values': `${HEAD}aliases:\n  "*.example.com": "E2QWRUHEXAMPLE"\n  "www.example.com": E3ABCDEFGHIJK\n`,
  'a detach (null target)': `${HEAD}aliases:\n  www.example.com: null\n  api.example.com:\n`,
  'an empty target': `${HEAD}aliases:\n  old.example.com: ""\n`,
  'logical names': `${HEAD}distributions:\n  blue: E2QWRUHEXAMPLE\n  green: E3ABCDEFGHIJK\naliases:\n  www.example.com: green\n  api.example.com: blue\n`,
  'an empty map before a sibling': `${HEAD}defaults:\naliases:\n  www.example.com: E2QWRUHEXAMPLE\n`,
  'the file ends in an open map': `${HEAD}aliases:\n  www.example.com: E2QWRUHEXAMPLE\nsafety:\n`,
  'uppercase alias': `${HEAD}aliases:\n  WWW.example.com: E2QWRUHEXAMPLE\n`,
  'the same alias twice once normalised': `${HEAD}aliases:\n  www.example.com: E2QWRUHEXAMPLE\n  www.example.com.: E2QWRUHEXAMPLE\n`,
  'a key twice': `${HEAD}aliases:\n  www.example.com: E2QWRUHEXAMPLE\n  www.example.com: E3ABCDEFGHIJK\n`,
  'an unknown name': `${HEAD}aliases:\n  www.example.com: greenish\n`,
  'a bad indentation': `${HEAD}aliases:\n  www.example.com: E2QWRUHEXAMPLE\n   api.example.com: E3ABCDEFGHIJK\n`,
  'a float and a hex number': `version: 1.0\naccount: "111111111111"\nsafety:\n  maxChangePercent: 0x10\naliases:\n  www.example.com: E2QWRUHEXAMPLE\n`,
  'booleans and an integer key': `${HEAD}verify:\n  dns: true\n  https: False\naliases:\n  "123": E2QWRUHEXAMPLE\n`,
  'overrides per alias': `${HEAD}aliases:\n  www.example.com:\n    distribution: E2QWRUHEXAMPLE\n    strategy: detach-attach\n`,
  'a comment after a value': `${HEAD}aliases:\n  www.example.com: E2QWRUHEXAMPLE # blue\n`,
  'an account registry': `version: 1\naccounts:\n  prod:\n    id: "111111111111"\ndistributions:\n  blue:\n    account: prod\n    id: E2QWRUHEXAMPLE\naliases:\n  www.example.com: blue\n`,
  'a window': `${HEAD}window:\n  start: "2026-12-01T02:00:00Z"\n  end: "2026-12-01T01:00:00Z"\naliases:\n  www.example.com: E2QWRUHEXAMPLE\n`,
  'CRLF line ends': `version: 1\r\naccount: "111111111111"\r\naliases:\r\n  www.example.com: E2QWRUHEXAMPLE\r\n`,
  'empty file': '',
  'a byte order mark and a document start': `\uFEFF--- # cfalias\n${HEAD}aliases:\n  www.example.com: E2QWRUHEXAMPLE\n`,
  'single quotes, escapes and tabs between tokens': `${HEAD}aliases:\n  'www.example.com':\t"E2QWRUHEXAMPLE"\t# blue\n  "\\x61pi.example.com" : 'E3ABCDEFGHIJK'\n`,
  'a map indented as a whole': `  version: 1\n  account: "111111111111"\n  aliases:\n    www.example.com: E2QWRUHEXAMPLE\n`,
  'a byte order mark before an indented map': `\uFEFF  version: 1\n  account: "111111111111"\n`,
  'a bad escape': `${HEAD}aliases:\n  "www.example.com": "E2QWRU\\qHEXAMPLE"\n`,
  'a tab as indentation': `${HEAD}aliases:\n\twww.example.com: E2QWRUHEXAMPLE\n`,
  'an unquoted wildcard': `${HEAD}aliases:\n  *.example.com: E2QWRUHEXAMPLE\n`,
  'a value over two lines': `${HEAD}aliases:\n  www.example.com: E2QWRU\n    HEXAMPLE\n`,
  'a second document': `${HEAD}aliases:\n  www.example.com: E2QWRUHEXAMPLE\n---\nversion: 1\n`,
  'a comment glued to a value': `${HEAD}aliases:\n  www.example.com: "E2QWRUHEXAMPLE"# blue\n`,
  'a lone CR': `${HEAD}aliases:\n  www.example.com: E2QWRUHEXAMPLE\r  api.example.com: E3ABCDEFGHIJK\n`,
  // The schema checks the aliases map of a plain file target by target: its errors stay the parser's.
  'a number and a boolean target': `${HEAD}aliases:\n  www.example.com: 12\n  api.example.com: true\n`,
  'aliases as a scalar': `${HEAD}aliases: E2QWRUHEXAMPLE\n`,
  'aliases left empty': `${HEAD}aliases:\n`,
  'an unknown override and an empty target': `${HEAD}aliases:\n  www.example.com:\n    distribution: E2QWRUHEXAMPLE\n    colour: blue\n  api.example.com: ""\n`,
  'an empty target and a bad field elsewhere': `${HEAD}safety:\n  maxChangePercent: 101\naliases:\n  www.example.com: ""\n`,
};

describe('plain-form reader of cfalias.yaml (plain-yaml.ts)', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`reads as the YAML parser does: ${name}`, () => {
      expect(parseDesiredState(text, 'cfalias.yaml')).to.deep.equal(parseYamlDocument(text, 'cfalias.yaml'));
    });
  }

  it('reads every fixture file as the YAML parser does', () => {
    const files = yamlFiles(FIXTURES);
    expect(files.length).to.be.greaterThan(10);
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const name = relative(FIXTURES, path);
      expect(parseDesiredState(text, name), name).to.deep.equal(parseYamlDocument(text, name));
    }
  });

  it('takes the plain files, and leaves the rest to the YAML parser', () => {
    const taken = Object.entries(CASES)
      .filter(([, text]) => readPlainYaml(text) !== undefined)
      .map(([name]) => name);
    expect(taken).to.deep.equal([
      'aliases only',
      'no final newline',
      'comments and blank lines',
      'nested maps and typed scalars',
      'quoted keys and values',
      'a detach (null target)',
      'an empty target',
      'logical names',
      'an empty map before a sibling',
      'the file ends in an open map',
      'uppercase alias',
      'the same alias twice once normalised',
      'an unknown name',
      'a float and a hex number',
      'overrides per alias',
      'a comment after a value',
      'an account registry',
      'a window',
      'CRLF line ends',
      'a byte order mark and a document start',
      'single quotes, escapes and tabs between tokens',
      'a map indented as a whole',
      'a number and a boolean target',
      'aliases as a scalar',
      'aliases left empty',
      'an unknown override and an empty target',
      'an empty target and a bad field elsewhere',
    ]);
  });

  it('gives a state for the valid plain files', () => {
    for (const name of [
      'aliases only',
      'comments and blank lines',
      'nested maps and typed scalars',
      'a detach (null target)',
      'logical names',
      'a float and a hex number',
      'a comment after a value',
      'CRLF line ends',
      'a byte order mark and a document start',
      'single quotes, escapes and tabs between tokens',
      'a map indented as a whole',
    ]) {
      expect(parseDesiredState(CASES[name]!, 'cfalias.yaml').state, name).to.not.equal(undefined);
    }
  });

  it('gives the values and key offsets of a plain file', () => {
    const text = `${HEAD}safety:\n  maxChangePercent: 100\naliases:\n  www.example.com: E2QWRUHEXAMPLE\n  api.example.com: null\n`;
    const plain = readPlainYaml(text)!;
    expect(plainToJS(plain.root)).to.deep.equal({
      version: 1,
      account: '111111111111',
      safety: { maxChangePercent: 100 },
      aliases: { 'www.example.com': 'E2QWRUHEXAMPLE', 'api.example.com': null },
    });
    const aliases = plain.root.get('aliases') as PlainMap;
    expect({ keys: aliases.keys, offsets: aliases.offsets }).to.deep.equal({
      keys: ['www.example.com', 'api.example.com'],
      offsets: [text.indexOf('www.example.com'), text.indexOf('api.example.com')],
    });
  });

  it('keeps each value as the YAML parser resolves it, a -0 after a 0 included', () => {
    const text = 'a: E2QWRUHEXAMPLE\nb: E2QWRUHEXAMPLE\nc: 0\nd: -0\n';
    const value = plainToJS(readPlainYaml(text)!.root);
    expect(value).to.deep.equal({ a: 'E2QWRUHEXAMPLE', b: 'E2QWRUHEXAMPLE', c: 0, d: -0 });
    expect(Object.is(value['d'], -0)).to.equal(true);
  });

  it('gives the offset of a key as written (its quote), after a byte order mark and CRLF lines', () => {
    const text = `\uFEFFversion: 1\r\naliases:\r\n  "www.example.com": E2QWRUHEXAMPLE # blue\r\n  'api.example.com': 0x10\r\n`;
    const plain = readPlainYaml(text)!;
    expect(plainToJS(plain.root)).to.deep.equal({ version: 1, aliases: { 'www.example.com': 'E2QWRUHEXAMPLE', 'api.example.com': 16 } });
    expect({ keys: plain.root.keys, offsets: plain.root.offsets }).to.deep.equal({ keys: ['version', 'aliases'], offsets: [1, 13] });
    const aliases = plain.root.get('aliases') as PlainMap;
    expect({ keys: aliases.keys, offsets: aliases.offsets }).to.deep.equal({
      keys: ['www.example.com', 'api.example.com'],
      offsets: [text.indexOf('"www'), text.indexOf("'api")],
    });
    expect(plain.lineCounter.lineStarts).to.deep.equal([0, 13, 23, 67, 94]);
  });
});
