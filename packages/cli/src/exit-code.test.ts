import { expect } from 'chai';
import { AbortedError, PlanBlockedError, PlanFileError, StalePlanError } from '@cfalias/core';
import { CommanderError } from 'commander';
import { exitCodeFor } from './main.js';

describe('exitCodeFor (DESIGN.md exit codes)', () => {
  it('maps outcomes', () => {
    expect(exitCodeFor('ok')).to.equal(0);
    expect(exitCodeFor('changes')).to.equal(2);
    expect(exitCodeFor('blocked')).to.equal(3);
    expect(exitCodeFor('stale')).to.equal(4);
    expect(exitCodeFor('invalid-input')).to.equal(1);
    expect(exitCodeFor('cancelled')).to.equal(1);
    expect(exitCodeFor('apply-failed')).to.equal(1);
    expect(exitCodeFor('aborted')).to.equal(1);
  });

  it('maps errors', () => {
    expect(exitCodeFor({ error: new PlanBlockedError(['certificate-not-covering']) })).to.equal(3);
    expect(exitCodeFor({ error: new StalePlanError('s1', 'E1', []) })).to.equal(4);
    expect(exitCodeFor({ error: new PlanFileError('digest-mismatch', 'bad digest') })).to.equal(1);
    expect(exitCodeFor({ error: new AbortedError() })).to.equal(1);
    expect(exitCodeFor({ error: new Error('boom') })).to.equal(1);
    expect(exitCodeFor({ error: new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)') })).to.equal(0);
    expect(exitCodeFor({ error: new CommanderError(1, 'commander.unknownOption', 'unknown option') })).to.equal(1);
  });
});
