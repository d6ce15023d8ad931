import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { RollingExtremum } from './rollingExtremum.js';

describe('RollingExtremum', () => {
  it('matches a naive max/min and the age of the most recent extreme, with ties and NaNs', () => {
    const rng = new Rng(5);
    const xs = Array.from({ length: 500 }, () => rng.int(6));
    xs[77] = Number.NaN;
    const n = 9;
    const hi = new RollingExtremum(n, true);
    const lo = new RollingExtremum(n, false);
    xs.forEach((x, i) => {
      const h = hi.push(x);
      const l = lo.push(x);
      const win = xs.slice(Math.max(0, i - n + 1), i + 1);
      if (i < n - 1 || win.some(Number.isNaN)) {
        expect(h).toBeNaN();
        expect(l).toBeNaN();
        return;
      }
      expect(h).toBe(Math.max(...win));
      expect(l).toBe(Math.min(...win));
      expect(hi.age).toBe(win.length - 1 - win.lastIndexOf(h));
      expect(lo.age).toBe(win.length - 1 - win.lastIndexOf(l));
    });
  });

  it('can report a shorter first window (warm < n)', () => {
    const m = new RollingExtremum(4, true, 3);
    expect(m.push(5)).toBeNaN();
    expect(m.push(1)).toBeNaN();
    expect(m.push(2)).toBe(5);
    expect(m.age).toBe(2);
    expect(m.push(0)).toBe(5);
    expect(m.push(0)).toBe(2);
  });
});
