/**
 * The process surface the CLI touches, injectable so tests drive `main` in-process: output
 * streams, input for the approval prompt, terminal detection, environment and working directory.
 */

/** Anything with `write(string)`: process.stdout, or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
}

export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Where the approval answer is read from (one line). */
  readonly stdin: NodeJS.ReadableStream;
  /** stdin is a terminal: the approval prompt may be shown. */
  readonly isTTY: boolean;
  /** stdout is a terminal (colour decision); defaults to `isTTY`. */
  readonly stdoutIsTTY?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative paths on the command line resolve against this directory. */
  readonly cwd: string;
  /**
   * Subscribes to the user's interrupts (SIGINT, SIGTERM) for the duration of an apply: the
   * handler runs on every one until unsubscribed; returns the unsubscribe function. Absent:
   * interrupts are not intercepted.
   */
  readonly onInterrupt?: (handler: (signal: string) => void) => () => void;
}

/** The real process. SIGINT and SIGTERM are intercepted only while an apply subscribes to them. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    onInterrupt: (handler) => {
      const listener = (signal: NodeJS.Signals): void => handler(signal);
      process.on('SIGINT', listener);
      process.on('SIGTERM', listener);
      return () => {
        process.removeListener('SIGINT', listener);
        process.removeListener('SIGTERM', listener);
      };
    },
  };
}
