import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DesiredState, LiveCheckResult } from '@cfalias/core';
import { createContext } from '../context.js';
import type { CliIo } from '../io/cli-io.js';
import { createPalette } from '../render/format.js';
import { makeWorkspace, runCli, type Workspace } from '../testing/harness.js';
import { runSandboxServe } from './sandbox-serve.js';
import { verifiesAfterApply } from './verify.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'fixtures');
const DEMO = join(FIXTURES, 'demo');
/** Three aliases move from the agency's account to prod; their zone is in a third, DNS-only account. */
const REGISTRY = join(FIXTURES, 'worlds', 'cross-account-wildcard-move');
const MOVED = ['www.example.com', 'api.example.com', 'static.example.com', 'media.example.com', 'status.example.com', 'shop.example.net'];

/** `cfalias sandbox serve world.json` in this process; resolves with the exports it printed, and a stop. */
async function serve(ws: Workspace): Promise<{ env: Record<string, string>; stop: () => Promise<void> }> {
  let out = '';
  let printed: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (printed = resolve));
  const io: CliIo = {
    stdout: {
      write(text: string) {
        out += text;
        if (out.includes('Press Ctrl-C')) printed();
        return true;
      },
    },
    stderr: { write: () => true },
    stdin: process.stdin,
    isTTY: false,
    env: {},
    cwd: ws.dir,
  };
  let fire: (signal: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (fire = resolve));
  const ctx = createContext(io, { file: 'cfalias.yaml', color: false }, createPalette({ flag: false, env: {}, isTTY: false }));
  const outcome = runSandboxServe(ctx, 'world.json', {}, () => stopped);
  await ready;
  const env = Object.fromEntries([...out.matchAll(/^ {2}export ([A-Z_]+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  return {
    env,
    stop: async () => {
      fire('SIGINT');
      await outcome;
    },
  };
}

/** The SDK's credential chain reads process.env: set the printed AWS variables there for the run. */
async function withAwsEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const names = Object.keys(env).filter((name) => name.startsWith('AWS_'));
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  for (const name of names) process.env[name] = env[name];
  try {
    return await run();
  } finally {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

/** The green certificate of the demo world re-imported without `name` among its SANs. */
async function dropGreenSan(ws: Workspace, name: string): Promise<void> {
  const world = JSON.parse(await ws.read('world.json')) as {
    accounts: {
      certificates: { arn: string; subjectAlternativeNames: string[] }[];
      distributions: { id: string; certificateArn: string }[];
    }[];
  };
  const account = world.accounts[0]!;
  const greenCertificate = account.certificates.find(
    (c) => c.arn === account.distributions.find((d) => d.id === 'E2GREEN5T8W3PR')!.certificateArn,
  )!;
  greenCertificate.subjectAlternativeNames = greenCertificate.subjectAlternativeNames.filter((san) => san !== name);
  await ws.write('world.json', JSON.stringify(world, null, 2));
}

function verifyEnv(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('CFALIAS_VERIFY_')));
}

describe('the verify step of apply: on by default', () => {
  function ctxWith(env: Record<string, string>, globals: { sandbox?: string; endpointUrl?: string } = {}) {
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, stdin: process.stdin, isTTY: false, env, cwd: '/' } as CliIo;
    return createContext(io, { file: 'cfalias.yaml', color: false, ...globals }, createPalette({ flag: false, env: {}, isTTY: false }));
  }
  const desired = (afterApply?: boolean) => ({ verify: afterApply === undefined ? {} : { afterApply } }) as unknown as DesiredState;

  it('against AWS itself; not against another endpoint unless CFALIAS_VERIFY_* is set; never with --sandbox; as the file says', () => {
    expect(verifiesAfterApply(ctxWith({}), desired())).to.equal(true);
    expect(verifiesAfterApply(ctxWith({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }), desired())).to.equal(false);
    expect(verifiesAfterApply(ctxWith({}, { endpointUrl: 'http://127.0.0.1:4566' }), desired())).to.equal(false);
    expect(
      verifiesAfterApply(ctxWith({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', CFALIAS_VERIFY_EDGE: '127.0.0.1:8443' }), desired()),
    ).to.equal(true);
    expect(verifiesAfterApply(ctxWith({}, { sandbox: 'world.json' }), desired(true))).to.equal(false);
    expect(verifiesAfterApply(ctxWith({}), desired(false))).to.equal(false);
  });
});

describe('cfalias verify with --sandbox', () => {
  it('is refused, pointing at sandbox serve (an in-process world has no network to probe)', async () => {
    const ws = await makeWorkspace({ 'world.json': '{}', 'cfalias.yaml': 'version: 1\n' });
    try {
      const run = await runCli(ws, ['--sandbox', 'world.json', 'verify']);
      expect(run.code).to.equal(1);
      expect(run.stderr, run.stderr).to.include('serve it with `cfalias sandbox serve world.json` and run verify (without --sandbox)');
    } finally {
      await ws.remove();
    }
  });
});

describe('cfalias verify against sandbox serve', function () {
  this.timeout(60_000);
  let ws: Workspace;
  beforeEach(async () => {
    ws = await makeWorkspace({
      'world.json': await readFile(join(DEMO, 'world.json'), 'utf8'),
      'cfalias.yaml': await readFile(join(DEMO, 'cfalias.yaml'), 'utf8'),
    });
  });
  afterEach(async () => {
    await ws.remove();
  });

  it('passes DNS, TLS and HTTP for every moved alias after apply; a certificate without an alias fails TLS for exactly that alias', async () => {
    const first = await serve(ws);
    expect(Object.keys(verifyEnv(first.env))).to.deep.equal(['CFALIAS_VERIFY_RESOLVERS', 'CFALIAS_VERIFY_EDGE', 'CFALIAS_VERIFY_CA_FILE']);
    const verifyArgs = ['verify', '--json', '--http-path', '/', '--http-header', 'x-cfalias-distribution'];
    try {
      await withAwsEnv(first.env, async () => {
        const apply = await runCli(ws, ['apply', '--auto-approve'], { env: first.env });
        expect(apply.stderr).to.equal('');
        expect(apply.code).to.equal(0);
        // The verify step of apply: on, since the printed CFALIAS_VERIFY_* point the checks at the sandbox.
        expect(apply.stdout).to.include('\nLive checks after apply (cfalias verify repeats them):\n');
        expect(apply.stdout).to.include('Verify: 18 checks: 18 passed, 0 failed, 0 propagating, 0 warnings.\n');

        const verify = await runCli(ws, verifyArgs, { env: first.env });
        expect(verify.stderr).to.equal('');
        const report = JSON.parse(verify.stdout) as { ok: boolean; results: LiveCheckResult[] };
        expect(report.results.filter((r) => r.status !== 'pass').map((r) => `${r.alias} ${r.kind}: ${r.summary}`)).to.deep.equal([]);
        expect(report.ok).to.equal(true);
        expect(verify.code).to.equal(0);
        for (const alias of MOVED) {
          const kinds = report.results.filter((r) => r.alias === alias).map((r) => `${r.kind} ${r.source.split(' ')[0]}`);
          expect(kinds, alias).to.deep.equal([
            'dns route53',
            `dns ${first.env['CFALIAS_VERIFY_RESOLVERS']}`,
            `tls ${first.env['CFALIAS_VERIFY_EDGE']}`,
            'http HEAD',
          ]);
        }
        // Green answers for the aliases it took, blue for the one it took back.
        const http = report.results.find((r) => r.kind === 'http' && r.alias === 'media.example.com')!;
        expect(http.summary).to.equal('HEAD https://media.example.com/ answered 200 with x-cfalias-distribution: E1BLUE7QX4M2ZK');
        const tls = report.results.find((r) => r.kind === 'tls' && r.alias === 'shop.example.net')!;
        expect(tls.details).to.deep.include({
          subject: 'CN=example.com',
          subjectAlternativeNames: ['example.com', '*.example.com', 'shop.example.net'],
          issuer: 'CN=cfalias sandbox edge CA (throwaway)',
        });
      });
    } finally {
      await first.stop();
    }

    await dropGreenSan(ws, 'shop.example.net');

    const second = await serve(ws);
    try {
      await withAwsEnv(second.env, async () => {
        const verify = await runCli(ws, verifyArgs, { env: second.env });
        const report = JSON.parse(verify.stdout) as { ok: boolean; results: LiveCheckResult[] };
        const failed = report.results.filter((r) => r.status !== 'pass');
        expect(failed.filter((r) => r.kind !== 'http').map((r) => `${r.alias} ${r.kind}: ${r.summary}`)).to.deep.equal([
          'shop.example.net tls: the certificate does not cover shop.example.net: missing SAN shop.example.net (it has example.com, *.example.com)',
        ]);
        // A client that checks certificates (the HTTP check is one) cannot reach that alias either.
        expect(failed.filter((r) => r.kind === 'http').map((r) => r.alias)).to.deep.equal(['shop.example.net']);
        expect(report.ok).to.equal(false);
        expect(verify.code).to.equal(7);

        // A failed live check after a successful apply: exit 7, and the apply's change stays.
        await ws.write('cfalias.yaml', (await ws.read('cfalias.yaml')).replace('status.example.com: green', 'status.example.com: blue'));
        const apply = await runCli(ws, ['apply', '--auto-approve', '--no-color'], { env: second.env });
        expect(apply.stderr).to.equal('');
        expect(apply.stdout).to.include('Apply complete: 1 alias changed');
        expect(apply.stdout).to.include('missing SAN shop.example.net');
        expect(apply.stdout).to.include('A live check failed. Nothing was rolled back');
        expect(apply.code).to.equal(7);
        const after = await runCli(ws, ['plan', '--detailed-exitcode'], { env: second.env });
        expect(after.stdout).to.include('No changes.');

        const human = await runCli(ws, ['verify', '--no-color'], { env: second.env });
        expect(human.code).to.equal(7);
        expect(human.stdout).to.include('  ✗ tls fail  ');
        expect(human.stdout).to.include('Verify: 18 checks: 17 passed, 1 failed, 0 propagating, 0 warnings.');
        const markdown = await runCli(ws, ['verify', '--markdown'], { env: second.env });
        expect(markdown.stdout).to.include('| `shop.example.net` | tls |');
      });
    } finally {
      await second.stop();
    }
  });
});

describe('cfalias verify of a registry of accounts against sandbox serve', function () {
  this.timeout(60_000);
  let ws: Workspace;
  beforeEach(async () => {
    ws = await makeWorkspace({
      'world.json': await readFile(join(REGISTRY, 'world.json'), 'utf8'),
      'cfalias.yaml': await readFile(join(REGISTRY, 'cfalias.yaml'), 'utf8'),
    });
  });
  afterEach(async () => {
    await ws.remove();
  });

  it('checks each alias in the account whose zone holds it, before and after the cross-account move, with --endpoint-url', async () => {
    const served = await serve(ws);
    // The endpoint given as --endpoint-url instead of AWS_ENDPOINT_URL.
    const { AWS_ENDPOINT_URL: endpoint, ...env } = served.env;
    const verify = async (): Promise<{ code: number; report: { ok: boolean; results: LiveCheckResult[] } }> => {
      const run = await runCli(ws, ['--endpoint-url', endpoint!, 'verify', '--json'], { env });
      expect(run.stderr).to.equal('');
      return { code: run.code, report: JSON.parse(run.stdout) as { ok: boolean; results: LiveCheckResult[] } };
    };
    const lines = (results: readonly LiveCheckResult[]): string[] =>
      results.map((r) => `${r.alias} ${r.kind} ${r.source.split(' ')[0]} ${r.status}`);
    try {
      await withAwsEnv(env, async () => {
        // Before: Route 53 (in the DNS account) still sends every alias to the agency's distribution.
        const before = await verify();
        expect(before.code).to.equal(7);
        expect(lines(before.report.results.filter((r) => r.kind === 'dns' && r.source.startsWith('route53')))).to.deep.equal([
          'a.example.com dns route53 fail',
          'b.example.com dns route53 fail',
          'c.example.com dns route53 fail',
        ]);
        expect(before.report.results.find((r) => r.alias === 'a.example.com' && r.kind === 'dns')!.summary).to.equal(
          'a.example.com leads to d1oldagency7q2.cloudfront.net, not to d2newprod5t8w3.cloudfront.net',
        );

        const apply = await runCli(ws, ['--endpoint-url', endpoint!, 'apply', '--auto-approve'], { env });
        expect(apply.stderr).to.equal('');
        expect(apply.code).to.equal(0);
        expect(apply.stdout).to.include('Verify: 9 checks: 9 passed, 0 failed, 0 propagating, 0 warnings.\n');

        const after = await verify();
        expect(after.code).to.equal(0);
        expect(after.report.ok).to.equal(true);
        const resolvers = env['CFALIAS_VERIFY_RESOLVERS']!;
        const edge = env['CFALIAS_VERIFY_EDGE']!;
        expect(lines(after.report.results)).to.deep.equal(
          ['a.example.com', 'b.example.com', 'c.example.com'].flatMap((alias) => [
            `${alias} dns route53 pass`,
            `${alias} dns ${resolvers} pass`,
            `${alias} tls ${edge} pass`,
          ]),
        );
      });
    } finally {
      await served.stop();
    }
  });
});
