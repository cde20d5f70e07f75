/**
 * Test support: the AWS CLI (botocore, which parses strictly from the service models) pointed at
 * the emulator, as an independent conformance client. Not exported from the package.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether `aws` is on PATH; suites skip with a message saying so when it is not. */
export const awsCliFound = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;

/** The suite title, with the reason when it is skipped. */
export function awsCliSuiteTitle(title: string): string {
  return awsCliFound ? title : `${title} (SKIPPED: the AWS CLI \`aws\` is not on PATH)`;
}

export interface AwsCliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface AwsCliRunner {
  /** The scratch HOME the CLI runs in (files for `file://` arguments can be written there). */
  readonly home: string;
  run(endpoint: string, ...args: string[]): Promise<AwsCliResult>;
  /**
   * `run`, which must succeed with nothing on stderr; its JSON output parsed (undefined when empty).
   * Untyped on purpose: the conformance tests read the CLI's output field by field, as botocore shaped it.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json(endpoint: string, ...args: string[]): Promise<any>;
  dispose(): void;
}

/**
 * A runner with a clean environment: a scratch HOME with empty config, the given access key, no
 * pager, one attempt (so modelled errors surface instead of being retried), nothing inherited but
 * PATH.
 */
export function createAwsCliRunner(accessKeyId: string): AwsCliRunner {
  const home = mkdtempSync(join(tmpdir(), 'cfalias-awscli-'));
  writeFileSync(join(home, 'config'), '');
  const runner: AwsCliRunner = {
    home,
    json: async (endpoint, ...args) => {
      const result = await runner.run(endpoint, ...args);
      if (result.code !== 0 || result.stderr !== '') {
        throw new Error(`aws ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      }
      return result.stdout.trim() === '' ? undefined : (JSON.parse(result.stdout) as unknown);
    },
    run: (endpoint, ...args) =>
      new Promise((resolve) => {
        execFile(
          'aws',
          ['--endpoint-url', endpoint, '--output', 'json', ...args],
          {
            cwd: home,
            env: {
              PATH: process.env['PATH'] ?? '',
              HOME: home,
              AWS_CONFIG_FILE: join(home, 'config'),
              AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
              AWS_ACCESS_KEY_ID: accessKeyId,
              AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
              AWS_DEFAULT_REGION: 'us-east-1',
              AWS_PAGER: '',
              AWS_MAX_ATTEMPTS: '1',
            },
          },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      }),
    dispose: () => rmSync(home, { recursive: true, force: true }),
  };
  return runner;
}
