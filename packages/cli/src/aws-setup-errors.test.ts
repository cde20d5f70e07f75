/**
 * Credentials and connection failures as an AWS CLI user expects them: the CLI spawned from
 * source with its own environment (the SDK reads process.env), so the real credential chain runs.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { DESIRED } from '@cfalias/providers/testing/move-attach-detach';
import { makeWorkspace, type Workspace } from './testing/harness.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const BIN = join(HERE, 'bin.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Ended {
  readonly code: number;
  readonly stderr: string;
}

async function cfalias(ws: Workspace, args: readonly string[], env: Record<string, string>): Promise<Ended> {
  const base = { PATH: process.env['PATH'] ?? '', HOME: ws.dir, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' };
  try {
    await promisify(execFile)(process.execPath, ['--conditions=source', '--import', TSX, BIN, ...args], {
      cwd: ws.dir,
      env: { ...base, ...env },
      timeout: 30_000,
    });
    return { code: 0, stderr: '' };
  } catch (error) {
    const e = error as { code?: number; stderr?: string };
    return { code: e.code ?? -1, stderr: e.stderr ?? '' };
  }
}

describe('AWS set-up errors, as the AWS CLI words them', function () {
  this.timeout(60_000);
  let ws: Workspace;
  beforeEach(async () => {
    ws = await makeWorkspace({
      'cfalias.yaml': DESIRED,
      'aws-config': '[default]\nregion = us-east-1\n\n[profile ops]\nregion = eu-west-1\n\n[sso-session corp]\nsso_region = us-east-1\n',
      'aws-credentials': '[ops]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n',
    });
  });
  afterEach(async () => {
    await ws.remove();
  });

  it('--profile nope: names the files searched and the profiles they hold', async () => {
    const env = { AWS_CONFIG_FILE: ws.path('aws-config'), AWS_SHARED_CREDENTIALS_FILE: ws.path('aws-credentials') };
    const run = await cfalias(ws, ['--profile', 'nope', 'inventory'], env);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include(
      `error: profile nope not found in ${ws.path('aws-config')} or ${ws.path('aws-credentials')} (profiles there: default, ops)\n`,
    );
  });

  it('an endpoint that does not answer is named as unreachable', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1' };
    const run = await cfalias(ws, ['--endpoint-url', 'http://127.0.0.1:9', 'inventory'], env);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('error: cannot reach the endpoint http://127.0.0.1:9: it is unreachable (ECONNREFUSED)');
  });
});
