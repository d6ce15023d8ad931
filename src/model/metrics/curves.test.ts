import { describe, expect, it } from 'vitest';
import { DataError } from '../../core/errors.js';
import { auc, averagePrecision } from './curves.js';

const f = (xs: number[]): Float64Array => Float64Array.from(xs);

/** Rows repeated w_i times: integer weights must act exactly like duplicated rows. */
function expand(xs: number[], w: number[]): Float64Array {
  return f(xs.flatMap((x, i) => Array<number>(w[i]!).fill(x)));
}

describe('auc', () => {
  it('scikit-learn’s example', () => {
    // Positives 0.35 and 0.8, negatives 0.1 and 0.4. Pairs won: 0.35 > 0.1, 0.8 > 0.1, 0.8 > 0.4;
    // lost: 0.35 < 0.4 → 3 of 4 = 0.75.
    expect(auc(f([0.1, 0.4, 0.35, 0.8]), f([0, 0, 1, 1]))).toBeCloseTo(0.75, 15);
  });

  it('counts a tied positive/negative pair as one half', () => {
    // Positives 0.5, 0.9; negatives 0.2, 0.5. Pairs: 0.5 vs 0.2 win (1), 0.5 vs 0.5 tie (½), 0.9 wins both (2)
    // → 3.5 / 4 = 0.875. All scores equal → every pair a tie → 0.5.
    expect(auc(f([0.2, 0.5, 0.5, 0.9]), f([0, 0, 1, 1]))).toBeCloseTo(0.875, 15);
    expect(auc(f([0.5, 0.5, 0.5, 0.5]), f([0, 1, 0, 1]))).toBeCloseTo(0.5, 15);
  });

  it('weights each pair by w₊·w₋', () => {
    // Weights [1, 2, 3, 1] on the first example: won pairs 0.35(3)·0.1(1) = 3, 0.8(1)·0.1(1) = 1,
    // 0.8(1)·0.4(2) = 2 → 6 of W₊·W₋ = 4·3 = 12 → 0.5.
    const s = [0.1, 0.4, 0.35, 0.8];
    const y = [0, 0, 1, 1];
    const w = [1, 2, 3, 1];
    expect(auc(f(s), f(y), f(w))).toBeCloseTo(0.5, 15);
    expect(auc(f(s), f(y), f(w))).toBeCloseTo(auc(expand(s, w), expand(y, w)), 15);
  });

  it('is NaN with one class, skips NaN rows and rejects non-binary labels', () => {
    expect(auc(f([0.1, 0.2]), f([1, 1]))).toBeNaN();
    expect(auc(f([0.1, 0.2, 0.3]), f([0, Number.NaN, 0]))).toBeNaN();
    expect(auc(f([0.1, 0.4, 0.35, 0.8, 0.9]), f([0, 0, 1, 1, Number.NaN]))).toBeCloseTo(0.75, 15);
    expect(() => auc(f([0.1, 0.2]), f([0, -1]))).toThrow(DataError);
    expect(() => auc(f([0.1, 0.2]), f([0, 1]), f([1, -1]))).toThrow(DataError);
    expect(() => auc(f([0.1, 0.2]), f([0]))).toThrow(DataError);
  });
});

describe('averagePrecision', () => {
  it('scikit-learn’s docstring example: 0.8333…', () => {
    // Descending: 0.8(1), 0.4(0), 0.35(1), 0.1(0). Thresholds: 0.8 → P 1, R ½; 0.4 → P ½, R ½ (no step);
    // 0.35 → P ⅔, R 1; 0.1 → no step. AP = ½·1 + ½·⅔ = 5/6.
    expect(averagePrecision(f([0.1, 0.4, 0.35, 0.8]), f([0, 0, 1, 1]))).toBeCloseTo(5 / 6, 15);
  });

  it('steps without interpolation', () => {
    // Descending labels 0, 1, 1, 0, 1 (3 positives): recall steps of ⅓ at ranks 2, 3, 5 with precision
    // ½, ⅔, ⅗ → AP = (½ + ⅔ + ⅗)/3 = 53/90 (interpolation would lift the first step to ⅔).
    expect(averagePrecision(f([0.9, 0.8, 0.7, 0.6, 0.5]), f([0, 1, 1, 0, 1]))).toBeCloseTo(53 / 90, 15);
  });

  it('treats a tie group as one threshold, weights as repeated rows, no positive as NaN', () => {
    // One threshold holding 1 positive of 3: P = ⅓ at R = 1 → ⅓.
    expect(averagePrecision(f([0.5, 0.5, 0.5]), f([1, 0, 0]))).toBeCloseTo(1 / 3, 15);
    const s = [0.9, 0.8, 0.7, 0.6, 0.5];
    const y = [0, 1, 1, 0, 1];
    const w = [2, 1, 3, 1, 2];
    expect(averagePrecision(f(s), f(y), f(w))).toBeCloseTo(averagePrecision(expand(s, w), expand(y, w)), 15);
    expect(averagePrecision(f([0.1, 0.2]), f([0, 0]))).toBeNaN();
  });
});
