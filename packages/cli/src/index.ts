export { main, exitCodeFor } from './main.js';
export type { CliIo, TextSink, CommandEnding, CommandOutcome } from './main.js';
