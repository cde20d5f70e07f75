/** The approval prompt: one line read from the injected stdin. */
import { createInterface } from 'node:readline';
import type { CliIo } from './cli-io.js';

/**
 * Writes `question` to stdout and resolves with the first line typed (trimmed), or '' when
 * input ends first or `signal` aborts (an interrupt at the prompt). The reader is closed
 * afterwards so the process can exit.
 */
export function askLine(io: CliIo, question: string, signal?: AbortSignal): Promise<string> {
  io.stdout.write(question);
  return new Promise((resolve) => {
    const reader = createInterface({ input: io.stdin, terminal: false });
    if (signal?.aborted) reader.close();
    signal?.addEventListener('abort', () => reader.close(), { once: true });
    let answered = false;
    reader.once('line', (line) => {
      answered = true;
      reader.close();
      resolve(line.trim());
    });
    reader.once('close', () => {
      if (!answered) resolve('');
    });
  });
}
