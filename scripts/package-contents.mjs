/**
 * What a packed package must look like to be installable and honest about its needs, checked on
 * the extracted tarball (`package/` of `pnpm pack`'s .tgz). `packageProblems(dir)` returns every
 * problem as a sentence; none means the package is fit to publish.
 *
 * - The manifest: not private, a license, a repository, `engines.node`, no `workspace:` range, and
 *   `exports` whose every target is in the tarball, with `types` first and no `source` condition.
 * - The files: a LICENSE and a README, nothing but `dist/` and `bin/` besides (and JSON Schemas in
 *   `schema/`, such as the sandbox world's), no compiled test.
 * - The module graph, walked from every export and bin: every relative import is in the tarball,
 *   every module of `dist/` is reached (a module nothing exports is a test helper that slipped in),
 *   and every bare import is a Node.js built-in or a declared dependency. The main entry may use
 *   only `dependencies`; a subpath (`./testing`) may also use peer dependencies (optional ones,
 *   such as the test runner's assertion library, are the user's choice).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import ts from 'typescript';

const BUILTINS = new Set(builtinModules);

/** Every file under `dir`, as a posix path relative to it. */
function listFiles(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? listFiles(dir, path) : [path];
  });
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The export map's targets, per subpath (conditions flattened). */
function exportTargets(exports) {
  const targets = [];
  for (const [subpath, target] of Object.entries(exports ?? {})) {
    if (typeof target === 'string') targets.push({ subpath, condition: 'default', target });
    else for (const [condition, path] of Object.entries(target)) targets.push({ subpath, condition, target: path });
  }
  return targets;
}

function manifestProblems(manifest) {
  const problems = [];
  if (manifest.private) problems.push('package.json: "private" is set');
  for (const field of ['license', 'repository', 'description']) if (!manifest[field]) problems.push(`package.json: no "${field}"`);
  if (!manifest.engines?.node) problems.push('package.json: no "engines.node"');
  for (const kind of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(manifest[kind] ?? {})) {
      if (String(range).startsWith('workspace:')) problems.push(`package.json: ${kind}.${name} is still "${range}"`);
    }
  }
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (typeof target === 'string') continue;
    const conditions = Object.keys(target);
    if ('source' in target) problems.push(`package.json: exports["${subpath}"] has the workspace-only "source" condition`);
    if (conditions[0] !== 'types') problems.push(`package.json: exports["${subpath}"] does not list "types" first`);
  }
  return problems;
}

function fileProblems(files) {
  const problems = [];
  for (const required of ['LICENSE', 'README.md', 'package.json']) if (!files.includes(required)) problems.push(`no ${required}`);
  for (const file of files) {
    if (/\.test\.|\.tsbuildinfo$/.test(file)) problems.push(`ships ${file}`);
    else if (
      !['LICENSE', 'README.md', 'package.json', 'CHANGELOG.md'].includes(file) &&
      !/^(dist|bin)\/|^schema\/[^/]+\.schema\.json$/.test(file)
    ) {
      problems.push(`ships ${file}, outside dist/, bin/ and schema/*.schema.json`);
    }
  }
  return problems;
}

/** Module specifiers a compiled file imports (static, re-exports and literal dynamic imports). */
function importsOf(text) {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Walks the module graph from `entry`; records each bare import with the entry it was reached from. */
function walk(dir, entry, reached, bare, problems) {
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop();
    if (reached.has(file)) continue;
    reached.add(file);
    for (const specifier of importsOf(readFileSync(join(dir, file), 'utf8'))) {
      if (specifier.startsWith('.')) {
        const resolved = posix.normalize(posix.join(posix.dirname(file), specifier));
        const target = file.endsWith('.d.ts') ? declarationOf(resolved) : resolved;
        if (existsSync(join(dir, target))) pending.push(target);
        else problems.push(`${file} imports ${specifier}, which is not in the package`);
      } else if (!specifier.startsWith('node:') && !BUILTINS.has(specifier)) {
        bare.push({ file, name: packageOf(specifier) });
      }
    }
  }
}

/** The declaration file beside a compiled module: `dist/a.js` → `dist/a.d.ts`. */
const declarationOf = (file) => file.replace(/\.js$/, '.d.ts');

function importProblems(dir, manifest, files) {
  const problems = [];
  const reached = new Set();
  const dependencies = new Set(Object.keys(manifest.dependencies ?? {}));
  const peers = new Set(Object.keys(manifest.peerDependencies ?? {}));
  // Both graphs count: the JavaScript a runtime loads and the declarations a compiler reads (a
  // module of types only compiles to an empty .js that nothing imports).
  const entries = exportTargets(manifest.exports)
    .filter(({ target }) => /\.(js|d\.ts)$/.test(target))
    .map(({ subpath, target }) => ({ subpath, file: posix.normalize(target) }));
  for (const bin of Object.values(typeof manifest.bin === 'string' ? { bin: manifest.bin } : (manifest.bin ?? {}))) {
    entries.push({ subpath: 'bin', file: posix.normalize(bin) });
  }
  for (const { subpath, file } of entries) {
    if (!files.includes(file)) continue; // reported below, with the export's condition
    const bare = [];
    walk(dir, file, reached, bare, problems);
    for (const { file: from, name } of bare) {
      if (name === manifest.name) continue;
      const declared = dependencies.has(name) || (subpath !== '.' && subpath !== 'bin' && peers.has(name));
      if (!declared) {
        const where = subpath === '.' || subpath === 'bin' ? 'dependencies' : 'dependencies or peerDependencies';
        problems.push(`${from} (reached from "${subpath}") imports ${name}, which is not declared in ${where}`);
      }
    }
  }
  for (const target of exportTargets(manifest.exports)) {
    if (!files.includes(posix.normalize(target.target))) {
      problems.push(`exports["${target.subpath}"].${target.condition} → ${target.target}, which is not in the package`);
    }
  }
  for (const file of files) {
    if (!file.startsWith('dist/') || !file.endsWith('.js')) continue;
    if (!reached.has(file) && !reached.has(declarationOf(file))) problems.push(`${file} is shipped but no export or bin reaches it`);
  }
  return problems;
}

/** Every problem of the extracted package in `dir` (the tarball's `package/` folder). */
export function packageProblems(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const files = listFiles(dir);
  return [...manifestProblems(manifest), ...fileProblems(files), ...importProblems(dir, manifest, files)].map(
    (problem) => `${manifest.name}: ${problem}`,
  );
}
