/**
 * Simulated time over the wire with the real SDK: only a waiter's poll moves the world's clock
 * (simulated-time.ts). Figures are simulated milliseconds and call counts, never real time.
 */
import { expect } from 'chai';
import {
  CloudFrontClient,
  GetDistributionCommand,
  ListDistributionsCommand,
  UpdateDistributionCommand,
  waitUntilDistributionDeployed,
} from '@aws-sdk/client-cloudfront';
import { createAwsProvider } from '../aws/aws-provider.js';
import { isMarkedWaiterPoll } from './simulated-time.js';
import { ALPHA_KEY, startTestEmulator, type EmulatedWorld } from '../testing/emulator-world.js';

const BLUE = 'E1BLUEBLUEBLUE';
const GREEN = 'E2GREENGREENGR';
/** The test world's clock (2026-12-01T00:00:00Z); deploySeconds is 300. */
const T0 = Date.parse('2026-12-01T00:00:00Z');
const FAST_WAITER = { minDelay: 0.02, maxDelay: 0.05, maxWaitTime: 30 };

describe('emulator: simulated time moves only on waiter polls', () => {
  let env: EmulatedWorld;
  let cf: CloudFrontClient;

  beforeEach(async () => {
    env = await startTestEmulator();
    cf = new CloudFrontClient(env.clientConfig());
  });
  afterEach(async () => {
    cf.destroy();
    await env.emulator.close();
  });

  /** A read-modify-write as the AWS provider does it: GetDistribution, then UpdateDistribution with its ETag. */
  async function readModifyWrite(id: string, comment: string): Promise<void> {
    const got = await cf.send(new GetDistributionCommand({ Id: id }));
    await cf.send(
      new UpdateDistributionCommand({
        Id: id,
        IfMatch: got.ETag,
        DistributionConfig: { ...got.Distribution!.DistributionConfig!, Comment: comment },
      }),
    );
  }

  it('a read-modify-write followed by the SDK waiter: the deployment lasts exactly deploySeconds', async () => {
    await readModifyWrite(BLUE, 'one');
    expect(env.world.clock.now()).to.equal(T0);
    env.world.resetCalls();
    const result = await waitUntilDistributionDeployed({ client: cf, ...FAST_WAITER }, { Id: BLUE });
    expect(result.state).to.equal('SUCCESS');
    expect(env.world.clock.now() - T0).to.equal(300_000);
    // The first poll is the first read since the write: it sees InProgress; the second is a poll.
    expect(env.world.callCount('GetDistribution')).to.equal(2);
  });

  it('never moves time on reads that are not polls: the read of a read-modify-write, a read after a write, a listing', async () => {
    await readModifyWrite(BLUE, 'one');
    const first = await cf.send(new GetDistributionCommand({ Id: BLUE }));
    expect(first.Distribution!.Status).to.equal('InProgress');
    // Read again and write at once (read-modify-write on an InProgress distribution) ...
    await cf.send(
      new UpdateDistributionCommand({
        Id: BLUE,
        IfMatch: first.ETag,
        DistributionConfig: { ...first.Distribution!.DistributionConfig!, Comment: 'two' },
      }),
    );
    // ... so the next read is the first since that write, whatever came before.
    const afterWrite = await cf.send(new GetDistributionCommand({ Id: BLUE }));
    expect(afterWrite.Distribution!.Status).to.equal('InProgress');
    const listed = await cf.send(new ListDistributionsCommand({}));
    expect(listed.DistributionList!.Items!.find((d) => d.Id === BLUE)!.Status).to.equal('InProgress');
    expect(env.world.clock.now()).to.equal(T0);
  });

  it('a second read with no write in between is a poll: it is answered when the deployment is done', async () => {
    await readModifyWrite(GREEN, 'one');
    expect((await cf.send(new GetDistributionCommand({ Id: GREEN }))).Distribution!.Status).to.equal('InProgress');
    const again = await cf.send(new GetDistributionCommand({ Id: GREEN }));
    expect(again.Distribution!.Status).to.equal('Deployed');
    expect(env.world.clock.now() - T0).to.equal(300_000);
  });

  it('cfalias update, precondition read and wait through the AWS provider: exactly deploySeconds', async () => {
    const aws = createAwsProvider({
      endpoint: env.emulator.endpoint,
      credentials: { accessKeyId: ALPHA_KEY, secretAccessKey: 'any' },
      maxAttempts: 1,
      waiter: { minDelay: 0.02, maxDelay: 0.05, maxWaitSeconds: 30 },
    });
    try {
      expect(await aws.updateAliases(BLUE, { remove: ['api.example.com'], add: [] }, () => 'apply')).to.equal('apply');
      expect((await aws.readDistribution(BLUE)).status).to.equal('InProgress');
      expect(env.world.clock.now()).to.equal(T0);
      await aws.waitDeployed(BLUE);
      expect(env.world.clock.now() - T0).to.equal(300_000);
    } finally {
      aws.destroy();
    }
  });

  it('a parked poll lets a concurrent write land first: two deployments started together both end at deploySeconds', async () => {
    await readModifyWrite(BLUE, 'one');
    await cf.send(new GetDistributionCommand({ Id: BLUE }));
    // Blue's poll parks; green's read-modify-write, sent meanwhile, is served at T0 before time moves.
    const blueWait = waitUntilDistributionDeployed({ client: cf, ...FAST_WAITER }, { Id: BLUE });
    await readModifyWrite(GREEN, 'one');
    const greenWait = waitUntilDistributionDeployed({ client: cf, ...FAST_WAITER }, { Id: GREEN });
    await Promise.all([blueWait, greenWait]);
    expect(env.world.distribution(GREEN)!.status).to.equal('Deployed');
    expect(env.world.clock.now() - T0).to.equal(300_000);
  });

  it('answers at once with fast-forward off: the waiter sees InProgress and time stands still', async () => {
    const off = await startTestEmulator({ fastForward: false });
    const client = new CloudFrontClient(off.clientConfig());
    try {
      const got = await client.send(new GetDistributionCommand({ Id: BLUE }));
      await client.send(
        new UpdateDistributionCommand({
          Id: BLUE,
          IfMatch: got.ETag,
          DistributionConfig: { ...got.Distribution!.DistributionConfig!, Comment: 'x' },
        }),
      );
      const outcome = await waitUntilDistributionDeployed({ client, minDelay: 0.02, maxDelay: 0.02, maxWaitTime: 0.2 }, { Id: BLUE }).catch(
        (e: unknown) => e,
      );
      expect((outcome as Error).name).to.equal('TimeoutError');
      expect(off.world.clock.now()).to.equal(T0);
    } finally {
      client.destroy();
      await off.emulator.close();
    }
  });
});

describe('emulator: waiter polls marked in the user agent', () => {
  it('recognises the WAITER business metric (B) of botocore / the AWS CLI, and nothing else', () => {
    const cliWait =
      'aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/D,b,B,N,g,Z cfg/retry-mode#legacy botocore/1.43.11';
    const cliGet =
      'aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/D,N,b,Z,g cfg/retry-mode#legacy botocore/1.43.11';
    // The SDK for JavaScript v3 (3.1161) sends the same user agent for its waiter polls and its other reads.
    const sdkJs = 'aws-sdk-js/3.1160.0 ua/2.1 os/linux#6.18.44-fc-v657 lang/js md/nodejs#20.20.2 api/cloudfront#3.1160.0 m/N,E,e';
    expect(isMarkedWaiterPoll(cliWait)).to.equal(true);
    expect(isMarkedWaiterPoll(cliGet)).to.equal(false);
    expect(isMarkedWaiterPoll(sdkJs)).to.equal(false);
    expect(isMarkedWaiterPoll('md/Botocore#1.43 m/b')).to.equal(false);
    expect(isMarkedWaiterPoll(undefined)).to.equal(false);
  });
});
