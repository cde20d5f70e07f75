/**
 * Errors raised by the CLI itself (inputs it reads, choices it refuses). Engine and provider
 * errors come from their packages; `main.ts` alone maps all of them to exit codes.
 */
import { CfaliasError, type ErrorOptions } from '@cfalias/core';

/** A file named on the command line could not be read. */
export class InputFileError extends CfaliasError {
  override readonly name = 'InputFileError';
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot read ${file}: ${reason}`, options);
  }
}

/** The provider cannot be set up as asked (e.g. the sandbox port is in use). */
export class ProviderUnavailableError extends CfaliasError {
  override readonly name = 'ProviderUnavailableError';
}

/** The command needs an answer it cannot ask for (no terminal), or a flag combination it refuses. */
export class UsageError extends CfaliasError {
  override readonly name = 'UsageError';
}
