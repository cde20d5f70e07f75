/**
 * `npm run check`: everything CI verifies, from a clean clone with only Node.js and npm. Each step
 * prints its duration; a failed step does not stop the later ones (one run shows every problem),
 * and the test suite runs last so its closing line (`N passed, N failed, N skipped`) ends the
 * output. Exits non-zero when any step failed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PNPM = ['npx', '--yes', JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).packageManager];

/** [name, command...]: a failed `install` or `build` stops the run (nothing after could pass). */
const STEPS = [
  ['install', ...PNPM, 'install', '--frozen-lockfile'],
  ['build', ...PNPM, 'run', 'build'],
  ['format', ...PNPM, 'run', 'format:check'],
  ['lint', ...PNPM, 'run', 'lint'],
  ['api', ...PNPM, 'run', 'api:check'],
  ['test', ...PNPM, 'test'],
];
const REQUIRED = new Set(['install', 'build']);

const failed = [];
for (const [name, command, ...args] of STEPS) {
  const started = performance.now();
  console.log(`\n=== ${name}: ${[command, ...args].join(' ')}`);
  const { status } = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (status !== 0) failed.push(name);
  if (name !== 'test') console.log(`=== ${name}: ${status === 0 ? 'ok' : 'FAILED'} in ${seconds}s`);
  if (status !== 0 && REQUIRED.has(name)) break;
}
if (failed.length > 0) {
  console.error(`\ncheck failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
