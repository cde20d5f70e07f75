/**
 * What a command expects of a registry of accounts, from cfalias.yaml or from a saved plan: which
 * account is the default one, where each declared distribution is, and that a plan's recorded
 * registry (and a resume's run id) is what the session is opened with.
 */
import { expect } from 'chai';
import { parseDesiredState, type DesiredState } from '@cfalias/core';
import { defaultAccountOf, desiredExpectation, desiredPlacements, planExpectation } from './registry-providers.js';

function desired(text: string): DesiredState {
  const parsed = parseDesiredState(text, 'cfalias.yaml');
  expect(parsed.diagnostics).to.deep.equal([]);
  return parsed.state!;
}

const REGISTRY = `version: 1
accounts:
  agency: { id: "222222222222", roleArn: "arn:aws:iam::222222222222:role/cfalias" }
  prod: { id: "111111111111" }
  dns: { id: "333333333333", profile: central-dns }
distributions:
  old: { account: agency, id: E1OLDAGENCY7Q2 }
  new: { account: prod, id: E2NEWPROD5T8W3 }
  loose: E3LOOSE0000001
aliases:
  www.example.com: new
`;

describe('registry expectations', () => {
  it('the default account is the first one the default credentials reach, else the first declared', () => {
    expect(defaultAccountOf(desired(REGISTRY).accounts!)).to.equal('111111111111');
    expect(
      defaultAccountOf({
        dns: { id: '333333333333', profile: 'central-dns' },
        agency: { id: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/cfalias' },
      }),
    ).to.equal('333333333333');
  });

  it('places every distribution cfalias.yaml names with an account, by id', () => {
    const state = desired(REGISTRY);
    expect(desiredPlacements(state)).to.deep.equal({ E1OLDAGENCY7Q2: '222222222222', E2NEWPROD5T8W3: '111111111111' });
    expect(desiredExpectation(state, 'cfalias.yaml')).to.deep.equal({
      accounts: state.accounts,
      resourceAccounts: { E1OLDAGENCY7Q2: '222222222222', E2NEWPROD5T8W3: '111111111111' },
      source: 'cfalias.yaml',
    });
  });

  it('a file of one account expects that account, or nothing', () => {
    const one = desired('version: 1\naccount: "111111111111"\ndistributions:\n  new: E2NEWPROD5T8W3\naliases:\n  www.example.com: new\n');
    expect(desiredExpectation(one, 'cfalias.yaml')).to.deep.equal({ account: '111111111111', source: 'cfalias.yaml' });
    const none = desired('version: 1\ndistributions:\n  new: E2NEWPROD5T8W3\naliases:\n  www.example.com: new\n');
    expect(desiredExpectation(none, 'cfalias.yaml')).to.equal(undefined);
    expect(desiredPlacements(none)).to.equal(undefined);
  });

  it("a saved plan's registry and placements, with the run id of a resume", () => {
    const accounts = { prod: { id: '111111111111' }, agency: { id: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/cfalias' } };
    const resourceAccounts = { E1OLDAGENCY7Q2: '222222222222', Z1: '111111111111' };
    expect(planExpectation({ account: '111111111111', accounts, resourceAccounts }, 'plan.json', 'run-7')).to.deep.equal({
      accounts,
      resourceAccounts,
      source: 'plan.json',
      runId: 'run-7',
    });
    expect(planExpectation({ account: '111111111111' }, 'plan.json')).to.deep.equal({ account: '111111111111', source: 'plan.json' });
  });
});
