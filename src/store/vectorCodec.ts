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

/** True on the CPUs Node runs on in practice (x86, ARM); there f64le bytes can be copied straight into a Float64Array. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Unpacks vectors laid end to end (the read script's reply: one per row, an
 * absent one as all-NaN bytes) into rows of (eventTimes, matrix). `scratch`
 * must hold at least rows × (1 + nCols) values; it saves an allocation per read.
 */
export function unpackRows(
  packed: Buffer,
  nCols: number,
  eventTimes: Float64Array,
  matrix: Float64Array,
  scratch: Float64Array,
): void {
  const rows = eventTimes.length;
  const size = packedSize(nCols);
  if (packed.length !== rows * size) {
    throw new DataError(
      ErrorCode.FeatureSetMismatch,
      `read ${packed.length} bytes for ${rows} vectors of ${nCols} columns, expected ${rows * size}`,
      { rule: 'a stored vector is 8 × (1 + nCols) bytes' },
    );
  }
  if (!LITTLE_ENDIAN) {
    for (let i = 0; i < rows; i++)
      unpackRow(packed.subarray(i * size, (i + 1) * size), nCols, eventTimes, matrix, i);
    return;
  }
  // One memcpy into aligned memory, then a strided split: no per-value byte decoding.
  new Uint8Array(scratch.buffer, scratch.byteOffset, packed.length).set(packed);
  const stride = 1 + nCols;
  for (let i = 0; i < rows; i++) {
    const src = i * stride;
    eventTimes[i] = scratch[src]!;
    const dst = i * nCols;
    for (let c = 0; c < nCols; c++) matrix[dst + c] = scratch[src + 1 + c]!;
  }
}
