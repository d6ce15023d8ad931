/** The bar interval of a frame, inferred from its timestamps when nobody says it. */
import type { BarFrame } from '../../core/barFrame.js';

const SAMPLE = 10_000;

/**
 * Most common positive spacing between consecutive bars of the same symbol,
 * µs, over the first 10,000 spacings (the mode, not the minimum, so a stray
 * early print or a weekend does not decide it); NaN when no symbol has two bars.
 */
export function inferBarInterval(frame: BarFrame): number {
  const { symbol, ts } = frame;
  const diffs = new Float64Array(Math.min(frame.length, SAMPLE));
  let k = 0;
  for (let i = 1; i < frame.length && k < diffs.length; i++) {
    const d = ts[i]! - ts[i - 1]!;
    if (symbol[i] === symbol[i - 1] && d > 0) diffs[k++] = d;
  }
  if (k === 0) return Number.NaN;
  const sorted = diffs.subarray(0, k).sort();
  let best = sorted[0]!;
  let bestRun = 0;
  for (let i = 0; i < k; ) {
    let j = i;
    while (j < k && sorted[j] === sorted[i]) j++;
    if (j - i > bestRun) {
      bestRun = j - i;
      best = sorted[i]!;
    }
    i = j;
  }
  return best;
}
