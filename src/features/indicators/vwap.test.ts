import { describe, expect, it } from 'vitest';
import { MICROS_PER_DAY, MICROS_PER_HOUR } from '../../core/time.js';
import { createIndicator } from '../registry.js';
import { feed } from './feed.test-helpers.js';
import { randomBars, runRandom } from './randomBars.test-helpers.js';

describe('vwap_session', () => {
  it('is Σ TP·V / Σ V since the session opened, restarting when sessionOpen changes', () => {
    const b = randomBars(6, 80);
    const got = runRandom(createIndicator('vwap_session'), b).values;
    let pv = 0;
    let v = 0;
    for (let i = 0; i < 80; i++) {
      if (i === 0 || b.sessionOpen[i] !== b.sessionOpen[i - 1]) {
        pv = 0;
        v = 0;
      }
      pv += ((b.high[i]! + b.low[i]! + b.close[i]!) / 3) * b.volume[i]!;
      v += b.volume[i]!;
      if (v === 0) expect(got[i]).toBeNaN();
      else expect(got[i]).toBeCloseTo(pv / v, 10);
    }
  });

  it('src=1 weights the bar vwap, falling back to the typical price', () => {
    const bars = [
      { ts: 0, high: 12, low: 6, close: 9, vwap: 10, volume: 1 },
      { ts: MICROS_PER_HOUR, high: 12, low: 6, close: 9, volume: 3 },
    ];
    expect(feed(createIndicator('vwap_session:1'), bars)).toEqual([10, (10 + 27) / 4]);
    expect(feed(createIndicator('vwap_session:0'), bars)).toEqual([9, 9]);
  });

  it('without a calendar restarts at each UTC day', () => {
    const day = 20_000 * MICROS_PER_DAY;
    const bars = [
      { ts: day + 22 * MICROS_PER_HOUR, high: 10, low: 10, close: 10, volume: 1 },
      { ts: day + 23 * MICROS_PER_HOUR, high: 20, low: 20, close: 20, volume: 1 },
      { ts: day + 24 * MICROS_PER_HOUR, high: 30, low: 30, close: 30, volume: 1 },
    ];
    expect(feed(createIndicator('vwap_session'), bars)).toEqual([10, 15, 30]);
  });
});

describe('vwap (rolling, TTR)', () => {
  it('is Σ C·V / Σ V over the last n bars and never resets', () => {
    const bars = [10, 20, 30].map((c, i) => ({
      ts: i * MICROS_PER_DAY,
      close: c,
      volume: i + 1,
      sessionOpen: i,
    }));
    expect(feed(createIndicator('vwap:2'), bars)).toEqual([Number.NaN, 50 / 3, 130 / 5]);
  });
});
