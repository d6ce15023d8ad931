import { describe, expect, it } from 'vitest';
import { DataError } from '../../core/errors.js';
import { logLoss } from './logLoss.js';

const f = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('logLoss', () => {
  it('averages −ln of the probability given to the true class', () => {
    // y = 1 with p = .8 → −ln .8; y = 0 with p = .3 → −ln .7; mean of the two; weights 3, 1 → weighted mean.
    expect(logLoss(f([0.8, 0.3]), f([1, 0]))).toBeCloseTo((-Math.log(0.8) - Math.log(0.7)) / 2, 15);
    expect(logLoss(f([0.8, 0.3]), f([1, 0]), f([3, 1]))).toBeCloseTo(
      (-3 * Math.log(0.8) - Math.log(0.7)) / 4,
      15,
    );
  });

  it('clips at 1e-15', () => {
    // p = 0 for a positive is clipped to 1e-15 → −ln 1e-15 = 15·ln 10 ≈ 34.5388.
    expect(logLoss(f([0]), f([1]))).toBeCloseTo(15 * Math.log(10), 12);
    // p = 1 for a negative: 1 − (1 − 1e-15) is 1e-15 up to the double spacing near 1 (≈1.1e-16).
    expect(logLoss(f([1]), f([0]))).toBeCloseTo(15 * Math.log(10), 0);
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(() => logLoss(f([1.2]), f([1]))).toThrow(DataError);
  });
});
