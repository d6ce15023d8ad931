/** Test helper: feeds hand-written bars to an indicator and collects one output per bar. */
import { emptyFeatureInput, type FeatureInput, type Indicator } from '../indicator.js';

/** Feeds each partial bar (missing fields NaN) and returns output `k` after each. */
export function feed(ind: Indicator, bars: readonly Partial<FeatureInput>[], k = 0): number[] {
  const out: number[] = [];
  for (const bar of bars) {
    const input = emptyFeatureInput();
    Object.assign(input, bar);
    ind.update(input);
    out.push(ind.value(k));
  }
  return out;
}

/** Bars from closes alone (O = H = L = C). */
export function closes(xs: readonly number[]): Partial<FeatureInput>[] {
  return xs.map((c) => ({ open: c, high: c, low: c, close: c }));
}
