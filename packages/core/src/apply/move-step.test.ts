import { expect } from 'chai';
import { OwnershipProofError, RequestRejectedError, StalePlanError } from '../errors.js';
import type { MoveApi } from '../desired/desired.js';
import type { DnsRecordChange, MoveAliasStep, VerifyStep } from '../plan/plan.js';
import type { CutoverProvider, LiveDistribution, TenantDnsProblem } from '../ports.js';
import { LiveView } from './live-view.js';
import type { StepContext } from './step-context.js';
import { runStep } from './step-runner.js';

const TXT = { name: '_www.example.com.', type: 'TXT', ttl: 300, values: ['"d2.cloudfront.net"'] };

/** www moves from E1 to the tenant dt_green; CloudFront may ask for the TXT record first. */
const step: MoveAliasStep = {
  id: 'move-alias:www.example.com',
  kind: 'move-alias',
  dependsOn: [],
  phase: 1,
  alias: 'www.example.com',
  from: 'E1',
  to: 'dt_green',
  api: 'update-domain-association',
  txtFallback: { zoneId: 'Z1', zoneName: 'example.com.', record: TXT },
  precondition: { aliasOn: 'E1' },
  postcondition: { aliasOn: 'dt_green' },
};

function resource(id: string, aliases: string[]): LiveDistribution {
  return { id, domainName: `${id}.cloudfront.net`, enabled: true, status: 'Deployed', aliases, certificateArn: null };
}

/** A provider that holds www on E1 and refuses the first `refusals` moves for the TXT record. */
class MoveRecorder {
  readonly calls: string[] = [];
  holder = 'E1';
  constructor(private refusals: number) {}

  provider(): CutoverProvider {
    return {
      readDistribution: async (id: string) => resource(id, this.holder === id ? ['www.example.com'] : []),
      moveAlias: async (target: string, alias: string, api: MoveApi) => {
        this.calls.push(`move ${alias} → ${target} (${api})`);
        if (this.refusals > 0) {
          this.refusals--;
          throw new OwnershipProofError('UpdateDomainAssociation', alias, 'Invalid or missing alias DNS TXT records');
        }
        this.holder = target;
      },
      changeRecords: async (zoneId: string, changes: readonly DnsRecordChange[]) => {
        this.calls.push(`change ${zoneId} ${changes.map((c) => `${c.action} ${c.record.name} ${c.record.type}`).join(', ')}`);
        return { changeId: 'C1' };
      },
      waitRecordsSynced: async (changeId: string) => {
        this.calls.push(`wait ${changeId}`);
      },
    } as unknown as CutoverProvider;
  }
}

function context(provider: CutoverProvider): StepContext {
  return { provider, view: new LiveView(provider, {}), dnsChanges: new Map<string, string>() };
}

async function failure(run: Promise<unknown>): Promise<Error> {
  try {
    await run;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('move-alias step', () => {
  it('moves with the API the plan names, one call, and creates no TXT record when CloudFront asks for none', async () => {
    const recorder = new MoveRecorder(0);
    expect(await runStep(step, context(recorder.provider()))).to.deep.equal({ kind: 'done' });
    expect(recorder.calls).to.deep.equal(['move www.example.com → dt_green (update-domain-association)']);
    const associate = new MoveRecorder(0);
    await runStep({ ...step, to: 'E2', postcondition: { aliasOn: 'E2' }, api: 'associate-alias' }, context(associate.provider()));
    expect(associate.calls).to.deep.equal(['move www.example.com → E2 (associate-alias)']);
  });

  it('refused for its TXT record: creates the prepared record, waits INSYNC, retries once, and reports the record', async () => {
    const recorder = new MoveRecorder(1);
    const outcome = await runStep(step, context(recorder.provider()));
    expect(recorder.calls).to.deep.equal([
      'move www.example.com → dt_green (update-domain-association)',
      'change Z1 UPSERT _www.example.com. TXT',
      'wait C1',
      'move www.example.com → dt_green (update-domain-association)',
    ]);
    expect(outcome).to.deep.equal({
      kind: 'done',
      txtProof: { zoneId: 'Z1', name: '_www.example.com.', value: '"d2.cloudfront.net"', changeId: 'C1' },
    });
  });

  it('refused again after the record: the refusal stands (no second retry)', async () => {
    const recorder = new MoveRecorder(2);
    const error = await failure(runStep(step, context(recorder.provider())));
    expect(error).to.be.instanceOf(OwnershipProofError);
    expect(recorder.calls.filter((c) => c.startsWith('move'))).to.have.length(2);
  });

  it('refused without a prepared record (no zone of the account holds it): says what to create, writes nothing', async () => {
    const recorder = new MoveRecorder(1);
    const { txtFallback: _dropped, ...bare } = step;
    const error = await failure(runStep(bare, context(recorder.provider())));
    expect(error).to.be.instanceOf(OwnershipProofError);
    expect(error.message).to.match(/^Invalid or missing alias DNS TXT records; create the TXT record _<alias>/);
    expect(recorder.calls).to.deep.equal(['move www.example.com → dt_green (update-domain-association)']);
  });

  it('any other refusal is not retried', async () => {
    const recorder = new MoveRecorder(0);
    const provider = recorder.provider();
    provider.moveAlias = async () => {
      throw new RequestRejectedError('UpdateDomainAssociation', 'AccessDenied', 'denied');
    };
    expect(await failure(runStep(step, context(provider)))).to.be.instanceOf(RequestRejectedError);
  });
});

describe('verify of a tenant', () => {
  const verify: VerifyStep = {
    id: 'verify:dt_green',
    kind: 'verify',
    dependsOn: [],
    phase: 1,
    distribution: 'dt_green',
    aliases: ['www.example.com'],
    dns: [{ zoneId: 'Z1', name: 'www.example.com.', pointsAt: 'dt_green.cloudfront.net' }],
  };
  const provider = (problems: TenantDnsProblem[], asked: string[][]): CutoverProvider =>
    ({
      readDistribution: async (id: string) => resource(id, ['www.example.com']),
      readRecords: async () => [{ name: 'www.example.com.', type: 'CNAME', ttl: 300, values: ['dt_green.cloudfront.net'] }],
      verifyTenantDns: async (_tenant: string, domains: readonly string[]) => {
        asked.push([...domains]);
        return problems;
      },
    }) as unknown as CutoverProvider;

  it('asks CloudFront (VerifyDnsConfiguration) about the domains it routed; an invalid configuration fails the verify', async () => {
    const asked: string[][] = [];
    const ok = provider([{ domain: 'www.example.com', status: 'unknown-configuration' }], asked);
    expect(await runStep(verify, context(ok))).to.deep.equal({ kind: 'done' });
    expect(asked).to.deep.equal([['www.example.com']]);
    const bad = provider([{ domain: 'www.example.com', status: 'invalid-configuration', reason: 'points at d9.cloudfront.net' }], []);
    const error = await failure(runStep(verify, context(bad)));
    expect((error as StalePlanError).mismatches).to.deep.equal([
      { field: 'DNS of www.example.com (VerifyDnsConfiguration)', expected: 'valid-configuration', found: 'points at d9.cloudfront.net' },
    ]);
  });
});
