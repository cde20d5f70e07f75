/**
 * Snapshot tests of what people and machines read, for every fixtures/scenarios/<name>: the plan
 * for a terminal (no colour), the plan as a pull-request comment (Markdown), the apply event
 * stream (JSON lines, schema v1) and the inventory view. Snapshots live in __snapshots__/ as plain
 * files, reviewed by eye when written: `UPDATE_SNAPSHOTS=1` rewrites them (a missing one is
 * written on first run). createdAt and digests are normalised so the files only change when
 * the output does.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyPlan,
  DEFAULT_DEPLOY_SECONDS,
  DEFAULT_DNS_SYNC_SECONDS,
  hasErrors,
  inventoryScope,
  parseDesiredState,
  planCutover,
  type DesiredState,
} from '@cfalias/core';
import { createSandboxProvider, parseWorldDocument, SandboxWorld } from '@cfalias/providers';
import { createJsonApplyReporter, toJsonPlanEvent, toJsonSummaryEvent } from './apply-json.js';
import { createPalette } from './format.js';
import { desiredLabeler, inventoryRows, renderInventoryTable } from './inventory.js';
import { renderPlanMarkdown } from './markdown.js';
import { renderPlan } from './plan-human.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SNAPSHOTS = join(HERE, '__snapshots__');
const SCENARIOS = join(HERE, '..', '..', '..', '..', 'fixtures', 'scenarios');
const UPDATE = (process.env['UPDATE_SNAPSHOTS'] ?? '') !== '';
const plain = createPalette({ flag: false, env: {}, isTTY: false });

/** createdAt, the engine version and every sha256 digest replaced by placeholders: they depend on nothing reviewed here. */
function normalise(text: string): string {
  return (
    text
      .replace(/sha256:[0-9a-f]{64}/g, 'sha256:<digest>')
      .replace(/(made |"createdAt":\s*"|· made )\d{4}-\d\d-\d\dT[\d:.]+Z/g, '$1<createdAt>')
      // The engine version changes with each release; the snapshots hold what does not.
      .replace(/"engineVersion":"[^"]*"/g, '"engineVersion":"<version>"')
  );
}

function matchSnapshot(name: string, actual: string): void {
  const file = join(SNAPSHOTS, name);
  const text = normalise(actual);
  if (UPDATE || !existsSync(file)) {
    mkdirSync(SNAPSHOTS, { recursive: true });
    writeFileSync(file, text, 'utf8');
    return;
  }
  expect(text, `${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites it; review the diff)`).to.equal(readFileSync(file, 'utf8'));
}

function load(dir: string): { desired: DesiredState; world: SandboxWorld } {
  const parsed = parseDesiredState(readFileSync(join(dir, 'cfalias.yaml'), 'utf8'), 'cfalias.yaml');
  if (!parsed.state) throw new Error(`${dir}/cfalias.yaml does not parse`);
  const world = SandboxWorld.fromDocument(parseWorldDocument(readFileSync(join(dir, 'world.json'), 'utf8'), 'world.json'));
  return { desired: parsed.state, world };
}

describe('output snapshots of the fixture scenarios', () => {
  const names = readdirSync(SCENARIOS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

  it('finds the scenarios', () => {
    expect(names.length).to.be.greaterThan(0);
  });

  for (const name of names) {
    it(`${name}: plan (human, Markdown), inventory and apply events (JSON lines)`, async () => {
      const { desired, world } = load(join(SCENARIOS, name));
      const provider = createSandboxProvider(world);
      const inventory = await provider.readInventory(inventoryScope(desired));
      const plan = planCutover(desired, inventory, { now: new Date(world.clock.now()) });
      const timing = inventory.timing ?? { deploySeconds: DEFAULT_DEPLOY_SECONDS, dnsSyncSeconds: DEFAULT_DNS_SYNC_SECONDS };

      matchSnapshot(`${name}.plan.txt`, renderPlan(plan, { colors: plain, desiredName: 'cfalias.yaml', timing }));
      matchSnapshot(
        `${name}.plan.md`,
        renderPlanMarkdown(plan, { desiredName: 'cfalias.yaml', timing, applyCommand: 'cfalias apply plan.json' }),
      );
      matchSnapshot(
        `${name}.inventory.txt`,
        renderInventoryTable(inventoryRows(desired, inventory), plain, { label: desiredLabeler(desired) }),
      );

      let events = '';
      const out = { write: (text: string) => void (events += text) };
      if (hasErrors(plan.diagnostics)) {
        const now = world.clock.now();
        out.write(`${JSON.stringify(toJsonPlanEvent(plan, now))}\n`);
        out.write(`${JSON.stringify(toJsonSummaryEvent(plan, { status: 'blocked', simulated: true, conflicts: 0 }, now))}\n`);
      } else {
        // Jitter pinned to 0: retry delays and durations are exact simulated figures.
        const result = await applyPlan(plan, {
          provider,
          clock: world.clock,
          random: () => 0,
          onEvent: createJsonApplyReporter(plan, out, { simulated: true }),
        });
        expect(result.status, `${name} applies`).to.equal('succeeded');
      }
      const lines = events
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { v: number; type: string });
      expect(lines.every((l) => l.v === 1)).to.equal(true);
      expect(lines[0]!.type).to.equal('plan');
      expect(lines[lines.length - 1]!.type).to.equal('summary');
      matchSnapshot(`${name}.apply.jsonl`, events);
    });
  }
});
