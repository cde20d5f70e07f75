/**
 * The frozen public API: one API Extractor report per entry point (`packages/<name>/api/*.api.md`)
 * and the reference generated from the same entry points (`docs/api/`, TypeDoc).
 *
 *   node scripts/api-reports.mjs            # check: fails when a report or docs/api/ is stale
 *   node scripts/api-reports.mjs --update   # rewrite the reports and docs/api/ after a deliberate change
 *
 * Reads the built declarations: run `pnpm build` first.
 */
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIGS = [
  'core/api-extractor.json',
  'providers/api-extractor.json',
  'providers/api-extractor.testing.json',
  'cli/api-extractor.json',
];
const DOCS = join(ROOT, 'docs', 'api');

const update = process.argv.includes('--update');
const problems = [];

for (const config of CONFIGS) {
  const configFile = join(ROOT, 'packages', config);
  const prepared = ExtractorConfig.loadFileAndPrepare(configFile);
  if (!existsSync(prepared.mainEntryPointFilePath)) {
    problems.push(`${relative(ROOT, prepared.mainEntryPointFilePath)} is missing: run \`pnpm build\` first`);
    continue;
  }
  mkdirSync(prepared.reportFolder, { recursive: true });
  const result = Extractor.invoke(prepared, {
    localBuild: update,
    messageCallback: (message) => {
      // Only what needs a reader: errors and warnings, not progress lines.
      if (message.logLevel !== 'error' && message.logLevel !== 'warning') message.handled = true;
    },
  });
  const report = relative(ROOT, join(prepared.reportFolder, prepared.reportConfigs[0].fileName));
  if (!result.succeeded)
    problems.push(`${report}: API Extractor found ${result.errorCount} error(s) and ${result.warningCount} warning(s) above`);
  else if (result.apiReportChanged && update) console.log(`updated ${report}`);
}

/** Every file under `dir` with its content, keyed by its path relative to `dir`. */
function readTree(dir) {
  if (!existsSync(dir)) return new Map();
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(
    files.map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return [relative(dir, path), readFileSync(path, 'utf8')];
    }),
  );
}

const typedoc = join(createRequire(import.meta.url).resolve('typedoc/package.json'), '..', 'bin', 'typedoc');
const docsOut = update ? DOCS : join(ROOT, 'temp', 'docs-api');
rmSync(docsOut, { recursive: true, force: true });
execFileSync(process.execPath, [typedoc, '--out', docsOut], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
if (update) console.log(`regenerated ${relative(ROOT, DOCS)}/`);
else {
  const [fresh, committed] = [readTree(docsOut), readTree(DOCS)];
  const stale = [...new Set([...fresh.keys(), ...committed.keys()])].filter((file) => fresh.get(file) !== committed.get(file));
  if (stale.length > 0) problems.push(`docs/api/ is stale (${stale.join(', ')}): run \`pnpm api:update\``);
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  if (!update)
    console.error('The public API changed: if that is deliberate, run `pnpm api:update` and commit the reports with the change.');
  process.exitCode = 1;
} else if (!update) console.log('API reports and docs/api/ are up to date');
