/**
 * Packed binary form of one online vector, as stored in Redis.
 *
 *   vector := eventTime:f64le value_0:f64le … value_{nCols-1}:f64le
 *
 * so a value is exactly 8 × (1 + nCols) bytes, the event time first (the
 * write script compares it in Lua), NaN kept bit-exact.
 */
import { DataError, ErrorCode } from '../core/errors.js';

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
 * Unpacks `packed` into row `row` of (eventTimes, matrix); throws
 * E_FEATURE_SET_MISMATCH when its size does not fit `nCols`.
 */
export function unpackRow(
  packed: Buffer,
  nCols: number,
  eventTimes: Float64Array,
  matrix: Float64Array,
  row: number,
): void {
  if (packed.length !== packedSize(nCols)) {
    throw new DataError(
      ErrorCode.FeatureSetMismatch,
      `stored vector has ${packed.length} bytes, expected ${packedSize(nCols)} for ${nCols} columns`,
      { rule: 'a stored vector is 8 × (1 + nCols) bytes' },
    );
  }
  eventTimes[row] = packed.readDoubleLE(0);
  const dst = row * nCols;
  for (let c = 0; c < nCols; c++) matrix[dst + c] = packed.readDoubleLE(8 + 8 * c);
}
