/**
 * Per-thread scratch columns for the intermediate series an indicator's `run`
 * computes over a block before combining them (Bollinger's window means and
 * variances). One set serves every indicator of the thread: `run` calls never
 * nest, so column k is free again when the next `run` starts, and no symbol
 * stream carries buffers of its own.
 */
const columns: Float64Array[] = [];

/** Scratch column `k` with room for at least `rows` values; its contents are whatever the last user left. */
export function scratchColumn(k: number, rows: number): Float64Array {
  const col = columns[k];
  if (col !== undefined && col.length >= rows) return col;
  const grown = new Float64Array(Math.max(rows, 2 * (col?.length ?? 64)));
  columns[k] = grown;
  return grown;
}
