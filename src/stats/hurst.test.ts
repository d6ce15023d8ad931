import { describe, expect, it } from 'vitest';
import { hurstFromSums, hurstLags, hurstSlopeWeights } from './hurst.js';

describe('hurstLags', () => {
  it('uses powers of two up to n/4', () => {
    expect(Array.from(hurstLags(8))).toEqual([1, 2]);
    expect(Array.from(hurstLags(100))).toEqual([1, 2, 4, 8, 16]);
    expect(Array.from(hurstLags(128))).toEqual([1, 2, 4, 8, 16, 32]);
  });

  it('rejects windows too short for two lags', () => {
    expect(() => hurstLags(7)).toThrow(RangeError);
    expect(() => hurstLags(8.5)).toThrow(RangeError);
  });
});

describe('hurstSlopeWeights', () => {
  it('gives ∓1/ln 2 for lags 1 and 2 (slope through two points)', () => {
    // abscissae 0 and ln 2, mean ln2/2, Sxx = 2(ln2/2)² = ln²2/2 → c = ±(ln2/2)/(ln²2/2) = ±1/ln2.
    const c = hurstSlopeWeights(Int32Array.of(1, 2));
    expect(c[0]).toBeCloseTo(-1 / Math.LN2, 14);
    expect(c[1]).toBeCloseTo(1 / Math.LN2, 14);
  });

  it('recovers the slope of an exact power law', () => {
    const lags = Int32Array.of(1, 2, 4, 8);
    const c = hurstSlopeWeights(lags);
    let slope = 0;
    for (let i = 0; i < 4; i++) slope += c[i]! * (3 + 0.7 * Math.log(lags[i]!));
    expect(slope).toBeCloseTo(0.7, 12);
  });
});

describe('hurstFromSums', () => {
  it('is half the slope of ln variance on ln lag', () => {
    const c = hurstSlopeWeights(Int32Array.of(1, 2));
    // lag 1: d = 1, 1, 0, 1, 0, 0, 1 → Σd = 4, Σd² = 4 over 7: var = 4/7 − 16/49 = 12/49.
    // lag 2: d = 2, 1, 1, 1, 0, 1 → Σd = 6, Σd² = 8 over 6: var = 4/3 − 1 = 1/3.
    // H = ½·log2((1/3)/(12/49)) = ½·log2(49/36) = log2(7/6).
    const h = hurstFromSums(c, Float64Array.of(4, 6, 4, 8), 0, Float64Array.of(1 / 7, 1 / 6));
    expect(h).toBeCloseTo(Math.log2(7 / 6), 14);
  });

  it('is NaN when a lag has zero variance', () => {
    const c = hurstSlopeWeights(Int32Array.of(1, 2));
    expect(hurstFromSums(c, Float64Array.of(0, 7, 12, 7, 24), 1, Float64Array.of(1 / 7, 1 / 6))).toBeNaN();
  });
});
