import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { ZigguratNormal } from './zigguratNormal.js';

describe('ZigguratNormal', () => {
  it('draws standard normals: moments and tail frequencies', () => {
    const z = new ZigguratNormal(new Rng(2024));
    const n = 1_000_000;
    let s1 = 0;
    let s2 = 0;
    let s4 = 0;
    let beyond2 = 0;
    let beyond3 = 0;
    let beyondR = 0;
    for (let i = 0; i < n; i++) {
      const x = z.next();
      s1 += x;
      s2 += x * x;
      s4 += x * x * x * x;
      if (Math.abs(x) > 2) beyond2++;
      if (Math.abs(x) > 3) beyond3++;
      if (Math.abs(x) > 3.442619855899) beyondR++;
    }
    expect(Math.abs(s1 / n)).toBeLessThan(0.005); // SE 0.001
    expect(s2 / n).toBeCloseTo(1, 2);
    expect(s4 / n).toBeGreaterThan(2.95); // kurtosis 3
    expect(s4 / n).toBeLessThan(3.05);
    expect(beyond2 / n).toBeCloseTo(0.0455, 3);
    expect(beyond3 / n).toBeCloseTo(0.0027, 3);
    expect(beyondR).toBeGreaterThan(0); // the tail beyond the base layer is sampled
  });

  it('is deterministic in its Rng', () => {
    const a = new ZigguratNormal(new Rng(5));
    const b = new ZigguratNormal(new Rng(5));
    for (let i = 0; i < 1000; i++) expect(a.next()).toBe(b.next());
  });
});
