import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { logGaussMass, logNdtr, ndtr, ndtriExp, sampleTruncNorm, truncNormPpf } from './truncatedNormal.js';

// Textbook values of Φ (scipy.special.ndtr); the erfc fit is good to ~1.2e-7 relative.
const PHI: Array<[number, number]> = [
  [-5, 2.866515718791939e-7],
  [-1.96, 0.024997895148220435],
  [-1, 0.15865525393145707],
  [0, 0.5],
  [0.5, 0.6914624612740131],
  [1.96, 0.9750021048517795],
  [4, 0.9999683287581669],
];

describe('standard normal', () => {
  it('ndtr and logNdtr match reference values', () => {
    for (const [x, p] of PHI) {
      expect(Math.abs(ndtr(x) / p - 1)).toBeLessThan(2e-7);
      expect(Math.abs(logNdtr(x) - Math.log(p))).toBeLessThan(2e-7);
    }
  });

  it('logNdtr stays finite and accurate far in the lower tail', () => {
    // scipy.special.log_ndtr(-40) = -804.6084420137538
    expect(logNdtr(-40)).toBeCloseTo(-804.6084420137538, 5);
    expect(Number.isFinite(logNdtr(-200))).toBe(true);
  });

  it('ndtriExp inverts logNdtr, including where exp underflows', () => {
    for (const y of [-1e-12, -0.01, Math.log(0.3), Math.log(0.5), -5, -50, -800, -5000]) {
      const x = ndtriExp(y);
      expect(Math.abs(logNdtr(x) - y)).toBeLessThan(1e-9 * Math.max(1, Math.abs(y)));
    }
    expect(ndtriExp(Math.log(0.975))).toBeCloseTo(1.959963984540054, 5);
  });

  it('logGaussMass equals log(Φ(b) − Φ(a)) in the centre and stays finite in both tails', () => {
    expect(logGaussMass(-1, 1)).toBeCloseTo(Math.log(0.6826894921370859), 6);
    expect(logGaussMass(50, 51)).toBeCloseTo(logGaussMass(-51, -50), 9);
    expect(logGaussMass(50, 51)).toBeLessThan(-1250);
  });
});

describe('truncated normal', () => {
  it('ppf stays inside [a, b] and is monotone in q', () => {
    let prev = Number.NEGATIVE_INFINITY;
    for (let q = 0; q < 1; q += 0.05) {
      const x = truncNormPpf(q, 3, 30);
      expect(x).toBeGreaterThanOrEqual(3);
      expect(x).toBeLessThanOrEqual(30);
      expect(x).toBeGreaterThanOrEqual(prev);
      prev = x;
    }
  });

  it('samples have the truncated mean', () => {
    // Mean of N(0,1) truncated to [0, ∞) restricted to [0, 10]: φ(0)/0.5 = 0.7978845608.
    const rng = new Rng(7);
    let s = 0;
    const n = 40_000;
    for (let i = 0; i < n; i++) s += sampleTruncNorm(rng, 0, 1, 0, 10);
    expect(s / n).toBeCloseTo(0.7978845608, 2);
  });
});
