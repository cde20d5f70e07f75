/**
 * Drives the real CLI through a pseudo-terminal (util-linux `script`), as an operator would:
 * the plan is shown, the approval prompt waits for `yes`, the live step list is drawn, then the
 * summary. Skipped, saying why, where `script` is not installed.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { APPROVAL_QUESTION } from '../commands/apply.js';
import { BLUE, DESIRED, DESIRED_API_ONLY, GREEN, worldDocument, worldJson } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, type Workspace } from '../testing/harness.js';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

function hasScript(): boolean {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** The environment of an operator at a terminal: colour not forced either way, not CI. */
function operatorEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  delete env['CI'];
  delete env['NO_COLOR'];
  delete env['FORCE_COLOR'];
  return env;
}

/** ANSI escapes (colour, cursor moves, erase) and carriage returns removed. */
function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

interface PtyRun {
  readonly code: number | null;
  readonly output: string;
}

/** Runs `cfalias <args>` in a pseudo-terminal of `columns` columns; types `answer` once `prompt` appears. */
function runInPty(ws: Workspace, args: readonly string[], prompt: string, answer: string, columns = 120): Promise<PtyRun> {
  const entry = `import { main } from ${JSON.stringify(MAIN)}; process.exitCode = await main(['node', 'cfalias', ...process.argv.slice(1)]);`;
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [
    `stty cols ${columns} rows 60;`,
    'exec node --conditions=source --import',
    quote(TSX),
    '--input-type=module -e',
    quote(entry),
    '--',
    ...args.map(quote),
  ].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: ws.dir,
      // A terminal as an operator has one: colour on, not CI.
      env: operatorEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let answered = false;
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (!answered && plainText(output).includes(prompt)) {
        answered = true;
        child.stdin.write(answer);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('apply in a terminal (pseudo-terminal)', function () {
  this.timeout(60_000);
  let ws: Workspace;

  before(function () {
    if (!hasScript()) {
      console.log('    skipped: util-linux `script` is not installed, so no pseudo-terminal can be opened');
      this.skip();
    }
  });

  beforeEach(async () => {
    ws = await makeWorkspace({ 'world.json': worldJson(), 'cfalias.yaml': DESIRED });
  });

  afterEach(async () => {
    await ws.remove();
  });

  it('shows the plan, asks for yes, draws the live step list, then the summary', async () => {
    const run = await runInPty(ws, ['--sandbox', 'world.json', 'apply'], APPROVAL_QUESTION.trim(), 'yes\n');
    const text = plainText(run.output);
    expect(run.code, text).to.equal(0);
    // The plan comes first, then the question.
    expect(text.indexOf('Plan: 1 to attach, 1 to move, 1 to detach.')).to.be.lessThan(text.indexOf(APPROVAL_QUESTION.trim()));
    // The live list: phases, and every step ticked off (✔, or ↓ when skipped as already done).
    expect(text).to.include('Phase 1');
    expect(text).to.include('Phase 2');
    expect(text).to.match(/[✔↓] update-aliases E1BLUEBLUEBLUE \(blue\): remove api\.example\.com, old\.example\.com/);
    expect(text).to.match(new RegExp(`[✔↓] verify ${GREEN} \\(green\\): 2 aliases, 2 DNS names`));
    // Live redraws, not one line per event: the list is erased and redrawn in place.
    expect(run.output).to.include('\u001b[1A');
    expect(text).to.not.include('[+0s]');
    expect(text).to.include('Apply complete: 3 aliases changed, 10 steps');
    expect(text).to.include('Saved the sandbox world to world.json.');
    // The plan's rollback recipe was not needed: never drawn.
    expect(text).to.not.include('Rolling back');
    expect(text).to.not.include('Rollback of');
  });

  it('keeps drawing the live list on a terminal that reports a width of 0 (laid out to 80 columns)', async () => {
    const run = await runInPty(ws, ['--sandbox', 'world.json', 'apply'], APPROVAL_QUESTION.trim(), 'yes\n', 0);
    const text = plainText(run.output);
    expect(run.code, text).to.equal(0);
    expect(text).to.include('Phase 1');
    expect(text).to.match(new RegExp(`[✔↓] verify ${GREEN} \\(green\\)`));
    expect(run.output).to.include('\u001b[1A');
    expect(text).to.not.include('[+0s]');
  });

  it('draws a rollback as a group of its own when a phase-2 add fails', async () => {
    await ws.write('cfalias.yaml', DESIRED_API_ONLY);
    const faults = [{ operation: 'UpdateDistribution', resource: GREEN, error: 'InvalidViewerCertificate', times: 1 }];
    await ws.write('world.json', `${JSON.stringify({ ...worldDocument(), faults }, null, 2)}\n`);
    const run = await runInPty(ws, ['--sandbox', 'world.json', 'apply'], APPROVAL_QUESTION.trim(), 'yes\n');
    const text = plainText(run.output);
    expect(run.code, text).to.equal(1);
    expect(text).to.include(`Rolled back: api.example.com back on ${BLUE} (blue)`);
    expect(text).to.match(new RegExp(`[✔↓] update-aliases ${BLUE} \\(blue\\): add api\\.example\\.com`));
    expect(text).to.include('Apply rolled back: a phase-2 add failed, and its aliases were put back on their sources.');
  });

  it('cancels on anything but yes, without drawing progress', async () => {
    const run = await runInPty(ws, ['--sandbox', 'world.json', 'apply'], APPROVAL_QUESTION.trim(), 'no\n');
    const text = plainText(run.output);
    expect(run.code).to.equal(1);
    expect(text).to.include('Apply cancelled.');
    expect(text).to.not.match(/[✔↓] /);
  });
});
