// After `changeset version` bumps the packages, writes @cfalias/core's new version into
// packages/core/src/version.ts, which plans, journals and events record.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../packages/core/', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const file = new URL('src/version.ts', root);
const before = readFileSync(file, 'utf8');
const after = before.replace(/ENGINE_VERSION = '[^']*'/, `ENGINE_VERSION = '${version}'`);
if (after === before && !before.includes(`'${version}'`)) throw new Error('packages/core/src/version.ts has no ENGINE_VERSION to update');
writeFileSync(file, after);
console.log(`ENGINE_VERSION = ${version}`);
