/**
 * Fixed-width window fractional differencing (López de Prado, "Advances in
 * Financial Machine Learning", ch. 5): the weights of (1 − B)^d, cut where
 * they fall below a tolerance, and the dot product that applies them.
 * Hand-written: a dozen lines, and no npm package exposes the weights alone.
 */

/** Largest window the weights may span (bars); guards d ≈ 0 with a tiny tolerance. */
export const FRACDIFF_MAX_WIDTH = 100_000;

/**
 * Weights w_0..w_{K-1} of (1 − B)^d: w_0 = 1, w_k = −w_{k−1}·(d − k + 1)/k,
 * stopping before the first |w_k| < tolerance (so K ≥ 1). Computed once per
 * indicator, never per bar.
 */
export function fracDiffWeights(d: number, tolerance: number): Float64Array {
  if (!(d >= 0) || !Number.isFinite(d))
    throw new RangeError(`fracdiff order d must be finite and ≥ 0, got ${d}`);
  if (!(tolerance > 0)) throw new RangeError(`fracdiff tolerance must be > 0, got ${tolerance}`);
  const w: number[] = [1];
  for (let k = 1; k < FRACDIFF_MAX_WIDTH; k++) {
    const next = (-w[k - 1]! * (d - k + 1)) / k;
    if (Math.abs(next) < tolerance) break;
    w.push(next);
  }
  return Float64Array.from(w);
}

/**
 * Σ_k w_k·x[t−k] for the window x[t−K+1..t] stored oldest-first and contiguous
 * at window[start..start+K), with the weights in the same order (`oldestFirst`
 * = fracDiffWeights reversed, K = its length), so both arrays are walked
 * forward (a few per cent faster than reading the weights backwards). Four
 * partial sums over every fourth term, oldest first, combined as
 * (s0 + s1) + (s2 + s3): one fixed order, so every caller gets the same
 * rounding, and four short add chains instead of one of K dependent adds (the
 * cost of a long window).
 */
export function fracDiffDot(oldestFirst: Float64Array, window: Float64Array, start: number): number {
  const n = oldestFirst.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  let p = start;
  for (; j + 3 < n; j += 4, p += 4) {
    s0 += oldestFirst[j]! * window[p]!;
    s1 += oldestFirst[j + 1]! * window[p + 1]!;
    s2 += oldestFirst[j + 2]! * window[p + 2]!;
    s3 += oldestFirst[j + 3]! * window[p + 3]!;
  }
  for (; j < n; j++, p++) s0 += oldestFirst[j]! * window[p]!;
  return s0 + s1 + (s2 + s3);
}
