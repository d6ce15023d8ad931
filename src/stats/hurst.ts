/**
 * Hurst exponent by the variance of lagged differences: for a window of log
 * prices x, σ_τ = population SD of (x[s] − x[s−τ]) over the window grows like
 * τ^H, so H is the least-squares slope of ln σ_τ on ln τ. H ≈ 0.5 for a random
 * walk, > 0.5 trending, < 0.5 mean-reverting. Lags are powers of two (evenly
 * spaced on the log axis). Hand-written: the regression has fixed abscissae,
 * so its weights are computed once and each estimate is one dot product.
 */

/** Lags 1, 2, 4, … up to ⌊n/4⌋ for a window of n prices (n ≥ 8 gives at least two lags). */
export function hurstLags(n: number): Int32Array {
  if (!Number.isInteger(n) || n < 8) throw new RangeError(`hurst window must be an integer ≥ 8, got ${n}`);
  const lags: number[] = [];
  for (let tau = 1; tau <= Math.floor(n / 4); tau *= 2) lags.push(tau);
  return Int32Array.from(lags);
}

/**
 * Least-squares weights c_i with slope = Σ c_i·y_i for abscissae ln(lags[i]):
 * c_i = (ln τ_i − mean)/Σ(ln τ_j − mean)².
 */
export function hurstSlopeWeights(lags: Int32Array): Float64Array {
  const m = lags.length;
  let mean = 0;
  for (let i = 0; i < m; i++) mean += Math.log(lags[i]!);
  mean /= m;
  let sxx = 0;
  for (let i = 0; i < m; i++) sxx += (Math.log(lags[i]!) - mean) ** 2;
  const c = new Float64Array(m);
  for (let i = 0; i < m; i++) c[i] = (Math.log(lags[i]!) - mean) / sxx;
  return c;
}

/**
 * H from per-lag sums of the differences: sums[at + i] = Σd and
 * sums[at + L + i] = Σd² over 1/invCounts[i] differences at lag i (L lags, the
 * powers of two of hurstLags, with their hurstSlopeWeights). H = ½·Σ c_i·ln σ_i².
 * NaN when some lag has zero (or, from rounding, negative) variance: a flat
 * window has no defined exponent.
 *
 * For lags 2^0 … 2^(L−1) the weights are c_i = (i − m)/(ln 2·S), m = (L−1)/2,
 * S = Σ(i − m)², so H = ln Π_{i<L/2} (σ²_{L−1−i}/σ²_i)^(L−1−2i) / (4·ln 2·S):
 * one logarithm instead of L (they are most of the cost of a rolling Hurst).
 * Should that product leave the double range, the weighted sum of logs is used.
 */
export function hurstFromSums(
  weights: Float64Array,
  sums: Float64Array,
  at: number,
  invCounts: Float64Array,
): number {
  const lags = weights.length;
  let product = 1;
  for (let i = 0, j = lags - 1; i <= j; i++, j--) {
    const vi = lagVariance(sums, at, lags, invCounts, i);
    const vj = lagVariance(sums, at, lags, invCounts, j);
    if (!(vi > 0 && vj > 0)) return Number.NaN;
    const ratio = vj / vi;
    for (let e = j - i; e > 0; e--) product *= ratio;
  }
  if (product > 0 && product < Number.POSITIVE_INFINITY) {
    let spread = 0;
    for (let i = 0; i < lags; i++) spread += (i - (lags - 1) / 2) ** 2;
    return Math.log(product) / (4 * Math.LN2 * spread);
  }
  let h = 0;
  for (let i = 0; i < lags; i++) h += weights[i]! * Math.log(lagVariance(sums, at, lags, invCounts, i));
  return 0.5 * h;
}

/** Population variance of the differences at lag i from their sums. */
function lagVariance(
  sums: Float64Array,
  at: number,
  lags: number,
  invCounts: Float64Array,
  i: number,
): number {
  // Multiplications by the reciprocal counts: a division costs several multiplications (hurst 143 → 134 ns/bar).
  const inv = invCounts[i]!;
  const mean = sums[at + i]! * inv;
  return sums[at + lags + i]! * inv - mean * mean;
}
