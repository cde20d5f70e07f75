/**
 * Malformed inputs for the fault suite, generated from valid ones (seeded, so a failure names a
 * reproducible case): desired files by line-level grammar corruptions and by byte edits; plan and
 * world files by JSON-tree edits (delete a member, retype a value, add an unknown member) and by
 * byte edits; journals by line edits (drop, duplicate, swap, corrupt one entry). A mutant may still
 * be valid (a byte edit that turns `www` into `ww`): the test refuses to count those as malformed.
 */

/** mulberry32: a small seeded PRNG, good enough to pick edits. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

const BAD_HOSTNAMES = [
  'WWW.example.com',
  'a..b.example.com',
  '-a.example.com',
  '*.*.example.com',
  'a*.example.com',
  'ex ample.com',
  '""',
  'a.example.com.',
  '"*"',
  `${'x'.repeat(64)}.example.com`,
  'é.example.com',
  '"12345"',
  'a_b.example.com',
  'www.*.example.com',
  'localhost',
];
const BAD_TARGETS = ['nosuchname', '42', '[green]', '{distribution: green, weight: 3}', 'E', '""', 'true', 'E1blue', '{strategy: move}'];
const BAD_STRATEGIES = ['teleport', '42', 'MOVE', '[move]', 'null'];
const BAD_TOP = [
  'version: 2',
  'version: "1"',
  'version: null',
  'account: "12345"',
  'account: 111111111111111',
  'bogus: true',
  'distributions: [blue, green]',
  'defaults: {strategy: sideways}',
  'defaults: {dns: bind9}',
  'window: {start: "2026-12-01T04:00:00Z", end: "2026-12-01T02:00:00Z"}',
  'window: {start: "tomorrow", end: "2026-12-01T02:00:00Z"}',
  'window: {start: "2026-12-01T02:00:00+02:00", end: "2026-12-01T04:00:00Z"}',
  'safety: {maxChangePercent: 140}',
  'safety: {maxChangePercent: "lots"}',
  'aliases: []',
  'lock: {backend: ftp}',
];

/**
 * A desired file with 1–3 grammar corruptions: a bad alias key, a bad target or strategy, a bad
 * or unknown top-level member (replacing its original), a duplicated alias, a tab, an unterminated
 * quote. Input: a valid file whose aliases are `  name: target` lines under `aliases:`.
 */
export function corruptDesired(valid: string, random: Random): string {
  let lines = valid.split('\n');
  const edits = 1 + Math.floor(random() * 3);
  for (let n = 0; n < edits; n++) {
    const aliasLines = lines.flatMap((line, i) => (/^ {2}["a-z*.-]+: [^ ]/.test(line) && i > lines.indexOf('aliases:') ? [i] : []));
    const i = aliasLines.length > 0 ? pick(random, aliasLines) : -1;
    switch (Math.floor(random() * 7)) {
      case 0:
        if (i >= 0) lines[i] = lines[i]!.replace(/^ {2}[^:]+:/, `  ${pick(random, BAD_HOSTNAMES)}:`);
        break;
      case 1:
        if (i >= 0) lines[i] = lines[i]!.replace(/: .*$/, `: ${pick(random, BAD_TARGETS)}`);
        break;
      case 2:
        if (i >= 0) lines.splice(i + 1, 0, lines[i]!);
        break;
      case 3: {
        // Replace a top-level member (and its indented body) with a bad one, or add it.
        const top = pick(random, BAD_TOP);
        const key = top.slice(0, top.indexOf(':'));
        const at = lines.findIndex((line) => line.startsWith(`${key}:`));
        if (at < 0) {
          lines.splice(1, 0, top);
          break;
        }
        let end = at + 1;
        while (end < lines.length && /^(\s|#|$)/.test(lines[end]!)) end++;
        lines = [...lines.slice(0, at), top, ...lines.slice(end)];
        break;
      }
      case 4:
        if (i >= 0)
          lines[i] = `  ${lines[i]!.trim().split(':')[0]}:\n    distribution: green\n    strategy: ${pick(random, BAD_STRATEGIES)}`;
        break;
      case 5:
        if (i >= 0) lines[i] = `\t${lines[i]!.trim()}`;
        break;
      default:
        if (i >= 0) lines[i] = lines[i]!.replace(/: /, ': "');
        break;
    }
  }
  return lines.join('\n');
}

/** 1–3 byte edits: delete, insert or replace a character, cut the text short, swap two lines. */
export function corruptBytes(valid: string, random: Random, alphabet = '{}[]:,"\'-#&*!|> \n\tx0.'): string {
  let text = valid;
  const edits = 1 + Math.floor(random() * 3);
  for (let n = 0; n < edits; n++) {
    const at = Math.floor(random() * Math.max(1, text.length));
    switch (Math.floor(random() * 5)) {
      case 0:
        text = text.slice(0, at) + text.slice(at + 1);
        break;
      case 1:
        text = text.slice(0, at) + pick(random, [...alphabet]) + text.slice(at);
        break;
      case 2:
        text = text.slice(0, at) + pick(random, [...alphabet]) + text.slice(at + 1);
        break;
      case 3:
        text = text.slice(0, at);
        break;
      default: {
        const lines = text.split('\n');
        const a = Math.floor(random() * lines.length);
        const b = Math.floor(random() * lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        text = lines.join('\n');
      }
    }
  }
  return text;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const JUNK: readonly Json[] = [null, 42, -1, 1.5, 'x', '', 'WWW.EXAMPLE.COM', [], {}, true, [1, 2], { unexpected: 'member' }];

/** Every path in a JSON tree (the root excluded), as key lists. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])]);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  }
  return [];
}

/** 1–2 tree edits at random paths: delete the member, replace it with junk, or add an unknown member beside it. */
export function corruptJson(valid: string, random: Random): string {
  const root = JSON.parse(valid) as Json;
  const edits = 1 + Math.floor(random() * 2);
  for (let n = 0; n < edits; n++) {
    const all = paths(root);
    const path = pick(random, all);
    const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string | number, Json>)[key]!, root) as
      Record<string | number, Json> | Json[];
    const key = path[path.length - 1]!;
    switch (Math.floor(random() * 3)) {
      case 0:
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key];
        break;
      case 1:
        (parent as Record<string | number, Json>)[key] = structuredClone(pick(random, JUNK));
        break;
      default:
        if (Array.isArray(parent)) parent.push(structuredClone(pick(random, JUNK)));
        else parent[`unexpected${n}`] = structuredClone(pick(random, JUNK));
    }
  }
  return `${JSON.stringify(root, null, 2)}\n`;
}

/** One journal edit: drop, duplicate or swap lines, corrupt one entry's JSON tree or its text, an empty line, another run id. */
export function corruptJournal(valid: string, random: Random): string {
  const lines = valid.split('\n');
  lines.pop();
  const i = Math.floor(random() * lines.length);
  const j = Math.floor(random() * lines.length);
  switch (Math.floor(random() * 7)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, lines[i]!);
      break;
    case 2:
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      break;
    case 3:
      lines[i] = corruptJson(lines[i]!, random).trim().replace(/\n\s*/g, '');
      break;
    case 4:
      lines[i] = corruptBytes(lines[i]!, random, '{}[]:,"x0 ');
      break;
    case 5:
      lines.splice(i, 0, '');
      break;
    default:
      lines[i] = lines[i]!.replace(/"runId":"[^"]+"/, '"runId":"20261201T020000Z-deadbeef"');
  }
  return `${lines.join('\n')}\n`;
}
