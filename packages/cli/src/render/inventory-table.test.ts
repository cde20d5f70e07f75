import { expect } from 'chai';
import { createPalette } from './format.js';
import { renderInventoryTable, type InventoryRow } from './inventory.js';

const plain = createPalette({ flag: false, env: {}, isTTY: false });

const wildcard: InventoryRow = {
  alias: '*.example.com',
  managed: true,
  desired: 'E2GREEN',
  owner: { distribution: 'E2GREEN', account: '111111111111', foreign: false },
  certificateCovers: true,
  zone: 'example.com.',
  records: [],
  wildcardOverlaps: ['a', 'b', 'c', 'd'].map((n) => ({ alias: `${n}.example.com`, distribution: 'E1BLUE', foreign: false })),
};

describe('inventory table', () => {
  it('names distributions as plans do and says whose certificate OWNER CERT describes', () => {
    const text = renderInventoryTable([wildcard], plain, { label: (id) => (id === 'E2GREEN' ? 'E2GREEN (green)' : id) });
    const [header, row] = text.split('\n');
    expect(header).to.match(/^ALIAS\s+DESIRED\s+OWNER\s+OWNER CERT\s+DNS\s+NOTES$/);
    expect(row).to.match(/^\*\.example\.com\s+E2GREEN \(green\)\s+E2GREEN \(green\)\s+covers\s+no record in example\.com\./);
    expect(text).to.include('OWNER CERT: whether the certificate of the distribution holding the alias now covers it.');
  });

  it('keeps long NOTES short unless --wide', () => {
    const short = renderInventoryTable([wildcard], plain);
    expect(short).to.include('overlaps a.example.com on E1BLUE, overlaps b.example.com on E1BLUE and 2 more (--wide lists them)');
    const wide = renderInventoryTable([wildcard], plain, { wide: true });
    expect(wide).to.include(
      'overlaps a.example.com on E1BLUE, overlaps b.example.com on E1BLUE, overlaps c.example.com on E1BLUE, overlaps d.example.com on E1BLUE',
    );
  });
});
