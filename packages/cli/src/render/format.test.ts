import { expect } from 'chai';
import { createPalette, distributionLabeler, formatDuration, formatDurationMs, plural } from './format.js';

describe('formatDuration', () => {
  it('writes seconds, minutes and hours the way plans and progress show them', () => {
    expect(formatDuration(0)).to.equal('0s');
    expect(formatDuration(45)).to.equal('45s');
    expect(formatDuration(1.25)).to.equal('1.3s');
    expect(formatDuration(60)).to.equal('1m 0s');
    expect(formatDuration(300)).to.equal('5m 0s');
    expect(formatDuration(660)).to.equal('11m 0s');
    expect(formatDuration(3723)).to.equal('1h 2m 3s');
    expect(formatDuration(-5)).to.equal('0s');
  });

  it('takes milliseconds too', () => {
    expect(formatDurationMs(360_000)).to.equal('6m 0s');
    expect(formatDurationMs(1_500)).to.equal('1.5s');
  });
});

describe('plural', () => {
  it('agrees with the count', () => {
    expect(plural(1, 'deployment wait')).to.equal('1 deployment wait');
    expect(plural(2, 'deployment wait')).to.equal('2 deployment waits');
    expect(plural(0, 'alias', 'aliases')).to.equal('0 aliases');
  });
});

describe('createPalette', () => {
  const ESC = '\u001b[';
  it('is plain when stdout is not a terminal', () => {
    expect(createPalette({ flag: true, env: {}, isTTY: false }).red('x')).to.equal('x');
  });
  it('colours a terminal', () => {
    expect(createPalette({ flag: true, env: {}, isTTY: true }).red('x')).to.include(ESC);
  });
  it('honours NO_COLOR and --no-color over a terminal', () => {
    expect(createPalette({ flag: true, env: { NO_COLOR: '1' }, isTTY: true }).red('x')).to.equal('x');
    expect(createPalette({ flag: false, env: {}, isTTY: true }).red('x')).to.equal('x');
  });
  it('honours FORCE_COLOR off a terminal, but not over --no-color', () => {
    expect(createPalette({ flag: true, env: { FORCE_COLOR: '1' }, isTTY: false }).red('x')).to.include(ESC);
    expect(createPalette({ flag: true, env: { FORCE_COLOR: '0' }, isTTY: false }).red('x')).to.equal('x');
    expect(createPalette({ flag: false, env: { FORCE_COLOR: '1' }, isTTY: false }).red('x')).to.equal('x');
  });
});

describe('distributionLabeler', () => {
  it('adds the logical name when the plan knows one', () => {
    const label = distributionLabeler([
      { id: 'E1BLUE', domainName: 'd1.cloudfront.net', name: 'blue' },
      { id: 'E3OTHER', domainName: 'd3.cloudfront.net' },
    ]);
    expect(label('E1BLUE')).to.equal('E1BLUE (blue)');
    expect(label('E3OTHER')).to.equal('E3OTHER');
    expect(label('E9UNKNOWN')).to.equal('E9UNKNOWN');
  });
});
