/**
 * The registry of accounts in the plan document (how each account is reached, where each resource
 * a step names lives) and in the journal (the account of every step entry).
 */
import { expect } from 'chai';
import type { DesiredState } from '../desired/desired.js';
import { PlanFileError } from '../errors.js';
import { JournalRecorder } from '../apply/journal-recorder.js';
import { MemoryJournal, parseJournal, serializeJournalEntry } from '../apply/journal.js';
import { SimulatedClock } from '../clock.js';
import type { Plan } from './plan.js';
import { readPlanDocument, serializePlan } from './plan-document.js';
import { planCutover } from './planner.js';
import { aliasRecord, buildDesired, buildDistribution, buildInventory, buildZone, desiredAlias, TEST_NOW } from '../testing/index.js';

const PROD = '111111111111';
const DNS = '333333333333';

const REGISTRY = {
  prod: { id: PROD },
  dns: { id: DNS, profile: 'central-dns' },
  agency: { id: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/cfalias', externalId: 'ext-42' },
};

/** A move inside the prod account whose record lives in a zone of the central DNS account. */
function registryPlan(accounts: DesiredState['accounts'] | null = REGISTRY): Plan {
  const inventory = {
    ...buildInventory({
      distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN')],
      zones: [{ ...buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('www.example.com', 'e1blue.cloudfront.net')]), accountId: DNS }],
    }),
    accounts: [PROD, DNS, '222222222222'],
  };
  const desired: DesiredState = {
    ...buildDesired([desiredAlias('www.example.com', 'E2GREEN', { strategy: 'detach-attach' })], {
      distributions: { blue: 'E1BLUE', green: 'E2GREEN' },
    }),
    ...(accounts !== null && { accounts }),
  };
  return planCutover(desired, inventory, { now: new Date(TEST_NOW) });
}

function planFileError(fn: () => unknown): PlanFileError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(PlanFileError);
    return error as PlanFileError;
  }
  throw new Error('expected a PlanFileError');
}

describe('plan accounts', () => {
  it('records how each declared account is reached and the account of every resource a step names', () => {
    const plan = registryPlan();
    expect(plan.steps.length).to.be.greaterThan(0);
    expect(plan.accounts).to.deep.equal(REGISTRY);
    expect(plan.resourceAccounts).to.deep.equal({ E1BLUE: PROD, E2GREEN: PROD, Z1EXAMPLE: DNS });
  });

  it('leaves both fields out of a plan of one account', () => {
    const plan = registryPlan(null);
    expect(plan).not.to.have.property('accounts');
    expect(plan).not.to.have.property('resourceAccounts');
  });

  it('round-trips through the document, and the digest covers the registry', () => {
    const plan = registryPlan();
    const text = serializePlan(plan);
    expect(readPlanDocument(text)).to.deep.equal(plan);
    const edited = JSON.parse(text) as { accounts: Record<string, { roleArn?: string }> };
    edited.accounts['agency']!.roleArn = 'arn:aws:iam::222222222222:role/other';
    expect(planFileError(() => readPlanDocument(JSON.stringify(edited))).reason).to.equal('digest-mismatch');
    const moved = JSON.parse(text) as { resourceAccounts: Record<string, string> };
    moved.resourceAccounts['Z1EXAMPLE'] = PROD;
    expect(planFileError(() => readPlanDocument(JSON.stringify(moved))).reason).to.equal('digest-mismatch');
  });

  it('refuses a malformed registry with its JSON path', () => {
    const doc = JSON.parse(serializePlan(registryPlan())) as Record<string, unknown>;
    const error = planFileError(() => readPlanDocument(JSON.stringify({ ...doc, accounts: { prod: { id: 111111111111 } } })));
    expect(error.reason).to.equal('malformed');
    expect(error.message).to.contain('$.accounts["prod"].id must be a string');
    const placed = planFileError(() => readPlanDocument(JSON.stringify({ ...doc, resourceAccounts: { E1BLUE: 1 } })));
    expect(placed.message).to.contain('$.resourceAccounts["E1BLUE"] must be a string');
  });

  it('carries no secret: only ids, profile names, role ARNs and external ids', () => {
    const withSecret = {
      ...REGISTRY,
      agency: { ...REGISTRY.agency, secretAccessKey: 'SECRET-SHOULD-NOT-BE-COPIED' } as (typeof REGISTRY)['agency'],
    };
    expect(serializePlan(registryPlan(withSecret))).not.to.contain('SECRET-SHOULD-NOT-BE-COPIED');
  });
});

describe('journal accounts', () => {
  it('stamps every step entry with the account its step acts in', () => {
    const plan = registryPlan();
    const journal = new MemoryJournal();
    const recorder = new JournalRecorder(journal, 'run-1', new SimulatedClock(Date.parse(TEST_NOW)), plan);
    recorder.open({ type: 'apply-start', holder: 'test', plan });
    for (const step of plan.steps) {
      recorder.record({ type: 'intent', stepId: step.id, attempt: 1 });
      recorder.record({ type: 'outcome', stepId: step.id, status: 'completed' });
    }
    recorder.record({ type: 'apply-end', status: 'succeeded', summary: { completed: 0, skipped: 0, failed: 0, notStarted: 0 } });

    const stepEntries = journal.entries.filter((e) => e.type === 'intent' || e.type === 'outcome');
    expect(stepEntries).to.have.length(plan.steps.length * 2);
    for (const entry of stepEntries) {
      const step = plan.steps.find((s) => s.id === (entry as { stepId: string }).stepId)!;
      const expected = 'zoneId' in step ? DNS : PROD;
      expect(entry, entry.type).to.have.property('account', expected);
    }
    expect(journal.entries[0]).not.to.have.property('account');

    const parsed = parseJournal(journal.entries.map(serializeJournalEntry).join(''), 'journal.jsonl');
    expect(parsed.problems).to.deep.equal([]);
  });

  it('writes no account into the journal of a plan of one account', () => {
    const plan = registryPlan(null);
    const journal = new MemoryJournal();
    const recorder = new JournalRecorder(journal, 'run-1', new SimulatedClock(Date.parse(TEST_NOW)), plan);
    recorder.record({ type: 'intent', stepId: plan.steps[0]!.id, attempt: 1 });
    expect(journal.entries[0]).not.to.have.property('account');
  });

  it('refuses an account that is not a string', () => {
    const plan = registryPlan();
    const lines = [
      serializeJournalEntry({ v: 1, runId: 'run-1', at: TEST_NOW, type: 'apply-start', holder: 'test', plan }),
      `${JSON.stringify({ v: 1, runId: 'run-1', at: TEST_NOW, type: 'intent', stepId: plan.steps[0]!.id, attempt: 1, account: 7 })}\n`,
    ];
    const parsed = parseJournal(lines.join(''), 'journal.jsonl');
    expect(parsed.problems.map((p) => p.message)).to.deep.equal(['"account" must be a non-empty string']);
  });
});
