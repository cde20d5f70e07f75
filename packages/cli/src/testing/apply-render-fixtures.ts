/**
 * Test fixtures of the apply renderers' tests (render/apply-*.test.ts): a one-distribution plan
 * (blue drops old.example.com, then deploys), a result builder, and a text sink.
 */
import type { ApplyResult, Plan, PlanStep } from '@cfalias/core';
import { createPalette } from '../render/format.js';

export const plain = createPalette({ flag: false, env: {}, isTTY: false });
export const T0 = Date.UTC(2026, 11, 1, 2, 0, 0);

export const update: PlanStep = {
  id: 'update-aliases:E1BLUE:p1',
  kind: 'update-aliases',
  dependsOn: [],
  phase: 1,
  distribution: 'E1BLUE',
  remove: ['old.example.com'],
  add: [],
  precondition: { aliases: ['old.example.com', 'www.example.com'], enabled: true, certificateArn: 'arn:c' },
  postcondition: { aliases: ['www.example.com'] },
};
export const wait: PlanStep = {
  id: 'wait-deployed:E1BLUE:p1',
  kind: 'wait-deployed',
  dependsOn: [update.id],
  phase: 1,
  distribution: 'E1BLUE',
};

export const plan: Plan = {
  formatVersion: 4,
  createdAt: '2026-12-01T02:00:00.000Z',
  account: '111111111111',
  desiredDigest: 'sha256:00',
  summary: { attach: 0, detach: 1, move: 0, noop: 0, errors: 0, warnings: 0 },
  changes: [{ alias: 'old.example.com', action: 'detach', from: 'E1BLUE', to: null, strategy: null, downtimeSeconds: 0 }],
  diagnostics: [],
  distributions: [{ id: 'E1BLUE', domainName: 'd1blue.cloudfront.net', name: 'blue' }],
  steps: [update, wait],
  estimate: { seconds: 300, waitPhases: 1 },
  basis: { environment: 'sandbox', readAt: '2026-12-01T00:00:00.000Z', distributions: [], holders: [], certificates: [], records: [] },
  digest: 'sha256:abc',
};

export function result(overrides: Partial<ApplyResult>): ApplyResult {
  return {
    status: 'succeeded',
    completed: [update.id, wait.id],
    skipped: [],
    failed: [],
    notStarted: [],
    startedAt: T0,
    finishedAt: T0 + 301_500,
    metrics: { retries: {}, stepDurationsMs: {} },
    ...overrides,
  };
}

export function capture(): { out: { write(text: string): void }; text: () => string } {
  let text = '';
  return { out: { write: (t: string) => void (text += t) }, text: () => text };
}
