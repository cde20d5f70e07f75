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

    it('finds each holder whatever the order of the desired aliases and the inventory lists', () => {
      const inventory = world();
      const desired = buildDesired([
        desiredAlias('api.example.com', 'E1BLUE'),
        desiredAlias('old.example.com', 'E2GREEN'),
        desiredAlias('shop.example.com', 'E1BLUE'),
        desiredAlias('www.example.com', 'E1BLUE'),
      ]);
      const items = diffAliases(desired, indexInventory(inventory));
      expect(items.map((i) => [i.alias, i.action, i.source?.id])).to.deep.equal([
        ['api.example.com', 'noop', 'E1BLUE'],
        ['old.example.com', 'move', 'E1BLUE'],
        ['shop.example.com', 'move', 'E2GREEN'],
        ['www.example.com', 'noop', 'E1BLUE'],
      ]);
    });

    it('takes an alias two distributions list to be on the one listed last, even when the other is its target', () => {
      const inventory = world();
      const twice = {
        ...inventory,
        distributions: inventory.distributions.map((d) => (d.id === 'E2GREEN' ? { ...d, aliases: [...d.aliases, 'www.example.com'] } : d)),
      };
      const item = diffOne(desiredAlias('www.example.com', 'E1BLUE'), twice);
      expect([item.action, item.source?.id]).to.deep.equal(['move', 'E2GREEN']);
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
    it('auto moves in one UpdateDomainAssociation when the target certificate covers the alias, with no TXT record planned', () => {
      const item = diffOne(desiredAlias('www.example.com', 'E2GREEN'));
      expect([item.strategy, item.moveApi, item.txt]).to.deep.equal(['move', 'update-domain-association', 'on-refusal']);
      expect(item.reason).to.equal(
        'auto: move by UpdateDomainAssociation (target certificate covers it; no TXT record needed in the same account)',
      );
      expect(item.txtFallback).to.deep.equal({
        zoneId: 'Z1EXAMPLE',
        zoneName: 'example.com.',
        record: { name: '_www.example.com.', type: 'TXT', ttl: 300, values: [`"${GREEN}"`] },
      });
    });

    it('with dns: none, a same-account move still moves, with no record to create if CloudFront asks', () => {
      const item = diffOne(desiredAlias('www.example.com', 'E2GREEN', { dns: 'none' }));
      expect([item.strategy, item.txt, item.txtFallback]).to.deep.equal(['move', 'on-refusal', undefined]);
    });

    it('txtProof: always plans the record up front, or falls back to detach-attach when it cannot be created', () => {
      const always = diffOne(desiredAlias('www.example.com', 'E2GREEN', { txtProof: 'always' }));
      expect([always.strategy, always.txt, always.txtZone?.id]).to.deep.equal(['move', 'create', 'Z1EXAMPLE']);
      expect(always.reason).to.equal(
        'auto: move by UpdateDomainAssociation (target certificate covers it; TXT _www.example.com. will be created)',
      );
      const present = diffOne(
        desiredAlias('www.example.com', 'E2GREEN', { dns: 'none', txtProof: 'always' }),
        world([txtRecordOf('www.example.com', GREEN)]),
      );
      expect([present.strategy, present.txt]).to.deep.equal(['move', 'present']);
      const none = diffOne(desiredAlias('www.example.com', 'E2GREEN', { dns: 'none', txtProof: 'always' }));
      expect([none.strategy, none.txt]).to.deep.equal(['detach-attach', undefined]);
      expect(none.reason).to.equal('auto: detach-attach (TXT _www.example.com. is missing and cfalias cannot create it: dns: none)');
      const noZone = diffOne(desiredAlias('www.example.com', 'E2GREEN', { txtProof: 'always' }), world([], { zones: [] }));
      expect(noZone.strategy).to.equal('detach-attach');
    });

    it('auto falls back to detach-attach when the target certificate does not cover the alias', () => {
      const item = diffOne(desiredAlias('www.example.com', 'E3OTHER'));
      expect(item.strategy).to.equal('detach-attach');
      expect(item.reason).to.equal('auto: detach-attach (the certificate of E3OTHER does not cover it)');
    });

    it('auto falls back to detach-attach when the move API cannot make the move; an explicit move keeps it (a check blocks it)', () => {
      const noApi = diffAliases(buildDesired([desiredAlias('www.example.com', 'E2GREEN')]), indexInventory(world()), {
        moveApis: ['associate-alias'],
      })[0]!;
      expect([noApi.strategy, noApi.reason]).to.deep.equal([
        'detach-attach',
        'auto: detach-attach (this provider cannot call UpdateDomainAssociation)',
      ]);
      const explicit = diffAliases(
        buildDesired([desiredAlias('www.example.com', 'E2GREEN', { strategy: 'move' })]),
        indexInventory(world()),
        {
          moveApis: ['associate-alias'],
        },
      )[0]!;
      expect([explicit.strategy, explicit.moveApiProblem]).to.deep.equal(['move', 'this provider cannot call UpdateDomainAssociation']);
    });

    it('keeps an explicit strategy', () => {
      expect(diffOne(desiredAlias('www.example.com', 'E2GREEN', { strategy: 'detach-attach' })).strategy).to.equal('detach-attach');
      const move = diffOne(desiredAlias('www.example.com', 'E3OTHER', { strategy: 'move', dns: 'none', txtProof: 'always' }));
      expect([move.strategy, move.txt]).to.deep.equal(['move', 'unavailable']);
    });
  });

  describe('the TXT record of a move (ownershipRecordName)', () => {
    // E2GREEN holds shop.example.com; E1BLUE is the target. Zones example.com. and the delegated shop.example.com.
    const delegated = (parent: Parameters<typeof buildZone>[2], child: Parameters<typeof buildZone>[2] = []): Inventory =>
      world(parent, { zones: [buildZone('Z1EXAMPLE', 'example.com', parent), buildZone('Z2SHOP', 'shop.example.com', child)] });

    it('a zone apex (example.com): `_.example.com.` inside the apex zone; auto moves', () => {
      const inventory = world([], {
        distributions: [buildDistribution('E1BLUE', { aliases: ['example.com'] }), buildDistribution('E2GREEN')],
      });
      const item = diffOne(desiredAlias('example.com', 'E2GREEN'), inventory);
      expect([item.zone?.id, item.strategy, item.txt, item.txtFallback?.zoneId, item.txtFallback?.record.name]).to.deep.equal([
        'Z1EXAMPLE',
        'move',
        'on-refusal',
        'Z1EXAMPLE',
        '_.example.com.',
      ]);
      const always = diffOne(desiredAlias('example.com', 'E2GREEN', { txtProof: 'always' }), inventory);
      expect([always.strategy, always.txt, always.txtZone?.id]).to.deep.equal(['move', 'create', 'Z1EXAMPLE']);
    });

    it('the apex of a delegated subzone: the record lives in the subzone, not the parent', () => {
      const item = diffOne(desiredAlias('shop.example.com', 'E1BLUE', { txtProof: 'always' }), delegated([]));
      expect([item.zone?.id, item.txtZone?.id, item.strategy, item.txt]).to.deep.equal(['Z2SHOP', 'Z2SHOP', 'move', 'create']);
      const inChild = diffOne(
        desiredAlias('shop.example.com', 'E1BLUE', { dns: 'none', txtProof: 'always' }),
        delegated([], [{ name: '_.shop.example.com.', type: 'TXT', ttl: 300, values: [`"${BLUE}"`] }]),
      );
      expect([inChild.strategy, inChild.txt]).to.deep.equal(['move', 'present']);
    });

    it("below the apex, the alias's own zone", () => {
      const inventory = world([], {
        distributions: [buildDistribution('E1BLUE', { aliases: ['www.shop.example.com'] }), buildDistribution('E2GREEN')],
        certificates: [buildCertificate('main', ['example.com', '*.example.com', '*.shop.example.com'])],
        zones: [buildZone('Z1EXAMPLE', 'example.com'), buildZone('Z2SHOP', 'shop.example.com')],
      });
      const move = diffOne(desiredAlias('www.shop.example.com', 'E2GREEN', { txtProof: 'always' }), inventory);
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
