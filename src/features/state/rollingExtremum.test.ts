import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/random.js';
import { RollingExtremum } from './rollingExtremum.js';

describe('RollingExtremum', () => {
  it.each([1, 2, 9, 16])(
    'matches a naive max/min over n = %i, NaN while short or while a NaN is inside',
    (n) => {
      const rng = new Rng(5 + n);
      const xs = Array.from({ length: 400 }, () => rng.int(6) - 2.5);
      xs[77] = Number.NaN;
      xs[78] = Number.NaN;
      const hi = new RollingExtremum(n, true);
      const lo = new RollingExtremum(n, false);
      xs.forEach((x, i) => {
        const h = hi.push(x);
        const l = lo.push(x);
        const win = xs.slice(Math.max(0, i - n + 1), i + 1);
        if (i < n - 1 || win.some(Number.isNaN)) {
          expect(h).toBeNaN();
          expect(l).toBeNaN();
        } else {
          expect(h).toBe(Math.max(...win));
          expect(l).toBe(Math.min(...win));
        }
      });
    },
  );

  it('continues identically after save/load', () => {
    const a = new RollingExtremum(5, true);
    for (const x of [3, 1, 4, 1, 5, 9, 2]) a.push(x);
    const slots = new Float64Array(a.stateSize);
    a.save(slots, 0);
    const b = new RollingExtremum(5, true);
    b.load(slots, 0);
    for (const x of [6, 5, 3, 5, 8, 9, 7]) expect(b.push(x)).toBe(a.push(x));
  });
});
