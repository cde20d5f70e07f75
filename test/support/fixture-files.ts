/**
 * Reading the fixture tree (`fixtures/`): scenario folders, the demo, bad inputs, and the shape of
 * their hand-written expectations (documented in fixtures/README.md).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StepKind } from './packages.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = join(REPO_ROOT, 'fixtures');

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

export function readJson<T>(path: string): T {
  return JSON.parse(readText(path)) as T;
}

/** `fixtures/scenarios/simple-move/cfalias.yaml` (the name diagnostics and plans carry). */
export function repoPath(path: string): string {
  return relative(REPO_ROOT, path);
}

export function scenarioNames(): string[] {
  return readdirSync(join(FIXTURES, 'scenarios'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * The folders the scenario runner checks against their `expect.json`: every `scenarios/<name>`
 * (labelled `<name>`) and every `worlds/<name>` that has one (labelled `worlds/<name>`; each
 * documented world has one, which test/fixture-worlds.test.ts checks).
 */
export function scenarioDirs(): { readonly label: string; readonly dir: string }[] {
  const worlds = join(FIXTURES, 'worlds');
  const worldNames = readdirSync(worlds, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(worlds, entry.name, 'expect.json')))
    .map((entry) => entry.name)
    .sort();
  return [
    ...scenarioNames().map((name) => ({ label: name, dir: join(FIXTURES, 'scenarios', name) })),
    ...worldNames.map((name) => ({ label: `worlds/${name}`, dir: join(worlds, name) })),
  ];
}

/** Names (without extension) of the files in fixtures/bad that have a `<name>.expect.json`. */
export function badFixtureNames(): string[] {
  return readdirSync(join(FIXTURES, 'bad'))
    .filter((file) => file.endsWith('.expect.json'))
    .map((file) => file.slice(0, -'.expect.json'.length))
    .sort();
}

export interface ExpectedChange {
  readonly alias: string;
  readonly action: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly strategy: string | null;
}

/** `alias: null` means the diagnostic concerns no single alias; `distribution` is checked only when given. */
export interface ExpectedDiagnostic {
  readonly severity: string;
  readonly code: string;
  readonly alias: string | null;
  readonly distribution?: string;
}

export interface ScenarioExpectation {
  readonly notes?: readonly string[];
  readonly plan: {
    readonly summary: Readonly<Record<string, number>>;
    readonly changes: readonly ExpectedChange[];
    readonly diagnostics: readonly ExpectedDiagnostic[];
    readonly stepKinds: Readonly<Record<StepKind, number>>;
    readonly waitPhases: number;
    readonly estimateSeconds: number;
  };
  /** null: the plan is blocked and must not be applied. */
  readonly apply: {
    readonly status: string;
    readonly retries: Readonly<Record<string, number>>;
    /** Simulated seconds the apply takes, when retries make it differ from `estimateSeconds`. */
    readonly seconds?: number;
  } | null;
}

export interface ExpectedInputDiagnostic {
  readonly code: string;
  readonly line: number;
  readonly col: number;
}

export type BadExpectation =
  | { readonly kind: 'desired'; readonly notes?: string; readonly diagnostics: readonly ExpectedInputDiagnostic[] }
  | { readonly kind: 'world'; readonly notes?: string; readonly problems: readonly string[] }
  | { readonly kind: 'world'; readonly notes?: string; readonly syntax: { readonly line: number; readonly col: number } };
