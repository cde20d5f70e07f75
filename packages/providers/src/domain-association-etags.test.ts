/**
 * The queue and memory behind UpdateDomainAssociation's `If-Match`, with scripted calls: what each
 * move sends, in which order the calls are made, and when the ETag is read. The providers' use of
 * it is asserted end to end by the contract suite (contract/provider-contract-moves.ts).
 */
import { expect } from 'chai';
import { PreconditionFailedError, ThrottlingError } from '@cfalias/core';
import { DomainAssociationETags, type DomainAssociationCalls } from './domain-association-etags.js';

/** A target whose ETag is `E<version>`; every accepted association bumps the version. Logs every call. */
class ScriptedTarget {
  version = 1;
  readonly log: string[] = [];
  /** Errors the next associations throw, in order (before the If-Match is checked). */
  readonly failures: Error[] = [];
  /** Pending associations wait on this when set (to see what runs while one is under way). */
  gate: Promise<void> | undefined;

  constructor(private readonly name: string) {}

  calls(alias: string): DomainAssociationCalls {
    return {
      readETag: () => {
        this.log.push(`read ${this.name}`);
        return Promise.resolve(`E${this.version}`);
      },
      associate: async (ifMatch) => {
        this.log.push(`start ${alias} ${ifMatch}`);
        if (this.gate) await this.gate;
        const failure = this.failures.shift();
        if (failure) throw failure;
        if (ifMatch !== `E${this.version}`) throw new PreconditionFailedError(this.name);
        this.version += 1;
        this.log.push(`done ${alias}`);
        return `E${this.version}`;
      },
    };
  }
}

describe('DomainAssociationETags', () => {
  it('reads a target once, then sends the ETag each answer returned, one move after another', async () => {
    const etags = new DomainAssociationETags();
    const green = new ScriptedTarget('green');
    await Promise.all(['a', 'b', 'c'].map((alias) => etags.move('green', green.calls(alias))));
    expect(green.log).to.deep.equal(['read green', 'start a E1', 'done a', 'start b E2', 'done b', 'start c E3', 'done c']);
  });

  it("moves onto another target do not wait for the first target's", async () => {
    const etags = new DomainAssociationETags();
    const [green, teal] = [new ScriptedTarget('green'), new ScriptedTarget('teal')];
    let open!: () => void;
    green.gate = new Promise((resolve) => (open = resolve));
    const first = etags.move('green', green.calls('a'));
    const queued = etags.move('green', green.calls('b'));
    await etags.move('teal', teal.calls('c'));
    expect([green.log, teal.log]).to.deep.equal([
      ['read green', 'start a E1'],
      ['read teal', 'start c E1', 'done c'],
    ]);
    open();
    await Promise.all([first, queued]);
    expect(green.log).to.deep.equal(['read green', 'start a E1', 'done a', 'start b E2', 'done b']);
  });

  it('a stale ETag is read again and sent once more; a second PreconditionFailed is thrown', async () => {
    const etags = new DomainAssociationETags();
    const green = new ScriptedTarget('green');
    await etags.move('green', green.calls('a'));
    green.version = 7; // someone else wrote green
    await etags.move('green', green.calls('b'));
    green.failures.push(new PreconditionFailedError('green'), new PreconditionFailedError('green'));
    const error = await etags.move('green', green.calls('c')).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PreconditionFailedError);
    expect(green.log).to.deep.equal([
      'read green',
      'start a E1',
      'done a',
      'start b E2',
      'read green',
      'start b E7',
      'done b',
      'start c E8',
      'read green',
      'start c E8',
    ]);
  });

  it('any other error, or forget, makes the next move read the ETag again', async () => {
    const etags = new DomainAssociationETags();
    const green = new ScriptedTarget('green');
    await etags.move('green', green.calls('a'));
    green.failures.push(new ThrottlingError('UpdateDomainAssociation'));
    expect(await etags.move('green', green.calls('b')).catch((e: unknown) => e)).to.be.instanceOf(ThrottlingError);
    await etags.move('green', green.calls('b'));
    etags.forget('green');
    await etags.move('green', green.calls('c'));
    expect(green.log).to.deep.equal([
      'read green',
      'start a E1',
      'done a',
      'start b E2',
      'read green',
      'start b E2',
      'done b',
      'read green',
      'start c E3',
      'done c',
    ]);
  });
});
