import { describe, expect, it } from 'vitest';
import { createIndicator } from '../registry.js';
import { feed } from './feed.test-helpers.js';
import { randomBars, runRandom } from './randomBars.test-helpers.js';

const bar = (close: number, volume: number) => ({ high: close, low: close, close, volume });

describe('obv', () => {
  it('starts at the first volume and does not move on an unchanged close', () => {
    const got = feed(createIndicator('obv'), [bar(10, 5), bar(11, 3), bar(11, 7), bar(10, 2)]);
    expect(got).toEqual([5, 8, 8, 6]);
  });
});

describe('mfi', () => {
  it('is 50 with no flow at all and 100 with no negative flow', () => {
    expect(feed(createIndicator('mfi:2'), [bar(10, 1), bar(10, 1), bar(10, 1)])[2]).toBe(50);
    expect(feed(createIndicator('mfi:2'), [bar(10, 1), bar(11, 1), bar(12, 1)])[2]).toBe(100);
  });
});

describe('volz', () => {
  it('is (V − mean)/sample SD over the window including this bar', () => {
    const b = randomBars(4, 50);
    const got = runRandom(createIndicator('volz:6'), b).values;
    for (let i = 5; i < 50; i++) {
      const w = Array.from(b.volume.subarray(i - 5, i + 1));
      const mean = w.reduce((a, x) => a + x, 0) / 6;
      const sd = Math.sqrt(w.reduce((a, x) => a + (x - mean) ** 2, 0) / 5);
      expect(got[i]).toBeCloseTo((b.volume[i]! - mean) / sd, 12);
    }
    expect(got[4]).toBeNaN();
  });

  it('is 0 when every volume in the window is equal', () => {
    expect(feed(createIndicator('volz:3'), [bar(1, 5), bar(1, 5), bar(1, 5)])[2]).toBe(0);
  });
});
