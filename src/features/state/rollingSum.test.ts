import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { RollingSum, RollingWeightedSum } from './rollingSum.js';

/** Naive oracle: Σ w(j)·x over the window ending at i, NaN when short or when a NaN is inside. */
function naive(xs: readonly number[], i: number, n: number, weight: (age: number) => number): number {
  if (i < n - 1) return Number.NaN;
  let s = 0;
  for (let age = 0; age < n; age++) s += weight(age) * xs[i - age]!;
  return s;
}

function series(seed: number, len: number, nanAt: readonly number[]): number[] {
  const rng = new Rng(seed);
  const xs = Array.from({ length: len }, () => 50 + rng.normal());
  for (const i of nanAt) xs[i] = Number.NaN;
  return xs;
}

describe('RollingSum', () => {
  it('matches the naive window sum, NaN for exactly the windows holding a NaN', () => {
    const xs = series(1, 300, [40, 41, 200]);
    const s = new RollingSum(7);
    xs.forEach((x, i) => {
      const want = naive(xs, i, 7, () => 1);
      const got = s.push(x);
      if (Number.isNaN(want)) expect(got).toBeNaN();
      else expect(Math.abs(got - want)).toBeLessThan(1e-11);
    });
  });

  it('holds zero exactly after large values leave (re-summation stops drift)', () => {
    const s = new RollingSum(5);
    const rng = new Rng(3);
    for (let i = 0; i < 10_000; i++) s.push(1e9 * rng.normal());
    let last = Number.NaN;
    for (let i = 0; i < 10; i++) last = s.push(0);
    expect(last).toBe(0);
  });

  it('exposes the held window (slot order)', () => {
    const s = new RollingSum(3);
    for (const x of [1, 2, 3, 4]) s.push(x);
    expect([...s.slotData.subarray(s.slotStart, s.slotStart + 3)].sort()).toEqual([2, 3, 4]);
  });
});

describe('RollingWeightedSum', () => {
  it('matches Σ (n − age)·x over the window, recovering after a NaN leaves', () => {
    const xs = series(2, 300, [100]);
    const n = 6;
    const s = new RollingWeightedSum(n);
    expect(s.weightTotal).toBe(21);
    xs.forEach((x, i) => {
      const want = naive(xs, i, n, (age) => n - age);
      const got = s.push(x);
      if (Number.isNaN(want)) expect(got).toBeNaN();
      else expect(Math.abs(got - want) / want).toBeLessThan(1e-13);
    });
  });
});
