import { expect } from 'chai';
import {
  AbortedError,
  LeaseLostError,
  LockHeldError,
  OutsideWindowError,
  PlanBlockedError,
  PlanFileError,
  StalePlanError,
} from '@cfalias/core';
import { CommanderError } from 'commander';
import { exitCodeFor } from './main.js';

describe('exitCodeFor: the exit codes the CLI README documents', () => {
  it('maps outcomes', () => {
    expect(exitCodeFor('ok')).to.equal(0);
    expect(exitCodeFor('changes')).to.equal(2);
    expect(exitCodeFor('blocked')).to.equal(3);
    expect(exitCodeFor('stale')).to.equal(4);
    expect(exitCodeFor('verify-failed')).to.equal(7);
    expect(exitCodeFor('invalid-input')).to.equal(1);
    expect(exitCodeFor('cancelled')).to.equal(1);
    expect(exitCodeFor('apply-failed')).to.equal(1);
    expect(exitCodeFor('aborted')).to.equal(1);
    expect(exitCodeFor('rolled-back')).to.equal(1);
    expect(exitCodeFor('window-closed')).to.equal(1);
    expect(exitCodeFor('drifted')).to.equal(8);
  });

  it('maps errors', () => {
    expect(exitCodeFor({ error: new PlanBlockedError(['certificate-not-covering']) })).to.equal(3);
    expect(exitCodeFor({ error: new StalePlanError('s1', 'E1', []) })).to.equal(4);
    expect(exitCodeFor({ error: new PlanFileError('digest-mismatch', 'bad digest') })).to.equal(1);
    expect(exitCodeFor({ error: new AbortedError() })).to.equal(1);
    const holder = {
      id: 'l1',
      holder: 'alice@ci cfalias apply',
      pid: 1,
      host: 'ci',
      created: '2026-12-01T02:00:00Z',
      expiry: '2026-12-01T02:01:00Z',
    };
    expect(exitCodeFor({ error: new LockHeldError(holder) })).to.equal(5);
    expect(exitCodeFor({ error: new LeaseLostError('l0', holder) })).to.equal(1);
    expect(
      exitCodeFor({
        error: new OutsideWindowError({ start: '2026-11-30T02:00:00Z', end: '2026-11-30T04:00:00Z' }, '2026-12-01T02:00:00.000Z'),
      }),
    ).to.equal(6);
    expect(exitCodeFor({ error: new Error('boom') })).to.equal(1);
    expect(exitCodeFor({ error: new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)') })).to.equal(0);
    expect(exitCodeFor({ error: new CommanderError(1, 'commander.unknownOption', 'unknown option') })).to.equal(1);
  });
});
