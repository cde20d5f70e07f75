/**
 * The stale-plan matrix: a reviewed plan is applied as reviewed, or not at all. For every case of
 * support/stale-cases.ts, through the CLI as an operator runs it: `cfalias plan --out plan.json`,
 * one change to the world file, `cfalias apply plan.json --auto-approve`. A change the plan depends
 * on: exit 4, the world file byte-identical (nothing was written), and the report names every
 * difference in words (and, with `--json`, as data in the summary event). A change it does not
 * depend on: exit 0, and a re-plan finds nothing to do.
 *
 * The same table runs on both sandbox paths: in-process (`--sandbox-in-process`, the world model
 * called directly) and the AWS provider on the real SDK over the embedded HTTP emulator (plain
 * `--sandbox`). Both run on the world's simulated clock: no real waits.
 */
import { expect } from 'chai';
import type { BasisDifference } from '@cfalias/core';
import { makeWorkspace, runCli, type Workspace } from '../../packages/cli/src/testing/harness.js';
import { parseWorldDocument } from '@cfalias/providers';
import { demoDesired, demoDesiredText } from './support/demo-world.js';
import { convergedViolations } from './support/invariants.js';
import { baseWorldText, staleCases, worldText, type MutableWorld, type StaleCase, type StaleExpectation } from './support/stale-cases.js';
import { tally } from './support/tally.js';

// The AWS SDK's Node-version notice on stderr says nothing about cfalias (as the CLI's bin.ts sets).
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const PATHS = [
  { label: 'in-process sandbox', flags: ['--sandbox', 'world.json', '--sandbox-in-process'] },
  { label: 'AWS provider over the HTTP emulator', flags: ['--sandbox', 'world.json'] },
] as const;

/** A difference line of the stale report: `  subject (fact): expected …; found …`. */
const DIFFERENCE = /^ {2}(.+ \([a-z ]+\): expected .+; found .+)$/;

function differenceLines(stderr: string): string[] {
  return stderr.split('\n').flatMap((line) => {
    const match = DIFFERENCE.exec(line);
    return match ? [match[1]!] : [];
  });
}

function title(expectation: StaleExpectation): string {
  switch (expectation.outcome) {
    case 'stale':
      return 'exit 4, world unchanged';
    case 'refused':
      return `exit ${expectation.code}, world unchanged`;
    case 'applies':
      return 'applies, re-plan converged';
  }
}

async function runCase(flags: readonly string[], c: StaleCase): Promise<void> {
  const base = JSON.parse(baseWorldText()) as MutableWorld;
  c.prepare?.(base);
  const ws: Workspace = await makeWorkspace({
    'cfalias.yaml': demoDesiredText(),
    'world.json': worldText(base),
  });
  const cli = (args: readonly string[]): ReturnType<typeof runCli> => runCli(ws, ['--no-color', ...flags, ...args]);
  try {
    const planned = await cli(['plan', '--out', 'plan.json']);
    expect(planned.code, planned.stderr).to.equal(0);
    const world = JSON.parse(await ws.read('world.json')) as MutableWorld;
    c.change(world);
    const changed = worldText(world);
    await ws.write('world.json', changed);
    if (c.editDesired) await ws.write('cfalias.yaml', c.editDesired(await ws.read('cfalias.yaml')));

    const applied = await cli(['apply', 'plan.json', '--auto-approve']);
    if (c.expect.outcome === 'stale') {
      expect(applied.code, `${applied.stdout}\n${applied.stderr}`).to.equal(4);
      expect(differenceLines(applied.stderr)).to.have.members([...c.expect.differences]);
      const count = c.expect.differences.length;
      expect(applied.stderr).to.include(
        `error: the plan is stale: ${count === 1 ? 'one fact it was made from has' : `${count} facts it was made from have`} changed since. Nothing was changed.\n`,
      );
      expect(applied.stderr).to.include(
        'Make a new plan from the live state (cfalias --sandbox world.json plan --out FILE), review it, and apply that.',
      );
      expect(applied.stderr).to.not.match(/\bnull\b|undefined/);
      expect(await ws.read('world.json'), 'the world file is byte-identical').to.equal(changed);

      // The same refusal as JSON events: the summary carries every difference, as data.
      const json = await cli(['apply', 'plan.json', '--auto-approve', '--json']);
      expect(json.code).to.equal(4);
      const events = json.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; status?: string; differences?: BasisDifference[] });
      const summary = events.find((e) => e.type === 'summary');
      expect(summary?.status).to.equal('stale');
      const differences = (summary?.differences ?? []).map((d) => `${d.subject} (${d.fact}): expected ${d.expected}; found ${d.found}`);
      expect(differences).to.have.members([...c.expect.differences]);
      expect(await ws.read('world.json'), 'the world file is byte-identical').to.equal(changed);
    } else if (c.expect.outcome === 'refused') {
      expect(applied.code, `${applied.stdout}\n${applied.stderr}`).to.equal(c.expect.code);
      expect(applied.stderr).to.include(c.expect.message);
      expect(await ws.read('world.json'), 'the world file is byte-identical').to.equal(changed);
    } else {
      expect(applied.code, `${applied.stdout}\n${applied.stderr}`).to.equal(0);
      expect(applied.stdout).to.include('Apply complete: 6 aliases changed');
      if (c.expect.notice !== undefined) expect(applied.stderr).to.include(c.expect.notice);
      const replanned = await cli(['plan', '--detailed-exitcode']);
      expect(replanned.code, replanned.stdout).to.equal(0);
      expect(replanned.stdout).to.include('No changes. Live aliases match cfalias.yaml.\n');
      expect(convergedViolations(demoDesired(), parseWorldDocument(await ws.read('world.json'), 'world.json'))).to.deep.equal([]);
    }
    tally.cases += 1;
  } finally {
    await ws.remove();
  }
}

describe('stale-plan matrix: a saved plan applies as reviewed, or exits 4 with nothing written', function () {
  this.timeout(60_000);
  for (const path of PATHS) {
    describe(path.label, () => {
      for (const c of staleCases()) {
        const expectation = title(c.expect);
        it(`${c.name}: ${expectation}`, () => runCase(path.flags, c));
      }
    });
  }
});
