/**
 * Packs the three publishable packages with `pnpm pack`, as a release would publish them: each
 * package's `prepack` builds it, `workspace:*` becomes the exact version, and `publishConfig`
 * replaces `exports` (no `source` condition in a published manifest).
 *
 *   node scripts/pack-packages.mjs [destination]      # default: ./packs
 *
 * pnpm is the one running this script (`npm_execpath`), or the `pnpm` on PATH, or the pinned
 * version through npx: CI has only Node.js and npm.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** In dependency order: core, then providers, then cli. */
export const PUBLISHED_PACKAGES = ['core', 'providers', 'cli'];
const PNPM_VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).packageManager.replace(/^pnpm@/, '');

/** The command that runs pnpm: [file, ...leading arguments]. */
export function pnpmCommand() {
  const execPath = process.env['npm_execpath'];
  if (execPath !== undefined && /pnpm/.test(execPath) && existsSync(execPath)) return [process.execPath, execPath];
  try {
    execFileSync('pnpm', ['--version'], { stdio: 'ignore' });
    return ['pnpm'];
  } catch {
    return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
  }
}

/**
 * Packs every published package into `destination` and returns, per package, its directory, its
 * manifest (as in the workspace) and the tarball's path.
 */
export function packPackages(destination) {
  mkdirSync(destination, { recursive: true });
  const [command, ...leading] = pnpmCommand();
  return PUBLISHED_PACKAGES.map((name) => {
    const dir = join(ROOT, 'packages', name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    execFileSync(command, [...leading, 'pack', '--pack-destination', destination], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    const tarball = join(destination, `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`);
    if (!existsSync(tarball)) throw new Error(`pnpm pack did not write ${tarball}`);
    return { name: manifest.name, dir, manifest, tarball };
  });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const destination = resolve(process.argv[2] ?? join(ROOT, 'packs'));
  for (const { tarball } of packPackages(destination)) console.log(tarball);
}
