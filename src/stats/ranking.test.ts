import { describe, expect, it } from 'vitest';
import { Rng } from '../core/random.js';
import { assignMidranks, sortRowsBy } from './ranking.js';

describe('sortRowsBy', () => {
  it('orders large inputs (radix path) exactly like a comparator sort, negatives, zeros and ties included', () => {
    const rng = new Rng(99);
    const n = 5000;
    const key = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = rng.next();
      // Mixed magnitudes and signs, exact ties, ±0, huge and tiny values.
      key[i] =
        r < 0.1
          ? 0
          : r < 0.15
            ? -0
            : r < 0.4
              ? Math.round(rng.normal() * 5)
              : rng.normal() * 10 ** rng.int(40) * (rng.next() < 0.5 ? 1e-20 : 1);
    }
    const rows = Int32Array.from({ length: n }, (_, i) => (i * 7919) % n);
    // −0 and +0 are equal keys, so their relative order is free: compare them as +0 (x + 0 turns −0 into +0).
    const sorted = Array.from(sortRowsBy(rows.slice(), key), (i) => key[i]! + 0);
    const want = Array.from(rows, (i) => key[i]! + 0).sort((a, b) => a - b);
    expect(sorted).toEqual(want);
    expect(new Set(sortRowsBy(rows.slice(), key)).size).toBe(n);
  });

  it('orders small inputs (comparator path) too', () => {
    const key = Float64Array.from([3, -1, 2, -1, 0]);
    expect(Array.from(sortRowsBy(Int32Array.from([0, 1, 2, 3, 4]), key), (i) => key[i])).toEqual([
      -1, -1, 0, 2, 3,
    ]);
  });
});

describe('assignMidranks', () => {
  it('gives tied keys the mean of their ranks', () => {
    // Sorted keys 1, 2, 2, 2, 5 → ranks 1, (2+3+4)/3 = 3, 3, 3, 5.
    const key = Float64Array.from([2, 5, 1, 2, 2]);
    const out = new Float64Array(5);
    assignMidranks(sortRowsBy(Int32Array.from([0, 1, 2, 3, 4]), key), key, out);
    expect(Array.from(out)).toEqual([3, 5, 1, 3, 3]);
  });
});
