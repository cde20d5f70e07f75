import { expect } from 'chai';
import { replaceSummaryLine } from './markdown.js';

const REPORT = [
  '# Benchmarks',
  '',
  '## 5. CLI plan',
  '',
  'text',
  '',
  '## Summary',
  '',
  '- Makespan equals the bound: **yes**.',
  '- CLI plan from files: 10,000 aliases **no**.',
  '- Benchmark wall time: 10 s.',
  '',
].join('\n');

describe('benchmark report summary', () => {
  it('replaces the line with the same text up to its first colon and leaves the others', () => {
    const out = replaceSummaryLine(REPORT, '- CLI plan from files: 100,000 aliases **yes**.');
    expect(out.split('\n').slice(8)).to.deep.equal([
      '- Makespan equals the bound: **yes**.',
      '- CLI plan from files: 100,000 aliases **yes**.',
      '- Benchmark wall time: 10 s.',
      '',
    ]);
  });

  it('adds a finding the summary does not have yet at the end of its list', () => {
    const out = replaceSummaryLine(REPORT, '- Mutating calls equal the bound: **yes**.');
    expect(out.split('\n').slice(8)).to.deep.equal([
      '- Makespan equals the bound: **yes**.',
      '- CLI plan from files: 10,000 aliases **no**.',
      '- Benchmark wall time: 10 s.',
      '- Mutating calls equal the bound: **yes**.',
      '',
    ]);
  });

  it('tells apart findings that begin alike but differ before their colon', () => {
    const two = '## Summary\n\n- Apply of 10 moves under the limits: 1.1×.\n- Apply of 10 moves in process: 4 s.\n';
    expect(replaceSummaryLine(two, '- Apply of 10 moves in process: 3 s.')).to.equal(
      '## Summary\n\n- Apply of 10 moves under the limits: 1.1×.\n- Apply of 10 moves in process: 3 s.\n',
    );
  });

  it('starts a summary in a report without one', () => {
    expect(replaceSummaryLine('# Benchmarks\n', '- A finding.')).to.equal('# Benchmarks\n\n## Summary\n\n- A finding.\n');
  });
});
