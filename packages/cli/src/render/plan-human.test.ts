import { expect } from 'chai';
import type { Plan } from '@cfalias/core';
import { createPalette } from './format.js';
import { renderPlan } from './plan-human.js';

const plain = createPalette({ flag: false, env: {}, isTTY: false });

/** The sample plan's steps: blue's removal and its wait, the DNS repoint, a move, green's add, its wait and verify. */
function sampleSteps(): Plan['steps'] {
  return [
    {
      id: 'update-aliases:E1BLUE:p1',
      kind: 'update-aliases',
      dependsOn: [],
      phase: 1,
      distribution: 'E1BLUE',
      remove: ['api.example.com', 'old.example.com'],
      add: [],
      precondition: { aliases: ['api.example.com', 'old.example.com', 'www.example.com'], enabled: true, certificateArn: 'arn:c' },
      postcondition: { aliases: ['www.example.com'] },
    },
    { id: 'wait-deployed:E1BLUE:p1', kind: 'wait-deployed', dependsOn: ['update-aliases:E1BLUE:p1'], phase: 1, distribution: 'E1BLUE' },
    {
      id: 'change-dns:Z1:mid',
      kind: 'change-dns',
      dependsOn: ['wait-deployed:E1BLUE:p1'],
      phase: 1,
      zoneId: 'Z1',
      zoneName: 'example.com.',
      changes: [{ action: 'UPSERT', record: { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d2green.cloudfront.net'] } }],
      precondition: { records: [] },
      postcondition: { records: [] },
    },
    {
      id: 'wait-dns:Z1:mid',
      kind: 'wait-dns',
      dependsOn: ['change-dns:Z1:mid'],
      phase: 1,
      zoneId: 'Z1',
      changeStep: 'change-dns:Z1:mid',
    },
    {
      id: 'move-alias:www.example.com',
      kind: 'move-alias',
      dependsOn: ['update-aliases:E1BLUE:p1'],
      phase: 1,
      alias: 'www.example.com',
      from: 'E1BLUE',
      to: 'E2GREEN',
      api: 'update-domain-association',
      precondition: { aliasOn: 'E1BLUE' },
      postcondition: { aliasOn: 'E2GREEN' },
    },
    {
      id: 'update-aliases:E2GREEN:p2',
      kind: 'update-aliases',
      dependsOn: ['wait-dns:Z1:mid'],
      phase: 2,
      distribution: 'E2GREEN',
      remove: [],
      add: ['api.example.com'],
      precondition: { aliases: ['new.example.com', 'same.example.com', 'www.example.com'], enabled: true, certificateArn: 'arn:g' },
      postcondition: { aliases: ['api.example.com', 'new.example.com', 'same.example.com', 'www.example.com'] },
    },
    {
      id: 'wait-deployed:E2GREEN:p2',
      kind: 'wait-deployed',
      dependsOn: ['update-aliases:E2GREEN:p2'],
      phase: 2,
      distribution: 'E2GREEN',
    },
    {
      id: 'verify:E2GREEN',
      kind: 'verify',
      dependsOn: ['wait-deployed:E2GREEN:p2'],
      phase: 2,
      distribution: 'E2GREEN',
      aliases: ['api.example.com', 'new.example.com', 'same.example.com', 'www.example.com'],
      dns: [{ zoneId: 'Z1', name: 'api.example.com.', pointsAt: 'd2green.cloudfront.net' }],
    },
  ];
}

/** A hand-built plan (data only): the renderer is tested apart from the planner. */
function samplePlan(overrides: Partial<Plan> = {}): Plan {
  return {
    formatVersion: 4,
    createdAt: '2026-12-01T02:00:00.000Z',
    account: '111111111111',
    desiredDigest: 'sha256:00',
    summary: { attach: 1, detach: 1, move: 2, noop: 1, errors: 0, warnings: 1 },
    changes: [
      { alias: 'api.example.com', action: 'move', from: 'E1BLUE', to: 'E2GREEN', strategy: 'detach-attach', downtimeSeconds: 360 },
      { alias: 'new.example.com', action: 'attach', from: null, to: 'E2GREEN', strategy: null, downtimeSeconds: 0 },
      { alias: 'old.example.com', action: 'detach', from: 'E1BLUE', to: null, strategy: null, downtimeSeconds: 0 },
      { alias: 'same.example.com', action: 'noop', from: 'E2GREEN', to: 'E2GREEN', strategy: null, downtimeSeconds: 0 },
      { alias: 'www.example.com', action: 'move', from: 'E1BLUE', to: 'E2GREEN', strategy: 'move', downtimeSeconds: 0 },
    ],
    diagnostics: [
      {
        severity: 'warning',
        code: 'wildcard-overlap',
        alias: 'old.example.com',
        message: 'once detached, old.example.com is served by *.example.com on E3WILD',
        remediation: 'add old.example.com to E3WILD first, or accept it',
        location: { file: 'cfalias.yaml', line: 9, col: 3 },
      },
    ],
    distributions: [
      { id: 'E1BLUE', domainName: 'd1blue.cloudfront.net', name: 'blue' },
      { id: 'E2GREEN', domainName: 'd2green.cloudfront.net', name: 'green' },
    ],
    steps: sampleSteps(),
    estimate: { seconds: 660, waitPhases: 2 },
    basis: { environment: 'sandbox', readAt: '2026-12-01T00:00:00.000Z', distributions: [], holders: [], certificates: [], records: [] },
    digest: 'sha256:11',
    ...overrides,
  };
}

describe('renderPlan', () => {
  it('renders the whole plan for people', () => {
    const text = renderPlan(samplePlan(), {
      colors: plain,
      desiredName: 'cfalias.yaml',
      timing: { deploySeconds: 300, dnsSyncSeconds: 60 },
    });
    expect(text).to.equal(
      [
        'cfalias plan for account 111111111111, made 2026-12-01T02:00:00.000Z',
        '',
        'cfalias will change 4 aliases on 2 distributions:',
        '',
        '  E1BLUE (blue)  d1blue.cloudfront.net  -1',
        '    - old.example.com  detach',
        '',
        '  E2GREEN (green)  d2green.cloudfront.net  +1 ~2',
        '    ~ api.example.com  from E1BLUE (blue)  detach-attach, ~6m 0s downtime',
        '    + new.example.com  attach',
        '    ~ www.example.com  from E1BLUE (blue)  move, no downtime',
        '',
        'Diagnostics (0 errors, 1 warning):',
        '',
        '  warning wildcard-overlap old.example.com',
        '      once detached, old.example.com is served by *.example.com on E3WILD',
        '      fix: add old.example.com to E3WILD first, or accept it',
        '      at cfalias.yaml:9:3',
        '',
        'Steps (8):',
        '  Phase 1',
        '    update-aliases E1BLUE (blue): remove api.example.com, old.example.com',
        '    wait-deployed E1BLUE (blue)  ~5m 0s',
        '    change-dns example.com.: UPSERT api.example.com. CNAME d2green.cloudfront.net',
        '    wait-dns example.com.  ~1m 0s',
        '    move-alias www.example.com: E1BLUE (blue) → E2GREEN (green) (UpdateDomainAssociation)',
        '  Phase 2',
        '    update-aliases E2GREEN (green): add api.example.com',
        '    wait-deployed E2GREEN (green)  ~5m 0s',
        '    verify E2GREEN (green): 4 aliases, 1 DNS name',
        '',
        'Estimated duration: 11m 0s (2 deployment waits)',
        '',
        'Plan: 1 to attach, 2 to move, 1 to detach.',
        '',
      ].join('\n'),
    );
  });

  it('measures the estimate against the maintenance window', () => {
    const fits = renderPlan(samplePlan({ window: { start: '2026-12-01T02:00:00Z', end: '2026-12-01T04:00:00Z' } }), {
      colors: plain,
      desiredName: 'cfalias.yaml',
    });
    // 2 h window − 11 min estimate = 1 h 49 min.
    expect(fits.split('\n')).to.include(
      'Estimated duration: 11m 0s (2 deployment waits); fits in the window 02:00–04:00Z with 1h 49m to spare',
    );
    const tight = renderPlan(samplePlan({ window: { start: '2026-12-01T23:55:00Z', end: '2026-12-02T00:05:00Z' } }), {
      colors: plain,
      desiredName: 'cfalias.yaml',
    });
    // 10 min window − 11 min estimate: 1 min too long; the window crosses midnight, so dates are shown.
    expect(tight.split('\n')).to.include(
      'Estimated duration: 11m 0s (2 deployment waits); does not fit in the window 2026-12-01 23:55Z–2026-12-02 00:05Z: 1m 0s too long',
    );
  });

  it('says when the window opens and closes, and that an apply before it is refused', () => {
    const window = { start: '2026-12-01T05:00:00Z', end: '2026-12-01T07:00:00Z' };
    // The sample plan was made at 02:00Z: three hours before the window.
    const ahead = renderPlan(samplePlan({ window }), { colors: plain, desiredName: 'cfalias.yaml' });
    expect(ahead.split('\n')).to.include(
      'The window opens 2026-12-01T05:00Z (in 3h 0m) and closes 2026-12-01T07:00Z; apply before it opens is refused.',
    );
    const inside = renderPlan(samplePlan({ window }), {
      colors: plain,
      desiredName: 'cfalias.yaml',
      now: Date.parse('2026-12-01T06:15:00Z'),
    });
    expect(inside.split('\n')).to.include('The window is open until 2026-12-01T07:00Z (45m 0s left).');
    const after = renderPlan(samplePlan({ window }), {
      colors: plain,
      desiredName: 'cfalias.yaml',
      now: Date.parse('2026-12-01T08:00:00Z'),
    });
    expect(after.split('\n')).to.include(
      'The window closed 2026-12-01T07:00Z; apply is refused until the window in the desired file is moved.',
    );
  });

  it('shows waits without durations when the timing is unknown (a saved plan)', () => {
    const text = renderPlan(samplePlan(), { colors: plain, desiredName: 'cfalias.yaml' });
    expect(text.split('\n')).to.include('    wait-deployed E1BLUE (blue)');
  });

  it('says there is nothing to do when every alias is a no-op', () => {
    const text = renderPlan(
      samplePlan({
        changes: [{ alias: 'same.example.com', action: 'noop', from: 'E2GREEN', to: 'E2GREEN', strategy: null, downtimeSeconds: 0 }],
        summary: { attach: 0, detach: 0, move: 0, noop: 1, errors: 0, warnings: 0 },
        diagnostics: [],
        steps: [],
        estimate: { seconds: 0, waitPhases: 0 },
      }),
      { colors: plain, desiredName: 'prod.yaml' },
    );
    expect(text).to.equal(
      'cfalias plan for account 111111111111, made 2026-12-01T02:00:00.000Z\n\nNo changes. Live aliases match prod.yaml.\n',
    );
  });

  it('marks a blocked plan', () => {
    const text = renderPlan(
      samplePlan({
        summary: { attach: 1, detach: 1, move: 2, noop: 1, errors: 1, warnings: 0 },
        diagnostics: [
          {
            severity: 'error',
            code: 'certificate-not-covering',
            alias: 'api.example.com',
            distribution: 'E2GREEN',
            message: 'no SAN covers it',
          },
        ],
      }),
      { colors: plain, desiredName: 'cfalias.yaml' },
    );
    const lines = text.split('\n');
    expect(lines).to.include('  error certificate-not-covering api.example.com on E2GREEN');
    expect(lines[lines.length - 2]).to.equal('Plan blocked by 1 error: fix it and plan again; this plan cannot be applied.');
  });

  it('shows a disable-and-move in red, with what the disable takes offline and for how long', () => {
    const colored = createPalette({ flag: true, env: { FORCE_COLOR: '1' }, isTTY: false });
    const disable: Plan['steps'][number] = {
      id: 'set-enabled:E1BLUE:disable',
      kind: 'set-enabled',
      dependsOn: [],
      phase: 1,
      distribution: 'E1BLUE',
      enabled: false,
      precondition: { aliases: ['api.example.com', 'old.example.com', 'www.example.com'], enabled: true, certificateArn: 'arn:c' },
      postcondition: { enabled: false },
      offline: { aliases: ['old.example.com', 'www.example.com'], seconds: 600 },
    };
    const enable: Plan['steps'][number] = {
      ...disable,
      id: 'set-enabled:E1BLUE:enable',
      dependsOn: [disable.id],
      enabled: true,
      precondition: { ...disable.precondition, enabled: false },
      postcondition: { enabled: true },
      offline: undefined,
    };
    const plan = samplePlan({
      changes: [
        { alias: 'api.example.com', action: 'move', from: 'E1BLUE', to: 'E2GREEN', strategy: 'disable-and-move', downtimeSeconds: 660 },
      ],
      steps: [disable, enable],
    });
    const text = renderPlan(plan, { colors: colored, desiredName: 'cfalias.yaml' });
    const lines = text.split('\n');
    expect(lines).to.include(
      `    ${colored.yellow('~')} api.example.com  from E1BLUE (blue)  ${colored.red('disable-and-move, ~11m 0s downtime')}`,
    );
    expect(lines).to.include(
      `    ${colored.red('disable E1BLUE (blue): takes 2 other aliases offline for ~10m 0s (old.example.com, www.example.com)')}`,
    );
    expect(lines).to.include('    enable E1BLUE (blue)');
  });

  it('names the cross-account routes, and a move no route can make', () => {
    const plan = samplePlan({
      changes: [
        { alias: 'api.example.com', action: 'move', from: 'E1BLUE', to: 'E2GREEN', strategy: 'wildcard-route', downtimeSeconds: 0 },
        { alias: 'example.com', action: 'move', from: 'E1BLUE', to: 'E2GREEN', strategy: null, downtimeSeconds: 0 },
      ],
      steps: [],
    });
    const lines = renderPlan(plan, { colors: plain, desiredName: 'cfalias.yaml' }).split('\n');
    expect(lines).to.include('    ~ api.example.com  from E1BLUE (blue)  wildcard-route, no downtime');
    expect(lines).to.include('    ~ example.com  from E1BLUE (blue)  no route (blocked)');
  });
});
