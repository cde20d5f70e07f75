/**
 * Sandbox fixtures shared by the engine tests: a two-distribution world (blue holds www and api,
 * green nothing), hand-built plans over it, and a rig that applies on simulated time and counts
 * mutating calls. Figures: deploySeconds 300, dnsSyncSeconds 30, no API latency.
 */
import {
  applyPlan,
  computePlanDigest,
  SimulatedClock,
  type ApplyEvent,
  type ApplyOptions,
  type ApplyResult,
  type Change,
  type CutoverProvider,
  type Plan,
  type PlanStep,
  type UpdateAliasesStep,
  type VerifyStep,
  type WaitDeployedStep,
} from '@cfalias/core';
// Not public API: resuming with every step started is how these tests exercise the resume rules directly.
import { applyFrom } from '../../../core/src/apply/executor.js';
import { createSandboxProvider, SandboxWorld, type WorldDocument } from '../sandbox/index.js';

export const NOW = '2026-01-01T00:00:00.000Z';
export const BLUE = 'E1BLUEBLUEBLUE';
export const GREEN = 'E2GREENGREENGR';
export const BLUE_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/blue';
export const GREEN_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/green';
export const ZONE = 'Z1EXAMPLE';
export const MUTATING = [
  'UpdateDistribution',
  'UpdateDistributionTenant',
  'AssociateAlias',
  'UpdateDomainAssociation',
  'ChangeResourceRecordSets',
];

export type Faults = NonNullable<WorldDocument['faults']>;

/** blue holds www (A alias) and api (CNAME); green holds nothing; the TXT for moving www to green exists. */
export function worldDocument(overrides: { blueAliases?: string[]; apiCname?: string; faults?: Faults } = {}): WorldDocument {
  return {
    version: 1,
    caller: '111111111111',
    now: NOW,
    settings: { deploySeconds: 300, dnsSyncSeconds: 30 },
    accounts: [
      {
        id: '111111111111',
        distributions: [
          {
            id: BLUE,
            domainName: 'd1blue.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: overrides.blueAliases ?? ['www.example.com', 'api.example.com'],
            certificateArn: BLUE_CERT,
          },
          {
            id: GREEN,
            domainName: 'd2green.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: [],
            certificateArn: GREEN_CERT,
          },
        ],
        certificates: [
          {
            arn: BLUE_CERT,
            domainName: 'example.com',
            subjectAlternativeNames: ['example.com', '*.example.com'],
            status: 'ISSUED',
            notAfter: '2027-06-01T00:00:00Z',
          },
          {
            arn: GREEN_CERT,
            domainName: 'example.com',
            subjectAlternativeNames: ['example.com', '*.example.com'],
            status: 'ISSUED',
            notAfter: '2027-06-01T00:00:00Z',
          },
        ],
        hostedZones: [
          {
            id: ZONE,
            name: 'example.com.',
            records: [
              { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
              { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: [overrides.apiCname ?? 'd1blue.cloudfront.net'] },
              { name: '_www.example.com.', type: 'TXT', ttl: 300, values: ['"d2green.cloudfront.net"'] },
            ],
          },
        ],
      },
    ],
    faults: overrides.faults ?? [],
  };
}

/** A hand-built plan; `changes` (default none: every alias counts in alias-set comparisons) says which aliases it changes. */
export function planOf(steps: PlanStep[], changes: Change[] = []): Plan {
  const body: Omit<Plan, 'digest'> = {
    formatVersion: 4,
    createdAt: NOW,
    account: '111111111111',
    desiredDigest: 'sha256:desired',
    summary: { attach: 0, detach: 0, move: 1, noop: 0, errors: 0, warnings: 0 },
    changes,
    diagnostics: [],
    distributions: [],
    steps,
    estimate: { seconds: 0, waitPhases: 0 },
    basis: { environment: 'sandbox', readAt: '2026-12-01T00:00:00.000Z', distributions: [], holders: [], certificates: [], records: [] },
  };
  // A real digest: journaled plans are verified on resume.
  return { ...body, digest: computePlanDigest(body) };
}

/** The phase-1 removal of api.example.com from blue, which keeps www.example.com. */
export const removeApiFromBlue: UpdateAliasesStep = {
  id: `update-aliases:${BLUE}:p1`,
  kind: 'update-aliases',
  dependsOn: [],
  phase: 1,
  distribution: BLUE,
  remove: ['api.example.com'],
  add: [],
  precondition: { aliases: ['api.example.com', 'www.example.com'], enabled: true, certificateArn: BLUE_CERT },
  postcondition: { aliases: ['www.example.com'] },
};

/** The wait for `distribution`'s deployment in `phase`, after the step `after`. */
export function waitDeployedStep(distribution: string, phase: number, after: string): WaitDeployedStep {
  return { id: `wait-deployed:${distribution}:p${phase}`, kind: 'wait-deployed', dependsOn: [after], phase, distribution };
}

/** The verify of `distribution`: it holds `aliases`, and `dns` names it. */
export function verifyStep(
  distribution: string,
  aliases: string[],
  options: { readonly dependsOn?: string[]; readonly phase?: number; readonly dns?: VerifyStep['dns'] } = {},
): VerifyStep {
  return {
    id: `verify:${distribution}`,
    kind: 'verify',
    dependsOn: options.dependsOn ?? [],
    phase: options.phase ?? 1,
    distribution,
    aliases,
    dns: options.dns ?? [],
  };
}

/** detach-attach of api.example.com from blue to green, repointing its CNAME in between: 300 + 30 + 300 s. */
export const detachAttachApi = planOf(
  [
    removeApiFromBlue,
    waitDeployedStep(BLUE, 1, removeApiFromBlue.id),
    {
      id: `change-dns:${ZONE}:mid`,
      kind: 'change-dns',
      dependsOn: [`wait-deployed:${BLUE}:p1`],
      phase: 1,
      zoneId: ZONE,
      zoneName: 'example.com.',
      changes: [{ action: 'UPSERT', record: { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d2green.cloudfront.net'] } }],
      precondition: {
        records: [
          {
            name: 'api.example.com.',
            type: 'CNAME',
            record: { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
          },
        ],
      },
      postcondition: {
        records: [
          {
            name: 'api.example.com.',
            type: 'CNAME',
            record: { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d2green.cloudfront.net'] },
          },
        ],
      },
    },
    {
      id: `wait-dns:${ZONE}:mid`,
      kind: 'wait-dns',
      dependsOn: [`change-dns:${ZONE}:mid`],
      phase: 1,
      zoneId: ZONE,
      changeStep: `change-dns:${ZONE}:mid`,
    },
    {
      id: `update-aliases:${GREEN}:p2`,
      kind: 'update-aliases',
      dependsOn: [`wait-dns:${ZONE}:mid`],
      phase: 2,
      distribution: GREEN,
      remove: [],
      add: ['api.example.com'],
      precondition: { aliases: [], enabled: true, certificateArn: GREEN_CERT },
      postcondition: { aliases: ['api.example.com'] },
    },
    waitDeployedStep(GREEN, 2, `update-aliases:${GREEN}:p2`),
    verifyStep(BLUE, ['www.example.com'], { dependsOn: [`wait-deployed:${BLUE}:p1`] }),
    verifyStep(GREEN, ['api.example.com'], {
      dependsOn: [`wait-deployed:${GREEN}:p2`],
      phase: 2,
      dns: [{ zoneId: ZONE, name: 'api.example.com.', pointsAt: 'd2green.cloudfront.net' }],
    }),
  ],
  [{ alias: 'api.example.com', action: 'move', from: BLUE, to: GREEN, strategy: 'detach-attach', downtimeSeconds: 330 }],
);

export const wwwOnBlue = {
  name: 'www.example.com.',
  type: 'A',
  aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' },
};
export const wwwOnGreen = {
  name: 'www.example.com.',
  type: 'A',
  aliasTarget: { dnsName: 'd2green.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2', evaluateTargetHealth: false },
};

/** move of www.example.com to green with AssociateAlias (TXT present), then the A record: 300 + 30 s. */
export const moveWww = planOf(
  [
    {
      id: 'move-alias:www.example.com',
      kind: 'move-alias',
      dependsOn: [],
      phase: 1,
      alias: 'www.example.com',
      from: BLUE,
      to: GREEN,
      api: 'associate-alias',
      precondition: { aliasOn: BLUE },
      postcondition: { aliasOn: GREEN },
    },
    waitDeployedStep(GREEN, 1, 'move-alias:www.example.com'),
    {
      id: `change-dns:${ZONE}:post`,
      kind: 'change-dns',
      dependsOn: [`wait-deployed:${GREEN}:p1`],
      phase: 1,
      zoneId: ZONE,
      zoneName: 'example.com.',
      changes: [{ action: 'UPSERT', record: wwwOnGreen }],
      precondition: { records: [{ name: 'www.example.com.', type: 'A', record: wwwOnBlue }] },
      postcondition: { records: [{ name: 'www.example.com.', type: 'A', record: wwwOnGreen }] },
    },
    {
      id: `wait-dns:${ZONE}:post`,
      kind: 'wait-dns',
      dependsOn: [`change-dns:${ZONE}:post`],
      phase: 1,
      zoneId: ZONE,
      changeStep: `change-dns:${ZONE}:post`,
    },
    verifyStep(GREEN, ['www.example.com'], {
      dependsOn: [`wait-dns:${ZONE}:post`],
      dns: [{ zoneId: ZONE, name: 'www.example.com.', pointsAt: 'd2green.cloudfront.net' }],
    }),
  ],
  [{ alias: 'www.example.com', action: 'move', from: BLUE, to: GREEN, strategy: 'move', downtimeSeconds: 0 }],
);

export interface Rig {
  readonly world: SandboxWorld;
  readonly provider: CutoverProvider;
  readonly clock: SimulatedClock;
  readonly events: ApplyEvent[];
  apply(plan: Plan, options?: Partial<ApplyOptions>): Promise<ApplyResult>;
  /** Runs the plan as a resume whose journal shows every step started (each may find itself done). */
  resumeStarted(plan: Plan): Promise<ApplyResult>;
  mutatingCalls(): number;
}

export function rig(doc: WorldDocument): Rig {
  const clock = new SimulatedClock(Date.parse(NOW));
  const world = SandboxWorld.fromDocument(doc, { clock });
  const provider = createSandboxProvider(world);
  const events: ApplyEvent[] = [];
  return {
    world,
    provider,
    clock,
    events,
    apply: (plan, options = {}) => applyPlan(plan, { provider, clock, random: () => 0.5, onEvent: (e) => events.push(e), ...options }),
    resumeStarted: (plan) =>
      applyFrom(
        plan,
        { provider, clock, random: () => 0.5, onEvent: (e) => events.push(e) },
        { resumed: true, done: new Set(), started: new Set(plan.steps.map((s) => s.id)), dnsChanges: new Map() },
      ),
    mutatingCalls: () => MUTATING.reduce((sum, op) => sum + world.callCount(op), 0),
  };
}

export const seconds = (result: ApplyResult): number => (result.finishedAt - result.startedAt) / 1000;
