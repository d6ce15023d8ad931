/**
 * Typical price (H+L+C)/3, correctly rounded. TTR takes it as R's
 * `apply(HLC, 1, mean)`, which sums in 80-bit long double with a correction
 * pass; plain `(h+l+c)/3` in doubles is 1 ulp off on ~30% of rows, enough to
 * flip MFI's exact TP[i] > TP[i−1] tie test (refvec NOTES: 250 of 5550 ttrc
 * rows, up to 9.4 MFI points). Error-free transformations (TwoSum, Veltkamp
 * split) give the exact sum and one remainder-corrected division, without
 * needing long doubles.
 */

const SPLITTER = 134217729; // 2^27 + 1

/** (h + l + c) / 3 rounded once, to nearest, from the exact sum. */
export function typicalPrice(h: number, l: number, c: number): number {
  // TwoSum twice: h + l + c = t + e1 + e2 exactly.
  const s = h + l;
  let bv = s - h;
  const e1 = h - (s - bv) + (l - bv);
  const t = s + c;
  bv = t - s;
  const e2 = s - (t - bv) + (c - bv);
  const q = t / 3;
  // 3q exactly as 3·hi + 3·lo (each product fits in 53 bits), so the remainder is exact.
  const split = SPLITTER * q;
  const hi = split - (split - q);
  const lo = q - hi;
  const r = t - 3 * hi - 3 * lo + (e1 + e2);
  return q + r / 3;
}
