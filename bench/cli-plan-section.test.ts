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

  it('appends the section when the report has none yet', () => {
    expect(replaceSection('# Benchmarks\n\n## Summary\n\n- x\n', '## 5. CLI plan from files', '## 5. CLI plan from files\n\nt')).to.equal(
      '# Benchmarks\n\n## Summary\n\n- x\n\n## 5. CLI plan from files\n\nt\n',
    );
  });
});
