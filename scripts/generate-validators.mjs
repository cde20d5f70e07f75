// Writes the JSON Schema validators as code, compiled here once instead of by ajv each time the
// CLI starts: `cfalias.yaml`'s (packages/core/src/desired/desired-validator.generated.ts) and the
// sandbox world file's (packages/providers/src/sandbox/world-validator.generated.ts), each from
// the schema and ajv options its package declares. Never edited by hand.
//
//   pnpm generate:validators
//
// Tests (desired-schema.test.ts, world-schema-file.test.ts) fail when a checked-in file differs
// from the generated text.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESIRED_SCHEMA_OPTIONS, desiredStateSchema } from '../packages/core/src/desired/desired-schema.ts';
import { WORLD_SCHEMA_OPTIONS, worldSchema } from '../packages/providers/src/sandbox/world-schema.ts';
import { standaloneValidatorSource } from './standalone-validator.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const validators = [
  ['packages/core/src/desired/desired-validator.generated.ts', desiredStateSchema, DESIRED_SCHEMA_OPTIONS],
  ['packages/providers/src/sandbox/world-validator.generated.ts', worldSchema, WORLD_SCHEMA_OPTIONS],
];
for (const [path, schema, options] of validators) {
  writeFileSync(join(root, path), standaloneValidatorSource(schema, options));
  console.log(`wrote ${path}`);
}
