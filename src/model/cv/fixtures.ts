/**
 * Test fixtures for the splitters: random label windows from several symbols
 * on a shared, irregular time grid, rows shuffled so that row order says
 * nothing about time. Not used by production code.
 */
import type { Rng } from '../../core/random.js';
import { MICROS_PER_MINUTE } from '../../core/time.js';

export interface RandomWindows {
  t0: Float64Array;
  t1: Float64Array;
}

/**
 * `nSymbols` symbols over `nTimes` grid times (gaps of 1–3 minutes); each symbol
 * has a sample at a time with probability 0.7 and a window of 0–`maxBars` grid
 * steps plus up to 59 s, so windows end both on and off the grid.
 */
export function randomWindows(rng: Rng, nSymbols: number, nTimes: number, maxBars: number): RandomWindows {
  const grid = new Float64Array(nTimes);
  for (let g = 1; g < nTimes; g++) grid[g] = grid[g - 1]! + (1 + rng.int(3)) * MICROS_PER_MINUTE;
  const t0: number[] = [];
  const t1: number[] = [];
  for (let s = 0; s < nSymbols; s++) {
    for (let g = 0; g < nTimes; g++) {
      if (rng.next() >= 0.7) continue;
      const end = Math.min(nTimes - 1, g + rng.int(maxBars + 1));
      t0.push(grid[g]!);
      t1.push(grid[end]! + rng.int(60) * 1_000_000);
    }
  }
  for (let i = t0.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [t0[i], t0[j]] = [t0[j]!, t0[i]!];
    [t1[i], t1[j]] = [t1[j]!, t1[i]!];
  }
  return { t0: Float64Array.from(t0), t1: Float64Array.from(t1) };
}

/** True when the closed intervals [a0, a1] and [b0, b1] share a point. */
export function overlaps(a0: number, a1: number, b0: number, b1: number): boolean {
  return a0 <= b1 && b0 <= a1;
}
