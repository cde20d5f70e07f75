/**
 * `cfalias unlock ID`: force-release the apply lock's lease ID (docs/locking.md), for a holder
 * that crashed or hung. Refuses when the current lease has another id (LockHeldError, exit 5,
 * naming the holder), so it cannot free a lease taken over after the id was read.
 */
import { LeaseLostError, LockHeldError } from '@cfalias/core';
import type { CommandContext } from '../context.js';
import type { CommandOutcome } from '../outcome.js';
import { openLock, readGuardSettings } from './apply-lock.js';

export async function runUnlock(ctx: CommandContext, id: string): Promise<CommandOutcome> {
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
