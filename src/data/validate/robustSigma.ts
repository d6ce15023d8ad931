/** Scale of a sample that a few outliers cannot inflate, for spike detection. */

/** Median of `a` (sorts `a` in place); NaN when empty. */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return Number.NaN;
  a.sort();
  const h = n >> 1;
  return n % 2 === 1 ? a[h]! : (a[h - 1]! + a[h]!) / 2;
}

/**
 * 1.4826 · MAD (median absolute deviation from the median): equals σ for
 * normal data, and a 5σ spike barely moves it, unlike the standard
 * deviation. When more than half of the values are equal (MAD = 0: a
 * stale-price series), falls back to the sample standard deviation.
 * `scratch` (length ≥ values.length) is overwritten.
 */
export function robustSigma(values: Float64Array, scratch: Float64Array): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const work = scratch.subarray(0, n);
  work.set(values);
  const med = medianInPlace(work);
  for (let i = 0; i < n; i++) work[i] = Math.abs(values[i]! - med);
  const mad = medianInPlace(work);
  if (mad > 0) return 1.4826 * mad;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}
