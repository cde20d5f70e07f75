/**
 * Test helper process for local-lease.test.ts. For each lock file given, in order: waits until the
 * wall-clock instant `startAt + index * spacingMs` (so every child races on that file at once),
 * tries to acquire it as `id`, and prints one JSON line per file:
 * `{"path":…,"won":true}` or `{"path":…,"won":false,"error":"LockHeldError","holder":…}`. Then it
 * stays alive until its stdin closes: a winner that exited would hold a dead holder's lease, which
 * the next racer may take over at once (local-lease.ts), and the race would have several winners.
 * Usage: node --import tsx --conditions=source takeover-child.ts ID STARTAT SPACINGMS PATH...
 */
import { LockHeldError } from '@cfalias/core';
import { createLocalLeaseLock } from './local-lease.js';

const [id, startAt, spacingMs, ...paths] = process.argv.slice(2) as [string, string, string, ...string[]];
for (const [index, path] of paths.entries()) {
  const lock = createLocalLeaseLock({ path, newId: () => id });
  const due = Number(startAt) + index * Number(spacingMs);
  while (Date.now() < due) await new Promise((resolve) => setTimeout(resolve, 1));
  try {
    await lock.acquire({ holder: `child ${id}`, ttlSeconds: 600 });
    process.stdout.write(`${JSON.stringify({ path, won: true })}\n`);
  } catch (error) {
    const holder = error instanceof LockHeldError ? error.current.id : null;
    process.stdout.write(
      `${JSON.stringify({ path, won: false, error: (error as Error).name, message: (error as Error).message, holder })}\n`,
    );
  }
}
// Alive until the parent has every child's answers.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
