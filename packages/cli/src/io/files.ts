/** File I/O of the CLI: reading inputs with a clear error, and atomic writes of outputs. */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputFileError } from '../errors.js';

/** Reads a UTF-8 text file; any failure becomes an InputFileError naming `displayPath`. */
export async function readTextFile(path: string, displayPath: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InputFileError(displayPath, describeFsError(error), { cause: error });
  }
}

/**
 * Writes `text` (one string, or pieces in order) so that readers see the old file or the new one,
 * never a partial one: a temp file in the same directory (same filesystem, so rename is atomic),
 * fsync, then rename over.
 */
export async function writeFileAtomic(path: string, text: string | Iterable<string>): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w');
  try {
    if (typeof text === 'string') await handle.writeFile(text, 'utf8');
    else for (const piece of text) await handle.write(piece, null, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
