/**
 * Packed binary form of one online vector, as stored in Redis.
 *
 *   vector := eventTime:f64le value_0:f64le … value_{nCols-1}:f64le
 *
 * so a value is exactly 8 × (1 + nCols) bytes, the event time first (the
 * write script compares it in Lua), NaN kept bit-exact.
 */

/** Bytes of one packed vector of `nCols` columns. */
export function packedSize(nCols: number): number {
  return 8 * (1 + nCols);
}

/**
 * Packs every row of a batch into ONE buffer; row i is the subarray
 * [i × packedSize, (i + 1) × packedSize).
 */
export function packRows(eventTimes: Float64Array, matrix: Float64Array, nCols: number): Buffer {
  const size = packedSize(nCols);
  const buf = Buffer.allocUnsafe(eventTimes.length * size);
  for (let i = 0; i < eventTimes.length; i++) {
    let at = i * size;
    buf.writeDoubleLE(eventTimes[i]!, at);
    const src = i * nCols;
    for (let c = 0; c < nCols; c++) {
      at += 8;
      buf.writeDoubleLE(matrix[src + c]!, at);
    }
  }
  return buf;
}

/**
 * Unpacks the vector at byte `at` of `view` (any alignment; the size is
 * checked by the caller) into row `row` of (eventTimes, matrix).
 */
export function unpackRowAt(
  view: DataView,
  at: number,
  nCols: number,
  eventTimes: Float64Array,
  matrix: Float64Array,
  row: number,
): void {
  eventTimes[row] = view.getFloat64(at, true);
  const dst = row * nCols;
  const first = at + 8;
  for (let c = 0; c < nCols; c++) matrix[dst + c] = view.getFloat64(first + 8 * c, true);
}
