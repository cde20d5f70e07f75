import { expect } from 'chai';
import type { Plan } from '@cfalias/core';
import { escapeInline, renderPlanMarkdown } from './markdown.js';

/** One detach from blue under a wildcard held elsewhere, in a window: a hand-built plan (data only). */
const plan: Plan = {
  formatVersion: 4,
  createdAt: '2026-12-01T01:00:00.000Z',
  account: '111111111111',
  desiredDigest: 'sha256:00',
  window: { start: '2026-12-01T02:00:00Z', end: '2026-12-01T04:00:00Z' },
  summary: { attach: 0, detach: 1, move: 0, noop: 0, errors: 0, warnings: 1 },
  changes: [{ alias: 'www.example.com', action: 'detach', from: 'E1BLUE', to: null, strategy: null, downtimeSeconds: 0 }],
  diagnostics: [
    {
      severity: 'warning',
      code: 'wildcard-overlap',
      alias: 'www.example.com',
      message: 'once detached, www.example.com is served by *.example.com on E3WILD',
      remediation: 'also detach *.example.com from E3WILD if www.example.com must stop being served',
    },
  ],
  distributions: [{ id: 'E1BLUE', domainName: 'd1blue.cloudfront.net', name: 'blue' }],
  steps: [
    {
      id: 'update-aliases:E1BLUE:p1',
      kind: 'update-aliases',
      dependsOn: [],
      phase: 1,
      distribution: 'E1BLUE',
      remove: ['www.example.com'],
      add: [],
      precondition: { aliases: ['www.example.com'], enabled: true, certificateArn: 'arn:c' },
      postcondition: { aliases: [] },
    },
    { id: 'wait-deployed:E1BLUE:p1', kind: 'wait-deployed', dependsOn: ['update-aliases:E1BLUE:p1'], phase: 1, distribution: 'E1BLUE' },
  ],
  estimate: { seconds: 300, waitPhases: 1 },
  basis: { environment: 'sandbox', readAt: '2026-12-01T00:00:00.000Z', distributions: [], holders: [], certificates: [], records: [] },
  digest: 'sha256:ab',
};

describe('renderPlanMarkdown (pull-request comment)', () => {
  it('renders the summary table, a details block per distribution, diagnostics with their fix, the steps and their timeline', () => {
    const text = renderPlanMarkdown(plan, {
      desiredName: 'cfalias.yaml',
      timing: { deploySeconds: 300, dnsSyncSeconds: 60 },
      applyCommand: 'cfalias apply plan.json',
    });
    expect(text).to.equal(
      [
        '### cfalias plan: 1 alias to change',
        '',
        'Account `111111111111` · made 2026-12-01T01:00:00.000Z · plan digest `sha256:ab`',
        '',
        '| + attach | ~ move | - detach | unchanged | errors | warnings | estimate |',
        '|---:|---:|---:|---:|---:|---:|---|',
        // 2 h window − 5 min = 1 h 55 min to spare.
        '| 0 | 0 | 1 | 0 | 0 | 1 | 5m 0s (1 deployment wait); fits in the window 02:00–04:00Z with 1h 55m to spare |',
        '',
        '<details>',
        '<summary><b>E1BLUE (blue)</b> · d1blue.cloudfront.net · -1</summary>',
        '',
        '| | alias | from | strategy | downtime | why |',
        '|---|---|---|---|---|---|',
        '| `-` | `www.example.com` |  | detach |  |  |',
        '',
        '</details>',
        '',
        '#### Diagnostics (0 errors, 1 warning)',
        '',
        '- ⚠️ **warning** `wildcard-overlap` `www.example.com`: once detached, www.example.com is served by \\*.example.com on E3WILD<br>',
        '  **Fix:** also detach \\*.example.com from E3WILD if www.example.com must stop being served',
        '',
        '<details>',
        '<summary>2 steps in 1 phase</summary>',
        '',
        '**Phase 1**',
        '',
        '- `update-aliases E1BLUE (blue)`: remove www.example.com',
        '- `wait-deployed E1BLUE (blue)` (~5m 0s)',
        '',
        '</details>',
        '',
        '**Expected timeline** (elapsed time from the start of apply, by the estimate):',
        '',
        '```mermaid',
        'gantt',
        '  title cfalias plan · 5m 0s',
        '  dateFormat YYYY-MM-DD HH:mm:ss',
        '  axisFormat %H:%M:%S',
        '  section Phase 1',
        '  update-aliases E1BLUE (blue) :milestone, t1, 1970-01-01 00:00:00, 0s',
        '  wait-deployed E1BLUE (blue) :t2, 1970-01-01 00:00:00, 1970-01-01 00:05:00',
        '```',
        '',
        'Apply exactly this plan with `cfalias apply plan.json`.',
        '',
      ].join('\n'),
    );
  });

  it('escapes what Markdown would read as markup', () => {
    expect(escapeInline('_www.example.com. TXT "a|b" <x> *.example.com')).to.equal(
      '\\_www.example.com. TXT "a\\|b" \\<x\\> \\*.example.com',
    );
  });
});
