import { describe, expect, it } from 'vitest';
import { createIndicator } from '../registry.js';
import { closes, feed } from './feed.test-helpers.js';
import { randomBars, runRandom } from './randomBars.test-helpers.js';

describe('rvol', () => {
  it('is √Σr² of the last n one-bar log returns', () => {
    const b = randomBars(3, 60);
    const got = runRandom(createIndicator('rvol:5'), b).values;
    for (let i = 0; i < 60; i++) {
      if (i < 5) {
        expect(got[i]).toBeNaN();
        continue;
      }
      let s = 0;
      for (let j = i - 4; j <= i; j++) s += Math.log(b.close[j]! / b.close[j - 1]!) ** 2;
      expect(got[i]).toBeCloseTo(Math.sqrt(s), 14);
    }
  });
});

describe('hlrange', () => {
  it('is (H − L)/C from the first bar', () => {
    expect(feed(createIndicator('hlrange'), [{ high: 11, low: 9, close: 10 }])).toEqual([0.2]);
  });
});

describe('bbands', () => {
  it('width = (upper − lower)/mid and pctb places the price in the band', () => {
    const ind = createIndicator('bbands:4:2');
    feed(ind, closes([1, 2, 3, 4]));
    const [mid, up, dn, pctb, width] = [0, 1, 2, 3, 4].map((k) => ind.value(k));
    const sd = Math.sqrt(1.25);
    expect(mid).toBe(2.5);
    expect(up).toBeCloseTo(2.5 + 2 * sd, 14);
    expect(dn).toBeCloseTo(2.5 - 2 * sd, 14);
    expect(width).toBeCloseTo((4 * sd) / 2.5, 14);
    expect(pctb).toBeCloseTo((4 - dn!) / (up! - dn!), 14);
  });
});

describe('window indicators around a missing close', () => {
  it('sma is NaN while the NaN is inside the window, then exact again', () => {
    const got = feed(createIndicator('sma:3'), closes([1, 2, 3, Number.NaN, 5, 6, 7, 8]));
    expect(got.slice(0, 2).every(Number.isNaN)).toBe(true);
    expect(got[2]).toBe(2);
    expect(got.slice(3, 6).every(Number.isNaN)).toBe(true);
    expect(got.slice(6)).toEqual([6, 7]);
  });

  it('ema holds its value over a missing bar', () => {
    const got = feed(createIndicator('ema:2'), closes([1, 3, Number.NaN, 5]));
    expect(got[2]).toBe(got[1]);
    expect(got[3]).toBeCloseTo((2 / 3) * 5 + (1 / 3) * 2, 14);
  });
});
