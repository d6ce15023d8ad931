import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { RollingMoments } from './rollingMoments.js';

/** Two-pass oracle over xs[i−n+1..i]. */
function twoPass(xs: Float64Array, i: number, n: number): { mean: number; m2: number } {
  let s = 0;
  for (let j = i - n + 1; j <= i; j++) s += xs[j]!;
  const mean = s / n;
  let m2 = 0;
  for (let j = i - n + 1; j <= i; j++) m2 += (xs[j]! - mean) ** 2;
  return { mean, m2 };
}

describe('RollingMoments', () => {
  it('keeps the variance accurate when the spread is tiny next to the level, over a long stream', () => {
    const rng = new Rng(11);
    const len = 200_000;
    const n = 20;
    const xs = new Float64Array(len);
    let level = 1e4;
    for (let i = 0; i < len; i++) {
      level += 1e-3 * rng.normal();
      xs[i] = level + 1e-4 * rng.normal();
    }
    const m = new RollingMoments(n);
    let worst = 0;
    for (let i = 0; i < len; i++) {
      m.push(xs[i]!);
      if (i >= n - 1 && i % 997 === 0) {
        const o = twoPass(xs, i, n);
        worst = Math.max(worst, Math.abs(m.variance(false) - o.m2 / n) / (o.m2 / n));
        expect(Math.abs(m.mean() - o.mean)).toBeLessThan(1e-9);
      }
    }
    expect(worst).toBeLessThan(1e-8);
  });

  it('gives sample and population variance, NaN while short or while a NaN is inside', () => {
    const m = new RollingMoments(3);
    m.push(1);
    m.push(2);
    expect(m.mean()).toBeNaN();
    m.push(6);
    expect(m.mean()).toBe(3);
    expect(m.variance(false)).toBeCloseTo(14 / 3, 14);
    expect(m.variance(true)).toBeCloseTo(7, 14);
    m.push(Number.NaN);
    expect(m.sd(true)).toBeNaN();
    m.push(4);
    m.push(4);
    expect(m.ready).toBe(false);
    m.push(4);
    expect(m.variance(true)).toBe(0);
    expect(m.mean()).toBe(4);
  });
});
