/**
 * The packages as a user gets them: `pnpm pack` all three, check what each tarball holds, install
 * the tarballs with npm into an empty project outside the workspace, and run the embedding example
 * there with plain `node` (compiled against the installed type declarations; no tsx, no workspace
 * links, no `source` condition). It must plan and apply the demo cutover on the sandbox.
 *
 * npm installs the packages' own dependencies from its cache, or from the registry where the cache
 * lacks them; only when npm cannot reach either does the install test skip, saying so.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPackages, ROOT } from '../../scripts/pack-packages.mjs';
import { packageProblems } from '../../scripts/package-contents.mjs';

/** npm's words for "the registry is out of reach" (as opposed to a broken package). */
const OFFLINE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network request .* failed|ENOTCACHED/;

/** The environment of a user's shell: none of the test runner's loaders or conditions. */
function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  return env;
}

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env: plainEnv(), encoding: 'utf8', timeout: 300_000 });
}

describe('the packed packages, installed with npm', function () {
  this.timeout(600_000);

  let work: string;
  let project: string;
  let packs: ReturnType<typeof packPackages>;
  /** Why the packages could not be installed; undefined once they are. */
  let notInstalled: string | undefined = 'the install test did not run';

  before(function () {
    work = mkdtempSync(join(tmpdir(), 'cfalias-packed-'));
    packs = packPackages(join(work, 'tarballs'));
    project = join(work, 'project');
    mkdirSync(project);
  });

  after(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('each tarball is fit to publish: manifest, files, and a closed module graph with declared dependencies', () => {
    for (const pack of packs) {
      const into = join(work, 'extracted', pack.name);
      mkdirSync(into, { recursive: true });
      execFileSync('tar', ['-xzf', pack.tarball, '-C', into]);
      expect(packageProblems(join(into, 'package')), pack.name).to.deep.equal([]);
    }
  });

  it('installs into an empty project; import and require() both load every entry point', function () {
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'embed-check', private: true, type: 'module' }, null, 2));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const install = run(
      npm,
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...packs.map((p) => p.tarball)],
      project,
    );
    if (install.status !== 0 && OFFLINE.test(`${install.stdout}${install.stderr}`)) {
      notInstalled = `npm could not reach its cache or the registry: ${install.stderr.trim().split('\n')[0]}`;
      console.log(`      skipped: ${notInstalled}`);
      this.skip();
    }
    expect(install.status, `npm install failed:\n${install.stdout}\n${install.stderr}`).to.equal(0);
    notInstalled = undefined;

    const fromProject = createRequire(join(project, 'index.js'));
    expect(fromProject.resolve('@cfalias/core')).to.equal(join(project, 'node_modules', '@cfalias', 'core', 'dist', 'index.js'));
    const load = [
      "const core = require('@cfalias/core'), providers = require('@cfalias/providers'), cli = require('@cfalias/cli');",
      'console.log([typeof core.planCutover, typeof core.applyPlan, typeof providers.createSandboxProvider, typeof cli.main].join(" "));',
    ].join('\n');
    const required = run(process.execPath, ['-e', load], project);
    expect(required.stderr).to.equal('');
    expect(required.stdout.trim()).to.equal('function function function function');
    // The contract suite's entry point is there; loading it needs the optional peer chai.
    expect(fromProject.resolve('@cfalias/providers/testing')).to.match(/providers[/\\]dist[/\\]contract[/\\]index\.js$/);
    // The world file's JSON Schema, for editors and validators.
    expect(fromProject.resolve('@cfalias/providers/world.schema.json')).to.match(/providers[/\\]schema[/\\]world\.schema\.json$/);
    const imported = run(
      process.execPath,
      ['--input-type=module', '-e', "import { planCutover } from '@cfalias/core'; console.log(typeof planCutover);"],
      project,
    );
    expect(imported.stdout.trim(), imported.stderr).to.equal('function');

    const validate = run(
      join(project, 'node_modules', '.bin', 'cfalias'),
      ['validate', '-f', join(ROOT, 'fixtures', 'demo', 'cfalias.yaml')],
      project,
    );
    expect(validate.status, `${validate.stdout}\n${validate.stderr}`).to.equal(0);
  });

  it('runs the embedding example with plain node: it plans and applies the demo on the sandbox', function () {
    if (notInstalled !== undefined) {
      console.log(`      skipped: ${notInstalled}`);
      this.skip();
    }
    cpSync(join(ROOT, 'examples', 'embed-sandbox.ts'), join(project, 'examples', 'embed-sandbox.ts'));
    cpSync(join(ROOT, 'fixtures', 'demo'), join(project, 'fixtures', 'demo'), { recursive: true });
    // Compiled as a user's project would compile it: against the declarations the tarballs installed.
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      include: ['examples/*.ts'],
    };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const tsc = run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project);
    expect(tsc.status, `tsc failed:\n${tsc.stdout}\n${tsc.stderr}`).to.equal(0);

    const example = run(process.execPath, [join('examples', 'embed-sandbox.js')], project);
    expect(example.status, `${example.stdout}\n${example.stderr}`).to.equal(0);
    const lines = example.stdout.trimEnd().split('\n');
    // fixtures/demo: 1 attach, 4 moves, 1 detach; 12 minutes of simulated deployments.
    expect(lines[0]).to.match(/^plan sha256:[0-9a-f]{12}…: 1 to attach, 4 to move, 1 to detach; \d+ steps, ~720s$/);
    expect(lines.find((l) => l.startsWith('apply '))).to.match(
      /^apply succeeded: \d+ steps done, 0 skipped, 0 failed in 720s \(simulated\)$/,
    );
    expect(lines[lines.length - 1]).to.equal('a fresh plan has no changes');
  });
});
