#!/usr/bin/env node
// The demo `npm run demo` runs (after `pnpm build`): a blue/green alias cutover on the sandbox.
// Copies fixtures/demo into .cfalias-demo/ (fresh each run, gitignored), then runs the built CLI:
// `plan`, `apply --auto-approve`, and `plan --detailed-exitcode`, which must find nothing left to
// do. Output streams as it comes; the first command that misbehaves fails the demo (exit 1).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages', 'cli', 'bin', 'cfalias.js');
const source = join(root, 'fixtures', 'demo');
const workdir = join(root, '.cfalias-demo');

if (!existsSync(join(root, 'packages', 'cli', 'dist', 'main.js'))) {
  fail('the CLI is not built: run `pnpm build` (or `npm run demo`, which builds first)');
}

rmSync(workdir, { recursive: true, force: true });
mkdirSync(workdir, { recursive: true });
for (const file of ['world.json', 'cfalias.yaml']) copyFileSync(join(source, file), join(workdir, file));

const files = ['-f', rel(join(workdir, 'cfalias.yaml')), '--sandbox', rel(join(workdir, 'world.json'))];

step('1/3  Review the plan', ['plan', ...files], [0]);
step('2/3  Apply it (simulated time: deployments take no real minutes)', ['apply', '--auto-approve', ...files], [0]);
step('3/3  Plan again: nothing is left to do (exit 0 = no changes)', ['plan', '--detailed-exitcode', ...files], [0], {
  2: 'the plan still has changes after apply',
});

console.log(`\nDemo complete. The world after the cutover is in ${rel(join(workdir, 'world.json'))}.`);

/** Runs the CLI with streamed output; any exit code outside `expected` ends the demo. */
function step(title, args, expected, meanings = {}) {
  console.log(`\n=== ${title}\n$ cfalias ${args.join(' ')}\n`);
  const run = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  if (run.error) fail(`could not run the CLI: ${run.error.message}`);
  if (run.status === null) fail(`cfalias ${args[0]} was killed by ${run.signal}`);
  if (!expected.includes(run.status)) {
    const meaning = meanings[run.status] ? `: ${meanings[run.status]}` : '';
    fail(`cfalias ${args.join(' ')} exited ${run.status}, expected ${expected.join(' or ')}${meaning}`);
  }
}

function rel(path) {
  return relative(root, path);
}

function fail(message) {
  console.error(`\ndemo failed: ${message}`);
  process.exit(1);
}
