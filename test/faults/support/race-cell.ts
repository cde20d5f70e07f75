/**
 * One cell of the race matrix: the demo cutover applied by the AWS provider on the real SDK over
 * the HTTP emulator, while another writer (support/demo-world.ts `Rival`, a distribution in
 * another account, acting through the emulator's world) takes one alias right after one mutating
 * step of its route has landed, and keeps it. What the run says is captured the way the CLI shows
 * it (the human summary, the JSON events), then `cfalias resume` is run on the journal the apply
 * wrote, over the same world saved to a file, as an operator would.
 */
import { applyPlan, type AliasEdit, type ApplyEvent, type ApplyResult, type Plan } from '@cfalias/core';
import { saveWorldFile, SandboxWorld, type FaultDocument, type WorldDocument } from '@cfalias/providers';
import { makeWorkspace, runCli, type CliRun } from '../../../packages/cli/src/testing/harness.js';
import { renderApplySummary } from '../../../packages/cli/src/render/apply-human.js';
import { createJsonApplyReporter } from '../../../packages/cli/src/render/apply-json.js';
import { createPalette } from '../../../packages/cli/src/render/format.js';
import { BLUE, demoDesired, demoDesiredText, demoWorldDocument, GREEN, planOn, Rival, ZONE_COM } from './demo-world.js';
import { openSession, TextJournal } from './fault-cell.js';
import { SdkThief, stealingAfter, withThiefDistribution } from './sdk-thief.js';

export interface RaceCase {
  /** Which route, and after which of its writes the other writer strikes. */
  readonly label: string;
  readonly route: 'detach-attach' | 'move';
  /** The alias the other writer takes. */
  readonly alias: string;
  /**
   * Who, and when: a distribution in another account acting on the emulator's world once a step
   * is done (`after`: that step's id); or, in the same account, a second SDK client
   * (support/sdk-thief.ts) right after the applier's write `after` picks was answered.
   */
  readonly strike:
    | { readonly by: 'another account'; readonly after: (plan: Plan) => string }
    | { readonly by: 'same account'; readonly after: Parameters<typeof stealingAfter>[1] };
  /** A fault that makes the cell's step fail for good (to start a rollback), installed before the apply. */
  readonly fault?: FaultDocument;
}

/** The id of a step of the rollback recipe of `trigger`, by kind (and distribution, for updates). */
function rollbackStep(plan: Plan, trigger: string, kind: string, distribution?: string): string {
  const recipe = plan.rollbacks?.find((r) => r.trigger === trigger);
  const step = recipe?.steps.find(
    (s) => s.kind === kind && (distribution === undefined || ('distribution' in s && s.distribution === distribution)),
  );
  if (!step) throw new Error(`the demo plan has no ${kind} rollback step for ${trigger}`);
  return step.id;
}

const ADD_TO_GREEN = `update-aliases:${GREEN}:p2`;

export const RACE_CASES: readonly RaceCase[] = [
  {
    label: 'detach-attach, after the detach (removal from blue landed)',
    route: 'detach-attach',
    alias: 'static.example.com',
    strike: { by: 'another account', after: () => `update-aliases:${BLUE}:p1` },
  },
  {
    label: 'detach-attach, after the DNS change (repointed at green)',
    route: 'detach-attach',
    alias: 'static.example.com',
    strike: { by: 'another account', after: () => `change-dns:${ZONE_COM}:mid` },
  },
  {
    label: 'detach-attach, after the attach (add to green landed)',
    route: 'detach-attach',
    alias: 'static.example.com',
    strike: { by: 'another account', after: () => ADD_TO_GREEN },
  },
  {
    label: "during rollback, after the rollback's DNS revert (the add to green refused)",
    route: 'detach-attach',
    alias: 'static.example.com',
    strike: { by: 'another account', after: (plan) => rollbackStep(plan, ADD_TO_GREEN, 'change-dns') },
    // green's first update (phase 1) goes through; its second, the add of static, is refused for good.
    fault: { operation: 'UpdateDistribution', resource: GREEN, error: 'InvalidViewerCertificate', after: 1, times: 1 },
  },
  {
    label: 'move, after the TXT record (before the UpdateDomainAssociation)',
    route: 'move',
    alias: 'www.example.com',
    strike: { by: 'another account', after: () => `change-dns:${ZONE_COM}:pre` },
  },
  {
    label: 'move, after the move (UpdateDomainAssociation landed)',
    route: 'move',
    alias: 'www.example.com',
    strike: { by: 'another account', after: () => 'move-alias:www.example.com' },
  },
  {
    label: 'move, after the DNS change (repointed at green)',
    route: 'move',
    alias: 'www.example.com',
    strike: { by: 'another account', after: () => `change-dns:${ZONE_COM}:post` },
  },
  {
    label: 'same account, second SDK client: detach-attach, after the detach',
    route: 'detach-attach',
    alias: 'static.example.com',
    strike: { by: 'same account', after: (call, args) => call === 'updateAliases' && args[0] === BLUE },
  },
  {
    label: 'same account, second SDK client: detach-attach, after the attach',
    route: 'detach-attach',
    alias: 'static.example.com',
    strike: {
      by: 'same account',
      after: (call, args) => call === 'updateAliases' && args[0] === GREEN && (args[1] as AliasEdit).add.includes('static.example.com'),
    },
  },
  {
    label: 'same account, second SDK client: move, after the UpdateDomainAssociation',
    route: 'move',
    alias: 'www.example.com',
    strike: { by: 'same account', after: (call, args) => call === 'moveAlias' && args[1] === 'www.example.com' },
  },
];

export interface RaceReport {
  readonly plan: Plan;
  /** The other writer struck (its step completed). */
  readonly raced: boolean;
  readonly apply: ApplyResult;
  readonly events: readonly ApplyEvent[];
  /** `cfalias apply`'s human summary of the run, as the CLI renders it. */
  readonly summary: string;
  /** `cfalias apply --json`'s events of the run (one object per line). */
  readonly json: readonly Record<string, unknown>[];
  /** The world after the apply, and after both resumes. */
  readonly afterApply: WorldDocument;
  readonly afterResume: WorldDocument;
  /** `cfalias resume --journal journal.jsonl`, then the same with `--json`. */
  readonly resume: CliRun;
  readonly resumeJson: CliRun;
}

export async function runRace(c: RaceCase): Promise<RaceReport> {
  const desired = demoDesired();
  const world = SandboxWorld.fromDocument(withThiefDistribution(demoWorldDocument()));
  const plan = await planOn(desired, world);
  const stealAfter = c.strike.by === 'another account' ? c.strike.after(plan) : undefined;
  if (stealAfter !== undefined && ![...plan.steps, ...(plan.rollbacks ?? []).flatMap((r) => r.steps)].some((s) => s.id === stealAfter)) {
    throw new Error(`the demo plan has no step ${stealAfter}`);
  }
  if (c.fault) world.addFault(c.fault);
  const rival = new Rival(world);
  const events: ApplyEvent[] = [];
  let jsonText = '';
  const json = createJsonApplyReporter(
    plan,
    { write: (text: string) => ((jsonText += text), true) },
    { simulated: true, journal: 'journal.jsonl' },
  );
  const onEvent = (event: ApplyEvent): void => {
    events.push(event);
    json(event);
    if (event.type === 'step-done' && event.step.id === stealAfter && rival.holding === undefined) rival.take(c.alias);
  };

  const journal = new TextJournal();
  const session = await openSession('emulator', world, 'transient');
  const thief = new SdkThief(session.endpoint!);
  const provider = stealingAfter(session.provider, c.strike.by === 'same account' ? c.strike.after : () => false, () =>
    thief.take(c.alias, ZONE_COM),
  );
  let apply: ApplyResult;
  try {
    apply = await applyPlan(plan, { provider, clock: session.clock, random: () => 0, journal, onEvent });
  } finally {
    thief.destroy();
    await session.close();
  }
  const summary = renderApplySummary(plan, apply, {
    colors: createPalette({ flag: false, env: {}, isTTY: false }),
    simulated: true,
    journal: 'journal.jsonl',
  });
  const afterApply = world.toDocument();

  const ws = await makeWorkspace({ 'cfalias.yaml': demoDesiredText() });
  try {
    await saveWorldFile(ws.path('world.json'), world);
    await ws.write('journal.jsonl', journal.text);
    const resume = await runCli(ws, ['--no-color', '--sandbox', 'world.json', 'resume', '--journal', 'journal.jsonl']);
    const resumeJson = await runCli(ws, ['--no-color', '--sandbox', 'world.json', 'resume', '--journal', 'journal.jsonl', '--json']);
    const afterResume = JSON.parse(await ws.read('world.json')) as WorldDocument;
    return {
      plan,
      raced: rival.holding !== undefined || provider.stolen,
      apply,
      events,
      summary,
      json: jsonLines(jsonText),
      afterApply,
      afterResume,
      resume,
      resumeJson,
    };
  } finally {
    await ws.remove();
  }
}

export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Who holds `alias` in a world document: `account/distribution` for each holder. */
export function holdersOf(doc: WorldDocument, alias: string): string[] {
  return doc.accounts.flatMap((a) => (a.distributions ?? []).filter((d) => d.aliases.includes(alias)).map((d) => `${a.id}/${d.id}`));
}
