/**
 * The local lease lock: a lock file holding the JSON lease (core lock.ts `LeaseInfo`), for writers
 * on one machine (or one shared POSIX file system that honours link/rename atomicity; not NFSv2).
 *
 * Why it is safe:
 * - Acquire of a FREE lock is an exclusive create: the lease is written and fsynced to a private
 *   temporary file, then `link(tmp, path)`, which fails with EEXIST when the lock file exists. This
 *   is `open(path, 'wx')` with one difference that matters: the lock file appears atomically with
 *   its content, so a rival never reads a half-written lease.
 * - Every change to an EXISTING lease (takeover of an expired or dead holder's one, renew,
 *   release, forced release) happens under the `<path>.takeover` mutex (itself an `open(…, 'wx')`
 *   exclusive create), and re-reads the lease under it and decides on what it re-read. Two takeovers of the same expired
 *   lease X: both see X, one gets the mutex, re-reads X, replaces it (write tmp, fsync, `rename`
 *   over the lock file: atomic, the lock file never disappears) and drops the mutex; the other then
 *   gets the mutex, re-reads, finds the winner's live lease instead of X, and answers LockHeldError. A holder
 *   renewing X while X is taken over is serialised the same way, so it cannot overwrite the taker.
 *   No change to an existing lease happens outside the mutex and the exclusive create cannot
 *   succeed while the file exists, so the re-read under the mutex is what every decision rests on.
 * - Durability: the lease content is fsynced before it becomes visible, and the directory is fsynced
 *   after every link/rename/unlink, so a lease survives a machine crash once acquire returned.
 *
 * Dead holder: a lease whose `host` is this host and whose `pid` runs no process here (a SIGKILLed or
 * crashed apply) is taken over at once, like an expired one, instead of blocking every writer for
 * the rest of its ttl. Liveness is `kill(pid, 0)`: ESRCH means dead; EPERM (a process of another
 * user) and anything else mean alive, so a doubt never frees a lock. A lease of another host is
 * never judged dead (its pids say nothing here), so host names must be unique among the machines
 * sharing a lock file, and the pid namespace must be the host's (a container sharing the file
 * through a volume needs its own host name, as containers have by default). A reused pid only
 * makes a dead holder look alive: the lease then lapses at its expiry, as before.
 *
 * A process that dies INSIDE the mutex (a window of a few milliseconds) leaves `<path>.takeover`
 * behind. The mutex names its holder (pid, host, a random id; written whole, like the lease), and
 * one whose holder is a process of this host that no longer runs is removed by the next writer
 * that needs it, by the same rule as a dead holder's lease: otherwise every renewal and the
 * release of a lease taken later (the lock file itself is free) would fail, and the lock would stay
 * held after a successful apply. The removal happens under `<path>.takeover.break` (an exclusive
 * create) after re-reading the mutex: of two writers removing the same dead mutex, the second finds
 * the first one's live mutex in its place and leaves it. A mutex of a live process, of another
 * host or without a holder is never removed: changes to the lease then fail after `mutexWaitMs`
 * with a message naming the file to remove by hand.
 * Waiting for the mutex uses real time (it is another process's file-system work, not domain time).
 *
 * A lock path that is a directory is refused with a LeaseDocumentError saying so (every operation
 * reads the lock file first).
 */
import { randomUUID } from 'node:crypto';
import { link, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import {
  extendLeaseInfo,
  isLeaseExpired,
  LeaseLostError,
  LockHeldError,
  newLeaseInfo,
  RequestRejectedError,
  serializeLeaseInfo,
  systemClock,
  type Clock,
  type Lease,
  type LeaseInfo,
  type LeaseLock,
  type LeaseRequest,
} from '@cfalias/core';
import { isErrno, isProcessAlive, LockFile } from './lock-file.js';

export interface LocalLeaseLockOptions {
  /** The lock file. Its directory must exist. */
  readonly path: string;
  /** Reads lease times. Default: the system clock. */
  readonly clock?: Clock;
  /** Identity written into leases. Default: this process's pid and the host name. */
  readonly pid?: number;
  readonly host?: string;
  /** Lease ids. Default: random UUIDs. */
  readonly newId?: () => string;
  /** Real milliseconds to wait for a busy `<path>.takeover` mutex before giving up. Default 5000. */
  readonly mutexWaitMs?: number;
}

/** Default lock file name, relative to the desired file's directory (`lock: {backend: local}`). */
export const DEFAULT_LOCAL_LOCK_FILE = '.cfalias.lock';

/** Rounds of create-or-take-over before acquire gives up on a lock file that keeps changing under it. */
const ACQUIRE_ROUNDS = 8;

export function createLocalLeaseLock(options: LocalLeaseLockOptions): LeaseLock {
  const path = options.path;
  const clock = options.clock ?? systemClock;
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const newId = options.newId ?? randomUUID;
  const file = new LockFile(path, { pid, host, clock, mutexWaitMs: options.mutexWaitMs ?? 5000 });

  /** An expired lease, or one whose holder is a process of this host that no longer runs. */
  const mayTakeOver = (info: LeaseInfo): boolean => isLeaseExpired(info, clock.now()) || (info.host === host && !isProcessAlive(info.pid));

  const leaseOf = (info: LeaseInfo, ttlSeconds: number): Lease => ({ ...info, token: info.id, ttlSeconds });

  return {
    async acquire(request: LeaseRequest): Promise<Lease> {
      const info = newLeaseInfo({ id: newId(), holder: request.holder, pid, host }, clock.now(), request.ttlSeconds);
      const tmp = await file.writeTemporary(serializeLeaseInfo(info));
      try {
        for (let round = 0; round < ACQUIRE_ROUNDS; round++) {
          try {
            await link(tmp, path);
            await file.syncDirectory();
            return leaseOf(info, request.ttlSeconds);
          } catch (error) {
            if (!isErrno(error, 'EEXIST')) throw error;
          }
          const seen = await file.readLease();
          if (seen === null) continue; // released between our link and our read
          if (!mayTakeOver(seen)) throw new LockHeldError(seen);
          const taken = await file.withMutex(async () => {
            // Decided again on the lease as it is now: it may have been taken over by a rival (its
            // live lease is the answer) or renewed by its holder since our read.
            const current = await file.readLease();
            if (current === null) return false; // released meanwhile: create it afresh
            if (!mayTakeOver(current)) throw new LockHeldError(current);
            await rename(tmp, path);
            await file.syncDirectory();
            return true;
          });
          if (taken) return leaseOf(info, request.ttlSeconds);
        }
        throw new RequestRejectedError('lock', 'LockContended', `${path} kept changing during ${ACQUIRE_ROUNDS} attempts to acquire it`);
      } finally {
        await rm(tmp, { force: true });
      }
    },

    async renew(lease: Lease): Promise<Lease> {
      return file.withMutex(async () => {
        const current = await file.readLease();
        if (current?.id !== lease.id) throw new LeaseLostError(lease.id, current);
        const renewed = extendLeaseInfo(current, clock.now(), lease.ttlSeconds);
        await file.replaceLease(renewed);
        return leaseOf(renewed, lease.ttlSeconds);
      });
    },

    release: (lease: Lease) => file.deleteLease(lease.id),
    inspect: () => file.readLease(),
    forceRelease: (id: string) => file.deleteLease(id),
  };
}
