import { expect } from 'chai';
import { diffAliases } from './diff.js';
import { indexInventory } from '../inventory/inventory-index.js';
import type { Inventory } from '../inventory/inventory.js';
import type { DesiredAlias } from '../desired/desired.js';
import {
  aliasRecord,
  buildCertificate,
  buildDesired,
  buildDistribution,
  buildInventory,
  buildZone,
  cnameRecord,
  desiredAlias,
  txtRecordOf,
} from '../testing/index.js';

const BLUE = 'e1blue.cloudfront.net';
const GREEN = 'e2green.cloudfront.net';

function world(records: Parameters<typeof buildZone>[2] = [], extra: Partial<Parameters<typeof buildInventory>[0]> = {}): Inventory {
  return buildInventory({
    distributions: [
      buildDistribution('E1BLUE', { aliases: ['www.example.com', 'api.example.com', 'old.example.com'] }),
      buildDistribution('E2GREEN', { aliases: ['shop.example.com'] }),
      buildDistribution('E3OTHER', { certificate: 'other' }),
    ],
    certificates: [buildCertificate('main', ['example.com', '*.example.com']), buildCertificate('other', ['example.org'])],
    zones: [buildZone('Z1EXAMPLE', 'example.com', records)],
    ...extra,
  });
}

function diffOne(alias: DesiredAlias, inventory: Inventory = world()) {
  const [item] = diffAliases(buildDesired([alias]), indexInventory(inventory));
  return item!;
}

describe('diff', () => {
  describe('actions', () => {
    it('is a no-op when the alias is already on its target', () => {
      const item = diffOne(desiredAlias('www.example.com', 'E1BLUE'));
      expect([item.action, item.source?.id, item.strategy, item.reason]).to.deep.equal(['noop', 'E1BLUE', null, 'already on E1BLUE']);
    });

    it('attaches an alias no distribution holds', () => {
      const item = diffOne(desiredAlias('new.example.com', 'E2GREEN'));
      expect([item.action, item.source, item.target?.id, item.strategy]).to.deep.equal(['attach', null, 'E2GREEN', null]);
    });

    it('detaches with a null target, and is a no-op when nothing in the account holds it', () => {
      expect(diffOne(desiredAlias('old.example.com', null)).action).to.equal('detach');
      const gone = diffOne(desiredAlias('gone.example.com', null));
      expect([gone.action, gone.source]).to.deep.equal(['noop', null]);
    });

    it('moves an alias held by another distribution of the account', () => {
      const item = diffOne(desiredAlias('www.example.com', 'E2GREEN'));
      expect([item.action, item.source?.id, item.targetId]).to.deep.equal(['move', 'E1BLUE', 'E2GREEN']);
    });

    it('records a foreign owner for an attach', () => {
      const inventory = world([], {
        foreignOwners: [{ alias: 'ext.example.com', distributionId: '******ATL97HY', accountId: '******222222' }],
      });
      const item = diffOne(desiredAlias('ext.example.com', 'E2GREEN'), inventory);
      expect(item.action).to.equal('attach');
      expect(item.foreign).to.deep.equal({ alias: 'ext.example.com', distributionId: '******ATL97HY', accountId: '******222222' });
    });

    it('returns the aliases sorted', () => {
      const items = diffAliases(
        buildDesired([
          desiredAlias('www.example.com', 'E1BLUE'),
          desiredAlias('api.example.com', 'E1BLUE'),
          desiredAlias('old.example.com', 'E1BLUE'),
        ]),
        indexInventory(world()),
      );
      expect(items.map((i) => i.alias)).to.deep.equal(['api.example.com', 'old.example.com', 'www.example.com']);
    });
  });

  describe('strategy', () => {
    it('auto picks move when the target certificate covers the alias and the TXT record can be created', () => {
      const item = diffOne(desiredAlias('www.example.com', 'E2GREEN'));
      expect([item.strategy, item.txt]).to.deep.equal(['move', 'create']);
      expect(item.reason).to.equal('auto: AssociateAlias (target certificate covers it; TXT _www.example.com. will be created)');
    });

    it('auto picks move with the TXT record already present, even with dns: none', () => {
      const item = diffOne(desiredAlias('www.example.com', 'E2GREEN', { dns: 'none' }), world([txtRecordOf('www.example.com', GREEN)]));
      expect([item.strategy, item.txt]).to.deep.equal(['move', 'present']);
    });

    it('auto falls back to detach-attach when the TXT record is missing and cannot be created', () => {
      const item = diffOne(desiredAlias('www.example.com', 'E2GREEN', { dns: 'none' }));
      expect([item.strategy, item.txt]).to.deep.equal(['detach-attach', undefined]);
      expect(item.reason).to.equal('auto: detach-attach (TXT _www.example.com. is missing and cfalias cannot create it: dns: none)');
    });

    it('auto falls back to detach-attach when the TXT record holds another domain and there is no zone', () => {
      const inventory = world([], { zones: [] });
      expect(diffOne(desiredAlias('www.example.com', 'E2GREEN'), inventory).strategy).to.equal('detach-attach');
    });

    it('auto falls back to detach-attach when the target certificate does not cover the alias', () => {
      const item = diffOne(desiredAlias('www.example.com', 'E3OTHER'));
      expect(item.strategy).to.equal('detach-attach');
      expect(item.reason).to.equal('auto: detach-attach (the certificate of E3OTHER does not cover it)');
    });

    it('keeps an explicit strategy', () => {
      expect(diffOne(desiredAlias('www.example.com', 'E2GREEN', { strategy: 'detach-attach' })).strategy).to.equal('detach-attach');
      const move = diffOne(desiredAlias('www.example.com', 'E3OTHER', { strategy: 'move', dns: 'none' }));
      expect([move.strategy, move.txt]).to.deep.equal(['move', 'unavailable']);
    });
  });

  describe('the TXT record of a move lives in the zone that contains `_<alias>.`', () => {
    // E2GREEN holds shop.example.com; E1BLUE is the target. Zones example.com. and the delegated shop.example.com.
    const delegated = (parent: Parameters<typeof buildZone>[2], child: Parameters<typeof buildZone>[2] = []): Inventory =>
      world(parent, { zones: [buildZone('Z1EXAMPLE', 'example.com', parent), buildZone('Z2SHOP', 'shop.example.com', child)] });

    it('a zone apex (example.com): _example.com. is outside zone example.com.; auto falls back to detach-attach', () => {
      const inventory = world([], {
        distributions: [buildDistribution('E1BLUE', { aliases: ['example.com'] }), buildDistribution('E2GREEN')],
      });
      const item = diffOne(desiredAlias('example.com', 'E2GREEN'), inventory);
      expect([item.zone?.id, item.txtZone, item.strategy, item.txt]).to.deep.equal(['Z1EXAMPLE', undefined, 'detach-attach', undefined]);
      expect(item.reason).to.equal(
        'auto: detach-attach (TXT _example.com. is missing and cfalias cannot create it: no hosted zone of the account contains it)',
      );
      // An explicit move keeps its strategy; its TXT record cannot be created (txt-record-missing, see checks).
      const move = diffOne(desiredAlias('example.com', 'E2GREEN', { strategy: 'move' }), inventory);
      expect([move.strategy, move.txt, move.txtZone]).to.deep.equal(['move', 'unavailable', undefined]);
    });

    it('the apex of a delegated subzone: the TXT record is created in the parent zone', () => {
      const item = diffOne(desiredAlias('shop.example.com', 'E1BLUE'), delegated([]));
      expect([item.zone?.id, item.txtZone?.id, item.strategy, item.txt]).to.deep.equal(['Z2SHOP', 'Z1EXAMPLE', 'move', 'create']);
      expect(item.reason).to.equal('auto: AssociateAlias (target certificate covers it; TXT _shop.example.com. will be created)');
    });

    it('reads the TXT record from the parent zone, not from the subzone, which cannot hold it', () => {
      const inParent = diffOne(
        desiredAlias('shop.example.com', 'E1BLUE', { dns: 'none' }),
        delegated([txtRecordOf('shop.example.com', BLUE)]),
      );
      expect([inParent.strategy, inParent.txt, inParent.txtZone?.id]).to.deep.equal(['move', 'present', 'Z1EXAMPLE']);
      const inChild = diffOne(
        desiredAlias('shop.example.com', 'E1BLUE', { dns: 'none' }),
        delegated([], [txtRecordOf('shop.example.com', BLUE)]),
      );
      expect([inChild.strategy, inChild.txt]).to.deep.equal(['detach-attach', undefined]);
    });

    it("below the apex, the alias's own zone", () => {
      const inventory = world([], {
        distributions: [buildDistribution('E1BLUE', { aliases: ['www.shop.example.com'] }), buildDistribution('E2GREEN')],
        certificates: [buildCertificate('main', ['example.com', '*.example.com', '*.shop.example.com'])],
        zones: [buildZone('Z1EXAMPLE', 'example.com'), buildZone('Z2SHOP', 'shop.example.com')],
      });
      const move = diffOne(desiredAlias('www.shop.example.com', 'E2GREEN'), inventory);
      expect([move.zone?.id, move.txtZone?.id, move.strategy, move.txt]).to.deep.equal(['Z2SHOP', 'Z2SHOP', 'move', 'create']);
    });
  });

  describe('dns', () => {
    it('repoints an A alias record that points at the source', () => {
      const item = diffOne(desiredAlias('www.example.com', 'E2GREEN'), world([aliasRecord('www.example.com', BLUE)]));
      expect(item.dns).to.deep.equal({ zoneId: 'Z1EXAMPLE', from: BLUE, to: GREEN });
    });

    it('leaves records that already point at the target', () => {
      const records = [aliasRecord('www.example.com', GREEN), aliasRecord('www.example.com', GREEN, 'AAAA')];
      expect(diffOne(desiredAlias('www.example.com', 'E2GREEN'), world(records)).dns).to.equal(undefined);
    });

    it('repoints when only one of A/AAAA points at the target', () => {
      const records = [aliasRecord('www.example.com', GREEN), aliasRecord('www.example.com', BLUE, 'AAAA')];
      expect(diffOne(desiredAlias('www.example.com', 'E2GREEN'), world(records)).dns).to.deep.equal({
        zoneId: 'Z1EXAMPLE',
        from: BLUE,
        to: GREEN,
      });
    });

    it('has from null for a CNAME to something other than CloudFront, and for a missing record', () => {
      const cname = diffOne(desiredAlias('www.example.com', 'E2GREEN'), world([cnameRecord('www.example.com', 'lb.example.net')]));
      expect(cname.dns).to.deep.equal({ zoneId: 'Z1EXAMPLE', from: null, to: GREEN });
      expect(diffOne(desiredAlias('new.example.com', 'E2GREEN')).dns).to.deep.equal({ zoneId: 'Z1EXAMPLE', from: null, to: GREEN });
    });

    it('reads a CNAME target with a trailing dot and in any case', () => {
      const item = diffOne(desiredAlias('www.example.com', 'E2GREEN'), world([cnameRecord('www.example.com', 'E2GREEN.cloudfront.net.')]));
      expect(item.dns).to.equal(undefined);
    });

    it('has no DNS change for dns: none, a detach, or no hosted zone', () => {
      expect(
        diffOne(desiredAlias('www.example.com', 'E2GREEN', { dns: 'none' }), world([aliasRecord('www.example.com', BLUE)])).dns,
      ).to.equal(undefined);
      expect(diffOne(desiredAlias('www.example.com', null), world([aliasRecord('www.example.com', BLUE)])).dns).to.equal(undefined);
      expect(diffOne(desiredAlias('www.example.org', 'E3OTHER')).dns).to.equal(undefined);
    });

    it('ignores private zones and picks the longest public suffix', () => {
      const inventory = world([], {
        zones: [
          buildZone('Z1EXAMPLE', 'example.com'),
          buildZone('Z2SHOP', 'shop.example.com'),
          buildZone('Z9PRIVATE', 'www.shop.example.com', [], true),
        ],
      });
      const item = diffOne(desiredAlias('www.shop.example.com', 'E2GREEN'), inventory);
      expect(item.zone?.id).to.equal('Z2SHOP');
      expect(item.dns).to.deep.equal({ zoneId: 'Z2SHOP', from: null, to: GREEN });
    });

    it("keeps a no-op alias's records pointing at its owner: repaired, or created when missing", () => {
      const drifted = diffOne(desiredAlias('www.example.com', 'E1BLUE'), world([aliasRecord('www.example.com', GREEN)]));
      expect([drifted.action, drifted.dns]).to.deep.equal(['noop', { zoneId: 'Z1EXAMPLE', from: GREEN, to: BLUE }]);
      expect(diffOne(desiredAlias('www.example.com', 'E1BLUE')).dns).to.deep.equal({ zoneId: 'Z1EXAMPLE', from: null, to: BLUE });
      expect(diffOne(desiredAlias('www.example.com', 'E1BLUE'), world([aliasRecord('www.example.com', BLUE)])).dns).to.equal(undefined);
      expect(diffOne(desiredAlias('www.example.com', 'E1BLUE', { dns: 'none' })).dns).to.equal(undefined);
    });
  });
});
