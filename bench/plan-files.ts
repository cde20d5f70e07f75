/**
 * The files a user plans from, for the planning-at-scale worlds (scenarios.ts `scaleWorld` /
 * `scaleDesired`): the sandbox world document as JSON and the desired state as `cfalias.yaml`, the
 * way a user writes it (one `alias: distribution-id` line per alias).
 *
 * Run directly to write them: `node --conditions=source --import tsx bench/plan-files.ts <distributions> <dir>`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACCOUNT, SCALE_ALIASES_PER_DISTRIBUTION, scaleDesired, scaleWorld } from './scenarios.js';

export interface PlanFiles {
  readonly world: string;
  readonly desired: string;
  readonly aliases: number;
  /** Sizes of the two files. */
  readonly bytes: { readonly world: number; readonly desired: number };
}

/** `cfalias.yaml` text for the scale world of `distributions` distributions. */
export function scaleDesiredYaml(distributions: number): string {
  const desired = scaleDesired(distributions);
  const lines = [
    'version: 1',
    `account: "${ACCOUNT}"`,
    'safety:',
    // A benchmark moves everything it manages on purpose.
    `  maxChangePercent: ${desired.safety.maxChangePercent}`,
    'aliases:',
  ];
  for (const a of desired.aliases) lines.push(`  ${a.alias}: ${a.target}`);
  return `${lines.join('\n')}\n`;
}

/** Writes `world.json` and `cfalias.yaml` into `dir`. */
export function writePlanFiles(dir: string, distributions: number): PlanFiles {
  mkdirSync(dir, { recursive: true });
  const world = join(dir, 'world.json');
  const desired = join(dir, 'cfalias.yaml');
  const worldText = JSON.stringify(scaleWorld(distributions));
  writeFileSync(world, worldText);
  const yaml = scaleDesiredYaml(distributions);
  writeFileSync(desired, yaml);
  return {
    world,
    desired,
    aliases: distributions * SCALE_ALIASES_PER_DISTRIBUTION,
    bytes: { world: Buffer.byteLength(worldText), desired: Buffer.byteLength(yaml) },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const distributions = Number(process.argv[2]);
  const dir = process.argv[3];
  if (!Number.isInteger(distributions) || distributions < 2 || dir === undefined) {
    throw new Error('usage: plan-files.ts <distributions (even)> <dir>');
  }
  const files = writePlanFiles(dir, distributions);
  process.stdout.write(`${files.aliases} aliases: ${files.world}, ${files.desired}\n`);
}
