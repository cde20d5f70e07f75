/**
 * docs/world-format.md against the schema the sandbox validates with: its full sample loads, and
 * every field the schema has is documented there.
 */
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { parseWorldDocument } from './world-file.js';
import { worldSchema } from './world-schema.js';

const DOC = new URL('../../../../docs/world-format.md', import.meta.url);

/** Every property name the schema declares, at any depth. */
function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (typeof schema !== 'object' || schema === null) return into;
  const node = schema as Record<string, unknown>;
  const properties = node['properties'];
  if (typeof properties === 'object' && properties !== null) {
    for (const [name, child] of Object.entries(properties)) {
      into.add(name);
      propertyNames(child, into);
    }
  }
  for (const key of ['items', 'additionalProperties']) propertyNames(node[key], into);
  return into;
}

describe('docs/world-format.md', () => {
  let text: string;
  before(async () => {
    text = await readFile(DOC, 'utf8');
  });

  it('has a full sample that is a valid world', () => {
    const sample = /## A full sample\n[\s\S]*?```json\n([\s\S]*?)```/.exec(text)?.[1];
    expect(sample, 'the json block under "## A full sample"').to.be.a('string');
    const world = parseWorldDocument(sample!, 'docs/world-format.md');
    expect(world.accounts.map((a) => a.id)).to.deep.equal(['111111111111', '222222222222']);
  });

  it('documents every field of the schema, with no pointer to a file users do not have', () => {
    const names = [...propertyNames(worldSchema)];
    expect(names.length).to.be.greaterThan(60);
    expect(names.filter((name) => !text.includes(`\`${name}\``))).to.deep.equal([]);
    expect(text).not.to.include('DESIGN.md');
  });
});
