/**
 * The files of the local lease lock (local-lease.ts says why the scheme is safe): the lock file,
 * written whole (temporary file, fsync, then link or rename) with its directory fsynced after every
 * change, and the `<path>.takeover` mutex under which every change to an existing lease happens,
 * including the removal of a mutex a dead process of this host left behind.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  LeaseDocumentError,
  LeaseLostError,
  parseLeaseInfo,
  RequestRejectedError,
  serializeLeaseInfo,
  type Clock,
  type LeaseInfo,
} from '@cfalias/core';

const MUTEX_POLL_MS = 10;

/** What the `<path>.takeover` mutex holds: who holds it, and a random id that tells two holders apart. */
interface MutexHolder {
  readonly pid: number;
  readonly host: string;
  readonly id: string;
  readonly at: string;
}

/** Who changes the lock (written into the mutex), and how long to wait for a busy mutex. */
export interface LockFileOwner {
  readonly pid: number;
  readonly host: string;
  readonly clock: Clock;
  readonly mutexWaitMs: number;
}

export class LockFile {
  private readonly mutexPath: string;
  private readonly breakPath: string;

  constructor(
    readonly path: string,
    private readonly owner: LockFileOwner,
  ) {
    this.mutexPath = `${path}.takeover`;
    this.breakPath = `${this.mutexPath}.break`;
  }

  private get mutexWaitMs(): number {
    return this.owner.mutexWaitMs;
  }

  async readLease(): Promise<LeaseInfo | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      if (isErrno(error, 'EISDIR')) throw directoryError(this.path, error);
      throw error;
    }
    return parseLeaseInfo(text, this.path);
  }

  async syncDirectory(): Promise<void> {
    const handle = await open(dirname(this.path), 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Writes `text` to a new private file beside the lock file and fsyncs it. */
  async writeTemporary(text: string): Promise<string> {
    const tmp = `${this.path}.${randomUUID()}.tmp`;
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    return tmp;
  }

  /** Replaces the lock file atomically with `info` (caller holds the mutex). */
  async replaceLease(info: LeaseInfo): Promise<void> {
    const tmp = await this.writeTemporary(serializeLeaseInfo(info));
    try {
      await rename(tmp, this.path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    await this.syncDirectory();
  }

  /** Deletes the lease if its id is `id` (caller holds no mutex). */
  async deleteLease(id: string): Promise<void> {
    await this.withMutex(async () => {
      const current = await this.readLease();
      if (current?.id !== id) throw new LeaseLostError(id, current);
      await unlink(this.path);
      await this.syncDirectory();
    });
  }

  async withMutex<T>(work: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.mutexWaitMs;
    while (!(await this.createMutex())) {
      if (await this.removeAbandonedMutex()) continue;
      if (Date.now() >= deadline) {
        const breaking = existsSync(this.breakPath) ? ` (and ${this.breakPath})` : '';
        throw new RequestRejectedError(
          'lock',
          'LockMutexBusy',
          `${this.mutexPath} has existed for over ${this.mutexWaitMs} ms: a cfalias process probably died while changing the lock; remove that file${breaking} if no cfalias is running`,
        );
      }
      await delay(MUTEX_POLL_MS);
    }
    try {
      return await work();
    } finally {
      await unlink(this.mutexPath);
    }
  }

  /** Creates the mutex, whole and naming its holder; false when it exists. */
  private async createMutex(): Promise<boolean> {
    const holder: MutexHolder = {
      pid: this.owner.pid,
      host: this.owner.host,
      id: randomUUID(),
      at: new Date(this.owner.clock.now()).toISOString(),
    };
    const tmp = await this.writeTemporary(JSON.stringify(holder));
    try {
      await link(tmp, this.mutexPath);
      return true;
    } catch (error) {
      if (isErrno(error, 'EEXIST')) return false;
      throw error;
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /**
   * Removes the mutex if its holder is a process of this host that no longer runs; true when the
   * mutex is gone (removed here or meanwhile), so creating it may be tried again at once.
   */
  private async removeAbandonedMutex(): Promise<boolean> {
    const seen = await this.readMutex();
    if (seen === null) return true;
    if (!this.isAbandoned(seen.holder)) return false;
    let breaker;
    try {
      breaker = await open(this.breakPath, 'wx', 0o644);
    } catch (error) {
      if (isErrno(error, 'EEXIST')) return false; // another writer is removing it
      throw error;
    }
    try {
      await breaker.close();
      // Only the dead holder's file: the mutex may have been removed and created afresh since the read.
      const current = await this.readMutex();
      if (current?.text === seen.text) await rm(this.mutexPath, { force: true });
      return true;
    } finally {
      await rm(this.breakPath, { force: true });
    }
  }

  private async readMutex(): Promise<{ text: string; holder: MutexHolder | undefined } | null> {
    try {
      const text = await readFile(this.mutexPath, 'utf8');
      return { text, holder: parseMutexHolder(text) };
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    }
  }

  private isAbandoned(holder: MutexHolder | undefined): boolean {
    return holder?.host === this.owner.host && !isProcessAlive(holder.pid);
  }
}

/**
 * Whether `pid` names a running process of this host (signal 0: nothing is sent, only checked).
 * Only ESRCH proves it dead. Not a positive integer (0 and negatives name process groups): alive.
 */
export function isProcessAlive(pid: number): boolean {
  if (!(Number.isSafeInteger(pid) && pid > 0)) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isErrno(error, 'ESRCH');
  }
}

/** The holder a mutex names; undefined when it names none (written by hand, or half written by an older cfalias). */
function parseMutexHolder(text: string): MutexHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<MutexHolder> | null;
    if (typeof value?.host !== 'string' || !Number.isSafeInteger(value.pid)) return undefined;
    return value as MutexHolder;
  } catch {
    return undefined;
  }
}

function directoryError(path: string, cause: unknown): LeaseDocumentError {
  return new LeaseDocumentError(
    path,
    'a directory',
    `${path} is a directory, not a lock file: the lock's path must name a file that cfalias creates and deletes; ` +
      'choose another path (`lock: path:` in cfalias.yaml) or move the directory away',
    { cause },
  );
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
