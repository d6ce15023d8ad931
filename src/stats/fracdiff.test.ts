import { describe, expect, it } from 'vitest';
import { fracDiffDot, fracDiffWeights } from './fracdiff.js';

describe('fracDiffWeights', () => {
  it('follows w_k = −w_{k−1}(d − k + 1)/k and cuts below the tolerance', () => {
    // d = 0.5: w1 = −1·0.5/1 = −0.5, w2 = 0.5·(−0.5)/2 = −0.125, w3 = 0.125·(−1.5)/3 = −0.0625 < 0.1 → cut.
    expect(Array.from(fracDiffWeights(0.5, 0.1))).toEqual([1, -0.5, -0.125]);
    // d = 1 is the first difference: w1 = −1, w2 = −(−1)(1 − 2 + 1)/2 = 0 → cut.
    expect(Array.from(fracDiffWeights(1, 1e-4))).toEqual([1, -1]);
    // d = 0 is the identity.
    expect(Array.from(fracDiffWeights(0, 1e-4))).toEqual([1]);
  });

  it('keeps more weights for a smaller tolerance, all above it in magnitude', () => {
    const loose = fracDiffWeights(0.4, 1e-3);
    const tight = fracDiffWeights(0.4, 1e-4);
    expect(tight.length).toBeGreaterThan(loose.length);
    for (const w of tight) expect(Math.abs(w)).toBeGreaterThanOrEqual(1e-4);
    // The next weight after the last kept one is below the tolerance.
    const k = tight.length;
    expect(Math.abs((-tight[k - 1]! * (0.4 - k + 1)) / k)).toBeLessThan(1e-4);
  });

  it('rejects a negative order and a non-positive tolerance', () => {
    expect(() => fracDiffWeights(-0.1, 1e-4)).toThrow(RangeError);
    expect(() => fracDiffWeights(0.4, 0)).toThrow(RangeError);
  });
});

describe('fracDiffDot', () => {
  it('weights the newest value by w_0 and the oldest by w_{K−1} (weights passed oldest-first)', () => {
    const w = Float64Array.of(1, -0.5, -0.125).reverse();
    // window oldest-first at offset 1: x[t−2] = 1, x[t−1] = 2, x[t] = 4 → 4 − 0.5·2 − 0.125·1 = 2.875.
    const buf = Float64Array.of(99, 1, 2, 4, 99);
    expect(fracDiffDot(w, buf, 1)).toBe(2.875);
  });
});
