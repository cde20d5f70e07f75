import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { standaloneValidatorSource } from '../../../../scripts/standalone-validator.mjs';
import { DESIRED_SCHEMA_OPTIONS, desiredStateSchema, validateDesiredShape } from './desired-schema.js';

/** Every object schema below `node`, with its JSON pointer. */
function objectSchemas(node: unknown, at = '#'): { at: string; schema: Record<string, unknown> }[] {
  if (typeof node !== 'object' || node === null) return [];
  if (Array.isArray(node)) return node.flatMap((item, i) => objectSchemas(item, `${at}/${i}`));
  const schema = node as Record<string, unknown>;
  const own = 'properties' in schema ? [{ at, schema }] : [];
  return [...own, ...Object.entries(schema).flatMap(([key, value]) => objectSchemas(value, `${at}/${key}`))];
}

describe('desiredStateSchema', () => {
  it('is validated by the generated code of this schema (else run `pnpm generate:validators`)', async () => {
    const file = await readFile(new URL('desired-validator.generated.ts', import.meta.url), 'utf8');
    expect(file === standaloneValidatorSource(desiredStateSchema, DESIRED_SCHEMA_OPTIONS), 'stale validator').to.equal(true);
  });

  it('reports the errors ajv reports when it compiles the schema itself', () => {
    const compiled = new Ajv(DESIRED_SCHEMA_OPTIONS).compile(desiredStateSchema);
    const document = {
      version: 2,
      extra: true,
      aliases: { 'a.example.com': 7, 'b.example.com': { target: 'E1ABCDEF', strategy: 'sideways' } },
      safety: { maxChangePercent: 'many' },
    };
    expect(compiled(document)).to.equal(false);
    expect(validateDesiredShape(document)).to.deep.equal(compiled.errors).and.have.length.above(3);
  });

  it('closes every object that lists its fields (additionalProperties: false)', () => {
    const open = objectSchemas(desiredStateSchema)
      .filter(({ schema }) => schema['additionalProperties'] !== false)
      .map(({ at }) => at);
    expect(open).to.deep.equal([]);
  });

  it('is plain JSON (it is published for editors and tools)', () => {
    expect(JSON.parse(JSON.stringify(desiredStateSchema))).to.deep.equal(desiredStateSchema);
  });

  it('accepts the example of the design document', () => {
    const example = {
      version: 1,
      account: '111111111111',
      distributions: { blue: 'E1BLUEBLUEBLUE', green: 'E2GREENGREENGR' },
      defaults: { strategy: 'auto', dns: 'route53' },
      window: { start: '2026-12-01T02:00:00Z', end: '2026-12-01T04:00:00Z' },
      safety: { maxChangePercent: 30 },
      lock: { backend: 'local', path: '.cfalias.lock' },
      aliases: {
        'www.example.com': 'green',
        'api.example.com': { distribution: 'green', strategy: 'detach-attach' },
        'old.example.com': null,
      },
    };
    expect(validateDesiredShape(example)).to.deep.equal([]);
  });

  it('reports every shape error at once, with the path ajv found it at', () => {
    const errors = validateDesiredShape({
      version: 3,
      extra: true,
      defaults: { dns: 'bind' },
      lock: { backend: 's3', bucket: 'b' },
      aliases: { 'a.example.com': 7 },
    });
    expect(errors.map((e) => `${e.instancePath} ${e.keyword}`)).to.deep.equal([
      ' additionalProperties',
      '/version const',
      '/defaults/dns enum',
      '/lock required',
      '/aliases/a.example.com type',
    ]);
  });
});
