/**
 * Sorting rows by a key column and tie-aware (mid) ranks, for the rank-based
 * metrics (model/metrics, rocAuc). Large inputs use an LSD radix sort on the
 * keys' IEEE-754 bits (O(n), no comparator calls: V8's comparator sort costs ~20× more on 1M
 * rows); small ones, e.g. one cross-section, the built-in sort. The order
 * among equal keys is unspecified: every caller treats a tie group as one.
 * Hand-written: no dependency in the stack sorts indices by a typed key.
 */

/** Below this many rows the comparator sort beats the radix sort's fixed cost. */
const RADIX_MIN_ROWS = 512;
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;

/** Sorts `rows` in place by `key` ascending (keys must not be NaN); returns `rows`. */
export function sortRowsBy(rows: Int32Array, key: Float64Array): Int32Array {
  const n = rows.length;
  if (n < RADIX_MIN_ROWS) return rows.sort((a, b) => key[a]! - key[b]!);
  // Keys copied in row order, then their bits made unsigned-sortable: negative numbers have all bits
  // flipped (larger magnitude sorts first), non-negative ones only the sign bit.
  const keys = new Float64Array(n);
  for (let p = 0; p < n; p++) keys[p] = key[rows[p]!]!;
  const bits = new Uint32Array(keys.buffer);
  const hiWord = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
  const loWord = 1 - hiWord;
  const counts = new Uint32Array(4 * BUCKETS);
  for (let p = 0; p < n; p++) {
    let hi = bits[2 * p + hiWord]!;
    let lo = bits[2 * p + loWord]!;
    if (hi & 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else hi = (hi | 0x80000000) >>> 0;
    bits[2 * p + hiWord] = hi;
    bits[2 * p + loWord] = lo;
    counts[lo & 0xffff]!++;
    counts[BUCKETS + (lo >>> 16)]!++;
    counts[2 * BUCKETS + (hi & 0xffff)]!++;
    counts[3 * BUCKETS + (hi >>> 16)]!++;
  }
  // Positions into `keys`, permuted digit by digit (least significant first; each pass is stable).
  let src = new Int32Array(n);
  let dst = new Int32Array(n);
  for (let p = 0; p < n; p++) src[p] = p;
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * BUCKETS;
    const word = pass < 2 ? loWord : hiWord;
    const shift = (pass & 1) * DIGIT_BITS;
    // A digit that every key shares leaves the order as it is.
    const firstDigit = (bits[2 * src[0]! + word]! >>> shift) & 0xffff;
    if (counts[base + firstDigit] === n) continue;
    let sum = 0;
    for (let d = 0; d < BUCKETS; d++) {
      const c = counts[base + d]!;
      counts[base + d] = sum;
      sum += c;
    }
    for (let q = 0; q < n; q++) {
      const p = src[q]!;
      const d = (bits[2 * p + word]! >>> shift) & 0xffff;
      dst[counts[base + d]!++] = p;
    }
    [src, dst] = [dst, src];
  }
  for (let q = 0; q < n; q++) dst[q] = rows[src[q]!]!;
  rows.set(dst);
  return rows;
}

/**
 * Writes the 1-based rank of each of `rows` (sorted ascending by `key`) into
 * `out[row]`; tied keys share the mean of the ranks they span.
 */
export function assignMidranks(rows: Int32Array, key: Float64Array, out: Float64Array): void {
  let g = 0;
  while (g < rows.length) {
    let e = g + 1;
    while (e < rows.length && key[rows[e]!] === key[rows[g]!]) e++;
    const rank = (g + 1 + e) / 2;
    for (let k = g; k < e; k++) out[rows[k]!] = rank;
    g = e;
  }
}
