/**
 * Errors of the providers package. Providers translate everything into core errors
 * (`@cfalias/core` errors.ts) at their boundary; the classes here are what the sandbox world model
 * and the world file raise before that translation.
 */
import { CfaliasError, type ErrorOptions } from '@cfalias/core';

/** One bad field of a world file, by JSON pointer (`/accounts/0/distributions/2/aliases/1`). */
export interface WorldFileProblem {
  /** JSON pointer of the offending value; '' for the whole document. */
  readonly path: string;
  readonly message: string;
  /** 1-based, for JSON syntax errors. */
  readonly line?: number;
  readonly col?: number;
}

/** A world file that does not parse or validate. Lists every problem found, not just the first. */
export class WorldFileError extends CfaliasError {
  override readonly name = 'WorldFileError';
  constructor(
    readonly file: string,
    readonly problems: readonly WorldFileProblem[],
    message = `${file}: invalid world file\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

function formatProblem(problem: WorldFileProblem): string {
  if (problem.line !== undefined) return `${problem.line}:${problem.col ?? 1}: ${problem.message}`;
  return `${problem.path || '/'}: ${problem.message}`;
}

export type SandboxService = 'cloudfront' | 'acm' | 'route53' | 'iam';

/**
 * An error answer of the emulated service, shaped like the AWS one: `code` is the AWS error code
 * (`CNAMEAlreadyExists`, `NoSuchHostedZone`, `ResourceNotFoundException`...), `httpStatus` its HTTP
 * status from the service model. The HTTP emulator serializes it; the in-process provider
 * translates it into a core error.
 */
export class SandboxServiceError extends CfaliasError {
  override readonly name = 'SandboxServiceError';
  constructor(
    readonly service: SandboxService,
    readonly operation: string,
    readonly code: string,
    readonly httpStatus: number,
    message: string,
    /** Whether a client may retry the same request as is (throttling, 5xx). */
    readonly retryable: boolean = httpStatus >= 500 || code === 'Throttling' || code === 'ThrottlingException',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** `Sender` (4xx) or `Receiver` (5xx), as the rest-xml error envelope's `<Type>`. */
  get faultType(): 'Sender' | 'Receiver' {
    return this.httpStatus >= 500 ? 'Receiver' : 'Sender';
  }
}

/**
 * A transport failure injected by the fault schedule: the HTTP emulator turns `ConnectionReset` into
 * a dropped socket and `Timeout` into an answer too slow to wait for; the in-process provider into a
 * TransientError. `effectApplied` tells whether the call took effect before the answer was lost.
 */
export class SandboxTransportFault extends CfaliasError {
  override readonly name = 'SandboxTransportFault';
  constructor(
    readonly service: SandboxService,
    readonly operation: string,
    readonly kind: 'ConnectionReset' | 'Timeout',
    readonly effectApplied: boolean,
    message = `${operation}: ${kind === 'ConnectionReset' ? 'connection reset' : 'timed out'}${effectApplied ? ' (after the change was made)' : ''}`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
