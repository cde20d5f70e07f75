/**
 * `cfalias verify`: proves the cutover live, not only in the API. For every managed alias with a
 * target distribution: what Route 53 holds, what the resolvers answer (propagating within a TTL is
 * not a failure), the certificate the edge serves with the alias as SNI, and (opt-in) an HTTPS
 * request. Exit 7 when a check fails; nothing is changed or rolled back.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import {
  DEFAULT_EXPIRY_WARNING_DAYS,
  inventoryScope,
  liveChecksFailed,
  type DesiredState,
  type LiveCheckResult,
  type VerifySettings,
} from '@cfalias/core';
import { systemResolver } from '@cfalias/providers';
import { resolvePath, type CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import type { CommandOutcome } from '../outcome.js';
import type { Colors } from '../render/format.js';
import { openProvider, type ProviderSession } from '../providers.js';
import { desiredExpectation } from '../registry-providers.js';
import { readDesired } from './desired-input.js';
import { runLiveChecks, type LiveCheckSettings } from './verify-checks.js';

export interface VerifyCommandOptions {
  /** `host:port` of resolvers to ask; default CFALIAS_VERIFY_RESOLVERS (comma-separated), else the system resolver. */
  readonly resolver?: readonly string[];
  /** Open TLS/HTTPS connections here; default CFALIAS_VERIFY_EDGE, else each alias on port 443. */
  readonly edge?: string;
  /** A PEM file of CA certificates to trust; default CFALIAS_VERIFY_CA_FILE. */
  readonly caFile?: string;
  readonly warningDays?: number;
  readonly httpPath?: string;
  readonly httpMethod?: 'HEAD' | 'GET';
  readonly httpStatus?: number;
  /** `name` or `name=value` */
  readonly httpHeader?: string;
  readonly json?: boolean;
  readonly markdown?: boolean;
}

export async function runVerify(ctx: CommandContext, options: VerifyCommandOptions): Promise<CommandOutcome> {
  const { io } = ctx;
  if (options.json && options.markdown) throw new UsageError('choose one of --json and --markdown');
  if (ctx.providerOptions.sandbox !== undefined) {
    throw new UsageError(
      `verify probes DNS, TLS and HTTP over the network, which an in-process world does not have: serve it with \`cfalias sandbox serve ${relative(io.cwd, ctx.providerOptions.sandbox)}\` and run verify (without --sandbox) with the variables it prints`,
    );
  }
  const desired = await readDesired(ctx);
  if (desired === undefined) return 'invalid-input';
  const settings = await verifySettings(ctx, options, desired.verify);
  await using session = await openProvider(ctx.providerOptions, desiredExpectation(desired, ctx.desiredName));
  const results = await checkLive(session, desired, settings);
  const failed = liveChecksFailed(results);
  if (options.json) io.stdout.write(`${JSON.stringify({ v: 1, ok: !failed, results }, null, 2)}\n`);
  else if (options.markdown) io.stdout.write(renderVerifyMarkdown(results));
  else io.stdout.write(renderVerifyHuman(results, ctx.colors));
  return failed ? 'verify-failed' : 'ok';
}

async function checkLive(session: ProviderSession, desired: DesiredState, settings: LiveCheckSettings): Promise<LiveCheckResult[]> {
  const inventory = await session.provider.readInventory(inventoryScope(desired));
  return runLiveChecks(session.provider, desired, inventory, settings);
}

/**
 * Whether apply runs the live checks after it succeeded: `verify.afterApply` when the file says;
 * otherwise yes against AWS itself, and against another endpoint (`sandbox serve`) only when
 * `CFALIAS_VERIFY_*` points the checks somewhere; never with --sandbox (an in-process world has no
 * network to check).
 */
export function verifiesAfterApply(ctx: CommandContext, desired: DesiredState): boolean {
  if (ctx.providerOptions.sandbox !== undefined) return false;
  if (desired.verify?.afterApply !== undefined) return desired.verify.afterApply;
  const env = ctx.io.env;
  const otherEndpoint =
    ctx.providerOptions.endpointUrl !== undefined || Object.keys(env).some((name) => name.startsWith('AWS_ENDPOINT_URL') && env[name]);
  return !otherEndpoint || Object.keys(env).some((name) => name.startsWith('CFALIAS_VERIFY_') && env[name]);
}

/**
 * The verify step of apply: the live checks on the session apply used. A failure is reported with
 * what to do and ends as `verify-failed` (exit 7); nothing is rolled back.
 */
export async function verifyAfterApply(
  ctx: CommandContext,
  session: ProviderSession,
  desired: DesiredState,
  options: { readonly json?: boolean },
): Promise<CommandOutcome> {
  const { io } = ctx;
  const results = await checkLive(session, desired, await verifySettings(ctx, {}, desired.verify));
  if (options.json) {
    for (const result of results) io.stdout.write(`${JSON.stringify({ v: 1, type: 'live-check', ...result })}\n`);
  } else {
    io.stdout.write(`\nLive checks after apply (${ctx.cli} verify repeats them):\n${renderVerifyHuman(results, ctx.colors)}`);
  }
  return liveChecksFailed(results) ? 'verify-failed' : 'ok';
}

async function verifySettings(
  ctx: CommandContext,
  options: VerifyCommandOptions,
  file: VerifySettings | undefined,
): Promise<LiveCheckSettings> {
  const env = ctx.io.env;
  const fromEnv = (env['CFALIAS_VERIFY_RESOLVERS'] ?? '').split(',').filter((r) => r.trim() !== '');
  const chosen = options.resolver?.length ? options.resolver : fromEnv.length > 0 ? fromEnv : (file?.resolvers ?? ['system']);
  const resolvers = chosen.map((r) => (r === 'system' ? systemResolver() : r));
  const edge = options.edge ?? (env['CFALIAS_VERIFY_EDGE'] || undefined);
  const caFile = options.caFile ?? (env['CFALIAS_VERIFY_CA_FILE'] || undefined);
  let ca: string | undefined;
  if (caFile !== undefined) {
    try {
      ca = await readFile(resolvePath(ctx.io, caFile), 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the CA file ${caFile}: ${(error as Error).message}`);
    }
  }
  return {
    resolvers,
    ...(edge !== undefined && { edge }),
    ...(ca !== undefined && { ca }),
    warningDays: options.warningDays ?? file?.warningDays ?? DEFAULT_EXPIRY_WARNING_DAYS,
    ...httpSettings(options, file?.http),
    now: new Date(),
  };
}

/** The HTTP check: the flags when --http-path is given, else `verify.http` of the file, else none. */
function httpSettings(options: VerifyCommandOptions, file: VerifySettings['http']): Pick<LiveCheckSettings, 'http'> {
  if (options.httpPath === undefined) {
    if (file === undefined) return {};
    const header = file.header && {
      name: file.header.name.toLowerCase(),
      ...(file.header.value !== undefined && { value: file.header.value }),
    };
    return {
      http: {
        path: file.path,
        method: file.method ?? 'HEAD',
        expect: { status: file.status ?? 200, ...(header !== undefined && { header }) },
      },
    };
  }
  const headerMatch = options.httpHeader !== undefined ? /^([^=\s]+)(?:=(.*))?$/.exec(options.httpHeader) : null;
  if (options.httpHeader !== undefined && headerMatch === null) throw new UsageError('--http-header takes NAME or NAME=VALUE');
  const header = headerMatch
    ? { name: headerMatch[1]!.toLowerCase(), ...(headerMatch[2] !== undefined && { value: headerMatch[2] }) }
    : undefined;
  return {
    http: {
      path: options.httpPath.startsWith('/') ? options.httpPath : `/${options.httpPath}`,
      method: options.httpMethod ?? 'HEAD',
      expect: { status: options.httpStatus ?? 200, ...(header !== undefined && { header }) },
    },
  };
}

const MARK = { pass: '✓', fail: '✗', warn: '!', propagating: '~' } as const;

function counts(results: readonly LiveCheckResult[]): string {
  const n = (status: LiveCheckResult['status']): number => results.filter((r) => r.status === status).length;
  return `${results.length} checks: ${n('pass')} passed, ${n('fail')} failed, ${n('propagating')} propagating, ${n('warn')} warnings`;
}

function certificateLine(result: LiveCheckResult): string | undefined {
  const d = result.details;
  if (result.kind !== 'tls' || d?.['subject'] === undefined) return undefined;
  const sans = d['subjectAlternativeNames'];
  return `subject ${String(d['subject'])}; SANs ${Array.isArray(sans) ? sans.join(', ') : ''}; issuer ${String(d['issuer'])}; expires ${String(d['validTo'])}`;
}

export function renderVerifyHuman(results: readonly LiveCheckResult[], colors: Colors): string {
  const paint = { pass: colors.green, fail: colors.red, warn: colors.yellow, propagating: colors.yellow } as const;
  const lines: string[] = [];
  let alias: string | undefined;
  for (const result of results) {
    if (result.alias !== alias) {
      alias = result.alias;
      lines.push(`${lines.length > 0 ? '\n' : ''}${colors.bold(alias)}`);
    }
    lines.push(`  ${paint[result.status](`${MARK[result.status]} ${result.kind} ${result.status}`)}  ${result.source}: ${result.summary}`);
    const cert = certificateLine(result);
    if (cert !== undefined) lines.push(`      ${colors.dim(cert)}`);
  }
  const failed = liveChecksFailed(results);
  lines.push('', `Verify: ${counts(results)}.`);
  if (failed)
    lines.push('A live check failed. Nothing was rolled back: fix what the failures name, or move the aliases back with a new plan.');
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderVerifyMarkdown(results: readonly LiveCheckResult[]): string {
  const rows = results.map(
    (r) => `| \`${r.alias}\` | ${r.kind} | ${cell(r.source)} | ${MARK[r.status]} ${r.status} | ${cell(r.summary)} |`,
  );
  return [
    '### cfalias verify',
    '',
    `${liveChecksFailed(results) ? '**Failed.**' : '**Passed.**'} ${counts(results)}.`,
    '',
    '| alias | check | source | status | result |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
