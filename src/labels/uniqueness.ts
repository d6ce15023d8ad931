/**
 * Sample weights by average uniqueness (López de Prado, AFML ch. 4).
 * Label i spans frame rows [i, endRow_i] (both ends counted, as in AFML's
 * snippets 4.1–4.2); the concurrency c_t of bar t is the number of label
 * windows that cover it, and weight_i = mean of 1/c_t over the window.
 * Windows never cross symbols, so one difference array over the whole frame
 * is per-symbol by construction: O(n) time and memory.
 */
import { DataError, ErrorCode } from '../core/errors.js';

/** Number of label windows covering each frame row (rows with endRow = −1 carry no window). */
export function concurrency(symbol: Int32Array, endRow: Int32Array): Int32Array {
  const n = endRow.length;
  if (symbol.length !== n) {
    throw new DataError(ErrorCode.InvalidInput, `symbol has ${symbol.length} rows, endRow ${n}`, {
      column: 'endRow',
      rule: 'one value per frame row',
    });
  }
  const diff = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const e = endRow[i]!;
    if (e < 0) continue;
    if (e < i || e >= n || symbol[e] !== symbol[i]) {
      throw new DataError(ErrorCode.InvalidInput, `window of row ${i} ends at row ${e}`, {
        column: 'endRow',
        rule: 'row ≤ endRow within the same symbol',
      });
    }
    diff[i]!++;
    diff[e + 1]!--;
  }
  let c = 0;
  for (let t = 0; t < n; t++) {
    c += diff[t]!;
    diff[t] = c;
  }
  return diff.subarray(0, n);
}

/** Average-uniqueness weight per row, in (0, 1]; NaN for rows without a label window. */
export function averageUniqueness(symbol: Int32Array, endRow: Int32Array): Float64Array {
  const c = concurrency(symbol, endRow);
  const n = c.length;
  const out = new Float64Array(n);
  // prefix[k] = Σ 1/c over the first k rows of the current symbol (restarted per symbol to keep the
  // differences exact for long histories); every bar inside a window has c ≥ 1.
  const prefix = new Float64Array(n + 1);
  let start = 0;
  while (start < n) {
    let stop = start + 1;
    while (stop < n && symbol[stop] === symbol[start]) stop++;
    for (let t = start; t < stop; t++)
      prefix[t - start + 1] = prefix[t - start]! + (c[t]! > 0 ? 1 / c[t]! : 0);
    for (let i = start; i < stop; i++) {
      const e = endRow[i]!;
      out[i] = e < 0 ? Number.NaN : (prefix[e - start + 1]! - prefix[i - start]!) / (e - i + 1);
    }
    start = stop;
  }
  return out;
}
