/**
 * The single-writer lock around `apply` and `resume` (docs/locking.md): where it lives (the
 * `lock:` section of cfalias.yaml, default a local lease file beside it), who holds it, and holding
 * it while the work runs. Leases are timed on the SYSTEM clock, also in the sandbox: they are about
 * real processes, and a simulated world clock jumps.
 */
import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { dirname, relative } from 'node:path';
import { AbortedError, holdLease, systemClock, type LockSettings, type MaintenanceWindow } from '@cfalias/core';
import { createLeaseLockFromSettings } from '@cfalias/providers';
import type { CommandContext } from '../context.js';
import type { CommandOutcome } from '../outcome.js';
import { formatDurationMs } from '../render/format.js';
import { readDesired } from './desired-input.js';
import type { Interrupts } from './interrupts.js';

/** Lease ttl: renewed every third of it while the command runs; a crashed holder's lease lapses after it. */
export const LEASE_TTL_SECONDS = 60;

/** What `apply PLANFILE`, `resume` and `unlock` read from cfalias.yaml: the lock, and the window for resume. */
export interface GuardSettings {
  /** cfalias.yaml exists (and was read). */
  readonly found: boolean;
  readonly lock?: LockSettings;
  readonly window?: MaintenanceWindow;
  /** The file's digest, as plans record it (`desiredDigest`). */
  readonly digest?: string;
}

/**
 * The lock and window settings of the desired file; undefined when it has errors (printed). A
 * missing file is not an error here (a plan file or a journal carries everything else): the default
 * local lock beside where it would be is used, and stderr says so, because writers that find the
 * file would agree on its lock only if it has none.
 */
export async function readGuardSettings(ctx: CommandContext): Promise<GuardSettings | undefined> {
  if (!existsSync(ctx.desiredPath)) {
    ctx.io.stderr.write(`note: ${ctx.desiredName} not found: using the default local lock file in ${displayDir(ctx)}\n`);
    return { found: false };
  }
  const desired = await readDesired(ctx);
  if (desired === undefined) return undefined;
  return {
    found: true,
    digest: desired.digest,
    ...(desired.lock && { lock: desired.lock }),
    ...(desired.window && { window: desired.window }),
  };
}

function displayDir(ctx: CommandContext): string {
  return relative(ctx.io.cwd, dirname(ctx.desiredPath)) || '.';
}

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers).
    return process.env['USER'] ?? 'unknown';
  }
}

/** `alice@build-7 cfalias apply`: the lease holder, as a LockHeldError shows it. */
export function lockHolder(command: string): string {
  return `${userName()}@${hostname()} cfalias ${command}`;
}

/** `alice@build-7 pid 4242`: who applied, as the journal records it. */
export function journalHolder(): string {
  return `${userName()}@${hostname()} pid ${process.pid}`;
}

/**
 * The lock backend the settings name. S3 is reached with the cutover's own identity and endpoint:
 * `--profile` and `--endpoint-url` when given (its region is the `lock:` section's).
 */
export function openLock(ctx: CommandContext, settings: LockSettings | undefined): ReturnType<typeof createLeaseLockFromSettings> {
  const { endpointUrl: endpoint, profile } = ctx.providerOptions;
  return createLeaseLockFromSettings(settings, {
    directory: dirname(ctx.desiredPath),
    clock: systemClock,
    s3: { ...(endpoint !== undefined && { endpoint }), ...(profile !== undefined && { profile }) },
  });
}

export interface LockRequest {
  readonly command: 'apply' | 'resume';
  /** `--lock-timeout`: seconds to wait for a held lock before LockHeldError (exit 5). */
  readonly timeoutSeconds: number;
}

/**
 * Runs `work` while holding the lock. A held lock → LockHeldError (exit 5) once the timeout is
 * spent. An interrupt while waiting ends with 'cancelled'. A lease lost mid-run (taken over after
 * renewals failed, or force-released) drains the apply. Releasing at the end never changes the
 * outcome: a failed release is reported, and the lease lapses after its ttl.
 */
export async function withApplyLock(
  ctx: CommandContext,
  settings: LockSettings | undefined,
  request: LockRequest,
  interrupts: Interrupts,
  work: () => Promise<CommandOutcome>,
): Promise<CommandOutcome> {
  const { io, colors } = ctx;
  const configured = openLock(ctx, settings);
  try {
    let held;
    try {
      held = await holdLease(
        configured.lock,
        { holder: lockHolder(request.command), ttlSeconds: LEASE_TTL_SECONDS },
        {
          clock: systemClock,
          timeoutSeconds: request.timeoutSeconds,
          signal: interrupts.drain,
          onLost: (error) => interrupts.drainBecause(`the apply lock was lost (${error.message})`),
          onWaiting: (current, waitMs) =>
            io.stderr.write(
              `Waiting for the lock held by ${current.holder} on ${current.host} (pid ${current.pid}); trying again in ${formatDurationMs(waitMs)}\n`,
            ),
        },
      );
    } catch (error) {
      if (error instanceof AbortedError && interrupts.drain.aborted) {
        io.stderr.write('Stopped while waiting for the lock: nothing was changed.\n');
        return 'cancelled';
      }
      throw error;
    }
    try {
      return await work();
    } finally {
      await held.stop().catch((error: unknown) => {
        io.stderr.write(
          `${colors.yellow('warning:')} could not release the lock at ${configured.location} (${(error as Error).message}); it lapses at ${held.lease.expiry}\n`,
        );
      });
    }
  } finally {
    configured.close();
  }
}
