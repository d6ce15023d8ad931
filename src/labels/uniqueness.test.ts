import { describe, expect, it } from 'vitest';
import { DataError } from '../core/errors.js';
import { averageUniqueness, concurrency } from './uniqueness.js';

describe('concurrency and averageUniqueness', () => {
  // Two symbols: rows 0–4 are symbol 0, rows 5–7 symbol 1.
  // Symbol 0 windows: row 0 → [0,1], row 1 → [1,3], row 2 → none, row 3 → [3,4], row 4 → [4,4].
  //   c = [1, 2, 1, 2, 2];
  //   w0 = (1 + 1/2)/2 = 3/4; w1 = (1/2 + 1 + 1/2)/3 = 2/3; w3 = (1/2 + 1/2)/2 = 1/2; w4 = 1/2.
  // Symbol 1 windows: row 5 → [5,7], row 6 → [6,7], row 7 → none. c = [1, 2, 2];
  //   w5 = (1 + 1/2 + 1/2)/3 = 2/3; w6 = (1/2 + 1/2)/2 = 1/2.
  const symbol = new Int32Array([0, 0, 0, 0, 0, 1, 1, 1]);
  const endRow = new Int32Array([1, 3, -1, 4, 4, 7, 7, -1]);

  it('counts windows per bar and averages 1/c over each window', () => {
    expect(Array.from(concurrency(symbol, endRow))).toEqual([1, 2, 1, 2, 2, 1, 2, 2]);
    const w = averageUniqueness(symbol, endRow);
    const want = [3 / 4, 2 / 3, Number.NaN, 1 / 2, 1 / 2, 2 / 3, 1 / 2, Number.NaN];
    want.forEach((v, i) => {
      if (Number.isNaN(v)) expect(w[i]).toBeNaN();
      else expect(w[i]).toBeCloseTo(v, 14);
    });
  });

  it('rejects windows that end before they start or cross into another symbol', () => {
    expect(() => averageUniqueness(symbol, new Int32Array([1, 0, -1, 4, 4, 7, 7, -1]))).toThrow(DataError);
    expect(() => averageUniqueness(symbol, new Int32Array([1, 3, -1, 4, 5, 7, 7, -1]))).toThrow(DataError);
    expect(() => averageUniqueness(symbol, new Int32Array(3))).toThrow(DataError);
  });
});
