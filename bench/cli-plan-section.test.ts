import { expect } from 'chai';
import { replaceSection } from './cli-plan-section.js';

describe('bench report: replacing one section', () => {
  const report = [
    '# Benchmarks',
    '',
    '## 4. Other',
    '',
    'kept',
    '',
    '## 5. CLI plan from files',
    '',
    'old table',
    '',
    '## Summary',
    '',
    '- kept too',
    '',
  ].join('\n');

  it('replaces only the section under the heading, up to the next one', () => {
    expect(replaceSection(report, '## 5. CLI plan from files', '## 5. CLI plan from files\n\nnew table')).to.equal(
      [
        '# Benchmarks',
        '',
        '## 4. Other',
        '',
        'kept',
        '',
        '## 5. CLI plan from files',
        '',
        'new table',
        '',
        '## Summary',
        '',
        '- kept too',
        '',
      ].join('\n'),
    );
  });

  it('keeps a marker comment that follows the section, with what it opens', () => {
    const marked = '## 5. CLI plan from files\n\nold\n\n<!-- apply benchmarks: pnpm bench apply -->\n\n## 6. Apply\n';
    expect(replaceSection(marked, '## 5. CLI plan from files', '## 5. CLI plan from files\n\nnew')).to.equal(
      '## 5. CLI plan from files\n\nnew\n\n<!-- apply benchmarks: pnpm bench apply -->\n\n## 6. Apply\n',
    );
  });

  it('puts the section before the summary when the report has none yet', () => {
    expect(
      replaceSection('# Benchmarks\n\n## 4. Other\n\n## Summary\n\n- x\n', '## 5. CLI plan from files', '## 5. CLI plan from files\n\nt'),
    ).to.equal('# Benchmarks\n\n## 4. Other\n\n## 5. CLI plan from files\n\nt\n\n## Summary\n\n- x\n');
  });

  it('appends the section to a report without a summary', () => {
    expect(replaceSection('# Benchmarks\n', '## 5. CLI plan from files', '## 5. CLI plan from files\n\nt')).to.equal(
      '# Benchmarks\n\n## 5. CLI plan from files\n\nt\n',
    );
  });
});
