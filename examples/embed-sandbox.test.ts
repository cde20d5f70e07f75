/**
 * The embedding example runs as a user would run it (a separate node process, from sources) and
 * succeeds: the demo cutover applies and a fresh plan has no changes.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const EXAMPLE = fileURLToPath(new URL('./embed-sandbox.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('examples/embed-sandbox.ts', function () {
  this.timeout(60_000);

  it('plans and applies the demo cutover on the sandbox and exits 0', () => {
    const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', EXAMPLE], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(0);
    const lines = run.stdout.trimEnd().split('\n');
    // fixtures/demo/README.md: www, api, static to green, media to blue, shop attached, old detached;
    // 12m 0s simulated (300 + 60 + 300 + 60 s).
    expect(lines[0]).to.match(/^plan sha256:[0-9a-f]{12}…: 1 to attach, 4 to move, 1 to detach; \d+ steps, ~720s$/);
    expect(lines.filter((l) => l.startsWith('apply '))).to.have.length(1);
    expect(lines.find((l) => l.startsWith('apply '))).to.match(
      /^apply succeeded: \d+ steps done, 0 skipped, 0 failed in 720s \(simulated\)$/,
    );
    expect(lines[lines.length - 1]).to.equal('a fresh plan has no changes');
  });
});
