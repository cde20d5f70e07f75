/**
 * The sandbox's Route 53: zones, record sets in Route 53 order, atomic change batches and changes.
 * Expected values are worked out by hand from testing/rules-world.ts.
 */
import { expect } from 'chai';
import { A, B, NOW, makeWorld, thrown } from '../testing/rules-world.js';

describe('SandboxWorld: Route 53', () => {
  it('pages hosted zones with /hostedzone/ ids', () => {
    const { world } = makeWorld();
    const first = world.listHostedZones(A, { maxItems: 1 });
    expect(first.HostedZones.map((z) => [z.Id, z.Name, z.ResourceRecordSetCount])).to.deep.equal([
      ['/hostedzone/Z1EXAMPLE', 'example.com.', 9],
    ]);
    expect([first.IsTruncated, first.NextMarker]).to.deep.equal([true, 'Z3EXAMPLEORG']);
    const second = world.listHostedZones(A, { marker: 'Z3EXAMPLEORG', maxItems: 1 });
    expect(second.HostedZones.map((z) => z.Id)).to.deep.equal(['/hostedzone/Z3EXAMPLEORG']);
    expect(second.IsTruncated).to.equal(false);
  });

  it('lists record sets in Route 53 order (reversed labels, then type), * as \\052, paged by name and type', () => {
    const { world } = makeWorld();
    const page = (start: { startName?: string; startType?: string }) =>
      world.listResourceRecordSets(A, '/hostedzone/Z1EXAMPLE', { ...start, maxItems: 4 });
    const first = page({});
    expect(first.ResourceRecordSets.map((r) => `${r.Name} ${r.Type}`)).to.deep.equal([
      'example.com. NS',
      '\\052.example.com. CNAME',
      '_old.example.com. TXT',
      '_shop.example.com. TXT',
    ]);
    expect([first.IsTruncated, first.NextRecordName, first.NextRecordType]).to.deep.equal([true, '_www.example.com.', 'TXT']);
    const second = page({ startName: first.NextRecordName!, startType: first.NextRecordType! });
    expect(second.ResourceRecordSets.map((r) => `${r.Name} ${r.Type}`)).to.deep.equal([
      '_www.example.com. TXT',
      'api.example.com. CNAME',
      'cdn.example.com. CNAME',
      'www.example.com. A',
    ]);
    const third = page({ startName: second.NextRecordName!, startType: second.NextRecordType! });
    expect(third.ResourceRecordSets.map((r) => `${r.Name} ${r.Type}`)).to.deep.equal(['www.example.com. AAAA']);
    expect([third.IsTruncated, third.NextRecordName]).to.deep.equal([false, undefined]);
    expect(third.ResourceRecordSets[0]!.AliasTarget).to.deep.equal({
      HostedZoneId: 'Z2FDTNDATAQYW2',
      DNSName: 'd1blue.cloudfront.net.',
      EvaluateTargetHealth: false,
    });
  });

  it('refuses a start type without a start name (InvalidInput) and a foreign zone (NoSuchHostedZone, 404)', () => {
    const { world } = makeWorld();
    expect(thrown(() => world.listResourceRecordSets(A, 'Z1EXAMPLE', { startType: 'A' })).code).to.equal('InvalidInput');
    const error = thrown(() => world.listResourceRecordSets(A, 'Z2EXAMPLENET'));
    expect([error.code, error.httpStatus]).to.deep.equal(['NoSuchHostedZone', 404]);
  });

  describe('ChangeResourceRecordSets', () => {
    const upsertTxt = {
      Action: 'UPSERT' as const,
      ResourceRecordSet: { Name: '_api.example.com.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"d2green.cloudfront.net"' }] },
    };

    it('applies a batch and returns a PENDING change that reads INSYNC after dnsSyncSeconds', () => {
      const { world, clock } = makeWorld();
      const out = world.changeResourceRecordSets(A, 'Z1EXAMPLE', { Changes: [upsertTxt] });
      expect(out.ChangeInfo).to.deep.equal({ Id: '/change/C0000000000001', Status: 'PENDING', SubmittedAt: new Date(NOW) });
      expect(world.zoneRecords('Z1EXAMPLE')!.find((r) => r.name === '_api.example.com.')).to.deep.equal({
        name: '_api.example.com.',
        type: 'TXT',
        ttl: 300,
        values: ['"d2green.cloudfront.net"'],
      });
      clock.advance(29_999);
      expect(world.getChange(A, '/change/C0000000000001').ChangeInfo.Status).to.equal('PENDING');
      clock.advance(1);
      expect(world.getChange(A, 'C0000000000001').ChangeInfo.Status).to.equal('INSYNC');
    });

    it('answers NoSuchChange (404) for an unknown change or one of another account', () => {
      const { world } = makeWorld();
      world.changeResourceRecordSets(A, 'Z1EXAMPLE', { Changes: [upsertTxt] });
      for (const [caller, id] of [
        [A, 'C9999999999999'],
        [B, 'C0000000000001'],
      ] as const) {
        const error = thrown(() => world.getChange(caller, id));
        expect([error.code, error.httpStatus]).to.deep.equal(['NoSuchChange', 404]);
      }
    });

    it('forgets a finished change 24 hours after its submission, and all but the newest 1000 finished ones', () => {
      const { world, clock } = makeWorld();
      const status = (id: string) => {
        try {
          return world.getChange(A, id).ChangeInfo.Status;
        } catch (error) {
          return (error as { code?: string }).code;
        }
      };
      world.changeResourceRecordSets(A, 'Z1EXAMPLE', { Changes: [upsertTxt] });
      clock.advance(24 * 3600 * 1000);
      expect(status('C0000000000001')).to.equal('INSYNC');
      clock.advance(1);
      world.changeResourceRecordSets(A, 'Z1EXAMPLE', { Changes: [upsertTxt] });
      expect([status('C0000000000001'), status('C0000000000002')]).to.deep.equal(['NoSuchChange', 'PENDING']);
      for (let i = 0; i < 1000; i += 1) {
        clock.advance(60_000);
        world.changeResourceRecordSets(A, 'Z1EXAMPLE', { Changes: [upsertTxt] });
      }
      // 1001 changes submitted a minute apart, the last still PENDING: the 1000 finished ones are kept.
      expect([status('C0000000000002'), status('C0000000000003'), status('C0000000001002')]).to.deep.equal(['INSYNC', 'INSYNC', 'PENDING']);
      clock.advance(60_000);
      world.changeResourceRecordSets(A, 'Z1EXAMPLE', { Changes: [upsertTxt] });
      expect([status('C0000000000002'), status('C0000000000003'), status('C0000000001003')]).to.deep.equal([
        'NoSuchChange',
        'INSYNC',
        'PENDING',
      ]);
    });

    it('refuses CREATE of an existing record set, DELETE of a missing one or with other values, listing each', () => {
      const { world } = makeWorld();
      const error = thrown(() =>
        world.changeResourceRecordSets(A, 'Z1EXAMPLE', {
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: 'api.example.com.',
                Type: 'CNAME',
                TTL: 300,
                ResourceRecords: [{ Value: 'd1blue.cloudfront.net' }],
              },
            },
            {
              Action: 'DELETE',
              ResourceRecordSet: { Name: 'nope.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] },
            },
            {
              Action: 'DELETE',
              ResourceRecordSet: {
                Name: 'cdn.example.com.',
                Type: 'CNAME',
                TTL: 300,
                ResourceRecords: [{ Value: 'd2green.cloudfront.net' }],
              },
            },
          ],
        }),
      );
      expect([error.code, error.httpStatus]).to.deep.equal(['InvalidChangeBatch', 400]);
      expect(error.message).to.equal(
        "[Tried to create resource record set [name='api.example.com.', type='CNAME'] but it already exists, " +
          "Tried to delete resource record set [name='nope.example.com.', type='A'] but it was not found, " +
          "Tried to delete resource record set [name='cdn.example.com.', type='CNAME'] but the values provided do not match the current values]",
      );
    });

    it('refuses a CNAME beside another type at one name', () => {
      const { world } = makeWorld();
      const error = thrown(() =>
        world.changeResourceRecordSets(A, 'Z1EXAMPLE', {
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: 'www.example.com.',
                Type: 'CNAME',
                TTL: 300,
                ResourceRecords: [{ Value: 'd2green.cloudfront.net' }],
              },
            },
          ],
        }),
      );
      expect(error.code).to.equal('InvalidChangeBatch');
      expect(error.message).to.include('RRSet of type CNAME with DNS name www.example.com. is not permitted');
    });

    it('is atomic: a failing change leaves the earlier ones of the batch unapplied', () => {
      const { world } = makeWorld();
      const before = world.zoneRecords('Z1EXAMPLE');
      thrown(() =>
        world.changeResourceRecordSets(A, 'Z1EXAMPLE', {
          Changes: [
            upsertTxt,
            {
              Action: 'DELETE',
              ResourceRecordSet: { Name: 'nope.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] },
            },
          ],
        }),
      );
      expect(world.zoneRecords('Z1EXAMPLE')).to.deep.equal(before);
      expect(world.changeDueAt('C0000000000001')).to.equal(null);
    });

    it('deletes a record set given with its exact values, and accepts the \\052 escape', () => {
      const { world } = makeWorld();
      world.changeResourceRecordSets(A, 'Z1EXAMPLE', {
        Changes: [
          {
            Action: 'DELETE',
            ResourceRecordSet: {
              Name: '\\052.example.com.',
              Type: 'CNAME',
              TTL: 60,
              ResourceRecords: [{ Value: 'd1blue.cloudfront.net' }],
            },
          },
        ],
      });
      expect(world.zoneRecords('Z1EXAMPLE')!.some((r) => r.name === '*.example.com.')).to.equal(false);
    });
  });
});
