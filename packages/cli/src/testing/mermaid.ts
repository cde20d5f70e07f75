/**
 * Test support: the real Mermaid parser under Node. Mermaid sanitises text with DOMPurify, which
 * needs a DOM window when it is first imported; a jsdom window is lent to the global scope for
 * that import only, so no other test sees a browser-like global afterwards.
 */
import type { Mermaid } from 'mermaid';

/** One task as Mermaid's gantt database holds it after parsing. */
export interface ParsedGanttTask {
  readonly id: string;
  /** The task text (Mermaid keeps a trailing space; trimmed here). */
  readonly task: string;
  readonly section: string;
  readonly startTime: Date;
  readonly endTime: Date;
  readonly crit: boolean;
  readonly milestone: boolean;
}

/** A specifier TypeScript does not resolve: jsdom has no declarations, and the cast below names what is used. */
const JSDOM_MODULE = 'jsdom';

let loaded: Promise<Mermaid> | undefined;

async function loadMermaid(): Promise<Mermaid> {
  const scope = globalThis as Record<string, unknown>;
  // jsdom ships no type declarations: only its constructor and window are used.
  const { JSDOM } = (await import(JSDOM_MODULE)) as { JSDOM: new (html: string) => { window: { document: unknown } } };
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  scope['window'] = dom.window;
  scope['document'] = dom.window.document;
  try {
    return (await import('mermaid')).default;
  } finally {
    delete scope['window'];
    delete scope['document'];
  }
}

/** The ```mermaid blocks of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/**
 * Parses a gantt chart with Mermaid: throws what Mermaid throws for a syntax error, and returns the
 * tasks as Mermaid's gantt database resolves them (dates and durations computed by Mermaid).
 */
export async function parseGantt(text: string): Promise<ParsedGanttTask[]> {
  loaded ??= loadMermaid();
  const mermaid = await loaded;
  const result = await mermaid.parse(text);
  if (result.diagramType !== 'gantt') throw new Error(`not a gantt chart: ${JSON.stringify(result)}`);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as { getTasks(): Record<string, unknown>[] };
  return db.getTasks().map((t) => ({
    id: String(t['id']),
    task: String(t['task']).trim(),
    section: String(t['section']),
    startTime: t['startTime'] as Date,
    endTime: t['endTime'] as Date,
    crit: t['crit'] === true,
    milestone: t['milestone'] === true,
  }));
}
