import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import { expect } from 'chai';
import { editedAliases, withEditedAliases } from './alias-edit.js';

describe('alias edit of a distribution config', () => {
  it('removes first, keeps the order of the others, then appends additions in the order given', () => {
    expect(
      editedAliases(['a.example.com', 'b.example.com', 'c.example.com'], {
        remove: ['b.example.com'],
        add: ['z.example.com', 'd.example.com'],
      }),
    ).to.deep.equal(['a.example.com', 'c.example.com', 'z.example.com', 'd.example.com']);
  });

  it('does not duplicate an alias already present, and matches without regard to case', () => {
    expect(
      editedAliases(['WWW.example.com', 'api.example.com'], { remove: ['www.example.com'], add: ['api.example.com', 'new.example.com'] }),
    ).to.deep.equal(['api.example.com', 'new.example.com']);
  });

  it('changes Aliases only (Quantity = item count) and returns every other member as it was', () => {
    const config: DistributionConfig = {
      CallerReference: 'ref-1',
      Aliases: { Quantity: 2, Items: ['www.example.com', 'api.example.com'] },
      DefaultRootObject: 'index.html',
      Origins: { Quantity: 1, Items: [{ Id: 'o1', DomainName: 'origin.example.com', OriginPath: '', CustomHeaders: { Quantity: 0 } }] },
      DefaultCacheBehavior: { TargetOriginId: 'o1', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: 'c1' },
      Comment: '',
      Enabled: true,
      Logging: { Enabled: false, IncludeCookies: false, Bucket: '', Prefix: '' },
      WebACLId: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/x/1',
    };
    const before = structuredClone(config);
    const edited = withEditedAliases(config, { remove: ['www.example.com'], add: ['shop.example.com'] });
    expect(edited.Aliases).to.deep.equal({ Quantity: 2, Items: ['api.example.com', 'shop.example.com'] });
    const { Aliases: _a, ...rest } = edited;
    const { Aliases: _b, ...original } = before;
    expect(rest).to.deep.equal(original);
    expect(Object.keys(edited)).to.deep.equal(Object.keys(before));
    expect(config, 'the input is not mutated').to.deep.equal(before);
  });

  it('sends an emptied list as Quantity 0 without Items', () => {
    const edited = withEditedAliases(
      {
        CallerReference: 'r',
        Aliases: { Quantity: 1, Items: ['www.example.com'] },
        Comment: '',
        Enabled: true,
        Origins: undefined,
        DefaultCacheBehavior: undefined,
      },
      {
        remove: ['www.example.com'],
        add: [],
      },
    );
    expect(edited.Aliases).to.deep.equal({ Quantity: 0 });
  });

  it('adds to a config that has no Aliases member at all', () => {
    const edited = withEditedAliases(
      { CallerReference: 'r', Comment: '', Enabled: true, Origins: undefined, DefaultCacheBehavior: undefined },
      {
        remove: [],
        add: ['www.example.com'],
      },
    );
    expect(edited.Aliases).to.deep.equal({ Quantity: 1, Items: ['www.example.com'] });
  });
});
