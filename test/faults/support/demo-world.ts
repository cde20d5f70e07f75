/**
 * The cutover the fault matrix and the crash test run: fixtures/demo with `txtProof: always` (blue
 * → green, every step kind: a TXT pre-change, detach-attach removals and adds in two phases, two
 * UpdateDomainAssociation moves placed with the phase-2 writes,
 * a mid DNS repoint, post repoints in two zones, an attach and a detach), plus a RIVAL account
 * that plays "another writer" for the CNAMEAlreadyExists race: it really takes an alias (the world
 * attaches it to the rival's distribution and DNS is repointed at it), and later gives it back.
 */
import { join } from 'node:path';
import { inventoryScope, parseDesiredState, planCutover, type DesiredState, type DnsRecord, type Plan } from '@cfalias/core';
import { createSandboxProvider, parseWorldDocument, SandboxWorld, toResourceRecordSet, type WorldDocument } from '@cfalias/providers';
import { FIXTURES, readText } from '../../support/fixture-files.js';
import { cloudFrontTarget } from './invariants.js';

export const DEMO_DIR = join(FIXTURES, 'demo');
export const CALLER = '111111111111';
export const BLUE = 'E1BLUE7QX4M2ZK';
export const GREEN = 'E2GREEN5T8W3PR';
export const ZONE_COM = 'Z1D633PJN98FT9';
export const ZONE_NET = 'Z0429581X7RZ2QK8QNH1';
export const RIVAL_ACCOUNT = '999999999999';
export const RIVAL = 'E9RIVAL4K7Q2XZ';
export const RIVAL_DOMAIN = 'd9rival4k7q2xz.cloudfront.net';
const RIVAL_CERT = 'arn:aws:acm:us-east-1:999999999999:certificate/rival';

export function demoDesired(): DesiredState {
  const parsed = parseDesiredState(readText(join(DEMO_DIR, 'cfalias.yaml')), 'fixtures/demo/cfalias.yaml');
  if (!parsed.state) throw new Error(`the demo desired file does not parse: ${JSON.stringify(parsed.diagnostics)}`);
  // The TXT record planned up front keeps a pre DNS change in the cutover, and the moves apart
  // from the mid repoint (each fault cell targets one step).
  const state = parsed.state;
  return {
    ...state,
    defaults: { ...state.defaults, txtProof: 'always' },
    aliases: state.aliases.map((a) => ({ ...a, txtProof: 'always' })),
  };
}

/**
 * fixtures/demo/cfalias.yaml with `txtProof: always` under `defaults`, for the suites that drive the
 * CLI with the file: the TXT records planned up front are facts a stale plan can be refused on.
 */
export function demoDesiredText(): string {
  const text = readText(join(DEMO_DIR, 'cfalias.yaml'));
  const withProof = text.replace(/^(defaults:\n(?: {2}.*\n)*)/m, '$1  txtProof: always\n');
  if (withProof === text) throw new Error('fixtures/demo/cfalias.yaml has no defaults: block to extend');
  return withProof;
}

/** fixtures/demo/world.json as it is. */
export function demoFixtureDocument(): WorldDocument {
  return parseWorldDocument(readText(join(DEMO_DIR, 'world.json')), 'fixtures/demo/world.json');
}

/** The demo world document, with the rival account (holding nothing) added. */
export function demoWorldDocument(): WorldDocument {
  const doc = demoFixtureDocument();
  return {
    ...doc,
    accounts: [
      ...doc.accounts,
      {
        id: RIVAL_ACCOUNT,
        distributions: [
          { id: RIVAL, domainName: RIVAL_DOMAIN, enabled: true, status: 'Deployed', aliases: [], certificateArn: RIVAL_CERT },
        ],
        certificates: [
          {
            arn: RIVAL_CERT,
            domainName: 'example.com',
            subjectAlternativeNames: ['example.com', '*.example.com', 'shop.example.net'],
            status: 'ISSUED',
            notAfter: '2027-09-30T23:59:59Z',
          },
        ],
      },
    ],
  };
}

/** A fresh inventory read (as a new CLI run would) and a plan at the world's time. */
export async function planOn(desired: DesiredState, world: SandboxWorld): Promise<Plan> {
  const inventory = await createSandboxProvider(world).readInventory(inventoryScope(desired));
  return planCutover(desired, inventory, { now: new Date(world.clock.now()) });
}

/** The world's live state as a document (every account), for the invariants. */
export function snapshot(world: SandboxWorld): WorldDocument {
  return world.toDocument();
}

interface Taken {
  readonly alias: string;
  readonly from: { readonly account: string; readonly id: string } | undefined;
  readonly records: readonly { readonly zoneId: string; readonly record: DnsRecord }[];
}

/**
 * Another writer, with the caller account's credentials and a distribution of its own in another
 * account. `take` moves an alias to the rival through the world's own operations (so every rule
 * holds: it frees the alias from its holder, repoints the alias's routing records at the rival,
 * then adds it to the rival); `giveBack` undoes exactly that.
 */
export class Rival {
  private taken: Taken | undefined;

  constructor(private readonly world: SandboxWorld) {}

  get holding(): string | undefined {
    return this.taken?.alias;
  }

  take(alias: string): void {
    if (this.taken) throw new Error(`the rival already holds ${this.taken.alias}`);
    const doc = this.world.toDocument();
    const holder = doc.accounts
      .flatMap((a) => (a.distributions ?? []).map((d) => ({ account: a.id, id: d.id, aliases: d.aliases })))
      .find((d) => d.aliases.includes(alias));
    if (holder) this.editAliases(holder.account, holder.id, (aliases) => aliases.filter((a) => a !== alias));
    const records = this.routingRecords(alias);
    for (const { zoneId, record } of records) this.upsert(zoneId, pointedAt(record, RIVAL_DOMAIN));
    this.editAliases(RIVAL_ACCOUNT, RIVAL, (aliases) => [...aliases, alias]);
    this.taken = { alias, from: holder && { account: holder.account, id: holder.id }, records };
  }

  /**
   * Undoes `take`. CloudFront refuses to add an alias whose DNS points at another distribution, and
   * the records may have pointed at a former owner (a moved alias whose DNS was not repointed yet),
   * so the records first point at the holder the alias goes back to, then get their old values.
   */
  giveBack(): void {
    const taken = this.taken;
    if (!taken) return;
    this.editAliases(RIVAL_ACCOUNT, RIVAL, (aliases) => aliases.filter((a) => a !== taken.alias));
    if (taken.from) {
      const domain = this.world.distribution(taken.from.id)!.domainName;
      for (const { zoneId, record } of taken.records) this.upsert(zoneId, pointedAt(record, domain));
      this.editAliases(taken.from.account, taken.from.id, (aliases) => [...aliases, taken.alias]);
    }
    for (const { zoneId, record } of taken.records) this.upsert(zoneId, record);
    this.taken = undefined;
  }

  private editAliases(account: string, id: string, edit: (aliases: string[]) => string[]): void {
    const { DistributionConfig: config, ETag } = this.world.getDistributionConfig(account, id);
    const items = edit([...(config.Aliases.Items ?? [])]);
    config.Aliases = items.length > 0 ? { Quantity: items.length, Items: items } : { Quantity: 0 };
    this.world.updateDistribution(account, id, config, ETag);
  }

  /** The alias's A/AAAA/CNAME records at CloudFront, in every zone of the caller. */
  private routingRecords(alias: string): { zoneId: string; record: DnsRecord }[] {
    const caller = this.world.toDocument().accounts.find((a) => a.id === this.world.caller);
    return (caller?.hostedZones ?? []).flatMap((zone) =>
      (this.world.zoneRecords(zone.id) ?? [])
        .filter((r) => r.name === `${alias}.` && ['A', 'AAAA', 'CNAME'].includes(r.type) && cloudFrontTarget(r) !== undefined)
        .map((record) => ({ zoneId: zone.id, record })),
    );
  }

  private upsert(zoneId: string, record: DnsRecord): void {
    this.world.changeResourceRecordSets(this.world.caller, zoneId, {
      Changes: [{ Action: 'UPSERT', ResourceRecordSet: toResourceRecordSet(record) }],
    });
  }
}

/** The record, sending its traffic to `domain` instead (alias target or CNAME value). */
export function pointedAt(record: DnsRecord, domain: string): DnsRecord {
  if (record.aliasTarget) return { ...record, aliasTarget: { ...record.aliasTarget, dnsName: `${domain}.` } };
  return { ...record, values: [domain] };
}
