/** The scheduler's DNS steps: repoints, TXT records, batches per zone and stage, and what they wait for. */
import { expect } from 'chai';
import { aliasRecord, buildDistribution, buildInventory, buildZone, cnameRecord, desiredAlias } from '../testing/index.js';
import { BLUE, GREEN, ids, kinds, ORG_CERT, plan, step } from '../testing/schedule-helpers.js';

describe('scheduler: DNS', () => {
  it('detach-attach with a repoint: remove → wait → repoint (mid) → wait INSYNC → add → wait → verify', () => {
    const a = aliasRecord('www.example.com', BLUE);
    const aaaa = aliasRecord('www.example.com', BLUE, 'AAAA');
    const inventory = buildInventory({
      distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN')],
      zones: [buildZone('Z1EXAMPLE', 'example.com', [a, aaaa])],
    });
    const p = plan([desiredAlias('www.example.com', 'E2GREEN', { strategy: 'detach-attach' })], inventory);
    expect(ids(p)).to.deep.equal([
      'update-aliases:E1BLUE:p1',
      'wait-deployed:E1BLUE:p1',
      'change-dns:Z1EXAMPLE:mid',
      'verify:E1BLUE',
      'wait-dns:Z1EXAMPLE:mid',
      'update-aliases:E2GREEN:p2',
      'wait-deployed:E2GREEN:p2',
      'verify:E2GREEN',
    ]);
    expect(p.steps.map((s) => s.phase)).to.deep.equal([1, 1, 1, 1, 1, 2, 2, 2]);
    const newA = {
      name: 'www.example.com.',
      type: 'A',
      aliasTarget: { dnsName: `${GREEN}.`, hostedZoneId: 'Z2FDTNDATAQYW2', evaluateTargetHealth: false },
    };
    const newAaaa = { ...newA, type: 'AAAA' };
    const change = step(p, 'change-dns:Z1EXAMPLE:mid', 'change-dns');
    expect(change).to.deep.include({ zoneId: 'Z1EXAMPLE', zoneName: 'example.com.', dependsOn: ['wait-deployed:E1BLUE:p1'] });
    expect(change.changes).to.deep.equal([
      { action: 'UPSERT', record: newA },
      { action: 'UPSERT', record: newAaaa },
    ]);
    expect(change.precondition.records).to.deep.equal([
      { name: 'www.example.com.', type: 'A', record: a },
      { name: 'www.example.com.', type: 'AAAA', record: aaaa },
    ]);
    expect(change.postcondition.records).to.deep.equal([
      { name: 'www.example.com.', type: 'A', record: newA },
      { name: 'www.example.com.', type: 'AAAA', record: newAaaa },
    ]);
    expect(step(p, 'wait-dns:Z1EXAMPLE:mid', 'wait-dns')).to.deep.include({
      changeStep: 'change-dns:Z1EXAMPLE:mid',
      zoneId: 'Z1EXAMPLE',
    });
    expect(step(p, 'update-aliases:E2GREEN:p2', 'update-aliases').dependsOn).to.deep.equal(['wait-dns:Z1EXAMPLE:mid']);
    expect(step(p, 'verify:E2GREEN', 'verify')).to.deep.include({
      aliases: ['www.example.com'],
      dns: [{ zoneId: 'Z1EXAMPLE', name: 'www.example.com.', pointsAt: GREEN }],
      dependsOn: ['wait-deployed:E2GREEN:p2'],
    });
    expect(step(p, 'verify:E1BLUE', 'verify')).to.deep.include({ aliases: [], dns: [] });
    expect(p.estimate).to.deep.equal({ seconds: 660, waitPhases: 2 });
    expect(p.changes[0]!.downtimeSeconds).to.equal(360);
  });

  it('same-account move by default: no TXT step; the move carries its API and the record to create if CloudFront asks', () => {
    const inventory = buildInventory({
      distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN')],
      zones: [buildZone('Z1EXAMPLE', 'example.com', [cnameRecord('www.example.com', BLUE, 60)])],
    });
    const p = plan([desiredAlias('www.example.com', 'E2GREEN')], inventory);
    expect(ids(p)).to.deep.equal([
      'move-alias:www.example.com',
      'wait-deployed:E1BLUE:p1',
      'wait-deployed:E2GREEN:p1',
      'change-dns:Z1EXAMPLE:post',
      'verify:E1BLUE',
      'wait-dns:Z1EXAMPLE:post',
      'verify:E2GREEN',
    ]);
    expect(step(p, 'move-alias:www.example.com', 'move-alias')).to.deep.include({
      dependsOn: [],
      api: 'update-domain-association',
      txtFallback: {
        zoneId: 'Z1EXAMPLE',
        zoneName: 'example.com.',
        record: { name: '_www.example.com.', type: 'TXT', ttl: 300, values: [`"${GREEN}"`] },
      },
    });
    expect(p.estimate).to.deep.equal({ seconds: 360, waitPhases: 1 });
    expect(p.changes[0]).to.deep.include({ strategy: 'move', moveApi: 'update-domain-association', downtimeSeconds: 0 });
  });

  it('move with txtProof: always and the TXT record missing: TXT (pre) → move → wait → repoint CNAME keeping its TTL (post) → verify', () => {
    const inventory = buildInventory({
      distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] }), buildDistribution('E2GREEN')],
      zones: [buildZone('Z1EXAMPLE', 'example.com', [cnameRecord('www.example.com', BLUE, 60)])],
    });
    const p = plan([desiredAlias('www.example.com', 'E2GREEN', { txtProof: 'always' })], inventory);
    expect(ids(p)).to.deep.equal([
      'change-dns:Z1EXAMPLE:pre',
      'wait-dns:Z1EXAMPLE:pre',
      'move-alias:www.example.com',
      'wait-deployed:E1BLUE:p1',
      'wait-deployed:E2GREEN:p1',
      'change-dns:Z1EXAMPLE:post',
      'verify:E1BLUE',
      'wait-dns:Z1EXAMPLE:post',
      'verify:E2GREEN',
    ]);
    expect(p.steps.every((s) => s.phase === 1)).to.equal(true);
    const txt = step(p, 'change-dns:Z1EXAMPLE:pre', 'change-dns');
    expect(txt.changes).to.deep.equal([
      { action: 'UPSERT', record: { name: '_www.example.com.', type: 'TXT', ttl: 300, values: [`"${GREEN}"`] } },
    ]);
    expect(txt.precondition.records).to.deep.equal([{ name: '_www.example.com.', type: 'TXT', record: null }]);
    expect(step(p, 'move-alias:www.example.com', 'move-alias').dependsOn).to.deep.equal(['wait-dns:Z1EXAMPLE:pre']);
    const post = step(p, 'change-dns:Z1EXAMPLE:post', 'change-dns');
    expect(post.dependsOn).to.deep.equal(['wait-deployed:E2GREEN:p1']);
    expect(post.changes).to.deep.equal([
      { action: 'UPSERT', record: { name: 'www.example.com.', type: 'CNAME', ttl: 60, values: [GREEN] } },
    ]);
    expect(step(p, 'verify:E2GREEN', 'verify').dependsOn).to.deep.equal(['wait-deployed:E2GREEN:p1', 'wait-dns:Z1EXAMPLE:post']);
    expect(p.estimate).to.deep.equal({ seconds: 420, waitPhases: 1 });
    expect(p.changes[0]).to.deep.include({ strategy: 'move', downtimeSeconds: 0 });
  });

  it('move of the apex of a delegated subzone with txtProof: always: `_.<apex>` in the subzone (pre), repoint there too (post)', () => {
    const inventory = buildInventory({
      distributions: [buildDistribution('E1BLUE', { aliases: ['shop.example.com'] }), buildDistribution('E2GREEN')],
      zones: [buildZone('Z1EXAMPLE', 'example.com'), buildZone('Z2SHOP', 'shop.example.com', [aliasRecord('shop.example.com', BLUE)])],
    });
    const p = plan([desiredAlias('shop.example.com', 'E2GREEN', { txtProof: 'always' })], inventory);
    expect(p.diagnostics).to.deep.equal([]);
    expect(ids(p)).to.deep.equal([
      'change-dns:Z2SHOP:pre',
      'wait-dns:Z2SHOP:pre',
      'move-alias:shop.example.com',
      'wait-deployed:E1BLUE:p1',
      'wait-deployed:E2GREEN:p1',
      'change-dns:Z2SHOP:post',
      'verify:E1BLUE',
      'wait-dns:Z2SHOP:post',
      'verify:E2GREEN',
    ]);
    const txt = step(p, 'change-dns:Z2SHOP:pre', 'change-dns');
    expect(txt).to.deep.include({ zoneId: 'Z2SHOP', zoneName: 'shop.example.com.' });
    expect(txt.changes).to.deep.equal([
      { action: 'UPSERT', record: { name: '_.shop.example.com.', type: 'TXT', ttl: 300, values: [`"${GREEN}"`] } },
    ]);
    const post = step(p, 'change-dns:Z2SHOP:post', 'change-dns');
    expect(post.changes.map((c) => `${c.record.name} ${c.record.type} ${c.record.aliasTarget?.dnsName}`)).to.deep.equal([
      `shop.example.com. A ${GREEN}.`,
    ]);
    expect(p.changes[0]).to.deep.include({ strategy: 'move', downtimeSeconds: 0 });
  });

  it('auto move of a zone apex: one move, no gap; the record it would create if asked is `_.<apex>` inside the apex zone', () => {
    const inventory = buildInventory({
      distributions: [buildDistribution('E1BLUE', { aliases: ['example.com'] }), buildDistribution('E2GREEN')],
      zones: [buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('example.com', BLUE)])],
    });
    const p = plan([desiredAlias('example.com', 'E2GREEN')], inventory);
    expect(p.diagnostics).to.deep.equal([]);
    expect(p.changes[0]).to.deep.include({ strategy: 'move', downtimeSeconds: 0 });
    expect(ids(p)).to.deep.equal([
      'move-alias:example.com',
      'wait-deployed:E1BLUE:p1',
      'wait-deployed:E2GREEN:p1',
      'change-dns:Z1EXAMPLE:post',
      'verify:E1BLUE',
      'wait-dns:Z1EXAMPLE:post',
      'verify:E2GREEN',
    ]);
    expect(step(p, 'move-alias:example.com', 'move-alias').txtFallback).to.deep.equal({
      zoneId: 'Z1EXAMPLE',
      zoneName: 'example.com.',
      record: { name: '_.example.com.', type: 'TXT', ttl: 300, values: [`"${GREEN}"`] },
    });
  });

  it('auto move of a wildcard: one move; the record it would create if asked is `_*.<parent>`', () => {
    const inventory = buildInventory({
      distributions: [buildDistribution('E1BLUE', { aliases: ['*.example.com'] }), buildDistribution('E2GREEN')],
      zones: [buildZone('Z1EXAMPLE', 'example.com')],
    });
    const p = plan([desiredAlias('*.example.com', 'E2GREEN')], inventory);
    expect(p.changes[0]).to.deep.include({ strategy: 'move', downtimeSeconds: 0 });
    expect(step(p, 'move-alias:*.example.com', 'move-alias').txtFallback?.record.name).to.equal('_*.example.com.');
    expect(p.estimate.waitPhases).to.equal(1);
  });

  it('attach while DNS points at another distribution: repoint first (pre), then add', () => {
    const inventory = buildInventory({
      distributions: [buildDistribution('E2GREEN')],
      zones: [buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('new.example.com', 'd9else.cloudfront.net')])],
    });
    const p = plan([desiredAlias('new.example.com', 'E2GREEN')], inventory);
    expect(ids(p)).to.deep.equal([
      'change-dns:Z1EXAMPLE:pre',
      'wait-dns:Z1EXAMPLE:pre',
      'update-aliases:E2GREEN:p2',
      'wait-deployed:E2GREEN:p2',
      'verify:E2GREEN',
    ]);
    expect(step(p, 'update-aliases:E2GREEN:p2', 'update-aliases')).to.deep.include({
      dependsOn: ['wait-dns:Z1EXAMPLE:pre'],
      add: ['new.example.com'],
      phase: 1,
    });
    expect(
      step(p, 'change-dns:Z1EXAMPLE:pre', 'change-dns').changes.map((c) => `${c.record.type} ${c.record.aliasTarget?.dnsName}`),
    ).to.deep.equal([`A ${GREEN}.`]);
    expect(p.estimate).to.deep.equal({ seconds: 360, waitPhases: 1 });
  });

  it('attach without a record: add (phase 1), then create A and AAAA after the deployment (post)', () => {
    const inventory = buildInventory({ distributions: [buildDistribution('E2GREEN')], zones: [buildZone('Z1EXAMPLE', 'example.com')] });
    const p = plan([desiredAlias('new.example.com', 'E2GREEN')], inventory);
    expect(ids(p)).to.deep.equal([
      'update-aliases:E2GREEN:p1',
      'wait-deployed:E2GREEN:p1',
      'change-dns:Z1EXAMPLE:post',
      'wait-dns:Z1EXAMPLE:post',
      'verify:E2GREEN',
    ]);
    const post = step(p, 'change-dns:Z1EXAMPLE:post', 'change-dns');
    expect(post.changes.map((c) => c.record.type)).to.deep.equal(['A', 'AAAA']);
    expect(post.precondition.records.map((r) => r.record)).to.deep.equal([null, null]);
    expect(p.estimate).to.deep.equal({ seconds: 360, waitPhases: 1 });
  });

  it('batches DNS per zone and stage', () => {
    const inventory = buildInventory({
      certificates: ORG_CERT,
      distributions: [
        buildDistribution('E1BLUE', { aliases: ['a.example.com', 'b.example.com', 'c.example.org'] }),
        buildDistribution('E2GREEN'),
      ],
      zones: [
        buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('a.example.com', BLUE), cnameRecord('b.example.com', BLUE)]),
        buildZone('Z2ORG', 'example.org', [aliasRecord('c.example.org', BLUE)]),
      ],
    });
    const p = plan(
      ['a.example.com', 'b.example.com', 'c.example.org'].map((a) => desiredAlias(a, 'E2GREEN', { strategy: 'detach-attach' })),
      inventory,
    );
    expect(kinds(p)).to.deep.equal({ 'update-aliases': 2, 'wait-deployed': 2, 'change-dns': 2, 'wait-dns': 2, verify: 2 });
    expect(step(p, 'change-dns:Z1EXAMPLE:mid', 'change-dns').changes.map((c) => `${c.record.name} ${c.record.type}`)).to.deep.equal([
      'a.example.com. A',
      'b.example.com. CNAME',
    ]);
    expect(step(p, 'update-aliases:E2GREEN:p2', 'update-aliases').dependsOn).to.deep.equal([
      'wait-dns:Z1EXAMPLE:mid',
      'wait-dns:Z2ORG:mid',
    ]);
  });

  it('splits a large change batch (at most 500 record changes each)', () => {
    const aliases = Array.from({ length: 600 }, (_, i) => `n${String(i).padStart(3, '0')}.example.com`);
    const inventory = buildInventory({
      aliasQuota: 1000,
      distributions: [buildDistribution('E2GREEN')],
      zones: [buildZone('Z1EXAMPLE', 'example.com')],
    });
    const p = plan(
      aliases.map((a) => desiredAlias(a, 'E2GREEN')),
      inventory,
    );
    const batches = p.steps.filter((s) => s.kind === 'change-dns');
    expect(batches.map((s) => s.id)).to.deep.equal([
      'change-dns:Z1EXAMPLE:post:1',
      'change-dns:Z1EXAMPLE:post:2',
      'change-dns:Z1EXAMPLE:post:3',
    ]);
    expect(batches.map((s) => (s.kind === 'change-dns' ? s.changes.length : 0))).to.deep.equal([500, 500, 200]);
    expect(step(p, 'verify:E2GREEN', 'verify').dependsOn).to.deep.equal([
      'wait-deployed:E2GREEN:p1',
      'wait-dns:Z1EXAMPLE:post:1',
      'wait-dns:Z1EXAMPLE:post:2',
      'wait-dns:Z1EXAMPLE:post:3',
    ]);
  });

  it('repairs a no-op alias whose record points at another distribution, with no alias steps', () => {
    const inventory = buildInventory({
      distributions: [buildDistribution('E1BLUE', { aliases: ['www.example.com'] })],
      zones: [buildZone('Z1EXAMPLE', 'example.com', [aliasRecord('www.example.com', GREEN)])],
    });
    const p = plan([desiredAlias('www.example.com', 'E1BLUE')], inventory);
    expect(ids(p)).to.deep.equal(['change-dns:Z1EXAMPLE:post', 'wait-dns:Z1EXAMPLE:post']);
    expect(p.changes[0]).to.deep.include({ action: 'noop', dns: { zoneId: 'Z1EXAMPLE', from: GREEN, to: BLUE } });
  });
});
