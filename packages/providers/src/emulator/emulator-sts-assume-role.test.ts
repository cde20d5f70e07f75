import { expect } from 'chai';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { accountCredentials, roleSessionName } from '../aws/account-credentials.js';
import { createAccountProviders, readAccountInventories } from '../aws/account-registry.js';
import { ALPHA, ALPHA_KEY, BETA, startTestEmulator, type EmulatedWorld } from '../testing/emulator-world.js';

const BETA_ROLE = `arn:aws:iam::${BETA}:role/cfalias`;

describe('emulator: STS AssumeRole over the real SDK', () => {
  let env: EmulatedWorld;
  const clients: STSClient[] = [];
  const sts = (config: STSClientConfig): STSClient => {
    const client = new STSClient(config);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    env = await startTestEmulator();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await env.emulator.close();
  });

  it('issues session credentials whose access key acts in the role’s account', async () => {
    const out = await sts(env.clientConfig(ALPHA_KEY)).send(new AssumeRoleCommand({ RoleArn: BETA_ROLE, RoleSessionName: 'cfalias-test' }));
    const issued = out.Credentials!;
    expect(issued.AccessKeyId).to.match(/^ASIA[A-Z2-7]{16}$/);
    expect(issued.SecretAccessKey).to.be.a('string').and.not.equal('');
    expect(issued.SessionToken).to.be.a('string').and.not.equal('');
    expect(issued.Expiration!.getTime()).to.be.greaterThan(Date.now());
    expect(out.AssumedRoleUser?.Arn).to.equal(`arn:aws:sts::${BETA}:assumed-role/cfalias/cfalias-test`);

    const asRole = sts({
      ...env.clientConfig(),
      credentials: { accessKeyId: issued.AccessKeyId!, secretAccessKey: issued.SecretAccessKey!, sessionToken: issued.SessionToken! },
    });
    const identity = await asRole.send(new GetCallerIdentityCommand({}));
    expect([identity.Account, identity.Arn]).to.deep.equal([BETA, `arn:aws:sts::${BETA}:assumed-role/cfalias/cfalias-test`]);
  });

  it('reaches the role’s account through fromTemporaryCredentials, named cfalias-<run id>', async () => {
    const { credentials: base, endpoint, region } = env.clientConfig(ALPHA_KEY);
    const credentials = accountCredentials(
      { id: BETA, roleArn: BETA_ROLE, externalId: 'ext-1' },
      { runId: 'run-7', baseCredentials: base, endpoint },
    );
    const identity = await sts({ endpoint, region, credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
    expect([identity.Account, identity.Arn]).to.deep.equal([BETA, `arn:aws:sts::${BETA}:assumed-role/cfalias/cfalias-run-7`]);

    const plain = accountCredentials({ id: ALPHA }, { runId: 'run-7', baseCredentials: base, endpoint });
    const own = await sts({ endpoint, region, credentials: plain, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
    expect(own.Account).to.equal(ALPHA);
  });

  it('refuses a role in an account the world does not have (AccessDenied, 403)', async () => {
    const error = (await sts(env.clientConfig())
      .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::999999999999:role/cfalias', RoleSessionName: 'cfalias-test' }))
      .catch((e: unknown) => e)) as Error & { $metadata: { httpStatusCode: number } };
    expect([error.name, error.$metadata.httpStatusCode]).to.deep.equal(['AccessDenied', 403]);
    expect(error.message).to.contain('is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::999999999999:role/cfalias');
  });

  it('refuses a bad session name, role ARN or duration (ValidationError)', async () => {
    const client = sts(env.clientConfig());
    const names = await Promise.all(
      [
        { RoleArn: BETA_ROLE, RoleSessionName: 'has space' },
        { RoleArn: 'arn:aws:iam::222222222222:user/someone', RoleSessionName: 'ok-name' },
        { RoleArn: BETA_ROLE, RoleSessionName: 'ok-name', DurationSeconds: 7200 },
      ].map((input) => client.send(new AssumeRoleCommand(input)).catch((e: unknown) => (e as Error).name)),
    );
    expect(names).to.deep.equal(['ValidationError', 'ValidationError', 'ValidationError']);
  });

  it('never writes issued session keys to the world document', async () => {
    const out = await sts(env.clientConfig()).send(new AssumeRoleCommand({ RoleArn: BETA_ROLE, RoleSessionName: 'cfalias-test' }));
    expect(env.world.accountForAccessKey(out.Credentials!.AccessKeyId!)).to.equal(BETA);
    expect(JSON.stringify(env.world.toDocument())).to.not.contain(out.Credentials!.AccessKeyId!);
  });
});

describe('a provider per declared account, against the emulator', () => {
  it('reads every account’s inventory with its own credentials: the default one’s and the role’s', async () => {
    const env = await startTestEmulator();
    const { credentials, endpoint } = env.clientConfig(ALPHA_KEY);
    const providers = createAccountProviders(
      { prod: { id: ALPHA }, agency: { id: BETA, roleArn: BETA_ROLE } },
      { runId: 'run-8', baseCredentials: credentials, endpoint, region: 'us-east-1', maxAttempts: 1 },
    );
    try {
      const aliases = ['shop.example.com', 'www.example.com'];
      const scopes: Record<string, string[]> = { prod: ['E1BLUEBLUEBLUE'], agency: ['E9FOREIGNFOREI'] };
      const inventories = await readAccountInventories(providers, (name) => ({ aliases, distributionIds: scopes[name]! }));
      expect(Object.keys(inventories)).to.deep.equal(['prod', 'agency']);
      expect([inventories['prod']!.account, inventories['agency']!.account]).to.deep.equal([ALPHA, BETA]);
      const holders = (name: string): string[] =>
        inventories[name]!.distributions.filter((d) => d.aliases.length > 0).map((d) => `${d.id} ${d.aliases.join(',')}`);
      expect(holders('prod')).to.deep.equal(['E1BLUEBLUEBLUE api.example.com,www.example.com']);
      expect(holders('agency')).to.deep.equal(['E9FOREIGNFOREI shop.example.com']);
    } finally {
      for (const provider of Object.values(providers)) provider.destroy();
      await env.emulator.close();
    }
  });
});

describe('roleSessionName', () => {
  it('is cfalias-<run id> within STS’s characters and 64-character limit', () => {
    expect(roleSessionName('2026-12-02T15:00:00Z')).to.equal('cfalias-2026-12-02T15-00-00Z');
    expect(roleSessionName('x'.repeat(100))).to.have.length(64);
  });
});
