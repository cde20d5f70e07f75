import { expect } from 'chai';
import { ThrottlingError, TransientError } from '../errors.js';
import type { DnsRecord } from '../inventory/inventory.js';
import type { CutoverProvider, LiveDistribution } from '../ports.js';
import { LiveView, planRecordNames } from './live-view.js';
import type { PlanStep } from '../plan/plan.js';

/** A provider that counts its reads and answers from fixed state. */
function countingProvider(records: DnsRecord[]) {
  const reads = { distributions: [] as string[], records: [] as string[][] };
  const live = (id: string): LiveDistribution => ({
    id,
    domainName: `${id.toLowerCase()}.cloudfront.net`,
    enabled: true,
    status: 'Deployed',
    aliases: [],
    certificateArn: null,
  });
  const provider = {
    readDistribution: (id: string) => {
      reads.distributions.push(id);
      return Promise.resolve(live(id));
    },
    readRecords: (_zone: string, names: readonly string[]) => {
      reads.records.push([...names].sort());
      return Promise.resolve(records.filter((r) => names.includes(r.name)));
    },
  } as unknown as CutoverProvider;
  return { provider, reads };
}

const A = (name: string): DnsRecord => ({ name, type: 'A', values: ['192.0.2.1'], ttl: 60 });

describe('LiveView', () => {
  it('a wait ends what was read before it began, not what was read while it was under way', async () => {
    const { provider, reads } = countingProvider([]);
    const view = new LiveView(provider, {});
    await view.distribution('E1');
    const first = view.beginWait();
    const second = view.beginWait();
    await view.distribution('E2'); // read while both waits are under way
    view.endWait(first);
    await view.distribution('E1'); // read before the first wait began: read again
    await view.distribution('E2'); // still good
    view.endWait(second);
    await view.distribution('E2'); // still good: read after the second wait began
    expect(reads.distributions).to.deep.equal(['E1', 'E2', 'E1']);
  });

  it('reads every name the plan checks in a zone on its first cached read of the stage, and serves the rest from it', async () => {
    const { provider, reads } = countingProvider([A('a.example.com.'), A('c.example.com.')]);
    const names = new Map([['Z1', ['a.example.com.', 'b.example.com.', 'c.example.com.']]]);
    const view = new LiveView(provider, {}, names);
    expect(await view.records('Z1', ['a.example.com.'])).to.deep.equal([A('a.example.com.')]);
    expect(await view.records('Z1', ['b.example.com.', 'C.example.com'])).to.deep.equal([A('c.example.com.')]);
    expect(reads.records).to.deep.equal([['a.example.com.', 'b.example.com.', 'c.example.com.']]);
    const wait = view.beginWait();
    view.endWait(wait);
    await view.records('Z1', ['c.example.com.']);
    expect(reads.records).to.have.length(2);
  });

  it('a write turned away by Throttling leaves the cache as it was; any other failure drops what it touched', async () => {
    const { provider, reads } = countingProvider([]);
    const view = new LiveView(provider, {});
    await view.distribution('E1');
    view.forgetDistribution('E1', new ThrottlingError('AssociateAlias'));
    await view.distribution('E1');
    expect(reads.distributions).to.deep.equal(['E1']);
    view.forgetDistribution('E1', new TransientError('AssociateAlias', 'timeout'));
    await view.distribution('E1');
    expect(reads.distributions).to.deep.equal(['E1', 'E1']);
  });

  it('a fresh read reads only the names asked', async () => {
    const { provider, reads } = countingProvider([]);
    const view = new LiveView(provider, {}, new Map([['Z1', ['a.example.com.', 'b.example.com.']]]));
    await view.freshRecords('Z1', ['b.example.com.']);
    expect(reads.records).to.deep.equal([['b.example.com.']]);
  });

  it('planRecordNames: the names of change-dns and verify steps, by zone, once each', () => {
    const steps = [
      {
        id: 's1',
        kind: 'change-dns',
        dependsOn: [],
        phase: 1,
        zoneId: 'Z1',
        zoneName: 'example.com.',
        changes: [{ action: 'UPSERT', record: A('www.example.com.') }],
        precondition: { records: [{ name: 'WWW.example.com', type: 'A', state: 'absent' }] },
        postcondition: { records: [] },
      },
      {
        id: 's2',
        kind: 'verify',
        dependsOn: [],
        phase: 2,
        distribution: 'E1',
        aliases: [],
        dns: [
          { zoneId: 'Z1', name: 'www.example.com.', pointsAt: 'd1.cloudfront.net' },
          { zoneId: 'Z2', name: 'api.example.org.', pointsAt: 'd1.cloudfront.net' },
        ],
      },
    ] as unknown as PlanStep[];
    expect([...planRecordNames(steps)]).to.deep.equal([
      ['Z1', ['www.example.com.']],
      ['Z2', ['api.example.org.']],
    ]);
  });
});
