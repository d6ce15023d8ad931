import { describe, expect, it } from 'vitest';
import { Rng } from './random.js';

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xa);
  });

  it('draws uniforms in [0,1) and standard normals with the right moments', () => {
    const r = new Rng(1);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Mean within 4 standard errors (1/sqrt(n) ≈ 0.0022); variance within 2 %.
    expect(Math.abs(s / n)).toBeLessThan(0.009);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
  });

  it('scales Student-t draws to unit variance and gives fat tails', () => {
    const r = new Rng(3);
    const n = 100_000;
    let s2 = 0;
    let s4 = 0;
    for (let i = 0; i < n; i++) {
      const t = r.studentT(5);
      s2 += t * t;
      s4 += t ** 4;
    }
    const v = s2 / n;
    expect(Math.abs(v - 1)).toBeLessThan(0.05);
    // Normal kurtosis is 3; t(5) has 9 in theory, comfortably above 4 in any sample this size.
    expect(s4 / n / (v * v)).toBeGreaterThan(4);
  });

  it('draws integers in range', () => {
    const r = new Rng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(r.int(6));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
