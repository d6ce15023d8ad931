/**
 * ROC AUC = P(score of a random positive > score of a random negative), ties
 * counting ½ (the Mann–Whitney U / (n₊·n₋)); with weights each pair counts
 * w₊·w₋. One sort, then a sweep over groups of tied scores. Shared by the
 * model metrics and the synthetic market's oracle.
 */
import { sortRowsBy } from './ranking.js';

/**
 * AUC over `rows` (indices into the columns; reordered in place) where
 * label[i] === 1 marks a positive and anything else a negative. NaN when
 * either class is absent. Scores on `rows` must not be NaN.
 */
export function rocAucOfRows(
  score: Float64Array,
  label: Float64Array,
  rows: Int32Array,
  weight?: Float64Array,
): number {
  sortRowsBy(rows, score);
  let negBelow = 0;
  let pos = 0;
  let area = 0;
  for (let g = 0; g < rows.length; ) {
    let wp = 0;
    let wn = 0;
    const s = score[rows[g]!];
    for (; g < rows.length && score[rows[g]!] === s; g++) {
      const i = rows[g]!;
      const w = weight === undefined ? 1 : weight[i]!;
      if (label[i] === 1) wp += w;
      else wn += w;
    }
    area += wp * (negBelow + 0.5 * wn);
    negBelow += wn;
    pos += wp;
  }
  return pos > 0 && negBelow > 0 ? area / (pos * negBelow) : Number.NaN;
}
