// Writes packages/providers/schema/world.schema.json: the world file's JSON Schema, published as
// `@cfalias/providers/world.schema.json` and printed by `cfalias sandbox schema`. It is generated
// from `worldSchema`, the one schema the sandbox validates world files with, never edited by hand.
//
//   pnpm generate:world-schema
//
// A test (world-schema-file.test.ts) fails when the checked-in file differs from the generated text.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { worldSchemaText } from '@cfalias/providers';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'providers', 'schema', 'world.schema.json');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, worldSchemaText());
console.log(`wrote ${target}`);
