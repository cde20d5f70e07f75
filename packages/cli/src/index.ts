/**
 * @cfalias/cli: the `cfalias` command line as a function. `main(argv, io)` runs one command with
 * the given streams and environment and resolves with its exit code (it never throws);
 * `exitCodeFor` is its mapping of outcomes and errors to exit codes. Embedding the engine itself
 * goes through @cfalias/core and @cfalias/providers, not this package.
 *
 * These named exports are the package's public API, frozen by the report in `api/cli.api.md`.
 *
 * @module @cfalias/cli
 */
export { main, exitCodeFor } from './main.js';
export type { CliIo, TextSink, CommandEnding, CommandOutcome } from './main.js';
