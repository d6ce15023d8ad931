import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { emptyFeatureInput } from '../indicator.js';
import { Hurst, hurstSpec } from './hurst.js';
import { expectNoLookAhead, expectSnapshotContinues, randomInputs, runIndicator } from './indicatorChecks.js';

function logPrices(xs: readonly number[]) {
  return xs.map((x, i) => ({ ...emptyFeatureInput(), ts: i, close: Math.exp(x) }));
}

/** Naive oracle: population SD per lag over the window, regression slope by the textbook formula. */
function naiveHurst(x: readonly number[]): number {
  const n = x.length;
  const lx: number[] = [];
  const ly: number[] = [];
  for (let tau = 1; tau <= n / 4; tau *= 2) {
    const d: number[] = [];
    for (let j = tau; j < n; j++) d.push(x[j]! - x[j - tau]!);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const v = d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length;
    lx.push(Math.log(tau));
    ly.push(0.5 * Math.log(v));
  }
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i]! - mx) * (ly[i]! - my);
    sxx += (lx[i]! - mx) ** 2;
  }
  return sxy / sxx;
}

describe('Hurst', () => {
  it('matches hand-derived values on a window of 8 (lags 1 and 2)', () => {
    // Window 0,1,2,2,3,3,3,4: lag-1 diffs 1,1,0,1,0,0,1 → var 4/7 − (4/7)² = 12/49;
    // lag-2 diffs 2,1,1,1,0,1 → var 8/6 − 1 = 1/3. H = ½·log2((1/3)/(12/49)) = log2(7/6).
    // Next bar 4 → window 1,2,2,3,3,3,4,4: lag 1: 1,0,1,0,0,1,0 → var 3/7 − 9/49 = 12/49;
    // lag 2: 1,1,1,0,1,1 → var 5/6 − 25/36 = 5/36. H = ½·log2((5/36)/(12/49)) = ½·log2(245/432).
    const h = new Hurst(8);
    const v = runIndicator(h, logPrices([0, 1, 2, 2, 3, 3, 3, 4, 4])).map((r) => r[0]!);
    expect(v.slice(0, 7).every(Number.isNaN)).toBe(true);
    expect(v[7]).toBeCloseTo(Math.log2(7 / 6), 12);
    expect(v[8]).toBeCloseTo(0.5 * Math.log2(245 / 432), 12);
    expect(h.ready).toBe(true);
  });

  it('is NaN for a flat window', () => {
    const v = runIndicator(new Hurst(8), logPrices(new Array(12).fill(1))).map((r) => r[0]!);
    expect(v.every(Number.isNaN)).toBe(true);
  });

  it('agrees with a naive per-window recomputation over thousands of rolling updates', () => {
    const rng = new Rng(11);
    const x: number[] = [];
    let p = 0;
    for (let i = 0; i < 3000; i++) x.push((p += 0.01 * rng.normal()));
    const n = 64;
    const v = runIndicator(new Hurst(n), logPrices(x)).map((r) => r[0]!);
    for (let t = n - 1; t < x.length; t += 37) {
      expect(v[t]).toBeCloseTo(naiveHurst(x.slice(t - n + 1, t + 1)), 9);
    }
  });

  it('carries no rounding past a takeover: every n-th bar equals, bit for bit, a fresh window of its n bars', () => {
    // The running sums add the newest differences and subtract the oldest, so between takeovers
    // they carry rounding. At bar k·n − 1 they are replaced by sums that only ever added the
    // window's differences, oldest first: what a fresh indicator's sums hold after those same n
    // bars (it has nothing to subtract yet). A subtraction-carrying sum would differ in low bits.
    const rng = new Rng(23);
    const x: number[] = [];
    let p = 0;
    for (let i = 0; i < 1200; i++) x.push((p += 0.01 * rng.normal()) + 3);
    const n = 100;
    const v = runIndicator(new Hurst(n), logPrices(x)).map((r) => r[0]!);
    for (let t = 2 * n - 1; t < x.length; t += n) {
      const fresh = runIndicator(new Hurst(n), logPrices(x.slice(t - n + 1, t + 1))).at(-1)![0]!;
      expect(Object.is(v[t], fresh)).toBe(true);
    }
    // Between takeovers the incremental sums are within rounding of the fresh ones, not equal in
    // every bit (if they were, the check above would prove nothing).
    const between = runIndicator(new Hurst(n), logPrices(x.slice(1050 - n + 1, 1051))).at(-1)![0]!;
    expect(v[1050]).toBeCloseTo(between, 12);
    let differs = 0;
    for (let t = 2 * n + 10; t < x.length; t += n) {
      const fresh = runIndicator(new Hurst(n), logPrices(x.slice(t - n + 1, t + 1))).at(-1)![0]!;
      if (!Object.is(v[t], fresh)) differs++;
    }
    expect(differs).toBeGreaterThan(0);
  });

  it('is near 0.5 for a random walk and near 0 for white noise levels', () => {
    const rng = new Rng(5);
    const walk: number[] = [];
    const noise: number[] = [];
    let p = 0;
    for (let i = 0; i < 4096; i++) {
      walk.push((p += 0.01 * rng.normal()));
      noise.push(0.01 * rng.normal());
    }
    const hw = runIndicator(new Hurst(4096), logPrices(walk)).at(-1)![0]!;
    const hn = runIndicator(new Hurst(4096), logPrices(noise)).at(-1)![0]!;
    expect(hw).toBeGreaterThan(0.4);
    expect(hw).toBeLessThan(0.6);
    expect(Math.abs(hn)).toBeLessThan(0.1);
  });

  it('uses no future bars', () => {
    expectNoLookAhead(() => hurstSpec.create([32]), randomInputs(2, 200), 90);
  });

  it('continues bit-identically after snapshot/restore, before and after a takeover', () => {
    const bars = randomInputs(3, 400);
    expectSnapshotContinues(() => hurstSpec.create([100]), bars, 50);
    expectSnapshotContinues(() => hurstSpec.create([100]), bars, 257);
  });
});
