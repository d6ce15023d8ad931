import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { MaxAgeRing } from './maxAgeRing.js';

/** Oracle: scan the last min(len, cap) values from the newest; strict > keeps the most recent of equal maxima. */
function naiveAge(xs: readonly number[], cap: number, min: number): number {
  const len = Math.min(xs.length, cap);
  if (len < min) return Number.NaN;
  let best = xs[xs.length - 1]!;
  let age = 0;
  for (let a = 1; a < len; a++) {
    const x = xs[xs.length - 1 - a]!;
    if (x > best) {
      best = x;
      age = a;
    } else if (Number.isNaN(x)) return Number.NaN;
  }
  return Number.isNaN(best) ? Number.NaN : age;
}

describe('MaxAgeRing', () => {
  it.each([1, 2, 5, 21])('matches a window scan over capacity %i, with ties and NaNs', (cap) => {
    const rng = new Rng(cap);
    const ring = new MaxAgeRing(cap);
    const xs: number[] = [];
    for (let i = 0; i < 3000; i++) {
      // Few distinct values (many ties), long monotone runs, occasional NaNs.
      const x = rng.next() < 0.02 ? Number.NaN : i % 97 < 30 ? 1000 - i : rng.int(6);
      xs.push(x);
      ring.push(x);
      const min = Math.max(1, cap - 1);
      expect(Object.is(ring.ageOfMax(min), naiveAge(xs, cap, min)), `bar ${i}`).toBe(true);
    }
  });

  it('rebuilds its queue after load, continuing exactly', () => {
    const rng = new Rng(7);
    const a = new MaxAgeRing(9);
    const xs = Array.from({ length: 400 }, () => (rng.next() < 0.03 ? Number.NaN : rng.int(5)));
    for (const x of xs.slice(0, 123)) a.push(x);
    const slots = new Float64Array(a.stateSize);
    a.save(slots, 0);
    const b = new MaxAgeRing(9);
    b.load(slots, 0);
    for (const x of xs.slice(123)) {
      a.push(x);
      b.push(x);
      expect(Object.is(b.ageOfMax(8), a.ageOfMax(8))).toBe(true);
    }
    b.reset();
    expect(b.ageOfMax(1)).toBeNaN();
    b.push(3);
    expect(b.ageOfMax(1)).toBe(0);
  });
});
