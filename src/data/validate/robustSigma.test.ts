import { describe, expect, it } from 'vitest';
import { medianInPlace, robustSigma } from './robustSigma.js';

describe('robustSigma', () => {
  it('is 1.4826 × the median absolute deviation', () => {
    // Values 1..5: median 3, |dev| = 2,1,0,1,2 → MAD 1.
    expect(robustSigma(Float64Array.from([5, 1, 4, 2, 3]), new Float64Array(5))).toBeCloseTo(1.4826, 12);
  });

  it('ignores a huge outlier that would dominate the standard deviation', () => {
    const v = Float64Array.from([1, 2, 3, 4, 5, 1e6]);
    // Median 3.5; |dev| = 2.5,1.5,0.5,0.5,1.5,≈1e6 → MAD 1.5.
    expect(robustSigma(v, new Float64Array(6))).toBeCloseTo(1.4826 * 1.5, 12);
  });

  it('falls back to the sample standard deviation when most values are equal', () => {
    // MAD of [0,0,0,0,4] is 0; sample SD = sqrt(((4-0.8)^2 + 4·0.8^2) / 4) = sqrt(3.2).
    expect(robustSigma(Float64Array.from([0, 0, 0, 0, 4]), new Float64Array(5))).toBeCloseTo(
      Math.sqrt(3.2),
      12,
    );
  });

  it('medianInPlace averages the middle pair of an even sample', () => {
    expect(medianInPlace(Float64Array.from([4, 1, 3, 2]))).toBe(2.5);
    expect(medianInPlace(new Float64Array(0))).toBeNaN();
  });
});
