import { describe, expect, it } from 'vitest';
import { createIndicator } from '../registry.js';
import { closes, feed } from './feed.test-helpers.js';

describe('range oscillators on a flat market', () => {
  it('stoch fastK and willr are 0.5 when the range is zero (TTR)', () => {
    const flat = closes(Array(6).fill(10));
    expect(feed(createIndicator('stoch:3:1:1'), flat).slice(2)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(feed(createIndicator('willr:3'), flat).slice(2)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('willr is 0 at the high and 1 at the low (textbook %R = −100 × value)', () => {
    const bars = [
      { high: 10, low: 8, close: 9 },
      { high: 12, low: 9, close: 12 },
      { high: 11, low: 7, close: 7 },
    ];
    expect(feed(createIndicator('willr:2'), bars)).toEqual([Number.NaN, 0, 1]);
  });
});

describe('rsi', () => {
  it('is 100 after only gains and 0 after only losses', () => {
    expect(feed(createIndicator('rsi:3'), closes([1, 2, 3, 4, 5])).slice(3)).toEqual([100, 100]);
    expect(feed(createIndicator('rsi:3'), closes([5, 4, 3, 2, 1])).slice(3)).toEqual([0, 0]);
  });
});

describe('macd', () => {
  it('percent=1 is 100·(fast/slow − 1), percent=0 is fast − slow', () => {
    const xs = closes([10, 11, 13, 12, 15]);
    const abs = feed(createIndicator('macd:2:3:2:0'), xs);
    const pct = feed(createIndicator('macd:2:3:2:1'), xs);
    const fast = feed(createIndicator('ema:2'), xs);
    const slow = feed(createIndicator('ema:3'), xs);
    expect(abs[4]).toBeCloseTo(fast[4]! - slow[4]!, 14);
    expect(pct[4]).toBeCloseTo(100 * (fast[4]! / slow[4]! - 1), 14);
  });
});
