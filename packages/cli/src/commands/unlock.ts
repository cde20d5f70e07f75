/**
 * `cfalias unlock ID`: force-release the apply lock's lease ID (docs/locking.md), for a holder
 * that crashed or hung. Refuses when the current lease has another id (LockHeldError, exit 5,
 * naming the holder), so it cannot free a lease taken over after the id was read.
 *
 * A holder that is still running on this host (same host name, its pid alive) is most likely an
 * apply at work, not a crashed one: releasing its lease lets a second writer in beside it. As
 * `terraform force-unlock` does, that needs a typed `yes` on a terminal, or `--force`; off a
 * terminal without `--force` it is refused.
 */
import { hostname } from 'node:os';
import { LeaseLostError, LockHeldError, type LeaseInfo } from '@cfalias/core';
import { isProcessAlive } from '@cfalias/providers';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { askLine } from '../io/prompt.js';
import type { CommandOutcome } from '../outcome.js';
import { openLock, readGuardSettings } from './apply-lock.js';

export interface UnlockCommandOptions {
  /** Release a lease whose holder still runs on this host without asking. */
  readonly force?: boolean;
}

export const UNLOCK_QUESTION = "Do you really want to release it? Only 'yes' will be accepted: ";

export async function runUnlock(ctx: CommandContext, id: string, options: UnlockCommandOptions = {}): Promise<CommandOutcome> {
  const { io } = ctx;
  const guard = await readGuardSettings(ctx);
  if (guard === undefined) return 'invalid-input';
  const configured = openLock(ctx, guard.lock);
  try {
    const current = await configured.lock.inspect();
    if (current === null) {
      io.stdout.write(`The lock at ${configured.location} is free: nothing to unlock.\n`);
      return 'ok';
    }
    const refuse = (holder: typeof current): LockHeldError =>
      new LockHeldError(
        holder,
        `refusing to unlock ${id}: the lock at ${configured.location} is held by lease ${holder.id} (${holder.holder} on ${holder.host}, pid ${holder.pid}, since ${holder.created}, until ${holder.expiry} unless renewed)`,
      );
    if (current.id !== id) throw refuse(current);
    if (!options.force && runsOnThisHost(current) && !(await confirmed(ctx, current))) {
      io.stdout.write(`\nUnlock cancelled: lease ${id} is still held.\n`);
      return 'cancelled';
    }
    try {
      await configured.lock.forceRelease(id);
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      if (error.current !== null) throw refuse(error.current);
      io.stdout.write(`The lock at ${configured.location} is free: nothing to unlock.\n`);
      return 'ok';
    }
    io.stdout.write(
      `Released lease ${id} at ${configured.location}, held by ${current.holder} on ${current.host} (pid ${current.pid}) since ${current.created}.\n`,
    );
    return 'ok';
  } finally {
    configured.close();
  }
}

/** The lease's holder is a running process of this host (a pid elsewhere says nothing here). */
function runsOnThisHost(lease: LeaseInfo): boolean {
  return lease.host === hostname() && isProcessAlive(lease.pid);
}

/** Asks on a terminal whether to release a running holder's lease; off a terminal, UsageError. */
async function confirmed(ctx: CommandContext, lease: LeaseInfo): Promise<boolean> {
  const running = `${lease.holder} (pid ${lease.pid} on this host, since ${lease.created}) is still running`;
  if (!ctx.io.isTTY) {
    throw new UsageError(
      `refusing to unlock ${lease.id}: its holder ${running}. Stop it (it releases the lock as it ends), ` +
        'or pass --force to release the lease anyway',
    );
  }
  ctx.io.stdout.write(
    `Lease ${lease.id} is held by ${running}.\n` +
      'Releasing it lets another apply start while that one may still be changing the account.\n',
  );
  return (await askLine(ctx.io, UNLOCK_QUESTION)) === 'yes';
}
