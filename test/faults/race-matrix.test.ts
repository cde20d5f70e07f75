/**
 * The race matrix, over the HTTP emulator with the AWS provider on the real SDK: another writer (a
 * distribution in another account) takes an alias right after each mutating step of a
 * detach-attach and of a move, and during a rollback (support/race-cell.ts). Whatever the moment:
 * - no clobbering: the other writer still holds the alias after the apply and after `resume`;
 * - the holder is named in `ApplyResult`, the human summary and the JSON events;
 * - the alias is never reported "on no distribution" (it is the other writer's), and when the run
 *   had it between distributions it is classified "taken by another writer";
 * - no `resume` is advised (it cannot bring the alias back), and `resume` on the journal says the
 *   same and exits 4, with or without `--json`;
 * - no other managed alias is left on no distribution.
 */
import { expect } from 'chai';
import type { StalePlanError } from '@cfalias/core';
import { CALLER, RIVAL, RIVAL_ACCOUNT, demoDesired } from './support/demo-world.js';
import { holdersOf, jsonLines, RACE_CASES, runRace, type RaceCase, type RaceReport } from './support/race-cell.js';
import { THIEF } from './support/sdk-thief.js';
import { tally } from './support/tally.js';

interface Thief {
  /** `account/distribution` in the world. */
  readonly at: string;
  /** The holder as the run reports it, and how the summary names it. */
  readonly holder: { readonly distribution: string; readonly account: string };
  readonly words: string;
}

const THIEVES: Record<RaceCase['strike']['by'], Thief> = {
  // Another account, as this account sees it: ListConflictingAliases masks all but the last characters.
  'another account': {
    at: `${RIVAL_ACCOUNT}/${RIVAL}`,
    holder: { distribution: '*******4K7Q2XZ', account: '******999999' },
    words: 'on distribution *******4K7Q2XZ of account ******999999',
  },
  'same account': { at: `${CALLER}/${THIEF}`, holder: { distribution: THIEF, account: CALLER }, words: `on ${THIEF}` },
};

/** The run had the alias between its source and its target when it was taken (a detach-attach after its removal). */
const BETWEEN = new Set([
  'detach-attach, after the detach (removal from blue landed)',
  'detach-attach, after the DNS change (repointed at green)',
  "during rollback, after the rollback's DNS revert (the add to green refused)",
  'same account, second SDK client: detach-attach, after the detach',
]);

function summaryEvent(events: readonly Record<string, unknown>[]): Record<string, unknown> {
  const summary = events.find((e) => e['type'] === 'summary');
  if (!summary) throw new Error('no summary event');
  return summary;
}

/**
 * Does the text say an alias is (or was left) on no distribution? A refused add expecting it on no
 * distribution (`expected "on no distribution"`) says nothing of the kind.
 */
function claimsOnNoDistribution(text: string): boolean {
  return text.replaceAll('expected "on no distribution"', '').includes('on no distribution');
}

/** Every managed alias with a target is held by exactly one distribution (of any account). */
function strandedAliases(r: RaceReport): string[] {
  return demoDesired()
    .aliases.filter((a) => a.target !== null && holdersOf(r.afterResume, a.alias).length !== 1)
    .map((a) => `${a.alias}: ${JSON.stringify(holdersOf(r.afterResume, a.alias))}`);
}

describe('race matrix: another writer takes an alias mid-cutover (AWS provider over the HTTP emulator)', function () {
  this.timeout(60_000);
  for (const c of RACE_CASES) {
    it(`${c.label}: not clobbered, holder named, never "on no distribution", resume exits 4`, async () => {
      const r = await runRace(c);
      const thief = THIEVES[c.strike.by];
      expect(r.raced, 'the other writer struck').to.equal(true);
      expect(holdersOf(r.afterApply, c.alias), 'after the apply').to.deep.equal([thief.at]);
      expect(holdersOf(r.afterResume, c.alias), 'after resume').to.deep.equal([thief.at]);
      expect(strandedAliases(r)).to.deep.equal([]);

      // The run: stale, the holder named in the result and its failures.
      expect(r.apply.status).to.equal('stale');
      // Named by a failure (its message or expected vs found) or, for an alias left between
      // distributions, by the aliases the run read again at its end.
      const unsettled = (r.apply.unsettled ?? []).filter((u) => u.alias === c.alias);
      const failures = JSON.stringify(r.apply.failed.map((f) => [f.error.message, (f.error as Partial<StalePlanError>).mismatches]));
      expect(failures.includes(thief.holder.distribution) || unsettled.some((u) => u.state === 'taken'), failures).to.equal(true);
      expect(
        unsettled.filter((u) => u.state !== 'taken'),
        'never on no distribution',
      ).to.deep.equal([]);
      if (BETWEEN.has(c.label)) expect(unsettled).to.deep.equal([{ ...unsettled[0], state: 'taken', holder: thief.holder }]);

      // The human summary and the JSON events say the same; no resume advised.
      expect(r.summary).to.include(thief.words);
      expect(claimsOnNoDistribution(r.summary)).to.equal(false);
      expect(r.summary).to.not.include('cfalias resume');
      const summary = summaryEvent(r.json);
      expect(summary).to.include({ status: 'stale' });
      expect(summary).to.not.have.property('aliasesOnNoDistribution');
      expect(summary).to.not.have.property('resumeCommand');
      if (BETWEEN.has(c.label)) expect(summary['aliasesTakenByOtherWriters']).to.deep.equal([{ alias: c.alias, holder: thief.holder }]);
      const named = r.json.filter((e) => e['type'] === 'step-failed' || e['type'] === 'summary');
      expect(JSON.stringify(named)).to.include(thief.holder.distribution);

      // resume on the journal: exit 4, the same story, nothing clobbered.
      expect(r.resume.code, r.resume.stdout + r.resume.stderr).to.equal(4);
      expect(r.resume.stdout).to.include('Apply stopped: the plan is stale');
      expect(r.resume.stdout).to.include(thief.words);
      expect(claimsOnNoDistribution(r.resume.stdout)).to.equal(false);
      expect(r.resume.stdout).to.not.match(/`cfalias resume/);
      expect(r.resumeJson.code, r.resumeJson.stderr).to.equal(4);
      const resumed = summaryEvent(jsonLines(r.resumeJson.stdout));
      expect(resumed).to.include({ status: 'stale' });
      expect(JSON.stringify(resumed)).to.include(thief.holder.distribution);
      expect(resumed).to.not.have.property('aliasesOnNoDistribution');
      expect(resumed).to.not.have.property('resumeCommand');
      expect(r.resumeJson.stderr).to.not.include('To continue');

      tally.cases += 1;
      tally.faultsInjected += 1 + (c.fault ? 1 : 0);
      tally.resumes += 2;
    });
  }
});
