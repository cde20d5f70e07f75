/**
 * Route 53's ListResourceRecordSets order of names (labels reversed, plain character order), worked
 * out by hand from the reversed names.
 */
import { expect } from 'chai';
import { compareRecordKeys, compareRecordNames } from './route53-records.js';

describe('Route 53 record order', () => {
  it('orders names by their labels from the last, a name before the names below it', () => {
    const names = ['www.example.com.', 'a.example.com.', 'example.com.', 'b.a.example.com.', 'example.org.', 'a.example.net.'];
    // com.example.  com.example.a.  com.example.a.b.  com.example.www.  net.example.a.  org.example.
    expect([...names].sort(compareRecordNames)).to.deep.equal([
      'example.com.',
      'a.example.com.',
      'b.a.example.com.',
      'www.example.com.',
      'a.example.net.',
      'example.org.',
    ]);
  });

  it('sorts the dot between labels after "*" and "-", and before letters', () => {
    const names = ['ab.example.com.', 'a.example.com.', 'a-b.example.com.', '*.example.com.'];
    // com.example.*.  com.example.a-b.  com.example.a.  com.example.ab.
    expect([...names].sort(compareRecordNames)).to.deep.equal(['*.example.com.', 'a-b.example.com.', 'a.example.com.', 'ab.example.com.']);
  });

  it('reads a name with or without its trailing dot the same, and orders by type within a name', () => {
    expect(compareRecordNames('www.example.com', 'www.example.com.')).to.equal(0);
    expect(compareRecordKeys({ name: 'a.example.com.', type: 'TXT' }, { name: 'a.example.com.', type: 'A' })).to.equal(1);
    expect(compareRecordKeys({ name: 'a.example.com.', type: 'TXT' }, { name: 'b.example.com.', type: 'A' })).to.equal(-1);
  });
});
