/**
 * Accounts over the wire, with the real SDK: each access key acts in its account, which sees only
 * its own distributions and hosted zones (another account's id answers as a missing one), sees
 * other accounts' holders only masked through conflict listings, and cannot take an alias from
 * an enabled distribution of another account until its owner disables it.
 */
import { expect } from 'chai';
import {
  AssociateAliasCommand,
  CloudFrontClient,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  IllegalUpdate,
  ListDistributionsCommand,
  ListDomainConflictsCommand,
  NoSuchDistribution,
  UpdateDistributionCommand,
  UpdateDomainAssociationCommand,
} from '@aws-sdk/client-cloudfront';
import { ListHostedZonesCommand, ListResourceRecordSetsCommand, NoSuchHostedZone, Route53Client } from '@aws-sdk/client-route-53';
import { createEmulator, type RunningEmulator } from './create-emulator.js';
import { SandboxWorld } from '../sandbox/world-model.js';
import { AGENCY, BASE_KEY, DNS, NEW, OLD, registryWorldDocument, ZONE } from '../testing/registry-world.js';

const AGENCY_KEY = 'AKIAAGENCYAGENCYAGEN';
const DNS_KEY = 'AKIADNSDNSDNSDNSDNS3';

describe('emulator: what each account sees and may change', () => {
  let world: SandboxWorld;
  let emulator: RunningEmulator;
  const clients: { destroy(): void }[] = [];
  const client = <T extends { destroy(): void }>(make: (config: object) => T, key: string): T => {
    const made = make({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: key, secretAccessKey: 'sandbox-secret' },
      maxAttempts: 1,
    });
    clients.push(made);
    return made;
  };
  const cloudFront = (key: string) => client((c) => new CloudFrontClient(c), key);
  const route53 = (key: string) => client((c) => new Route53Client(c), key);

  beforeEach(async () => {
    const doc = registryWorldDocument();
    world = SandboxWorld.fromDocument({ ...doc, credentials: { ...doc.credentials, [AGENCY_KEY]: AGENCY, [DNS_KEY]: DNS } });
    emulator = await createEmulator(world, { port: 0, timeoutHoldMs: 50 });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await emulator.close();
  });

  it("lists only the caller's distributions and hosted zones", async () => {
    const prod = await cloudFront(BASE_KEY).send(new ListDistributionsCommand({}));
    const agency = await cloudFront(AGENCY_KEY).send(new ListDistributionsCommand({}));
    expect([prod, agency].map((out) => out.DistributionList?.Items?.map((d) => d.Id) ?? [])).to.deep.equal([[NEW], [OLD]]);
    const zones = await Promise.all([BASE_KEY, DNS_KEY].map((key) => route53(key).send(new ListHostedZonesCommand({}))));
    expect(zones.map((out) => out.HostedZones?.map((z) => z.Id))).to.deep.equal([[], [`/hostedzone/${ZONE}`]]);
  });

  it("answers another account's distribution and zone as missing ones (NoSuchDistribution, NoSuchHostedZone; 404)", async () => {
    const prod = cloudFront(BASE_KEY);
    const own = await cloudFront(AGENCY_KEY).send(new GetDistributionConfigCommand({ Id: OLD }));
    const refusals = await Promise.all([
      prod.send(new GetDistributionCommand({ Id: OLD })).catch((e: unknown) => e),
      prod.send(new GetDistributionConfigCommand({ Id: OLD })).catch((e: unknown) => e),
      prod
        .send(
          new UpdateDistributionCommand({
            Id: OLD,
            IfMatch: own.ETag,
            DistributionConfig: { ...own.DistributionConfig!, Enabled: false },
          }),
        )
        .catch((e: unknown) => e),
    ]);
    for (const refusal of refusals) {
      expect(refusal).to.be.instanceOf(NoSuchDistribution);
      expect((refusal as NoSuchDistribution).$metadata.httpStatusCode).to.equal(404);
    }
    expect(world.distribution(OLD)!.enabled).to.equal(true);
    const zone = await route53(BASE_KEY)
      .send(new ListResourceRecordSetsCommand({ HostedZoneId: ZONE }))
      .catch((e: unknown) => e);
    expect(zone).to.be.instanceOf(NoSuchHostedZone);
  });

  it('shows a holder in another account only masked, through ListDomainConflicts', async () => {
    const out = await cloudFront(BASE_KEY).send(
      new ListDomainConflictsCommand({ Domain: 'www.example.com', DomainControlValidationResource: { DistributionId: NEW } }),
    );
    expect(out.DomainConflicts).to.deep.equal([
      { Domain: 'www.example.com', ResourceType: 'distribution', ResourceId: '*******DOLDOL1', AccountId: '******222222' },
    ]);
  });

  it('refuses to move an alias off an enabled distribution of another account (IllegalUpdate), and moves it once disabled', async () => {
    const prod = cloudFront(BASE_KEY);
    const target = await prod.send(new GetDistributionCommand({ Id: NEW }));
    const move = new UpdateDomainAssociationCommand({
      Domain: 'www.example.com',
      TargetResource: { DistributionId: NEW },
      IfMatch: target.ETag,
    });
    const refused = await prod.send(move).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(IllegalUpdate);
    expect((refused as IllegalUpdate).$metadata.httpStatusCode).to.equal(400);
    const associate = await prod
      .send(new AssociateAliasCommand({ TargetDistributionId: NEW, Alias: 'www.example.com' }))
      .catch((e: unknown) => e);
    expect(associate).to.be.instanceOf(IllegalUpdate);
    expect(world.distribution(OLD)!.aliases).to.include('www.example.com');

    const agency = cloudFront(AGENCY_KEY);
    const source = await agency.send(new GetDistributionConfigCommand({ Id: OLD }));
    await agency.send(
      new UpdateDistributionCommand({
        Id: OLD,
        IfMatch: source.ETag,
        DistributionConfig: { ...source.DistributionConfig!, Enabled: false },
      }),
    );
    const moved = await prod.send(move);
    expect([moved.Domain, moved.ResourceId]).to.deep.equal(['www.example.com', NEW]);
    expect([world.distribution(NEW)!.aliases, world.distribution(OLD)!.aliases]).to.deep.equal([['www.example.com'], ['shop.example.com']]);
  });
});
