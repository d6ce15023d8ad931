/**
 * Row selection and input checks shared by the metrics. One rule for all of
 * them: a row with NaN in any input column (score, label, return, weight,
 * timestamp) is skipped, because label columns mark "no label" with NaN.
 * Anything else out of domain is a DataError.
 */
import { DataError, ErrorCode } from '../../core/errors.js';

/** A named input column; `undefined` columns (an omitted weight) are ignored. */
export type NamedColumn = readonly [name: string, values: Float64Array | undefined];

/** Indices of the rows where no given column is NaN; all columns must have one value per row. */
export function usableRows(cols: readonly NamedColumn[]): Int32Array {
  const n = cols[0]![1]!.length;
  for (const [name, c] of cols) {
    if (c !== undefined && c.length !== n) {
      throw new DataError(ErrorCode.InvalidInput, `${name} has ${c.length} rows, ${cols[0]![0]} ${n}`, {
        column: name,
        rule: 'one value per row',
      });
    }
  }
  const present = cols.flatMap(([, c]) => (c === undefined ? [] : [c]));
  const rows = new Int32Array(n);
  let m = 0;
  outer: for (let i = 0; i < n; i++) {
    for (let k = 0; k < present.length; k++) if (Number.isNaN(present[k]![i]!)) continue outer;
    rows[m++] = i;
  }
  return rows.subarray(0, m);
}

/** Throws DataError unless `values` lies in [lo, hi] on `rows`. */
export function assertRange(
  name: string,
  values: Float64Array,
  rows: Int32Array,
  lo: number,
  hi: number,
): void {
  for (const i of rows) {
    const v = values[i]!;
    if (v >= lo && v <= hi) continue;
    throw new DataError(ErrorCode.InvalidInput, `${name} is ${v} at row ${i}`, {
      column: name,
      rule: `${lo} ≤ ${name} ≤ ${hi}`,
    });
  }
}

/** Throws DataError unless every label on `rows` is 0 or 1. */
export function assertBinary(label: Float64Array, rows: Int32Array): void {
  for (const i of rows) {
    const v = label[i]!;
    if (v === 0 || v === 1) continue;
    throw new DataError(ErrorCode.InvalidInput, `label is ${v} at row ${i}`, {
      column: 'label',
      rule: 'label ∈ {0, 1}',
    });
  }
}

/** Usable rows of a binary-classification input: labels checked to be 0/1 and weights ≥ 0. */
export function binaryRows(
  scoreName: string,
  score: Float64Array,
  label: Float64Array,
  weight: Float64Array | undefined,
): Int32Array {
  const rows = usableRows([
    [scoreName, score],
    ['label', label],
    ['weight', weight],
  ]);
  assertBinary(label, rows);
  if (weight !== undefined) assertRange('weight', weight, rows, 0, Number.MAX_VALUE);
  return rows;
}
