import { describe, expect, it } from 'vitest';
import { accuracy, confusion, f1Score } from './thresholded.js';

const f = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('confusion, accuracy, f1Score', () => {
  // prob  .9 .6 .5 .2 .7, label 1 0 1 0 1. At 0.5 (strictly above is positive): predictions 1 1 0 0 1
  // → TP 2 (rows 0, 4), FP 1 (row 1), FN 1 (row 2: p = .5 is NOT above .5), TN 1 (row 3).
  // accuracy 3/5; F1 = 2·2/(2·2 + 1 + 1) = 2/3.
  // At 0.4: predictions 1 1 1 0 1 → TP 3, FP 1, FN 0, TN 1 → accuracy 4/5, F1 = 6/7.
  const p = f([0.9, 0.6, 0.5, 0.2, 0.7]);
  const y = f([1, 0, 1, 0, 1]);

  it('at the default threshold', () => {
    expect(confusion(p, y)).toEqual({ tp: 2, fp: 1, tn: 1, fn: 1 });
    expect(accuracy(p, y)).toBeCloseTo(0.6, 15);
    expect(f1Score(p, y)).toBeCloseTo(2 / 3, 15);
  });

  it('at another threshold and with weights', () => {
    expect(accuracy(p, y, { threshold: 0.4 })).toBeCloseTo(0.8, 15);
    expect(f1Score(p, y, { threshold: 0.4 })).toBeCloseTo(6 / 7, 15);
    // Weight 3 on the false negative (row 2): accuracy (2 + 1)/(2 + 1 + 1 + 3) = 3/7, F1 = 4/(4 + 1 + 3) = 1/2.
    const w = f([1, 1, 3, 1, 1]);
    expect(accuracy(p, y, { weight: w })).toBeCloseTo(3 / 7, 15);
    expect(f1Score(p, y, { weight: w })).toBeCloseTo(0.5, 15);
  });

  it('F1 is undefined without positive labels or predictions', () => {
    expect(f1Score(f([0.1, 0.2]), f([0, 0]))).toBeNaN();
    expect(accuracy(f([0.1, 0.2]), f([0, 0]))).toBe(1);
  });
});
