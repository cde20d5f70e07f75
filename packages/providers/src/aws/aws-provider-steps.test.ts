/**
 * The AWS provider's steps and their errors over the wire: updates, waits, records, moves, on the
 * real SDK against the emulator.
 */
import { expect } from 'chai';
import {
  AliasConflictError,
  PreconditionFailedError,
  ResourceNotFoundError,
  ThrottlingError,
  TransientError,
  WaitTimeoutError,
} from '@cfalias/core';
import { SandboxWorld, type WorldDocument } from '../sandbox/index.js';
import { createEmulator } from '../emulator/index.js';
import { createAwsProvider } from './aws-provider.js';
import { ACCOUNT, CERTS, KEY, start, stop, type Running } from '../testing/aws-emulator-rig.js';

// ---------------------------------------------------------------- steps and errors over the wire

function stepsWorld(faults: WorldDocument['faults'] = []): WorldDocument {
  return {
    version: 1,
    caller: ACCOUNT,
    now: '2026-12-01T00:00:00Z',
    settings: { deploySeconds: 300, dnsSyncSeconds: 30 },
    credentials: { [KEY]: ACCOUNT },
    accounts: [
      {
        id: ACCOUNT,
        distributions: [
          {
            id: 'E1BLUEBLUEBLUE',
            domainName: 'd1blue.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['www.example.com'],
            certificateArn: CERTS[0]!,
          },
          {
            id: 'E2GREENGREENGR',
            domainName: 'd2green.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: [],
            certificateArn: CERTS[0]!,
          },
        ],
        certificates: [
          {
            arn: CERTS[0]!,
            domainName: 'example.com',
            subjectAlternativeNames: ['example.com', '*.example.com'],
            status: 'ISSUED',
            notAfter: '2027-06-01T00:00:00Z',
          },
        ],
        hostedZones: [
          {
            id: 'Z1EXAMPLE',
            name: 'example.com.',
            records: [
              { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
              {
                name: 'www.example.com.',
                type: 'AAAA',
                aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' },
              },
              { name: 'wwx.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
            ],
          },
        ],
      },
    ],
    faults,
  };
}

describe('AWS provider: steps over the wire', function () {
  this.timeout(30_000);
  let running: Running | undefined;
  afterEach(async () => {
    await stop(running);
    running = undefined;
  });

  it('updates aliases with one read and one write, then waits for Deployed on simulated time', async () => {
    running = await start(stepsWorld());
    const { provider, world } = running;
    const before = world.clock.now();
    expect(await provider.updateAliases('E2GREENGREENGR', { remove: [], add: ['api.example.com'] }, () => 'apply')).to.equal('apply');
    expect(world.callCount('GetDistribution')).to.equal(1);
    expect(world.callCount('UpdateDistribution')).to.equal(1);
    expect(world.distribution('E2GREENGREENGR')!.status).to.equal('InProgress');
    await provider.waitDeployed('E2GREENGREENGR');
    const live = await provider.readDistribution('E2GREENGREENGR');
    expect(live).to.deep.equal({
      id: 'E2GREENGREENGR',
      domainName: 'd2green.cloudfront.net',
      enabled: true,
      status: 'Deployed',
      aliases: ['api.example.com'],
      certificateArn: CERTS[0],
    });
    expect(world.clock.now() - before, 'simulated deployment').to.equal(300_000);
  });

  it('writes nothing when the guard says skip', async () => {
    running = await start(stepsWorld());
    expect(await running.provider.updateAliases('E2GREENGREENGR', { remove: [], add: ['api.example.com'] }, () => 'skip')).to.equal('skip');
    expect(running.world.callCount('UpdateDistribution')).to.equal(0);
  });

  it('reads the record sets of the names asked, several names in one listing', async () => {
    running = await start(stepsWorld());
    const records = await running.provider.readRecords('/hostedzone/Z1EXAMPLE', ['WWW.example.com', 'nothere.example.com.']);
    expect(records).to.deep.equal([
      { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
      { name: 'www.example.com.', type: 'AAAA', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
    ]);
    // The zone is smaller than a page: one listing from the lowest name settles both.
    expect(running.world.callCount('ListResourceRecordSets')).to.equal(1);
  });

  it('changes records in one batch and waits for INSYNC', async () => {
    running = await start(stepsWorld());
    const { provider, world } = running;
    const { changeId } = await provider.changeRecords('Z1EXAMPLE', [
      {
        action: 'UPSERT',
        record: {
          name: 'www.example.com.',
          type: 'A',
          aliasTarget: { dnsName: 'd2green.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' },
        },
      },
      { action: 'UPSERT', record: { name: '_api.example.com.', type: 'TXT', ttl: 300, values: ['"d2green.cloudfront.net"'] } },
    ]);
    expect(changeId).to.not.match(/^\/change\//);
    const before = world.clock.now();
    await provider.waitRecordsSynced(changeId);
    expect(world.clock.now() - before).to.equal(30_000);
    expect(world.callCount('ChangeResourceRecordSets')).to.equal(1);
    const records = await provider.readRecords('Z1EXAMPLE', ['www.example.com.', '_api.example.com.']);
    expect(records.find((r) => r.type === 'A')!.aliasTarget!.dnsName).to.equal('d2green.cloudfront.net.');
    expect(records.find((r) => r.type === 'TXT')!.values).to.deep.equal(['"d2green.cloudfront.net"']);
  });

  it('surfaces CNAMEAlreadyExists as AliasConflictError naming the alias', async () => {
    running = await start(stepsWorld());
    try {
      await running.provider.updateAliases('E2GREENGREENGR', { remove: [], add: ['www.example.com'] }, () => 'apply');
      expect.fail('the alias held by E1 was added to E2');
    } catch (error) {
      expect(error).to.be.instanceOf(AliasConflictError);
      expect((error as AliasConflictError).alias).to.equal('www.example.com');
      expect((error as AliasConflictError).distribution).to.equal('E2GREENGREENGR');
    }
  });

  it('surfaces injected faults as the engine error classes, with one attempt each', async () => {
    running = await start(
      stepsWorld([
        { operation: 'UpdateDistribution', resource: 'E2GREENGREENGR', error: 'PreconditionFailed', times: 1 },
        { operation: 'GetDistribution', resource: 'E1BLUEBLUEBLUE', error: 'Throttling', times: 1 },
        { operation: 'ChangeResourceRecordSets', resource: 'Z1EXAMPLE', error: 'InternalError', times: 1 },
        { operation: 'ListResourceRecordSets', resource: 'Z1EXAMPLE', error: 'ConnectionReset', times: 1 },
      ]),
    );
    const { provider } = running;
    const expectError = async (promise: Promise<unknown>, type: new (...args: never[]) => Error): Promise<Error> => {
      try {
        await promise;
      } catch (error) {
        expect(error).to.be.instanceOf(type);
        return error as Error;
      }
      return expect.fail(`no ${type.name}`);
    };
    await expectError(
      provider.updateAliases('E2GREENGREENGR', { remove: [], add: ['api.example.com'] }, () => 'apply'),
      PreconditionFailedError,
    );
    await expectError(provider.readDistribution('E1BLUEBLUEBLUE'), ThrottlingError);
    const server = await expectError(
      provider.changeRecords('Z1EXAMPLE', [
        { action: 'UPSERT', record: { name: 'x.example.com.', type: 'TXT', ttl: 60, values: ['"x"'] } },
      ]),
      TransientError,
    );
    expect((server as TransientError).reason).to.equal('server-error');
    const reset = await expectError(provider.readRecords('Z1EXAMPLE', ['www.example.com.']), TransientError);
    expect((reset as TransientError).reason).to.equal('connection-reset');
    await expectError(provider.readDistribution('E404NOTHERE404'), ResourceNotFoundError);
  });

  it('retries throttling and 5xx on the client (maxAttempts), not on top of it', async () => {
    running = await start(stepsWorld([{ operation: 'GetDistribution', resource: 'E1BLUEBLUEBLUE', error: 'Throttling', times: 2 }]), {
      maxAttempts: 3,
    });
    expect((await running.provider.readDistribution('E1BLUEBLUEBLUE')).aliases).to.deep.equal(['www.example.com']);
    expect(running.world.callCount('GetDistribution')).to.equal(3);
  });

  it('fails a wait on a missing distribution at once with ResourceNotFoundError, not a timeout', async () => {
    running = await start(stepsWorld(), { waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitSeconds: 60 } });
    try {
      await running.provider.waitDeployed('E404NOTHERE404');
      expect.fail('waited on a missing distribution');
    } catch (error) {
      expect(error).to.be.instanceOf(ResourceNotFoundError);
    }
    expect(running.world.callCount('GetDistribution')).to.equal(1);
  });

  it('gives up a wait with WaitTimeoutError after maxWaitSeconds', async () => {
    // Without fast-forward the simulated deployment never completes in real time.
    const world = SandboxWorld.fromDocument(stepsWorld());
    const emulator = await createEmulator(world, { port: 0, fastForward: false });
    const provider = createAwsProvider({
      endpoint: emulator.endpoint,
      credentials: { accessKeyId: KEY, secretAccessKey: 's' },
      maxAttempts: 1,
      waiter: { minDelay: 0.05, maxDelay: 0.1, maxWaitSeconds: 0.5 },
    });
    running = { world, emulator, provider };
    await provider.updateAliases('E2GREENGREENGR', { remove: [], add: ['api.example.com'] }, () => 'apply');
    try {
      await provider.waitDeployed('E2GREENGREENGR');
      expect.fail('a deployment that never ends was waited out');
    } catch (error) {
      expect(error).to.be.instanceOf(WaitTimeoutError);
      expect((error as WaitTimeoutError).waitedSeconds).to.equal(0.5);
    }
  });
});
