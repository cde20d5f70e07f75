/** The approval prompt: one line read from the injected stdin. */
import { createInterface } from 'node:readline';
import type { CliIo } from './cli-io.js';

/**
 * Writes `question` to stdout and resolves with the first line typed (trimmed), or '' when
 * input ends first. The reader is closed afterwards so the process can exit.
 */
export function askLine(io: CliIo, question: string): Promise<string> {
  io.stdout.write(question);
  return new Promise((resolve) => {
    const reader = createInterface({ input: io.stdin, terminal: false });
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
