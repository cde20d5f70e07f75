/**
 * Test helpers of the scheduler's tests (plan/schedule*.test.ts): a plan of the desired aliases over
 * an inventory, and ways to read its steps.
 */
import { expect } from 'chai';
import type { DesiredAlias } from '../desired/desired.js';
import type { Inventory } from '../inventory/inventory.js';
import type { Plan, PlanStep } from '../plan/plan.js';
import { planCutover } from '../plan/planner.js';
import { buildCertificate, buildDesired, certificateArn, TEST_NOW } from './builders.js';

export const BLUE = 'e1blue.cloudfront.net';
export const GREEN = 'e2green.cloudfront.net';
export const CERT = certificateArn('main');
export const ORG_CERT = [buildCertificate('main', ['*.example.org', '*.example.com', 'example.com'])];

export function plan(aliases: DesiredAlias[], inventory: Inventory): Plan {
  // The scheduler's tests move most of what they manage on purpose: the blast-radius check is off.
  return planCutover(buildDesired(aliases), inventory, { now: TEST_NOW, force: true });
}

export function ids(p: Plan): string[] {
  return p.steps.map((s) => s.id);
}

export function step<K extends PlanStep['kind']>(p: Plan, id: string, kind: K): Extract<PlanStep, { kind: K }> {
  const found = p.steps.find((s) => s.id === id);
  expect(found, id).to.not.equal(undefined);
  expect(found!.kind).to.equal(kind);
  return found as Extract<PlanStep, { kind: K }>;
}

export function kinds(p: Plan): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of p.steps) out[s.kind] = (out[s.kind] ?? 0) + 1;
  return out;
}

/** `prefix01.example.org` … `prefixNN.example.org`. */
export const names = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(2, '0')}.example.org`);

/** The steps in an order the dependencies allow, the ready step picked by `picks` (cycled). */
export function linearize(steps: readonly PlanStep[], picks: readonly number[]): PlanStep[] {
  const done = new Set<string>();
  const left = [...steps];
  const out: PlanStep[] = [];
  for (let n = 0; left.length > 0; n++) {
    const ready = left.filter((s) => s.dependsOn.every((d) => done.has(d)));
    expect(ready, 'some step is ready').to.not.have.length(0);
    const chosen = ready[(picks.length === 0 ? 0 : picks[n % picks.length]!) % ready.length]!;
    left.splice(left.indexOf(chosen), 1);
    done.add(chosen.id);
    out.push(chosen);
  }
  return out;
}
