/**
 * AWS set-up failures in the words of the AWS CLI: a profile that does not exist names the files
 * searched and the profiles they hold; missing credentials say where the SDK looked; an endpoint
 * that does not answer is named as unreachable. Anything else passes through unchanged.
 */
import { join } from 'node:path';
import { CONFIG_PREFIX_SEPARATOR, getHomeDir, loadSharedConfigFiles } from '@smithy/core/config';
import { UsageError, ProviderUnavailableError } from './errors.js';

/** The AWS options of the command, as given (`--profile`, `--endpoint-url`). */
export interface AwsSetup {
  readonly profile?: string;
  readonly endpointUrl?: string;
  /** The process environment the SDK reads (AWS_PROFILE, AWS_CONFIG_FILE...). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

/** A clearer error for a credentials or connection failure found anywhere in `error`'s cause chain; else `error`. */
export async function explainAwsSetupError(error: unknown, setup: AwsSetup): Promise<unknown> {
  const chain = causeChain(error);
  const credentials = chain.find((e) => e.name === 'CredentialsProviderError');
  if (credentials !== undefined) return explainCredentials(credentials, setup);
  const unreachable = chain.find((e) => UNREACHABLE_CODES.has(String((e as { code?: unknown }).code)));
  if (unreachable !== undefined) {
    const code = String((unreachable as { code?: unknown }).code);
    const where = setup.endpointUrl !== undefined ? `the endpoint ${setup.endpointUrl}` : 'AWS';
    const hint =
      setup.endpointUrl !== undefined
        ? 'is it running, and is the URL right (scheme, host, port)?'
        : 'check the network, proxy settings (HTTPS_PROXY) and --region';
    return new ProviderUnavailableError(`cannot reach ${where}: it is unreachable (${code}); ${hint}`, { cause: error });
  }
  return error;
}

async function explainCredentials(failure: Error, setup: AwsSetup): Promise<Error> {
  const profile = setup.profile ?? setup.env['AWS_PROFILE'];
  const configFile = setup.env['AWS_CONFIG_FILE'] ?? join(getHomeDir(), '.aws', 'config');
  const credentialsFile = setup.env['AWS_SHARED_CREDENTIALS_FILE'] ?? join(getHomeDir(), '.aws', 'credentials');
  if (profile === undefined) {
    return new UsageError(
      'no AWS credentials found (environment variables, the default profile in ' +
        `${configFile} or ${credentialsFile}, SSO, container or instance role): pass --profile NAME or set AWS_PROFILE, ` +
        'run `aws configure` or `aws sso login`, or rehearse offline with --sandbox world.json',
      { cause: failure },
    );
  }
  const known = await profileNames(configFile, credentialsFile);
  if (!known.includes(profile)) {
    const available = known.length > 0 ? `profiles there: ${known.join(', ')}` : 'no profiles there';
    return new UsageError(`profile ${profile} not found in ${configFile} or ${credentialsFile} (${available})`, { cause: failure });
  }
  return new UsageError(`the credentials of profile ${profile} could not be loaded: ${failure.message}`, { cause: failure });
}

/** Profile names of both shared files, sorted; sections such as `sso-session` are not profiles. */
async function profileNames(configFilepath: string, filepath: string): Promise<string[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ configFilepath, filepath, ignoreCache: true });
  const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)]);
  return [...names].filter((name) => !name.includes(CONFIG_PREFIX_SEPARATOR)).sort();
}

function causeChain(error: unknown): Error[] {
  const out: Error[] = [];
  for (let e: unknown = error; e instanceof Error && out.length < 10; e = e.cause) out.push(e);
  return out;
}
