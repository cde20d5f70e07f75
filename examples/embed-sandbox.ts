/**
 * Embedding cfalias: plan and apply the demo cutover (fixtures/demo) on the in-process sandbox,
 * following progress as an async iterable, and print a summary. Exits 0 when the cutover
 * succeeded and a fresh plan has nothing left to do; 1 otherwise.
 *
 *   node --conditions=source --import tsx examples/embed-sandbox.ts
 *
 * Nothing is written: the world lives in memory, on a simulated clock (a 5-minute deployment
 * costs no real 5 minutes).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  applyWithEvents,
  CfaliasError,
  hasErrors,
  inventoryScope,
  parseDesiredState,
  planCutover,
  planHasChanges,
  type Plan,
} from '@cfalias/core';
import { createSandboxProvider, parseWorldDocument, SandboxWorld } from '@cfalias/providers';

const DEMO = new URL('../fixtures/demo/', import.meta.url);

async function main(): Promise<number> {
  // 1. The desired state: every problem at once, with file:line:col.
  const desiredFile = fileURLToPath(new URL('cfalias.yaml', DEMO));
  const { state: desired, diagnostics } = parseDesiredState(await readFile(desiredFile, 'utf8'), 'fixtures/demo/cfalias.yaml');
  if (desired === undefined || hasErrors(diagnostics)) {
    for (const d of diagnostics) console.error(`${d.severity} ${d.code}: ${d.message}`);
    return 1;
  }

  // 2. A provider and a clock. Any CutoverProvider works (createAwsProvider for real accounts);
  //    the sandbox brings its own simulated clock.
  const worldFile = fileURLToPath(new URL('world.json', DEMO));
  const world = SandboxWorld.fromDocument(parseWorldDocument(await readFile(worldFile, 'utf8'), 'fixtures/demo/world.json'));
  const provider = createSandboxProvider(world);
  const clock = world.clock;

  // 3. Read the inventory, plan (pure and synchronous), review.
  const inventory = await provider.readInventory(inventoryScope(desired));
  const plan: Plan = planCutover(desired, inventory, { now: new Date(clock.now()) });
  const { attach, move, detach } = plan.summary;
  console.log(
    `plan ${plan.digest.slice(0, 19)}…: ${attach} to attach, ${move} to move, ${detach} to detach; ${plan.steps.length} steps, ~${plan.estimate.seconds}s`,
  );
  if (hasErrors(plan.diagnostics)) {
    for (const d of plan.diagnostics) console.error(`${d.severity} ${d.code} ${d.alias ?? ''}: ${d.message}; fix: ${d.remediation ?? '-'}`);
    return 1;
  }

  // 4. Apply exactly that plan, following its events; an AbortSignal stops it at a step boundary.
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const run = applyWithEvents(plan, { provider, clock, signal: controller.signal });
  for await (const event of run.events) {
    if (event.type === 'step-done') console.log(`  done ${event.step.id} (${event.durationMs / 1000}s)`);
    if (event.type === 'step-retry') console.log(`  retry ${event.step.id}: ${event.error.name}`);
    if (event.type === 'step-failed') console.log(`  FAILED ${event.step.id}: ${event.error.message}`);
  }
  const result = await run.result;
  const seconds = (result.finishedAt - result.startedAt) / 1000;
  console.log(
    `apply ${result.status}: ${result.completed.length} steps done, ${result.skipped.length} skipped, ${result.failed.length} failed in ${seconds}s (simulated)`,
  );
  if (result.status !== 'succeeded') return 1;

  // 5. A fresh plan against the changed world has nothing left to do.
  const after = planCutover(desired, await provider.readInventory(inventoryScope(desired)), { now: new Date(clock.now()) });
  console.log(planHasChanges(after) ? 'a fresh plan still has changes' : 'a fresh plan has no changes');
  return planHasChanges(after) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Typed errors: every engine and provider error is a CfaliasError with a name and context fields.
    console.error(error instanceof CfaliasError ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  },
);
