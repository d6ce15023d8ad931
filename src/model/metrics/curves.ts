/**
 * Rank metrics of a binary classifier: ROC AUC and average precision. Both
 * sort once and sweep groups of tied scores, so ties are handled exactly
 * (a tied positive/negative pair counts one half in AUC; a tie group is one
 * threshold in AP, as in scikit-learn).
 */
import { sortRowsBy } from '../../stats/ranking.js';
import { rocAucOfRows } from '../../stats/rocAuc.js';
import { binaryRows } from './rows.js';

/**
 * ROC AUC = P(score of a random positive > score of a random negative), ties
 * counting ½ (the Mann–Whitney U / (n₊·n₋)); with weights each pair counts
 * w₊·w₋. NaN when either class is absent.
 */
export function auc(score: Float64Array, label: Float64Array, weight?: Float64Array): number {
  return rocAucOfRows(score, label, binaryRows('score', score, label, weight), weight);
}

/**
 * Average precision as scikit-learn's `average_precision_score`: Σ over
 * descending score thresholds of (R_k − R_{k−1})·P_k, step-wise, without
 * interpolation. NaN when there is no positive.
 */
export function averagePrecision(score: Float64Array, label: Float64Array, weight?: Float64Array): number {
  const rows = binaryRows('score', score, label, weight);
  sortRowsBy(rows, score);
  let totalPos = 0;
  for (const i of rows) if (label[i] === 1) totalPos += weight === undefined ? 1 : weight[i]!;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  for (let g = rows.length - 1; g >= 0; ) {
    let wp = 0;
    const s = score[rows[g]!];
    for (; g >= 0 && score[rows[g]!] === s; g--) {
      const i = rows[g]!;
      const w = weight === undefined ? 1 : weight[i]!;
      if (label[i] === 1) wp += w;
      else fp += w;
    }
    tp += wp;
    // Recall rises by wp / totalPos at this threshold; precision is tp / (tp + fp) there.
    if (wp > 0) ap += (wp / totalPos) * (tp / (tp + fp));
  }
  return totalPos > 0 ? ap : Number.NaN;
}
