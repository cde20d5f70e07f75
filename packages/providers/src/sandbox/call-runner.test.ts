/**
 * How every sandbox operation is called: the fault schedule and the call log.
 * Expected values are worked out by hand from testing/rules-world.ts.
 */
import { expect } from 'chai';
import { SandboxServiceError, SandboxTransportFault } from '../errors.js';
import type { FaultDocument } from './world-document.js';
import { A, BLUE, GREEN, FOREIGN, CERT_A, NOW, makeWorld, thrown, setAliases } from '../testing/rules-world.js';

describe('SandboxWorld: faults and the call log', () => {
  function faulted(...faults: FaultDocument[]) {
    return makeWorld({ faults });
  }

  it('fires `times` times, then lets calls through; the log records injected outcomes', () => {
    const { world } = faulted({ operation: 'GetDistribution', error: 'Throttling', times: 2 });
    const outcomes = [1, 2, 3].map(() => {
      try {
        world.getDistribution(A, BLUE);
        return 'ok';
      } catch (error) {
        return `${(error as SandboxServiceError).code}/${(error as SandboxServiceError).httpStatus}/${String((error as SandboxServiceError).retryable)}`;
      }
    });
    expect(outcomes).to.deep.equal(['Throttling/400/true', 'Throttling/400/true', 'ok']);
    expect(world.calls.map((c) => [c.operation, c.outcome, c.injected])).to.deep.equal([
      ['GetDistribution', 'Throttling', true],
      ['GetDistribution', 'Throttling', true],
      ['GetDistribution', 'ok', false],
    ]);
    expect(world.calls[0]).to.deep.equal({
      service: 'cloudfront',
      operation: 'GetDistribution',
      account: A,
      resource: BLUE,
      at: NOW,
      outcome: 'Throttling',
      injected: true,
    });
  });

  it('`after: N` lets the first N matching calls through; `resource` limits the match', () => {
    const { world } = faulted({ operation: 'GetDistribution', resource: GREEN, error: 'InternalError', after: 1 });
    world.getDistribution(A, BLUE);
    world.getDistribution(A, GREEN);
    const error = thrown(() => world.getDistribution(A, GREEN));
    expect([error.code, error.httpStatus, error.retryable, error.faultType]).to.deep.equal(['InternalError', 500, true, 'Receiver']);
    world.getDistribution(A, GREEN);
    expect(world.callCount('GetDistribution')).to.equal(4);
  });

  it("`when: 'after'` makes the change and then loses the answer", () => {
    const { world } = faulted({ operation: 'UpdateDistribution', error: 'ConnectionReset', when: 'after' });
    let fault: unknown;
    try {
      setAliases(world, BLUE, ['www.example.com']);
    } catch (error) {
      fault = error;
    }
    expect(fault).to.be.instanceOf(SandboxTransportFault);
    expect(fault).to.include({ kind: 'ConnectionReset', effectApplied: true, operation: 'UpdateDistribution' });
    expect(world.distribution(BLUE)).to.deep.include({ aliases: ['www.example.com'], etag: 'E002EBLUEBLUE', status: 'InProgress' });
  });

  it("a 'before' fault has no effect", () => {
    const { world } = faulted({ operation: 'UpdateDistribution', error: 'Timeout' });
    let fault: unknown;
    try {
      setAliases(world, BLUE, ['www.example.com']);
    } catch (error) {
      fault = error;
    }
    expect(fault).to.include({ kind: 'Timeout', effectApplied: false });
    expect(world.distribution(BLUE)!.aliases).to.deep.equal(['www.example.com', 'api.example.com']);
  });

  it('injects PreconditionFailed (412), CNAMEAlreadyExists (409) and ACM ThrottlingException', () => {
    const { world } = faulted(
      { operation: 'UpdateDistribution', error: 'PreconditionFailed' },
      { operation: 'AssociateAlias', error: 'CNAMEAlreadyExists' },
      { operation: 'DescribeCertificate', error: 'Throttling' },
    );
    expect(thrown(() => setAliases(world, BLUE, [])).httpStatus).to.equal(412);
    expect(thrown(() => world.associateAlias(A, GREEN, 'www.example.com')).httpStatus).to.equal(409);
    const acm = thrown(() => world.describeCertificate(A, CERT_A));
    expect([acm.service, acm.code, acm.httpStatus]).to.deep.equal(['acm', 'ThrottlingException', 400]);
  });

  it('keeps unfired faults, with what is left of them, in toDocument', () => {
    const { world } = faulted(
      { operation: 'GetDistribution', error: 'Throttling', times: 3 },
      { operation: 'GetChange', error: 'Timeout', after: 2 },
      { operation: 'ListHostedZones', error: 'InternalError' },
    );
    thrown(() => world.getDistribution(A, BLUE));
    thrown(() => world.listHostedZones(A));
    expect(world.toDocument().faults).to.deep.equal([
      { operation: 'GetDistribution', error: 'Throttling', times: 2 },
      { operation: 'GetChange', error: 'Timeout', after: 2 },
    ]);
  });

  it('counts calls by operation and resets the log', () => {
    const { world } = makeWorld();
    world.listDistributions(A);
    world.getDistribution(A, BLUE);
    thrown(() => world.getDistribution(A, FOREIGN));
    expect([world.callCount(), world.callCount('GetDistribution'), world.callCount('UpdateDistribution')]).to.deep.equal([3, 2, 0]);
    expect(world.calls[2]!.outcome).to.equal('NoSuchDistribution');
    world.resetCalls();
    expect(world.callCount()).to.equal(0);
  });

  it('refuses an unknown fault operation', () => {
    const { world } = makeWorld();
    expect(() => world.addFault({ operation: 'DeleteDistribution', error: 'Throttling' })).to.throw(
      'unknown operation "DeleteDistribution"',
    );
  });
});
