/**
 * The metrics as Prometheus reads them: the exposition written by `--metrics-file` after a sandbox
 * apply, and scraped over HTTP from `watch --metrics-port`, parsed by a Prometheus text-format
 * parser (not by this code).
 */
import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import parsePrometheusTextFormat, { type ParsedFamily, type ParsedSample } from 'parse-prometheus-text-format';
import { BLUE, DESIRED, GREEN, worldDocument } from '@cfalias/providers/testing/move-attach-detach';
import type { CliIo } from '../io/cli-io.js';
import { main } from '../main.js';
import { makeWorkspace, runCli, type Workspace } from '../testing/harness.js';

function family(families: readonly ParsedFamily[], name: string): ParsedFamily {
  const found = families.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no metric ${name} in the exposition`);
  return found;
}

function sample(families: readonly ParsedFamily[], name: string, labels: Readonly<Record<string, string>> = {}): ParsedSample {
  const found = family(families, name).metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (found === undefined) throw new Error(`no sample ${name}${JSON.stringify(labels)}`);
  return found;
}

function value(families: readonly ParsedFamily[], name: string, labels: Readonly<Record<string, string>> = {}): number {
  return Number(sample(families, name, labels).value);
}

/**
 * One series of a labelled histogram. The parser reads histograms without labels only (it folds
 * every series of a family into one and drops a labelled `_count` and `_sum`), so it is given the
 * family's HELP/TYPE lines and the lines of the one series asked for, with that label taken out.
 */
function histogramSeries(text: string, name: string, label: string): ParsedSample {
  const lines = text
    .split('\n')
    .filter(
      (line) =>
        line.startsWith(`# HELP ${name} `) || line.startsWith(`# TYPE ${name} `) || (line.startsWith(`${name}_`) && line.includes(label)),
    )
    .map((line) => line.replace(`,${label}`, '').replace(`${label},`, '').replace(`{${label}}`, ''));
  const [parsed] = parsePrometheusTextFormat(`${lines.join('\n')}\n`);
  if (parsed?.name !== name || parsed.metrics.length !== 1) throw new Error(`no single series ${name}{${label}}`);
  return parsed.metrics[0]!;
}

async function worldNow(ws: Workspace): Promise<number> {
  return Date.parse((JSON.parse(await ws.read('world.json')) as { now: string }).now);
}

describe('metrics (Prometheus text format, parsed)', function () {
  this.timeout(30_000);
  let ws: Workspace;
  afterEach(async () => ws.remove());

  it('apply --metrics-file: conflicts, retries, step durations, deployment waits, aliases and the last apply', async () => {
    // One 412 on green's first update: the executor reads again and retries it.
    const world = {
      ...worldDocument(),
      faults: [{ operation: 'UpdateDistribution', resource: GREEN, error: 'PreconditionFailed', times: 1 }],
    };
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': JSON.stringify(world) });
    const run = await runCli(ws, ['--sandbox', 'world.json', 'apply', '--auto-approve', '--json', '--metrics-file', 'cfalias.prom']);
    expect(run.code, run.stderr).to.equal(0);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const done = events.filter((e) => e['type'] === 'step-done') as { kind: string; durationMs: number }[];
    const waits = done.filter((e) => e.kind === 'wait-deployed');
    expect(waits).to.not.be.empty;

    const text = await ws.read('cfalias.prom');
    const families = parsePrometheusTextFormat(text);
    expect(value(families, 'cfalias_conflicts_total', { kind: 'precondition_failed' })).to.equal(1);
    expect(value(families, 'cfalias_conflicts_total', { kind: 'cname_already_exists' })).to.equal(0);
    expect(value(families, 'cfalias_conflicts_total', { kind: 'throttling' })).to.equal(0);
    expect(value(families, 'cfalias_retries_total', { reason: 'PreconditionFailedError' })).to.equal(1);

    expect(family(families, 'cfalias_step_duration_seconds').type).to.equal('HISTOGRAM');
    const waitHistogram = histogramSeries(text, 'cfalias_step_duration_seconds', 'kind="wait-deployed"');
    const waitSeconds = waits.reduce((sum, e) => sum + e.durationMs / 1000, 0);
    expect(Number(waitHistogram.count)).to.equal(waits.length);
    expect(Number(waitHistogram.sum)).to.equal(waitSeconds);
    expect(Number(waitHistogram.buckets?.['+Inf'])).to.equal(waits.length);
    const kinds = [...new Set(done.map((e) => e.kind))];
    const stepCount = kinds.reduce(
      (n, kind) => n + Number(histogramSeries(text, 'cfalias_step_duration_seconds', `kind="${kind}"`).count),
      0,
    );
    expect(stepCount).to.equal(done.length);
    expect(value(families, 'cfalias_deployment_wait_seconds_total')).to.equal(waitSeconds);

    expect(value(families, 'cfalias_aliases', { state: 'converged' })).to.equal(3);
    expect(value(families, 'cfalias_aliases', { state: 'drifted' })).to.equal(0);
    expect(value(families, 'cfalias_aliases', { state: 'blocked' })).to.equal(0);
    // The apply ended at the world's (simulated) time, saved with the world.
    expect(value(families, 'cfalias_last_successful_apply_timestamp_seconds')).to.equal((await worldNow(ws)) / 1000);
  });

  it('watch --metrics-file: drift by the last check, and the checks by result', async () => {
    // The fixture world before the apply: all three managed aliases are away from where cfalias.yaml puts them.
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': JSON.stringify(worldDocument()) });
    const run = await runCli(ws, ['--sandbox', 'world.json', 'watch', '--for', '2m', '--keep-going', '--metrics-file', 'cfalias.prom']);
    expect(run.code, run.stderr).to.equal(8);
    const families = parsePrometheusTextFormat(await ws.read('cfalias.prom'));
    expect(value(families, 'cfalias_watch_checks_total', { result: 'drift' })).to.equal(3);
    expect(value(families, 'cfalias_watch_checks_total', { result: 'ok' })).to.equal(0);
    expect(value(families, 'cfalias_aliases', { state: 'drifted' })).to.equal(3);
    expect(value(families, 'cfalias_aliases', { state: 'converged' })).to.equal(0);
    expect(value(families, 'cfalias_last_successful_watch_timestamp_seconds')).to.equal((await worldNow(ws)) / 1000 + 120);
    expect(value(families, 'cfalias_last_successful_apply_timestamp_seconds')).to.equal(0);
  });

  it('watch --metrics-port: /metrics scraped over HTTP while the watch runs', async () => {
    const converged = worldDocument() as { accounts: { distributions: { id: string; aliases: string[] }[] }[] };
    for (const d of converged.accounts[0]!.distributions) {
      d.aliases = d.id === BLUE ? ['www.example.com'] : ['api.example.com', 'new.example.com'];
    }
    ws = await makeWorkspace({ 'cfalias.yaml': DESIRED, 'world.json': JSON.stringify(converged) });
    const start = await worldNow(ws);

    let stdout = '';
    let stderr = '';
    let interrupt: ((signal: string) => void) | undefined;
    let checked!: () => void;
    const firstCheck = new Promise<void>((resolve) => (checked = resolve));
    const stdin = new PassThrough();
    stdin.end();
    const io: CliIo = {
      stdout: {
        write: (text: string) => {
          stdout += text;
          if (stdout.includes('check 1:')) checked();
          return true;
        },
      },
      stderr: { write: (text: string) => ((stderr += text), true) },
      stdin,
      isTTY: false,
      env: {},
      cwd: ws.dir,
      onInterrupt: (handler) => {
        interrupt = handler;
        return () => (interrupt = undefined);
      },
    };
    const ended = main(['node', 'cfalias', '--sandbox', 'world.json', 'watch', '--metrics-port', '0'], io);
    await firstCheck;
    const url = /Serving metrics on (http:\/\/localhost:\d+\/metrics)/.exec(stderr)?.[1];
    expect(url, stderr).to.be.a('string');
    const response = await fetch(url!);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.contain('text/plain');
    const families = parsePrometheusTextFormat(await response.text());
    interrupt?.('SIGINT');
    expect(await ended).to.equal(0);

    expect(value(families, 'cfalias_aliases', { state: 'converged' })).to.equal(3);
    expect(value(families, 'cfalias_aliases', { state: 'drifted' })).to.equal(0);
    expect(value(families, 'cfalias_watch_checks_total', { result: 'drift' })).to.equal(0);
    // Checks every simulated minute from the start: the last one's time says how many ran.
    const last = value(families, 'cfalias_last_successful_watch_timestamp_seconds') * 1000;
    expect((last - start) % 60_000).to.equal(0);
    expect(value(families, 'cfalias_watch_checks_total', { result: 'ok' })).to.equal((last - start) / 60_000 + 1);
    expect(family(families, 'cfalias_last_successful_apply_timestamp_seconds').type).to.equal('GAUGE');
  });
});
