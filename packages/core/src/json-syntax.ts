/**
 * Where a JSON.parse error is, for messages with a location. Node 20 says only `... in JSON at
 * position N` (newer engines add `(line L column C)`; either is read), and "Unexpected end of JSON
 * input" without a position means the end of the text. Columns count UTF-16 code units, as the
 * position does; line and column are 1-based.
 */
export interface JsonSyntaxProblem {
  readonly line: number;
  readonly col: number;
  /** The parser's reason without its position. */
  readonly reason: string;
}

export function jsonSyntaxProblem(text: string, error: unknown): JsonSyntaxProblem {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ (?:in JSON )?at position \d+/, '');
  const explicit = /\(line (\d+) column (\d+)\)/.exec(message);
  if (explicit) return { line: Number(explicit[1]), col: Number(explicit[2]), reason };
  const position = / at position (\d+)/.exec(message);
  const offset = Math.min(position ? Number(position[1]) : text.length, text.length);
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, col: lines[lines.length - 1]!.length + 1, reason };
}
