import { expect } from 'chai';
import { SimulatedClock } from '@cfalias/core';
import { runOnWallClock } from './sandbox-wall-clock.js';

describe('runOnWallClock (sandbox serve --real-time)', () => {
  it('moves the simulated clock by the real time passed, times the speed', async () => {
    const clock = new SimulatedClock(Date.UTC(2026, 11, 1));
    let real = 1_000;
    const stop = runOnWallClock(clock, 30, () => real);
    try {
      real += 2_000;
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(clock.now() - Date.UTC(2026, 11, 1)).to.equal(60_000);
    } finally {
      stop();
    }
  });

  it('refuses a speed that is not a positive number', () => {
    const clock = new SimulatedClock(0);
    expect(() => runOnWallClock(clock, 0)).to.throw(RangeError);
    expect(() => runOnWallClock(clock, Number.NaN)).to.throw(RangeError);
  });
});
