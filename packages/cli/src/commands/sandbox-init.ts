/**
 * `cfalias sandbox init [--dir DIR] [--force]`: writes a small starter sandbox — `world.json` (two
 * distributions, blue and green, one ACM certificate, one hosted zone with an alias record and a
 * CNAME), `cfalias.yaml` (a commented cutover of both aliases from blue to green) and
 * `world.schema.json` (what the world's `"$schema"` names, so an editor validates it) — then
 * prints what each part is and the commands to run next. Existing files are never overwritten
 * without `--force`; with it, each is replaced atomically.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseWorldDocument, worldSchemaText, type WorldDocument } from '@cfalias/providers';
import { resolvePath, type CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../io/files.js';
import type { CommandOutcome } from '../outcome.js';

export interface SandboxInitOptions {
  /** Where to write the files; default the working directory (created when missing). */
  readonly dir?: string;
  /** Replace files that already exist. */
  readonly force?: boolean;
}

const ACCOUNT = '111111111111';
const BLUE = { id: 'E1BLUE2EXAMPLE', domainName: 'd1blue2example.cloudfront.net' };
const GREEN = { id: 'E2GREEN3EXAMPL', domainName: 'd2green3exampl.cloudfront.net' };
const CERTIFICATE = 'arn:aws:acm:us-east-1:111111111111:certificate/0b5e3c1a-4f2d-4e8b-9a6c-7d1e2f3a4b5c';
/** The hosted zone id every CloudFront alias record targets (fixed by AWS). */
const CLOUDFRONT_ZONE = 'Z2FDTNDATAQYW2';

/** The starter world. It validates: the command checks it before writing it. */
export const STARTER_WORLD: WorldDocument = {
  $schema: './world.schema.json',
  $comment: [
    'A starter sandbox world for cfalias (format: docs/world-format.md; schema: world.schema.json).',
    'Account 111111111111 has two CloudFront distributions: at the start, blue serves www.example.com and api.example.com and green (the new release) none.',
    'One ACM certificate (example.com and *.example.com) is ISSUED and used by both, so either can serve both aliases.',
    'Hosted zone example.com.: www is an A alias record (aliasTarget) and api a CNAME (ttl + values), both pointing at blue at the start.',
    'Time is simulated from "now": a deployment takes settings.deploySeconds, a DNS change settings.dnsSyncSeconds.',
  ],
  version: 1,
  caller: ACCOUNT,
  now: '2026-12-01T02:00:00Z',
  settings: { deploySeconds: 300, dnsSyncSeconds: 60 },
  accounts: [
    {
      id: ACCOUNT,
      distributions: [
        {
          ...BLUE,
          enabled: true,
          status: 'Deployed',
          aliases: ['api.example.com', 'www.example.com'],
          certificateArn: CERTIFICATE,
          config: { Comment: 'blue: serves production today' },
        },
        {
          ...GREEN,
          enabled: true,
          status: 'Deployed',
          aliases: [],
          certificateArn: CERTIFICATE,
          config: { Comment: 'green: the next release, to take over www and api' },
        },
      ],
      certificates: [
        {
          arn: CERTIFICATE,
          domainName: 'example.com',
          subjectAlternativeNames: ['example.com', '*.example.com'],
          status: 'ISSUED',
          notAfter: '2027-12-01T00:00:00Z',
        },
      ],
      hostedZones: [
        {
          id: 'Z0EXAMPLE4ZONE',
          name: 'example.com.',
          records: [
            {
              name: 'www.example.com.',
              type: 'A',
              aliasTarget: { dnsName: `${BLUE.domainName}.`, hostedZoneId: CLOUDFRONT_ZONE, evaluateTargetHealth: false },
            },
            { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: [BLUE.domainName] },
          ],
        },
      ],
    },
  ],
};

/** The starter desired state: both aliases move from blue to green. */
export const STARTER_DESIRED = `# cfalias.yaml: the aliases you want, and where. \`cfalias plan\` compares it with what is live
# (here: the sandbox world in world.json) and shows the steps; \`cfalias apply\` carries them out.
# Every field: docs/desired-state.md.

# Format version of this file: always 1.
version: 1

# Guard: refuse to run against any other AWS account. Quoted: unquoted, YAML reads a number.
account: "${ACCOUNT}"

# Logical names for distribution ids, usable as alias targets below.
distributions:
  blue: ${BLUE.id}     # ${BLUE.domainName}, serves production today
  green: ${GREEN.id}   # ${GREEN.domainName}, the next release

# How every alias is moved and its DNS handled (an alias can override both: docs/desired-state.md).
defaults:
  # auto: move an alias with AssociateAlias when the target's certificate covers it and the
  # _<alias> TXT record exists or can be created (no downtime); else remove it, wait, add it
  # (detach-attach, with downtime). Also: move, detach-attach.
  strategy: auto
  # route53: repoint the alias's Route 53 records at its new distribution; none: leave DNS alone.
  dns: route53

# Uncomment to refuse to apply outside a maintenance window (UTC, quoted; the sandbox's clock
# starts at the world's "now", 2026-12-01T02:00:00Z).
# window:
#   start: "2026-12-01T02:00:00Z"
#   end: "2026-12-01T04:00:00Z"

# The managed aliases: alias -> logical name or distribution id (null: remove it from the distribution holding it).
# Aliases not listed here are left alone.
aliases:
  www.example.com: green   # an A alias record today, repointed at green after the move
  api.example.com: green   # a CNAME today, repointed at green after the move
`;

const FILES = ['world.json', 'cfalias.yaml', 'world.schema.json'] as const;

export async function runSandboxInit(ctx: CommandContext, options: SandboxInitOptions): Promise<CommandOutcome> {
  const { io } = ctx;
  const dir = resolvePath(io, options.dir ?? '.');
  const shown = relative(io.cwd, dir);
  const contents: Record<(typeof FILES)[number], string> = {
    'world.json': `${JSON.stringify(parseWorldDocument(JSON.stringify(STARTER_WORLD), 'world.json'), null, 2)}\n`,
    'cfalias.yaml': STARTER_DESIRED,
    'world.schema.json': worldSchemaText(),
  };
  if (!options.force) {
    const existing = (await Promise.all(FILES.map(async (name) => ((await exists(join(dir, name))) ? name : undefined)))).filter(
      (name) => name !== undefined,
    );
    if (existing.length > 0) {
      const where = shown === '' ? '' : ` in ${shown}`;
      throw new UsageError(
        `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}${where}: not overwritten (--force replaces them)`,
      );
    }
  }
  await mkdir(dir, { recursive: true });
  for (const name of FILES) await writeFileAtomic(join(dir, name), contents[name]);
  io.stdout.write(nextSteps(shown));
  return 'ok';
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return false;
    throw error;
  }
}

function nextSteps(dir: string): string {
  const inDir = dir === '' ? '' : ` in ${dir}`;
  return [
    `Wrote a starter sandbox${inDir}:`,
    '',
    '  world.json         the sandbox world: what cfalias sees instead of AWS (its "$comment" says the same)',
    `    - account ${ACCOUNT} with two CloudFront distributions: blue (${BLUE.id}) serves`,
    `      www.example.com and api.example.com; green (${GREEN.id}) has no aliases yet`,
    '    - an ACM certificate for example.com and *.example.com, ISSUED, used by both',
    '    - the hosted zone example.com.: www is an A alias record ("aliasTarget"), api a CNAME',
    '      ("ttl" and "values"), both pointing at blue',
    '    - settings: a deployment takes 300 s, a DNS change 60 s, of simulated time (no real waiting)',
    '  cfalias.yaml       the desired state: www and api move to green (each field explained in its comments)',
    '  world.schema.json  the JSON Schema that world.json names in "$schema", so an editor validates it',
    '                     (refresh it with `cfalias sandbox schema > world.schema.json`)',
    '',
    'Next:',
    '',
    ...(dir === '' ? [] : [`  cd ${dir}`]),
    '  cfalias validate                         # check cfalias.yaml',
    '  cfalias --sandbox world.json plan         # the steps: TXT proofs, two moves, DNS repointed',
    '  cfalias --sandbox world.json apply        # carry them out (world.json is saved with the result)',
    '  cfalias --sandbox world.json plan         # again: no changes',
    '  cfalias --sandbox world.json inventory    # who holds each alias now',
    '',
    'Edit world.json to rehearse your own setup: the format is in docs/world-format.md.',
    '',
  ].join('\n');
}
