/** File I/O of the CLI: reading inputs with a clear error, and atomic writes of outputs. */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
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
 * fsync, then rename over. On any failure (taking the next piece included) the temp file is
 * removed and the file at `path` is left as it was.
 */
export async function writeFileAtomic(path: string, text: string | Iterable<string>): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w');
  try {
    try {
      if (typeof text === 'string') await handle.writeFile(text, 'utf8');
      else await writePieces(handle, text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Bytes gathered per write call (pieces are encoded into one of two buffers of this size). */
const BATCH_BYTES = 1 << 20;

const utf8 = new TextEncoder();

/**
 * Writes `pieces` in order as UTF-8, in batches of BATCH_BYTES. One batch is written while the
 * next is gathered (taking a piece is where a plan is serialized, so serializing and writing
 * overlap), and never two writes at once: a FileHandle does not order concurrent writes. Two
 * buffers take turns, the one being written is never filled.
 */
async function writePieces(handle: FileHandle, pieces: Iterable<string>): Promise<void> {
  const buffers = [new Uint8Array(BATCH_BYTES), new Uint8Array(BATCH_BYTES)] as const;
  let turn = 0;
  let filled = 0;
  let writing: Promise<void> = Promise.resolve();
  const handOver = async (): Promise<void> => {
    await writing;
    writing = writeFully(handle, buffers[turn]!.subarray(0, filled));
    turn = 1 - turn;
    filled = 0;
  };
  try {
    for (const piece of pieces) {
      // encodeInto stops before a character that does not fit (never inside one): the rest goes to the next batch.
      let rest = piece;
      for (;;) {
        const { read, written } = utf8.encodeInto(rest, buffers[turn]!.subarray(filled));
        filled += written;
        if (read === rest.length) break;
        await handOver();
        rest = rest.slice(read);
      }
    }
    if (filled > 0) await handOver();
  } catch (error) {
    // The write in flight is settled before the handle is closed; the first failure is the one told.
    await writing.catch(() => undefined);
    throw error;
  }
  await writing;
}

/** Writes all of `bytes` at the current position (a write may take fewer bytes than it was given). */
async function writeFully(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, null);
    done += bytesWritten;
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
