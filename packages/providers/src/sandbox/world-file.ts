/**
 * Reading and writing world files. Parsing reports a JSON syntax error with its line:col, and a
 * document that parses but does not validate with every bad field by JSON pointer (WorldFileError).
 * Saving is atomic: a temp file in the same directory, fsync, rename.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { jsonSyntaxProblem, type Clock } from '@cfalias/core';
import { WorldFileError } from '../errors.js';
import type { WorldDocument } from './world-document.js';
import { SandboxWorld } from './world-model.js';
import { validateWorldDocument } from './world-schema.js';

/** Parses and validates world-file text. `file` names it in errors. */
export function parseWorldDocument(text: string, file: string): WorldDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new WorldFileError(file, [syntaxProblem(text, error)], undefined, { cause: error });
  }
  const problems = validateWorldDocument(value);
  if (problems.length > 0) throw new WorldFileError(file, problems);
  return value as WorldDocument;
}

export async function readWorldDocument(path: string): Promise<WorldDocument> {
  return parseWorldDocument(await readFile(path, 'utf8'), path);
}

export async function loadWorldFile(path: string, options: { clock?: Clock } = {}): Promise<SandboxWorld> {
  return SandboxWorld.fromDocument(await readWorldDocument(path), { ...options, validated: true });
}

/** Writes the world (2-space JSON and a final newline) atomically: readers see the old or the new file, never half. */
export async function saveWorldFile(path: string, world: SandboxWorld | WorldDocument): Promise<void> {
  const doc = world instanceof SandboxWorld ? world.toDocument() : world;
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function syntaxProblem(text: string, error: unknown): { path: string; message: string; line: number; col: number } {
  const { line, col, reason } = jsonSyntaxProblem(text, error);
  return { path: '', message: `JSON syntax error: ${reason}`, line, col };
}
