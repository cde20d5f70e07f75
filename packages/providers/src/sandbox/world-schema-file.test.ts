/**
 * The published JSON Schema of world files (`@cfalias/providers/world.schema.json`): generated from
 * the schema the sandbox validates with, and usable on its own by any JSON Schema validator.
 */
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { standaloneValidatorSource } from '../../../../scripts/standalone-validator.mjs';
import { WORLD_SCHEMA_OPTIONS, worldSchema, worldSchemaText } from './world-schema.js';

const PACKAGE = new URL('../../', import.meta.url);
const SCHEMA_FILE = new URL('schema/world.schema.json', PACKAGE);
const DEMO_WORLD = new URL('../../fixtures/demo/world.json', PACKAGE);

describe('world.schema.json', () => {
  it('is the generated text of the schema the sandbox validates with (else run `pnpm generate:world-schema`)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).to.equal(worldSchemaText());
  });

  it('is what the generated validator checks (else run `pnpm generate:validators`)', async () => {
    const file = await readFile(new URL('world-validator.generated.ts', import.meta.url), 'utf8');
    expect(file === standaloneValidatorSource(worldSchema, WORLD_SCHEMA_OPTIONS), 'stale validator').to.equal(true);
  });

  it('is exported by the package and shipped in its files', async () => {
    const manifest = JSON.parse(await readFile(new URL('package.json', PACKAGE), 'utf8'));
    expect(manifest.exports['./world.schema.json']).to.equal('./schema/world.schema.json');
    expect(manifest.publishConfig.exports['./world.schema.json']).to.equal('./schema/world.schema.json');
    expect(manifest.files).to.include('schema');
  });

  it('validates a world with a plain JSON Schema validator, and rejects a mistyped aliasTarget', async () => {
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(JSON.parse(await readFile(SCHEMA_FILE, 'utf8')));
    const world = JSON.parse(await readFile(DEMO_WORLD, 'utf8'));
    expect(validate({ $schema: './world.schema.json', ...world }), JSON.stringify(validate.errors)).to.equal(true);
    world.accounts[0].hostedZones[0].records[2].aliasTarget = 'd1blue7qx4m2zk.cloudfront.net.';
    expect(validate(world)).to.equal(false);
    expect(validate.errors?.map((e) => e.instancePath)).to.deep.equal(['/accounts/0/hostedZones/0/records/2/aliasTarget']);
  });
});
