/**
 * What `cfalias --version` reports: the CLI's own version (its package.json), the engine's
 * (`@cfalias/core`, which may be a different release when the CLI is installed beside an embedder's
 * core) and the plan format this engine reads and writes.
 */
import { createRequire } from 'node:module';
import { ENGINE_VERSION, PLAN_FORMAT_VERSION } from '@cfalias/core';

/** The CLI package's version; `../package.json` resolves from both `src/` and `dist/`. */
export const CLI_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** Three lines, without the final newline (commander's `--version` adds it). */
export function versionText(): string {
  return `cfalias ${CLI_VERSION}\nengine (@cfalias/core) ${ENGINE_VERSION}\nplan format ${PLAN_FORMAT_VERSION}`;
}
