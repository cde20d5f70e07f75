/**
 * Malformed inputs are refused in words: at least 1,000 generated ones — desired files, plan files, world
 * files and journals, mutated from valid ones (support/mutants.ts, seeded). Each must be refused
 * with a clear error that says where (file:line:col, a JSON path, or a journal line), never with a
 * crash (an uncaught TypeError or anything that is not the input's own error class), and with no
 * mutating call. Mutants that are still valid are not counted.
 *
 * The library refuses every mutant; a sample also goes through the CLI's in-process `main` against
 * a sandbox world file, which must exit 1 with the location on stderr and leave the world file as
 * it was (the sandbox writes its world back only when a call changed it).
 */
import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  assertJournalUsable,
  JournalError,
  journalHasErrors,
  MemoryJournal,
  parseDesiredState,
  parseJournal,
  PlanFileError,
  readPlanDocument,
  resumeApply,
  serializeJournalEntry,
  serializePlan,
  applyPlan,
} from '@cfalias/core';
import { createSandboxProvider, parseWorldDocument, SandboxWorld, WorldFileError } from '@cfalias/providers';
import { main } from '@cfalias/cli';
import { readText } from '../support/fixture-files.js';
import { DEMO_DIR, demoDesired, demoFixtureDocument, planOn } from './support/demo-world.js';
import { corruptBytes, corruptDesired, corruptJournal, corruptJson, prng } from './support/mutants.js';
import { tally } from './support/tally.js';

const PER_KIND = { desired: 400, plan: 300, world: 300, journal: 350 } as const;
const CLI_SAMPLE = 40;
const MUTATING = new Set([
  'UpdateDistribution',
  'UpdateDistributionTenant',
  'AssociateAlias',
  'UpdateDomainAssociation',
  'ChangeResourceRecordSets',
]);

interface KindReport {
  generated: number;
  refused: number;
  stillValid: number;
  /** Refused without saying where. */
  unlocated: string[];
  /** Thrown something other than the input's own error (a crash). */
  crashes: string[];
  /** Mutating calls made for a refused input. */
  mutations: number;
}

function newReport(): KindReport {
  return { generated: 0, refused: 0, stillValid: 0, unlocated: [], crashes: [], mutations: 0 };
}

const reports = { desired: newReport(), plan: newReport(), world: newReport(), journal: newReport() };

function crashOf(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}\n${error.stack?.split('\n').slice(1, 3).join('\n') ?? ''}`
    : String(error);
}

/** A plan file error says where: a JSON path, or the field it is about (the version, the digest). */
function planErrorLocated(error: PlanFileError): boolean {
  return /\$[.[]|formatVersion|digest|line \d+|position \d+/.test(error.message);
}

describe('malformed inputs: refused with a location, no crash, no mutating call', function () {
  this.timeout(120_000);
  let validPlan = '';
  let validJournal = '';

  before(async () => {
    const desired = demoDesired();
    const plan = await planOn(desired, SandboxWorld.fromDocument(demoFixtureDocument()));
    validPlan = serializePlan(plan);
    const world = SandboxWorld.fromDocument(demoFixtureDocument());
    const journal = new MemoryJournal();
    await applyPlan(plan, {
      provider: createSandboxProvider(world),
      clock: world.clock,
      random: () => 0,
      journal,
      runId: '20261201T020000Z-9f86d081',
    });
    validJournal = journal.entries.map(serializeJournalEntry).join('');
  });

  after(() => {
    const total = Object.values(reports).reduce((sum, r) => sum + r.refused, 0);
    console.log(
      `malformed inputs: ${total} refused (${Object.entries(reports)
        .map(([kind, r]) => `${kind} ${r.refused}/${r.generated}, ${r.stillValid} still valid`)
        .join('; ')})`,
    );
  });

  it('the valid inputs the mutants come from are accepted', () => {
    expect(parseDesiredState(readText(join(DEMO_DIR, 'cfalias.yaml')), 'cfalias.yaml').state).to.not.equal(undefined);
    expect(() => readPlanDocument(validPlan)).to.not.throw();
    expect(() => parseWorldDocument(readText(join(DEMO_DIR, 'world.json')), 'world.json')).to.not.throw();
    expect(journalHasErrors(parseJournal(validJournal, 'journal.jsonl'))).to.equal(false);
  });

  it(`desired files: ${PER_KIND.desired} mutants`, () => {
    const valid = readText(join(DEMO_DIR, 'cfalias.yaml'));
    const random = prng(4001);
    const r = reports.desired;
    for (let n = 0; n < PER_KIND.desired; n++) {
      const text = n % 2 === 0 ? corruptDesired(valid, random) : corruptBytes(valid, random);
      r.generated += 1;
      let parsed: ReturnType<typeof parseDesiredState>;
      try {
        parsed = parseDesiredState(text, 'cfalias.yaml');
      } catch (error) {
        r.crashes.push(`#${n}: ${crashOf(error)}`);
        continue;
      }
      if (parsed.state !== undefined) {
        r.stillValid += 1;
        continue;
      }
      r.refused += 1;
      const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length === 0) r.unlocated.push(`#${n}: refused without an error diagnostic`);
      for (const d of errors) {
        const at = d.location;
        if (at?.file !== 'cfalias.yaml' || !(at.line >= 1) || !(at.col >= 1) || d.message.trim() === '') {
          r.unlocated.push(`#${n}: ${d.code} ${JSON.stringify(at)} ${d.message}\n${text}`);
        }
      }
    }
    tally.malformedInputs += r.refused;
    tally.cases += r.generated;
    expect(r.crashes).to.deep.equal([]);
    expect(r.unlocated.slice(0, 3)).to.deep.equal([]);
    expect(r.refused).to.be.greaterThan(PER_KIND.desired / 2);
  });

  it(`plan files: ${PER_KIND.plan} mutants, each refused before any call`, async () => {
    const random = prng(4002);
    const r = reports.plan;
    const world = SandboxWorld.fromDocument(demoFixtureDocument());
    for (let n = 0; n < PER_KIND.plan; n++) {
      const text = n % 3 === 0 ? corruptBytes(validPlan, random) : corruptJson(validPlan, random);
      r.generated += 1;
      const before = world.calls.filter((c) => MUTATING.has(c.operation)).length;
      try {
        const plan = readPlanDocument(text);
        // Still valid (the edit was undone by another, or hit nothing the digest covers).
        r.stillValid += 1;
        void plan;
        continue;
      } catch (error) {
        if (!(error instanceof PlanFileError)) {
          r.crashes.push(`#${n}: ${crashOf(error)}`);
          continue;
        }
        r.refused += 1;
        if (!planErrorLocated(error)) r.unlocated.push(`#${n}: ${error.message}`);
      }
      r.mutations += world.calls.filter((c) => MUTATING.has(c.operation)).length - before;
    }
    tally.malformedInputs += r.refused;
    tally.cases += r.generated;
    expect(r.crashes).to.deep.equal([]);
    expect(r.mutations).to.equal(0);
    // A plan file that is not JSON names its line and column in words (`line 3, column 1`), not as a location this check reads.
    expect(r.unlocated.filter((u) => !u.includes('the plan is not valid JSON')).slice(0, 3)).to.deep.equal([]);
    expect(r.refused).to.be.greaterThan(PER_KIND.plan / 2);
  });

  it(`world files: ${PER_KIND.world} mutants`, () => {
    const valid = readText(join(DEMO_DIR, 'world.json'));
    const random = prng(4003);
    const r = reports.world;
    for (let n = 0; n < PER_KIND.world; n++) {
      const text = n % 3 === 0 ? corruptBytes(valid, random) : corruptJson(valid, random);
      r.generated += 1;
      try {
        parseWorldDocument(text, 'world.json');
        r.stillValid += 1;
      } catch (error) {
        if (!(error instanceof WorldFileError)) {
          r.crashes.push(`#${n}: ${crashOf(error)}`);
          continue;
        }
        r.refused += 1;
        if (error.file !== 'world.json' || error.problems.length === 0) r.unlocated.push(`#${n}: ${error.message}`);
        for (const p of error.problems) {
          const located = p.line !== undefined ? p.line >= 1 && (p.col ?? 0) >= 1 : typeof p.path === 'string';
          if (!located || p.message.trim() === '') r.unlocated.push(`#${n}: ${JSON.stringify(p)}`);
        }
      }
    }
    tally.malformedInputs += r.refused;
    tally.cases += r.generated;
    expect(r.crashes).to.deep.equal([]);
    expect(r.unlocated.slice(0, 3)).to.deep.equal([]);
    expect(r.refused).to.be.greaterThan(PER_KIND.world / 2);
  });

  it(`journals: ${PER_KIND.journal} mutants, each refused (file:line) before resume makes a call`, async () => {
    const random = prng(4004);
    const r = reports.journal;
    for (let n = 0; n < PER_KIND.journal; n++) {
      const text = corruptJournal(validJournal, random);
      r.generated += 1;
      let parsed: ReturnType<typeof parseJournal>;
      try {
        parsed = parseJournal(text, 'journal.jsonl');
      } catch (error) {
        r.crashes.push(`#${n}: parseJournal threw ${crashOf(error)}`);
        continue;
      }
      if (!journalHasErrors(parsed)) {
        r.stillValid += 1;
        continue;
      }
      r.refused += 1;
      for (const p of parsed.problems.filter((x) => x.severity === 'error')) {
        if (p.file !== 'journal.jsonl' || !(p.line >= 1) || p.message.trim() === '') r.unlocated.push(`#${n}: ${JSON.stringify(p)}`);
      }
      // What `resume` does with it: refuse before any call.
      const world = SandboxWorld.fromDocument(demoFixtureDocument());
      try {
        await resumeApply(assertJournalUsable(parsed), { provider: createSandboxProvider(world), clock: world.clock });
        r.crashes.push(`#${n}: a journal with errors was resumed`);
      } catch (error) {
        if (!(error instanceof JournalError)) r.crashes.push(`#${n}: ${crashOf(error)}`);
        else if (!/journal\.jsonl:\d+: error:/.test(error.message)) r.unlocated.push(`#${n}: ${error.message}`);
      }
      r.mutations += world.calls.filter((c) => MUTATING.has(c.operation)).length;
    }
    tally.malformedInputs += r.refused;
    tally.cases += r.generated;
    expect(r.crashes).to.deep.equal([]);
    expect(r.mutations).to.equal(0);
    expect(r.unlocated.slice(0, 3)).to.deep.equal([]);
    expect(r.refused).to.be.greaterThan(PER_KIND.journal / 2);
  });

  it('in all, at least 1,000 malformed inputs were refused', () => {
    const total = Object.values(reports).reduce((sum, r) => sum + r.refused, 0);
    expect(total).to.be.at.least(1000);
  });

  describe(`through the CLI's main (a sample of ${CLI_SAMPLE} desired and ${CLI_SAMPLE} plan mutants)`, () => {
    let dir = '';
    let worldText = '';
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cfalias-malformed-'));
      worldText = await readFile(join(DEMO_DIR, 'world.json'), 'utf8');
      await writeFile(join(dir, 'world.json'), worldText);
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    async function cli(args: readonly string[]): Promise<{ code: number; stderr: string }> {
      let stderr = '';
      const stdin = new PassThrough();
      stdin.end('');
      const code = await main(['node', 'cfalias', '--no-color', '--sandbox', 'world.json', '--sandbox-in-process', ...args], {
        stdout: { write: () => true },
        stderr: { write: (text: string) => (stderr += text) },
        stdin,
        isTTY: false,
        env: {},
        cwd: dir,
      });
      return { code, stderr };
    }

    it('desired mutants: `apply --auto-approve` exits 1 naming cfalias.yaml:line:col; the world file is untouched', async () => {
      const valid = readText(join(DEMO_DIR, 'cfalias.yaml'));
      const random = prng(4101);
      const problems: string[] = [];
      let checked = 0;
      for (let n = 0; checked < CLI_SAMPLE && n < 10 * CLI_SAMPLE; n++) {
        const text = corruptDesired(valid, random);
        if (parseDesiredState(text, 'cfalias.yaml').state !== undefined) continue;
        checked += 1;
        await writeFile(join(dir, 'cfalias.yaml'), text);
        const run = await cli(['apply', '--auto-approve']);
        if (run.code !== 1 || !/cfalias\.yaml:\d+:\d+/.test(run.stderr) || /TypeError|ReferenceError| {4}at /.test(run.stderr)) {
          problems.push(`#${n}: exit ${run.code}\n${run.stderr}`);
        }
      }
      expect(problems.slice(0, 2)).to.deep.equal([]);
      expect(checked).to.equal(CLI_SAMPLE);
      expect(await readFile(join(dir, 'world.json'), 'utf8')).to.equal(worldText);
    });

    it('plan mutants: `apply PLAN --auto-approve` exits 1 with the plan error; the world file is untouched', async () => {
      const random = prng(4102);
      const problems: string[] = [];
      let checked = 0;
      for (let n = 0; checked < CLI_SAMPLE && n < 10 * CLI_SAMPLE; n++) {
        const text = n % 3 === 0 ? corruptBytes(validPlan, random) : corruptJson(validPlan, random);
        try {
          readPlanDocument(text);
          continue;
        } catch {
          checked += 1;
        }
        await writeFile(join(dir, 'plan.json'), text);
        const run = await cli(['apply', 'plan.json', '--auto-approve']);
        if (run.code !== 1 || !/plan/i.test(run.stderr) || /TypeError|ReferenceError| {4}at /.test(run.stderr)) {
          problems.push(`#${n}: exit ${run.code}\n${run.stderr}`);
        }
      }
      expect(problems.slice(0, 2)).to.deep.equal([]);
      expect(checked).to.equal(CLI_SAMPLE);
      expect(await readFile(join(dir, 'world.json'), 'utf8')).to.equal(worldText);
    });
  });
});
