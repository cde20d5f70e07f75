import { expect } from 'chai';
import fc from 'fast-check';
import { parseDesiredState } from './desired-file.js';
import type { Diagnostic } from '../plan/diagnostics.js';

/** The file as lines, so the line numbers in expectations can be read off the array index + 1. */
function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** `line:col code` for each diagnostic, in the order returned. */
function found(text: string): string[] {
  return parseDesiredState(text, 'cfalias.yaml').diagnostics.map((d) => `${d.location?.line}:${d.location?.col} ${d.code}`);
}

function only(text: string): Diagnostic {
  const { diagnostics, state } = parseDesiredState(text, 'cfalias.yaml');
  expect(state).to.equal(undefined);
  expect(diagnostics, JSON.stringify(diagnostics)).to.have.length(1);
  return diagnostics[0]!;
}

const FULL = yaml(
  'version: 1',
  'account: "111111111111"',
  'distributions:',
  '  blue: E1BLUEBLUEBLUE',
  '  green: E2GREENGREENGR',
  'defaults: { strategy: move, dns: route53 }',
  'window: { start: "2026-12-01T02:00:00Z", end: "2026-12-01T04:00:00Z" }',
  'safety: { maxChangePercent: 25 }',
  'lock: { backend: s3, bucket: locks, key: cfalias/prod.lock, region: eu-west-1 }',
  'aliases:',
  '  www.example.com: green',
  '  api.example.com: { distribution: green, strategy: detach-attach, dns: none }',
  '  old.example.com: null',
  '  "*.example.com": E3WILDWILDWILD',
  '  img.example.com:',
  '  cdn.example.com: { distribution: blue }',
);

/** The move defaults every alias of FULL gets. */
const UDA = { moveApi: 'update-domain-association', txtProof: 'when-needed' } as const;

describe('parseDesiredState', () => {
  describe('a valid file', () => {
    it('reads every field, resolves logical names and applies per-alias overrides', () => {
      const { state, diagnostics } = parseDesiredState(FULL, 'conf/cfalias.yaml');
      expect(diagnostics).to.deep.equal([]);
      const at = (line: number) => ({ file: 'conf/cfalias.yaml', line, col: 3 });
      expect(state).to.deep.equal({
        version: 1,
        file: 'conf/cfalias.yaml',
        // sha256sum of the file's bytes, computed outside the code under test
        digest: 'sha256:c6fa03bbc0d8bf51bbeee8df376e55614c89439a36932c56f76af75278f47a66',
        account: '111111111111',
        distributions: { blue: 'E1BLUEBLUEBLUE', green: 'E2GREENGREENGR' },
        defaults: { strategy: 'move', dns: 'route53', moveApi: 'update-domain-association', txtProof: 'when-needed' },
        window: { start: '2026-12-01T02:00:00Z', end: '2026-12-01T04:00:00Z' },
        safety: { maxChangePercent: 25 },
        lock: { backend: 's3', bucket: 'locks', key: 'cfalias/prod.lock', region: 'eu-west-1' },
        aliases: [
          {
            alias: 'www.example.com',
            target: 'E2GREENGREENGR',
            targetName: 'green',
            strategy: 'move',
            dns: 'route53',
            ...UDA,
            location: at(11),
          },
          {
            alias: 'api.example.com',
            target: 'E2GREENGREENGR',
            targetName: 'green',
            strategy: 'detach-attach',
            dns: 'none',
            ...UDA,
            location: at(12),
          },
          { alias: 'old.example.com', target: null, strategy: 'move', dns: 'route53', ...UDA, location: at(13) },
          { alias: '*.example.com', target: 'E3WILDWILDWILD', strategy: 'move', dns: 'route53', ...UDA, location: at(14) },
          { alias: 'img.example.com', target: null, strategy: 'move', dns: 'route53', ...UDA, location: at(15) },
          {
            alias: 'cdn.example.com',
            target: 'E1BLUEBLUEBLUE',
            targetName: 'blue',
            strategy: 'move',
            dns: 'route53',
            ...UDA,
            location: at(16),
          },
        ],
      });
    });

    it('fills in the defaults when only the version is given', () => {
      const { state, diagnostics } = parseDesiredState('version: 1\n', 'cfalias.yaml');
      expect(diagnostics).to.deep.equal([]);
      expect(state).to.deep.include({
        version: 1,
        distributions: {},
        defaults: { strategy: 'auto', dns: 'route53', moveApi: 'update-domain-association', txtProof: 'when-needed' },
        safety: { maxChangePercent: 30 },
        aliases: [],
      });
      expect(state).to.not.have.any.keys('account', 'window', 'lock');
    });

    it('accepts an empty aliases map', () => {
      expect(parseDesiredState('version: 1\naliases:\n', 'f').state?.aliases).to.deep.equal([]);
      expect(parseDesiredState('version: 1\naliases: {}\n', 'f').state?.aliases).to.deep.equal([]);
    });

    it('accepts a local lock with or without a path, and a detach written as distribution: null', () => {
      const { state } = parseDesiredState(
        yaml(
          'version: 1',
          'lock: { backend: local, path: .cfalias.lock }',
          'aliases:',
          '  a.example.com: { distribution: null, dns: none }',
        ),
        'f',
      );
      expect(state?.lock).to.deep.equal({ backend: 'local', path: '.cfalias.lock' });
      expect(state?.aliases[0]).to.deep.include({ alias: 'a.example.com', target: null, dns: 'none', strategy: 'auto' });
      expect(parseDesiredState('version: 1\nlock: { backend: local }\n', 'f').state?.lock).to.deep.equal({ backend: 'local' });
    });

    it('prefers a declared logical name over the id form', () => {
      const { state } = parseDesiredState(
        yaml('version: 1', 'distributions: { EDGECASE: E9TARGETTARGET }', 'aliases: { a.example.com: EDGECASE }'),
        'f',
      );
      expect(state?.aliases[0]).to.deep.include({ target: 'E9TARGETTARGET', targetName: 'EDGECASE' });
    });
  });

  describe('a file with many problems', () => {
    it('reports every one of them at once, each at its key or value, sorted by position', () => {
      const text = yaml(
        /* 1 */ 'version: 2',
        /* 2 */ 'account: 12345',
        /* 3 */ 'distributions:',
        /* 4 */ '  blue: e1blue',
        /* 5 */ '  green: E2GREENGREENGR',
        /* 6 */ 'defaults:',
        /* 7 */ '  stratgey: auto',
        /* 8 */ '  dns: cloudflare',
        /* 9 */ 'window:',
        /* 10 */ '  start: "2026-12-01T04:00:00Z"',
        /* 11 */ '  end: "2026-12-01T02:00:00Z"',
        /* 12 */ 'aliases:',
        /* 13 */ '  WWW.example.com: green',
        /* 14 */ '  www.example.com: gren',
        /* 15 */ '  "*.*.example.com": blue',
        /* 16 */ '  a..example.com: green',
        /* 17 */ '  x.example.com: { distribution: green, extra: 1 }',
      );
      expect(found(text)).to.deep.equal([
        '1:10 unsupported-version',
        '2:10 invalid-account',
        '4:9 invalid-distribution-id',
        '7:3 unknown-field',
        '8:8 schema',
        '11:8 invalid-window',
        '13:3 uppercase-alias',
        '14:3 duplicate-key',
        '14:20 unknown-distribution-name',
        '15:3 invalid-wildcard',
        '16:3 invalid-hostname',
        '17:41 unknown-field',
      ]);
      const { diagnostics } = parseDesiredState(text, 'cfalias.yaml');
      expect(diagnostics.every((d) => d.severity === 'error' && d.location?.file === 'cfalias.yaml')).to.equal(true);
    });
  });

  describe('each diagnostic code', () => {
    it('yaml-syntax: reports the parser problem at its position and nothing built on the broken structure', () => {
      const d = only(yaml('version: 1', 'aliases:', '  www.example.com: "green', 'defaults: { strategy: fast }'));
      expect(d.code).to.equal('yaml-syntax');
      expect(d.message).to.contain('Missing closing "quote');
      expect(d.location).to.deep.equal({ file: 'cfalias.yaml', line: 5, col: 1 });
    });

    it('yaml-syntax: tells to quote an unquoted wildcard alias, once per line', () => {
      const d = only(yaml('version: 1', 'aliases:', '  *.example.com: green'));
      expect(d).to.deep.include({ code: 'yaml-syntax', location: { file: 'cfalias.yaml', line: 3, col: 3 } });
      expect(d.message).to.equal('"*.example.com" must be quoted: an unquoted * starts a YAML alias (write "*.example.com")');
    });

    it('yaml-syntax: an unquoted wildcard as a value is an unknown YAML alias', () => {
      const d = only(yaml('version: 1', 'aliases:', '  www.example.com: *.example.com'));
      expect(d.code).to.equal('yaml-syntax');
      expect(d.location).to.deep.equal({ file: 'cfalias.yaml', line: 3, col: 20 });
      expect(d.message).to.contain('unknown YAML alias *.example.com');
    });

    it('yaml-syntax: more than one document', () => {
      const d = only('version: 1\n---\nversion: 1\n');
      expect(d.code).to.equal('yaml-syntax');
      expect(d.location?.line).to.equal(2);
    });

    it('yaml-syntax: an alias expansion bomb is refused, not expanded', () => {
      const bomb = yaml(
        'version: 1',
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      );
      expect(only(bomb)).to.deep.include({ code: 'yaml-syntax', location: { file: 'cfalias.yaml', line: 1, col: 1 } });
    });

    it('duplicate-key: an alias written twice, and the first place is named', () => {
      const d = only(yaml('version: 1', 'aliases:', '  www.example.com: E1BLUEBLUEBLUE', '  www.example.com: E2GREENGREENGR'));
      expect(d).to.deep.include({ code: 'duplicate-key', alias: 'www.example.com', location: { file: 'cfalias.yaml', line: 4, col: 3 } });
      expect(d.message).to.equal('duplicate alias "www.example.com" (first at line 3, col 3)');
    });

    it('duplicate-key: the same alias once normalised (case, trailing dot) is a duplicate too', () => {
      expect(
        found(yaml('version: 1', 'aliases:', '  www.example.com: E1BLUEBLUEBLUE', '  www.example.com.: E2GREENGREENGR')),
      ).to.deep.equal(['4:3 duplicate-key', '4:3 invalid-hostname']);
      const diagnostics = parseDesiredState(
        yaml('version: 1', 'aliases:', '  www.example.com: E1BLUEBLUEBLUE', '  www.example.com.: E2GREENGREENGR'),
        'f',
      ).diagnostics;
      expect(diagnostics[0]!.message).to.equal(
        'alias "www.example.com." is the same alias as "www.example.com" at line 3, col 3 once normalised ("www.example.com")',
      );
    });

    it('duplicate-key: found far down a long aliases map, at its line:col, naming the first place', () => {
      const many = Array.from({ length: 3000 }, (_, i) => `  a${i}.example.com: E1BLUEBLUEBLUE`);
      // Line 3 holds a0.example.com; the repeat is the last line of the file.
      const d = only(yaml('version: 1', 'aliases:', ...many, '  a0.example.com: E2GREENGREENGR'));
      expect(d).to.deep.include({ code: 'duplicate-key', alias: 'a0.example.com', location: { file: 'cfalias.yaml', line: 3003, col: 3 } });
      expect(d.message).to.equal('duplicate alias "a0.example.com" (first at line 3, col 3)');
    });

    it('duplicate-key: a top-level field written twice in block style, reported once', () => {
      const d = only(yaml('version: 1', 'aliases: {}', 'version: 1'));
      expect(d).to.deep.include({ code: 'duplicate-key', location: { file: 'cfalias.yaml', line: 3, col: 1 } });
      expect(d.message).to.equal('duplicate key "version" (first at line 1, col 1)');
    });

    it('duplicate-key: a repeated field anywhere', () => {
      const d = only(yaml('version: 1', 'defaults: { dns: none, dns: route53 }'));
      expect(d).to.deep.include({ code: 'duplicate-key', location: { file: 'cfalias.yaml', line: 2, col: 24 } });
      expect(d.message).to.equal('duplicate key "dns" (first at line 2, col 13)');
    });

    it('unknown-field: names the field, where it is and the allowed ones', () => {
      const d = only(yaml('version: 1', 'safety:', '  maxChangePercnt: 10'));
      expect(d).to.deep.include({ code: 'unknown-field', location: { file: 'cfalias.yaml', line: 3, col: 3 } });
      expect(d.message).to.equal('unknown field "maxChangePercnt" in safety; allowed: maxChangePercent (did you mean "maxChangePercent"?)');
      expect(only('version: 1\nalias: {}\n').message).to.equal(
        'unknown field "alias" at the top level; allowed: version, account, accounts, distributions, defaults, window, safety, lock, verify, aliases (did you mean "aliases"?)',
      );
    });

    it('unknown-field: inside a lock, per backend', () => {
      const d = only(yaml('version: 1', 'lock: { backend: local, bucket: b }'));
      expect(d).to.deep.include({ code: 'unknown-field', location: { file: 'cfalias.yaml', line: 2, col: 25 } });
      expect(d.message).to.equal('unknown field "bucket" in lock; allowed: backend, path');
    });

    it('schema: a bad enum value says what is allowed', () => {
      const d = only(yaml('version: 1', 'aliases:', '  a.example.com: { distribution: E1BLUEBLUEBLUE, strategy: fast }'));
      expect(d).to.deep.include({ code: 'schema', alias: 'a.example.com', location: { file: 'cfalias.yaml', line: 3, col: 60 } });
      expect(d.message).to.equal('aliases["a.example.com"].strategy is "fast"; allowed: auto, move, detach-attach');
    });

    it('schema: wrong types, a missing version, an empty file, a lock without its required fields', () => {
      expect(only('version: 1\nsafety: { maxChangePercent: lots }\n').message).to.equal(
        'safety.maxChangePercent must be a number, found "lots"',
      );
      expect(only('version: 1\naliases: { a.example.com: [x] }\n').message).to.equal(
        'alias "a.example.com" must map to a distribution name or id, a map with "distribution", or null (to detach); found a list',
      );
      expect(only('aliases: {}\n')).to.deep.include({
        code: 'schema',
        message: '"version" is required: add "version: 1" at the top of the file',
      });
      expect(only('')).to.deep.include({ code: 'schema', location: { file: 'cfalias.yaml', line: 1, col: 1 } });
      expect(found('version: 1\nlock: { backend: s3, bucket: b }\n')).to.deep.equal(['2:1 schema']);
      expect(only('version: 1\nlock: { backend: nfs }\n').message).to.equal('lock.backend is "nfs"; allowed: local, s3');
      expect(only('version: 1\nsafety: { maxChangePercent: 130 }\n').message).to.equal(
        'safety.maxChangePercent must be between 0 and 100, found the number 130',
      );
    });

    it('invalid-hostname: empty labels, bad characters, single labels, non-string keys', () => {
      expect(found(yaml('version: 1', 'aliases:', '  a..example.com:', '  bad_name.example.com:', '  localhost:', '  1.5:'))).to.deep.equal(
        ['3:3 invalid-hostname', '4:3 invalid-hostname', '5:3 invalid-hostname', '6:3 invalid-hostname'],
      );
    });

    it('uppercase-alias: names the lowercase spelling', () => {
      const d = only(yaml('version: 1', 'aliases:', '  Www.Example.com:'));
      expect(d).to.deep.include({ code: 'uppercase-alias', alias: 'Www.Example.com' });
      expect(d.message).to.contain('"www.example.com"');
    });

    it('invalid-wildcard: only "*." as the whole leftmost label', () => {
      expect(
        found(yaml('version: 1', 'aliases:', '  "*.*.example.com":', '  "a.*.example.com":', '  "*example.com":', '  "*.example.com":')),
      ).to.deep.equal(['3:3 invalid-wildcard', '4:3 invalid-wildcard', '5:3 invalid-wildcard']);
    });

    it('unknown-distribution-name: suggests the closest declared name, or says none are declared', () => {
      const text = yaml(
        'version: 1',
        'distributions: { green: E2GREENGREENGR, blue: E1BLUEBLUEBLUE }',
        'aliases:',
        '  a.example.com: gren',
      );
      const d = only(text);
      expect(d).to.deep.include({
        code: 'unknown-distribution-name',
        alias: 'a.example.com',
        location: { file: 'cfalias.yaml', line: 4, col: 18 },
      });
      expect(d.message).to.equal(
        '"gren" is neither a logical name declared in distributions nor a distribution id (like E2QWRUHEXAMPLE) or distribution tenant id (like dt_2wjDZi3hD1ivOXf6rpZJOSNE1AB); did you mean "green"?',
      );
      expect(only(yaml('version: 1', 'distributions: { green: E2GREENGREENGR }', 'aliases: { a.example.com: purple }')).message).to.match(
        /; declared names: green$/,
      );
      expect(only(yaml('version: 1', 'aliases:', '  a.example.com: { distribution: e1lower }'))).to.deep.include({
        code: 'unknown-distribution-name',
        location: { file: 'cfalias.yaml', line: 3, col: 34 },
        message:
          '"e1lower" is neither a logical name declared in distributions nor a distribution id (like E2QWRUHEXAMPLE) or distribution tenant id (like dt_2wjDZi3hD1ivOXf6rpZJOSNE1AB); no logical names are declared (add "distributions:")',
      });
    });

    it('invalid-distribution-id: a declared id of the wrong form, reported once, at the declaration', () => {
      const d = only(yaml('version: 1', 'distributions:', '  blue: E1b', 'aliases:', '  a.example.com: blue'));
      expect(d).to.deep.include({ code: 'invalid-distribution-id', location: { file: 'cfalias.yaml', line: 3, col: 9 } });
    });

    it('invalid-window: unparseable, not UTC, no zone, not a real date, end not after start, missing end', () => {
      const window = (start: string, end: string) => only(yaml('version: 1', 'window:', `  start: "${start}"`, `  end: "${end}"`));
      expect(window('tomorrow', '2026-12-01T04:00:00Z')).to.deep.include({
        code: 'invalid-window',
        location: { file: 'cfalias.yaml', line: 3, col: 10 },
        message: 'window.start "tomorrow" is not an ISO 8601 timestamp; write it like 2026-12-01T02:00:00Z',
      });
      expect(window('2026-12-01T04:00:00+02:00', '2026-12-01T05:00:00Z').message).to.equal(
        'window.start "2026-12-01T04:00:00+02:00" is not UTC: write it with Z (2026-12-01T02:00:00Z)',
      );
      expect(window('2026-12-01T02:00:00Z', '2026-12-01T04:00:00').message).to.contain('has no time zone');
      expect(window('2026-02-30T02:00:00Z', '2026-03-01T04:00:00Z').message).to.equal(
        'window.start "2026-02-30T02:00:00Z" is not a real date and time',
      );
      expect(window('2026-12-01T04:00:00Z', '2026-12-01T02:00:00Z')).to.deep.include({
        location: { file: 'cfalias.yaml', line: 4, col: 8 },
        message: 'window.end 2026-12-01T02:00:00Z is not after window.start 2026-12-01T04:00:00Z',
      });
      expect(window('2026-12-01T04:00:00Z', '2026-12-01T04:00:00.000Z').code).to.equal('invalid-window');
      expect(only('version: 1\nwindow: { start: "2026-12-01T04:00:00Z" }\n')).to.deep.include({
        code: 'invalid-window',
        location: { file: 'cfalias.yaml', line: 2, col: 1 },
        message: 'window needs "end" (UTC ISO 8601, like 2026-12-01T02:00:00Z)',
      });
    });

    it('unsupported-version: anything but the number 1', () => {
      expect(only('version: 2\n')).to.deep.include({
        code: 'unsupported-version',
        message: 'version 2 is not supported: this cfalias reads version 1 (the number)',
      });
      expect(only('version: "1"\n').code).to.equal('unsupported-version');
    });

    it('invalid-account: not 12 digits, or not quoted', () => {
      expect(only('version: 1\naccount: "11111111111"\n')).to.deep.include({
        code: 'invalid-account',
        location: { file: 'cfalias.yaml', line: 2, col: 10 },
        message: 'account "11111111111" is not an AWS account id: it must be exactly 12 digits',
      });
      expect(only('version: 1\naccount: 111111111111\n').message).to.equal(
        'account must be 12 digits in quotes (like "111111111111"), found the number 111111111111',
      );
    });
  });

  describe('robustness (property tests)', () => {
    const codes = new Set([
      'yaml-syntax',
      'schema',
      'unknown-field',
      'duplicate-key',
      'invalid-hostname',
      'uppercase-alias',
      'invalid-wildcard',
      'unknown-distribution-name',
      'invalid-distribution-id',
      'invalid-window',
      'unsupported-version',
      'invalid-account',
      'unknown-account-name',
    ]);

    /** Holds for every input: no throw, well-formed and sorted diagnostics, a state exactly when there are none. */
    function wellFormed(text: string): void {
      const { state, diagnostics } = parseDesiredState(text, 'x.yaml');
      const lineCount = text.split(/\r\n|\r|\n/).length;
      for (const d of diagnostics) {
        expect(d.severity).to.equal('error');
        expect(codes.has(d.code), d.code).to.equal(true);
        expect(d.message).to.be.a('string').and.not.equal('');
        expect(d.location?.file).to.equal('x.yaml');
        expect(d.location!.line).to.be.within(1, lineCount);
        expect(d.location!.col).to.be.at.least(1);
      }
      const positions = diagnostics.map((d) => d.location!.line * 1e6 + d.location!.col);
      expect(positions).to.deep.equal([...positions].sort((a, b) => a - b));
      expect(state === undefined).to.equal(diagnostics.length > 0);
    }

    it('random text never throws', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), wellFormed), { numRuns: 400 });
    });

    it('random text made of YAML punctuation never throws', () => {
      const piece = fc.constantFrom(
        'version: 1\n',
        'aliases:\n',
        '  ',
        '*',
        '&a ',
        '*a',
        '"',
        "'",
        ':',
        '- ',
        '{',
        '}',
        '[',
        ']',
        ',',
        '\n',
        '\t',
        '#',
        '? ',
        '!tag ',
        '---\n',
        'a.example.com',
        'E1BLUEBLUEBLUE',
        'null',
        '~',
        '<<: ',
        '%YAML 1.2\n',
      );
      fc.assert(
        fc.property(
          fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')),
          wellFormed,
        ),
        { numRuns: 400 },
      );
    });

    it('mutations of a valid file never throw', () => {
      const mutation = fc.record({ at: fc.nat({ max: FULL.length }), remove: fc.nat({ max: 8 }), insert: fc.string({ maxLength: 6 }) });
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          let text = FULL;
          for (const m of mutations) text = text.slice(0, m.at) + m.insert + text.slice(m.at + m.remove);
          wellFormed(text);
        }),
        { numRuns: 400 },
      );
    });

    it('any JSON-like value in any field never throws', () => {
      const field = fc.constantFrom('version', 'account', 'distributions', 'defaults', 'window', 'safety', 'lock', 'aliases', 'other');
      fc.assert(
        fc.property(field, fc.jsonValue({ maxDepth: 3 }), (name, value) => {
          const body = Object.entries({ version: 1, [name]: value }).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
          wellFormed(`${body.join('\n')}\n`);
        }),
        { numRuns: 400 },
      );
    });
  });
});
