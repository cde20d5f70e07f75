/**
 * Test helper process for local-lease.test.ts: acquires the lock file PATH (600 s ttl, this
 * process's pid and host), prints the lease as one JSON line, then holds it without renewing until
 * it is killed. Usage: node --import tsx --conditions=source holder-child.ts PATH
 */
import { createLocalLeaseLock } from './local-lease.js';

const [path] = process.argv.slice(2) as [string];
const lease = await createLocalLeaseLock({ path }).acquire({ holder: 'child cfalias apply', ttlSeconds: 600 });
process.stdout.write(`${JSON.stringify(lease)}\n`);
// Keeps the event loop alive: the parent ends this process (SIGKILL, as a crash would).
setInterval(() => undefined, 60_000);
