import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { PLAN_FORMAT_VERSION } from '@cfalias/core';
import { DESIRED, DESIRED_BAD, worldJson } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, runCli, type Workspace } from './testing/harness.js';

const packageVersion = (name: string): string =>
  (JSON.parse(readFileSync(new URL(`../../${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

describe('cfalias usage: version, help, validate for CI', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': worldJson() });
  });
  afterEach(async () => {
    await ws.remove();
  });

  for (const args of [['--version'], ['-V'], ['version']]) {
    it(`\`cfalias ${args.join(' ')}\` prints the CLI, engine and plan format versions and exits 0`, async () => {
      const run = await runCli(ws, args);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.equal(
        `cfalias ${packageVersion('cli')}\nengine (@cfalias/core) ${packageVersion('core')}\nplan format ${PLAN_FORMAT_VERSION}\n`,
      );
    });
  }

  it('lists the global options in a command’s help', async () => {
    const run = await runCli(ws, ['plan', '--help']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include('Global Options:');
    for (const flag of ['-f, --file <path>', '--sandbox <world.json>', '--profile <name>', '--region <region>', '--endpoint-url <url>']) {
      expect(run.stdout).to.include(flag);
    }
  });

  it('follows an unknown command with the usage hint', async () => {
    const run = await runCli(ws, ['paln']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include("unknown command 'paln'");
    expect(run.stderr).to.include('run `cfalias --help`');
  });

  it('shows the offending source line with a caret under the column', async () => {
    await ws.write('cfalias.yaml', DESIRED_BAD);
    const run = await runCli(ws, ['validate']);
    expect(run.code).to.equal(1);
    const lines = run.stderr.split('\n');
    const first = lines.findIndex((l) => /^cfalias\.yaml:\d+:\d+ error/.test(l));
    const [, line, col] = /^cfalias\.yaml:(\d+):(\d+)/.exec(lines[first]!)!;
    const source = DESIRED_BAD.split('\n')[Number(line) - 1]!;
    expect(lines[first + 1]).to.equal(`${line!.padStart(5)} | ${source}`);
    expect(lines[first + 2]!.indexOf('^')).to.equal('    1 | '.length + Number(col) - 1);
  });

  it('validate --json reports a valid file for CI', async () => {
    const run = await runCli(ws, ['validate', '--json']);
    expect(run.code).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.equal({ valid: true, file: 'cfalias.yaml', aliases: 3, diagnostics: [] });
  });

  it('validate --json reports every problem with its location and exits 1', async () => {
    await ws.write('cfalias.yaml', DESIRED_BAD);
    const run = await runCli(ws, ['validate', '--json']);
    expect(run.code).to.equal(1);
    const report = JSON.parse(run.stdout) as { valid: boolean; diagnostics: { severity: string; location?: { line: number } }[] };
    expect(report.valid).to.equal(false);
    expect(report.diagnostics.some((d) => d.severity === 'error' && d.location !== undefined)).to.equal(true);
    expect(run.stderr).to.equal('');
  });
});
