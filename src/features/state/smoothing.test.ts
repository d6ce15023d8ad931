import { describe, expect, it } from 'vitest';
import { Ema, WilderSum } from './smoothing.js';

describe('Ema', () => {
  it('seeds with the mean of the first n valid inputs (skipping leading NaNs), then recurses', () => {
    const e = new Ema(3);
    expect(e.push(Number.NaN)).toBeNaN();
    expect(e.push(3)).toBeNaN();
    expect(e.push(6)).toBeNaN();
    expect(e.push(9)).toBeCloseTo(6, 15);
    expect(e.push(10)).toBeCloseTo(0.5 * 10 + 0.5 * 6, 15);
    expect(e.push(Number.NaN)).toBeCloseTo(8, 15);
    expect(e.value).toBeCloseTo(8, 15);
  });

  it('uses k = 1/n with wilder', () => {
    const e = new Ema(4, true);
    expect(e.k).toBe(0.25);
    for (const x of [4, 4, 4, 4]) e.push(x);
    expect(e.push(8)).toBe(5);
  });
});

describe('WilderSum', () => {
  it('seeds S = x + Σ(previous n−1)·(n−1)/n (TTR 0.24.3), then S = x + S·(n−1)/n', () => {
    const w = new WilderSum(4);
    expect(w.push(Number.NaN)).toBeNaN();
    expect([1, 2, 3].map((x) => w.push(x))).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(w.push(4)).toBe(4 + (6 * 3) / 4);
    expect(w.push(2)).toBe(2 + (8.5 * 3) / 4);
  });
});
